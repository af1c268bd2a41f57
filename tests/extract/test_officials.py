"""officialOf rules: sentence -> expected (person, organization) pairs, in the forms news uses."""
import pytest

from tests.extract.helpers import facts

ORG_NOUNS = ("'the bank', 'the company' after the organization they stand for: its resolver found no fact on "
             "train or dev that the models kept (make ablation, 2026-12-07) and was deleted")

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
    ("Japanese Prime Minister Fumio Kishida and Canadian Prime Minister Justin Trudeau met at the White House.",
     {("Fumio Kishida", "Japan"), ("Justin Trudeau", "Canada")}),
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
    ("Karl Brenner , 61 , was acting comptroller at the Lakeport University of Medicine .",
     {("Karl Brenner", "Lakeport University of Medicine")}),
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


@pytest.mark.xfail(strict=True, reason="the news-tuned NER (make train, 2026-12-06) tags this made-up shape differently; a known miss")
def test_role_text_is_kept_with_its_words(extract_text):
    x = extract_text("The head of media relations of the Lisbon Film Festival, Rui Costa, said tickets sold out.")
    (fact,) = [f for f in x.facts if f.type == "officialOf"]
    assert fact.relation.role == "head of media relations"
    assert fact.relation.role_norm == "head of media relations"


NEWS_CASES = [
    # a post that acts for an organization is a post in it too
    pytest.param("Madam Maria Keller, the outgoing Valmont Relief Fund Representative in Ruritania, met the "
                 "minister.", {("Maria Keller", "Valmont Relief Fund")},
                 marks=pytest.mark.xfail(strict=False, reason="found or not depending on the tests run before it "
                                                               "in the same process; not yet understood")),
    # the place a post is held in stands between the post and the name
    ("President Karel Dvorak received the newly appointed UNICEF Representative in Ruritania Maria Keller.",
     {("Maria Keller", "UNICEF")}),
    # an honorific between the post and the name; a post's body written without "of"
    ("The envoy paid a courtesy call to the Speaker of the Valmont Assembly Advocate Tom Berg.",
     {("Tom Berg", "Valmont Assembly")}),
    ("Chairman Board of Investment Omar Haddad was also present in the meeting.",
     {("Omar Haddad", "Board of Investment")}),
    ("The meeting will be attended by President of the Valmont Council Herman van Berg.",
     {("Herman van Berg", "Valmont Council")}),
    # the office's name goes on with the city it sits in (as its acronym says)
    ("Madam Zainab Kora, Director General Valmont Nations Office in Nairobi (VNON).",
     {("Zainab Kora", "Valmont Nations Office in Nairobi")}),
    ("Also present was Debbie Palmer, the Director for West Africa in the Ruritanian Department for "
     "International Development.", {("Debbie Palmer", "Ruritanian Department for International Development")}),
    ("The Prime Minister held talks with Speaker of the Ruritania House of Representatives, Congresswoman "
     "Nancy Pell.", {("Nancy Pell", "Ruritania House of Representatives")}),
    # a post in a unit named after its organization is a post in the organization
    ("Tomas Berg, Head of the KOVRA Office for Ruritania, opened the meeting. KOVRA lends to farms.",
     {("Tomas Berg", "KOVRA Office for Ruritania"), ("Tomas Berg", "KOVRA")}),
    # the post's qualifier stands between the post and the name
    ("The Valmont Union special envoy for the dialogue between Lisbon and Madrid, Peter Novak, arrived.",
     {("Peter Novak", "Valmont Union")}),
    # in a list, a post followed at once by a name is that name's
    ("The team included Deputy Minister Peter Novak, Director of the Norvex Institute Maria Keller, and others.",
     {("Maria Keller", "Norvex Institute")}),
    # an honorific between the post and the name
    ("Norvex Federation President Mr Karel Dvorak and Valmont League President, Datuk Rahim Osman, arrived.",
     {("Karel Dvorak", "Norvex Federation"), ("Rahim Osman", "Valmont League")}),
    # a country's body written with an acronym, the country left untagged by NER
    ("Also present were Kenya FA President Jon Odhiambo and Togo FA President Kofi Mensah.",
     {("Jon Odhiambo", "Kenya FA"), ("Kofi Mensah", "Togo FA")}),
    # a post in two words ("Resident Coordinator") is not part of the organization's name
    ("Mr Tomas Berg, the United Nations Resident Coordinator to Ruritania, opened the meeting.",
     {("Tomas Berg", "United Nations")}),
    # "as TITLE of ORG" says the subject holds the post, whatever the verb
    ("Prime Minister Karel Dvorak hosted his first meeting as chairman of the Valmont Council in January.",
     {("Karel Dvorak", "Valmont Council")}),
    # a possessive swallowed by NER is not part of the organization's name
    ("He was accompanied by Diarra Keita, the Valmont Bank’s Country Director for Ruritania.",
     {("Diarra Keita", "Valmont Bank")}),
    # the post's acronym in brackets between the post and "of"
    ("The president met the Chief Executive Officer (CEO) of Zentrix Group, Karl Mend, on Friday.",
     {("Karl Mend", "Zentrix Group")}),
    # a party or company "led by" a person: its leader
    ("Last Thursday, the Ruritania Labour Party, led by Vera Lind, won a landslide victory in the election.",
     {("Vera Lind", "Ruritania Labour Party")}),
    # a legislature named by one word; a post's body in capitals with no "of"; "Professor" before a name
    ("President of the Senate, Karl Mend, on Saturday led members of the Senate on a visit.",
     {("Karl Mend", "Senate")}),
    ("CEO VNDC Javed Ilyas and Director PBIT Sohail Ahmad also attended the meeting.",
     {("Javed Ilyas", "VNDC"), ("Sohail Ahmad", "PBIT")}),
    ("The Speaker of the Valmont Assembly, Professor Karl Mend received the delegation.",
     {("Karl Mend", "Valmont Assembly")}),
    # "PERSON, TITLE, ORG" in a list of guests
    ("The meeting was attended by Karl Mend, Director, Zentrix Foundation, and Tom Ash, Chairman, Veltro Bank.",
     {("Tom Ash", "Veltro Bank")}),
    ("Reza Baqir, Governor, State Bank of Valmont (SBV).", {("Reza Baqir", "State Bank of Valmont")}),
    # the body's other name in brackets between the post and the name
    ("At their meeting today, President of the Riigikogu (Parliament of Estonia) Jüri Ratas spoke about policy.",
     {("Jüri Ratas", "Riigikogu")}),
    # "Minister of State at ORG"
    ("The programme includes meetings with Tobias Lindner, Minister of State at the Federal Foreign Office.",
     {("Tobias Lindner", "Federal Foreign Office")}),
    # the subject named in apposition ("His son X is ..."); "tapped to chair X" (a verb tagged a noun)
    ("His son Karl is Zentrix Group's chief financial officer.", {("Karl", "Zentrix Group")}),
    ("Rob Campbell has been tapped to chair Guinness Peat Group after Mark Johnson stepped down last week.",
     {("Rob Campbell", "Guinness Peat Group")}),
    # two posts of one person joined by "and"
    ("Karl Mend, Board Member of the Valmont Olympic Committee and President of the Valmont Football Federation, "
     "arrived.", {("Karl Mend", "Valmont Olympic Committee"), ("Karl Mend", "Valmont Football Federation")}),
    # a post in two bodies named with "and"
    ("The leaders expected to attend are Karl Mend, chairman of the Valmont Chamber of Commerce and Zentrix Group, "
     "and Tom Ash.", {("Karl Mend", "Valmont Chamber of Commerce"), ("Karl Mend", "Zentrix Group")}),
    # a diplomat's post in two words
    ("Karl Mend, Chargé d'Affaires at the Embassy of Ruritania in Valmont, attended the talks.",
     {("Karl Mend", "Embassy of Ruritania")}),
]


