"""kg_layout: headlines, datelines and paragraphs become sentence boundaries the parser respects."""
from kg.extract.layout import read_layout


def test_dateline_with_country_and_date():
    text = "BRAVOGRAD, Ruritania, March 4. The Central Bank of Ruritania met the lenders on Monday."
    found = read_layout(text)
    assert text[found.dateline[0]:found.dateline[1]] == "BRAVOGRAD, Ruritania, March 4. "
    assert [text[a:b] for a, b in found.places] == ["BRAVOGRAD", "Ruritania"]


def test_dateline_with_agency_and_dash():
    text = "Lakeport (RNA) - President Ana Lind received the envoy.\n\nThe talks lasted an hour."
    found = read_layout(text)
    assert [text[a:b] for a, b in found.places] == ["Lakeport"]  # "(RNA)" is the agency, not a place


def test_an_ordinary_first_sentence_is_no_dateline():
    assert read_layout("However, March 4. was a cold day.").dateline is None
    assert read_layout("The minister said it was too early.").dateline is None


def test_headline_is_the_first_line_without_a_full_stop():
    text = "Minister Receives Delegation From Ruritania\n\nMinister Ana Lind received a delegation on Monday."
    found = read_layout(text)
    assert text[found.headline[0]:found.headline[1]] == "Minister Receives Delegation From Ruritania"
    assert read_layout("One sentence only.\n\nAnother one.").headline is None


def test_headline_and_dateline_are_sentences_of_their_own(nlp):
    text = ("Bank chief meets lenders\n\nBRAVOGRAD, Ruritania, March 4. The Central Bank of Ruritania "
            "met the lenders on Monday.")
    sentences = [s.text.strip() for s in nlp(text).sents]
    assert sentences[0] == "Bank chief meets lenders"
    assert "BRAVOGRAD, Ruritania, March 4." in sentences
    assert sentences[-1].startswith("The Central Bank of Ruritania met")


def test_no_sentence_ends_at_an_abbreviated_title(nlp):
    text = "Ana Lind paid a call on the Prime Minister, Hon. Sione Vakalo, and Amb. Tom Lee. Dr. Lee spoke."
    sentences = [s.text.strip() for s in nlp(text).sents]
    assert sentences == ["Ana Lind paid a call on the Prime Minister, Hon. Sione Vakalo, and Amb. Tom Lee.",
                         "Dr. Lee spoke."]
    assert len(list(nlp("The bishop thanked the Lord. The service ended.").sents)) == 2


def test_outlet_credits_in_a_byline_a_slashed_line_and_a_closing_dash():
    text = ("Minister meets envoy\n\n14 May 2019 [10:30] - Vesnik.Net\n\nAna Lind met Karel Dvorak.\n\n"
            "/Norpress/\n\nThe talks lasted an hour. \u2014 Kavnews")
    assert [text[a:b] for a, b in read_layout(text).credits] == ["Vesnik.Net", "Norpress", "Kavnews"]
    text = "Head\n\n2019-05-14 08:17:00 NORWIRE\n\nAna Lind met Karel Dvorak.\n\nThe talks lasted an hour."
    assert [text[a:b] for a, b in read_layout(text).credits] == ["NORWIRE"]
    # a dash closing a quotation is no credit when the name is a dictionary word
    text = "Head\n\nAna Lind met Karel Dvorak.\n\nIt was, she said, a good day \u2014 Sunday"
    assert read_layout(text).credits == ()


def test_slashed_outlet_after_a_dateline(extract_text):
    x = extract_text("Envoy received\n\nLakeport /NORPRESS/ On May 3, Deputy Minister Ana Lind received "
                     "Karel Dvorak.\n\nThe talks covered trade, reports Kavnews news.")
    labels = {e.label: e.type for e in x.entities}
    assert labels.get("NORPRESS") == "Organization" and labels.get("Kavnews") == "Organization"
    label = {e.key: e.label for e in x.entities}
    assert ("metWith", "Ana Lind", "Karel Dvorak") in {(f.type, label[f.head], label[f.tail]) for f in x.facts}


def test_credits_of_a_lead_a_photo_and_a_wire_between_dashes():
    text = "Lakeport News \u2013 President Karel Dvorak, on Thursday, met Ana Lind.\n\nThey discussed trade."
    found = read_layout(text)
    assert found.dateline is None and [text[a:b] for a, b in found.credits] == ["Lakeport News"]
    text = "Karel Dvorak met Ana Lind in Lakeport, Jan. 13, 2009.(Norpress/Liu Jiansheng)\n\nThey talked."
    assert [text[a:b] for a, b in read_layout(text).credits] == ["Norpress"]
    text = "Lakeport City, by Tom Berg -NORPRESS-. The delegation met Karel Dvorak."
    assert [text[a:b] for a, b in read_layout(text).credits] == ["NORPRESS"]
    # a dateline with its wire on the third line of a text without blank lines
    text = "Minister meets envoy\nPolitics\nLakeport /NORPRESS/. On March 16, Karel Dvorak received Ana Lind."
    found = read_layout(text)
    assert found.dateline is not None and text[found.places[0][0]:found.places[0][1]] == "Lakeport"
    # ... but not a line that only looks like one
    assert read_layout("Minister meets envoy\nPolitics: Karel Dvorak received Ana Lind.").dateline is None


def test_the_writer_before_a_wire_stays_a_person(extract_text):
    x = extract_text("Lakeport City, by Tom Berg -NORPRESS-. The delegation, headed by Ana Lind, met Karel Dvorak.")
    labels = {e.label: e.type for e in x.entities}
    assert labels.get("NORPRESS") == "Organization" and labels.get("Tom Berg") == "Person"


def test_a_wire_in_a_dateline_without_a_space_and_one_closing_the_text(extract_text):
    text = "LAKEPORT, Apr 11 (NORPRESS):The new envoy Ana Lind met Karel Dvorak.\n\nThey talked."
    found = read_layout(text)
    assert found.dateline is not None and [text[a:b] for a, b in found.credits] == ["NORPRESS"]
    assert {e.label: e.type for e in extract_text(text).entities}.get("NORPRESS") == "Organization"
    text = "Ana Lind met Karel Dvorak.\n\nOfficials were also present. -NORPRESS"
    assert [text[a:b] for a, b in read_layout(text).credits] == ["NORPRESS"]
    assert read_layout("Ana Lind met Karel Dvorak - US-led talks went on.").credits == ()
