"""The news-tuned NER: how gold aliases become training spans, the rehearsal of the stock
NER, CoNLL04 spans read by news conventions, deterministic training, and the shipped model."""
import pytest
import spacy

from kg import ner


@pytest.fixture(scope="module")
def stock():
    from kg.nlp import DEFAULT_MODELS

    for name in DEFAULT_MODELS:
        try:
            return spacy.load(name, enable=["ner"])
        except OSError:
            continue
    raise AssertionError("no spaCy model")


GOLD = {"entities": [
    {"id": "lind", "type": "Person", "aliases": ["Ana Lind", "Dr Ana Lind", "Lind"]},
    {"id": "bank", "type": "Organization", "aliases": ["Norvex Bank"]},
    {"id": "ministry", "type": "Organization", "aliases": ["Youth and Sports"]},
    {"id": "committee", "type": "Organization", "aliases": ["Committee"]},
    {"id": "ruritania", "type": "Place", "aliases": ["Kenya", "Kenyan"]},
]}


def test_gold_aliases_become_spans_with_news_conventions():
    text = ("Dr Ana Lind, head of Norvex Bank, met the Kenyan Minister of Youth and Sports. "
            "Lind told the Committee in Kenya that the bank grew.")
    spans = {text[s:e]: label for s, e, label in ner.gold_spans(text, GOLD)}
    assert spans["Ana Lind"] == "PERSON" and "Dr Ana Lind" not in spans  # the name, not its honorific
    assert spans["Lind"] == "PERSON" and spans["Norvex Bank"] == "ORG"
    assert spans["Youth and Sports"] is None  # a ministry named in a title: no label to learn
    assert spans["Committee"] is None  # a bare common word
    assert spans["Kenyan"] == ("PLACE", "NORP") and spans["Kenya"] == ("PLACE", "GPE")


def test_gold_wins_over_the_stock_ner_and_unlisted_names_stay_unknown(stock):
    text = "High Commissioner Tomas Berg met Ana Lind on Monday in Oslo."
    gold = {"entities": [{"id": "berg", "type": "Person", "aliases": ["Tomas Berg"]}]}
    doc = stock.make_doc(text)
    tags = ner.tags(doc, ner.gold_spans(text, gold), stock(text).ents)
    words = {t.text: tag for t, tag in zip(doc, tags)}
    assert words["High"] == "O" and words["Commissioner"] == "O"
    assert words["Tomas"] == "B-PERSON" and words["Berg"] == "L-PERSON"
    assert words["Ana"] == "-" and words["Lind"] == "-"  # a name the gold does not list: not "not a name"
    assert words["Monday"].endswith("-DATE") and words["Oslo"].endswith("-GPE")  # rehearsal


def test_conll_spans_are_read_without_titles_and_final_stops(stock):
    record = {"text": "President Kennedy met Desiree Ball .", "entities": [
        {"start": 0, "end": 17, "type": "Person", "text": "President Kennedy"},
        {"start": 22, "end": 36, "type": "Person", "text": "Desiree Ball ."}]}
    sample = ner.jsonl_samples(stock, stock, [record], "t")[0]
    doc = stock.make_doc(record["text"])
    labelled = [t.text for t, tag in zip(doc, sample.tags) if tag not in ("O", "-")]
    assert labelled == ["Kennedy", "Desiree", "Ball"]


def test_paragraphs_never_join():
    assert [p for _, p in ner.paragraphs("Anna Berg\n\nNORVEX BANK said.\n \nEnd")] == \
        ["Anna Berg", "NORVEX BANK said.", "End"]


def test_fine_tuning_is_deterministic(tmp_path, stock):
    from kg.nlp import DEFAULT_MODELS

    text = "Ana Lind, head of Norvex Bank, met Tomas Berg in Oslo."
    gold = {"entities": [{"id": "a", "type": "Person", "aliases": ["Ana Lind"]},
                         {"id": "b", "type": "Person", "aliases": ["Tomas Berg"]},
                         {"id": "c", "type": "Organization", "aliases": ["Norvex Bank"]}]}
    samples = ner.news_samples(stock, stock, [("a", text, gold)] * 4)
    base = stock.meta["lang"] + "_" + stock.meta["name"]
    base = base if base in DEFAULT_MODELS else DEFAULT_MODELS[-1]
    one = ner.fine_tune(base, samples, epochs=1).get_pipe("ner").to_bytes(exclude=["vocab"])
    two = ner.fine_tune(base, samples, epochs=1).get_pipe("ner").to_bytes(exclude=["vocab"])
    assert one == two


def test_the_shipped_ner_is_used_and_keeps_titles_out_of_names():
    from kg.nlp import load

    meta = ner.tuned_meta()
    assert meta is not None and meta["trained_on"]["news"]["articles"] >= 200
    nlp = load(learned=False)
    assert nlp.meta["version"].endswith("+ner." + meta["weights_sha256"])
    doc = nlp("Anna Berg met President William Ruto in Nairobi.")
    assert ("William Ruto", "PERSON") in {(e.text, e.label_) for e in doc.ents}
    untuned = load(learned=False, tuned_ner=False)
    assert "+ner." not in untuned.meta["version"]