@pytest.mark.parametrize("text,expected", NEWS_CASES)
def test_official_of_in_news_forms(extract_text, text, expected):
    got = {(h, t) for _, h, t in facts(extract_text(text), "officialOf")}
    assert expected <= got


def test_former_posts_are_past_not_stated(extract_text):
    x = extract_text("The former chairman of Norvex Bank, Tomas Berg, spoke at the forum.")
    posts = [f for f in x.facts if f.type == "officialOf"]
    assert posts and all(f.relation.modality == "past" for f in posts)


def test_the_minister_refers_to_the_minister_named_before(extract_text):
    x = extract_text("Foreign Minister Karel Dvorak arrived in Bravograd on Monday. "
                     "The minister met President Ana Lind on Tuesday.")
    dvorak = next(e for e in x.entities if e.label == "Karel Dvorak")
    assert "The minister" in {m.text for m in dvorak.mentions}
    assert ("metWith", "Karel Dvorak", "Ana Lind") in facts(x, "metWith") or \
        ("metWith", "Ana Lind", "Karel Dvorak") in facts(x, "metWith")


def test_the_org_president_refers_to_the_president_named_with_the_org(extract_text):
    x = extract_text("President of the Valmont Rowing Federation (VRF)\nPeter Novak arrived in Lisbon today. "
                     "The VRF President held talks with Mayor Maria Keller.")
    assert facts(x, "officialOf") >= {("officialOf", "Peter Novak", "Valmont Rowing Federation")}
    pairs = {frozenset((h, t)) for _, h, t in facts(x, "metWith")}
    assert frozenset({"Peter Novak", "Maria Keller"}) in pairs


