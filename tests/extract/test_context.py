import pytest
"""What news text does to facts: pronouns, modality, attribution, relative dates."""
from tests.extract.helpers import facts


def _fact(x, kind):
    (fact,) = [f for f in x.facts if f.type == kind]
    return fact


def test_pronoun_subject_is_resolved_to_the_person(extract_text):
    x = extract_text("Maria Keller arrived in Vienna on Monday. She met with Tomas Berg at the ministry.")
    assert facts(x, "metWith") == {("metWith", "Maria Keller", "Tomas Berg")} or \
        facts(x, "metWith") == {("metWith", "Tomas Berg", "Maria Keller")}
    keller = next(e for e in x.entities if e.label == "Maria Keller")
    assert "She" in {m.text for m in keller.mentions}
    assert "She" not in keller.aliases


def test_no_antecedent_no_relation(extract_text):
    x = extract_text("She met with Tomas Berg at the ministry.")
    assert facts(x, "metWith") == set()


def test_future_and_hedged_facts_are_marked(extract_text):
    future = extract_text("Acme Corp chairman John Smith is expected to meet Mary Jones in Berlin.")
    assert _fact(future, "metWith").relation.modality == "future"
    plain = extract_text("Acme Corp chairman John Smith met Mary Jones in Berlin.")
    assert _fact(plain, "metWith").relation.modality == "asserted"
    poised = extract_text("Maria Keller is poised to hold talks with Tomas Berg in Vienna.")
    assert _fact(poised, "metWith").relation.modality == "future"
    denied = extract_text("John Smith did not meet Mary Jones in Berlin.")
    assert all(f.relation.modality == "negated" for f in denied.facts if f.type == "metWith")


def test_a_month_and_an_attribution_are_no_hedge(extract_text):
    # "May" the month is no "may"; "as reported in a statement" says who tells it, not doubt
    dated = extract_text("On Tuesday, 10 May, Maria Keller, Speaker of the Valmont Assembly, met with Tomas Berg, "
                         "Speaker of the Ostland Parliament, in Vienna.")
    assert _fact(dated, "metWith").relation.modality == "asserted"
    reported = extract_text("Maria Keller held talks with Tomas Berg in Vienna, as reported in a statement released "
                            "by the ministry.")
    assert _fact(reported, "metWith").relation.modality == "asserted"
    hedged = extract_text("Maria Keller reportedly met Tomas Berg in Vienna.")
    assert _fact(hedged, "metWith").relation.modality == "hedged"


@pytest.mark.parametrize("text", [
    "Acme Corp chief executive John Smith will become chairman of the Valmont Bankers Association.",
    "John Smith, chairman of Acme Corp, will join the board of Orbis Steel.",
])
def test_a_post_said_of_the_subject_is_held_whatever_the_verb_plans(extract_text, text):
    x = extract_text(text)
    labels = {e.key: e.label for e in x.entities}
    posts = {labels[f.tail]: f.relation.modality for f in x.facts if f.type == "officialOf"}
    assert posts.get("Acme Corp") == "asserted"


def test_a_post_formerly_served_in_is_past_but_an_apposition_before_it_is_not(extract_text):
    x = extract_text("Ambassador Jane Roe, a career member of the Senior Foreign Service, formerly served as "
                     "Principal Officer of the U.S. Consulate General in Lagos.")
    labels = {e.key: e.label for e in x.entities}
    modality = {labels[f.tail]: f.relation.modality for f in x.facts if f.type == "officialOf"}
    assert modality == {"Senior Foreign Service": "asserted", "U.S. Consulate General in Lagos": "past"}


def test_attribution_is_kept(extract_text):
    x = extract_text("John Smith met Mary Jones in Berlin, Reuters reported.")
    labels = {e.key: e.label for e in x.entities}
    assert labels[_fact(x, "metWith").attribution] == "Reuters"


def test_relative_meeting_date_is_resolved(extract_text):
    x = extract_text("John Smith met Mary Jones in Berlin on Tuesday.", date="2023-03-22")
    fact = _fact(x, "metWith")
    assert (fact.date, fact.date_source) == ("2023-03-21", "resolved")
    x = extract_text("John Smith met Mary Jones in Berlin.", date="2023-03-22")
    fact = _fact(x, "metWith")
    assert (fact.date, fact.date_source) == ("2023-03-22", "publication")


def test_description_refers_to_the_named_post_holder(extract_text):
    x = extract_text("The President of the Baltic Rowing Union, Anna Berzina, opened the regatta. "
                     "The president of the union said the course was ready.")
    anna = next(e for e in x.entities if e.label == "Anna Berzina")
    assert "The president of the union" in {m.text for m in anna.mentions}
