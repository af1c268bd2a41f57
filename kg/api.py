"""The Python API: everything the CLI does, callable from a notebook.

The chain runs one way: ingest -> nlp -> extract -> resolve -> rdf -> store, then
query | export | viz over the store.
"""
from __future__ import annotations

import gc
from dataclasses import dataclass, field, replace
from itertools import chain, islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import curate, identity
from . import export as _export
from . import query as _query
from . import rdf
from .ingest import Fetcher, InputError, is_url, read_documents
from .records import Document, Extraction
from .pipeline import CHUNK_CHARS, DOC_SECONDS, chunks, extract_documents, parse_documents, resolve_parsed  # noqa: F401
from .store import DEFAULT_STORE, Store, count_quads, open_store

BATCH_DOCUMENTS = 64  # documents per spaCy batch
# kg build starts worker processes when there are at least this many batches (193 documents):
# starting them (new interpreters that load the model) costs about what they save on 130
WORKER_FROM_BATCHES = 4
# a build that grows the store by at least this much and by a quarter of its size compacts
# it at the end (``Store.compact``): reads get faster; a small addition to a big store
# would pay more for the compaction (84 s for 7.9 GB on 2 cores) than its reads gain
COMPACT_FROM_BYTES = 64 << 20
MAX_AUTO_WORKERS = 4  # beyond this the build process, which writes, cannot keep up anyway
CURATION_ID = "kg:curation"  # the identifier of the curator's pseudo-document

_BUILDS = """
SELECT ?id ?text ?date ?version ?model ?modelVersion WHERE {
  GRAPH ?g {
    ?g dcterms:identifier ?id ; kg:text ?text .
    OPTIONAL { ?g dcterms:date ?date }
    ?build a kg:Extraction ; prov:used ?g ; kg:kgVersion ?version ;
           kg:modelName ?model ; kg:modelVersion ?modelVersion .
    FILTER NOT EXISTS { ?g kg:duplicateOf ?primary }
  }
} ORDER BY ?id"""


def default_workers() -> int:
    """The worker processes ``kg build`` starts for a long input: one per core this
    process may use (the build process writes alongside them), at most MAX_AUTO_WORKERS;
    none on a single core."""
    import os

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cores, MAX_AUTO_WORKERS) if cores > 1 else 0  # on one core a worker only adds work


def spare_collector() -> bool:
    """Hide the objects alive now (lookup tables, the model, the copy index) from Python's
    garbage collector until ``gc.unfreeze()``: otherwise a long build walks them again in
    every full collection, about 2 ms per article in the build process. Returns False,
    doing nothing, when something else (an application server, say) froze objects already."""
    if gc.get_freeze_count():
        return False
    gc.collect()  # garbage not yet collected (the last parse's Docs, in cycles) would be kept for good
    gc.freeze()
    return True


def _yielding() -> None:
    """Let the writer thread give way to the parsing (on Linux, where a thread has its own
    priority): writing keeps up with spaCy with time to spare, parsing sets the pace."""
    import os
    import threading

    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except (AttributeError, OSError):
        pass


# the most quads per store write in a long build (some 350 articles): RocksDB, under the
# store, merges each write into what it holds already, so on a growing store fewer, larger
# writes cost far less (20,000 articles written 64 at a time, at a build's pace: 8.9 ms of
# CPU and 1.8 MB of disk writes per article; about 1,000 at a time: 4.0 ms and 0.55 MB).
# Larger writes need more memory while they are gathered and loaded (250,000: +230 MB).
WRITE_QUADS = 100_000


