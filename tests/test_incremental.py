"""Adding, changing and removing documents; the graph does not depend on their order."""
from conftest import run_kg

A = " date 2024-01-02 Acme Corp chairman John Smith met Mary Jones in Berlin."
B = " date 2024-02-03 Globex Inc director Paul Novak met Mary Jones in Paris."


def _nquads(store, tmp_path, name):
    out = tmp_path / name
    run_kg("export", "--store", store, "--format", "nquads", "-o", out)
    return sorted(out.read_text(encoding="utf-8").splitlines())


def _labels(store):
    out = run_kg("query", "SELECT DISTINCT ?l WHERE { GRAPH ?g { ?e a kg:Person ; rdfs:label ?l } }",
                 "--store", store, "--format", "csv").stdout
    return set(out.split("\n")[1:]) - {""}


def test_add_change_remove(tmp_path):
    (tmp_path / "in").mkdir()
    a, b = tmp_path / "in" / "a.txt", tmp_path / "in" / "b.txt"
    a.write_text(A, encoding="utf-8")
    store = tmp_path / "store"
    run_kg("build", a, "--store", store, "--quiet")
    before = _nquads(store, tmp_path, "a.nq")
    b.write_text(B, encoding="utf-8")
    run_kg("build", b, "--store", store, "--quiet")
    both = _nquads(store, tmp_path, "ab.nq")
    assert set(before) <= set(both)  # adding b left a untouched
    assert _labels(store) == {"John Smith", "Mary Jones", "Paul Novak"}

    listed = run_kg("list", "--store", store).stdout
    assert "a.txt" in listed and "2024-02-03" in listed

    b.write_text(B.replace("Paul Novak", "Rita Lopez"), encoding="utf-8")
    run_kg("build", b, "--store", store, "--quiet")  # a changed document replaces its graph
    assert _labels(store) == {"John Smith", "Mary Jones", "Rita Lopez"}

    run_kg("remove", "b.txt", "--store", store)
    assert _labels(store) == {"John Smith", "Mary Jones"}  # Rita only in b: gone; Mary also in a: stays
    assert _nquads(store, tmp_path, "after.nq") == before
    missing = run_kg("remove", "nope.txt", "--store", store, check=False)
    assert missing.returncode == 1 and "no such document" in missing.stderr


def test_one_identifier_twice_in_a_build_is_an_error_not_a_merged_graph(tmp_path):
    """Two inputs with one identifier (a JSONL id repeated; x.txt in two folders given
    apart) would land in one named graph: the later is skipped with a one-line error."""
    import json

    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps({"id": "x1", "text": t}) for t in (A, B)) + "\n", encoding="utf-8")
    for folder, text in (("fa", A), ("fb", B)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(text, encoding="utf-8")
    store = tmp_path / "store"
    proc = run_kg("build", feed, tmp_path / "fa", tmp_path / "fb", "--store", store, "--quiet", check=False)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        f"kg: skipped {feed}:2: its identifier 'x1' is already used in this build by {feed}:1; "
        "rename one or build them separately",
        f"kg: skipped {tmp_path / 'fb' / 'x.txt'}: its identifier 'x.txt' is already used in this build by "
        f"{tmp_path / 'fa' / 'x.txt'}; rename one or build them separately"]
    assert _labels(store) == {"John Smith", "Mary Jones"}  # A's people only, in both documents


def test_two_orders_give_the_same_graph(tmp_path):
    (tmp_path / "in").mkdir()
    a, b = tmp_path / "in" / "a.txt", tmp_path / "in" / "b.txt"
    a.write_text(A, encoding="utf-8")
    b.write_text(B, encoding="utf-8")
    run_kg("build", a, "--store", tmp_path / "s1", "--quiet")
    run_kg("build", b, "--store", tmp_path / "s1", "--quiet")
    run_kg("build", b, "--store", tmp_path / "s2", "--quiet")
    run_kg("build", a, "--store", tmp_path / "s2", "--quiet")
    assert _nquads(tmp_path / "s1", tmp_path, "1.nq") == _nquads(tmp_path / "s2", tmp_path, "2.nq")