def test_as_a_possible_nominee_is_no_post(extract_text):
    x = extract_text("Karel Dvorak had been mentioned as a possible Valmont Council nominee in 1987.")
    assert not facts(x, "officialOf")


def test_a_unit_named_after_its_organization_gives_the_post_in_both(nlp):
    from spacy.tokens import Span
    from kg.extract import officials

    with nlp.select_pipes(disable=["kg_entities", "kg_relations"]):
        doc = nlp("CNVR Radioprotection Director Karel Dvorak reported that the tests were fine.")
    doc.ents = [Span(doc, 0, 1, "ORG"), Span(doc, 1, 2, "ORG"), Span(doc, 3, 5, "PERSON")]  # as NER may cut it
    got = {(r.head.text, r.tail.text) for r in officials.extract(doc) if r.type == "officialOf"}
    assert got == {("Karel Dvorak", "Radioprotection"), ("Karel Dvorak", "CNVR")}


@pytest.mark.parametrize("text,org", [
    ("Karel Dvorak, a Republican from Lakeport who served 24 years in Congress, denied the claims.", "Congress"),
    ("Mrs. Ana Lind, 37, who is a major in the Marine Corps and works at the Pentagon, said so.", "Pentagon"),
])
def test_serving_in_and_working_at_through_a_relative_clause(extract_text, text, org):
    assert org in {t for _, _, t in facts(extract_text(text), "officialOf")}


