"""The explorer behind ``kg serve``'s start page: find entities, read what the graph says
about one, draw its neighbourhood, and find how two entities are connected.

Two parts:

* ``SearchIndex``: the names of every entity in a small SQLite file beside the store
  (``names.sqlite``), so that search never scans the store. Each entity (an IRI with a
  type and an ``rdfs:label``) has one row: its label, type, other names
  (``skos:altLabel`` and the labels other documents give it) and a weight, the number of
  statements (facts, one per document that states them) about it. Each name is kept
  folded (case and accents dropped, words only) from each of its words on
  ("international blind sports federation", "blind sports federation", ...), so that
  one range lookup finds a name by the start of the whole name or of any word in it.
  ``KnowledgeGraph.resolve_identities`` (run by ``kg build``, ``kg remove``, ``kg
  resolve`` and ``kg curate``) calls ``name_index_upkeep`` so the file follows the store;
  a missing or out-of-step file is rebuilt from the store.
* ``Explorer``: the answers of the JSON API (``/api/search``, ``/api/entity``,
  ``/api/neighbours``, ``/api/connect``) as plain dicts. Every answer comes from SPARQL
  queries with the entity IRIs written in (Oxigraph answers them from its indexes), with
  no ``OPTIONAL`` (Oxigraph may answer an OPTIONAL part by reading all its matches in the
  store); what is optional is asked for separately and joined here in Python. The work is
  bounded by how much the store says about the entities asked about, never by the size of
  the store.

The explorer only reads. Names and sentences are returned as data (JSON strings); the
page puts them on screen as text.
"""
from __future__ import annotations

import copy
import json
import os
import re
import sqlite3
import threading
from collections import Counter, OrderedDict, defaultdict
from itertools import groupby, islice
from pathlib import Path
from typing import Callable, Iterable

import pyoxigraph as ox

from .errors import KgError
from .namespace import ENTITY_CLASSES, PREFIXES, relation_names
from .rdf import name_key

#: The search index's file, in the store folder.
NAMES_FILE = "names.sqlite"
#: The named graph of the store-wide identity decisions (``kg/identity.py``); not a document.
IDENTITY_GRAPH = "https://w3id.org/kg-news/id/identity"
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"

#: Entity class IRI -> short type name ("Person", ...).
TYPE_NAMES = {str(iri): name for name, iri in ENTITY_CLASSES.items()}
#: When a node has several entity types, the first of these is shown.
TYPE_ORDER = ("Person", "Organization", "Place", "Event", "Group")
MODALITIES = ("asserted", "past", "future", "hedged", "negated")
#: Relations that have no direction: one edge, whoever is the subject.
SYMMETRIC = {"metWith"}
#: How each relation reads, from the entity's side ("out": it is the subject).
RELATION_WORDS = {
    ("officialOf", "out"): "official of", ("officialOf", "in"): "officials",
    ("holdsOfficeIn", "out"): "holds office in", ("holdsOfficeIn", "in"): "office holders",
    ("represents", "out"): "represents", ("represents", "in"): "represented by",
    ("metWith", "both"): "met with",
}

MAX_LIMIT = 50  # the most rows of one list per request (search hits, facts, neighbours per relation)
MAX_WORD_STARTS = 8  # a name is found from each of its first 8 words on
MAX_KEY = 120  # characters of a folded name kept in the index
FALLBACK_CANDIDATES = 200  # names read by the SPARQL search used when there is no index
SECOND_STEP_FROM = 30  # two steps: the neighbours expanded (the most connected first)
SECOND_STEP_EACH = 8  # two steps: the most new neighbours drawn per expanded neighbour
SECOND_STEP_ROWS = 500  # two steps: statements read per expanded neighbour
MAX_DEPTH = 4  # connect: the longest path looked for, in facts
MAX_EXPANDED = 400  # connect: the most entities whose neighbours are read
MAX_PATHS = 10  # connect: the most shortest paths returned
_CHUNK = 400  # IRIs per VALUES block
DOCUMENTS_KEPT = 200_000  # documents' identifiers, dates and titles kept in memory
HUB_FACTS = 200  # an entity with this many facts is a hub: its facts are kept in memory
HUBS_KEPT = 32  # hubs kept
LABELS_READ = 20  # labels read of a node that is not an entity (a post), to choose the fullest

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDF_SUBJECT = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject")
RDF_OBJECT = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#object")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS_ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")


class ExploreError(KgError):
    """A request the explorer cannot answer; ``status`` is the HTTP status to answer with."""

    status = 400


class NotFound(ExploreError):
    status = 404


# ----------------------------------------------------------------------------- names
def fold(text: str) -> str:
    """A name as search compares it: as ``kg:nameKey`` holds it (``kg.rdf.name_key``)."""
    return name_key(text)


def name_keys(name: str) -> list[str]:
    """The folded name from each of its first words on: a prefix of any of these is a
    prefix of the whole name or of one of its words (and of the words that follow it)."""
    words = fold(name).split()
    keys = [" ".join(words[i:])[:MAX_KEY] for i in range(min(len(words), MAX_WORD_STARTS))]
    return list(dict.fromkeys(keys))


def fullest(labels: Iterable[str]) -> str:
    """The label to show for a node that documents name differently: the fullest (most
    words, then alphabetical), as ``kg/identity.py`` chooses."""
    return min(labels, key=lambda label: (-len(label.split()), label))


def _type_of(types: Iterable[str]) -> str | None:
    """The short type to show among a node's classes (None when none is an entity class)."""
    found = [TYPE_NAMES[t] if t in TYPE_NAMES else t for t in types]
    found = [t for t in found if t in TYPE_ORDER]
    return min(found, key=TYPE_ORDER.index) if found else None


def _entry(iri: str, labels: set[str], alts: set[str], types: Counter, weight: int):
    """An entity's row of the index and its (key, name) pairs; None for a node that is not
    an entity (no label, or no entity class: a post, a role, a statement)."""
    if not labels or not types:
        return None
    label = fullest(labels)
    type_ = min(types, key=lambda t: (-types[t], TYPE_ORDER.index(t)))  # most documents' type
    names = sorted((labels | alts) - {label})
    keys = {(key, name) for name in [label, *names] for key in name_keys(name)}
    return (iri, label, type_, weight, json.dumps(names, ensure_ascii=False)), keys


def _quads(store: ox.Store, s=None, p=None, o=None, g=None):
    return store.quads_for_pattern(s, p, o, g)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS entities (iri TEXT PRIMARY KEY, label TEXT, type TEXT, weight INTEGER, names TEXT);