def test_long_build_writes_buffers_out(tmp_path, monkeypatch):
    """An on-disk store flushes RocksDB's memory buffers every FLUSH_QUADS quads written in
    transactions (this is what keeps a long build's memory flat), and nothing is lost by it."""
    from rdflib import URIRef

    from kg import store as kg_store

    class Spy:
        def __init__(self, inner):
            self.inner, self.flushes = inner, 0

        def flush(self):
            self.flushes += 1
            self.inner.flush()

        def __getattr__(self, name):
            return getattr(self.inner, name)

    monkeypatch.setattr(kg_store, "FLUSH_QUADS", 10)
    store = kg_store.OxigraphStore(tmp_path / "store")
    spy = store._store = Spy(store._store)
    ex = "http://example.org/"
    for n in range(5):
        quads = [(URIRef(f"{ex}s{n}-{i}"), URIRef(f"{ex}p"), URIRef(f"{ex}o"), None) for i in range(4)]
        store.replace_documents([(URIRef(f"{ex}doc{n}"), quads)])
    assert spy.flushes == 1  # 20 quads: one flush after the 12th
    # bulk loads bypass the buffers: flushing after them would only cost (work and disk
    # writes that grow with the store), so they do not count
    monkeypatch.setattr(kg_store, "BULK_FROM_QUADS", 8)
    for n in range(5, 10):
        quads = [(URIRef(f"{ex}s{n}-{i}"), URIRef(f"{ex}p"), URIRef(f"{ex}o"), None) for i in range(12)]
        store.replace_documents([(URIRef(f"{ex}doc{n}"), quads)])
    assert spy.flushes == 1
    store.close()
    spy.inner = None  # release the store's lock
    assert len(kg_store.OxigraphStore(tmp_path / "store")) == 80


def test_new_documents_are_bulk_loaded_under_a_journal(tmp_path, monkeypatch):
    """Many new documents go through Oxigraph's bulk loader, a few through a transaction;
    a load that did not finish (its journal is still there) is undone when the store is
    next opened, so no half document is ever read; documents stored before are kept."""
    from rdflib import URIRef

    from kg import store as kg_store

    ex = "http://example.org/"

    def doc(n, size=3):
        return URIRef(f"{ex}doc{n}"), [(URIRef(f"{ex}s{n}-{i}"), URIRef(f"{ex}p"), URIRef(f"{ex}o"), None)
                                       for i in range(size)]

    class Spy:
        def __init__(self, inner):
            self.inner, self.loads = inner, []

        def bulk_extend(self, quads):
            self.loads.append(len(quads))
            self.inner.bulk_extend(quads)

        def __getattr__(self, name):
            return getattr(self.inner, name)

    monkeypatch.setattr(kg_store, "BULK_FROM_QUADS", 6)
    store = kg_store.OxigraphStore(tmp_path / "store")
    spy = store._store = Spy(store._store)
    store.replace_documents([doc(1), doc(2)])
    store.replace_documents([doc(1, size=5)])  # a stored document is replaced in a transaction instead
    store.replace_documents([doc(4, size=5)])  # too few quads for the bulk loader: a transaction
    assert spy.loads == [6]
    assert not (tmp_path / "store" / kg_store.JOURNAL).exists()
    # a build killed while bulk-loading doc3: its journal names it and part of it landed
    (tmp_path / "store" / kg_store.JOURNAL).write_text(f"{ex}doc3\n", encoding="utf-8")
    graph, quads = doc(3)
    s, p, o, _ = quads[0]
    spy.inner.bulk_extend([kg_store.ox.Quad(kg_store.to_ox(s), kg_store.to_ox(p), kg_store.to_ox(o),
                                            kg_store.graph_node(graph))])
    store.close()
    spy.inner = None  # release the store's lock
    reopened = kg_store.OxigraphStore(tmp_path / "store")
    assert reopened.recovered == [f"{ex}doc3"]
    assert sorted(reopened.named_graphs()) == [f"{ex}doc1", f"{ex}doc2", f"{ex}doc4"]
    assert len(reopened) == 13
    assert not (tmp_path / "store" / kg_store.JOURNAL).exists()


