"""Stage 6: where the graph lives.

``Store`` is the interface every backend implements (as rdflib's ``Store`` does, with
capability flags); ``OxigraphStore`` is the embedded backend (Oxigraph on disk, or in
memory when no folder is given). ``open_store(location)`` picks the backend from the
``--store`` value. One document is one named graph; writing a document replaces its
graph in one transaction (or, for documents new to an on-disk store, a bulk load under a
journal that the next opening undoes if it did not finish), so no query sees half a document.
"""
from __future__ import annotations

import os
from abc import ABC, abstractmethod
from functools import lru_cache
from pathlib import Path
from typing import IO, Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef

from .errors import KgError
from .guard import check
from .namespace import PREFIXES

DEFAULT_STORE = "kg-store"
# a document's quads: (s, p, o, g) tuples of rdflib or pyoxigraph terms, or N-Quads bytes
Quads = list[tuple] | bytes


class StoreError(KgError):
    """The store cannot be opened or written; the message says why and what to do."""


class Store(ABC):
    """What kg needs from a graph store."""

    context_aware = True  # named graphs
    transaction_aware = True  # a document is written whole or not at all
    location: str

    @abstractmethod
    def replace_documents(self, graphs: Iterable[tuple[URIRef | str, Quads]]) -> None:
        """Replace each named graph by the given quads (tuples, or N-Quads bytes), all
        together: a reader sees each document whole or not at all."""

    @abstractmethod
    def remove_document(self, graph: URIRef) -> None:
        """Remove a document's named graph."""

    @abstractmethod
    def query(self, sparql: str):
        """Run a SPARQL query; returns pyoxigraph results (solutions, triples or bool)."""

    @abstractmethod
    def dump(self, output: IO[bytes] | str | Path, format: ox.RdfFormat, union: bool = False) -> None:
        """Write the store; ``union`` merges all named graphs into one graph."""

    @abstractmethod
    def named_graphs(self) -> list[str]:
        """IRIs of the document graphs."""

    def has_document(self, graph) -> bool:
        """Whether a document's named graph is stored (False when the store cannot tell cheaply)."""
        return False

    def disk_bytes(self) -> int:
        """What the store takes on this machine's disk (0 for one in memory or elsewhere)."""
        return 0

    def compact(self) -> None:
        """Rewrite the store's files for fast reads, after a large write (nothing by default)."""

    def update(self, sparql: str) -> None:  # pragma: no cover - optional capability
        raise NotImplementedError

    def dataset(self) -> Dataset:  # pragma: no cover - optional capability
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@lru_cache(maxsize=65536)
def _named(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def to_ox(term) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """An rdflib term as a pyoxigraph term (pyoxigraph terms are kept as they are)."""
    if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return term
    if isinstance(term, URIRef):
        return _named(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def graph_node(graph) -> ox.NamedNode:
    """A named graph given as a pyoxigraph node, an rdflib URIRef or an IRI string."""
    return graph if isinstance(graph, ox.NamedNode) else ox.NamedNode(str(graph))


def _ox_quads(graph, quads: Quads) -> list[ox.Quad]:
    """A document's quads as pyoxigraph quads in the named graph ``graph``: given as
    (s, p, o, g) tuples, or as N-Quads bytes (``kg.rdf.nquads``)."""
    if isinstance(quads, bytes):
        return list(ox.parse(quads, format=ox.RdfFormat.N_QUADS))
    g = graph_node(graph)
    try:  # kg.rdf makes pyoxigraph terms already
        return [ox.Quad(s, p, o, g) for s, p, o, _ in quads]
    except TypeError:  # rdflib terms (from a caller of the library)
        return [ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o, _ in quads]


def count_quads(quads: Quads) -> int:
    """How many quads a document has (N-Quads: one a line; newlines in values are escaped)."""
    return quads.count(b"\n") if isinstance(quads, bytes) else len(quads)


def replace_update(graphs: Iterable[tuple[URIRef | str, Quads]]) -> str | None:
    """One SPARQL Update that replaces each named graph by its quads (None if no graphs).

    Servers run one update request as one transaction, so a reader sees each document
    whole or not at all."""
    drops, inserts = [], []
    for graph, quads in graphs:
        g = graph_node(graph)
        drops.append(f"DROP SILENT GRAPH {g}")
        body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in _ox_quads(g, quads))
        inserts.append(f"GRAPH {g} {{\n{body}\n}}")
    if not drops:
        return None
    return " ;\n".join(drops) + " ;\nINSERT DATA {\n" + "\n".join(inserts) + "\n}"


# an on-disk store writes its memory buffers out after about this many quads written in
# transactions (bulk loads bypass the buffers, and flushing after them only costs: on
# 20,000 articles, 50% more CPU and 80% more disk writes, growing with the store)
FLUSH_QUADS = 100_000
JOURNAL = "kg-journal"  # in an on-disk store's folder: the documents being bulk-loaded
# documents already stored are replaced in SPARQL updates of about this many quads each
# (a transaction each; one update text for a whole long write would cost a third more)
UPDATE_QUADS = 20_000
# the bulk loader pays off from about this many quads per write (some 15 articles); below,
# it costs more than a transaction and leaves many small files that slow queries down
BULK_FROM_QUADS = 4000
#: N-Quads are bulk-loaded in pieces of about this many bytes (the loader's memory follows
#: the size of what it is given: one very long document must not need it all at once)
BULK_BYTES = 8_000_000


def _byte_pieces(parts: list[bytes], size: int) -> Iterator[bytes]:
    """The N-Quads ``parts`` joined and cut, at line ends, into pieces of about ``size`` bytes."""
    gathered: list[bytes] = []
    length = 0
    for part in parts:
        start = 0
        while len(part) - start + length > size:
            cut = part.find(b"\n", start + max(size - length, 0))
            if cut < 0:
                break
            gathered.append(part[start:cut + 1])
            yield b"".join(gathered)
            gathered, length, start = [], 0, cut + 1
        if start < len(part):
            gathered.append(part[start:] if start else part)
            length += len(part) - start
    if gathered:
        yield b"".join(gathered)


def _pieces(graphs: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    """Whole documents in groups of about ``size`` quads (a bigger document alone)."""
    pending, quads = [], 0
    for graph, data in graphs:
        n = count_quads(data)
        if pending and quads + n > size:
            yield pending
            pending, quads = [], 0
        pending.append((graph, data))
        quads += n
    if pending:
        yield pending


class OxigraphStore(Store):
    """The embedded store: Oxigraph in a folder (persistent) or in memory."""

    def __init__(self, path: str | Path | None = None):
        self.location = str(path) if path is not None else ":memory:"
        try:
            self._store = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as exc:
            message = str(exc)
            if "lock" in message.lower():
                raise StoreLocked(f"{self.location}: the store is in use by another kg process "
                                  "(a running 'kg build' or 'kg serve'); wait for it to finish or "
                                  "use another --store folder") from None
            raise StoreError(f"{self.location}: cannot open the store ({message})") from None
        self._unflushed = 0
        self._journal = Path(path) / JOURNAL if path is not None else None
        self.recovered = self._recover()

    def _recover(self) -> list[str]:
        """Remove the documents a stopped build was bulk-loading (listed in the journal),
        so that no half-written document is ever read. Returns their graph IRIs."""
        if self._journal is None or not self._journal.exists():
            return []
        graphs = [line for line in self._journal.read_text(encoding="utf-8").splitlines() if line]
        if graphs:
            self._store.update(" ;\n".join(f"DROP SILENT GRAPH {graph_node(g)}" for g in graphs))
            self._store.flush()
        self._journal.unlink()
        return graphs

    def _bulk_load(self, graphs: list[tuple]) -> None:
        """Load quads of documents new to the store with Oxigraph's bulk loader (about half
        the work of a transaction). It is not transactional, so the documents are listed in
        a journal first; if the load does not finish, the next opening removes them."""
        with open(self._journal, "w", encoding="utf-8") as journal:
            journal.write("".join(f"{graph_node(graph).value}\n" for graph, _ in graphs))
            journal.flush()
            os.fsync(journal.fileno())
        if all(isinstance(quads, bytes) for _, quads in graphs):  # parsed by Oxigraph, no Python objects
            for piece in _byte_pieces([quads for _, quads in graphs], BULK_BYTES):
                self._store.bulk_load(piece, format=ox.RdfFormat.N_QUADS)
        else:
            self._store.bulk_extend([q for graph, quads in graphs for q in _ox_quads(graph, quads)])
        self._journal.unlink()

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for fast bulk work."""
        return self._store

    def replace_documents(self, graphs: Iterable[tuple[URIRef | str, Quads]]) -> None:
        """New documents go in together: bulk-loaded, under a journal, into a store on disk
        when they are many (``_bulk_load``), else as one transaction. Documents already
        stored are replaced by SPARQL updates of about ``UPDATE_QUADS`` quads each (drop
        and insert together, one transaction each: every document whole)."""
        new, changed = [], []
        for graph, quads in graphs:
            g = graph_node(graph)
            (changed if self._store.contains_named_graph(g) else new).append((graph, quads))
        buffered = changed
        if new:
            if self._journal is not None and sum(count_quads(quads) for _, quads in new) >= BULK_FROM_QUADS:
                self._bulk_load(new)
            else:
                self._store.extend([q for graph, quads in new for q in _ox_quads(graph, quads)])
                buffered = new + changed
        for part in _pieces(changed, UPDATE_QUADS):
            self._store.update(replace_update(part))
        self._unflushed += sum(count_quads(quads) for _, quads in buffered)
        if self._unflushed >= FLUSH_QUADS and self.location != ":memory:":
            # RocksDB keeps recent writes in memory buffers that grow with the store;
            # writing them out now and then keeps a long build's memory flat.
            self._store.flush()
            self._unflushed = 0

    def remove_document(self, graph: URIRef) -> None:
        self._store.update(f"DROP SILENT GRAPH {graph_node(graph)}")

    def has_document(self, graph) -> bool:
        return self._store.contains_named_graph(graph_node(graph))

    def disk_bytes(self) -> int:
        if self.location == ":memory:":
            return 0
        total = 0
        for entry in os.scandir(self.location):
            try:  # RocksDB removes files as it merges them, between the listing and the look
                total += entry.stat().st_size if entry.is_file() else 0
            except FileNotFoundError:
                pass
        return total

    def compact(self) -> None:
        """Merge the store's files (RocksDB's full compaction, Oxigraph's ``optimize``). Bulk
        loads leave many overlapping files, each of which every lookup must consult: on the
        100,000-article bench store (7.9 GB, 182 files; 84 s to compact, 81 files after) the
        ``entity`` query for the biggest hub went from 461 to 306 ms."""
        if self.location != ":memory:":
            self._store.optimize()

    def query(self, sparql: str):
        check(sparql)  # a query nested thousands deep would crash the engine
        return self._store.query(sparql, prefixes=PREFIXES)

    def update(self, sparql: str) -> None:
        check(sparql)
        self._store.update(sparql, prefixes=PREFIXES)

    def dump(self, output, format: ox.RdfFormat, union: bool = False) -> None:
        """Write the store. The union of the graphs is streamed straight from the store's
        index (memory stays flat however large the store); a triple stated in several
        documents is written once per document, which readers merge."""
        if union or not format.supports_datasets:
            triples = (ox.Triple(q.subject, q.predicate, q.object)
                       for q in self._store.quads_for_pattern(None, None, None))
            ox.serialize(triples, output, format=format, prefixes=PREFIXES)
        else:
            self._store.dump(output, format=format, prefixes=PREFIXES)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def __len__(self) -> int:
        return len(self._store)

    def dataset(self) -> Dataset:
        """The store as an rdflib ``Dataset`` (through oxrdflib; queries run in Oxigraph)."""
        from oxrdflib import OxigraphStore as RdflibOxigraph

        return Dataset(store=RdflibOxigraph(store=self._store), default_union=True)

    def close(self) -> None:
        if getattr(self, "_store", None) is not None:
            if self.location != ":memory:":
                self._store.flush()
            self._store = None


REQUEST_QUADS = 20_000  # about 2-4 MB of SPARQL Update per request


class RemoteStore(Store):
    """Any SPARQL 1.1 server: queries to its query endpoint, writes as SPARQL Update.

    The default endpoint paths are Oxigraph's (``/query``, ``/update``); other servers
    name theirs differently (see the README: Fuseki, Virtuoso, GraphDB).
    """

    def __init__(self, url: str, query_path: str = "/query", update_path: str = "/update", timeout: float = 120):
        import requests

        self.location = url.rstrip("/")
        self.query_url = _join(self.location, query_path)
        self.update_url = _join(self.location, update_path)
        self.timeout = timeout
        self._http = requests.Session()

    def _post(self, url: str, data: dict, accept: str, stream: bool = False):
        import requests

        try:
            response = self._http.post(url, data=data, headers={"Accept": accept}, timeout=self.timeout,
                                       stream=stream)
        except requests.RequestException as exc:
            raise StoreError(f"{url}: the SPARQL server cannot be reached ({type(exc).__name__})") from None
        if response.status_code >= 400:
            first = response.text.strip().splitlines()[0] if response.text.strip() else response.reason
            if response.status_code == 400:
                raise SyntaxError(first)
            raise StoreError(f"{url}: the server answered {response.status_code}: {first}")
        return response

    def query(self, sparql: str):
        response = self._post(self.query_url, {"query": _with_prefixes(sparql)},
                              "application/sparql-results+json, application/n-triples;q=0.9", stream=True)
        media = response.headers.get("Content-Type", "").split(";")[0].strip()
        if media in {"application/sparql-results+json", "application/json"}:
            # parsed from the connection as it arrives: a long answer's first rows are read
            # while the server is still sending the rest
            response.raw.decode_content = True
            results = ox.parse_query_results(response.raw, format=ox.QueryResultsFormat.JSON)
            return bool(results) if isinstance(results, ox.QueryBoolean) else results
        return iter(list(ox.parse(response.content, format=ox.RdfFormat.from_media_type(media)
                                  or ox.RdfFormat.N_TRIPLES)))

    def update(self, sparql: str) -> None:
        self._post(self.update_url, {"update": _with_prefixes(sparql)}, "*/*")

    def replace_documents(self, graphs: Iterable[tuple[URIRef | str, Quads]]) -> None:
        """Whole documents per request, in requests of about ``REQUEST_QUADS`` quads
        (servers limit request sizes); each request is one transaction."""
        for part in _pieces(graphs, REQUEST_QUADS):
            self.update(replace_update(part))

    def remove_document(self, graph: URIRef) -> None:
        self.update(f"DROP SILENT GRAPH {graph_node(graph)}")

    def _quads(self) -> list[ox.Quad]:
        rows = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]

    def dump(self, output, format: ox.RdfFormat, union: bool = False) -> None:
        quads = self._quads()
        if union or not format.supports_datasets:
            triples = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads))
            ox.serialize(triples, output, format=format, prefixes=PREFIXES)
        else:
            ox.serialize(quads, output, format=format, prefixes=PREFIXES)

    def named_graphs(self) -> list[str]:
        return sorted(r["g"].value for r in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))

    def dataset(self) -> Dataset:
        """An rdflib ``Dataset`` over the server (rdflib's SPARQLUpdateStore)."""
        from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

        store = SPARQLUpdateStore(query_endpoint=self.query_url, update_endpoint=self.update_url)
        return Dataset(store=store, default_union=True)

    def close(self) -> None:
        self._http.close()


def _join(base: str, path: str) -> str:
    return path if path.startswith(("http://", "https://")) else base + "/" + path.lstrip("/")


def _with_prefixes(sparql: str) -> str:
    """Declare kg's usual prefixes that a query uses without declaring (servers do not know them)."""
    import re

    declared = {m.lower() for m in re.findall(r"PREFIX\s+([\w-]*):", sparql, re.IGNORECASE)}
    missing = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items()
               if p.lower() not in declared and re.search(rf"(?<![\w<]){p}:", sparql)]
    return "\n".join(missing + [sparql]) if missing else sparql


#: The file a running ``kg serve`` keeps in the store folder it holds (pid, host, port).
SERVE_INFO = "kg-serve.json"


def running_server(folder: Path) -> dict | None:
    """The ``kg serve`` holding ``folder``, if one is running."""
    import json

    info = folder / SERVE_INFO
    try:
        data = json.loads(info.read_text(encoding="utf-8"))
        os.kill(int(data["pid"]), 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return data


def open_store(location: str | Path | None = DEFAULT_STORE, query_path: str = "/query",
               update_path: str = "/update") -> Store:
    """Open the store named by a ``--store`` value: a folder, ``:memory:``, or a server URL.

    A folder held by a running ``kg serve`` is reached through that server when it accepts
    updates; otherwise the message says how to go on.
    """
    if location in (None, ":memory:"):
        return OxigraphStore(None)
    if str(location).startswith(("http://", "https://")):
        return RemoteStore(str(location), query_path, update_path)
    path = Path(location)
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: is a file, not a store folder")
    try:
        return OxigraphStore(path)
    except StoreLocked:
        server = running_server(path)
        if server is None:
            raise
        url = f"http://{server['host']}:{server['port']}"
        if not server["allow_update"]:
            return ReadOnly(RemoteStore(url), f"{path}: the store is served read-only by 'kg serve' "
                                              f"(pid {server['pid']}, {url}); stop it, or restart it with "
                                              "--allow-update to write through it")
        return RemoteStore(url)


class StoreLocked(StoreError):
    """The embedded store is open in another process."""


class ReadOnly(Store):
    """A store that answers queries and refuses writes with a message."""

    def __init__(self, inner: Store, message: str):
        self.inner, self.message, self.location = inner, message, inner.location

    def query(self, sparql: str):
        return self.inner.query(sparql)

    def dump(self, output, format: ox.RdfFormat, union: bool = False) -> None:
        self.inner.dump(output, format, union)

    def named_graphs(self) -> list[str]:
        return self.inner.named_graphs()

    def replace_documents(self, graphs) -> None:
        raise StoreError(self.message)

    def remove_document(self, graph) -> None:
        raise StoreError(self.message)

    def update(self, sparql: str) -> None:
        raise StoreError(self.message)

    def close(self) -> None:
        self.inner.close()
