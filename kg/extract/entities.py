"""Entity repairs on top of the statistical NER, using evidence the text gives.

Each repair is a small function ``(doc) -> list of (span, action)`` over a parsed Doc;
``repair_entities`` applies them in order. None of them names an article's people or
organizations: they rely on name shapes (event names end in "Games", "Summit", ...),
context (a post before a name, "X said"), agreement between mentions of one name, and
the country gazetteer for demonyms.
"""
from __future__ import annotations

import re
from typing import Iterable

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..records import Mention
from .tokens import having, view
from .lexicon import (EVENT_HEADS, ORG_HEADS, ROLE_HEADS, ROLE_MODIFIERS, SPEECH_VERBS, TEAM_HEADS,
                      countries)

#: spaCy labels kg keeps as entities, and the type each becomes.
LABEL_TYPES = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "EVENT": "Event",
}

_YEAR = re.compile(r"^(1[89]\d\d|20\d\d|2100)$")
_CITY_YEAR = re.compile(r"^[A-Z][a-z]+-(1[89]\d\d|20\d\d)$")
_DETERMINERS = {"the", "a", "an"}


_ENTS_KEY = "kg_ents"


def _ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents`` while the repairs run, made once per change (the getter makes new Spans
    every time it is read)."""
    ents = doc.user_data.get(_ENTS_KEY)
    if ents is None:
        ents = doc.user_data[_ENTS_KEY] = doc.ents
    return ents


def _set_ents(doc: Doc, spans) -> None:
    doc.ents = spans
    doc.user_data.pop(_ENTS_KEY, None)


def _is_name_word(token: Token) -> bool:
    return token.is_title or token.is_upper and len(token) > 1


def _event_spans(doc: Doc) -> list[Span]:
    """Names ending in an event word: "Paris 2024 Summer Olympic and Paralympic Games"."""
    spans = []
    orgs = [e for e in _ents(doc) if e.label_ == "ORG"]
    for token in having(doc, "lower", EVENT_HEADS):
        if not _is_name_word(token):
            continue
        if any(e.start <= token.i < e.end for e in orgs):
            continue  # "World Cup Organizing Committee" stays an organization
        start = token.i
        i = token.i - 1
        while i >= token.sent.start:
            left = doc[i]
            if _is_name_word(left) or left.like_num or left.text == "-":
                if left.lower_ in _DETERMINERS:
                    break
                start = i
            elif left.lower_ in {"and", "of", "&"} and i - 1 >= token.sent.start and (
                    _is_name_word(doc[i - 1]) or doc[i - 1].like_num):
                start = i  # "Olympic and Paralympic Games"
            else:
                break
            i -= 1
        while start < token.i and doc[start].lower_ in {"and", "of", "&", "-"}:
            start += 1
        if token.i - start >= 1:
            spans.append(Span(doc, start, token.i + 1, label="EVENT"))
    return spans


def _city_year_spans(doc: Doc) -> list[Span]:
    """A place followed by a year names an edition of an event: "Paris 2024", "Tokyo-2020"."""
    spans = []
    in_org = {i for e in _ents(doc) if e.label_ == "ORG" for i in range(e.start, e.end)}
    for ent in _ents(doc):
        if ent.label_ == "GPE" and len(ent) == 1 and ent.end < len(doc) and _YEAR.match(doc[ent.end].text):
            spans.append(Span(doc, ent.start, ent.end + 1, label="EVENT"))
    for i, text in enumerate(view(doc).text):
        if "-" in text and _CITY_YEAR.match(text) and i not in in_org:
            spans.append(Span(doc, i, i + 1, label="EVENT"))
    return spans


def _team_spans(doc: Doc) -> list[Span]:
    """A country's team: "the Azerbaijani team", "Azerbaijan's national football team"."""
    spans = []
    gazetteer = countries()
    for token in having(doc, "lower", TEAM_HEADS):
        if token.pos_ not in {"NOUN", "PROPN"}:
            continue
        i = token.i - 1
        while i >= token.sent.start and token.i - i <= 3 and doc[i].is_lower and doc[i].pos_ in {"ADJ", "NOUN"}:
            i -= 1  # "national", "football", "women's"
        if i >= 1 and doc[i].text in {"'s", "’s"}:
            i -= 1
        if i < token.sent.start:
            continue
        start = _country_start(doc, i, gazetteer)
        if start is not None:
            spans.append(Span(doc, start, token.i + 1, label="ORG"))
    return spans


