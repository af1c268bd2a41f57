"""officialOf rules: sentence -> expected (person, organization) pairs, in the forms news uses."""
import pytest

from tests.extract.helpers import facts

CASES = [
    ("John Smith, the chairman of Acme Corporation, said the deal was signed.",
     {("John Smith", "Acme Corporation")}),
    ("Microsoft's chief executive Satya Nadella met German Chancellor Olaf Scholz in Berlin.",
     {("Satya Nadella", "Microsoft")}),
    ("Maria Lopez was appointed director of the National Museum of Art last year.",
     {("Maria Lopez", "National Museum of Art")}),
    ("Gene Upshaw , executive director of the NFL Players Association , said the talks went well .",
     {("Gene Upshaw", "NFL Players Association")}),
    ("The Secretary General of the Arab League, Ahmed Aboul Gheit, arrived in Cairo.",
     {("Ahmed Aboul Gheit", "Arab League")}),
    # no person named: nothing asserted
    ("The members of the Organizing Committee delivered a presentation.", set()),
    ("The president of the company said profits rose.", set()),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_official_of(extract_text, text, expected):
    got = {(h, t) for _, h, t in facts(extract_text(text), "officialOf")}
    assert got == expected


OFFICE_CASES = [
    ("Japanese Prime Minister Fumio Kishida and US President Joe Biden met at the White House.",
     {("Fumio Kishida", "Japan"), ("Joe Biden", "United States")}),
    ("Microsoft's chief executive Satya Nadella met German Chancellor Olaf Scholz in Berlin.",
     {("Olaf Scholz", "Germany")}),
    ("In 1833 , Benjamin Harrison , the 23rd President of the United States , was born in Ohio .",
     {("Benjamin Harrison", "United States")}),
]


@pytest.mark.parametrize("text,expected", OFFICE_CASES)
def test_offices_in_a_country_are_not_posts_in_an_organization(extract_text, text, expected):
    x = extract_text(text)
    assert {(h, t) for _, h, t in facts(x, "holdsOfficeIn")} == expected
    assert not any(t in {c for _, c in expected} for _, _, t in facts(x, "officialOf"))


CONLL_STYLE = [
    ("Joseph Cicippio , 58 , was acting comptroller at the American University of Beirut .",
     {("Joseph Cicippio", "American University of Beirut")}),
    ("Linguist Phillip Lieberman of Brown University in Providence said so .",
     {("Phillip Lieberman", "Brown University")}),
    ("Joe Weitz , another Emery employee , said the plane burned .", {("Joe Weitz", "Emery")}),
    ("W. Dale Nelson covers the White House for The Associated Press .",
     {("W. Dale Nelson", "Associated Press")}),
]


@pytest.mark.parametrize("text,expected", CONLL_STYLE)
def test_employment_forms(extract_text, text, expected):
    got = {(h, t) for _, h, t in facts(extract_text(text), "officialOf")}
    assert expected <= got


def test_title_chain_gives_every_post_to_the_person(extract_text):
    x = extract_text("The Chairman of the Baltic Rowing Union, Vice-President of the European "
                     "Rowing Federation (ERF) Anna Berzina opened the regatta.")
    assert facts(x, "officialOf") == {("officialOf", "Anna Berzina", "Baltic Rowing Union"),
                                      ("officialOf", "Anna Berzina", "European Rowing Federation")}
    roles = {f.relation.role_norm for f in x.facts}
    assert roles == {"chairman", "vice-president"}


def test_role_text_is_kept_with_its_words(extract_text):
    x = extract_text("The head of media relations of the Lisbon Film Festival, Rui Costa, said tickets sold out.")
    (fact,) = [f for f in x.facts if f.type == "officialOf"]
    assert fact.relation.role == "head of media relations"
    assert fact.relation.role_norm == "head of media relations"
