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

from .lexicon import HONORIFICS, RANK_ABBREVIATIONS, english_words

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
    r"(?:\s*\((?P<agency>[A-Za-z][\w .&-]{1,30})\)|\.\s+(?P<wire>[A-Z]{2,12})"
    r"|\s*/(?P<slashed>[A-Za-z][\w .&-]{1,30})/)?"
    r"\s*(?P<sep>--|[\-\u2013\u2014:/]|\.(?=\s)|(?<=/))(?:\s+|(?<=\):)(?=[A-Z]))")  # "(WIRE):The ..."
_CREDIT_NAME = r"(?P<source>[A-Z][\w.&'’\-]*(?: [A-Z][\w.&'’\-]*){0,3})"
#: a line giving when and by whom: "12 May 2021 [09:30] - Wire.Net", "2019-04-02 08:17:00 NEWSWIRE"
_BYLINE = re.compile(
    rf"(?:\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
    r"[ ,]*(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]?)?\s*(?:[\-\u2013\u2014|]\s*)?"
    + _CREDIT_NAME + r"\s*$")
#: a credit on a line of its own, "/WIRE/"; or closing the article, "... last year. — Wire"
_SLASHED_LINE = re.compile(r"/(?P<source>[A-Za-z][\w.&\-]*(?: [A-Za-z][\w.&\-]*){0,3})/\s*$")
_CLOSING_CREDIT = re.compile(r"[\u2013\u2014]\s*(?P<source>[A-Z][\w.&\-]+(?: [A-Z][\w.&\-]+)?)\s*$")
_END = frozenset('.!?…:;"”’)')
_LINE_END = frozenset('.!?…"”')  # a single line break after these ends a sentence ("(IPC)\nX" does not)
_HEADLINE_MAX_WORDS = 25
#: Titles written short before a name ("Hon.", "Dr.", "Gen."), with or without their full stop.
_TITLE_ABBREVIATIONS = RANK_ABBREVIATIONS | {h for h in HONORIFICS if h.endswith(".")} | {
    h[:-1] for h in HONORIFICS if h.endswith(".")} | {"st.", "pres", "pres."}


@dataclass(frozen=True)
class Layout:
    """Character ranges the repairs use: the headline, and the dateline's place(s)."""

    headline: tuple[int, int] | None = None
    dateline: tuple[int, int] | None = None  # the whole dateline, separator included
    places: tuple[tuple[int, int], ...] = ()  # "BAKU", "Azerbaijan"
    credits: tuple[tuple[int, int], ...] = ()  # the outlet in a byline, a "/WIRE/", a closing "— Wire" ... (_credits)


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
    if not (match.group("date") or _wire(match)) and sep == ".":
        return None
    if not (place.isupper() and len(place) > 2 or match.group("date") or match.group("slashed")
            or sep in {":", "--", "-", "\u2013", "\u2014"}):
        return None
    if len(place.split()) > 3 or "\n" in match.group():
        return None
    if outlet_credit(match) is not None:
        return None  # "Kaieteur News – President ...": the outlet, not a place
    if not place.isupper() and not _wire(match) and all(w.lower() in english_words() for w in place.split()):
        return None  # "However, March 4." is a sentence, not a dateline
    return match


def _wire(match: re.Match) -> str | None:
    """The wire a dateline names: "(WIRE)", ". WIRE" or "/WIRE/"."""
    return match.group("agency") or match.group("wire") or match.group("slashed")


#: The last words of news outlets' names ("Kaieteur News", "Sudan Tribune", "Daily Ledger"):
#: such a name before the lead's dash is the outlet crediting itself, not a dateline's place.
OUTLET_WORDS = frozenset("news times post tribune herald daily gazette journal agency press radio tv online today "
                         "express observer star telegraph mail chronicle guardian reporter standard monitor "
                         "nation review dispatch courier independent".split())
#: A photo's credit, "(WIRE/Photographer Name)", and a wire between dashes ("Ana Lind -WIRE-.")
#: or after one closing the text ("... also present. -WIRE").
_PHOTO_CREDIT = re.compile(r"\((?P<source>[A-Z][A-Za-z.&]{1,20})/[A-Z][\w'’.\-]*(?: [A-Z][\w'’.\-]*){0,3}\)")
_DASHED_WIRE = re.compile(r"(?<=\s)-(?P<source>[A-Z]{2,10})(?:-(?=[\s.,;:]|$)|\s*\Z)")


def outlet_credit(match: re.Match) -> tuple[int, int] | None:
    """The outlet a lead's first words name before a dash ("Kaieteur News –"), as a dateline
    match's place: its last word is one of ``OUTLET_WORDS``."""
    place = match.group("place")
    if match.group("sep") in {"-", "--", "\u2013", "\u2014"} and len(place.split()) >= 2 \
            and place.split()[-1].lower() in OUTLET_WORDS and not match.group("date"):
        return match.start("place"), match.end("place")
    return None