@pytest.mark.parametrize("text,person,org", [
    # a body, an abbreviated rank and its holder, where NER runs the body and the rank together
    ("The fire was contained by noon , said Harbor Patrol Lt. Dana Morrow .", "Dana Morrow", "Harbor Patrol"),
    # a post in "the country's" body, and in "COUNTRY's" body
    ("Lena Ortiz , a former member of the country 's Supreme Court , was hired .", "Lena Ortiz", "Supreme Court"),
    ("Pavel Grun , a judge of Ruritania 's Supreme Court , resigned .", "Pavel Grun", "Supreme Court"),
    # a demonym and an -ing word among the words describing the organization
    ("Marta Quell , attorney for the Chilean copper mining company Andesita S.A. , said she had a plan .",
     "Marta Quell", "Andesita S.A."),
    ("Ana Lind , a spokeswoman for the ruling Valmont Party , declined to comment .", "Ana Lind", "Valmont Party"),
    # an acronym's name in brackets between the acronym and the post
    # "named / appointed PERSON POST of ORG"
    ("Norvex announced that it has named Ana Lind publisher of the Lakeport Herald .", "Ana Lind", "Lakeport Herald"),
    # a field of the organization's between its name and the post
    ("Some brought radios , said Nancy Cole , Red Cross disaster chairman for the parish .", "Nancy Cole", "Red Cross"),
    # a member's title, and the one body of that kind the sentence names
    ("But Sen. Karl Brenner , R-Ore. , said the Congress must act .", "Karl Brenner", "Congress"),
    ("Rep. Tomas Berg said the House would vote on Friday .", "Tomas Berg", "House"),
    ("The poll shows that NAP ( National Action Party ) candidate Ruben Ortega gained ground .", "Ruben Ortega",
     "National Action Party"),
    # "the company's POST", lower-case, refers to the organization named before
    pytest.param("Norvex Company hired a new team. Anna Berg, the company's chief financial officer, said the plan "
                 "was sound.", "Anna Berg", "Norvex Company", marks=pytest.mark.xfail(strict=True, reason="the news-tuned NER (make train, 2026-12-06) tags this made-up shape differently; a known miss")),
    # a post NER tagged as an organization ("Spokesperson"), in apposition to the person before it,
    # with another person and post after it
    ("Staff from the Ruritanian embassy came. They were led by Jon Lund, the embassy’s Deputy Spokesperson, "
     "Sara Holm, Deputy Cultural Attaché, and Ali Rahim.", "Jon Lund", "Ruritanian embassy"),
    # two posts joined by "and" before "of ORG", and NER taking the second post into the name
    ("Ravi Menon, CEO and MD of Norvex Bank of Lakeport Limited, asked the minister to help.", "Ravi Menon",
     "Norvex Bank of Lakeport Limited"),
    ("Ravi Menon, CEO and MD of Norvex Bank, asked the minister to help.", "Ravi Menon", "Norvex Bank"),
    # "TITLE of the BODY of COUNTRY NAME", with NER taking "of" into the body's name
    ("At the end of the meeting, Lind handed over the invitation of Speaker of the Storting of Norway Karl Olav "
     "Berg to visit Norway.", "Karl Olav Berg", "Storting of Norway"),
    # "its POST NAME": the organization named last before "its" in the sentence
    ("The Norvex Foundation said its chairman Tom Lee would attend.", "Tom Lee", "Norvex Foundation"),
    ("Ravi Shankar hosted a delegation from the World Bank led by its Vice President for South Asia, Anna Berg.",
     "Anna Berg", "World Bank"),
    # ... and the posts listed after it, each with its holder
    ("The Valmont Rowing Federation delegation comprised its President Karel Novak, Vice President Ana Lind "
     "and Secretary General Peter Berg.", "Peter Berg", "Valmont Rowing Federation"),
    ("The Norvex Bank team included its Regional Representative Mervyn Farro; Senior Advisor Rob Berlin; Special "
     "Assistant Jane Ester and Director Aaron Spence.", "Jane Ester", "Norvex Bank"),
    # a post's field in capitals between the post and "at ORG"
    ("Kim Lee, Minister Counselor for Public Diplomacy at the Ruritanian embassy, led the group.", "Kim Lee",
     "Ruritanian embassy"),
])
def test_posts_found_by_the_rules_in_wire_shapes(extract_text, text, person, org):
    x = extract_text(text)
    labels = {e.key: e.label for e in x.entities}
    found = {(labels[f.head], labels[f.tail]): f.relation.rule for f in x.facts if f.type == "officialOf"}
    assert (person, org) in found
    assert found[(person, org)] != "officials.model"  # a rule, not only the classifier