def test_kg_says_when_it_removed_a_half_written_document(tmp_path):
    """A build killed while bulk-loading leaves its journal: the next kg command removes
    those documents and says so in one line; documents stored before stay."""
    from kg.store import JOURNAL

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(A, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(B, encoding="utf-8")
    store = tmp_path / "store"
    run_kg("build", tmp_path / "in", "--store", store, "--quiet")
    graph = next(line.split()[-2] for line in _nquads(store, tmp_path, "ab.nq") if "b.txt" in line)
    (store / JOURNAL).write_text(graph.strip("<>") + "\n", encoding="utf-8")  # as if b were being loaded
    listed = run_kg("list", "--store", store)
    assert listed.stderr.strip() == (f"kg: removed 1 document that a stopped build left half-written in {store}; "
                                     "build them again to add them")
    assert "a.txt" in listed.stdout and "b.txt" not in listed.stdout
    assert run_kg("list", "--store", store).stderr == ""  # said once: the journal is gone


def test_background_writes_keep_order_and_surface_errors(tmp_path, monkeypatch):
    """Batches are written on a background thread: in input order, one write per batch
    here (writes of at most one quad: every batch is a write), and a failed write stops
    the build with its error (earlier batches stay)."""
    import pytest

    from kg import KnowledgeGraph, api
    from kg.store import OxigraphStore, StoreError

    class Failing(OxigraphStore):
        calls: list[list[str]] = []

        def replace_documents(self, graphs):
            graphs = list(graphs)
            self.calls.append([str(g).rsplit("/", 1)[-1] for g, _ in graphs])
            if len(self.calls) == 3:  # the curation graph is not written: batches 1, 2, then this fails
                raise StoreError("disk full")
            super().replace_documents(graphs)

    monkeypatch.setattr(api, "BATCH_DOCUMENTS", 1)
    monkeypatch.setattr(api, "WRITE_QUADS", 1)
    for n in range(5):
        (tmp_path / f"d{n}.txt").write_text(f"Acme Corp chairman John Smith{n} met Mary Jones in Berlin.",
                                            encoding="utf-8")
    graph = KnowledgeGraph(Failing(None))
    with pytest.raises(StoreError, match="disk full"):
        graph.build([tmp_path])
    assert Failing.calls[:3] == [["d0.txt"], ["d1.txt"], ["d2.txt"]]
    assert len(Failing.calls) == 3  # nothing more was written after the failure
    stored = {row["document"] for row in graph.documents().as_dicts()}
    assert stored == {"d0.txt", "d1.txt"}


def test_a_build_writes_in_pieces_that_grow_with_what_it_wrote():
    """The first write comes as soon as it is big enough for the bulk loader (the first
    documents land within seconds); each next one is as big as all before it, up to
    WRITE_QUADS (RocksDB merges each write into what it holds, so on a big store small
    writes cost many times more); a write holds whole batches, in input order."""
    from kg.api import _Writer
    from kg.store import BULK_FROM_QUADS

    class Recorder:
        def __init__(self, stored=()):
            self.writes, self.stored = [], set(stored)

        def replace_documents(self, graphs):
            self.writes.append([graph for graph, _ in graphs])

        def has_document(self, graph):
            return graph in self.stored

    store = Recorder()
    writer = _Writer(store, most=5 * BULK_FROM_QUADS)
    batch = BULK_FROM_QUADS // 2  # quads per batch of one document
    for n in range(30):
        writer.write([(f"doc{n}", [None] * batch)])
    writer.flush()
    writer.close()
    assert [len(w) for w in store.writes] == [2, 2, 4, 8, 10, 4]  # 2+2+4+8 = 16 batches, then 10 (the most)
    assert [g for w in store.writes for g in w] == [f"doc{n}" for n in range(30)]

    store = Recorder()
    writer = _Writer(store, most=5 * BULK_FROM_QUADS)
    writer.write([("doc0", [None] * batch)])
    writer.close()  # a build that stops (an error, Ctrl-C) drops what it gathered
    assert store.writes == []

    # documents stored before are replaced in transactions: larger writes gain nothing there
    store = Recorder(stored={"doc0", "doc1"})
    writer = _Writer(store, most=5 * BULK_FROM_QUADS)
    for n in range(3):
        writer.write([(f"doc{n}", [None] * batch)])
    writer.flush()
    writer.close()
    assert store.writes == [["doc0"], ["doc1"], ["doc2"]]


def test_a_long_document_is_bulk_loaded_in_pieces_cut_at_line_ends(tmp_path, monkeypatch):
    """The bulk loader's memory follows what it is given at once: a document with many quads
    goes in several loads of about BULK_BYTES, each whole lines, and all of it lands."""
    from kg import store as kg_store

    lines = [f'<http://example.org/s{i}> <http://example.org/p> "{i}" <http://example.org/doc> .\n'.encode()
             for i in range(2000)]
    data = b"".join(lines)
    pieces = list(kg_store._byte_pieces([data[:500], data[500:]], 4096))
    assert b"".join(pieces) == data and all(p.endswith(b"\n") for p in pieces)
    assert len(pieces) > 10 and max(len(p) for p in pieces) < 4096 + 200

    monkeypatch.setattr(kg_store, "BULK_BYTES", 4096)
    monkeypatch.setattr(kg_store, "BULK_FROM_QUADS", 100)
    store = kg_store.OxigraphStore(tmp_path / "store")
    loads = []
    inner = store._store

    class Spy:
        def bulk_load(self, piece, **kw):
            loads.append(len(piece))
            inner.bulk_load(piece, **kw)

        def __getattr__(self, name):
            return getattr(inner, name)

    store._store = Spy()
    store.replace_documents([("http://example.org/doc", data)])
    store._store = inner
    assert len(loads) > 10 and len(store) == 2000
    store.close()


def test_a_build_that_grows_the_store_a_lot_compacts_it(tmp_path, monkeypatch):
    """Bulk loads leave many files that every lookup consults: a build that grew the store
    by a quarter or more (and by ``COMPACT_FROM_BYTES``) compacts it and says so; a small
    addition to a bigger store does not pay for a compaction. The graph is the same."""
    from kg import api
    from kg.store import OxigraphStore

    (tmp_path / "in").mkdir()
    for name, text in (("a.txt", A), ("b.txt", B)):
        (tmp_path / "in" / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(api, "COMPACT_FROM_BYTES", 1)
    store = OxigraphStore(tmp_path / "store")
    compactions, notes = [], []
    inner = store.compact
    monkeypatch.setattr(store, "compact", lambda: (compactions.append(store.disk_bytes()), inner()))
    with api.KnowledgeGraph(store) as graph:
        graph.build([tmp_path / "in" / "a.txt"], on_note=notes.append)
        assert len(compactions) == 1 and compactions[0] > 0  # a new store grew from nothing
        assert any("compacting the store" in note for note in notes)
        quads = len(store)
        monkeypatch.setattr(api, "COMPACT_FROM_BYTES", store.disk_bytes() * 100)
        graph.build([tmp_path / "in" / "b.txt"], on_note=notes.append)
        assert len(compactions) == 1  # grown by less than the threshold: left as it is
        assert len(store) > quads


def test_the_stores_size_skips_a_file_removed_while_it_is_read(tmp_path, monkeypatch):
    """RocksDB deletes the files it merged while a build goes on: one gone between the listing
    and its size is not an error (it was: a traceback at the end of a build)."""
    from kg import store as kg_store

    store = kg_store.OxigraphStore(tmp_path / "store")

    class Gone:
        def is_file(self):
            return True

        def stat(self):
            raise FileNotFoundError("000009.sst")

    listing = kg_store.os.scandir
    monkeypatch.setattr(kg_store.os, "scandir", lambda path: iter([*listing(path), Gone()]))
    assert store.disk_bytes() > 0
