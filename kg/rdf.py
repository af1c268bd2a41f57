"""Stage 5: one document's extraction as RDF quads in the document's named graph.

What a document graph holds (see ``ontology/kg.ttl`` for every term):

* the document: ``kg:Document``, ``dcterms:identifier``, ``dcterms:date``, ``kg:text``
  (the stored text that every offset indexes) and the build that made it
  (``kg:Extraction`` with kg version and spaCy model name and version);
* each entity: its class, ``rdfs:label`` (fullest name) and ``skos:altLabel``s, and each
  mention as a ``kg:Mention`` (an ``oa:TextPositionSelector``: ``oa:start``/``oa:end``
  character offsets and ``oa:exact`` text);
* each fact as a direct triple (``kg:officialOf``, ``kg:holdsOfficeIn``, ``kg:metWith``,
  ``kg:represents``),
  described by an ``rdf:Statement`` with its evidence sentence, sentence offsets,
  extractor, confidence and ``prov:wasDerivedFrom`` the document; plus the n-ary
  detail: ``kg:Membership`` (role), ``kg:Meeting`` (participants, place, date),
  ``kg:Representation`` (occasion).

IRIs are deterministic: the same input always gives the same IRIs and triples, and no
blank nodes are used.
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import URIRef
from rdflib import namespace as ns

from . import __version__
from . import namespace as kgns
from .extract.lexicon import plain
from .link import link_place
from .namespace import relation_names
from .records import Extraction, Fact

Term = ox.NamedNode | ox.Literal
Quad = tuple[ox.NamedNode, ox.NamedNode, Term, ox.NamedNode]


class _Terms:
    """A vocabulary's IRIs as pyoxigraph terms (made once each): ``KG.officialOf``.

    Quads are built from pyoxigraph terms directly, so writing them to the store needs
    no conversion (rdflib terms cost several times more to make and convert).
    """

    def __init__(self, base: str, cache: bool = True):
        self._base, self._cache = str(base), cache

    def __getitem__(self, name: str) -> ox.NamedNode:
        node = ox.NamedNode(self._base + name)
        if self._cache:
            setattr(self, name, node)  # the next KG.name is a plain attribute
        return node

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]


DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD = (_Terms(n) for n in (ns.DCTERMS, ns.OWL, ns.PROV, ns.RDF, ns.RDFS,
                                                                ns.SKOS, ns.XSD))
KG, OA = _Terms(kgns.KG), _Terms(kgns.OA)
ID = _Terms(kgns.ID, cache=False)  # one node per document, entity, mention...: not kept
ENTITY_CLASSES = {name: ox.NamedNode(str(iri)) for name, iri in kgns.ENTITY_CLASSES.items()}
Literal = ox.Literal


@lru_cache(maxsize=65536)
def encode(text: str, keep: str = "-.~", space: str = "_") -> str:
    """An IRI path segment for any text: readable, reversible, so never colliding.

    ASCII letters, digits and the characters in ``keep`` stay; a space becomes
    ``space``; every other character is percent-encoded as UTF-8.

    >>> encode("ilgar rahimov")
    'ilgar_rahimov'
    >>> encode("a_b <c>")
    'a%5Fb_%3Cc%3E'
    >>> encode("news/2024 03.txt", keep="-._~/", space="%20")
    'news/2024%2003.txt'
    """
    out = []
    for ch in text:
        if ch.isascii() and (ch.isalnum() or ch in keep):
            out.append(ch)
        elif ch == " ":
            out.append(space)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
    return "".join(out)


_WORDS = re.compile(r"\w+")


def name_key(text: str) -> str:
    """A name as lookups compare it (``kg:nameKey``): case folded, accents dropped, words
    only, one space between them ("Karel Dvořák" -> "karel dvorak", "Paris-2024" -> "paris 2024")."""
    return " ".join(_WORDS.findall(plain(text.casefold())))


def document_iri(identifier: str) -> URIRef:
    """A document's IRI (its named graph): the identifier, kept readable."""
    return URIRef(_graph(identifier).value)