@pytest.mark.parametrize("text,person", [
    # a court's field or a beat before a judge's or a reporter's title is no organization
    ("U.S. Bankruptcy Judge Ivo Stane said creditors can submit suggestions .", "Ivo Stane"),
    ("In sentencing them , Circuit Judge Ana Lind said the crime was vicious .", "Ana Lind"),
    # after an age, a bare name is a home town, not an employer
    ("Dan Sully , 30 , of Boothbay , went down to help and became stuck .", "Dan Sully"),
    # the author or the inventor of a thing holds no post in it
    ("In 1854 , Gerd Olsen , inventor of the Norvex camera , was born .", "Gerd Olsen"),
])
def test_no_post_in_a_field_a_home_town_or_a_work(extract_text, text, person):
    assert not [f for f in facts(extract_text(text), "officialOf") if f[1] == person]


def test_a_members_title_with_two_bodies_of_its_kind_gives_neither(extract_text):
    x = extract_text("Sen. Karl Brenner said the Lakeport Senate and the Valmont Senate must both act .")
    assert not [f for f in x.facts if f.relation.rule == "officials.member"]


def test_a_post_in_apposition_after_the_organizations_possessive_is_the_first_persons(extract_text):
    x = extract_text("Staff from the Ruritanian embassy came. They were led by Jon Lund, the embassy’s Deputy "
                     "Spokesperson, Sara Holm, Deputy Cultural Attaché, and Ali Rahim.")
    held = {person for _, person, _ in facts(x, "officialOf")}
    assert "Sara Holm" not in held  # the spokesperson's post is Jon Lund's
    assert not [e for e in x.entities if e.label in {"Spokesperson", "Cultural"}]  # a post's words name nothing


def test_a_ministry_named_after_for_stays_the_posts_organization(extract_text):
    # "for FIELD of/at ORG" reads past a field in capitals, not past a ministry's name
    x = extract_text("Anna Berg, Minister for Foreign Affairs of Norway, met Tom Lee in Oslo.")
    assert [org for _, person, org in facts(x, "officialOf") if person == "Anna Berg" and "Foreign Affairs" in org]


@pytest.mark.xfail(strict=True, reason="the news-tuned NER (make train, 2026-12-06) tags this made-up shape differently; a known miss")
def test_a_post_and_holder_after_and_share_the_chains_organization(nlp):
    from spacy.tokens import Span
    from kg.extract import officials
    from kg.extract.entities import repair_entities

    with nlp.select_pipes(disable=["kg_entities", "kg_relations"]):
        doc = nlp("Chairman and MD of Norvex Group International, Karim Ali Haddad and director, Ravi Menon, "
                  "met the chief minister.")
    # as NER may cut it: the second post and "of" as a name, the suffix as a person, a first name left out
    doc.ents = [Span(doc, 2, 4, "ORG"), Span(doc, 4, 6, "ORG"), Span(doc, 6, 7, "PERSON"), Span(doc, 9, 11, "PERSON"),
                Span(doc, 14, 16, "PERSON")]
    repair_entities(doc)
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ents == {("Norvex Group International", "ORG"), ("Karim Ali Haddad", "PERSON"), ("Ravi Menon", "PERSON")}
    got = {(r.head.text, r.tail.text, r.role) for r in officials.extract(doc) if r.type == "officialOf"}
    assert got == {("Karim Ali Haddad", "Norvex Group International", "Chairman and MD"),
                   ("Ravi Menon", "Norvex Group International", "director")}


@pytest.mark.parametrize("text, field", [
    ("United States National Security Advisor Jake Sullivan met the ministers on Monday.", "National Security"),
    ("Indian National Security Adviser Ajit Doval met Tom Lee in Delhi.", "Security"),
])
def test_a_posts_field_words_name_no_organization(extract_text, text, field):
    # NER takes the country and the field of the post that follows for an organization
    x = extract_text(text)
    assert not [org for _, _, org in facts(x, "officialOf") if field in org]
    assert not [e for e in x.entities if e.type == "Organization"]


