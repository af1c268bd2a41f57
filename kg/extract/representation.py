"""represents: a team, delegation, athlete or person acts for a country or organization.

Forms: "COUNTRY/DEMONYM (national) team|squad|delegation" (the team represents the
country, at the event named in the sentence), "X plays for TEAM", "X ... on behalf of Y".
Posts such as ambassador or representative are read by ``officials``; the represents
model decides every candidate pair (``component.decide``).
"""
from __future__ import annotations

from typing import Iterator

from spacy.tokens import Doc, Span

from ..records import Mention, Relation
from .common import (SUBJECTS, country_mention, index, mention_for, parties_of, sentence_for,
                     sentence_span, subject_person)
from .entities import mention
from .lexicon import TEAM_HEADS
from .tokens import having

_REPRESENTED = frozenset({"ORG", "GPE", "NORP"})
_REPRESENTATIVE = frozenset({"PERSON", "ORG"})


def _event_near(doc: Doc, span: Span) -> Mention | None:
    """The event named in the same sentence, the nearest after the span first."""
    sent = sentence_span(doc, span.start)
    events = [e for e in index(doc).ents_in(sent) if e.label_ == "EVENT"]
    after = [e for e in events if e.start >= span.end]
    chosen = after[0] if after else (events[-1] if events else None)
    return mention_for(chosen) if chosen is not None else None


def _teams(doc: Doc) -> Iterator[Relation]:
    for ent in index(doc).ents:
        if ent.label_ != "ORG" or ent[-1].lower_ not in TEAM_HEADS:
            continue
        country = country_mention(ent)
        if country is None:
            continue
        yield Relation("represents", mention_for(ent), country, sentence_for(doc, ent.start),
                       "representation.national_team", 0.9, event=_event_near(doc, ent))


def _as_party(span: Span) -> Mention:
    if span.label_ == "NORP":
        return mention(span, index(span.doc).sentence_of[span.start], type_="Place")
    return mention_for(span)


SPORT_WORDS = frozenset("""
footballer football soccer player midfielder striker defender goalkeeper forward winger side club
team league season debut coach athlete cyclist rugby basketball hockey cricket
""".split())
PLAY_VERBS = {"play", "join", "sign", "debut", "score", "appear", "start"}


def _plays_for(doc: Doc) -> Iterator[Relation]:
    """"X plays (as a midfielder) for TEAM", "X joined French side TEAM", in a sports sentence."""
    for verb in having(doc, "lemma", PLAY_VERBS):
        if verb.pos_ != "VERB" or verb.lemma_ not in PLAY_VERBS:
            continue
        if not any(t.lower_ in SPORT_WORDS for t in sentence_span(doc, verb.i)):
            continue
        people = [p for p in (subject_person(doc, c) for c in verb.children if c.dep_ == "nsubj") if p]
        if not people and verb.dep_ in {"conj", "advcl", "xcomp"}:
            people = [p for p in (subject_person(doc, c) for c in verb.head.children if c.dep_ == "nsubj") if p]
        heads = [verb] + [c for c in verb.children if c.dep_ in {"dobj", "advmod", "prep"} and c.lower_ != "for"]
        targets = [g for h in heads for c in h.children
                   if c.dep_ == "prep" and c.lower_ in {"for", "with", "at"} for g in c.children if g.dep_ == "pobj"]
        if verb.lemma_ in {"join", "sign"}:
            targets += [c for c in verb.children if c.dep_ == "dobj"]
        for team in parties_of(targets, frozenset({"ORG"})):
            for person in people:
                yield Relation("represents", mention_for(person), mention_for(team), sentence_for(doc, verb.i),
                               "representation.plays_for", 0.75)


def extract(doc: Doc) -> Iterator[Relation]:
    """Yield represents relations found in ``doc``."""
    yield from _teams(doc)
    yield from _plays_for(doc)