def _graph(identifier: str) -> ox.NamedNode:
    return ID["doc/" + encode(identifier, keep="-._~/", space="%20")]


def entity_iri(key: str) -> ox.NamedNode:
    """``Person/ilgar rahimov`` -> ``.../id/person/ilgar_rahimov``."""
    type_, _, name = key.partition("/")
    return ID[f"{type_.lower()}/{encode(name)}"]


def _digest(*parts: object) -> str:
    text = "\x1f".join(p.value if isinstance(p, ox.NamedNode) else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _date(value: str | None) -> ox.Literal | None:
    if value and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return Literal(value, datatype=XSD.date)
    return Literal(value) if value else None


def document_quads(extraction: Extraction, kg_version: str = __version__) -> list[Quad]:
    """All quads of one document's named graph, in a stable order."""
    return list(_quads(extraction, kg_version))


def nquads(quads: Iterable[Quad]) -> bytes:
    """A document's quads as N-Quads (one a line), serialized by pyoxigraph: about a fifth
    of the memory of the quads as Python objects while a build gathers them for a write,
    and the store loads them without making a Python object per quad. ``quads`` may be a
    generator: they are serialized as they come, never all held at once."""
    return ox.serialize((ox.Quad(s, p, o, g) for s, p, o, g in quads), format=ox.RdfFormat.N_QUADS)


def document_nquads(extraction: Extraction, kg_version: str = __version__) -> tuple[bytes, int]:
    """A document's graph as N-Quads, and how many quads it holds (made as they are
    written: a long document's quads are never all in memory as Python objects)."""
    count = 0

    def counted() -> Iterator[Quad]:
        nonlocal count
        for quad in _quads(extraction, kg_version):
            count += 1
            yield quad

    data = nquads(counted())
    return data, count


def _quads(x: Extraction, kg_version: str) -> Iterator[Quad]:
    doc = x.document
    g = _graph(doc.identifier)
    dochash = _digest(doc.identifier)

    yield from _document_node(doc, g)
    build = ID[f"extraction/{dochash}"]
    yield build, RDF.type, KG.Extraction, g
    yield build, PROV.used, g, g
    yield build, KG.kgVersion, Literal(kg_version), g
    yield build, KG.modelName, Literal(x.model[0]), g
    yield build, KG.modelVersion, Literal(x.model[1]), g
    yield g, PROV.wasGeneratedBy, build, g

    for entity in x.entities:
        e = entity_iri(entity.key)
        yield e, RDF.type, ENTITY_CLASSES[entity.type], g
        yield e, RDFS.label, Literal(entity.label), g
        yield e, KG.localKey, Literal(entity.key), g
        for key in sorted({name_key(n) for n in (entity.label, *entity.aliases)} - {""}):
            yield e, KG.nameKey, Literal(key), g
        if entity.type == "Place":
            yield from _place_links(e, entity.label, g)
        for alias in entity.aliases:
            yield e, SKOS.altLabel, Literal(alias), g
        for m in entity.mentions:
            node = ID[f"mention/{dochash}/{m.start}-{m.end}"]
            yield node, RDF.type, KG.Mention, g
            yield node, KG.mentionOf, e, g
            yield node, KG.inDocument, g, g
            yield node, OA.start, Literal(m.start), g
            yield node, OA.end, Literal(m.end), g
            yield node, OA.exact, Literal(m.text), g

    labels = {e.key: e.label for e in x.entities}
    meetings: dict[str, list[Fact]] = {}
    for fact in x.facts:
        yield from _fact(fact, g, dochash)
        if fact.type in {"officialOf", "holdsOfficeIn"}:
            yield from _membership(fact, g, dochash, doc.date, labels)
        elif fact.type == "represents":
            yield from _representation(fact, g, dochash)
        elif fact.type == "metWith":
            meetings.setdefault(f"{fact.relation.sentence.index}/{fact.relation.group}", []).append(fact)
    for group, facts in sorted(meetings.items()):
        yield from _meeting(group, facts, g, dochash)


def _document_node(doc, g: ox.NamedNode) -> Iterator[Quad]:
    yield g, RDF.type, KG.Document, g
    yield g, DCTERMS.identifier, Literal(doc.identifier), g
    if doc.date:
        yield g, DCTERMS.date, _date(doc.date), g
    yield g, KG.text, Literal(doc.text), g
    for prop, value in ((DCTERMS.title, doc.title), (DCTERMS.creator, doc.author),
                        (DCTERMS.publisher, doc.publisher)):
        if value:
            yield g, prop, Literal(value), g
    if doc.url:
        yield g, DCTERMS.source, _source(doc.url), g


def copy_quads(doc, primary: str, statements: list[str], kg_version: str = __version__) -> list[Quad]:
    """The graph of a syndicated copy: its document node, a link to the primary, and
    itself as a further source of each of the primary's statements."""
    g = _graph(doc.identifier)
    quads = list(_document_node(doc, g))
    quads.append((g, KG.duplicateOf, _graph(primary), g))
    build = ID[f"extraction/{_digest(doc.identifier)}"]
    quads += [(build, RDF.type, KG.Extraction, g), (build, PROV.used, g, g),
              (build, KG.kgVersion, Literal(kg_version), g), (build, KG.modelName, Literal("none (copy)"), g),
              (build, KG.modelVersion, Literal(""), g), (g, PROV.wasGeneratedBy, build, g)]
    quads += [(ox.NamedNode(st), PROV.wasDerivedFrom, g, g) for st in sorted(statements)]
    return quads


def _source(url: str) -> Term:
    """A web address as an IRI; anything that is not a valid one stays text."""
    if re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", url):
        try:
            return ox.NamedNode(url)
        except ValueError:  # "http://a%zz", "http://[bad": not IRIs
            pass
    return Literal(url)


def _place_links(e: ox.NamedNode, label: str, g: ox.NamedNode) -> Iterator[Quad]:
    found = link_place(label)
    if found is None:
        return
    yield e, OWL.sameAs, ox.NamedNode(found.geonames), g
    if found.iso2:
        yield e, KG.iso3166alpha2, Literal(found.iso2), g
        yield e, KG.iso3166alpha3, Literal(found.iso3), g


#: Modalities of the facts stated as triples: asserted ones, and former posts (the person
#: held the post; the statement and the membership say "past").
STATED = frozenset({"asserted", "past"})


def _fact(fact: Fact, g: ox.NamedNode, dochash: str) -> Iterator[Quad]:
    if fact.type not in relation_names():
        raise ValueError(f"{fact.type!r} is not a relation of ontology/kg.ttl")
    s, p, o = entity_iri(fact.head), getattr(KG, fact.type), entity_iri(fact.tail)
    rel = fact.relation
    if rel.modality in STATED:  # future, hedged or denied facts are only described, not stated
        yield s, p, o, g
    stmt = ID[f"statement/{dochash}/{_digest(s, p, o, rel.sentence.index, rel.rule)}"]
    yield stmt, RDF.type, RDF.Statement, g
    yield stmt, RDF.subject, s, g
    yield stmt, RDF.predicate, p, g
    yield stmt, RDF.object, o, g
    yield stmt, PROV.wasDerivedFrom, g, g
    yield stmt, KG.evidence, Literal(rel.sentence.text), g
    yield stmt, KG.sentenceStart, Literal(rel.sentence.start), g
    yield stmt, KG.sentenceEnd, Literal(rel.sentence.end), g
    yield stmt, KG.extractor, Literal(rel.rule), g
    yield stmt, KG.confidence, Literal(f"{rel.confidence:.2f}", datatype=XSD.decimal), g
    yield stmt, KG.modality, Literal(rel.modality), g
    if rel.rule == "curation":
        yield stmt, KG.curated, Literal(True), g
    if fact.attribution:
        yield stmt, KG.attributedTo, entity_iri(fact.attribution), g


#: Normalised roles that head an organization (written as kg:headOf too).
HEAD_ROLES = {"president", "chairman", "head", "director general", "secretary general",
              "chief executive", "leader", "prime minister", "king", "queen", "governor", "mayor"}


def role_iri(role: str) -> ox.NamedNode:
    return ID["role/" + encode(role)]


def post_iri(organization_key: str, role: str) -> ox.NamedNode:
    """A post is the same node in every document: the organization's key and the role."""
    type_, _, name = organization_key.partition("/")
    return ID[f"post/{type_.lower()}/{encode(name)}/{encode(role)}"]


def _membership(fact: Fact, g: ox.NamedNode, dochash: str, date: str | None, labels: dict[str, str]) -> Iterator[Quad]:
    rel = fact.relation
    role = rel.role_norm or "unknown"
    node = ID[f"membership/{dochash}/{_digest(fact.head, fact.tail, rel.role)}"]
    person, organization = entity_iri(fact.head), entity_iri(fact.tail)
    yield node, RDF.type, KG.Membership, g
    yield node, KG.member, person, g
    yield node, KG.organization, organization, g
    yield node, KG.roleText, Literal(rel.role or "unknown"), g
    yield node, KG.role, role_iri(role), g
    yield node, KG.modality, Literal(rel.modality), g
    if date:
        yield node, KG.asOf, _date(date), g
    yield node, PROV.wasDerivedFrom, g, g
    yield role_iri(role), RDF.type, KG.Role, g
    yield role_iri(role), RDFS.label, Literal(role), g
    if role != "unknown":
        post = post_iri(fact.tail, role)
        yield node, KG.post, post, g
        yield post, RDF.type, KG.Post, g
        yield post, KG.postIn, organization, g
        yield post, KG.role, role_iri(role), g
        yield post, RDFS.label, Literal(f"{role} of {labels.get(fact.tail, fact.tail)}"), g
    if role in HEAD_ROLES and fact.type == "officialOf" and rel.modality == "asserted":
        yield person, KG.headOf, organization, g


def _representation(fact: Fact, g: ox.NamedNode, dochash: str) -> Iterator[Quad]:
    node = ID[f"representation/{dochash}/{_digest(fact.head, fact.tail, fact.event)}"]
    yield node, RDF.type, KG.Representation, g
    yield node, KG.representative, entity_iri(fact.head), g
    yield node, KG.represented, entity_iri(fact.tail), g
    if fact.event:
        yield node, KG.occasion, entity_iri(fact.event), g
    yield node, KG.modality, Literal(fact.relation.modality), g
    yield node, PROV.wasDerivedFrom, g, g


def _meeting(group: str, facts: list[Fact], g: ox.NamedNode, dochash: str) -> Iterator[Quad]:
    node = ID[f"meeting/{dochash}/{_digest(group)}"]
    yield node, RDF.type, KG.Meeting, g
    for key in sorted({k for f in facts for k in (f.head, f.tail)}):
        yield node, KG.participant, entity_iri(key), g
    place = next((f.place for f in facts if f.place), None)
    if place:
        yield node, KG.place, entity_iri(place), g
    dated = next((f for f in facts if f.date), None)
    if dated is not None:
        yield node, KG.date, _date(dated.date), g
        yield node, KG.dateSource, Literal(dated.date_source), g
        if dated.relation.date:
            yield node, KG.dateText, Literal(dated.relation.date), g
    yield node, KG.modality, Literal(facts[0].relation.modality), g
    yield node, KG.evidence, Literal(facts[0].relation.sentence.text), g
    yield node, PROV.wasDerivedFrom, g, g