CREATE INDEX IF NOT EXISTS entities_weight ON entities (weight DESC, label);
CREATE TABLE IF NOT EXISTS keys (key TEXT, iri TEXT, name TEXT);
CREATE INDEX IF NOT EXISTS keys_key ON keys (key);
CREATE INDEX IF NOT EXISTS keys_iri ON keys (iri);
CREATE TABLE IF NOT EXISTS places (graph TEXT, iri TEXT, PRIMARY KEY (graph, iri)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS places_iri ON places (iri);
CREATE TABLE IF NOT EXISTS docs (graph TEXT PRIMARY KEY, id TEXT, date TEXT, title TEXT, url TEXT);
CREATE TABLE IF NOT EXISTS statements (graph TEXT, statement TEXT, subject TEXT, relation TEXT, object TEXT,
  modality TEXT, date TEXT, date_source TEXT, place TEXT);
CREATE INDEX IF NOT EXISTS statements_subject ON statements (subject);
CREATE INDEX IF NOT EXISTS statements_object ON statements (object);
CREATE INDEX IF NOT EXISTS statements_graph ON statements (graph);
CREATE TABLE IF NOT EXISTS memberships (graph TEXT, membership TEXT, member TEXT, post TEXT, post_label TEXT,
  organization TEXT, role_text TEXT, as_of TEXT, modality TEXT);
CREATE INDEX IF NOT EXISTS memberships_member ON memberships (member);
CREATE INDEX IF NOT EXISTS memberships_graph ON memberships (graph);
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);
"""
_STATEMENT_COLUMNS = "graph, statement, subject, relation, object, modality, date, date_source, place"
_MEMBERSHIP_FIELDS = ("post", "organization", "roleText", "asOf", "modality")


# ----------------------------------------------------------------------------- reading document graphs
# Shared by the explorer (over any store, SPARQL only) and the index (which keeps their answers).
def _read_documents(query: Callable, graphs: Iterable[str]) -> dict[str, dict]:
    """Identifier, date, title and web address of each document graph that has any."""
    found: dict[str, dict] = {}
    for part in _chunks(sorted(set(graphs))):
        values = " ".join(f"<{g}>" for g in part)
        for row in query(
                f"SELECT ?g ?k ?v WHERE {{ VALUES ?g {{ {values} }} "
                "{ GRAPH ?g { ?g dcterms:identifier ?v } BIND (\"id\" AS ?k) } UNION "
                "{ GRAPH ?g { ?g dcterms:date ?v } BIND (\"date\" AS ?k) } UNION "
                "{ GRAPH ?g { ?g dcterms:title ?v } BIND (\"title\" AS ?k) } UNION "
                "{ GRAPH ?g { ?g dcterms:source ?v } BIND (\"url\" AS ?k) } }"):
            doc = found.setdefault(row["g"].value, _no_document(row["g"].value))
            k, v = row["k"].value, row["v"].value
            if k == "date":
                doc["date"] = _date(v)
            elif k == "url":
                doc["url"] = v if re.match(r"https?://", v) else ""
            else:
                doc[k] = v
    return found


def _no_document(graph: str) -> dict:
    return {"id": _short(graph), "date": "", "title": "", "url": ""}


def _read_meetings(query: Callable, values: str, anchor: str) -> dict[str, list[dict]]:
    """Meetings by document graph (participants, date, date source, place), as ``values``
    (a VALUES block, or nothing) and ``anchor`` (a pattern on ?m in the graph, or nothing)
    find them; read one property at a time (a hub's meetings are many)."""
    meetings: dict[tuple[str, str], dict] = {}
    for key, predicate in (("participants", "kg:participant"), ("date", "kg:date"),
                           ("dateSource", "kg:dateSource"), ("place", "kg:place")):
        for row in query(f"SELECT ?g ?m ?o WHERE {{ {values} GRAPH ?g {{ {anchor} ?m {predicate} ?o }} }}"):
            m = meetings.setdefault((row["g"].value, row["m"].value),
                                    {"meeting": row["m"].value, "participants": set(), "date": "",
                                     "dateSource": "", "place": None})
            o = row["o"]
            if key == "participants":
                m["participants"].add(o.value)
            elif key == "date":
                m["date"] = _date(o.value)
            elif key == "dateSource":
                m["dateSource"] = o.value
            elif isinstance(o, ox.NamedNode):
                m["place"] = o.value
    by_graph: dict[str, list[dict]] = defaultdict(list)
    for (g, _), m in sorted(meetings.items()):
        by_graph[g].append(m)
    return by_graph


def _meeting_details(query: Callable, facts: list[dict], meetings: dict[str, list[dict]]) -> None:
    """Set the date, date source and place of the meeting behind each metWith fact (each a
    dict with graph, statement, relation and its two ``parties``): the meeting of its
    document with both parties; of two such, the one told by the fact's sentence (read
    with ``query``). Other facts get none."""
    candidates = {f["statement"]: [m for m in meetings.get(f["graph"], ()) if f["parties"] <= m["participants"]]
                  for f in facts if f["relation"] == "metWith"}
    doubts = {st: found for st, found in candidates.items() if len(found) > 1}
    said = {n: found.get("evidence") for n, found in _read_sentences(
        query, [*doubts, *(m["meeting"] for found in doubts.values() for m in found)]).items()} if doubts else {}
    for f in facts:
        f["meetingDate"], f["meetingDateSource"], f["place"] = "", "", None
        found = candidates.get(f["statement"])
        if found:
            told = said.get(f["statement"])
            same = [m for m in found if told and said.get(m["meeting"]) == told] or found
            f["meetingDate"], f["meetingDateSource"], f["place"] = \
                same[0]["date"], same[0]["dateSource"], same[0]["place"]


def _read_properties(query: Callable, nodes: Iterable[str], predicates: dict[str, str]) -> dict[str, dict[str, set[str]]]:
    """The values, in any document, of some properties of ``nodes``: node -> key ->
    values, for ``predicates`` given as {key: predicate} ("evidence": "kg:evidence")."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    union = " UNION ".join(f'{{ GRAPH ?g {{ ?n {p} ?v }} BIND ("{k}" AS ?k) }}' for k, p in predicates.items())
    for part in _chunks(sorted(set(nodes))):
        values = " ".join(f"<{n}>" for n in part)
        for row in query(f"SELECT DISTINCT ?n ?k ?v WHERE {{ VALUES ?n {{ {values} }} {union} }}"):
            found[row["n"].value][row["k"].value].add(row["v"].value)
    return found


def _read_sentences(query: Callable, nodes: Iterable[str]) -> dict[str, dict]:
    """Confidence and sentence (kg:evidence) of statements or meetings."""
    found = _read_properties(query, nodes, {"evidence": "kg:evidence", "confidence": "kg:confidence"})
    return {n: {k: min(v) for k, v in props.items()} for n, props in found.items()}


def _read_memberships(query: Callable, values: str) -> dict[tuple[str, str], dict]:
    """Memberships (member, post, organization, role as written, date, modality) by
    (graph, node), as ``values`` (a VALUES block on ?g or ?member) finds them."""
    found: dict[tuple[str, str], dict] = {}
    for row in query(f"SELECT ?g ?m ?member ?p ?o WHERE {{ {values} GRAPH ?g {{ ?m kg:member ?member ; ?p ?o }} }}"):
        m = found.setdefault((row["g"].value, row["m"].value), {"graph": row["g"].value,
                                                               "member": row["member"].value})
        p = _short(row["p"].value)
        if p in _MEMBERSHIP_FIELDS:
            m[p] = row["o"].value
    return found


class SearchIndex:
    """The entities' names in ``names.sqlite`` in the store folder.

    Tables: ``entities`` (one row per entity IRI: label, type, weight, other names as a
    JSON list), ``keys`` (each folded name from each word on, with the entity and the name
    it comes from), ``places`` (which document graphs name each entity: what to refresh
    when a document changes) and ``docs`` (the graphs the index has seen, with each
    document's identifier, date, title and address: the index is in step with the store
    when they are the store's graphs). For entity pages: ``statements`` (each fact of each
    document, with the date and place of the meeting behind a metWith) and
    ``memberships`` (who holds which post, as each document says it), both kept by
    document, so that a hub's page is a few lookups rather than thousands of store reads.
    """

    VERSION = "2"

    def __init__(self, path: Path):
        self.path = Path(path)
        self.db = sqlite3.connect(str(self.path), timeout=30)
        self.db.executescript(_SCHEMA)

    @staticmethod
    def path_for(store) -> Path | None:
        """Where the index of ``store`` lives: only an embedded store in a folder has one
        (a store in memory or on a SPARQL server is searched with SPARQL instead)."""
        location = getattr(store, "location", None)
        if not hasattr(store, "oxigraph") or not location or location == ":memory:" or not Path(location).is_dir():
            return None
        return Path(location) / NAMES_FILE

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reading
    def search(self, folded: str, limit: int) -> tuple[list[dict], bool]:
        """Entities with a name starting with ``folded``, or with a word that does; the
        most documented first (weight, then label). Returns (hits, whether there are more)."""
        rows = self.db.execute(
            "SELECT e.iri, e.label, e.type, e.weight, e.names, MIN(k.name) FROM keys k "
            "JOIN entities e ON e.iri = k.iri WHERE k.key >= ? AND k.key < ? "
            "GROUP BY e.iri ORDER BY e.weight DESC, e.label COLLATE NOCASE, e.iri LIMIT ?",
            (folded, folded + "\U0010ffff", limit + 1)).fetchall()
        return [_hit(*row) for row in rows[:limit]], len(rows) > limit

    def top(self, limit: int) -> tuple[list[dict], bool]:
        """The most documented entities."""
        rows = self.db.execute("SELECT iri, label, type, weight, names, label FROM entities "
                               "ORDER BY weight DESC, label COLLATE NOCASE, iri LIMIT ?", (limit + 1,)).fetchall()
        return [_hit(*row) for row in rows[:limit]], len(rows) > limit

    def facts_of(self, iri: str, limit: int | None = None) -> list[dict]:
        """The statements with ``iri`` as subject or object, as ``Explorer._statements`` gives
        them, with the date, date source and place of a meeting (``meetingDate``...)."""
        rows = self.db.execute(
            f"SELECT {_STATEMENT_COLUMNS}, 'out' FROM statements WHERE subject = ?1 UNION ALL "
            f"SELECT {_STATEMENT_COLUMNS}, 'in' FROM statements WHERE object = ?1 LIMIT ?2",
            (iri, -1 if limit is None else int(limit)))
        return [{"statement": st, "graph": g, "relation": relation,
                 "direction": "both" if relation in SYMMETRIC else way, "subjectIsEntity": way == "out",
                 "other": o if way == "out" else s, "modality": modality, "meetingDate": date,
                 "meetingDateSource": source, "place": place}
                for g, st, s, relation, o, modality, date, source, place, way in rows]

    def documents(self, graphs: Iterable[str]) -> dict[str, dict]:
        """Identifier, date, title and web address of the document ``graphs`` indexed."""
        found = {}
        for part in _chunks(sorted(set(graphs)), 500):
            marks = ",".join("?" * len(part))
            for g, id_, date, title, url in self.db.execute(
                    f"SELECT graph, id, date, title, url FROM docs WHERE graph IN ({marks})", part):
                found[g] = {"id": id_, "date": date, "title": title, "url": url}
        return found

    def memberships_of(self, iri: str) -> tuple[dict[tuple[str, str], dict], dict[str, str]]:
        """An entity's memberships as ``_read_memberships`` gives them, and their posts'
        labels (the fullest of those its documents give)."""
        found, labels = {}, defaultdict(set)
        for g, m, post, label, organization, role, as_of, modality in self.db.execute(
                "SELECT graph, membership, post, post_label, organization, role_text, as_of, modality "
                "FROM memberships WHERE member = ?", (iri,)):
            values = dict(zip(_MEMBERSHIP_FIELDS, (post, organization, role, as_of, modality)))
            found[(g, m)] = {"graph": g, "member": iri, **{k: v for k, v in values.items() if v is not None}}
            if post is not None and label is not None:
                labels[post].add(label)
        return found, {post: fullest(names) for post, names in labels.items()}

    def rows(self) -> dict[str, list[tuple]]:
        """Everything the index holds, sorted (for tests: an updated index equals a rebuilt one)."""
        return {table: self.db.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
                for table, order in (("entities", "iri"), ("keys", "key, iri, name"), ("places", "graph, iri"),
                                     ("docs", "graph"), ("statements", "graph, statement, subject, object"),
                                     ("memberships", "graph, membership, post_label"))}

    # -- in step with the store?
    def in_step(self, store, changed: Iterable[str] = ()) -> bool:
        """Whether the index describes the store as it was when last updated, but for the
        ``changed`` document graphs: same version, and as many graphs as the store has,
        once the changed ones that came or went are counted."""
        row = self.db.execute("SELECT v FROM meta WHERE k = 'version'").fetchone()
        if row is None or row[0] != self.VERSION:
            return False
        changed = set(changed)
        known = {g for g in changed if self.db.execute("SELECT 1 FROM docs WHERE graph = ?", (g,)).fetchone()}
        present = {g for g in changed if store.oxigraph.contains_named_graph(ox.NamedNode(g))}
        count = self.db.execute("SELECT COUNT(*) FROM docs").fetchone()[0]
        return count + len(present - known) - len(known - present) == _document_count(store)

    # -- writing
    @classmethod
    def rebuild(cls, store, path: Path | None = None) -> Path:
        """Build the index of ``store`` from scratch, reading the store's indexes once (memory
        stays flat: what is read is gathered in SQLite), into a new file that then replaces
        the old one (a reader never sees half an index)."""
        path = Path(path) if path is not None else cls.path_for(store)
        _remove_leftovers(path)
        temporary = path.with_name(path.name + f".{os.getpid()}.{threading.get_ident()}.tmp")
        temporary.unlink(missing_ok=True)
        index = cls(temporary)
        try:
            index._fill(store.oxigraph)
            index.close()
            os.replace(temporary, path)
        except BaseException:
            index.close()
            temporary.unlink(missing_ok=True)
            raise
        return path

    def _fill(self, store: ox.Store) -> None:
        db = self.db
        db.executescript("""
            CREATE TEMP TABLE t_type (iri TEXT, type TEXT);
            CREATE TEMP TABLE t_name (iri TEXT, name TEXT, alt INTEGER, graph TEXT);
            CREATE TEMP TABLE t_fact (iri TEXT);
        """)

        def load(sql: str, rows: Iterable[tuple]) -> None:
            rows = iter(rows)
            while batch := list(islice(rows, 10_000)):
                db.executemany(sql, batch)

        for iri, name in TYPE_NAMES.items():
            load("INSERT INTO t_type VALUES (?, ?)",
                 ((q.subject.value, name) for q in _quads(store, None, RDF_TYPE, ox.NamedNode(iri))
                  if isinstance(q.subject, ox.NamedNode) and isinstance(q.graph_name, ox.NamedNode)))
        for predicate, alt in ((RDFS_LABEL, 0), (SKOS_ALT, 1)):
            load("INSERT INTO t_name VALUES (?, ?, ?, ?)",
                 ((q.subject.value, q.object.value, alt, q.graph_name.value) for q in _quads(store, None, predicate)
                  if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.Literal)
                  and isinstance(q.graph_name, ox.NamedNode)))
        for predicate in (RDF_SUBJECT, RDF_OBJECT):
            load("INSERT INTO t_fact VALUES (?)",
                 ((q.object.value,) for q in _quads(store, None, predicate)
                  if isinstance(q.object, ox.NamedNode) and isinstance(q.graph_name, ox.NamedNode)))
        db.executescript("""
            CREATE INDEX t_type_iri ON t_type (iri);
            CREATE INDEX t_name_iri ON t_name (iri);
            CREATE TEMP TABLE t_weight (iri TEXT PRIMARY KEY, n INTEGER);
            INSERT INTO t_weight SELECT iri, COUNT(*) FROM t_fact GROUP BY iri;
        """)
        types = db.execute("SELECT t.iri, t.type, t.n, COALESCE(w.n, 0) FROM "
                           "(SELECT iri, type, COUNT(*) AS n FROM t_type GROUP BY iri, type) t "
                           "LEFT JOIN t_weight w ON w.iri = t.iri ORDER BY t.iri")
        names = db.execute("SELECT DISTINCT iri, name, alt FROM t_name WHERE iri IN (SELECT iri FROM t_type) "
                           "ORDER BY iri")
        by_iri = groupby(names, key=lambda row: row[0])
        current = next(by_iri, None)
        entities, keys = [], []
        for iri, rows in groupby(types, key=lambda row: row[0]):
            rows = list(rows)
            while current is not None and current[0] < iri:
                current = next(by_iri, None)
            labels, alts = set(), set()
            if current is not None and current[0] == iri:
                for _, name, alt in current[1]:
                    (alts if alt else labels).add(name)
                current = next(by_iri, None)
            made = _entry(iri, labels, alts, Counter({t: n for _, t, n, _ in rows}), rows[0][3])
            if made is not None:
                entities.append(made[0])
                keys.extend((key, iri, name) for key, name in made[1])
            if len(keys) >= 10_000 or len(entities) >= 10_000:
                self._insert(entities, keys)
                entities, keys = [], []
        self._insert(entities, keys)
        db.execute("INSERT INTO places SELECT DISTINCT graph, iri FROM t_name WHERE alt = 0 "
                   "AND iri IN (SELECT iri FROM entities)")
        self._load_graphs(store, list(_document_graphs_of(store)))
        db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (self.VERSION,))
        db.executescript("DROP TABLE t_type; DROP TABLE t_name; DROP TABLE t_fact; DROP TABLE t_weight;")
        db.commit()

    def _insert(self, entities: list[tuple], keys: list[tuple]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO entities VALUES (?, ?, ?, ?, ?)", entities)
        self.db.executemany("INSERT INTO keys VALUES (?, ?, ?)", keys)

    def _load_graphs(self, store: ox.Store, graphs: Iterable[str]) -> None:
        """(Re)read what the explorer shows of each of the document ``graphs``: the
        document's details, its statements (with the date and place of the meeting behind a
        metWith), and its memberships (with their posts' labels). A graph no longer in the
        store loses its rows."""
        db = self.db
        relations = set(relation_names())

        def query(text: str):
            return store.query(text, prefixes=PREFIXES)

        for part in _chunks(sorted(set(graphs)), 200):
            for table in ("docs", "statements", "memberships"):
                db.executemany(f"DELETE FROM {table} WHERE graph = ?", ((g,) for g in part))
            part = [g for g in part if g != IDENTITY_GRAPH and store.contains_named_graph(ox.NamedNode(g))]
            if not part:
                continue
            values = "VALUES ?g { " + " ".join(f"<{g}>" for g in part) + " }"
            documents = _read_documents(query, part)
            db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?)",
                           ((g, d["id"], d["date"], d["title"], d["url"])
                            for g, d in ((g, documents.get(g) or _no_document(g)) for g in part)))
            facts = []
            for row in query(f"SELECT ?g ?st ?s ?p ?o ?modality WHERE {{ {values} GRAPH ?g {{ ?st rdf:subject ?s ; "
                             "rdf:predicate ?p ; rdf:object ?o ; kg:modality ?modality } }"):
                relation = _short(row["p"].value)
                if relation in relations and isinstance(row["s"], ox.NamedNode) and isinstance(row["o"], ox.NamedNode):
                    facts.append({"graph": row["g"].value, "statement": row["st"].value, "subject": row["s"].value,
                                  "relation": relation, "object": row["o"].value, "modality": row["modality"].value,
                                  "parties": {row["s"].value, row["o"].value}})
            meetings = _read_meetings(query, values, "") if any(f["relation"] == "metWith" for f in facts) else {}
            _meeting_details(query, facts, meetings)
            db.executemany(f"INSERT INTO statements ({_STATEMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           ((f["graph"], f["statement"], f["subject"], f["relation"], f["object"], f["modality"],
                             f["meetingDate"], f["meetingDateSource"], f["place"]) for f in facts))
            labels = defaultdict(set)
            for row in query(f"SELECT ?g ?post ?l WHERE {{ {values} GRAPH ?g {{ ?m kg:member ?x ; kg:post ?post . "
                             "?post rdfs:label ?l } }"):
                labels[(row["g"].value, row["post"].value)].add(row["l"].value)
            rows = []
            for (g, m), found in _read_memberships(query, values).items():
                post_labels = labels.get((g, found.get("post")))
                rows.append((g, m, found["member"], found.get("post"), fullest(post_labels) if post_labels else None,
                             found.get("organization"), found.get("roleText"), found.get("asOf"),
                             found.get("modality")))
            db.executemany("INSERT INTO memberships VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def named_in(self, graphs: Iterable[str]) -> set[str]:
        """The entities the index says the ``graphs`` name."""
        found = set()
        for g in graphs:
            found |= {iri for (iri,) in self.db.execute("SELECT iri FROM places WHERE graph = ?", (g,))}
        return found

    def refresh(self, store, iris: Iterable[str], changed: Iterable[str] = (), moved: Iterable[str] = ()) -> None:
        """Read each of ``iris`` again from the store and rewrite its rows; an IRI that is
        no longer an entity loses them. Two queries per entity, with its IRI written in
        (Oxigraph counts in its indexes what the entity has). ``changed``: the document
        graphs that were written or removed, read again. ``moved``: entities whose nodes a
        join moved to or from another IRI: the documents naming them, before and after,
        are read again too."""
        db = self.db
        moved = sorted(set(moved))
        named_before = self._graphs_naming(moved)
        for iri in sorted(iris):
            types, labels, alts, weight = Counter(), set(), set(), 0
            for row in store.query(_DESCRIBE % {"iri": iri}):
                kind, value, n = row["k"].value, row["v"], int(row["n"].value)
                if kind == "fact":
                    weight += n
                elif kind == "type" and value.value in TYPE_NAMES:
                    types[TYPE_NAMES[value.value]] += n
                elif kind in ("label", "alt") and isinstance(value, ox.Literal):
                    (labels if kind == "label" else alts).add(value.value)
            db.execute("DELETE FROM entities WHERE iri = ?", (iri,))
            db.execute("DELETE FROM keys WHERE iri = ?", (iri,))
            made = _entry(iri, labels, alts, types, weight)
            if made is None:
                db.execute("DELETE FROM places WHERE iri = ?", (iri,))
                continue
            self._insert([made[0]], [(key, iri, name) for key, name in made[1]])
            # where it is named: only the difference is written (a hub is named in many documents)
            now = {row["g"].value for row in store.query(_NAMED_IN % {"iri": iri}) if isinstance(row["g"], ox.NamedNode)}
            before = {g for (g,) in db.execute("SELECT graph FROM places WHERE iri = ?", (iri,))}
            db.executemany("DELETE FROM places WHERE graph = ? AND iri = ?", ((g, iri) for g in before - now))
            db.executemany("INSERT INTO places VALUES (?, ?)", ((g, iri) for g in now - before))
        ox_store = store.oxigraph
        for g in changed:
            if g == IDENTITY_GRAPH or not ox_store.contains_named_graph(ox.NamedNode(g)):
                db.execute("DELETE FROM places WHERE graph = ?", (g,))
        self._load_graphs(ox_store, set(changed) | named_before | self._graphs_naming(moved))
        db.commit()

    def _graphs_naming(self, iris: Iterable[str]) -> set[str]:
        found = set()
        for iri in iris:
            found |= {g for (g,) in self.db.execute("SELECT graph FROM places WHERE iri = ?", (iri,))}
        return found


#: What the index keeps of one entity (its IRI written in): its classes (with the number
#: of documents giving each), names, and the statements it is the subject or object of.
_DESCRIBE = """
SELECT ?k ?v (COUNT(*) AS ?n) WHERE {
  { GRAPH ?g { <%(iri)s> a ?v } BIND ("type" AS ?k) } UNION
  { GRAPH ?g { <%(iri)s> rdfs:label ?v } BIND ("label" AS ?k) } UNION
  { GRAPH ?g { <%(iri)s> skos:altLabel ?v } BIND ("alt" AS ?k) } UNION
  { GRAPH ?g { ?st rdf:subject <%(iri)s> } BIND ("fact" AS ?k) } UNION
  { GRAPH ?g { ?st rdf:object <%(iri)s> } BIND ("fact" AS ?k) }
} GROUP BY ?k ?v"""
_NAMED_IN = "SELECT DISTINCT ?g WHERE { GRAPH ?g { <%(iri)s> rdfs:label ?l } }"


def _remove_leftovers(path: Path) -> None:
    """Remove the half-built index files of processes that stopped while building one."""
    for leftover in path.parent.glob(path.name + ".*.tmp"):
        try:
            os.kill(int(leftover.name.split(".")[-3]), 0)  # still running: its file is in use
        except (ValueError, IndexError, ProcessLookupError):
            leftover.unlink(missing_ok=True)
        except OSError:
            pass


def _hit(iri: str, label: str, type_: str, weight: int, names: str, matched: str) -> dict:
    return {"iri": iri, "label": label, "type": type_, "facts": weight, "names": json.loads(names),
            "matched": matched}


def _document_graphs_of(store: ox.Store) -> Iterable[str]:
    """The store's named graphs but the identity graph (which comes and goes with merges)."""
    return (g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value != IDENTITY_GRAPH)


def _document_count(store) -> int:
    return sum(1 for _ in _document_graphs_of(store.oxigraph))


def _same_as(store) -> set[tuple[str, str]]:
    """The identity graph's joins (a name's own IRI, the node it was joined to)."""
    return {(q.subject.value, q.object.value)
            for q in _quads(store.oxigraph, None, ox.NamedNode(SAME_AS), None, ox.NamedNode(IDENTITY_GRAPH))}


def name_index_upkeep(store, changed: Iterable[str] | None) -> Callable[[], None]:
    """Keep the search index in step with a change to the store.

    Called before the identity pass that follows a write or a removal of the document
    graphs ``changed`` (None: the whole store, as ``kg resolve``); returns what to call
    once that pass has run. The entities refreshed are those the changed graphs named
    before (the index's ``places``) and name now, and those whose join the identity pass
    made or undid (a node of another document moved to or from them). A store without the
    file is left alone (the first search builds it); an index out of step with the store
    (a build stopped half-way, a version of kg that did not keep it) is rebuilt. The index
    is a cache: if it cannot be written it is deleted, never an error for the build.
    """
    path = SearchIndex.path_for(store)
    if path is None or not path.exists():
        return lambda: None
    changed = None if changed is None else sorted({str(g) for g in changed})
    joined_before = _same_as(store) if changed is not None else set()

    def finish() -> None:
        try:
            with SearchIndex(path) as index:
                if changed is not None and index.in_step(store, changed):
                    touched = index.named_in(changed)
                    for g in changed:
                        node = ox.NamedNode(g)
                        touched |= {q.subject.value for q in _quads(store.oxigraph, None, RDFS_LABEL, None, node)
                                    if isinstance(q.subject, ox.NamedNode)}
                    moved = {iri for pair in joined_before ^ _same_as(store) for iri in pair}
                    index.refresh(store, touched | moved, changed, moved)
                    return
            SearchIndex.rebuild(store, path)
        except sqlite3.Error:
            path.unlink(missing_ok=True)

    return finish


# ----------------------------------------------------------------------------- reading the store
def _node(value: str | None, what: str = "iri") -> ox.NamedNode:
    """A request's IRI parameter as a node; a missing or malformed one is a 400."""
    if not value:
        raise ExploreError(f"give the entity's IRI as ?{what}=...")
    try:
        return ox.NamedNode(value)
    except ValueError as exc:
        raise ExploreError(f"{what} is not a valid IRI ({exc})") from None


def _chunks(items: list, size: int = _CHUNK):
    for n in range(0, len(items), size):
        yield items[n:n + size]


def _short(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _date(value: str | None) -> str:
    """An ISO date (or the first ten characters of a date-time); '' when there is none."""
    return value[:10] if value and re.match(r"\d{4}-\d\d-\d\d", value) else ""


class Explorer:
    """The explorer's answers over a store (any ``kg.store.Store``).

    ``wait``: how long a search waits for the search index to be (re)built before it
    answers with a slower SPARQL search instead (None: as long as it takes)."""

    def __init__(self, store, wait: float | None = None):
        self.store = store
        self.wait = wait
        self._path = SearchIndex.path_for(store)
        self._lock = threading.Lock()
        self._changes = 0  # store changes seen (``store_changed``)
        self._indexed: int | None = None  # the changes the index describes (None: not checked yet)
        self._worker: threading.Thread | None = None
        self._failed: str | None = None  # why the index could not be built (not tried again until a change)
        self._relations = relation_names()
        # kept in memory until the store changes: documents' details, and hubs' facts and
        # posts ({"facts": [...], "posts": [...] or None}, the latest used last)
        self._documents_cache: dict[str, dict] = {}
        self._hubs: OrderedDict[str, dict] = OrderedDict()
        self._kept_for = 0  # the store changes what is kept belongs to

    # -- the search index
    def store_changed(self) -> None:
        """The store was written through this process (SPARQL Update): the index is rebuilt."""
        with self._lock:
            self._changes += 1
            self._failed = None

    def prepare(self) -> None:
        """Check (and if needed build) the search index now, in the background."""
        if self._path is not None:
            self._start()

    def _start(self) -> threading.Thread:
        with self._lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._bring_up_to_date, name="kg-names", daemon=True)
                self._worker.start()
            return self._worker

    def _bring_up_to_date(self) -> None:
        try:
            self._build_index()
        except Exception as exc:  # a read-only folder, a full disk, a store closed: search with SPARQL
            with self._lock:
                self._failed = f"{type(exc).__name__}: {exc}"

    def _build_index(self) -> None:
        while True:
            with self._lock:
                target, checked = self._changes, self._indexed is not None
            fresh = False
            if not checked and self._path.exists():  # first use: is the file there and in step?
                try:
                    with SearchIndex(self._path) as index:
                        fresh = index.in_step(self.store)
                except sqlite3.Error:
                    fresh = False
            if not fresh:
                SearchIndex.rebuild(self.store, self._path)
            with self._lock:
                self._indexed = target
                if target == self._changes:
                    return

    def _index(self) -> SearchIndex | None:
        """The search index, if it is ready (waiting up to ``wait`` seconds for it)."""
        if self._path is None or self._failed is not None:
            return None
        with self._lock:
            ready = self._indexed == self._changes and self._path.exists()
        if not ready:
            self._start().join(self.wait)
            with self._lock:
                ready = self._indexed == self._changes and self._path.exists()
        return SearchIndex(self._path) if ready else None

    # -- search
    def search(self, text: str | None, limit: int = 10) -> dict:
        """Entities named like ``text`` (the start of a name, or of a word in it; case and
        accents ignored), the most documented first. No text: the most documented."""
        _, limit = _paging(0, limit)
        folded = fold((text or "")[:200])
        if not folded and (text or "").strip():
            raise ExploreError("search for letters or digits: the text has none")
        index = self._index()
        if index is not None:
            with index:
                hits, more = index.search(folded, limit) if folded else index.top(limit)
            how = "index"
        else:
            hits, more = self._search_sparql(folded, limit) if folded else ([], False)
            how = "sparql"
        return {"query": text or "", "results": hits, "more": more, "searched": how}

    def _search_sparql(self, folded: str, limit: int) -> tuple[list[dict], bool]:
        """Search without the index (a store in memory or on a server): a regular
        expression over names, at most ``FALLBACK_CANDIDATES`` of them; case is ignored,
        accents are not."""
        pattern = r"(^|\W)" + r"\W+".join(folded.split())
        rows = self.store.query(
            "SELECT DISTINCT ?e ?name WHERE { GRAPH ?g { ?e rdfs:label|skos:altLabel ?name } "
            f"FILTER (REGEX(STR(?name), {ox.Literal(pattern)}, \"i\")) }} LIMIT {FALLBACK_CANDIDATES}")
        matched: dict[str, str] = {}
        for row in rows:
            if isinstance(row["e"], ox.NamedNode):
                matched.setdefault(row["e"].value, row["name"].value)
        about = self._describe(list(matched))
        weights = self._weights(list(about))
        hits = []
        for iri, info in about.items():
            hits.append({"iri": iri, "label": info["label"], "type": info["type"], "facts": weights.get(iri, 0),
                         "names": info["names"], "matched": matched[iri]})
        hits.sort(key=lambda h: (-h["facts"], h["label"].lower(), h["iri"]))
        return hits[:limit], len(hits) > limit

    def _weights(self, iris: list[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for part in _chunks(iris):
            values = " ".join(f"<{i}>" for i in part)
            for row in self.store.query(
                    f"SELECT ?e (COUNT(?st) AS ?n) WHERE {{ VALUES ?e {{ {values} }} "
                    "{ GRAPH ?g { ?st rdf:subject ?e } } UNION { GRAPH ?g { ?st rdf:object ?e } } } GROUP BY ?e"):
                out[row["e"].value] = int(row["n"].value)
        return out

    # -- names and types of nodes
    def _ready_index(self) -> SearchIndex | None:
        """The search index when it is in step with the store now (no waiting)."""
        if self._path is None or self._failed is not None:
            return None
        with self._lock:
            ready = self._indexed is not None and self._indexed == self._changes
        if not ready:
            self.prepare()
            return None
        return SearchIndex(self._path) if self._path.exists() else None

    def _describe(self, iris: list[str]) -> dict[str, dict]:
        """Label, type and other names of each of ``iris`` that is an entity: from the
        search index when it is in step (one row per entity, however many documents name
        it), else from the store."""
        index = self._ready_index()
        if index is not None:
            out = {}
            with index:
                for part in _chunks(sorted(set(iris)), 500):
                    marks = ",".join("?" * len(part))
                    for iri, label, type_, names in index.db.execute(
                            f"SELECT iri, label, type, names FROM entities WHERE iri IN ({marks})", part):
                        out[iri] = {"iri": iri, "label": label, "type": type_, "names": json.loads(names)}
            return {iri: out[iri] for iri in iris if iri in out}
        found = self._properties(iris, {"label": "rdfs:label", "alt": "skos:altLabel", "type": "a"})
        out = {}
        for iri in iris:
            labels, alts = found[iri]["label"], found[iri]["alt"]
            type_ = _type_of(found[iri]["type"])
            if labels and type_ is not None:
                label = fullest(labels)
                out[iri] = {"iri": iri, "label": label, "type": type_, "names": sorted((labels | alts) - {label})}
        return out

    def _labels(self, iris: Iterable[str]) -> dict[str, dict]:
        """``_describe`` for any node (places, posts): those without an entity class get
        their label and no type; those without a label, the end of their IRI."""
        iris = sorted(set(iris))
        found = self._describe(iris)
        for iri in (i for i in iris if i not in found):
            # one node at a time, a few of its labels: a post named in thousands of
            # documents has the same label in each
            labels = {row["l"].value for row in self.store.query(
                f"SELECT DISTINCT ?l WHERE {{ GRAPH ?g {{ <{iri}> rdfs:label ?l }} }} LIMIT {LABELS_READ}")}
            found[iri] = {"iri": iri, "label": fullest(labels) if labels else _short(iri), "type": None, "names": []}
        return found

    def brief(self, iri: str | None) -> dict:
        """An entity's IRI, label, type and other names (nothing else: cheap)."""
        return self._entity(iri)

    def _entity(self, iri: str | None, what: str = "iri") -> dict:
        node = _node(iri, what)
        about = self._describe([node.value]).get(node.value)
        if about is None:
            raise NotFound(f"no entity with the IRI {node.value} in the graph")
        return about

    # -- the facts about an entity
    def _statements(self, iri: str, limit: int | None = None) -> list[dict]:
        """Every statement with ``iri`` as subject or object, read from the store: its graph,
        relation, other party, direction and modality (``SearchIndex.facts_of`` gives the
        same from the index). ``limit``: read at most this many."""
        cut = f"LIMIT {int(limit)}" if limit else ""
        rows = self.store.query(f"""
SELECT * WHERE {{
  {{ GRAPH ?g {{ ?st rdf:subject <{iri}> ; rdf:predicate ?p ; rdf:object ?o ; kg:modality ?modality }}
     BIND ("out" AS ?dir) }}
  UNION
  {{ GRAPH ?g {{ ?st rdf:object <{iri}> ; rdf:predicate ?p ; rdf:subject ?o ; kg:modality ?modality }}
     BIND ("in" AS ?dir) }}
}} {cut}""")
        out = []
        for row in rows:
            relation = _short(row["p"].value)
            if relation not in self._relations or not isinstance(row["o"], ox.NamedNode):
                continue
            out.append({"statement": row["st"].value, "graph": row["g"].value, "relation": relation,
                        "direction": "both" if relation in SYMMETRIC else row["dir"].value,
                        "subjectIsEntity": row["dir"].value == "out", "other": row["o"].value,
                        "modality": row["modality"].value})
        return out

    def _documents(self, graphs: Iterable[str]) -> dict[str, dict]:
        """Identifier, date, title and web address of each document graph: from the index
        when it is in step, else from the store, kept in memory until the store changes (a
        hub's page reads thousands)."""
        graphs = set(graphs)
        index = self._ready_index()
        if index is not None:
            with index:
                return index.documents(graphs)
        with self._lock:
            self._forget_if_changed()
            known = {g: dict(self._documents_cache[g]) for g in graphs if g in self._documents_cache}
        found = _read_documents(self.store.query, graphs - set(known))
        with self._lock:
            if len(self._documents_cache) + len(found) > DOCUMENTS_KEPT:
                self._documents_cache.clear()
            self._documents_cache.update({g: dict(d) for g, d in found.items()})
        return {**known, **found}

    def _properties(self, nodes: Iterable[str], predicates: dict[str, str]) -> dict[str, dict[str, set[str]]]:
        return _read_properties(self.store.query, nodes, predicates)

    def _sentences(self, nodes: Iterable[str]) -> dict[str, dict]:
        return _read_sentences(self.store.query, nodes)

    def _facts(self, iri: str) -> list[dict]:
        """All facts about ``iri`` with their date (the meeting's, else the article's),
        place (of a meeting) and document; sorted by date. A hub's (``HUB_FACTS`` or more)
        are kept in memory until the store changes: its pages, filters and neighbours
        read them again."""
        kept = self._hub(iri)
        if kept is not None:
            return [dict(f) for f in kept["facts"]]
        facts = self._read_facts(iri)
        if len(facts) >= HUB_FACTS:
            with self._lock:
                self._hubs[iri] = {"facts": [dict(f) for f in facts], "posts": None}
                while len(self._hubs) > HUBS_KEPT:
                    self._hubs.popitem(last=False)
        return facts

    def _hub(self, iri: str) -> dict | None:
        """What is kept of a hub (None: ``iri`` is not one kept)."""
        with self._lock:
            self._forget_if_changed()
            kept = self._hubs.get(iri)
            if kept is not None:
                self._hubs.move_to_end(iri)
            return kept

    def _forget_if_changed(self) -> None:
        """(Under the lock.) Forget what is kept when the store changed since."""
        if self._kept_for != self._changes:
            self._hubs.clear()
            self._documents_cache.clear()
            self._kept_for = self._changes

    def clear_cache(self) -> None:
        """Forget the documents and hubs kept in memory (as a change to the store does)."""
        with self._lock:
            self._hubs.clear()
            self._documents_cache.clear()

    def _read_facts(self, iri: str) -> list[dict]:
        index = self._ready_index()
        if index is not None:  # kept by the index: one lookup whatever the entity
            with index:
                facts = index.facts_of(iri)
        else:
            facts = self._statements(iri)  # the sentences of a page's facts only
            meetings = _read_meetings(self.store.query, "", f"?m kg:participant <{iri}> .") \
                if any(f["relation"] == "metWith" for f in facts) else {}
            for f in facts:
                f["parties"] = {iri, f["other"]}
            _meeting_details(self.store.query, facts, meetings)
        documents = self._documents(f["graph"] for f in facts)
        for f in facts:
            doc = documents.get(f["graph"]) or _no_document(f["graph"])
            f["document"] = doc
            f["date"] = f.pop("meetingDate", "") or doc["date"]
            f["dateSource"] = f.pop("meetingDateSource", "") or ("publication" if doc["date"] else "")
            f.pop("parties", None)
        facts.sort(key=lambda f: (f["date"] or "9999", f["relation"], f["other"], f["document"]["id"], f["statement"]))
        return facts

    def _details(self, facts: list[dict]) -> None:
        """Add to a page of facts what only it needs: the other party's and the place's
        names, the role (of a post), the occasion (of a representation), who the article
        attributes the fact to, the rule that read it, and the other documents that state it
        (copies of the story)."""
        if not facts:
            return
        roles, occasions = defaultdict(set), defaultdict(set)
        posts = [f for f in facts if f["relation"] in {"officialOf", "holdsOfficeIn"}]
        pairs = sorted({(f["graph"], *self._ends(f)) for f in posts})
        for part in _chunks(pairs, 200):
            values = " ".join(f"(<{g}> <{s}> <{o}>)" for g, s, o in part)
            for row in self.store.query(f"SELECT ?g ?s ?o ?role WHERE {{ VALUES (?g ?s ?o) {{ {values} }} "
                                        "GRAPH ?g { ?m kg:member ?s ; kg:organization ?o ; kg:roleText ?role } }"):
                roles[(row["g"].value, row["s"].value, row["o"].value)].add(row["role"].value)
        pairs = sorted({(f["graph"], *self._ends(f)) for f in facts if f["relation"] == "represents"})
        for part in _chunks(pairs, 200):
            values = " ".join(f"(<{g}> <{s}> <{o}>)" for g, s, o in part)
            for row in self.store.query(f"SELECT ?g ?s ?o ?e WHERE {{ VALUES (?g ?s ?o) {{ {values} }} "
                                        "GRAPH ?g { ?r kg:representative ?s ; kg:represented ?o ; kg:occasion ?e } }"):
                occasions[(row["g"].value, row["s"].value, row["o"].value)].add(row["e"].value)
        extra = self._properties({f["statement"] for f in facts},
                                 {"from": "prov:wasDerivedFrom", "by": "kg:attributedTo", "rule": "kg:extractor"})
        copies = {g for f in facts for g in extra[f["statement"]]["from"] if g != f["graph"]}
        copy_docs = self._documents(copies)
        names = self._labels({f["other"] for f in facts} | {f["place"] for f in facts if f["place"]}
                             | {e for found in occasions.values() for e in found}
                             | {a for f in facts for a in extra[f["statement"]]["by"]})
        for f in facts:
            key = (f["graph"], *self._ends(f))
            more = extra[f["statement"]]
            f["other"] = _brief(names[f["other"]])
            f["place"] = _brief(names[f["place"]]) if f["place"] else None
            f["role"] = " / ".join(sorted(roles.get(key, ()))) if f["relation"] in {"officialOf", "holdsOfficeIn"} else ""
            f["occasion"] = ", ".join(sorted(names[e]["label"] for e in occasions.get(key, ())))
            f["attributedTo"] = ", ".join(sorted(names[a]["label"] for a in more["by"]))
            f["extractor"] = ", ".join(sorted(more["rule"]))
            f["alsoIn"] = [copy_docs[g] for g in sorted(more["from"]) if g in copy_docs]

    @staticmethod
    def _ends(fact: dict) -> tuple[str, str]:
        """(subject, object) of a fact whose entity is at one end."""
        entity = fact["entity"]
        return (entity, fact["other"]) if fact["subjectIsEntity"] else (fact["other"], entity)

    def entity(self, iri: str | None, relation: str | None = None, date_from: str | None = None,
               date_to: str | None = None, modality: str | None = None, offset: int = 0,
               limit: int = 20) -> dict:
        """An entity's page: names, type, facts in date order (filtered by relation, date
        range and modality; a page of ``limit`` from ``offset``) and posts held."""
        about = self._entity(iri)
        relation, modality = self._relation(relation), self._modality(modality)
        date_from, date_to = _day(date_from, "from"), _day(date_to, "to")
        offset, limit = _paging(offset, limit)
        facts = self._facts(about["iri"])
        relations = Counter(f["relation"] for f in facts)
        modalities = Counter(f["modality"] for f in facts)
        dates = sorted(f["date"] for f in facts if f["date"])
        chosen = [f for f in facts
                  if (relation is None or f["relation"] == relation)
                  and (modality is None or f["modality"] == modality)
                  and (not date_from or (f["date"] and f["date"] >= date_from))
                  and (not date_to or (f["date"] and f["date"] <= date_to))]
        page = chosen[offset:offset + limit]
        sentences = self._sentences(f["statement"] for f in page)
        for f in page:
            f["entity"] = about["iri"]
            said = sentences.get(f["statement"], {})
            f["confidence"], f["evidence"] = _number(said.get("confidence", "")), said.get("evidence")
        self._details(page)
        for f in page:
            del f["entity"], f["graph"], f["subjectIsEntity"]
        return {**about, "facts": sum(relations.values()),
                "documents": len({f["document"]["id"] for f in facts}),
                "relations": dict(sorted(relations.items())), "modalities": dict(sorted(modalities.items())),
                "dates": [dates[0], dates[-1]] if dates else [],
                "filters": {"relation": relation, "from": date_from, "to": date_to, "modality": modality},
                "page": {"offset": offset, "limit": limit, "total": len(chosen), "items": page},
                "posts": self._hub_posts(about["iri"])}

    def _hub_posts(self, iri: str) -> list[dict]:
        """``_posts``, kept with a hub's facts when ``iri`` is a hub."""
        kept = self._hub(iri)
        if kept is None:
            return self._posts(iri)
        if kept["posts"] is None:
            kept["posts"] = self._posts(iri)
        return copy.deepcopy(kept["posts"])

    def _relation(self, relation: str | None) -> str | None:
        if not relation:
            return None
        if relation not in self._relations:
            raise ExploreError(f"no relation {relation!r}; use one of {', '.join(self._relations)}")
        return relation

    @staticmethod
    def _modality(modality: str | None) -> str | None:
        if not modality:
            return None
        if modality not in MODALITIES:
            raise ExploreError(f"no modality {modality!r}; use one of {', '.join(MODALITIES)}")
        return modality

    def _posts(self, iri: str) -> list[dict]:
        """The posts an entity held, over time: each post (or role, when the article names
        no post) with the organization, the roles as written, the first and last article
        dates naming the entity in it, and the articles."""
        index = self._ready_index()
        if index is not None:
            with index:
                memberships, post_labels = index.memberships_of(iri)
        else:
            memberships, post_labels = _read_memberships(self.store.query, f"VALUES ?member {{ <{iri}> }}"), {}
        if not memberships:
            return []
        documents = self._documents(m["graph"] for m in memberships.values())
        names = self._labels({m["organization"] for m in memberships.values() if "organization" in m}
                             | {m["post"] for m in memberships.values() if "post" in m} - set(post_labels))
        names.update({post: {"iri": post, "label": label, "type": None, "names": []}
                      for post, label in post_labels.items()})
        posts: dict[str, dict] = {}
        for m in memberships.values():
            organization = m.get("organization", "")
            key = m.get("post") or f"{organization} {m.get('roleText', '')}"
            label = names[m["post"]]["label"] if m.get("post") else \
                f"{m.get('roleText', 'post')} of {names[organization]['label'] if organization else '?'}"
            post = posts.setdefault(key, {"post": label, "organization": _brief(names[organization])
                                          if organization else None, "roles": set(), "dates": [],
                                          "modalities": set(), "documents": set()})
            post["roles"].add(m.get("roleText", ""))
            post["modalities"].add(m.get("modality", "asserted"))
            doc = documents.get(m["graph"])
            if doc is not None:
                post["documents"].add(doc["id"])
            date = _date(m.get("asOf")) or (doc["date"] if doc else "")
            if date:
                post["dates"].append(date)
        out = []
        for post in posts.values():
            dates = sorted(post.pop("dates"))
            out.append({**post, "roles": sorted(r for r in post["roles"] if r),
                        "modalities": sorted(post["modalities"]), "documents": sorted(post["documents"]),
                        "articles": len(post["documents"]), "first": dates[0] if dates else "",
                        "last": dates[-1] if dates else ""})
        out.sort(key=lambda p: (p["first"] or "9999", p["post"]))
        return out

    # -- neighbourhood
    def _links(self, iri: str, limit: int | None = None) -> dict[tuple[str, str], dict[str, dict]]:
        """An entity's neighbours by (relation, direction): for each neighbour, how many
        statements link them and with which modalities."""
        groups: dict[tuple[str, str], dict[str, dict]] = defaultdict(dict)
        kept = self._hub(iri)
        index = self._ready_index() if kept is None else None
        if kept is not None:
            statements = kept["facts"][:limit]
        elif index is not None:
            with index:
                statements = index.facts_of(iri, limit)
        else:
            statements = self._statements(iri, limit)
        for s in statements:
            link = groups[(s["relation"], s["direction"])].setdefault(s["other"], {"facts": 0, "modalities": set()})
            link["facts"] += 1
            link["modalities"].add(s["modality"])
        return groups

    def neighbours(self, iri: str | None, relation: str | None = None, direction: str | None = None,
                   offset: int = 0, limit: int = MAX_LIMIT, steps: int = 1) -> dict:
        """An entity's neighbourhood, grouped by relation (and direction: "out" when the
        entity is the subject, "in" when it is the object, "both" for meetings). Each group
        is paged: ``limit`` neighbours (at most 50) from ``offset``, the most linked first.
        ``steps=2`` adds, for the most linked neighbours shown, their own most linked
        neighbours (capped). ``nodes`` and ``edges`` are what to draw."""
        about = self._entity(iri)
        relation = self._relation(relation)
        if direction not in (None, "", "out", "in", "both"):
            raise ExploreError("direction is out, in or both")
        try:
            steps = int(steps)
        except (TypeError, ValueError):
            steps = 0
        if steps not in (1, 2):
            raise ExploreError("steps is 1 or 2")
        offset, limit = _paging(offset, limit, MAX_LIMIT)
        centre = about["iri"]
        groups = []
        shown: dict[str, dict] = {}  # neighbour -> the link drawn to it
        edges = []
        for (rel, way), members in sorted(self._links(centre).items()):
            if (relation and rel != relation) or (direction and way != direction):
                continue
            ranked = sorted(members.items(), key=lambda item: (-item[1]["facts"], item[0]))
            page = ranked[offset:offset + limit]
            groups.append({"relation": rel, "direction": way, "label": RELATION_WORDS.get((rel, way), rel),
                           "total": len(ranked), "offset": offset, "limit": limit,
                           "more": offset + limit < len(ranked), "neighbours": [o for o, _ in page]})
            for other, link in page:
                shown.setdefault(other, link)
                ends = (other, centre) if way == "in" else (centre, other)
                edges.append(_edge(*ends, rel, link))
        note = ""
        second: dict[str, int] = {}
        if steps == 2:
            expand = sorted(shown, key=lambda o: (-shown[o]["facts"], o))[:SECOND_STEP_FROM]
            for other in expand:
                found = []
                for (rel, way), members in self._links(other, SECOND_STEP_ROWS).items():
                    for far, link in members.items():
                        if far != centre:
                            found.append((link["facts"], far, rel, way, link))
                found.sort(key=lambda item: (-item[0], item[1]))
                new = 0
                for _, far, rel, way, link in found:
                    drawn = far in shown or far in second
                    if not drawn and new >= SECOND_STEP_EACH:
                        continue
                    if not drawn:
                        second[far] = 2
                        new += 1
                    ends = (far, other) if way == "in" else (other, far)
                    edges.append(_edge(*ends, rel, link))
            if len(shown) > SECOND_STEP_FROM:
                note = (f"The second step starts from the {SECOND_STEP_FROM} most linked neighbours, "
                        f"with up to {SECOND_STEP_EACH} of their own each.")
            else:
                note = f"The second step shows up to {SECOND_STEP_EACH} neighbours of each neighbour."
        names = self._labels([*shown, *second])
        nodes = [{**_brief(about), "step": 0}]
        nodes += [{**_brief(names[o]), "step": 1} for o in sorted(shown)]
        nodes += [{**_brief(names[o]), "step": 2} for o in sorted(second)]
        for group in groups:
            group["neighbours"] = [{**_brief(names[o]), "facts": shown[o]["facts"]} for o in group["neighbours"]]
        unique = {}
        for e in edges:
            unique.setdefault((e["from"], e["to"], e["relation"]), e)
        return {"entity": _brief(about), "steps": steps, "groups": groups, "nodes": nodes,
                "edges": list(unique.values()), "note": note}

    # -- how two entities are connected
    def _adjacent(self, iris: list[str]) -> dict[str, set[str]]:
        """Each entity's neighbours through facts that are not denied ("negated")."""
        out: dict[str, set[str]] = {i: set() for i in iris}
        for part in _chunks(iris, 100):
            values = " ".join(f"<{i}>" for i in part)
            for row in self.store.query(f"""
SELECT DISTINCT ?e ?o ?p WHERE {{ VALUES ?e {{ {values} }}
  {{ GRAPH ?g {{ ?st rdf:subject ?e ; rdf:object ?o ; rdf:predicate ?p ; kg:modality ?m }} }} UNION
  {{ GRAPH ?g {{ ?st rdf:object ?e ; rdf:subject ?o ; rdf:predicate ?p ; kg:modality ?m }} }}
  FILTER (?m != "negated") }}"""):
                if isinstance(row["o"], ox.NamedNode) and _short(row["p"].value) in self._relations:
                    out[row["e"].value].add(row["o"].value)
        return out

    def connect(self, a: str | None, b: str | None, max_depth: int = MAX_DEPTH,
                max_expanded: int = MAX_EXPANDED) -> dict:
        """The shortest paths between two entities, through facts (denied ones left out),
        with the facts on each step.

        A bidirectional breadth-first search: the neighbours of one side's whole frontier
        are read (from the store, a batch of entities a query), the smaller frontier first,
        until the two sides meet, the paths would be longer than ``max_depth`` facts, or
        ``max_expanded`` entities were read. networkx then lists the shortest paths in what
        was read, which holds every edge of every shortest path, since each side's levels
        are read whole."""
        import networkx as nx

        start, end = self._entity(a, "from"), self._entity(b, "to")
        if start["iri"] == end["iri"]:
            raise ExploreError("choose two different entities")
        graph = nx.Graph()
        seen = [{start["iri"]: 0}, {end["iri"]: 0}]
        frontier = [[start["iri"]], [end["iri"]]]
        depth, expanded, stopped = [0, 0], 0, False
        met = False
        while frontier[0] and frontier[1] and depth[0] + depth[1] < max_depth and not met:
            side = 0 if len(frontier[0]) <= len(frontier[1]) else 1
            if expanded + len(frontier[side]) > max_expanded:
                stopped = True
                break
            expanded += len(frontier[side])
            found = self._adjacent(frontier[side])
            nxt = []
            for node, others in found.items():
                for other in others:
                    graph.add_edge(node, other)
                    if other not in seen[side]:
                        seen[side][other] = depth[side] + 1
                        nxt.append(other)
            frontier[side] = sorted(set(nxt))
            depth[side] += 1
            met = any(n in seen[1 - side] for n in frontier[side]) or start["iri"] in seen[1] \
                or end["iri"] in seen[0]
        result = {"from": _brief(start), "to": _brief(end), "found": met, "paths": [], "nodes": [], "links": [],
                  "length": None, "expanded": expanded, "maxDepth": max_depth}
        if not met:
            if stopped:
                result["message"] = (f"No path found within the limits: the search read the neighbours of "
                                     f"{expanded} entities and stopped before reading {max_expanded}; they may "
                                     "be connected further out.")
            else:
                result["message"] = (f"{start['label']} and {end['label']} are not connected by a path of up to "
                                     f"{max_depth} facts.")
            return result
        paths = list(islice(nx.all_shortest_paths(graph, start["iri"], end["iri"]), MAX_PATHS))
        steps = sorted({tuple(sorted(pair)) for path in paths for pair in zip(path, path[1:])})
        facts = self._facts_between(steps)
        names = self._labels({n for path in paths for n in path})
        result.update(found=True, length=len(paths[0]) - 1, paths=paths,
                      nodes=[_brief(names[n]) for n in sorted(names)],
                      links=[{"from": x, "to": y, "facts": facts.get((x, y), [])} for x, y in steps])
        many = " (the first ten)" if len(paths) == MAX_PATHS else ""
        result["message"] = (f"{len(paths)} shortest path{'s' if len(paths) != 1 else ''}{many} of "
                             f"{result['length']} fact{'s' if result['length'] != 1 else ''} between "
                             f"{start['label']} and {end['label']}.")
        return result

    def _facts_between(self, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], list[dict]]:
        """The facts linking each pair (either way round), with sentence and document."""
        found: dict[tuple[str, str], list[dict]] = defaultdict(list)
        rows = []
        for part in _chunks(pairs, 200):
            values = " ".join(f"(<{x}> <{y}>) (<{y}> <{x}>)" for x, y in part)
            rows += list(self.store.query(f"""
SELECT ?g ?s ?p ?o ?modality ?confidence ?evidence WHERE {{ VALUES (?s ?o) {{ {values} }}
  GRAPH ?g {{ ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:modality ?modality ;
             kg:confidence ?confidence ; kg:evidence ?evidence }} }}"""))
        documents = self._documents(r["g"].value for r in rows)
        for r in rows:
            s, o = r["s"].value, r["o"].value
            relation = _short(r["p"].value)
            if relation not in self._relations:
                continue
            doc = documents.get(r["g"].value, {"id": _short(r["g"].value), "date": ""})
            found[tuple(sorted((s, o)))].append({
                "subject": s, "relation": relation, "object": o, "modality": r["modality"].value,
                "confidence": _number(r["confidence"].value), "evidence": r["evidence"].value, "document": doc})
        for facts in found.values():
            facts.sort(key=lambda f: (f["document"]["date"] or "9999", f["relation"], f["document"]["id"]))
        return found


def _brief(about: dict) -> dict:
    return {"iri": about["iri"], "label": about["label"], "type": about["type"]}


def _edge(source: str, target: str, relation: str, link: dict) -> dict:
    return {"from": source, "to": target, "relation": relation, "facts": link["facts"],
            "stated": bool(link["modalities"] & {"asserted", "past"}), "modalities": sorted(link["modalities"])}


def _number(text: str) -> float | None:
    try:
        return round(float(text), 2)
    except ValueError:
        return None


def _day(value: str | None, name: str) -> str | None:
    if not value:
        return None
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        raise ExploreError(f"{name} is a date written YYYY-MM-DD, not {value!r}")
    return value


def _paging(offset, limit, most: int = MAX_LIMIT) -> tuple[int, int]:
    try:
        offset, limit = int(offset), int(limit)
    except (TypeError, ValueError):
        raise ExploreError("offset and limit are whole numbers") from None
    if offset < 0 or limit < 1:
        raise ExploreError("offset is 0 or more and limit 1 or more")
    return offset, min(limit, most)