class _Writer:
    """Writes batches on one background thread while the next batches are parsed.

    Batches are gathered into writes (``Store.replace_documents``) that grow with what the
    build has written: the first as soon as it is big enough for the bulk loader, each next
    one as big as all before it, up to ``WRITE_QUADS``; so the first documents land within
    seconds and a long build writes in large pieces. ``flush`` writes what is gathered.
    Oxigraph (and a socket to a remote store) releases Python's lock while it writes, so
    writing overlaps with spaCy. At most one write is under way at a time, in input
    order; an error in a write is raised at the next one.
    """

    def __init__(self, store: Store, most: int | None = None):
        from concurrent.futures import ThreadPoolExecutor

        from .store import BULK_FROM_QUADS

        self.store, self.most, self.least = store, most or WRITE_QUADS, BULK_FROM_QUADS
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-writer", initializer=_yielding)
        self.pending = None
        self.gathered: list[tuple] = []
        self.quads = self.written = 0

    def write(self, graphs: list[tuple]) -> None:
        self.gathered += graphs
        self.quads += sum(count_quads(quads) for _, quads in graphs)
        # documents stored before are replaced in transactions, which gain nothing from
        # larger writes (a rebuild of 2,000 articles: 34 s gathered, 28 s a batch at a time)
        again = bool(graphs) and self.store.has_document(graphs[0][0])
        if again or self.quads >= min(self.most, max(self.least, self.written)):
            self.flush()

    def flush(self) -> None:
        self.wait()
        if self.gathered:
            self.pending = self.thread.submit(self.store.replace_documents, self.gathered)
            self.written += self.quads
            self.gathered, self.quads = [], 0

    def wait(self) -> None:
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        """Finish the write under way (whole documents only); what is gathered and not yet
        written is dropped (call ``flush`` first to keep it)."""
        try:
            self.wait()
        finally:
            self.thread.shutdown(wait=True)


@dataclass
class BuildReport:
    """What a build did: documents stored, errors (one line each), counts."""

    documents: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    entities: int = 0
    facts: int = 0
    triples: int = 0
    duplicates: int = 0  # syndicated copies, stored as support of their primary
    notes: list[str] = field(default_factory=list)  # documents stored without facts, and why
    identity: "identity.Report | None" = None  # the store-wide resolution run after the build

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self, location: str) -> str:
        docs = len(self.documents)
        failed = f", {len(self.errors)} could not be read" if self.errors else ""
        failed += f" ({self.duplicates} copies of stories already stored)" if self.duplicates else ""
        text = (f"Built {docs} document{'s' if docs != 1 else ''}{failed} into {location}: "
                f"{self.entities} entities, {self.facts} facts, {self.triples} triples written.")
        if self.identity is not None and self.identity.merged:
            n = self.identity.merged
            text += (f"\nAcross documents, {n} name{'s' if n != 1 else ''} joined another entity's node "
                     f"('kg explain NAME' says why).")
        return text


_DOCUMENTS = """
SELECT ?document ?date ?duplicateOf (COUNT(*) AS ?triples) WHERE {
  GRAPH ?g { ?g dcterms:identifier ?document . OPTIONAL { ?g dcterms:date ?date } ?s ?p ?o }
  OPTIONAL { GRAPH ?g { ?g kg:duplicateOf ?primary } GRAPH ?primary { ?primary dcterms:identifier ?duplicateOf } }
} GROUP BY ?g ?document ?date ?duplicateOf ORDER BY ?document"""
_COPIES = """
SELECT ?id ?text ?date ?title ?author ?publisher ?url ?primary WHERE {
  GRAPH ?c { ?c kg:duplicateOf ?p ; dcterms:identifier ?id ; kg:text ?text .
    OPTIONAL { ?c dcterms:date ?date } OPTIONAL { ?c dcterms:title ?title } OPTIONAL { ?c dcterms:creator ?author }
    OPTIONAL { ?c dcterms:publisher ?publisher } OPTIONAL { ?c dcterms:source ?url } }
  GRAPH ?p { ?p dcterms:identifier ?primary }
} ORDER BY ?id"""
_TEXTS = """
SELECT ?id ?text ?primary WHERE { GRAPH ?g { ?g dcterms:identifier ?id ; kg:text ?text }
  OPTIONAL { GRAPH ?g { ?g kg:duplicateOf ?p } GRAPH ?p { ?p dcterms:identifier ?primary } } } ORDER BY ?id"""


def _iri(term) -> str:
    return f"<{term}>"


