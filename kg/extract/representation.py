"""represents: a team, delegation, athlete or person acts for a country or organization.

Forms: "COUNTRY/DEMONYM (national) team|squad|delegation" and "Team COUNTRY" (the team
represents the country, at the event named in the sentence); "ORG delegation", "a delegation of / from /
representing ORG" (the delegation, a group, represents the body it comes from); "X plays
for TEAM".
Posts such as ambassador or representative are read by ``officials``; the represents
model decides every candidate pair (``component.decide``).
"""
from __future__ import annotations

from typing import Iterator

from spacy.tokens import Doc, Span, Token

from ..records import Mention, Relation
from .common import (SUBJECTS, agents, country_mention, entity_at, index, mention_for, parties_of, sentence_for,
                     sentence_span, subject_person)
from .entities import bare_word, mention
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
        if ent.label_ != "ORG" or ent[-1].lower_ not in TEAM_HEADS and ent[0].text != "Team":
            continue
        country = country_mention(ent)
        if country is None:
            continue
        yield Relation("represents", mention_for(ent), country, sentence_for(doc, ent.start),
                       "representation.national_team", 0.9, event=_event_near(doc, ent))


_DELEGATIONS = frozenset({"delegation", "delegations"})
_DELEGATIONS_KEY = "kg_delegation_groups"


def delegations(doc: Doc) -> list[tuple[Span, Mention]]:
    """Delegations named by the body they come from, as (the delegation, a span labelled
    GROUP; the body): "a UNDP delegation", "the Senate's delegation", "a
    delegation of the National Assembly", "a delegation from Uppsala University". A country's
    delegation ("the Chilean delegation") is a team span of its own (``_teams``)."""
    found = doc.user_data.get(_DELEGATIONS_KEY)
    if found is not None:
        return found
    found = []
    idx = index(doc)
    for token in having(doc, "lower", _DELEGATIONS):
        if token.pos_ not in {"NOUN", "PROPN"} or token.i in idx.entity_of:
            continue
        j = token.i - 1 - (token.i >= 2 and doc[token.i - 1].text in {"'s", "’s"})
        body = idx.entity_of.get(j) if j >= 0 else None
        if body is not None and body.label_ == "ORG" and body.end == j + 1:
            start, end = body.start, token.i + 1  # "the UNDP delegation", "the Senate's delegation"
            start = _modifiers_before(doc, start)  # "a three-member FIFA delegation"
        else:
            k = token.i + 1
            if k < len(doc) and doc[k].lower_ in {"of", "from", "representing"}:
                k += 1 + (k + 1 < len(doc) and doc[k + 1].lower_ == "the")
            body = idx.entity_of.get(k) if k < len(doc) and k > token.i + 1 else None
            if body is None or body.start != k or body.label_ not in {"ORG", "GPE"}:
                continue
            start, end = token.i, body.end  # "a delegation from the Valmont Chamber of Commerce"
            head = body.root.head
            if body.root.dep_ in {"compound", "amod", "nmod"} and head.i >= end and head.is_lower \
                    and head.right_edge.i - end < 6:
                end = head.right_edge.i + 1  # "a delegation of U.S. senators and representatives"
            start = _modifiers_before(doc, start)  # "a high-level delegation from X", "the visiting delegation of X"
        if bare_word(body):
            continue
        found.append((Span(doc, start, end, label="GROUP"), _as_party(body)))
    doc.user_data[_DELEGATIONS_KEY] = found
    return found


_POSSESSIVES = frozenset({"his", "her", "their", "its", "our"})


