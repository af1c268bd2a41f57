"""``kg explain``: every fact about an entity (or between two), with the sentences and
documents it comes from — the answer to "why is this in the graph?"."""
from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from .errors import KgError
from .query import built_before_name_keys, bind
from .rdf import name_key
from .identity import IDENTITY_GRAPH
from .store import Store


class ExplainError(KgError):
    pass


#: Entities by name, through the store's index of name keys (case and accents aside).
_FIND = """
SELECT DISTINCT ?e ?label ?type WHERE {
  GRAPH ?g { ?e kg:nameKey ?wantedKey ; rdfs:label ?label ; a ?class . }
  FILTER (STRSTARTS(STR(?class), STR(kg:)))
  BIND (STRAFTER(STR(?class), "#") AS ?type)
} ORDER BY ?e ?label"""

#: The same by reading every name, for a store built before names had keys.
_FIND_SCAN = """
SELECT DISTINCT ?e ?label ?type WHERE {
  GRAPH ?g { ?e rdfs:label|skos:altLabel ?name ; rdfs:label ?label ; a ?class . }
  FILTER (LCASE(STR(?name)) = LCASE(STR(?wanted)) && STRSTARTS(STR(?class), STR(kg:)))
  BIND (STRAFTER(STR(?class), "#") AS ?type)
} ORDER BY ?e ?label"""

_ABOUT = """
SELECT DISTINCT ?alias ?document WHERE {
  GRAPH ?g { { ?e skos:altLabel ?alias } UNION { ?m kg:mentionOf ?e } ?g dcterms:identifier ?document }
} ORDER BY ?alias ?document"""

#: The statements about one entity, found from it (only statements have rdf:subject and
#: rdf:object: asking for their type too would make the engine read every statement).
_FACTS = """
SELECT DISTINCT ?s ?p ?o ?sLabel ?oLabel ?evidence ?start ?end ?document ?modality ?extractor ?confidence WHERE {
  GRAPH ?g {
    { ?st rdf:subject ?e ; rdf:object ?o . BIND (?e AS ?s) } UNION { ?st rdf:object ?e ; rdf:subject ?s . BIND (?e AS ?o) }
    ?st rdf:predicate ?p ; kg:evidence ?evidence ; kg:sentenceStart ?start ; kg:sentenceEnd ?end ;
        kg:modality ?modality ; kg:extractor ?extractor ; kg:confidence ?confidence .
    ?s rdfs:label ?sLabel . ?o rdfs:label ?oLabel .
    ?g dcterms:identifier ?document .
  }
} ORDER BY ?p ?sLabel ?oLabel ?document ?start"""

_IDENTITY = """
SELECT ?reason ?conflict WHERE {
  GRAPH <%s> { { ?e kg:mergeReason ?reason } UNION { ?e kg:typeConflict ?conflict } }
} ORDER BY ?reason ?conflict""" % IDENTITY_GRAPH

_LABELS = "SELECT DISTINCT ?label WHERE { GRAPH ?g { ?e rdfs:label ?label } }"

_SUGGEST = """
SELECT DISTINCT ?label WHERE { GRAPH ?g { ?e rdfs:label ?label } FILTER CONTAINS(LCASE(?label), LCASE(?wanted)) }
ORDER BY ?label LIMIT 5"""


@dataclass
class Entity:
    iri: str
    label: str
    type: str
    aliases: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)


def _bind(query: str, **values: str) -> str:
    return bind(query, {n: ox.NamedNode(v) if n == "e" else ox.Literal(v) for n, v in values.items()})


