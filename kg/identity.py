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
  fuller name ending or starting with it, and the documents of the two name some other
  entity alike (a key both sets of documents share: the same place, body or person); so
  is a company's one-word name ("Doosan") for the only organization named by it and a
  company's word ("Doosan Group").

Two names that one document keeps apart are never joined (that document saw both, and
more context), two people who share a surname are never joined, names a curator ``split``
are left alone, and a body or seat that every country names alike ("Ministry of Finance",
"Foreign Affairs", "State House", "the US Embassy" without its city) joins nothing by that name. The result depends only on the stored documents, not on the
order they were built or removed in: every document keeps the key it gave each entity
(``kg:localKey``), and the pass recomputes every node from those keys.

Why two names are one node is written in the graph ``.../id/identity`` (``owl:sameAs``
from each joined name's own IRI, and ``kg:mergeReason``), where ``kg explain`` reads it;
so are type conflicts (``kg:typeConflict``), which ``kg stats`` counts.
"""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from pathlib import Path
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .extract.lexicon import HONORIFICS, ROLE_HEADS, ROLE_MODIFIERS, countries, plain as _plain
from .resolve import (EVERY_COUNTRYS, PATRONYMIC, VISIT_GROUPS, _country_first, _written_as_word, country_body,
                      normalise, person_words)

#: The named graph that holds the store-wide identity decisions.
IDENTITY_GRAPH = "https://w3id.org/kg-news/id/identity"
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"

#: Types whose nodes may be joined across a type disagreement, by the class they fall in.
_CLASS = {"Person": "P", "Organization": "O", "Event": "O", "Place": "L", "Group": "G"}
#: The type a node takes when its documents disagree and the votes tie.
_TYPE_ORDER = ("Place", "Organization", "Person", "Event", "Group")
_SMALL = {"of", "the", "and", "for", "in", "on", "at", "de", "&"}
#: Words after a company's own name that name no other company ("Doosan Group", "Mitsui & Co").
_COMPANY_TAILS = frozenset("group co company corporation corp inc ltd limited plc holdings holding and".split())


def match_keys(type_: str, name: str) -> set[str]:
    """The folded forms under which a name is compared with the names of other documents."""
    norm = _plain(normalise(name, type_))
    words = norm.split()
    if type_ == "Person":
        while len(words) > 1 and (words[0] in HONORIFICS or words[0].rstrip(".") in HONORIFICS
                                  or words[0] in ROLE_HEADS or words[0] in ROLE_MODIFIERS or words[0] == "cm"):
            words = words[1:]
        if not words:
            return set()
        # "Lloyd J. Austin III" is "Lloyd Austin": initials and a generation left out
        plain_name = [w for w in person_words(words) if len(w) > 1]
        return {" ".join(words)} | ({" ".join(plain_name)} if len(plain_name) >= 2 else set())
    keys = {" ".join(words)}
    # "national paralympic committee of ruritania" -> "ruritania national paralympic committee"
    folded = _country_first(words)
    if folded is not words:
        keys.add(" ".join([_plain(folded[0]), *folded[1:]]))
    return {k for k in keys if k}


def _spelling_keys(form: str) -> set[str]:
    """Keys that two names of a person share when they differ by one letter (added, dropped
    or changed) in one word of five letters or more, the other words equal: the word as
    written and without each of its letters, in its place among the others (the symmetric
    deletions of Garbe's SymSpell)."""
    words = form.split()
    if len(words) < 2:
        return set()
    out = set()
    for i, w in enumerate(words):
        if len(w) < 5 or not w.isalpha():
            continue
        rest = (" ".join(words[:i]), " ".join(words[i + 1:]))
        out |= {f"{rest[0]}|{v}|{rest[1]}" for v in {w} | ({w[:n] + w[n + 1:] for n in range(len(w))} if len(w) >= 6 else set())}
    return out


def _initials(name: str) -> str:
    words = [w for w in _plain(name).replace("-", " ").split() if w.lower() not in _SMALL]
    return "".join(w[0] for w in words if w[:1].isalpha()).upper()


def _given_names(name: Name) -> set[str]:
    """A person's names that are only the first words of a fuller name of theirs ("Juan
    Antonio" of "Juan Antonio Pizzi"): many people have them, so they join no other article's
    person by them (another article's "Juan Antonio" alone may join the one fuller name, step 4)."""
    words = {n: _plain(normalise(n, "Person")).split() for n in name.names}
    return {n for n, w in words.items() if any(len(o) > len(w) and o[:len(w)] == w and o[-1] != w[-1]
                                                for o in words.values())}


def _national_body(label: str) -> bool:
    """A body every country has, whatever else its name says ("Luxembourg Ministry of
    Foreign and European Affairs", "National Assembly of Kenya")."""
    from .resolve import BODY_HEADS

    return any(w in BODY_HEADS for w in normalise(label, "Organization").split())


def _stands_for(short: str, full: str) -> bool:
    """An acronym's letters are found in a name in order, from its end (Schwartz and Hearst
    2003): "ASEAN" for "Association of Southeast Asian Nations", "IDB" for "Inter-American
    Development Bank". As the same paper asks, the name has at most min(letters + 5,
    2 x letters) words; and here its first letter is the name's (the paper asks only for a
    word's): otherwise "India Gulf Cooperation Council" and "Russia IOC" define "GCC" and
    "IOC" too, and an acronym that several names define joins none of them."""
    full = full.casefold()
    if len(full.split()) > min(len(short) + 5, 2 * len(short)) or full[:1] != short[:1].casefold():
        return False
    at = len(full) - 1
    for n in range(len(short) - 1, -1, -1):
        letter = short[n].casefold()
        while at >= 0 and (full[at] != letter or (n == 0 and at > 0 and full[at - 1].isalnum())):
            at -= 1
        if at < 0:
            return False
        at -= 1
    return True


def _acronyms_defined(label: str, names: Iterable[str]) -> set[str]:
    """Acronyms a node's names define: an all-capitals name that stands for one of its
    several-word names ("VRL" beside "Valmont Rowing League")."""
    long = [n for n in {label, *names} if len(n.split()) >= 2]
    out = set()
    for n in names:
        short = n.replace(".", "")
        if 2 <= len(short) <= 10 and short.isupper() and short.isalpha():
            if any(_initials(full).startswith(short) or _stands_for(short, full) for full in long):
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
    graphs: "set[int] | _Docs" = field(default_factory=set)  # its documents, numbered


@dataclass
class Plan:
    """Where each key's node goes (``target``: key -> canonical key), why, and the type
    each canonical node takes."""

    target: dict[str, str]
    types: dict[str, str]
    reasons: dict[str, list[str]]  # canonical key -> reasons
    conflicts: dict[str, dict[str, int]]  # canonical key -> type -> documents


class _Docs:
    """The documents of a key or a cluster, for the incremental pass: a key named in many
    documents (a country) leaves its document numbers in the index, and whether two
    clusters share a document is asked there. Answers as a set of document numbers would:
    ``len``, ``copy``, ``|=``, and ``&`` as a truth value."""

    __slots__ = ("small", "big", "count", "index")

    def __init__(self, index: "NameIndex", small: set[int] | None = None, big: tuple[str, ...] = (), count: int = 0):
        self.index, self.small, self.big, self.count = index, small if small is not None else set(), big, count

    def __len__(self) -> int:
        return self.count

    def copy(self) -> "_Docs":
        return _Docs(self.index, set(self.small), self.big, self.count)

    def __ior__(self, other: "_Docs") -> "_Docs":
        self.small |= other.small
        self.big += other.big
        self.count += other.count
        return self

    def __and__(self, other: "_Docs") -> bool:
        return bool(self.small & other.small) or self.index.share(self.big, other.small) \
            or self.index.share(other.big, self.small) or self.index.share_big(self.big, other.big)


class _Clusters:
    def __init__(self, names: dict[str, Name]):
        self.parent = {k: k for k in names}
        self.graphs = {k: n.graphs.copy() for k, n in names.items()}
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


def _neighbours_in(names: dict[str, Name]) -> Callable[[Iterable[str]], set[str]]:
    """The keys named in the documents that name any of some keys, as ``names`` holds them
    (a whole pass reads every key of the store); the documents' keys are gathered at the
    first question, as most passes ask none."""
    in_graph: dict[int, set[str]] = {}

    def neighbours(keys: Iterable[str]) -> set[str]:
        if not in_graph:
            for k, n in names.items():
                for g in n.graphs:
                    in_graph.setdefault(g, set()).add(k)
        return {x for k in keys for g in names[k].graphs for x in in_graph[g]}

    return neighbours


def _company_forms(name: Name) -> tuple[set[str], str | None]:
    """For step 3b: the first words of an organization's names that go on with a company's
    word only ("doosan" of "Doosan Group"), and its one-word name when that is all it has."""
    forms = {f for text in name.names for f in match_keys("Organization", text)}
    firsts = {w[0] for w in (f.split() for f in forms) if len(w) >= 2 and set(w[1:]) <= _COMPANY_TAILS}
    only = next(iter(forms)) if len(forms) == 1 and len(next(iter(forms)).split()) == 1 else None
    return firsts, only


def plan(names: dict[str, Name], keep_apart: frozenset[str] = frozenset(),
         ambiguous: frozenset[str] = frozenset(),
         neighbours: Callable[[Iterable[str]], set[str]] | None = None) -> Plan:
    """Decide which keys are one entity. Depends only on ``names`` (not on their order).
    ``ambiguous``: words known to be the name of two or more people outside ``names`` (the
    incremental pass gives them instead of all those people): a one-word name joins none.
    ``neighbours``: the keys named in the documents of some keys (by default, read from
    ``names``; the incremental pass asks its index)."""
    neighbours = neighbours or _neighbours_in(names)
    clusters = _Clusters(names)
    ordered = sorted(names)
    kept = {k for k in ordered if {n.casefold() for n in names[k].names} & keep_apart}

    # a person's given names alone ("Juan Antonio" of "Juan Antonio Pizzi"), for steps 1, 3 and 4
    given = {k: _given_names(names[k]) for k in ordered if names[k].type == "Person"}

    # 1. names equal after folding (a country is a place whatever type a document gave it)
    by_form: dict[tuple[str, str], list[str]] = defaultdict(list)
    for k in ordered:
        n = names[k]
        if k in kept:
            continue
        # a person with a fuller name is not the country one of its names is ("Montenegro")
        full_person = n.type == "Person" and any(len(x.split()) > 1 for x in n.names)
        for name in sorted(n.names - given.get(k, set())):
            if countries().country(name) and (len(name) > 3 or n.type == "Place") and not full_person:
                by_form[("L", _plain(countries().country(name).casefold()))].append(k)
                continue
            for form in match_keys(n.type, name):
                if len(form.split()) < 2 and n.type != "Place" or n.type == "Organization" and country_body(form) \
                        or form in EVERY_COUNTRYS:
                    continue  # one word (but a place's "Priština"): a person's short form (step 3), an
                    # acronym (step 2), "the Committee"; "Ministry of Finance" without its country:
                    # whose it is, only its article says
                if n.type == "Group" or form.split()[-1] in VISIT_GROUPS:
                    continue  # "the US delegation" of one visit is not that of another
                by_form[(_CLASS.get(n.type, n.type), form)].append(k)
    for (_, form), keys in sorted(by_form.items()):
        keys = sorted(set(keys))
        for other in keys[1:]:
            a, b = sorted([_label(names[keys[0]]), _label(names[other])])
            clusters.join(keys[0], other, f"'{a}' and '{b}' are one name once case, accents, titles, "
                                          f"demonyms and 'of COUNTRY' are folded")

    # 2. acronyms defined in some document, for nodes named only by the acronym; not those of
    #    bodies every country has ("Ministry of Foreign Affairs (MFA)": another article's "MFA"
    #    is its own country's)
    defined: dict[str, set[str]] = defaultdict(set)
    for k in ordered:
        n = names[k]
        if n.type in {"Organization", "Event"} and k not in kept and not _national_body(min(n.labels)):
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

    # the folded forms of every person's names, for steps 3 and 4
    person_forms = {k: {f for name in names[k].names - given[k] for f in match_keys("Person", name)}
                    for k in ordered if names[k].type == "Person" and k not in kept}

    # 3. a person's one-word name, when exactly one person in the store has it as a surname
    #    or given name of a fuller name, and their documents name some other entity alike
    #    (a "Rice" among Tokyo's ministers is not the only Rice of the store by that alone)
    fuller: dict[str, set[str]] = defaultdict(set)
    for k, forms in person_forms.items():
        for words in (f.split() for f in forms):
            if len(words) >= 2:
                fuller[words[-1]].add(k)
                fuller[words[0]].add(k)
    members: dict[str, list[str]] = defaultdict(list)
    for k in ordered:
        members[clusters.find(k)].append(k)

    def join_short(k: str, candidates: Iterable[str], kind: str) -> None:
        """Join ``k`` to the one cluster of ``candidates`` when their documents share a key."""
        mine = clusters.find(k)
        roots = {clusters.find(x) for x in candidates if x != k} - {mine}
        if len(roots) != 1:
            return
        root = roots.pop()
        shared = neighbours(members[mine]) & neighbours(members[root])
        if shared and clusters.join(root, k, f"'{_label(names[k])}' is a short name of '{_label(names[root])}', "
                                             f"the only {kind} of the store it can stand for, and both their "
                                             f"documents name '{min(shared).partition('/')[2]}'"):
            members[clusters.find(k)] = members.pop(root) + members.pop(mine)

    for k, forms in person_forms.items():
        if forms and not any(len(f.split()) > 1 for f in forms) and not forms & ambiguous:
            join_short(k, [x for f in forms for x in fuller.get(f, ())], "person")

    # 3b. an organization's one-word name ("Doosan") for the only organization of the store
    #     named by it and a company's word ("Doosan Group", "Mitsui & Co"), when their
    #     documents name some other entity alike
    companies: dict[str, set[str]] = defaultdict(set)
    short_orgs: dict[str, str] = {}
    for k in ordered:
        if names[k].type != "Organization" or k in kept:
            continue
        firsts, only = _company_forms(names[k])
        for word in firsts:
            companies[word].add(k)
        if only is not None:
            short_orgs[k] = only
    for k, word in short_orgs.items():
        join_short(k, companies.get(word, ()), "organization")

    # 4. a person's name of several words, when exactly one person in the store has a fuller
    #    name with the same first word and these words in this order ("Guillermo Lasso" and
    #    "Guillermo Lasso Mendoza", "Olivia Grange" and "Olivia Babsy Grange")
    within: dict[str, set[str]] = defaultdict(set)
    for k, forms in person_forms.items():
        for words in (f.split() for f in forms):
            if 3 <= len(words) <= 6:  # every shorter form that keeps the first word
                for size in range(1, len(words) - 1):
                    for kept_words in combinations(words[1:], size):
                        if not (set(words[1:]) - set(kept_words)) & PATRONYMIC:  # "Hamdan bin Mohammed": many men
                            within[" ".join((words[0], *kept_words))].add(k)
    for k, forms in person_forms.items():
        several = {f for f in forms if len(f.split()) >= 2}
        roots = {clusters.find(x) for f in several for x in within.get(f, ()) if x != k} - {clusters.find(k)}
        clusters.join_only(k, roots, lambda root: f"'{_label(names[k])}' is a shorter name of '{_label(names[root])}', "
                                                  f"the only person of the store it can stand for")

    # 5. a person's name written with one letter more, less or else in one long word
    #    ("Rossen Zhelyazkov" and "Rosen Zhelyazkov"), when no third person is that near
    variants: dict[str, set[str]] = defaultdict(set)
    for k, forms in person_forms.items():
        for v in {v for f in forms for v in _spelling_keys(f)}:
            variants[v].add(k)
    for v, keys in sorted(variants.items()):
        roots = sorted({clusters.find(k) for k in keys})
        if len(roots) == 2:
            a, b = sorted([_label(names[roots[0]]), _label(names[roots[1]])])
            clusters.join(roots[0], roots[1], f"'{a}' and '{b}' are one name spelled two ways, and no other "
                                              f"person of the store is named that near")

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

_READ_ONE = """
SELECT ?key ?label ?alt WHERE {
  GRAPH <%s> { ?e kg:localKey ?key ; rdfs:label ?label . OPTIONAL { ?e skos:altLabel ?alt } }
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


def read(store, sink=None) -> dict[str, Name]:
    """Every key of every document graph, with its names and documents (numbered: a set of
    small integers costs far less than one of graph IRIs). ``sink(graph, key, label, alt)``
    is given each row too."""
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
        alt = row["alt"].value if row["alt"] is not None else None
        if alt is not None:
            name.names.add(alt)
        name.graphs.add(graph_ids.setdefault(row["g"].value, len(graph_ids)))
        if sink is not None:
            sink(row["g"].value, key, label, alt)
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


def apply(store, result: Plan, placed: Iterable[Placed], write_identity: bool = True) -> int:
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
    if write_identity:
        _write_identity(store, result)
    return len({(g, a) for g, a, _ in moves} | {(g, e) for g, e, _, _ in retypes})


def _identity_lines(result: Plan) -> list[str]:
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
    return lines


def _write_identity(store, result: Plan) -> None:
    lines = _identity_lines(result)
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


def resolve_store(store, keep_apart: Iterable[str] = (), changed: Iterable[str] | None = None) -> Report:
    """Run the pass on a store: read names and keys, decide, rewrite. Idempotent.

    ``changed``: the document graphs a build or a removal just wrote or dropped. A store in
    a folder keeps an index of its names (``NameIndex``); with it, only the entities those
    documents name, and those their names can join, are decided again (the result is the
    same as a whole pass). Without ``changed`` or an index in step with the store, the
    whole store is read again (and the index rebuilt)."""
    apart = frozenset(str(n).casefold() for n in keep_apart)
    index = NameIndex.of(store)
    if changed is not None and index is not None and index.in_step(store, apart, {str(g) for g in changed}):
        try:
            return index.update(store, {str(g) for g in changed}, apart)
        finally:
            index.close()
    if index is not None:
        index.clear()
    names = read(store, sink=index.add if index is not None else None)
    result = plan(names, apart)
    keys = len(names)
    if index is not None:
        index.rebuild(names, result, apart)
    del names  # the plan is all the rewrite needs
    # only the keys this plan moves or retypes, and those the last one did, can need a rewrite
    touched = {k for k, c in result.target.items() if k != c or result.types.get(c) != k.partition("/")[0]}
    touched |= {row["key"].value for row in store.query(_MOVED)}
    moved = apply(store, result, list(_changes(result, placements(store, touched))))
    merged = sum(1 for k, c in result.target.items() if k != c)
    if index is not None:
        index.stamp(store)
        index.close()
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


# --------------------------------------------------------------------- the index
def blocks(name: Name) -> set[tuple[str, int]]:
    """What a key can be joined through, as ``plan`` compares names: its folded forms (F),
    the acronyms it defines or is (A), and a person's first and last words (W; 1 for a
    person named by one word only, who may stand for any fuller name with that word)."""
    out: set[tuple[str, int]] = set()
    for text in name.names:
        if countries().country(text) and (len(text) > 3 or name.type == "Place"):
            out.add((f"F|L|{_plain(countries().country(text).casefold())}", 0))
            continue
        for form in match_keys(name.type, text):
            if len(form.split()) >= 2 and not (name.type == "Organization" and country_body(form)):
                out.add((f"F|{_CLASS.get(name.type, name.type)}|{form}", 0))
    if name.type == "Organization":  # step 3b: "Doosan" and "Doosan Group"
        firsts, only = _company_forms(name)
        out |= {(f"C|{word}", 0) for word in firsts | ({only} if only else set())}
    if name.type in {"Organization", "Event"}:
        out |= {(f"A|{a}", 0) for a in _acronyms_defined(min(name.labels), name.names)}
        bare = {x.replace(".", "") for x in name.names}
        if len(bare) == 1:
            acronym = next(iter(bare))
            out.add((f"A|{acronym.upper() if _written_as_word(acronym) else acronym}", 0))
    if name.type == "Person":
        forms = {f for text in name.names for f in match_keys("Person", text)}
        out |= {(f"V|{v}", 0) for f in forms for v in _spelling_keys(f)}
        several = [f.split() for f in forms if len(f.split()) > 1]
        for words in several:
            out |= {(f"W|{words[0]}", 0), (f"W|{words[-1]}", 0)}
        if not several:
            out |= {(f"W|{f}", 1) for f in forms}
    return out


class NameIndex:
    """The names and keys of a store in a folder, kept in ``kg-identity.sqlite`` beside it,
    with what each key can be joined through (``blocks``) and where the last pass placed
    it: what an incremental pass needs, read from disk a component at a time, so that a
    build's memory does not grow with the store."""

    FILE = "kg-identity.sqlite"
    _IN = 500  # keys or blocks per query

    def __init__(self, path: Path):
        import sqlite3

        self.path = path
        self.db = sqlite3.connect(str(path))
        self.db.executescript("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS graphs (id INTEGER PRIMARY KEY, iri TEXT UNIQUE);
            CREATE TABLE IF NOT EXISTS names (gid INTEGER, key TEXT, label TEXT, alt TEXT);
            CREATE INDEX IF NOT EXISTS names_gid ON names (gid);
            CREATE INDEX IF NOT EXISTS names_key ON names (key);
            CREATE TABLE IF NOT EXISTS blocks (block TEXT, key TEXT, one INTEGER);
            CREATE INDEX IF NOT EXISTS blocks_block ON blocks (block);
            CREATE INDEX IF NOT EXISTS blocks_key ON blocks (key);
            CREATE TABLE IF NOT EXISTS placed (key TEXT PRIMARY KEY, target TEXT, type TEXT);
            CREATE INDEX IF NOT EXISTS placed_target ON placed (target);
            CREATE TABLE IF NOT EXISTS conflicts (canonical TEXT PRIMARY KEY);
            CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);
        """)

    @classmethod
    def of(cls, store) -> "NameIndex | None":
        """The index of a store kept in a folder (None for a store in memory or remote)."""
        location = getattr(store, "location", None)
        if not location or location == ":memory:" or not hasattr(store, "oxigraph") or not Path(location).is_dir():
            return None
        return cls(Path(location) / cls.FILE)

    def close(self) -> None:
        self.db.close()

    # -- in step with the store?
    @staticmethod
    def _graph_count(store) -> int:
        return sum(1 for _ in store.oxigraph.named_graphs())

    def _meta(self, k: str) -> str | None:
        row = self.db.execute("SELECT v FROM meta WHERE k = ?", (k,)).fetchone()
        return row[0] if row else None

    def in_step(self, store, apart: frozenset[str], changed: set[str]) -> bool:
        """Whether the index describes the store as the last pass left it, but for the
        ``changed`` graphs: the same curated splits, and as many graphs as then, plus those
        the changes added, less those they removed."""
        if self._meta("apart") != "\n".join(sorted(apart)) or self._meta("graphs") is None:
            return False
        known = {iri for (iri,) in self._in("SELECT iri FROM graphs WHERE iri IN (%s)", changed)}
        import pyoxigraph as ox

        present = {g for g in changed if store.oxigraph.contains_named_graph(ox.NamedNode(g))}
        expected = int(self._meta("graphs")) + len(present - known) - len(known - present)
        self._count = self._graph_count(store)
        return expected == self._count

    _count: int | None = None  # the store's graphs, as ``in_step`` counted them

    def stamp(self, store) -> None:
        count = self._count if self._count is not None else self._graph_count(store)
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('graphs', ?)", (str(count),))
        self.db.commit()

    # -- writing
    def _gid(self, iri: str) -> int:
        self.db.execute("INSERT OR IGNORE INTO graphs (iri) VALUES (?)", (iri,))
        return self.db.execute("SELECT id FROM graphs WHERE iri = ?", (iri,)).fetchone()[0]

    def _set_blocks(self, key: str, name: Name | None) -> None:
        self.db.execute("DELETE FROM blocks WHERE key = ?", (key,))
        if name is not None:
            self.db.executemany("INSERT INTO blocks VALUES (?, ?, ?)", [(b, key, one) for b, one in blocks(name)])

    def _save_plan(self, result: Plan, keys: Iterable[str]) -> None:
        keys = list(keys)
        for n in range(0, len(keys), self._IN):
            part = keys[n:n + self._IN]
            marks = ",".join("?" * len(part))
            self.db.execute(f"DELETE FROM placed WHERE key IN ({marks})", part)
        rows = []
        for k in keys:
            canonical = result.target.get(k, k)
            settled = result.types.get(canonical, k.partition("/")[0])
            if canonical != k or settled != k.partition("/")[0]:
                rows.append((k, canonical, settled))
        self.db.executemany("INSERT INTO placed VALUES (?, ?, ?)", rows)

    def clear(self) -> None:
        """Start a rebuild: forget everything (``add`` then gives each row of a whole read)."""
        self.db.executescript("DELETE FROM graphs; DELETE FROM names; DELETE FROM blocks; DELETE FROM placed; "
                              "DELETE FROM conflicts; DELETE FROM meta;")
        self._gids: dict[str, int] = {}
        self._rows: list[tuple] = []

    def add(self, graph: str, key: str, label: str, alt: str | None) -> None:
        gid = self._gids.get(graph)
        if gid is None:
            gid = self._gids[graph] = self._gid(graph)
        self._rows.append((gid, key, label, alt))
        if len(self._rows) >= 10_000:
            self.db.executemany("INSERT INTO names VALUES (?, ?, ?, ?)", self._rows)
            self._rows = []

    def rebuild(self, names: dict[str, Name], result: Plan, apart: frozenset[str]) -> None:
        """Finish a rebuild from a whole pass: the blocks of every key, and the plan."""
        db = self.db
        db.executemany("INSERT INTO names VALUES (?, ?, ?, ?)", self._rows)
        self._rows, self._gids = [], {}
        rows = []
        for key in sorted(names):
            rows += [(b, key, one) for b, one in blocks(names[key])]
            if len(rows) >= 10_000:
                db.executemany("INSERT INTO blocks VALUES (?, ?, ?)", rows)
                rows = []
        db.executemany("INSERT INTO blocks VALUES (?, ?, ?)", rows)
        self._save_plan(result, names)
        db.executemany("INSERT INTO conflicts VALUES (?)", [(c,) for c in result.conflicts])
        db.execute("INSERT OR REPLACE INTO meta VALUES ('apart', ?)", ("\n".join(sorted(apart)),))
        db.commit()

    # -- reading
    #: A key named in more documents than this leaves their numbers in the index (``_Docs``).
    BIG = 1000

    def _names(self, keys: Iterable[str]) -> dict[str, Name]:
        keys = sorted(keys)
        counts = dict(self._in("SELECT key, COUNT(DISTINCT gid) FROM names WHERE key IN (%s) GROUP BY key", keys))
        out: dict[str, Name] = {}
        for key, count in counts.items():
            out[key] = Name(key, key.partition("/")[0], graphs=_Docs(self, big=(key,) if count > self.BIG else (),
                                                                       count=count))
        small = [k for k in keys if k in counts and counts[k] <= self.BIG]
        for gid, key, label, alt in self._in("SELECT gid, key, label, alt FROM names WHERE key IN (%s)", small):
            name = out[key]
            name.labels.add(label)
            name.names.add(label)
            if alt is not None:
                name.names.add(alt)
            name.graphs.small.add(gid)
        for key in sorted(set(counts) - set(small)):
            for label, alt in self.db.execute("SELECT DISTINCT label, alt FROM names WHERE key = ?", (key,)):
                out[key].labels.add(label)
                out[key].names.add(label)
                if alt is not None:
                    out[key].names.add(alt)
        return out

    def share(self, keys: tuple[str, ...], gids: set[int]) -> bool:
        """Whether a document of ``gids`` names one of ``keys``."""
        if not keys or not gids:
            return False
        marks = ",".join("?" * len(keys))
        return any(self._in(f"SELECT 1 FROM names WHERE key IN ({marks}) AND gid IN (%s) LIMIT 1",
                            gids, prefix=keys))

    def share_big(self, a: tuple[str, ...], b: tuple[str, ...]) -> bool:
        """Whether one document names one of ``a`` and one of ``b``."""
        if not a or not b:
            return False
        sql = (f"SELECT 1 FROM names x JOIN names y ON y.gid = x.gid WHERE x.key IN ({','.join('?' * len(a))}) "
               f"AND y.key IN ({','.join('?' * len(b))}) LIMIT 1")
        return self.db.execute(sql, (*a, *b)).fetchone() is not None

    def neighbours(self, keys: Iterable[str]) -> set[str]:
        """The keys named in the documents that name any of ``keys``."""
        gids = {gid for (gid,) in self._in("SELECT DISTINCT gid FROM names WHERE key IN (%s)", set(keys))}
        return {key for (key,) in self._in("SELECT DISTINCT key FROM names WHERE gid IN (%s)", gids)}

    def _in(self, sql: str, values: Iterable, prefix: tuple = ()) -> Iterator[tuple]:
        values = sorted(values)
        for n in range(0, len(values), self._IN):
            part = values[n:n + self._IN]
            yield from self.db.execute(sql % ",".join("?" * len(part)), (*prefix, *part))

    def _old_clusters(self, keys: set[str]) -> set[str]:
        """The keys the last pass placed on one node with any of ``keys``."""
        targets = set(keys) | {t for (t,) in self._in("SELECT target FROM placed WHERE key IN (%s)", keys)}
        mates = {k for (k,) in self._in("SELECT key FROM placed WHERE target IN (%s)", targets)}
        present = {k for (k,) in self._in("SELECT DISTINCT key FROM blocks WHERE key IN (%s)", targets - keys)}
        return mates | present

    def _people(self, block: str) -> int:
        """How many groups the fuller names of a word (a ``W|`` block) fall into at least,
        two meaning 'two or more': names sharing a folded form are one group (only a form
        can join two fuller names of people)."""
        import networkx as nx

        names = nx.Graph()  # each name joined to its folded forms: a group is a component
        for key, form in self.db.execute(
                "SELECT b.key, f.block FROM blocks b JOIN blocks f ON f.key = b.key "
                "WHERE b.block = ? AND b.one = 0 AND f.block LIKE 'F|%'", (block,)):
            if not form.startswith("F|P|"):
                return 1  # a name that is also a country's: leave it to the plan
            names.add_edge(("key", key), ("form", form))
        return min(2, nx.number_connected_components(names))

    def _component(self, seeds: set[str], old_blocks: set[str], apart: frozenset[str]
                   ) -> tuple[set[str], frozenset[str]]:
        """The keys whose node can change when ``seeds`` change, and the words known to name
        several people. A key's component holds what it can be joined through a folded form
        or an acronym, its old node's keys, and, for a word that a one-word person's name
        shares with fuller names (``old_blocks``: what the seeds could be joined through
        before), those fuller names; but when these are two people or more, the one-word
        name joins none of them, and only the one-word names joined before are decided
        again: a common surname does not bring every person who has it."""
        comp: set[str] = set()
        ambiguous: set[str] = set()
        frontier, pending, seen = set(seeds), set(old_blocks), set()
        while frontier or pending:
            frontier |= self._old_clusters(frontier) - comp - frontier
            comp |= frontier
            for (block,) in self._in("SELECT DISTINCT block FROM blocks WHERE key IN (%s)", frontier):
                if block not in seen:
                    pending.add(block)
            frontier = set()
            ones: dict[str, set[str]] = defaultdict(set)
            for block, key in self._in("SELECT block, key FROM blocks WHERE one = 1 AND block IN (%s)",
                                       {b for b in pending if b.startswith("W|")}):
                ones[block].add(key)
            follow = set()
            for block in pending:
                if not block.startswith("W|"):
                    follow.add(block)
                elif block not in ones:
                    continue  # no one-word name stands for this word: fuller names stay apart
                elif not apart and self._people(block) >= 2:
                    ambiguous.add(block[2:])
                    frontier |= {k for k in self._old_clusters(ones[block]) if k not in comp}
                else:
                    follow.add(block)
            for (key,) in self._in("SELECT key FROM blocks WHERE block IN (%s)", follow):
                if key not in comp:
                    frontier.add(key)
            seen |= pending
            pending = set()
        return comp, frozenset(ambiguous)

    def update(self, store, changed: set[str], apart: frozenset[str]) -> Report:
        """The incremental pass, after the documents ``changed`` were written or removed."""
        from .rdf import entity_iri

        db = self.db
        gids = {iri: gid for gid, iri in self._in("SELECT id, iri FROM graphs WHERE iri IN (%s)", changed)}
        before = {key for (key,) in self._in("SELECT DISTINCT key FROM names WHERE gid IN (%s)", gids.values())}
        old_blocks = set()
        for block, one in self._in("SELECT block, one FROM blocks WHERE key IN (%s)", before):
            old_blocks.add(block)
        # W blocks the old keys shared with a one-word name (others joined nothing)
        ones = {b for (b,) in self._in("SELECT DISTINCT block FROM blocks WHERE one = 1 AND block IN (%s)",
                                       {b for b in old_blocks if b.startswith("W|")})}
        old_blocks = {b for b in old_blocks if not b.startswith("W|") or b in ones}
        for gid in gids.values():
            db.execute("DELETE FROM names WHERE gid = ?", (gid,))
        rows = []
        for graph in sorted(changed):  # one graph a query: Oxigraph then reads that graph only
            for row in store.query(_READ_ONE % graph):
                rows.append((graph, row["key"].value, row["label"].value,
                             row["alt"].value if row["alt"] is not None else None))
        added = {key for _, key, _, _ in rows}
        db.executemany("INSERT INTO names VALUES (?, ?, ?, ?)",
                       [(self._gid(g), key, label, alt) for g, key, label, alt in rows])
        seeds = before | added
        now = self._names(seeds)
        for key in sorted(seeds):
            self._set_blocks(key, now.get(key))
        comp, ambiguous = self._component(seeds, old_blocks, apart)
        names = self._names(comp)
        result = plan(names, apart, ambiguous, self.neighbours)
        # a canonical node named like a key outside: decide that key's component too (rare)
        outside = {c for c in result.types if c not in comp}
        outside = {k for (k,) in self._in("SELECT DISTINCT key FROM names WHERE key IN (%s)", outside)}
        if outside:
            comp, ambiguous = self._component(comp | outside, old_blocks, apart)
            names = self._names(comp)
            result = plan(names, apart, ambiguous, self.neighbours)
        old = {k: (t, ty) for k, t, ty in self._in("SELECT key, target, type FROM placed WHERE key IN (%s)", comp)}
        new = {}
        for k in names:
            canonical = result.target.get(k, k)
            settled = result.types.get(canonical, k.partition("/")[0])
            if canonical != k or settled != k.partition("/")[0]:
                new[k] = (canonical, settled)
        touched = {k for k in comp if new.get(k) != old.get(k)} | {k for k in added if k in new}
        moved = apply(store, result, list(_changes(result, placements(store, touched))), write_identity=False)
        # the identity graph: what it says about these keys and their nodes, again
        import pyoxigraph as ox

        had = store.oxigraph.contains_named_graph(ox.NamedNode(IDENTITY_GRAPH))
        subjects = sorted({entity_iri(k).value for k in comp} | {entity_iri(t).value for t, _ in old.values()}
                          | {entity_iri(c).value for c in result.types})
        for n in range(0, len(subjects), _BATCH):
            part = " ".join(f"<{x}>" for x in subjects[n:n + _BATCH])
            store.update(f"DELETE {{ GRAPH <{IDENTITY_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ VALUES ?s {{ {part} }} "
                         f"GRAPH <{IDENTITY_GRAPH}> {{ ?s ?p ?o }} }}")
        lines = _identity_lines(Plan({k: result.target[k] for k in names}, result.types, result.reasons,
                                     result.conflicts))
        for n in range(0, len(lines), _BATCH):
            store.update(f"INSERT DATA {{ GRAPH <{IDENTITY_GRAPH}> {{ {' '.join(lines[n:n + _BATCH])} }} }}")
        if self._count is not None:  # the identity graph may have come (or gone) with this pass
            self._count += int(store.oxigraph.contains_named_graph(ox.NamedNode(IDENTITY_GRAPH))) - int(had)
        self._save_plan(result, comp)
        gone = {t for t, _ in old.values()} | comp | set(result.types)
        for (c,) in list(self._in("SELECT canonical FROM conflicts WHERE canonical IN (%s)", gone)):
            db.execute("DELETE FROM conflicts WHERE canonical = ?", (c,))
        db.executemany("INSERT OR REPLACE INTO conflicts VALUES (?)", [(c,) for c in result.conflicts])
        for iri in changed:  # a removed document leaves no names
            if iri not in {g for g, _, _, _ in rows}:
                db.execute("DELETE FROM graphs WHERE iri = ?", (iri,))
        db.commit()
        self.stamp(store)
        keys = db.execute("SELECT COUNT(DISTINCT key) FROM names").fetchone()[0]
        merged = db.execute("SELECT COUNT(*) FROM placed WHERE target != key").fetchone()[0]
        conflicts = db.execute("SELECT COUNT(*) FROM conflicts").fetchone()[0]
        return Report(keys, merged, moved, conflicts)