def test_a_ministers_field_still_names_the_ministry(extract_text):
    x = extract_text("Finance Minister Anna Berg met Tom Lee in Oslo on Monday.")
    assert ("Anna Berg", "Ministry of Finance") in {(person, org) for _, person, org in facts(x, "officialOf")}


@pytest.mark.parametrize("text, person, country", [
    ("On Monday, Minister of Foreign Affairs Anna Berg received Ambassador Extraordinary and Plenipotentiary of the "
     "Republic of Ruritania to Norway Tom Lee.", "Tom Lee", "Republic of Ruritania"),
    ("Karim Ali Haddad met with Ambassador Extraordinary and Plenipotentiary of Canada to Norway Anna Berg to "
     "discuss cooperation.", "Anna Berg", "Canada"),
])
def test_an_ambassador_extraordinary_and_plenipotentiary(extract_text, text, person, country):
    x = extract_text(text)
    assert (person, country) in {(p, c) for _, p, c in facts(x, "represents")}
    met = [{head, tail} for _, head, tail in facts(x, "metWith")]
    assert len(met) == 1 and person in met[0]
    assert not [e for e in x.entities if e.label in {"Extraordinary", "Plenipotentiary"}]  # the post's words


@pytest.mark.parametrize("text, person", [
    ("Minister of Foreign Affairs Anna Berg met Tom Lee in Oslo.", "Anna Berg"),  # WordNet knows "Anna"
    ("Minister of Economic Affairs Karim Ali Haddad met Tom Lee in Oslo.", "Karim Ali Haddad"),
    ("Minister of Foreign Affairs, Sheikh Karim Ali Haddad, met Tom Lee in Oslo.", "Karim Ali Haddad"),
])
def test_a_ministrys_name_in_a_title_stops_before_its_holders_name(extract_text, text, person):
    x = extract_text(text)
    held = {(p, org) for _, p, org in facts(x, "officialOf")}
    assert len(held) == 1 and next(iter(held))[0] == person and next(iter(held))[1].startswith("Ministry of ")
    assert [{head, tail} for _, head, tail in facts(x, "metWith")] == [{person, "Tom Lee"}]


@pytest.mark.parametrize("text", [
    "Tom Lee met Anna Berg at the Norvex Group headquarters in Oslo.",
    "UNESCO Director-General Tom Lee met Anna Berg at UNESCO headquarters in Paris.",
    "Tom Lee met Anna Berg at the Norvex Institute on Monday.",
])
def test_where_people_met_is_not_where_they_work(extract_text, text):
    # "at ORG" on the meeting verb, or "at ORG headquarters", says where, not who employs whom
    x = extract_text(text)
    assert "Anna Berg" not in {person for _, person, _ in facts(x, "officialOf")}


def test_a_person_at_an_institute_still_works_there(extract_text):
    x = extract_text("Anna Berg at the Norvex Institute said the plan was sound.")
    assert ("Anna Berg", "Norvex Institute") in {(p, org) for _, p, org in facts(x, "officialOf")}


@pytest.mark.xfail(strict=True, reason="the news-tuned NER (make train, 2026-12-06) tags this made-up shape differently; a known miss")
def test_a_board_named_without_its_organization_is_part_of_it(extract_text):
    x = extract_text("Norvex Group said on Monday that its Board of Directors had met in Oslo. "
                     "Tom Lee will remain a member of the Board.")
    assert ("Tom Lee", "Norvex Group") in {(p, org) for _, p, org in facts(x, "officialOf")}
    assert not [e for e in x.entities if "Board" in e.label]  # the board is a mention of the group


