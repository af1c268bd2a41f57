"""metWith rules: the parties of a meeting, with place and date when stated."""
import pytest

from tests.extract.helpers import facts

CASES = [
    # the parser hangs "with" on the palace; a passive courtesy call
    ("The President of the Republic, Mr Karel Dvorak, had a meeting today, at the Presidential Palace, with the "
     "President of Valmont, Ms Ana Lind.", {frozenset({"Karel Dvorak", "Ana Lind"})}),
    ("The Speaker of the National Assembly, Mr Karel Dvorak, was, today, paid a courtesy call by Ana Lind, "
     "Ambassador of Ruritania, at Parliament House.", {frozenset({"Karel Dvorak", "Ana Lind"})}),
    ("Microsoft's chief executive Satya Nadella met German Chancellor Olaf Scholz in Berlin.",
     {frozenset({"Satya Nadella", "Olaf Scholz"})}),
    ("The Kenya Athletics Federation met with the members of the Berlin Marathon Organizing Committee.",
     {frozenset({"Kenya Athletics Federation", "Berlin Marathon Organizing Committee"})}),
    ("Mette Frederiksen held talks with Emmanuel Macron in Paris.",
     {frozenset({"Mette Frederiksen", "Emmanuel Macron"})}),
    ("Sophie Martin met her deadline.", set()),
    ("Justin Trudeau visited Poland in March.", set()),  # a visit to a country is not a meeting with it
    # news forms
    pytest.param("Governor Karel Dvorak received Ambassador Ana Lind of Ruritania on Monday.",
                 {frozenset({"Karel Dvorak", "Ana Lind"})}, marks=pytest.mark.xfail(strict=True, reason="the news-tuned NER (make train, 2026-12-06) tags this made-up shape differently; a known miss")),
    ("Ambassador Ana Lind was received by Governor Karel Dvorak on Monday.",
     {frozenset({"Karel Dvorak", "Ana Lind"})}),
    ("The outgoing envoy Ana Lind paid a farewell call on Minister Karel Dvorak in Bravograd.",
     {frozenset({"Karel Dvorak", "Ana Lind"})}),
    ("Minister Karel Dvorak called on President Ana Lind at the palace.",
     {frozenset({"Karel Dvorak", "Ana Lind"})}),
    ("Karel Dvorak held a video call with Ana Lind on Tuesday.", {frozenset({"Karel Dvorak", "Ana Lind"})}),
    ("Minister Karel Dvorak met with a delegation led by Ana Lind, chair of the Valmont Bank.",
     {frozenset({"Karel Dvorak", "Ana Lind"})}),
    ("President Karel Dvorak visited Lisbon on Monday.", set()),  # a city is never a party
    # a list of people, each with a post the parse cannot tie together
    ("Governor Boris Kalev received Tomas Berg, UN Resident Coordinator in Ruritania and Pavel Novak, "
     "WHO Representative in Ruritania.",
     {frozenset({"Boris Kalev", "Tomas Berg"}), frozenset({"Boris Kalev", "Pavel Novak"})}),
    ("President Ana Lind met in Bravograd with Valmont Council President Karel Dvorak, Union high "
     "representative for foreign and security policy Maria Keller and other officials.",
     {frozenset({"Ana Lind", "Karel Dvorak"}), frozenset({"Ana Lind", "Maria Keller"})}),
    # a reception hosted for someone is a meeting with them
    ("President Karel Dvorak hosted a reception for Mongolian Ambassador to Portugal Oyun Erdene, who came "
     "to say goodbye.",
     {frozenset({"Karel Dvorak", "Oyun Erdene"})}),
    # a possessive pronoun is not a party, and "him" is not the subject of its own verb
    ("Karel Dvorak met his counterpart Ana Lind.", {frozenset({"Karel Dvorak", "Ana Lind"})}),
    ("Prime Minister Karel Dvorak hosted his first meeting as chairman of the Valmont Council in January.", set()),
    # the list ends where a clause begins
    ("Governor Boris Kalev met Tomas Berg on Monday, and Pavel Novak said the talks went well.",
     {frozenset({"Boris Kalev", "Tomas Berg"})}),
    # the meeting in a phrase before the clause of its subject
    ("After meeting with Karel Dvorak, President Ana Lind wrote that the talks went well.",
     {frozenset({"Karel Dvorak", "Ana Lind"})}),
    # a delegation led by a post whose holder the parser left outside it
    ("Speaker of the National Assembly of Norway Karel Dvorak today received the delegation led by Head of the "
     "Norway-Chile Parliamentary Friendship Group of the Senate (Parliament) of the Republic of Chile Seyed Tomas Berg.",
     {frozenset({"Karel Dvorak", "Seyed Tomas Berg"})}),
    # "a meeting with X as well as the president of ORG Y": the parser hangs Y on the meeting
    ("Prime Minister Anna Berg on Wednesday held a meeting with FIFA President Tom Lee as well as the president "
     "of the Royal Norwegian Football Federation (NFF) Carlos Miguel Duarte at the palace in Oslo.",
     {frozenset({"Anna Berg", "Tom Lee"}), frozenset({"Anna Berg", "Carlos Miguel Duarte"})}),
    # an ambassador presenting credentials meets the one they are presented to
    ("Norway's Ambassador to Kenya, Anna Berg, presented her credentials to President William Ruto on Monday.",
     {frozenset({"Anna Berg", "William Ruto"})}),
    ("Anna Berg presented an award to Tom Lee.", set()),
    # "a delegation of ORG headed by X", with the parser hanging "headed by" on the organization
    ("The mayor of Lakeport, Jon Ek, welcomed a delegation of the Chinese Football Association headed by its "
     "president Li Wei.", {frozenset({"Jon Ek", "Li Wei"})}),
    # ... but two who hold a news conference together are not said to have met
    ("Anna Berg and Tom Lee held a news conference in Oslo.", set()),
    # the parties named together, with no one after the meeting words
    ("Trade Minister Petra Lund and Bank President Oskar Brem met on Friday in Lakeport.",
     {frozenset({"Petra Lund", "Oskar Brem"})}),
    ("Foreign Minister Anna Berg and her counterpart Tom Lee held bilateral talks on Sunday.",
     {frozenset({"Anna Berg", "Tom Lee"})}),
    ("Minister Karel Dvorak conferred with Ana Lind, the Principal Secretary of the Treasury, on Monday.",
     {frozenset({"Karel Dvorak", "Ana Lind"})}),
    ("Vice-Minister Karel Dvorak exchanged views with Ana Lind on the margins of the summit.",
     {frozenset({"Karel Dvorak", "Ana Lind"})}),
    ("Karel Dvorak exchanged letters with Ana Lind.", set()),
    ("Senate President Maria Keller made courtesy calls to Speaker Jonas Perrel and Minister Elsa Marnov.",
     {frozenset({"Maria Keller", "Jonas Perrel"}), frozenset({"Maria Keller", "Elsa Marnov"})}),
    # a visit to a person is a meeting with them (a visit to a city is not: above)
    ("Foreign Minister Jonas Stor visited his new counterpart Carl Bilt in Stockholm on Monday.",
     {frozenset({"Jonas Stor", "Carl Bilt"})}),
    # a post's holder set off by a comma, after an honorific
    ("Pablo Orrin received the president of the Valmont Senate, Lucas Ferran, in his office.",
     {frozenset({"Pablo Orrin", "Lucas Ferran"})}),
    ("Ambassador Frank Leder paid a courtesy call on the Prime Minister, Hon. Sione Vakalo, on Monday.",
     {frozenset({"Frank Leder", "Sione Vakalo"})}),
    # "with" deep inside what was discussed
    ("Karl Mend discussed ways to strengthen bilateral cooperation in areas of common interest with Foreign "
     "Minister Tom Ash.", {frozenset({"Karl Mend", "Tom Ash"})}),
    ("Karl Mend discussed trade with Valmont on Monday.", set()),  # a country is not a person met
    # two people discussed something: they met; "between" names what they discussed, not a party
    ("Minister Anna Berg and the head of the Valmont Bank, Tom Lee, discussed the ties between the Valmont "
     "Union and the Lakeport Council on Thursday.", {frozenset({"Anna Berg", "Tom Lee"})}),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_met_with(extract_text, text, expected):
    got = {frozenset((h, t)) for _, h, t in facts(extract_text(text), "metWith")}
    assert got == expected


def test_place_and_stated_date(extract_text):
    x = extract_text("Mette Frederiksen met Emmanuel Macron in Paris on March 3, 2019.", date="2019-03-05")
    (fact,) = [f for f in x.facts if f.type == "metWith"]
    labels = {e.key: e.label for e in x.entities}
    assert labels[fact.place] == "Paris"
    assert fact.relation.date == "March 3, 2019"


def test_those_who_only_attended_are_kept_apart(extract_text):
    x = extract_text("Minister Karel Dvorak met President Ana Lind in Bravograd. "
                     "The minister was accompanied by Tomas Berg, his deputy.")
    stated = {frozenset((h, t)) for _, h, t in facts(x, "metWith")}
    attended = [f for f in x.facts if f.type == "metWith" and f.relation.role == "attendee"]
    assert frozenset({"Karel Dvorak", "Ana Lind"}) in stated
    assert attended and all(f.relation.confidence < 0.8 for f in attended)
    principal = [f for f in x.facts if f.type == "metWith" and f.relation.role == "principal"]
    labels = {e.key: e.label for e in x.entities}
    assert all("Tomas Berg" not in (labels[f.head], labels[f.tail]) for f in principal)


def test_nobody_meets_their_own_organization(extract_text):
    x = extract_text("Ana Lind, president of the Valmont Rowing Federation, met the Valmont Rowing Federation "
                     "and Karel Dvorak.")
    labels = {e.key: e.label for e in x.entities}
    pairs = {frozenset((labels[f.head], labels[f.tail])) for f in x.facts if f.type == "metWith"}
    assert frozenset({"Ana Lind", "Valmont Rowing Federation"}) not in pairs


def test_the_director_general_named_earlier_is_the_party(extract_text):
    # "the WHO Director General" later in the article is the person named with that post
    x = extract_text("WHO Director-General Tom Lee on Thursday held a meeting with Lakeland's Health Minister Anna "
                     "Berg. Foreign Minister Karim Ali Haddad, while receiving the WHO Director General at the "
                     "Ministry, thanked the agency. The WHO Director General also called on Sara Holm, Chairperson "
                     "of the National Assembly.")
    met = {frozenset((a, b)) for _, a, b in facts(x, "metWith")}
    assert {frozenset(("Karim Ali Haddad", "Tom Lee")), frozenset(("Sara Holm", "Tom Lee"))} <= met
    assert not [pair for pair in met if "WHO" in pair]


REFERENCES = [
    # a country's possessive before the post; the post's field after "of" where it was named
    ("First Deputy Prime Minister and Minister of Foreign Affairs of Serbia Karl Mend paid an official visit to "
     "Valmont. Serbia's Foreign Minister met President Tom Ash.", {"Karl Mend", "Tom Ash"}),
    # the organization's acronym inside the reference
    ("Valmont Olympic Committee (VOC) President Karl Mend yesterday met a number of officials. The VOC President "
     "met the Minister of Sports Tom Ash.", {"Karl Mend", "Tom Ash"}),
    # ... and without "the" ("VOC President told this in a meeting with ...")
    ("Valmont Olympic Committee (VOC) President Karl Mend praised Ruritania. VOC President told this in a bilateral "
     "meeting with Ruritanian Premier Tom Ash in Bravograd on Tuesday.", {"Karl Mend", "Tom Ash"}),
    # a post set off by a comma before the name, then "designate" after the post
    ("Serbia's new Ambassador to Valmont, Karl Mend, presented his credentials on Monday. The Ambassador designate "
     "met Permanent Secretary Tom Ash.", {"Karl Mend", "Tom Ash"}),
    # "leader" for the head of government named with the same country
    ("Thai Prime Minister Karl Mend visited Valmont on Monday. The Thai leader met President Tom Ash.",
     {"Karl Mend", "Tom Ash"}),
    # "the Office of the Prime Minister, Stuart Young" does not make Young a prime minister
    ("Prime Minister Karl Mend visited Valmont. Minister in the Office of the Prime Minister, Stuart Young, went "
     "with him. At the ministry, the Prime Minister met with Secretary Andrew Lane.", {"Karl Mend", "Andrew Lane"}),
    # "designate" between the post and the name
    ("Ruritanian Ambassador designate Karl Mend arrived in Valmont on Monday. The Ambassador designate met "
     "Permanent Secretary Tom Ash.", {"Karl Mend", "Tom Ash"}),
    # two prime ministers: the one the article names again and again, not the one met once
    ("Prime Minister Karl Mend met Dutch Prime Minister Jan Vos in Davos. Mend spoke about trade. Mend also met "
     "Joe Hart. On Wednesday, the prime minister met with Zento chief executive Paul Reeve.",
     {"Karl Mend", "Paul Reeve"}),
]


@pytest.mark.parametrize("text,pair", REFERENCES)
def test_a_post_written_again_names_the_person_who_holds_it(extract_text, text, pair):
    assert frozenset(pair) in {frozenset((a, b)) for _, a, b in facts(extract_text(text), "metWith")}


def test_a_leader_of_another_country_is_not_the_one_named_before(extract_text):
    x = extract_text("Thai Prime Minister Karl Mend visited Valmont on Monday. The Chinese leader met President "
                     "Tom Ash.")
    assert frozenset({"Karl Mend", "Tom Ash"}) not in {frozenset((a, b)) for _, a, b in facts(x, "metWith")}


def test_guests_of_one_meeting_are_one_side_not_parties_to_each_other(nlp):
    from kg.extract.component import _one_side
    from kg.extract.pairs import pair_key

    doc = nlp("Ana Lind met with Tom Berg and Karel Dvorak in Oslo.")
    rules = {}
    for r in doc._.relations:
        if r.type == "metWith":
            rules.setdefault(pair_key("metWith", r.head.start, r.tail.start), []).append(r)
    starts = {doc.text.index(name) for name in ("Tom Berg", "Karel Dvorak")}
    assert len(rules) == 2
    assert _one_side("metWith", rules) == {pair_key("metWith", *sorted(starts))}


def test_a_post_two_people_hold_equally_often_names_neither(extract_text):
    x = extract_text("Prime Minister Karl Mend met Dutch Prime Minister Jan Vos in Davos. On Wednesday, the "
                     "prime minister met with Zento chief executive Paul Reeve.")
    pairs = {frozenset((a, b)) for _, a, b in facts(x, "metWith")}
    assert frozenset({"Karl Mend", "Paul Reeve"}) not in pairs and frozenset({"Jan Vos", "Paul Reeve"}) not in pairs


def test_who_tells_of_a_meeting_is_not_its_party(nlp):
    from kg.extract.component import _reports

    doc = nlp("\u201cThe President held talks with the Prime Minister of Laos,\u201d Karl Mend said.")
    president = doc[1:3]
    speaker = next(e for e in doc.ents if e.text == "Karl Mend")
    assert _reports(speaker, president)
    doc = nlp("Karl Mend met Tom Ash in Oslo and said the talks went well.")
    mend, ash = (next(e for e in doc.ents if e.text == n) for n in ("Karl Mend", "Tom Ash"))
    assert not _reports(mend, ash)


def test_he_after_two_people_as_one_subject_is_the_one_the_article_is_about(extract_text):
    x = extract_text("Foreign Minister Karl Mend visited Valmont, where he met Prime Minister Tom Ash. During the visit "
                     "Karl Mend and Tom Ash discussed trade. He also held meetings with Minister of State Ana Lind.")
    pairs = {frozenset((a, b)) for _, a, b in facts(x, "metWith")}
    assert frozenset({"Karl Mend", "Ana Lind"}) in pairs and frozenset({"Tom Ash", "Ana Lind"}) not in pairs