def _country_start(doc: Doc, end: int, gazetteer) -> int | None:
    """Start of a country name or demonym ending at token ``end`` (inclusive)."""
    for length in (3, 2, 1):
        start = end - length + 1
        if start < 0:
            continue
        words = doc[start:end + 1].text
        if gazetteer.country(words) and _is_name_word(doc[start]):
            return start
    return None


def country_of_team(span: Span) -> Span | None:
    """The part of a team span that names its country, or None."""
    gazetteer = countries()
    if span[-1].lower_ not in TEAM_HEADS:
        return None
    for length in (3, 2, 1):
        if length < len(span) and gazetteer.country(span[:length].text):
            return span[:length]
    return None


def _extend_org_of(doc: Doc) -> list[Span]:
    """"the Organizing Committee" + "of the Paris 2024 Games" is one name."""
    spans = []
    ents = {e.start: e for e in _ents(doc)}
    for ent in _ents(doc):
        if ent.label_ != "ORG" or ent[-1].lower_ not in ORG_HEADS:
            continue
        i = ent.end
        if i < len(doc) and doc[i].lower_ == "of":
            j = i + 1
            if j < len(doc) and doc[j].lower_ == "the":
                j += 1
            nxt = ents.get(j)
            if nxt is not None and nxt.label_ in {"EVENT", "GPE"}:
                spans.append(Span(doc, ent.start, nxt.end, label="ORG"))
    return spans


def _org_references(doc: Doc) -> list[Span]:
    """"the Federation" after "the World Rowing Federation": a reference to an organization."""
    heads = {e[-1].lower_ for e in _ents(doc) if e.label_ == "ORG"}
    spans = []
    for token in having(doc, "lower", heads):
        if (token.is_title and token.i > 0 and doc[token.i - 1].lower_ == "the"
                and token.ent_type_ == "" and (token.i + 1 == len(doc) or not _is_name_word(doc[token.i + 1]))):
            spans.append(Span(doc, token.i, token.i + 1, label="ORG"))
    return spans


_TITLE_ABBREVIATIONS = {"lt", "lt.", "sgt", "sgt.", "capt", "capt.", "col", "col.", "gen", "gen.",
                        "sen", "sen.", "rep", "rep.", "gov", "gov.", "cmdr", "supt", "dr", "dr."}


def _clean_spans(doc: Doc) -> list[Span]:
    """Trim what NER swallows: "Harvard University 's", "Coast Guard Lt", "PRD ( Party of X"."""
    out = []
    for ent in _ents(doc):
        start, end = ent.start, ent.end
        while end - start > 1 and (doc[end - 1].text in {"'s", "’s", "'", "(", ",", "-"}
                                   or (ent.label_ == "ORG" and doc[end - 1].lower_ in _TITLE_ABBREVIATIONS)):
            end -= 1
        paren = next((t.i for t in doc[start:end] if t.text == "("), None)
        if paren is not None and ent.label_ == "ORG" and start < paren < end - 1:
            out.append(Span(doc, start, paren, label="ORG"))
            close = next((t.i for t in doc[paren:end] if t.text == ")"), end)
            out.append(Span(doc, paren + 1, close, label="ORG"))
            continue
        if (start, end) != (ent.start, ent.end):
            out.append(Span(doc, start, end, label=ent.label_))
    return out


def _split_country_prefix(doc: Doc) -> list[Span]:
    """"to Belarus Rafael Ramirez" tagged as one name: the country, then the person."""
    spans = []
    for ent in _ents(doc):
        if ent.label_ not in {"PERSON", "ORG"} or len(ent) < 3:
            continue
        for n in (2, 1):
            rest = Span(doc, ent.start + n, ent.end, label="PERSON")
            if countries().country(ent[:n].text) and _looks_like_personal_name(rest) and (
                    ent.label_ == "PERSON" or (ent.start > 0 and doc[ent.start - 1].lower_ in {"to", "of"})):
                spans += [Span(doc, ent.start, ent.start + n, label="GPE"), rest]
                break
    return spans


def _name_words(doc: Doc, end: int, limit: int = 4) -> int | None:
    """Start of an untagged run of capitalised name words ending just before ``end``."""
    start = end
    while start > 0 and end - start < limit:
        t = doc[start - 1]
        if t.ent_type_ or not (t.pos_ == "PROPN" and (t.is_title or t.is_upper)) \
                or t.lower_ in ROLE_HEADS or t.lower_ in ROLE_MODIFIERS:
            break
        start -= 1
    return start if start < end else None