@pytest.mark.xfail(strict=True, reason="the news-tuned NER (make train, 2026-12-06) tags this made-up shape differently; a known miss")
def test_a_post_followed_by_a_noble_title_is_held_by_the_name_after_it(extract_text):
    x = extract_text("Lee also welcomed German Foreign Minister, Anna Berg, Saudi Foreign Minister Prince Karim "
                     "Ali Haddad, and others.")
    held = {(p, place) for _, p, place in facts(x, "holdsOfficeIn")}
    assert ("Karim Ali Haddad", "Saudi Arabia") in held and ("Anna Berg", "Saudi Arabia") not in held


def test_two_countries_ministries_in_one_list_stay_two(extract_text):
    x = extract_text("Lee welcomed Norwegian Foreign Affairs Minister Anna Berg, UAE’s Minister of Foreign Affairs, "
                     "Sheikh Karim Ali Haddad, and Australian Minister for Foreign Affairs Tom Lee.")
    held = {(p, org) for _, p, org in facts(x, "officialOf")}
    assert held == {("Anna Berg", "Norwegian Ministry of Foreign Affairs"),
                    ("Karim Ali Haddad", "UAE Ministry of Foreign Affairs"),
                    ("Tom Lee", "Australian Ministry of Foreign Affairs")}


def test_a_ministry_whose_country_follows_the_post_is_that_countrys(extract_text):
    # "Minister of X of COUNTRY": two countries' ministers of one field hold posts in two ministries
    x = extract_text("Minister of Foreign Affairs of Norway Anna Berg held talks with Minister of Foreign Affairs "
                     "and International Cooperation of Kenya, Tom Lee, on Monday.")
    held = {(p, org) for _, p, org in facts(x, "officialOf")}
    assert ("Anna Berg", "Norway Ministry of Foreign Affairs") in held
    assert ("Tom Lee", "Kenya Ministry of Foreign Affairs and International Cooperation") in held
    assert ("Tom Lee", "Norway Ministry of Foreign Affairs") not in held


def test_a_state_secretary_of_a_ministry_named_in_full(extract_text):
    # "State" is the post's rank, and NER runs the ministry's name into its holder's
    x = extract_text("On Monday, State Secretary of the Ministry of Foreign Affairs Anna Berg met with Tom Lee.")
    assert {(p, org) for _, p, org in facts(x, "officialOf")} == {("Anna Berg", "Ministry of Foreign Affairs")}
    assert [{a, b} for _, a, b in facts(x, "metWith")] == [{"Anna Berg", "Tom Lee"}]


@pytest.mark.parametrize("text, person, org", [
    ("The regulator announced Anna Berg as the Managing Director and Chief Executive Officer of Norvex Bank while "
     "Tom Lee was appointed as the bank's Executive Director.", "Anna Berg", "Norvex Bank"),
    ("Norvex Bank appointed Anna Berg as its Managing Director on Monday.", "Anna Berg", "Norvex Bank"),
    # "the bank", "the company": the organization named before. A resolver for these
    # (2026-12-07) found no fact on train or dev that the models kept, so it was deleted
    *[pytest.param(*case, marks=pytest.mark.xfail(strict=True, reason=ORG_NOUNS)) for case in [
        ("The Bank of Norvex reported higher profits on Monday. Tom Lee, the bank's chief operating officer, will "
         "succeed her.", "Tom Lee", "Bank of Norvex"),
        ("Valmont Holdings reported record profits on Monday. Anna Berg, chairman of the company, said demand was "
         "strong.", "Anna Berg", "Valmont Holdings"),
        ("Valmont Holdings reported record profits on Monday. The company's chief executive, Anna Berg, said demand "
         "was strong.", "Anna Berg", "Valmont Holdings")]],
])
def test_a_post_in_an_organization_named_in_the_sentence_or_before(extract_text, text, person, org):
    x = extract_text(text)
    assert (person, org) in {(p, o) for _, p, o in facts(x, "officialOf")}


