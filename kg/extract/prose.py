"""Is this prose? Facts are read from sentences; a broken scrape, a flattened table or a
word list has none, and reading facts from it fills the graph with nonsense.

``judge(doc)`` gives the reason a document is not prose, or None:

* **no sentence ends**: most of its words are in "sentences" of more than
  ``LONG_SENTENCE`` tokens (a text without sentence punctuation);
* **the same words over and over**: few distinct words for its length;
* **a table**: many of its tokens are cell separators (``|``, tabs) or line breaks.

Such a document keeps its entities but gives no relations, and the build says which
document it judged so and why. In a document judged prose, a single "sentence" longer than
``MAX_SENTENCE`` tokens gives no relations either (its pairs would be guesses).
"""
from __future__ import annotations

from spacy.tokens import Doc

from .common import index

LONG_SENTENCE = 120  # tokens: prose sentences are shorter (news averages 20-30)
MAX_SENTENCE = 250  # tokens: no relation is read from a longer "sentence"
MIN_WORDS = 300  # shorter texts are judged on their sentences alone
_SEPARATORS = {"|", "\t", "||", "¦"}


def judge(doc: Doc) -> str | None:
    """Why ``doc`` is not prose, or None when it is (or too short to tell)."""
    words = [t for t in doc if t.is_alpha]
    if len(words) < MIN_WORDS:
        return None
    lengths = [len(s) for s in doc.sents]
    in_long = sum(n for n in lengths if n > LONG_SENTENCE)
    if in_long > len(doc) / 2:
        return (f"not prose: {in_long / len(doc):.0%} of its words are in 'sentences' of more than "
                f"{LONG_SENTENCE} words (the longest has {max(lengths):,}); no facts are read from it")
    distinct = len({t.lower_ for t in words})
    if distinct < 0.03 * len(words) or distinct < 20:
        return (f"not prose: {len(words):,} words but only {distinct} different ones (the same words over "
                f"and over); no facts are read from it")
    separators = sum(1 for t in doc if t.text in _SEPARATORS or (t.is_space and "\n" in t.text))
    if separators > 0.2 * len(doc):
        return "not prose: it reads as a table or a list (cells and lines, not sentences); no facts are read from it"
    return None


def overlong(doc: Doc, sentence_index: int) -> bool:
    """A "sentence" too long to read relations from."""
    return len(index(doc).sents[sentence_index]) > MAX_SENTENCE
