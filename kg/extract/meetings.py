"""metWith: the parties of a meeting, pairwise, with its place and date when stated.

Forms: "X met (with) Y (and Z)", "X and Y met", "X held talks / a meeting with Y",
"X received Y", "talks between X and Y", "X visited P and met Y". "The members of
ORG" and similar stand for ORG. Without a stated date the publication date is used
and marked as such (by the ``resolve`` stage).
"""
from __future__ import annotations

from itertools import combinations
from typing import Iterator

from spacy.tokens import Doc, Span, Token

from ..records import Relation
from .common import SUBJECTS, entity_at, index, mention_for, parties_of, sentence_for
from .tokens import having

MEETING_NOUNS = {"talk", "talks", "meeting", "discussion", "discussions", "negotiation",
                 "negotiations", "consultation", "consultations", "conversation", "summit", "call",
                 "debate", "interview", "session", "encounter", "conference"}
HOLD_VERBS = {"hold", "have", "conduct", "host", "convene", "arrange", "attend"}
# Verbs whose subject meets the parties named after "with" ("negotiated with the Soviet Union").
WITH_VERBS = {"meet", "negotiate", "talk", "confer", "consult", "debate", "sit", "interview", "discuss",
              "speak", "chat"}
# Verbs whose subject meets the person or organization that is their object ("X visited Y").
VISIT_VERBS = {"receive", "host", "visit", "welcome"}
# Verbs whose coordinated subjects meet ("X and Y convened").
TOGETHER_VERBS = {"meet", "convene", "debate", "negotiate", "confer", "gather"}
def _subjects(verb: Token) -> list[Token]:
    subs = [c for c in verb.children if c.dep_ in SUBJECTS]
    if not subs and verb.dep_ == "xcomp":  # "prompted X to convene a call", "asked X to meet Y"
        objects = [c for c in verb.head.children if c.dep_ in {"dobj", "obj"}]
        if objects:
            return objects
    if not subs and verb.dep_ in {"conj", "xcomp", "advcl"}:
        return _subjects(verb.head)  # "X visited Baku and met Y", "X went to meet Y"
    return subs


def _with_objects(token: Token) -> list[Token]:
    out = []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in {"with", "between", "among"}:
            out.extend(c for c in child.children if c.dep_ == "pobj")
    return out


def _place(doc: Doc, anchors: list[Token]) -> Span | None:
    """The last place inside an "in"/"at" phrase attached to the meeting words."""
    found = None
    for anchor in anchors:
        for child in anchor.children:
            if child.dep_ == "prep" and child.lower_ in {"in", "at"}:
                for t in child.subtree:
                    ent = entity_at(doc, t.i, {"GPE", "LOC", "FAC"})
                    if ent is not None:
                        found = ent
    return found


def _date(doc: Doc, anchors: list[Token]) -> Span | None:
    for anchor in anchors:
        for child in anchor.children:
            for t in child.subtree:
                if t.ent_type_ in {"DATE"} and child.dep_ in {"prep", "npadvmod", "tmod", "advmod"}:
                    return next(e for e in index(doc).ents if e.start <= t.i < e.end)
    return None


def _meeting(doc: Doc, rule: str, anchors: list[Token], sides: list[list[Span]]) -> Iterator[Relation]:
    """Relations between every pair of parties of one meeting."""
    parties: list[Span] = []
    for side in sides:
        for ent in side:
            if ent not in parties:
                parties.append(ent)
    if len(parties) < 2:
        return
    place = _place(doc, anchors)
    date = _date(doc, anchors)
    group = f"{anchors[0].i}"
    sentence = sentence_for(doc, anchors[0].i)
    place_m = mention_for(place) if place is not None else None
    if len(sides) == 2 and sides[0] and sides[1]:
        pairs = [(a, b) for a in sides[0] for b in sides[1] if a != b]
        pairs += list(combinations(sides[1], 2)) if len(sides[1]) > 1 and rule.endswith("_and") else []
    else:
        pairs = list(combinations(parties, 2))
    for a, b in pairs:
        head, tail = mention_for(a), mention_for(b)
        if head.type == "Place" and tail.type == "Place":
            continue
        yield Relation("metWith", head, tail, sentence, rule, 0.8, place=place_m,
                       date=date.text if date is not None else None, group=group)


_MEET_VERBS = WITH_VERBS | TOGETHER_VERBS
_ANCHOR_LEMMAS = _MEET_VERBS | HOLD_VERBS | VISIT_VERBS


def _anchors(doc: Doc) -> list[Token]:
    """The tokens a meeting can hang on: its verbs, and nouns such as "talks"."""
    found = {t.i: t for t in having(doc, "lemma", _ANCHOR_LEMMAS)}
    found.update((t.i, t) for t in having(doc, "lower", MEETING_NOUNS))
    return [found[i] for i in sorted(found)]


def extract(doc: Doc) -> Iterator[Relation]:
    """Yield metWith relations found in ``doc``."""
    for token in _anchors(doc):
        lemma = token.lemma_.lower()
        if lemma in _MEET_VERBS and token.pos_ == "VERB":
            subjects = parties_of(_subjects(token), groups=True)
            direct = [c for c in token.children if c.dep_ in {"dobj", "obj"}] \
                if lemma in {"meet", "debate", "interview"} else []
            objects = parties_of(direct + (_with_objects(token) if lemma in WITH_VERBS else []), groups=True)
            if objects:
                yield from _meeting(doc, f"meetings.{lemma}_with", [token], [subjects, objects])
            elif len(subjects) >= 2 and lemma in TOGETHER_VERBS:
                yield from _meeting(doc, f"meetings.x_and_y_{lemma}", [token], [subjects])
        if lemma in HOLD_VERBS and token.pos_ in {"VERB", "AUX"}:
            for obj in (c for c in token.children if c.dep_ in {"dobj", "obj"}):
                if obj.lower_ in MEETING_NOUNS or obj.lemma_.lower() in MEETING_NOUNS:
                    subjects = parties_of(_subjects(token), groups=True)
                    others = parties_of(_with_objects(obj) + _with_objects(token), groups=True)
                    if subjects and others:
                        yield from _meeting(doc, "meetings.held_talks_with", [token, obj], [subjects, others])
                    elif len(others) >= 2 and any(p.lower_ == "between" for p in obj.children):
                        yield from _meeting(doc, "meetings.talks_between", [token, obj], [others])
        elif lemma in VISIT_VERBS and token.pos_ == "VERB":
            objects = [c for c in token.children if c.dep_ in {"dobj", "obj"}]
            guests = [e for e in parties_of(objects) if e.label_ in {"PERSON", "ORG"}]
            hosts = parties_of(_subjects(token), groups=True)
            if hosts and guests:
                yield from _meeting(doc, f"meetings.{lemma}", [token], [hosts, guests])
        elif token.lower_ in MEETING_NOUNS and token.pos_ == "NOUN" and token.head.lemma_.lower() not in HOLD_VERBS:
            inner = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "between"]
            if inner:
                parties = parties_of([c for p in inner for c in p.children if c.dep_ == "pobj"])
                if len(parties) >= 2:
                    yield from _meeting(doc, "meetings.talks_between", [token], [parties])
                continue
            # "the first Clinton - Trump debate", "the Biden-Xi summit"
            named = parties_of([t for c in token.children if c.dep_ in {"compound", "nmod", "amod"}
                                for t in c.subtree], frozenset({"PERSON", "ORG", "GPE"}))
            if len(named) >= 2:
                yield from _meeting(doc, "meetings.x_y_meeting", [token], [named])
