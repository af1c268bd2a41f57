"""Small helpers shared by the relation extractors."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..records import Mention, Sentence
from .entities import LABEL_TYPES, country_of_team, mention
from .lexicon import GROUP_NOUNS

# Dependency labels (module constants, as in textacy).
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
OBJECTS = {"dobj", "obj", "attr", "oprd"}
_INDEX_KEY = "kg_index"


@dataclass
class DocIndex:
    """Per-Doc lookups computed once: sentences, and the entity covering each token."""

    sentences: list[Sentence]
    sentence_of: dict[int, int]
    entity_of: dict[int, Span] = field(default_factory=dict)
    mention_of: dict[tuple[int, int], Mention] = field(default_factory=dict)


def index(doc: Doc) -> DocIndex:
    cached = doc.user_data.get(_INDEX_KEY)
    if cached is not None and cached[0] == tuple((e.start, e.end, e.label_) for e in doc.ents):
        return cached[1]
    sentences, sentence_of = [], {}
    for i, sent in enumerate(doc.sents):
        text = sent.text
        start = sent.start_char + (len(text) - len(text.lstrip()))
        sentences.append(Sentence(i, start, start + len(text.strip()), text.strip()))
        for t in sent:
            sentence_of[t.i] = i
    idx = DocIndex(sentences, sentence_of)
    for ent in doc.ents:
        if ent.label_ not in LABEL_TYPES:
            continue
        for i in range(ent.start, ent.end):
            idx.entity_of[i] = ent
        idx.mention_of[(ent.start, ent.end)] = mention(ent, sentence_of[ent.start])
    doc.user_data[_INDEX_KEY] = (tuple((e.start, e.end, e.label_) for e in doc.ents), idx)
    return idx


def entity_at(doc: Doc, i: int, labels: set[str] | None = None) -> Span | None:
    """The kept entity covering token ``i`` (optionally only with one of ``labels``)."""
    ent = index(doc).entity_of.get(i)
    if ent is not None and (labels is None or ent.label_ in labels):
        return ent
    return None


def mention_for(span: Span) -> Mention:
    return index(span.doc).mention_of[(span.start, span.end)]


def sentence_for(doc: Doc, token_i: int) -> Sentence:
    idx = index(doc)
    return idx.sentences[idx.sentence_of[token_i]]


def country_mention(team: Span) -> Mention | None:
    """The country named inside a team span ("Azerbaijani" in "the Azerbaijani team")."""
    part = country_of_team(team)
    if part is None:
        return None
    return mention(part, index(team.doc).sentence_of[part.start], type_="Place")


PARTY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def parties(token: Token, labels=PARTY_LABELS) -> list[Span]:
    """The entities a noun phrase stands for.

    The phrase's own entity, the entities in apposition or coordinated with it
    ("Microsoft's chief executive, Satya Nadella", "X and Y"), and X in "the members
    of X". Modifiers (possessives, prepositional phrases) are not parties.
    """
    doc = token.doc
    found: list[Span] = []
    stack, seen = [token], set()
    while stack:
        t = stack.pop(0)
        if t.i in seen:
            continue
        seen.add(t.i)
        ent = entity_at(doc, t.i, set(labels))
        if ent is not None and ent not in found:
            found.append(ent)
        stack.extend(c for c in t.children if c.dep_ in {"appos", "conj"})
        if ent is None and t.lower_ in GROUP_NOUNS:
            for prep in t.children:
                if prep.dep_ == "prep" and prep.lower_ in {"of", "from"}:
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            ent = entity_at(doc, pobj.i, {"PERSON", "ORG", "GPE"})
                            if ent is not None and ent not in found:
                                found.append(ent)
    return found


def parties_of(tokens: list[Token], labels=PARTY_LABELS) -> list[Span]:
    """The distinct parties of several noun phrases, in order."""
    out: list[Span] = []
    for token in tokens:
        for ent in parties(token, labels):
            if ent not in out:
                out.append(ent)
    return out