def unnamed_delegations(doc: Doc) -> list[Span]:
    """Delegations named by no body or country: "the visiting delegation", "his delegation",
    "a five-member parliamentary delegation" (spans labelled GROUP). Which delegation each
    is, the resolver says (the article's one delegation, ``resolve._unnamed_visit``)."""
    idx = index(doc)
    named = [g for g, _ in delegations(doc)] + [e for e in idx.ents if e[-1].lower_ in _DELEGATIONS]
    covered = {i for span in named for i in range(span.start, span.end)}
    spans = []
    for token in having(doc, "lower", _DELEGATIONS):
        if token.pos_ not in {"NOUN", "PROPN"} or token.i in idx.entity_of or token.i in covered:
            continue
        start = _modifiers_before(doc, token.i)
        start -= start > 0 and doc[start - 1].lower_ in _POSSESSIVES
        spans.append(Span(doc, start, token.i + 1, label="GROUP"))
    return spans


def _modifiers_before(doc: Doc, start: int) -> int:
    """The start of the lower-case words that qualify a delegation before ``start``
    ("high-level", "seven-member", "visiting", "parliamentary"); not a determiner."""
    while start > 0 and (doc[start - 1].text == "-" or doc[start - 1].like_num or doc[start - 1].is_lower and (
            doc[start - 1].pos_ in {"ADJ", "NUM", "NOUN"} or doc[start - 1].tag_ in {"VBG", "VBN"})):
        start -= 1
    while start < len(doc) and doc[start].text == "-":
        start += 1
    return start


def _delegations(doc: Doc) -> Iterator[Relation]:
    for group, body in delegations(doc):
        yield Relation("represents", mention_for(group), body, sentence_for(doc, group.start),
                       "representation.delegation", 0.9, event=_event_near(doc, group))


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


_ACTING = frozenset({"PERSON", "ORG"})
_ACTED_FOR = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def _doers(verb: Token) -> list[Token]:
    """Who does what ``verb`` says: the agent of a passive, else its subject ("X, who
    represents Y": X)."""
    found = agents(verb)
    if found:
        return found
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects and verb.dep_ in {"conj", "xcomp"}:  # "and represented Y", "chosen to represent Y"
        subjects = [c for c in verb.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return subjects


def _acting_for(doc: Doc) -> Iterator[Relation]:
    """"X represented Y", "Y, represented by X": X acts for Y (a country, a body or a
    person)."""
    for verb in having(doc, "lemma", {"represent"}):
        if verb.pos_ != "VERB":
            continue
        if verb.tag_ == "VBN" and agents(verb):
            # "Hon Isaac Asiamah, represented by the Deputy Minister, Hon Perry Okudjeto"
            acting = agents(verb)
            acted_for = [c for c in verb.children if c.dep_ == "nsubjpass"] or (
                [verb.head] if verb.dep_ in {"acl", "relcl"} else [])
        elif verb.dep_ == "acl":  # "the officials representing X": only a named head acts for X
            named = entity_at(doc, verb.head.i, _ACTING)
            yield from _pairs(doc, [named.root] if named is not None else [],
                              [c for c in verb.children if c.dep_ in {"dobj", "obj"}], verb)
            continue
        elif verb.tag_ == "VBG" and not any(c.dep_ == "aux" for c in verb.children):
            continue  # "X and officials representing Y" parsed as a sentence of its own
        else:
            acting = _doers(verb)
            acted_for = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
        yield from _pairs(doc, acting, acted_for, verb)


def _pairs(doc: Doc, acting: list[Token], acted_for: list[Token], anchor: Token) -> Iterator[Relation]:
    """Each named party of ``acting`` represents each of ``acted_for``."""
    heads = []
    for t in acting:
        person = subject_person(doc, t)  # "X, who represents Y"
        heads += [person] if person is not None else [e for e in parties_of([t], _ACTING) if e.label_ in _ACTING]
    tails = [e for e in parties_of(acted_for, _ACTED_FOR) if e.label_ in _ACTED_FOR and not bare_word(e)]
    for head in heads:
        for tail in tails:
            if head != tail:
                yield Relation("represents", mention_for(head), _as_party(tail), sentence_for(doc, anchor.i),
                               "representation.verb", 0.8)


def extract(doc: Doc) -> Iterator[Relation]:
    """Yield represents relations found in ``doc``."""
    yield from _teams(doc)
    yield from _delegations(doc)
    yield from _plays_for(doc)
    yield from _acting_for(doc)