def list_documents(store: Store) -> _query.Result:
    """The documents of a store with their dates and triple counts."""
    return _query.run(store, _query.SavedQuery("documents", Path("-"), _DOCUMENTS))


def remove_documents(store: Store, identifiers: Iterable[str]) -> list[str]:
    """Remove documents (their named graphs); returns the identifiers that were not there.

    An entity mentioned only in a removed document goes with it; one mentioned elsewhere
    stays, with the facts of the other documents."""
    present = set(store.named_graphs())
    missing = []
    for identifier in identifiers:
        graph = rdf.document_iri(identifier)
        if str(graph) in present:
            store.remove_document(graph)
        else:
            missing.append(identifier)
    return missing


class KnowledgeGraph:
    """A knowledge graph in a store folder (default ``./kg-store``) or ``":memory:"``."""

    def __init__(self, store: str | Path | Store | None = DEFAULT_STORE, model: str | None = None,
                 curation: str | Path | None = None, min_confidence: float | None = None):
        self.store = store if isinstance(store, Store) else open_store(store)
        self.model = model
        self.min_confidence = min_confidence  # None: each relation's threshold chosen on dev data
        self._nlp = None
        self._on_note: Callable[[str], None] | None = None  # told about documents read without facts, and a compaction
        self.time_limit = DOC_SECONDS  # seconds one document may take to parse and extract
        self._pool = None  # extraction processes (``start_workers``), kept between builds
        folder = Path(self.store.location) if not str(self.store.location).startswith(("http:", "https:", ":")) \
            else None
        self.curation_path = Path(curation) if curation else (folder / curate.CURATION_FILE if folder else None)
        self.decisions = curate.load(self.curation_path)

    # -- building -------------------------------------------------------------
    @property
    def nlp(self):
        if self._nlp is None:
            from .nlp import load

            self._nlp = load(self.model, min_confidence=self.min_confidence)
        return self._nlp

    @property
    def _spec(self):
        """What a worker loads: the model's name, with the minimum confidence when one is set."""
        return self.model if self.min_confidence is None else (self.model, self.min_confidence)

    def extract(self, documents: list[Document]) -> list[Extraction | InputError]:
        return list(extract_documents(self.nlp, documents))

    def build(self, paths: Iterable[str | Path], progress: Callable[[int], None] | None = None,
              on_error: Callable[[str], None] | None = None, workers: int | None = 0,
              scheduler: str | None = None, delay: float | None = None,
              on_note: Callable[[str], None] | None = None, max_chars: int | None = None,
              time_limit: float | None = None) -> BuildReport:
        """Read files and folders, extract, and store one named graph per document.

        ``progress(n)`` is called after every ``n`` documents; ``on_error(message)`` for
        every file that cannot be read. Building a document again replaces its graph.
        ``paths`` may hold web addresses (``http://``, ``https://``): each page is fetched
        (``ingest.Fetcher``: a clear user agent, a timeout, a size cap, ``delay`` seconds
        between two requests to one host) and read like a saved ``.html`` page.
        ``max_chars``: the longest document read (default ``ingest.MAX_CHARS``); a longer one
        is an error naming it. ``time_limit``: seconds one document may take to parse and
        extract (default ``pipeline.DOC_SECONDS``), after which it is skipped with a message.
        ``on_note(message)`` is told about each document stored without facts (judged not
        prose: a broken scrape, a table, a word list), and why.
        ``workers``: how many processes parse and extract while this one resolves and
        writes (0, the default here: all in this process; ``None``, what ``kg build``
        uses: ``default_workers()``, one per core, for about 200 documents or more).
        Worker processes are started with ``spawn``, so a script that uses them needs the usual
        ``if __name__ == "__main__":`` guard. ``scheduler`` extracts on a Dask cluster
        instead. The graph is the same either way. Memory stays bounded: documents are
        read, extracted and written in batches.
        """
        if workers is not None and workers < 0:
            raise ValueError(f"workers must be 0 or more, not {workers}")
        paths = list(paths)
        fetcher = Fetcher(delay=delay) if any(is_url(p) for p in paths) else None
        self._on_note, self.time_limit = on_note, DOC_SECONDS if time_limit is None else time_limit
        try:
            return self._build(read_documents(paths, fetcher, max_chars), progress, on_error, workers, scheduler)
        finally:
            self._on_note, self.time_limit = None, DOC_SECONDS

    def start_workers(self, workers: int = 1):
        """Start ``workers`` extraction processes now, each loading the spaCy model.

        A build starts them when it needs them; they are kept for the next build and
        stopped by ``close``. Starting them early keeps their start-up (a few seconds)
        out of a timed build.
        """
        from .parallel import LocalWorkers

        if self._pool is not None and (self._pool.size != workers or self._pool.broken):
            self._pool.close()
            self._pool = None
        if self._pool is None:
            self._pool = LocalWorkers(workers, self._spec)
        self._pool.warm()
        return self._pool

    def _build(self, items: Iterable[Document | InputError], progress=None, on_error=None,
               workers: int | None = 0, scheduler: str | None = None,
               again: frozenset[str] = frozenset(), removed: Iterable[str] = ()) -> BuildReport:
        """``build`` over documents already read; ``again``: stored documents being redone,
        which the copy detector judges afresh."""
        report = BuildReport()
        size_before = self.store.disk_bytes()
        seen = self._duplicates()
        for identifier in again:
            seen.forget(identifier)
        copies: list[tuple[Document, str]] = []

        sources: dict[str, str] = {}  # identifier -> where this build read it

        def batches() -> Iterator[list[Document]]:
            batch: list[Document] = []
            for item in items:
                if isinstance(item, Document) and item.identifier in sources:
                    # two inputs with one identifier would be merged into one named graph
                    item = InputError(item.source or item.identifier,
                                      f"its identifier {item.identifier!r} is already used in this "
                                      f"build by {sources[item.identifier]}; rename one or build them separately")
                if isinstance(item, InputError):
                    report.errors.append(str(item))
                    if on_error:
                        on_error(str(item))
                    continue
                sources[item.identifier] = item.source or item.identifier
                primary = seen.see(item.identifier, item.text)
                if primary is not None:
                    copies.append((item, primary))
                    continue
                batch.append(item)
                if len(batch) >= BATCH_DOCUMENTS:
                    yield batch
                    batch = []
            if batch:
                yield batch

        apart = curate.keep_apart(self.decisions)
        self._write_curation()
        parts = batches()
        if workers is None and scheduler is None:  # a worker process pays off on a longer input only
            ahead = list(islice(parts, WORKER_FROM_BATCHES))
            workers = default_workers() if len(ahead) >= WORKER_FROM_BATCHES else 0
            parts = chain(ahead, parts)
        writer = _Writer(self.store)
        cluster, frozen = None, False
        try:
            if scheduler is not None:
                from .parallel import DaskWorkers, ordered_results

                cluster = DaskWorkers(scheduler, self._spec)
                cluster.time_limit = self.time_limit
                done = ordered_results(cluster, parts)
            elif workers:
                from .parallel import ordered_results

                pool = self.start_workers(workers)
                pool.time_limit = self.time_limit
                done = ordered_results(pool, parts)
            else:
                done = ((batch, parse_documents(self.nlp, batch, self.time_limit)) for batch in parts)
            for batch, parsed in done:
                results = [resolve_parsed(item, apart) for item in parsed]
                writer.write(self._graphs(results, report, on_error))
                if progress:
                    progress(len(batch))
                frozen = frozen or spare_collector()  # the tables are loaded by the first batch
            writer.flush()
        finally:
            if frozen:
                gc.unfreeze()
            writer.close()  # the batch being written is finished (whole documents only)
            if cluster is not None:
                cluster.close()
        self._write_copies(copies, report)
        report.identity = self.resolve_identities(report.documents + list(again) + list(removed))
        self._compact(size_before)
        return report

    def _compact(self, size_before: int) -> None:
        """Compact the store after a build that grew it by a lot (``COMPACT_FROM_BYTES``)."""
        size = self.store.disk_bytes()
        grown = size - size_before
        if grown < max(COMPACT_FROM_BYTES, size // 4):
            return
        if self._on_note:
            self._on_note(f"compacting the store ({size / 2**30:.1f} GB) so that queries read it fast; "
                          "this takes a while (84 s for 7.9 GB on a 2-core machine)")
        self.store.compact()

    def resolve_identities(self, changed: Iterable[str] | None = None) -> "identity.Report":
        """Join the nodes of different documents that are one entity, and settle one type per
        node (``kg/identity.py``); reads names and keys only, so it is cheap to run again."""
        # the curator's pseudo-document is written again by every build: it changes too
        graphs = None if changed is None else [str(rdf.document_iri(i)) for i in [*changed, CURATION_ID]]
        from .explore import name_index_upkeep

        # the explorer's search index (names.sqlite) follows the documents and the joins made here
        finish = name_index_upkeep(self.store, graphs)
        report = identity.resolve_store(self.store, curate.keep_apart(self.decisions), graphs)
        finish()
        return report

    def _duplicates(self):
        """The copy detector, primed with the documents already stored."""
        from .dedup import Duplicates

        seen = Duplicates()
        for row in self.store.query(_TEXTS):
            primary = row["primary"].value if row["primary"] is not None else None
            if row["id"].value != CURATION_ID:
                seen.add(row["id"].value, row["text"].value, primary)
        return seen

    def _write_copies(self, copies: list[tuple[Document, str]], report: BuildReport) -> None:
        """Syndicated copies: their document node, and support for the primary's statements."""
        graphs = []
        for document, primary in copies:
            statements = [r["st"] for r in self.store.query(
                f"SELECT ?st WHERE {{ GRAPH {_iri(rdf.document_iri(primary))} {{ ?st a rdf:Statement }} }}")]
            quads = rdf.copy_quads(document, primary, [s.value for s in statements])
            graphs.append((rdf.document_iri(document.identifier), quads))
            report.documents.append(document.identifier)
            report.duplicates += 1
            report.triples += len(quads)
        self.store.replace_documents(graphs)

    def reextract(self, progress: Callable[[int], None] | None = None, every: bool = False) -> BuildReport:
        """Redo the documents whose graph was made by another kg version or spaCy model
        (``every``: all documents), from the text kept in the store."""
        from . import __version__
        from .nlp import model_id

        current = (__version__, *model_id(self.nlp))
        stale = []
        self._write_curation()
        for row in self.store.query(_BUILDS):
            made_by = (row["version"].value, row["model"].value, row["modelVersion"].value)
            if row["id"].value != CURATION_ID and (every or made_by != current):
                date = row["date"].value if row["date"] is not None else None
                stale.append(Document(row["id"].value, row["text"].value, date, row["id"].value))
        report = BuildReport()
        for i in range(0, len(stale), BATCH_DOCUMENTS):
            batch = stale[i:i + BATCH_DOCUMENTS]
            self._store_batch(batch, report, None)
            if progress:
                progress(len(batch))
        report.identity = self.resolve_identities(report.documents)
        return report

    def add_text(self, text: str, identifier: str, date: str | None = None) -> BuildReport:
        """Add (or replace) one document given as text."""
        report = BuildReport()
        self._store_batch([Document(identifier, text, date, identifier)], report, None)
        if report.errors:
            raise ValueError(report.errors[0])
        report.identity = self.resolve_identities([identifier])
        return report

    def _store_batch(self, batch: list[Document], report: BuildReport, on_error) -> None:
        self._write(list(extract_documents(self.nlp, batch, curate.keep_apart(self.decisions), self.time_limit)),
                    report, on_error)

    def _write_curation(self) -> None:
        """The curator's asserted facts, as the named graph of the pseudo-document 'kg:curation'."""
        extraction = curate.asserted(self.decisions)
        graph = rdf.document_iri(CURATION_ID)
        if extraction is None:
            self.store.remove_document(graph)
            return
        extraction = replace(extraction, document=replace(extraction.document, identifier=CURATION_ID))
        self.store.replace_documents([(graph, rdf.document_quads(extraction))])

    def curate(self, kind: str, decision) -> None:
        """Record a decision in the curation file and apply it to every stored document."""
        if self.curation_path is None:
            raise curate.CurationError("this store has no folder for curation.yaml; give one with --curation FILE")
        self.decisions = curate.record(self.curation_path, kind, decision)
        self.reextract(every=True)

    def _write(self, results: list, report: BuildReport, on_error) -> None:
        """Write a batch of extractions in one write; errors are reported, not raised."""
        self.store.replace_documents(self._graphs(results, report, on_error))

    def _graphs(self, results: Iterable, report: BuildReport, on_error) -> list[tuple]:
        """The named graphs of a batch of extractions (errors go to the report)."""
        graphs = []
        for item in results:
            if isinstance(item, Extraction):
                item = curate.apply(item, self.decisions)
            if isinstance(item, InputError):
                report.errors.append(str(item))
                if on_error:
                    on_error(str(item))
                continue
            if item.note:
                note = f"{item.document.source or item.document.identifier}: {item.note}"
                report.notes.append(note)
                if self._on_note:
                    self._on_note(note)
            data, count = rdf.document_nquads(item)
            graphs.append((rdf.document_iri(item.document.identifier), data))
            report.documents.append(item.document.identifier)
            report.entities += len(item.entities)
            report.facts += len(item.facts)
            report.triples += count
        return graphs

    # -- using ----------------------------------------------------------------
    def query(self, query: str, params: dict[str, str] | None = None) -> _query.Result:
        """Run a saved query by name, a ``.rq`` file, or SPARQL text: the whole answer."""
        return _query.run(self.store, query, params)

    def stream(self, query: str, params: dict[str, str] | None = None) -> _query.Answer:
        """``query``, with the rows read from the store one at a time as they are iterated
        (``.variables``, ``.rows``): for a listing of a big store."""
        return _query.stream(self.store, query, params)

    def dataset(self):
        """The store as an rdflib ``Dataset``."""
        return self.store.dataset()

    def export(self, fmt: str, output) -> None:
        _export.export(self.store, fmt, output)

    def visualize(self, output: str | Path, title: str = "kg: knowledge graph") -> Path:
        from .viz import write_html  # networkx and pyvis: only when a page is drawn

        return write_html(self.store, output, title)

    def documents(self) -> _query.Result:
        """The documents with their dates and triple counts."""
        return list_documents(self.store)

    def remove(self, identifiers: Iterable[str], on_copy: Callable[[str, str], None] | None = None) -> list[str]:
        """Remove documents by identifier; returns those that were not in the store.

        A stored copy of a removed document (a syndicated story) is not left pointing at
        nothing: it is extracted again on its own (the first copy by identifier becomes the
        primary of the others). ``on_copy(copy, removed)`` is told about each.
        """
        identifiers = list(identifiers)
        gone = set(identifiers)
        orphans = [(doc, primary) for doc, primary in self._copies() if primary in gone and doc.identifier not in gone]
        missing = remove_documents(self.store, identifiers)
        if orphans:
            self._build((doc for doc, _ in orphans), again=frozenset(doc.identifier for doc, _ in orphans),
                        removed=[i for i in identifiers if i not in missing])
            for doc, primary in orphans if on_copy else ():
                on_copy(doc.identifier, primary)
        elif len(missing) < len(identifiers):
            self.resolve_identities([i for i in identifiers if i not in missing])
        return missing

    def _copies(self) -> list[tuple[Document, str]]:
        """The stored copies, as documents, with the identifier of their primary."""
        out = []
        for row in self.store.query(_COPIES):
            value = {k: (row[k].value if row[k] is not None else None)
                     for k in ("id", "text", "date", "title", "author", "publisher", "url", "primary")}
            out.append((Document(value["id"], value["text"], value["date"], value["id"], value["title"],
                                 value["author"], value["url"], value["publisher"]), value["primary"]))
        return out

    def close(self) -> None:
        try:
            if self._pool is not None:
                self._pool.close()
                self._pool = None
        finally:
            self.store.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
