"""Per-Doc token lists, computed once and shared by the extractors.

spaCy makes a new ``Token`` object for every ``doc[i]`` and every ``for token in doc``,
and looks each string attribute up in the vocabulary on every access. The extractors
mostly look for a few words ("President", "met", "team"), so they ask ``having(doc,
"lower", WORDS)`` for the tokens with those words, in document order, instead of
walking every token. The lists hold what the parse says; repairing entities does not
change them (kg never retokenizes).
"""
from __future__ import annotations

from typing import Iterable

from spacy.tokens import Doc, Token

_KEY = "kg_tokens"


class TokenView:
    """One Doc's tokens and their words (``text``, ``lower``, ``lemma``: lower-cased lemma)."""

    __slots__ = ("tokens", "text", "lower", "lemma", "_found")

    def __init__(self, doc: Doc):
        self.tokens: list[Token] = list(doc)
        self.text = [t.text for t in self.tokens]
        self.lower = [t.lower_ for t in self.tokens]
        self.lemma = [t.lemma_.lower() for t in self.tokens]
        self._found: dict[tuple[str, frozenset], list[int]] = {}

    def positions(self, attr: str, words: Iterable[str]) -> list[int]:
        """Indices of the tokens whose ``attr`` is one of ``words``, in document order
        (kept for a frozenset of words, which the extractors ask about again and again)."""
        key = (attr, words) if isinstance(words, frozenset) else None
        found = self._found.get(key) if key is not None else None
        if found is None:
            found = [i for i, word in enumerate(getattr(self, attr)) if word in words]
            if key is not None:
                self._found[key] = found
        return found


def view(doc: Doc) -> TokenView:
    cached = doc.user_data.get(_KEY)
    if cached is None:
        cached = doc.user_data[_KEY] = TokenView(doc)
    return cached


def having(doc: Doc, attr: str, words: Iterable[str], start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens (between ``start`` and ``end``) whose ``attr`` (``text``, ``lower`` or
    ``lemma``) is one of ``words``, in document order."""
    v = view(doc)
    hits = v.positions(attr, words)
    if start or end is not None:
        stop = len(v.tokens) if end is None else end
        hits = [i for i in hits if start <= i < stop]
    return [v.tokens[i] for i in hits]


#: Where ``common.index`` caches a Doc's index in ``doc.user_data``.
INDEX_KEY = "kg_index"


def forget_index(doc: Doc) -> None:
    """Drop the cached index; ``entities.repair_entities`` calls it whenever it changes doc.ents."""
    doc.user_data.pop(INDEX_KEY, None)