def _untagged_names(doc: Doc) -> list[Span]:
    """Names NER missed, told by their context.

    "Vyacheslav Chornovil , leader of ..." is a person; "ITAR-TASS correspondent
    Mikhail Shevtsov" makes ITAR-TASS an organization.
    """
    spans = []
    candidates = having(doc, "text", {",", "("}) + having(doc, "lower", ROLE_HEADS)
    for token in sorted(candidates, key=lambda t: t.i):
        if token.text == "," and token.i + 2 < len(doc):
            nxt = [t for t in doc[token.i + 1:token.i + 5] if t.lower_ not in {"a", "an", "the"}]
            if any(t.lower_ in ROLE_HEADS for t in nxt[:3]):
                start = _name_words(doc, token.i)
                if start is not None and token.i - start >= 2:
                    spans.append(Span(doc, start, token.i, label="PERSON"))
        if token.text == "(" and token.i + 2 < len(doc) and doc[token.i + 2].text == ")" \
                and doc[token.i + 1].ent_type_ == "ORG" and doc[token.i + 1].is_upper:
            start = _name_words(doc, token.i, limit=8)
            if start is not None and token.i - start >= 2:
                spans.append(Span(doc, start, token.i, label="ORG"))  # "Border Patrol Police ( BPP )"
        after = token.i + 1
        if after + 2 < len(doc) and doc[after].lower_ == "to" and doc[after + 1].ent_type_ == "GPE":
            # "Representative to Belarus X"
            after = next((t.i for t in doc[after + 1:] if t.ent_type_ != "GPE"), len(doc))
        if token.lower_ in ROLE_HEADS and after < len(doc) and doc[after].ent_type_ == "PERSON":
            start = _name_words(doc, token.i, limit=3)
            if start is not None and not (token.i - start == 1 and doc[start].is_sent_start):
                spans.append(Span(doc, start, token.i, label="ORG"))
    return spans


