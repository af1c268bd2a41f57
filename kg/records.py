"""Plain records that flow between the stages.

They hold only plain values, so ``resolve``, ``rdf`` and ``store`` never need spaCy.
Offsets are character offsets into ``Document.text``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

ENTITY_TYPES = ("Person", "Organization", "Place", "Event", "Group")
# The relation names come from the ontology: kg.namespace.relation_names().


@dataclass(frozen=True)
class Document:
    """One article: its identifier, stored text and publication date (ISO, if known)."""

    identifier: str
    text: str
    date: str | None = None
    source: str | None = None  # where it was read from, for messages
    title: str | None = None
    author: str | None = None
    url: str | None = None
    publisher: str | None = None  # the outlet or site ("Azernews", "news.example")


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A span of text naming an entity of one of ``ENTITY_TYPES``."""

    start: int
    end: int
    text: str
    type: str
    sentence: int
    refers_to: "Mention | None" = None  # a pronoun or description resolved to a named mention
    name: str | None = None  # the entity's name when the text names it only in part ("Health" of "Health Minister")


@dataclass(frozen=True)
class Relation:
    """A relation between two mentions, read from one sentence."""

    type: str
    head: Mention
    tail: Mention
    sentence: Sentence
    rule: str
    confidence: float
    role: str | None = None  # officialOf: the post as written
    role_norm: str | None = None  # officialOf: normalised post
    place: Mention | None = None  # metWith
    date: str | None = None  # metWith: ISO date, or text when it cannot be resolved
    event: Mention | None = None  # represents: the occasion
    group: str | None = None  # metWith: relations of one meeting share a group id
    modality: str = "asserted"  # asserted | future | hedged | negated
    attribution: Mention | None = None  # who says so ("X said", "Azernews reports")


@dataclass(frozen=True)
class Entity:
    """An entity of one document after resolution: its mentions and names."""

    key: str  # deterministic, document independent: "Person/ilgar rahimov"
    type: str
    label: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class Fact:
    """A relation between resolved entities (keys), with the evidence it came from."""

    type: str
    head: str
    tail: str
    relation: Relation
    place: str | None = None
    event: str | None = None
    date: str | None = None  # ISO date of a meeting, or the text when it cannot be read
    date_source: str | None = None  # stated | resolved (relative to publication) | publication
    attribution: str | None = None  # entity key of who says so


@dataclass(frozen=True)
class Parsed:
    """What the nlp and extract stages found in one document, before resolution: what an
    extraction process sends back (plain values, never spaCy objects)."""

    document: Document
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    relations: tuple[Relation, ...]
    model: tuple[str, str]
    note: str | None = None  # why no facts were read from it ("not prose: ..."), if so


@dataclass(frozen=True)
class Extraction:
    """Everything kg learnt from one document."""

    document: Document
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    facts: tuple[Fact, ...]
    model: tuple[str, str] = ("", "")  # spaCy pipeline name and version
    errors: tuple[str, ...] = field(default=())
    note: str | None = None  # why no facts were read from it ("not prose: ..."), if so