def test_as_its_post_is_not_read_across_another_person(extract_text):
    x = extract_text("Norvex Bank said Tom Lee would meet Anna Berg as its chairman had asked.")
    assert not facts(x, "officialOf")


@pytest.mark.xfail(strict=True, reason=ORG_NOUNS)
def test_the_company_in_its_own_announcement_is_that_company(extract_text):
    x = extract_text("Norvex Group today announced its results for the year. The Company also said it would hire. "
                     "Norvex Group also named Anna Berg as the company's senior vice president of Communications.")
    assert ("Anna Berg", "Norvex Group") in {(p, org) for _, p, org in facts(x, "officialOf")}
    assert {e.label for e in x.entities if e.type == "Organization"} <= {"Norvex Group", "Communications"}


@pytest.mark.parametrize("text", [
    # a bank, and no bank named before: nobody's post in the company
    "Valmont Holdings reported record profits on Monday. Anna Berg, the bank's chairman, said demand was strong.",
    # the board of a named organization is that organization's, not the one named before
    "Valmont Holdings reported record profits on Monday. Anna Berg, chairman of the board of Norvex Foods, spoke.",
])
def test_a_reference_without_its_organization_is_nobodys(extract_text, text):
    x = extract_text(text)
    assert ("Anna Berg", "Valmont Holdings") not in {(p, o) for _, p, o in facts(x, "officialOf")}


def test_the_before_a_demonym_is_not_part_of_the_ministrys_name(extract_text):
    x = extract_text("The Norwegian Health Minister Anna Berg met Tom Lee in Oslo on Monday.")
    assert ("Anna Berg", "Norwegian Ministry of Health") in {(p, org) for _, p, org in facts(x, "officialOf")}


def test_a_resolver_switched_off_for_the_ablation_resolves_nothing(extract_text, monkeypatch):
    """``kg.ablation`` scores each resolver of the document index by switching it off by name."""
    from kg import extract
    from kg.extract.common import RESOLVERS

    text = "Maria Keller arrived in Vienna on Monday. She met with Tomas Berg at the ministry."
    assert "_resolve_pronouns" in {resolver.__name__ for resolver in RESOLVERS}
    assert {"Maria Keller", "Tomas Berg"} in [{a, b} for _, a, b in facts(extract_text(text), "metWith")]
    monkeypatch.setattr(extract, "OFF", {"_resolve_pronouns"})
    assert {"Maria Keller", "Tomas Berg"} not in [{a, b} for _, a, b in facts(extract_text(text), "metWith")]


@pytest.mark.parametrize("text", [
    "Former Senate President Karl Mend said his predecessor, Senator Tom Ash, set a standard.",
    "VISITING Valmont National Assembly Speaker Karl Mend yesterday paid a courtesy call on the president."])
def test_former_or_visiting_before_a_body_is_not_part_of_its_name(extract_text, text):
    x = extract_text(text)
    assert not [e for e in x.entities if e.label.split()[0].lower() in {"former", "visiting"}]


def test_the_head_of_a_delegation_or_mission_holds_no_post_in_it(extract_text):
    x = extract_text("The Valmont Trade Mission, headed by Vera Lind, met the minister on Friday.")
    assert not facts(x, "officialOf")


def test_a_titled_post_after_and_is_a_post_of_its_own(extract_text):
    x = extract_text("The Prime Minister held talks with Speaker of the Ruritania House of Representatives, "
                     "Congresswoman Nancy Pell and Special Envoy John Kerr.")
    assert not [f for f in facts(x, "officialOf") if f[1] == "John Kerr"]


def test_an_adjective_before_a_post_is_no_organization(extract_text):
    # "High" before a post is one of the post's words (lexicon.ROLE_MODIFIERS)
    x = extract_text("The meeting was attended by High Representative Cathy Ash.")
    assert not [e for e in x.entities if e.label == "High"]