def _credits(text: str, paragraphs: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Where the outlet is named: a byline among the first paragraphs, a line that is only
    "/WIRE/", a dash and a short name closing the last paragraph, an outlet crediting itself
    before the lead's dash ("Kaieteur News –"), a photo's credit ("(WIRE/Name)") and a wire
    between dashes ("by Ana Lind -WIRE-.")."""
    found = []
    for i, (start, end) in enumerate(paragraphs):
        line = text[start:end].rstrip()
        if "\n" in line:
            match = _CLOSING_CREDIT.search(line) if i == len(paragraphs) - 1 else None
        else:
            match = ((_BYLINE.match(line) if i < 4 else None) or _SLASHED_LINE.match(line)
                     or (_CLOSING_CREDIT.search(line) if i == len(paragraphs) - 1 else None))
        if match is not None and match.group("source").lower() not in english_words():
            found.append((start + match.start("source"), start + match.end("source")))
        if i < 4:  # "Kaieteur News – President ..."
            lead = _DATELINE.match(text, start)
            credit = outlet_credit(lead) if lead is not None else None
            if credit is not None:
                found.append(credit)
    for pattern in (_PHOTO_CREDIT, _DASHED_WIRE):
        found += [(m.start("source"), m.end("source")) for m in pattern.finditer(text)
                  if m.group("source").lower() not in english_words()]
    return tuple(sorted(set(found)))


def _lead_lines(text: str, paragraphs: list[tuple[int, int]]):
    """Where a dateline may start: the first four paragraphs, and the first four lines of a
    text whose lines are not set apart by blank lines ("Headline\nSection\nCity /WIRE/. On ..."),
    there only a dateline that names its date or wire."""
    for start, _ in paragraphs[:4]:
        yield start, False
    if paragraphs:
        start, end = paragraphs[0]
        at = start
        for _ in range(3):
            at = text.find("\n", at, end)
            if at < 0:
                break
            at += 1
            yield at, True


def read_layout(text: str) -> Layout:
    paragraphs = list(_paragraphs(text))
    credits = _credits(text, paragraphs)
    headline = None
    if len(paragraphs) > 1:
        start, end = paragraphs[0]
        first = text[start:end].strip()
        if "\n" not in first and first[-1:] not in _END and find_dateline(text, start) is None and len(first.split()) <= _HEADLINE_MAX_WORDS:
            headline = (start, end)
    for start, within in _lead_lines(text, paragraphs):
        if headline is not None and start == headline[0]:
            continue
        match = find_dateline(text, start)
        if match is not None and within and not (match.group("date") or _wire(match)):
            match = None
        if match is not None:
            places = [(match.start("place"), match.end("place"))]
            for name in ("region", "country"):
                if match.group(name) and not (name == "region" and match.group(name).isupper()):
                    places.append((match.start(name), match.end(name)))
            for wire in ("slashed", "agency"):  # "City /WIRE/ On ...", "CITY, May 1 (WIRE):The ...": a credit too
                if match.group(wire):
                    credits += ((match.start(wire), match.end(wire)),)
            return Layout(headline, (match.start(), match.end()), tuple(places), credits)
    return Layout(headline, credits=credits)


def _token_bounds(doc: Doc, start: int, end: int) -> None:
    """Make ``start`` and ``end`` token boundaries ("/WIRE/" is one token to the tokenizer)."""
    for cut in (start, end):
        token = next((t for t in doc if t.idx < cut < t.idx + len(t.text)), None)
        if token is None:
            continue
        at = cut - token.idx
        with doc.retokenize() as retokenizer:
            retokenizer.split(token, [token.text[:at], token.text[at:]], heads=[(token, 0), (token, 1)],
                              attrs={"SPACY": [False, token.whitespace_ != ""]})


@Language.component("kg_layout")
def kg_layout(doc: Doc) -> Doc:
    """Mark sentence starts at paragraph breaks, after lines that end a sentence, and after
    a dateline; note the headline and dateline (runs before the parser)."""
    found = read_layout(doc.text)
    doc.user_data[LAYOUT_KEY] = found
    for start, end in found.credits:  # the outlet's name between slashes is a token of its own
        _token_bounds(doc, start, end)
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
    for i in range(1, len(doc) - 1):  # "the Prime Minister, Hon. Ana Lind": no sentence ends at "Hon."
        if i not in starts and doc[i].text == "." and doc[i - 1].lower_ in _TITLE_ABBREVIATIONS \
                or doc[i].text.endswith(".") and doc[i].lower_ in _TITLE_ABBREVIATIONS:
            if doc[i + 1].is_title and "\n" not in doc[i].whitespace_ and i + 1 not in starts:
                doc[i + 1].is_sent_start = False
    return doc
