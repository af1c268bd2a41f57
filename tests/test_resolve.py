"""Mentions of one entity in a document become one entity, labelled by its fullest name."""
from kg.resolve import normalise


def _entity(extraction, label):
    return next(e for e in extraction.entities if e.label == label)


def test_normalise_folds_case_hyphens_and_demonyms():
    assert normalise("the Paris-2024 Organizing Committee", "Organization") == "paris 2024 organizing committee"
    assert normalise("Azerbaijani National Paralympic Committee", "Organization") == \
        normalise("Azerbaijan National Paralympic Committee", "Organization")
    assert normalise("U.S.", "Place") == "united states"


def test_acronym_surname_and_short_forms(extract_text):
    x = extract_text("The World Rowing Federation (WRF) named Karen Lindqvist its president. "
                     "Lindqvist said the WRF would grow. The Federation meets in May.")
    wrf = _entity(x, "World Rowing Federation")
    assert "WRF" in wrf.aliases
    assert len(wrf.mentions) >= 3
    assert len(_entity(x, "Karen Lindqvist").mentions) == 2
    assert not any(e.label == "Lindqvist" for e in x.entities)


def test_demonym_and_hyphen_variants_merge(extract_text):
    x = extract_text("The Kenyan Olympic Committee met the Tokyo-2020 Organizing Committee. "
                     "Later the Kenya Olympic Committee thanked the Tokyo 2020 Organizing Committee.")
    orgs = [e for e in x.entities if e.type == "Organization"]
    assert len(orgs) == 2, [o.label for o in orgs]


def test_same_name_same_key_across_documents(extract_text):
    a = extract_text("Acme Corp chairman John Smith met Mary Jones.")
    b = extract_text("John Smith spoke in Berlin.")
    assert {e.key for e in a.entities if e.label == "John Smith"} == \
        {e.key for e in b.entities if e.label == "John Smith"} == {"Person/john smith"}


def test_different_events_with_different_years_stay_apart(extract_text):
    x = extract_text("The Norwegian team won at the Beijing 2022 Winter Olympic Games and "
                     "hopes to win at the Winter Olympic Games again.")
    events = {e.label for e in x.entities if e.type == "Event"}
    assert "Beijing 2022 Winter Olympic Games" in events and "Winter Olympic Games" in events


def test_a_lone_surname_in_another_article_is_not_merged(extract_text):
    a = extract_text("Acme Corp chairman John Smith met Mary Jones.")
    b = extract_text("Smith said the talks went well.")
    assert {e.key for e in b.entities if e.type == "Person"} & {e.key for e in a.entities} == set()
