"""The per-Doc token lookups the extractors use instead of walking every token."""
import spacy

from kg.extract.tokens import having, view


def test_having_finds_words_in_document_order_within_a_range():
    doc = spacy.blank("en")("The President met the president of the Committee , said the President .")
    heads = frozenset({"president", "committee"})
    assert [t.i for t in having(doc, "lower", heads)] == [1, 4, 7, 11]
    assert [t.i for t in having(doc, "lower", heads, 2, 8)] == [4, 7]
    assert [t.text for t in having(doc, "text", {"President", ","})] == ["President", ",", "President"]
    assert having(doc, "lower", {"absent"}) == []
    assert having(doc, "lower", heads)[0] is view(doc).tokens[1]  # the Token objects are made once


def test_answers_are_kept_per_word_set_but_not_shared_between_sets():
    doc = spacy.blank("en")("Acme met Beta .")
    first = view(doc).positions("lower", frozenset({"met"}))
    assert view(doc).positions("lower", frozenset({"met"})) is first
    assert view(doc).positions("lower", frozenset({"acme"})) == [0]
    assert view(doc).positions("text", frozenset({"met"})) == [1]
