"""metWith rules: the parties of a meeting, with place and date when stated."""
import pytest

from tests.extract.helpers import facts

CASES = [
    ("Microsoft's chief executive Satya Nadella met German Chancellor Olaf Scholz in Berlin.",
     {frozenset({"Satya Nadella", "Olaf Scholz"})}),
    ("Japanese Prime Minister Fumio Kishida and US President Joe Biden met at the White House.",
     {frozenset({"Fumio Kishida", "Joe Biden"})}),
    ("Talks between the European Union and the African Union took place in Brussels.",
     {frozenset({"European Union", "African Union"})}),
    ("The Kenya Athletics Federation met with the members of the Berlin Marathon Organizing Committee.",
     {frozenset({"Kenya Athletics Federation", "Berlin Marathon Organizing Committee"})}),
    ("Angela Merkel held talks with Emmanuel Macron in Paris.",
     {frozenset({"Angela Merkel", "Emmanuel Macron"})}),
    ("Sophie Martin met her deadline.", set()),
    ("Chancellor Olaf Scholz visited Emmanuel Macron at the Elysee Palace on Monday.",
     {frozenset({"Olaf Scholz", "Emmanuel Macron"})}),
    ("Angela Merkel spoke with Vladimir Putin by phone.", {frozenset({"Angela Merkel", "Vladimir Putin"})}),
    ("Joe Biden visited Poland in March.", set()),  # a visit to a country is not a meeting with it
]


@pytest.mark.parametrize("text,expected", CASES)
def test_met_with(extract_text, text, expected):
    got = {frozenset((h, t)) for _, h, t in facts(extract_text(text), "metWith")}
    assert got == expected


def test_place_and_stated_date(extract_text):
    x = extract_text("Angela Merkel met Emmanuel Macron in Paris on March 3, 2019.", date="2019-03-05")
    (fact,) = [f for f in x.facts if f.type == "metWith"]
    labels = {e.key: e.label for e in x.entities}
    assert labels[fact.place] == "Paris"
    assert fact.relation.date == "March 3, 2019"