def _person_evidence(span: Span) -> bool:
    """Text evidence that a name tagged otherwise is a person."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and (before.lower_ in ROLE_HEADS or before.lower_ in {"mr", "mr.", "ms", "ms.", "mrs", "mrs.", "dr", "dr."}):
        return True
    # "..., head of X, NAME" / "director of X NAME": a post-of-organization just before
    k = span.start - 1
    if k >= 0 and doc[k].text == ",":
        k -= 1
    ent_before = next((e for e in _ents(doc) if e.end == k + 1), None)
    if ent_before is not None and ent_before.label_ in {"ORG", "GPE"}:
        for t in doc[max(ent_before.sent.start, ent_before.start - 8):ent_before.start]:
            if t.lower_ in ROLE_HEADS:
                return True
    # "NAME, head of ...", "NAME, presidential candidate of ..." and "NAME said"
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.text == "," and any(
            t.lower_ in ROLE_HEADS for t in doc[span.end + 1:span.end + 4]):
        return True
    root = span.root
    return root.dep_ == "nsubj" and root.head.lemma_ in SPEECH_VERBS and root.head.lemma_ != "say"


_INITIAL = re.compile(r"^[A-Z]\.$")


def _appositive_person(span: Span) -> bool:
    """"NAME , 47 , ..." or "NAME , a professor of ...": an age or an occupation in apposition."""
    doc = span.doc
    i = span.end
    if i + 2 < len(doc) and doc[i].text == "," and doc[i + 1].like_num and doc[i + 2].text == ",":
        return True
    if i + 3 < len(doc) and doc[i].text == "," and doc[i + 1].lower_ in {"a", "an"}:
        head = next((t for t in doc[i + 2:i + 6] if t.pos_ == "NOUN"), None)
        return head is not None and (head.lower_ in ROLE_HEADS or head.lower_.endswith(("ist", "er", "or", "ant", "ent")))
    return False


def _looks_like_personal_name(span: Span, single: bool = False) -> bool:
    words = [t for t in span if t.lower_ not in _DETERMINERS]
    return ((1 if single else 2) <= len(words) <= 4
            and all((t.is_title and t.is_alpha) or _INITIAL.match(t.text) for t in words)
            and words[0].is_alpha and words[-1].is_alpha
            and not any(t.lower_ in ORG_HEADS or t.lower_ in EVENT_HEADS or t.lower_ in TEAM_HEADS for t in words)
            and not any(countries().country(t.text) for t in words))


def _relabel_people(doc: Doc) -> list[Span]:
    """ORG/GPE/NORP-tagged names that the text shows to be people, and all their repeats."""
    candidates = [e for e in _ents(doc) if e.label_ in {"ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART"}
                  and _looks_like_personal_name(e)]
    names = {e.text for e in candidates if _person_evidence(e)}
    singles = [e for e in _ents(doc) if e.label_ in {"ORG", "GPE", "NORP"} and _looks_like_personal_name(e, single=True)
               and _appositive_person(e)]
    candidates += singles
    names |= {e.text for e in singles}
    people = {e.text for e in _ents(doc) if e.label_ == "PERSON"} | names
    names |= people
    # a lone surname of a person named in full ("Lindqvist said")
    surnames = {name.split()[-1] for name in people if len(name.split()) > 1}
    candidates += [e for e in _ents(doc) if e.label_ in {"ORG", "GPE", "NORP"} and len(e) == 1
                   and e.text in surnames and not countries().country(e.text)]
    names |= surnames
    spans = [Span(doc, e.start, e.end, label="PERSON") for e in candidates if e.text in names]
    # the same name untagged elsewhere ("the first Clinton - Trump debate")
    for token in having(doc, "text", surnames | people):
        if not token.ent_type_ and token.pos_ == "PROPN":
            spans.append(Span(doc, token.i, token.i + 1, label="PERSON"))
    return spans


def _agree_with_other_mentions(doc: Doc) -> list[Span]:
    """A one-word name tagged somewhere keeps its type where NER left it untagged."""
    labels: dict[str, set[str]] = {}
    for ent in _ents(doc):
        if len(ent) == 1 and ent.label_ in {"PERSON", "ORG", "GPE"}:
            labels.setdefault(ent.text, set()).add(ent.label_)
    return [Span(doc, t.i, t.i + 1, label=next(iter(labels[t.text]))) for t in having(doc, "text", labels.keys())
            if len(labels[t.text]) == 1 and not t.ent_type_ and t.pos_ == "PROPN"
            and t.is_title]


def _drop_adjective_places(doc: Doc) -> list[Span]:
    """"the Paralympic movement": an adjective in -ic is not a place (unless a country)."""
    drops = []
    for ent in _ents(doc):
        if ent.label_ in {"GPE", "NORP"} and len(ent) == 1:
            tok = ent[0]
            if tok.lower_.endswith(("ic", "ical")) and not countries().country(tok.text) \
                    and tok.dep_ in {"amod", "compound", "nmod"}:
                drops.append(ent)
    return drops


def _strip_determiner(span: Span) -> Span:
    while len(span) > 1 and span[0].lower_ in _DETERMINERS:
        span = Span(span.doc, span.start + 1, span.end, label=span.label_)
    return span


def _replace(doc: Doc, new: Iterable[Span], drop: Iterable[Span] = ()) -> None:
    from .common import forget_index

    new = list(new)
    dropped = {(s.start, s.end) for s in drop}
    if not new and not dropped:
        return  # nothing to change (the common case): leave the Doc and its index alone
    forget_index(doc)
    kept = [e for e in _ents(doc) if (e.start, e.end) not in dropped
            and not any(n.start < e.end and e.start < n.end for n in new)]
    _set_ents(doc, filter_spans(new + kept))


def repair_entities(doc: Doc) -> Doc:
    """Apply the repairs in order; each sees the entities the previous one left."""
    doc.user_data.pop(_ENTS_KEY, None)  # whatever set doc.ents before, start from it
    _replace(doc, _clean_spans(doc))
    _replace(doc, _split_country_prefix(doc))
    _replace(doc, _untagged_names(doc))
    _replace(doc, _event_spans(doc))
    _replace(doc, _city_year_spans(doc))
    _replace(doc, _extend_org_of(doc))
    _replace(doc, _team_spans(doc))
    _replace(doc, _org_references(doc))
    _replace(doc, _relabel_people(doc))
    _replace(doc, _agree_with_other_mentions(doc))
    _replace(doc, [], drop=_drop_adjective_places(doc))
    ents = _ents(doc)
    stripped = [_strip_determiner(e) for e in ents]
    if any(len(a) != len(b) for a, b in zip(ents, stripped)):
        from .common import forget_index

        _set_ents(doc, stripped)
        forget_index(doc)
    doc.user_data.pop(_ENTS_KEY, None)
    return doc


def mention(span: Span, sentence_index: int, type_: str | None = None) -> Mention | None:
    """The kg mention for an entity span, or None for labels kg does not keep."""
    type_ = type_ or LABEL_TYPES.get(span.label_)
    if type_ is None:
        return None
    return Mention(start=span.start_char, end=span.end_char, text=span.text,
                   type=type_, sentence=sentence_index)
