"""Syndicated copies: the same story from two outlets is recognised (MinHash over word
5-grams, datasketch's LSH index) and its facts are stored once.

The first copy kg sees is the *primary*: it is extracted as usual. A later near-identical
copy keeps its own document node (text, date, outlet) with ``kg:duplicateOf`` the primary,
and adds itself as a source (``prov:wasDerivedFrom``) of each of the primary's
statements, so every fact shows both documents as support without being stored twice.
"""
from __future__ import annotations

import re

from datasketch import MinHash, MinHashLSH

THRESHOLD = 0.85  # estimated Jaccard similarity of word 5-grams
PERMUTATIONS = 64
_WORD = re.compile(r"\w+", re.UNICODE)


_TEMPLATE = MinHash(num_perm=PERMUTATIONS, seed=1)  # its permutations are made once, not per document
MIN_WORDS = 30  # shorter texts are too short to tell a copy from a common phrase


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def signature(text: str, words: list[str] | None = None) -> MinHash:
    """MinHash of the text's word 5-grams (``words``: the text's words, if already split)."""
    words = _words(text) if words is None else words
    shingles = sorted({" ".join(words[i:i + 5]) for i in range(max(1, len(words) - 4))})
    sig = MinHash(num_perm=PERMUTATIONS, seed=1, permutations=_TEMPLATE.permutations, scheme=_TEMPLATE.scheme)
    sig.update_batch([shingle.encode("utf-8") for shingle in shingles])
    return sig


class Duplicates:
    """An index of the documents seen so far: ``see(identifier, text)`` names the primary."""

    def __init__(self):
        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=PERMUTATIONS)
        self.primary: dict[str, str] = {}  # identifier -> its primary (itself for primaries)

    def add(self, identifier: str, text: str, primary: str | None = None, sig: MinHash | None = None) -> None:
        """Record a document as a primary (``primary`` None) or as a copy of ``primary``."""
        if identifier in self.primary:
            return
        self.primary[identifier] = primary or identifier
        if primary is None:
            self.lsh.insert(identifier, sig if sig is not None else signature(text))

    def forget(self, identifier: str) -> None:
        """Drop a document (it is judged again by its next ``see``)."""
        if self.primary.pop(identifier, None) == identifier:
            self.lsh.remove(identifier)

    def see(self, identifier: str, text: str) -> str | None:
        """Record a document and return the primary it copies, or None (it is new, or it is
        that primary). The text is split and hashed once."""
        words = _words(text)
        sig = signature(text, words)
        primary = None
        if len(words) >= MIN_WORDS:
            matches = sorted(m for m in self.lsh.query(sig) if m != identifier)
            primary = self.primary.get(matches[0], matches[0]) if matches else None
        self.add(identifier, text, primary, sig)
        return primary
