"""One real-world entity, one node: resolution across the documents of a store.

Each document's graph names its entities by a key made from the document alone
(``Person/ana lind``); two documents that name one person alike already share a node.
This pass joins the nodes that the evidence across the store says are one entity, and
settles one type per node. It reads only names and keys (never texts), so it can be run
again at any time (``kg resolve``; every ``kg build`` and ``kg remove`` runs it):

* **names equal after folding**: case, "the", diacritics, honorifics and titles before a
  person's name ("Dr", "CM", "President"), demonyms ("Ruritanian Committee" is
  "Ruritania Committee"), and "X of COUNTRY" read as "COUNTRY X" ("Government of
  Ruritania", "Ruritanian Government");
* **an acronym** defined in any stored document ("Valmont Rowing League (VRL)") for the
  nodes named only by it, when no other document defines it otherwise;
* **a short form** (a person's one-word name) when exactly one person in the store has a
  fuller name ending or starting with it.

Two names that one document keeps apart are never joined (that document saw both, and
more context), two people who share a surname are never joined, and names a curator
``split`` are left alone. The result depends only on the stored documents, not on the
order they were built or removed in: every document keeps the key it gave each entity
(``kg:localKey``), and the pass recomputes every node from those keys.

Why two names are one node is written in the graph ``.../id/identity`` (``owl:sameAs``
from each joined name's own IRI, and ``kg:mergeReason``), where ``kg explain`` reads it;
so are type conflicts (``kg:typeConflict``), which ``kg stats`` counts.
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from .extract.lexicon import HONORIFICS, ROLE_HEADS, ROLE_MODIFIERS, countries
from .resolve import _written_as_word, country_body, normalise

#: The named graph that holds the store-wide identity decisions.
IDENTITY_GRAPH = "https://w3id.org/kg-news/id/identity"
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"

#: Types whose nodes may be joined across a type disagreement, by the class they fall in.
_CLASS = {"Person": "P", "Organization": "O", "Event": "O", "Place": "L", "Group": "G"}
#: The type a node takes when its documents disagree and the votes tie.
_TYPE_ORDER = ("Place", "Organization", "Person", "Event", "Group")
_SMALL = {"of", "the", "and", "for", "in", "on", "at", "de", "&"}


def _plain(text: str) -> str:
    """Without diacritics ("Dvořák" -> "Dvorak")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def match_keys(type_: str, name: str) -> set[str]:
    """The folded forms under which a name is compared with the names of other documents."""
    norm = _plain(normalise(name, type_))
    words = norm.split()
    if type_ == "Person":
        while len(words) > 1 and (words[0] in HONORIFICS or words[0].rstrip(".") in HONORIFICS
                                  or words[0] in ROLE_HEADS or words[0] in ROLE_MODIFIERS or words[0] == "cm"):
            words = words[1:]
        return {" ".join(words)} if words else set()
    keys = {" ".join(words)}
    gazetteer = countries()
    # "national paralympic committee of ruritania" -> "ruritania national paralympic committee"
    for n in range(len(words) - 2, 0, -1):
        if words[n] == "of":
            tail = " ".join(words[n + 1:])
            country = gazetteer.country(tail)
            if country and n >= 1:
                keys.add(" ".join([_plain(country.casefold())] + words[:n]))
            break
    return {k for k in keys if k}


def _initials(name: str) -> str:
    words = [w for w in _plain(name).replace("-", " ").split() if w.lower() not in _SMALL]
    return "".join(w[0] for w in words if w[:1].isalpha()).upper()


def _acronyms_defined(label: str, names: Iterable[str]) -> set[str]:
    """Acronyms a node's names define: an all-capitals name that stands for one of its
    several-word names ("VRL" beside "Valmont Rowing League")."""
    long = [n for n in {label, *names} if len(n.split()) >= 2]
    out = set()
    for n in names:
        short = n.replace(".", "")
        if 2 <= len(short) <= 10 and short.isupper() and short.isalpha():
            if any(_initials(full) == short or _initials(full).startswith(short) for full in long):
                out.add(short)
        elif _written_as_word(short) and long:  # "Fifa" beside its (French or English) name
            out.add(short.upper())
    return out


@dataclass
class Name:
    """What the store says about one key: its type, labels, names and documents."""

    key: str
    type: str
    labels: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    graphs: set[str] = field(default_factory=set)


