"""How a news text is laid out: lines, a headline, a dateline.

The parser reads text as running prose, so a headline without a full stop runs into the
first sentence, and a dateline ("BAKU, Azerbaijan, July 5 -") into the lead. The
``kg_layout`` component runs before the parser and marks sentence starts that the
layout makes plain:

* after a blank line (a new paragraph), and after a line break that follows the end of a
  sentence;
* after a dateline's separator, at the start of one of the first paragraphs.

It also notes, in ``doc.user_data``, the headline (a first line with no full stop,
followed by a paragraph break) and the dateline's place, for the entity repairs. Nothing
here knows any article: the shapes are those of news wires.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from .lexicon import english_words

LAYOUT_KEY = "kg_layout"

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_PLACE_WORD = r"[A-Z][\w'’\-]*"
#: "BAKU, Azerbaijan, July 5." / "INCHEON, October 20, 2014 -" / "Abu Dhabi:" / "City (Region):"
_DATELINE = re.compile(
    rf"(?P<place>{_PLACE_WORD}(?:[ \-]{_PLACE_WORD}){{0,3}})"
    r"(?:\s*\((?P<region>[^()\n]{2,40})\))?"
    rf"(?:,\s*(?P<country>{_PLACE_WORD}(?: {_PLACE_WORD}){{0,2}}))?"
    rf"(?:,?\s*(?P<date>{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?))?"
    r"(?:\s*\((?P<agency>[A-Za-z][\w .&-]{1,30})\)|\.\s+(?P<wire>[A-Z]{2,12}))?"
    r"\s*(?P<sep>--|[\-\u2013\u2014:/]|\.(?=\s))\s+")
_END = frozenset('.!?…:;"”’)')
_LINE_END = frozenset('.!?…"”')  # a single line break after these ends a sentence ("(IPC)\nX" does not)
_HEADLINE_MAX_WORDS = 25


@dataclass(frozen=True)
class Layout:
    """Character ranges the repairs use: the headline, and the dateline's place(s)."""

    headline: tuple[int, int] | None = None
    dateline: tuple[int, int] | None = None  # the whole dateline, separator included
    places: tuple[tuple[int, int], ...] = ()  # "BAKU", "Azerbaijan"


def layout(doc: Doc) -> Layout:
    return doc.user_data.get(LAYOUT_KEY) or Layout()


def _paragraphs(text: str):
    """(start, end) of each paragraph: text between blank lines."""
    for match in re.finditer(r"[^\n](?:.|\n(?![ \t]*\n))*", text):
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        if match.group().strip():
            yield start, match.end()


def find_dateline(text: str, start: int) -> re.Match | None:
    """A dateline at ``start`` (a paragraph start), or None.

    A place alone before "." is not enough ("However. ..."): the place must be in capitals,
    or followed by a date, or by a colon or a dash."""
    match = _DATELINE.match(text, start)
    if match is None:
        return None
    place, sep = match.group("place"), match.group("sep")
    if match.group("date") is None and match.group("agency") is None and match.group("wire") is None and sep == ".":
        return None
    if not (place.isupper() and len(place) > 2 or match.group("date") or sep in {":", "--", "-", "\u2013", "\u2014"}):
        return None
    if len(place.split()) > 3 or "\n" in match.group():
        return None
    if not place.isupper() and all(w.lower() in english_words() for w in place.split()):
        return None  # "However, March 4." is a sentence, not a dateline
    return match


def read_layout(text: str) -> Layout:
    paragraphs = list(_paragraphs(text))
    headline = None
    if len(paragraphs) > 1:
        start, end = paragraphs[0]
        first = text[start:end].strip()
        if "\n" not in first and first[-1:] not in _END and find_dateline(text, start) is None and len(first.split()) <= _HEADLINE_MAX_WORDS:
            headline = (start, end)
    for start, _ in paragraphs[:4]:
        if headline is not None and start == headline[0]:
            continue
        match = find_dateline(text, start)
        if match is not None:
            places = [(match.start("place"), match.end("place"))]
            for name in ("region", "country"):
                if match.group(name) and not (name == "region" and match.group(name).isupper()):
                    places.append((match.start(name), match.end(name)))
            return Layout(headline, (match.start(), match.end()), tuple(places))
    return Layout(headline)


@Language.component("kg_layout")
def kg_layout(doc: Doc) -> Doc:
    """Mark sentence starts at paragraph breaks, after lines that end a sentence, and after
    a dateline; note the headline and dateline (runs before the parser)."""
    found = read_layout(doc.text)
    doc.user_data[LAYOUT_KEY] = found
    starts = set()
    for i in range(1, len(doc)):
        prev = doc[i - 1]
        if doc[i].is_space:
            continue
        if prev.is_space and prev.text.count("\n") >= 2:
            starts.add(i)
        elif "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            before = doc[i - 2] if prev.is_space and i >= 2 else prev
            if before.text[-1:] in _LINE_END or (found.headline and before.idx < found.headline[1] <= doc[i].idx):
                starts.add(i)
    if found.dateline is not None:
        after = next((t.i for t in doc if t.idx >= found.dateline[1]), None)
        if after is not None:
            starts.add(after)
    for i in starts:
        doc[i].is_sent_start = True
    return doc