def find(store: Store, label: str) -> list[Entity]:
    """Entities whose label or alternative label is ``label`` (case and accents aside), found
    through the store's index of name keys."""
    found: dict[str, Entity] = {}
    labels: dict[str, set[str]] = defaultdict(set)
    rows = list(store.query(bind(_FIND, {"wantedKey": ox.Literal(name_key(label))})))
    if not rows and built_before_name_keys(store):
        rows = store.query(_bind(_FIND_SCAN, wanted=label))
    for row in rows:
        found.setdefault(row["e"].value, Entity(row["e"].value, row["label"].value, row["type"].value))
    for entity in found.values():
        labels[entity.iri] = {row["label"].value for row in store.query(_bind(_LABELS, e=entity.iri))}
        # a node joined across documents has each document's label: show the fullest
        ordered = sorted(labels[entity.iri], key=lambda x: (-len(x.split()), x))
        entity.label = ordered[0]
        entity.aliases += ordered[1:]
        for row in store.query(_bind(_ABOUT, e=entity.iri)):
            if row["alias"] is not None and row["alias"].value not in entity.aliases:
                entity.aliases.append(row["alias"].value)
            if row["document"].value not in entity.documents:
                entity.documents.append(row["document"].value)
    if not found:
        suggestions = _suggestions(store, label)
        # a surname or short form that names exactly one entity: "Rahimov" for "Ilgar Rahimov"
        whole_word = [s for s in suggestions if s.casefold().endswith(" " + label.casefold())]
        if len(whole_word) == 1:
            return find(store, whole_word[0])
        hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        raise ExplainError(f"no entity is named {label!r} in the graph{hint}")
    return list(found.values())


def _suggestions(store: Store, label: str) -> list[str]:
    """Up to five names like ``label``: from the explorer's name index when the store has one
    in step with it (names starting with ``label``, or with a word that does, the most
    documented first), else by reading every name in the store (containing ``label``)."""
    from .explore import SearchIndex, fold

    path, folded = SearchIndex.path_for(store), fold(label)
    if path is not None and path.is_file() and folded:
        try:
            with SearchIndex(path) as index:
                if index.in_step(store):
                    return [hit["label"] for hit in index.search(folded, 5)[0]]
        except sqlite3.Error:  # an index being written, or unreadable: read the store instead
            pass
    return [r["label"].value for r in store.query(_bind(_SUGGEST, wanted=label))]


def explain(store: Store, label: str, other: str | None = None) -> str:
    """A readable account of the facts about ``label`` (only those with ``other``, if given)."""
    entities = find(store, label)
    others = {e.iri for e in find(store, other)} if other else None
    lines = []
    for entity in entities:
        lines.append(f"{entity.label} ({entity.type})")
        if entity.aliases:
            lines.append(f"  also called: {', '.join(sorted(entity.aliases))}")
        lines.append(f"  mentioned in: {', '.join(entity.documents)}")
        for row in store.query(_bind(_IDENTITY, e=entity.iri)):
            if row["reason"] is not None:
                lines.append(f"  one node across documents because {row['reason'].value}")
            if row["conflict"] is not None:
                lines.append(f"  the documents disagree on its type ({row['conflict'].value}); "
                             f"it takes the type most documents give")
        if others is not None and entity.iri in others:
            lines.append(f"  {label!r} and {other!r} are this one node")
        facts: dict[tuple, list] = defaultdict(list)
        for row in store.query(_bind(_FACTS, e=entity.iri)):
            if others is not None and not {row["s"].value, row["o"].value} & others:
                continue
            key = (row["p"].value.rsplit("#", 1)[-1], row["sLabel"].value, row["oLabel"].value, row["modality"].value)
            facts[key].append(row)
        if not facts:
            lines.append("  no facts" + (f" with {other}" if other else ""))
        for (relation, subject, obj, modality), rows in facts.items():
            note = "" if modality == "asserted" else f" [{modality}]"
            lines.append(f"  {subject} {relation} {obj}{note}")
            for row in rows:
                lines.append(f"    “{row['evidence'].value}”")
                lines.append(f"      {row['document'].value}, characters {row['start'].value}–{row['end'].value}; "
                             f"{row['extractor'].value}, confidence {row['confidence'].value}")
        lines.append("")
    return "\n".join(lines).rstrip()