@dataclass
class Plan:
    """Where each key's node goes (``target``: key -> canonical key), why, and the type
    each canonical node takes."""

    target: dict[str, str]
    types: dict[str, str]
    reasons: dict[str, list[str]]  # canonical key -> reasons
    conflicts: dict[str, dict[str, int]]  # canonical key -> type -> documents


class _Clusters:
    def __init__(self, names: dict[str, Name]):
        self.parent = {k: k for k in names}
        self.graphs = {k: set(n.graphs) for k, n in names.items()}
        self.reasons: dict[str, list[str]] = defaultdict(list)

    def find(self, k: str) -> str:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def join_only(self, key: str, roots: set[str], reason) -> None:
        """Join ``key`` to the one cluster it can stand for; with several (ambiguous), to none."""
        if len(roots) == 1:
            root = next(iter(roots))
            self.join(root, key, reason(root))

    def join(self, a: str, b: str, reason: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.graphs[ra] & self.graphs[rb]:
            return False  # one document names both, and kept them apart
        ra, rb = min(ra, rb), max(ra, rb)
        self.parent[rb] = ra
        self.graphs[ra] |= self.graphs.pop(rb)
        self.reasons[ra] += self.reasons.pop(rb, []) + [reason]
        return True


def plan(names: dict[str, Name], keep_apart: frozenset[str] = frozenset()) -> Plan:
    """Decide which keys are one entity. Depends only on ``names`` (not on their order)."""
    clusters = _Clusters(names)
    ordered = sorted(names)
    kept = {k for k in ordered if {n.casefold() for n in names[k].names} & keep_apart}

    # 1. names equal after folding (a country is a place whatever type a document gave it)
    by_form: dict[tuple[str, str], list[str]] = defaultdict(list)
    for k in ordered:
        n = names[k]
        if k in kept:
            continue
        for name in sorted(n.names):
            if countries().country(name) and (len(name) > 3 or n.type == "Place"):
                by_form[("L", _plain(countries().country(name).casefold()))].append(k)
                continue
            for form in match_keys(n.type, name):
                if len(form.split()) < 2 or n.type == "Organization" and country_body(form):
                    continue  # one word: a person's short form (step 3), an acronym (step 2), "the Committee";
                    # "Ministry of Finance" without its country: whose it is, only its article says
                by_form[(_CLASS.get(n.type, n.type), form)].append(k)
    for (_, form), keys in sorted(by_form.items()):
        keys = sorted(set(keys))
        for other in keys[1:]:
            a, b = sorted([_label(names[keys[0]]), _label(names[other])])
            clusters.join(keys[0], other, f"'{a}' and '{b}' are one name once case, accents, titles, "
                                          f"demonyms and 'of COUNTRY' are folded")

    # 2. acronyms defined in some document, for nodes named only by the acronym
    defined: dict[str, set[str]] = defaultdict(set)
    for k in ordered:
        n = names[k]
        if n.type in {"Organization", "Event"} and k not in kept:
            for acronym in _acronyms_defined(min(n.labels), n.names):
                defined[acronym].add(k)
    for k in ordered:
        n = names[k]
        if n.type not in {"Organization", "Event"} or k in kept:
            continue
        bare = {x.replace(".", "") for x in n.names}
        if len(bare) != 1:
            continue
        acronym = next(iter(bare))
        if not acronym.isupper():
            if not _written_as_word(acronym):
                continue
            acronym = acronym.upper()  # "Fifa" in one article, "FIFA" defined in another
        clusters.join_only(k, {clusters.find(d) for d in defined.get(acronym, ()) if d != k},
                           lambda root: f"'{acronym}' is the acronym of '{_label(names[root])}', "
                                        f"as a stored document defines it")

    # 3. a person's one-word name, when exactly one person in the store has it as a surname
    #    or given name of a fuller name
    fuller: dict[str, set[str]] = defaultdict(set)
    for k in ordered:
        n = names[k]
        if n.type != "Person" or k in kept:
            continue
        for name in n.names:
            for form in match_keys("Person", name):
                words = form.split()
                if len(words) >= 2:
                    fuller[words[-1]].add(k)
                    fuller[words[0]].add(k)
    for k in ordered:
        n = names[k]
        if n.type != "Person" or k in kept:
            continue
        forms = {f for name in n.names for f in match_keys("Person", name)}
        if not forms or any(len(f.split()) > 1 for f in forms):
            continue
        clusters.join_only(k, {clusters.find(x) for f in forms for x in fuller.get(f, ()) if x != k},
                           lambda root: f"'{_label(n)}' is a short name of '{_label(names[root])}', the only "
                                        f"person of the store it can stand for")

    # canonical key and type of each cluster
    members: dict[str, list[str]] = defaultdict(list)
    for k in ordered:
        members[clusters.find(k)].append(k)
    target, types, reasons, conflicts = {}, {}, {}, {}
    for root, keys in members.items():
        votes: dict[str, int] = defaultdict(int)
        for k in keys:
            votes[names[k].type] += len(names[k].graphs)
        settled = max(sorted(votes, key=_TYPE_ORDER.index), key=lambda t: votes[t])
        if any(countries().country(x) for k in keys for x in names[k].labels) and "Place" in votes:
            settled = "Place"
        if len(votes) > 1:
            conflicts[root] = dict(votes)
        same = [k for k in keys if names[k].type == settled] or keys
        best = max(same, key=lambda k: (len(names[k].graphs), len(max(names[k].labels, key=len).split()),
                                        -len(k), _neg(k)))
        canonical = best if names[best].type == settled else f"{settled}/{best.partition('/')[2]}"
        for k in keys:
            target[k] = canonical
        types[canonical] = settled
        if clusters.reasons.get(root):
            reasons[canonical] = sorted(set(clusters.reasons[root]))
        if root in conflicts:
            conflicts[canonical] = conflicts.pop(root)
    return Plan(target, types, reasons, conflicts)


def _label(name: Name) -> str:
    """The fullest of a key's labels (most words, then alphabetical)."""
    return min(name.labels, key=lambda label: (-len(label.split()), label))


def _neg(text: str) -> tuple[int, ...]:
    """A key for ``max`` that prefers the alphabetically first text."""
    return tuple(-ord(c) for c in text)


# --------------------------------------------------------------------- the store
_READ = """
SELECT ?g ?key ?label ?alt WHERE {
  GRAPH ?g { ?e kg:localKey ?key ; rdfs:label ?label . OPTIONAL { ?e skos:altLabel ?alt } }
}"""

_PLACED = """
SELECT DISTINCT ?g ?e ?key ?class WHERE {
  VALUES ?key { %s }
  GRAPH ?g { ?e kg:localKey ?key ; a ?class }
  FILTER (STRSTARTS(STR(?class), STR(kg:)))
}"""
#: The keys the last pass moved or retyped (kept in the identity graph).
_MOVED = f"SELECT ?key WHERE {{ GRAPH <{IDENTITY_GRAPH}> {{ ?node kg:localKey ?key }} }}"

#: Rows rewritten per SPARQL update.
_BATCH = 2000


@dataclass(frozen=True)
class Placed:
    """One key's node in one document graph, as stored now."""

    graph: str
    node: str
    key: str
    type: str  # the class the node has in that graph now


def read(store) -> dict[str, Name]:
    """Every key of every document graph, with its names and documents (numbered: a set of
    small integers costs far less than one of graph IRIs)."""
    names: dict[str, Name] = {}
    graph_ids: dict[str, int] = {}
    for row in store.query(_READ):
        key = row["key"].value
        name = names.get(key)
        if name is None:
            name = names[key] = Name(key, key.partition("/")[0])
        label = row["label"].value
        name.labels.add(label)
        name.names.add(label)
        if row["alt"] is not None:
            name.names.add(row["alt"].value)
        name.graphs.add(graph_ids.setdefault(row["g"].value, len(graph_ids)))
    return names


def placements(store, keys: Iterable[str]) -> Iterator[Placed]:
    """Where each of ``keys`` is stored now, document by document."""
    from .namespace import ENTITY_CLASSES

    class_type = {str(iri): t for t, iri in ENTITY_CLASSES.items()}
    keys = sorted(keys)
    for n in range(0, len(keys), _BATCH):
        values = " ".join(_term(k) for k in keys[n:n + _BATCH])
        for row in store.query(_PLACED % values):
            key = row["key"].value
            yield Placed(row["g"].value, row["e"].value, key,
                         class_type.get(row["class"].value, key.partition("/")[0]))


def _term(value: str) -> str:
    import pyoxigraph as ox

    return str(ox.Literal(value))


def apply(store, result: Plan, placed: Iterable[Placed]) -> int:
    """Rewrite the nodes that the plan moves or retypes; write the identity graph.
    Returns how many (document, node) places changed."""
    from .namespace import ENTITY_CLASSES
    from .rdf import entity_iri

    moves, retypes = [], []
    for p in placed:
        canonical = result.target.get(p.key, p.key)
        want = entity_iri(canonical).value
        if p.node != want:
            moves.append((p.graph, p.node, want))
        settled = result.types.get(canonical, p.key.partition("/")[0])
        if settled != p.type:
            retypes.append((p.graph, want, str(ENTITY_CLASSES[p.type]), str(ENTITY_CLASSES[settled])))
    for n in range(0, len(moves), _BATCH):
        values = " ".join(f"(<{g}> <{a}> <{b}>)" for g, a, b in moves[n:n + _BATCH])
        store.update(
            f"DELETE {{ GRAPH ?g {{ ?old ?p ?o }} }} INSERT {{ GRAPH ?g {{ ?new ?p ?o }} }} "
            f"WHERE {{ VALUES (?g ?old ?new) {{ {values} }} GRAPH ?g {{ ?old ?p ?o }} }} ;\n"
            f"DELETE {{ GRAPH ?g {{ ?s ?p ?old }} }} INSERT {{ GRAPH ?g {{ ?s ?p ?new }} }} "
            f"WHERE {{ VALUES (?g ?old ?new) {{ {values} }} GRAPH ?g {{ ?s ?p ?old }} }}")
    for n in range(0, len(retypes), _BATCH):
        values = " ".join(f"(<{g}> <{e}> <{a}> <{b}>)" for g, e, a, b in retypes[n:n + _BATCH])
        store.update(f"DELETE {{ GRAPH ?g {{ ?e a ?a }} }} INSERT {{ GRAPH ?g {{ ?e a ?b }} }} "
                     f"WHERE {{ VALUES (?g ?e ?a ?b) {{ {values} }} GRAPH ?g {{ ?e a ?a }} }}")
    _write_identity(store, result)
    return len({(g, a) for g, a, _ in moves} | {(g, e) for g, e, _, _ in retypes})


def _write_identity(store, result: Plan) -> None:
    from .rdf import entity_iri

    lines = []
    for key, canonical in sorted(result.target.items()):
        if key != canonical:
            lines.append(f"<{entity_iri(key).value}> <{SAME_AS}> <{entity_iri(canonical).value}> .")
        if key != canonical or result.types.get(canonical) != key.partition("/")[0]:
            lines.append(f"<{entity_iri(key).value}> kg:localKey {_term(key)} .")  # for the next pass
    for canonical, reasons in sorted(result.reasons.items()):
        for reason in reasons:
            lines.append(f"<{entity_iri(canonical).value}> kg:mergeReason {_term(reason)} .")
    for canonical, votes in sorted(result.conflicts.items()):
        text = "; ".join(f"{t}: {n} document{'s' if n != 1 else ''}" for t, n in sorted(votes.items()))
        lines.append(f"<{entity_iri(canonical).value}> kg:typeConflict {_term(text)} .")
    update = f"DROP SILENT GRAPH <{IDENTITY_GRAPH}>"
    for n in range(0, len(lines), _BATCH):
        body = "\n".join(lines[n:n + _BATCH])
        update += f" ;\nINSERT DATA {{ GRAPH <{IDENTITY_GRAPH}> {{ {body} }} }}"
    store.update(update)


@dataclass(frozen=True)
class Report:
    keys: int
    merged: int  # keys joined to another key's node
    moved: int  # (document, node) places rewritten
    conflicts: int  # nodes whose documents gave them different types


def resolve_store(store, keep_apart: Iterable[str] = ()) -> Report:
    """Run the pass on a store: read names and keys, decide, rewrite. Idempotent."""
    names = read(store)
    result = plan(names, frozenset(str(n).casefold() for n in keep_apart))
    keys = len(names)
    del names  # the plan is all the rewrite needs
    # only the keys this plan moves or retypes, and those the last one did, can need a rewrite
    touched = {k for k, c in result.target.items() if k != c or result.types.get(c) != k.partition("/")[0]}
    touched |= {row["key"].value for row in store.query(_MOVED)}
    moved = apply(store, result, list(_changes(result, placements(store, touched))))
    merged = sum(1 for k, c in result.target.items() if k != c)
    return Report(keys, merged, moved, len(result.conflicts))


def _changes(result: Plan, placed: Iterable[Placed]) -> Iterator[Placed]:
    """Only the places the plan changes (most stay as they are)."""
    from .rdf import entity_iri

    for p in placed:
        canonical = result.target.get(p.key, p.key)
        if p.node != entity_iri(canonical).value or result.types.get(canonical, p.key.partition("/")[0]) != p.type:
            yield p


_COUNTS = f"""
SELECT (COUNT(DISTINCT ?same) AS ?joined) (COUNT(DISTINCT ?conflicted) AS ?conflicts) WHERE {{
  GRAPH <{IDENTITY_GRAPH}> {{ {{ ?same <{SAME_AS}> ?node }} UNION {{ ?conflicted kg:typeConflict ?votes }} }}
}}"""


def counts(store) -> tuple[int, int]:
    """(names joined to another node, nodes whose documents disagree on the type)."""
    for row in store.query(_COUNTS):
        return int(row["joined"].value), int(row["conflicts"].value)
    return 0, 0


# --------------------------------------------------------------------- suggestions
@dataclass(frozen=True)
class Suggestion:
    score: float
    a: str
    b: str
    evidence: str


_COMMON = {"committee", "ministry", "national", "government", "international", "association", "federation",
           "council", "union", "bank", "group", "company", "university", "office", "department", "of", "the",
           "and", "for"}


def suggest(names: dict[str, Name], result: Plan, top: int = 50) -> list[Suggestion]:
    """Likely duplicates the pass did not join, best first, for a person to decide
    (``kg curate merge``): one-word names that several people could stand for, acronyms
    defined twice, and organizations whose names share most of their words."""
    nodes: dict[str, set[str]] = defaultdict(set)  # canonical -> keys
    for key, canonical in result.target.items():
        nodes[canonical].add(key)
    label = {c: max((_label(names[k]) for k in keys), key=lambda x: (len(x.split()), x)) for c, keys in nodes.items()}
    kind = {c: result.types.get(c, c.partition("/")[0]) for c in nodes}
    out: dict[tuple[str, str], Suggestion] = {}

    def add(a: str, b: str, score: float, evidence: str) -> None:
        if a == b:
            return
        pair = tuple(sorted((a, b)))
        if pair not in out or out[pair].score < score:
            out[pair] = Suggestion(round(score, 2), label[pair[0]], label[pair[1]], evidence)

    fuller: dict[str, set[str]] = defaultdict(set)
    for c in nodes:
        if kind[c] == "Person":
            words = _plain(label[c]).casefold().split()
            if len(words) >= 2:
                fuller[words[-1]].add(c)
    for c in nodes:
        words = _plain(label[c]).casefold().split()
        if kind[c] == "Person" and len(words) == 1 and len(fuller.get(words[0], ())) > 1:
            for other in fuller[words[0]]:
                add(c, other, 1 / len(fuller[words[0]]),
                    f"'{label[c]}' could be any of {len(fuller[words[0]])} people of that name")
    defined: dict[str, set[str]] = defaultdict(set)
    for c, keys in nodes.items():
        for k in keys:
            if names[k].type in {"Organization", "Event"}:
                for acronym in _acronyms_defined(_label(names[k]), names[k].names):
                    defined[acronym].add(c)
    for c in nodes:
        bare = label[c].replace(".", "")
        if kind[c] in {"Organization", "Event"} and bare.isupper() and len(defined.get(bare, ())) > 1:
            for other in defined[bare]:
                add(c, other, 1 / len(defined[bare]),
                    f"stored documents define '{bare}' as {len(defined[bare])} different names")
    by_word: dict[str, set[str]] = defaultdict(set)
    for c in nodes:
        if kind[c] in {"Organization", "Event"}:
            for w in set(_plain(label[c]).casefold().split()) - _COMMON:
                by_word[w].add(c)
    for w, group in sorted(by_word.items()):
        if len(group) > 30:
            continue  # a word too common to tell anything
        group = sorted(group)
        for i, a in enumerate(group):
            wa = set(_plain(label[a]).casefold().split())
            for b in group[i + 1:]:
                wb = set(_plain(label[b]).casefold().split())
                share = len(wa & wb) / len(wa | wb)
                if share >= 0.5:
                    add(a, b, share, f"the names share {len(wa & wb)} of {len(wa | wb)} words")
    return sorted(out.values(), key=lambda s: (-s.score, s.a, s.b))[:top]
