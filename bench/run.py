"""kg benchmarks: each prints a ratio against a baseline measured in the same run.

    make bench            (or: python bench/run.py [--quick] [--out docs/performance.md])

1. build throughput vs bare spaCy ``nlp.pipe`` on the same texts (goal >= 0.9)
2. ``--workers 2`` vs 1 on this machine (goal >= 1.6; the parent also writes)
3. the saved queries on ~1M triples: Oxigraph (kg's engine) vs rdflib in memory (goal >= 30x)
4. Turtle export of ~1M triples vs pyoxigraph's own serializer (goal >= 0.8)
5. peak memory building 10k vs 1k documents (goal <= 1.3x with a fixed pool of names)
6. the store-wide resolution pass (``kg resolve``) on 100,000 generated articles' names: time and
   peak memory against one bare SPARQL read of the same rows
7. one document of ordinary text and of each pathological shape (no sentence punctuation, one
   long line, a name repeated, a table of names) at 0.5-4 MB: seconds per MB, growth from 1 to
   4 MB (goal <= 4.5), and the extra peak memory of a 10 MB one (goal <= 1 GB)
8. the explorer and the saved queries on a store of 100,000 generated articles (``bench/explore.py``;
   ``--explore-articles N`` for another size, the store is kept under build/bench/ and reused):
   p50/p95 of search, entity pages (the biggest hub too), neighbours, connect and the saved
   queries, each against a full scan of the store's names; then 50 clients on ``kg serve``
   for 60 s (goals: search p50 < 100 ms, entity page < 300 ms, parametrised saved queries
   < 0.5 s, first row < 1 s, no errors)
"""
from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from corpus import texts, write_corpus  # noqa: E402
from explore import bench_explore  # noqa: E402


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


# 1 ---------------------------------------------------------------------------------
ROUNDS = 2  # each timing is the best of this many, baseline and kg taking turns (this machine's speed drifts)


def _worker_cpu(graph) -> float:
    """CPU seconds used so far by the build's worker processes (from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in list(graph._pool.pool._processes):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def _timed_build(folder: Path, store: Path, workers: int | None) -> tuple[float, float, object]:
    """One build into a new store with its workers started beforehand (as the baseline's
    model is loaded beforehand): wall seconds, CPU seconds of all processes, report.
    ``workers=None``: as many as ``kg build`` starts."""
    from kg import KnowledgeGraph
    from kg.api import default_workers

    with KnowledgeGraph(store) as graph:
        graph.start_workers(workers if workers is not None else default_workers())
        cpu_start, workers_start = time.process_time(), _worker_cpu(graph)
        seconds, report = timed(graph.build, [folder], workers=workers)
        cpu = time.process_time() - cpu_start + _worker_cpu(graph) - workers_start
    return seconds, cpu, report


def bench_throughput(n: int) -> dict:
    """``KnowledgeGraph.build`` as ``kg build`` runs it (read files, detect copies, parse and
    extract in worker processes, one per core, resolve, RDF, write to an on-disk store)
    against ``nlp.pipe`` alone on the same texts with the same model and batch size.
    For context, also: spaCy on both cores (``n_process=2``) and kg with one worker."""
    import spacy

    from kg.api import BATCH_DOCUMENTS, default_workers
    from kg.nlp import DEFAULT_MODELS
    import kg.dedup  # noqa: F401  (its import, about 0.5 s once per run, is start-up like the model)

    docs = texts(n, seed=1)
    bare = next(spacy.load(m) for m in DEFAULT_MODELS if spacy.util.is_package(m))
    list(bare.pipe(docs[:20]))  # warm up
    bare_runs, kg_runs = [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for i, text in enumerate(docs):
            (folder / f"d{i:05}.txt").write_text(text, encoding="utf-8")
        for round_ in range(ROUNDS):
            bare_runs.append(timed(lambda: list(bare.pipe(docs, batch_size=BATCH_DOCUMENTS)))[0])
            seconds, _, report = _timed_build(folder, Path(tmp) / f"store{round_}", None)  # as kg build does
            assert len(report.documents) == n, report.errors[:3]
            kg_runs.append(seconds)
        two_processes = timed(lambda: list(bare.pipe(docs, batch_size=BATCH_DOCUMENTS, n_process=2)))[0]
        one_worker = _timed_build(folder, Path(tmp) / "store-one", 1)[0]
    t_bare, t_kg = min(bare_runs), min(kg_runs)
    return {"documents": n, "workers": default_workers(), "bare_spacy_s": round(t_bare, 2),
            "kg_build_s": round(t_kg, 2), "docs_per_s": round(n / t_kg, 1),
            "runs_s": {"bare": [round(t, 2) for t in bare_runs], "kg": [round(t, 2) for t in kg_runs]},
            "context": {"bare_spacy_n_process_2_s": round(two_processes, 2), "kg_one_worker_s": round(one_worker, 2),
                        "ratio_vs_spacy_on_2_processes": round(two_processes / t_kg, 3),
                        "ratio_one_worker": round(t_bare / one_worker, 3)},
            "ratio": round(t_bare / t_kg, 3), "goal": ">= 0.9"}


# 2 ---------------------------------------------------------------------------------
def bench_workers(n: int) -> dict:
    """``build`` with two worker processes against one (workers started beforehand, as in
    1); also the CPU time each used (all processes), which shows how much of the second
    core one worker and the writing parent already use. ``kg build`` end to end, with
    its start-up (imports, loading the model in each worker), is timed once for each too."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_corpus(Path(tmp) / "corpus", n, seed=2)
        times: dict[int, list[float]] = {1: [], 2: []}
        cpus: dict[int, list[float]] = {1: [], 2: []}
        for round_ in range(ROUNDS):
            for workers in (1, 2):
                seconds, cpu, report = _timed_build(folder, Path(tmp) / f"store{workers}-{round_}", workers)
                assert len(report.documents) == n, report.errors[:3]
                times[workers].append(seconds)
                cpus[workers].append(cpu)
        cli = {}
        for workers in (1, 2):
            cli[workers] = timed(subprocess.run, [sys.executable, "-m", "kg", "build", str(folder), "--store",
                                                  str(Path(tmp) / f"cli{workers}"), "--quiet", "--workers",
                                                  str(workers)], check=True)[0]
    best = {w: min(range(ROUNDS), key=lambda r: times[w][r]) for w in (1, 2)}
    one, two = times[1][best[1]], times[2][best[2]]
    return {"documents": n, "one_worker_s": round(one, 2), "two_workers_s": round(two, 2),
            "one_worker_cpu_s": round(cpus[1][best[1]], 1), "two_workers_cpu_s": round(cpus[2][best[2]], 1),
            "one_worker_cores_busy": round(cpus[1][best[1]] / one, 2),
            "runs_s": {"one": [round(t, 2) for t in times[1]], "two": [round(t, 2) for t in times[2]]},
            "kg_build_cli_s": {"one": round(cli[1], 2), "two": round(cli[2], 2), "ratio": round(cli[1] / cli[2], 3)},
            "ratio": round(one / two, 3), "goal": ">= 1.6"}


# 3 and 4 ---------------------------------------------------------------------------
def synthetic_store(target_triples: int):
    """A store of about ``target_triples`` triples from synthetic extractions (no NLP),
    so the query benchmark measures engines, not spaCy."""
    from kg.rdf import document_quads
    from kg.records import Document, Entity, Extraction, Fact, Mention, Relation, Sentence
    from kg.store import OxigraphStore

    import random

    rng = random.Random(3)
    store = OxigraphStore(None)
    people = [f"Person {i}" for i in range(20_000)]
    orgs = [f"Organization {i}" for i in range(2_000)]
    batch, total, i = [], 0, 0
    while total < target_triples:
        text = " ".join(f"Sentence {k} of document {i}." for k in range(6))
        doc = Document(f"synthetic/{i:06}.txt", text, f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}")
        sentence = Sentence(0, 0, 24, text[:24])
        ents, facts = {}, []
        for _ in range(4):
            p, o = rng.choice(people), rng.choice(orgs)
            pm = Mention(0, 5, p, "Person", 0)
            om = Mention(6, 10, o, "Organization", 0)
            ents[f"Person/{p.lower()}"] = Entity(f"Person/{p.lower()}", "Person", p, (), (pm,))
            ents[f"Organization/{o.lower()}"] = Entity(f"Organization/{o.lower()}", "Organization", o, (), (om,))
            role = rng.choice(["president", "director", "chairman"])
            facts.append(Fact("officialOf", f"Person/{p.lower()}", f"Organization/{o.lower()}",
                              Relation("officialOf", pm, om, sentence, "bench", 0.9, role=role, role_norm=role)))
            q = rng.choice(people)
            qm = Mention(11, 15, q, "Person", 0)
            ents[f"Person/{q.lower()}"] = Entity(f"Person/{q.lower()}", "Person", q, (), (qm,))
            a, b = sorted([f"Person/{p.lower()}", f"Person/{q.lower()}"])
            if a != b:
                facts.append(Fact("metWith", a, b, Relation("metWith", pm, qm, sentence, "bench", 0.8, group="g"),
                                  date=doc.date, date_source="publication"))
        x = Extraction(doc, (sentence,), tuple(ents.values()), tuple(facts), ("bench", "0"))
        quads = document_quads(x)
        batch.append((quads[0][3], quads))
        total += len(quads)
        i += 1
        if len(batch) == 200:
            store.replace_documents(batch)
            batch = []
    store.replace_documents(batch)
    return store, i


_RDFLIB = """
import sys, time, json
from rdflib import Dataset
from kg.namespace import PREFIXES
from kg.query import saved_queries
start = time.perf_counter()
ds = Dataset(default_union=True)
ds.parse(sys.argv[1], format="nquads")
print(json.dumps({"load": time.perf_counter() - start}), flush=True)
prologue = "".join(f"PREFIX {p}: <{iri}>\\n" for p, iri in PREFIXES.items())
for name in sys.argv[2:]:
    start = time.perf_counter()
    n = len(list(ds.query(prologue + saved_queries()[name].text)))
    print(json.dumps({name: time.perf_counter() - start, "rows": n}), flush=True)
"""


def _rdflib_times(nquads: Path, names: list[str], limit: float) -> dict:
    """rdflib in a child process, stopped after ``limit`` seconds (then only a lower bound is known)."""
    out, started = {}, time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", _RDFLIB, str(nquads), *names], stdout=subprocess.PIPE, text=True,
                            cwd=str(HERE.parent))
    try:
        stdout, _ = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        proc.kill()
        stdout, _ = proc.communicate()
    for line in stdout.splitlines():
        out.update(json.loads(line))
    out["elapsed"] = time.perf_counter() - started
    return out


def bench_queries(target: int, repeats: int, limit: float = 600) -> dict:
    import pyoxigraph as ox
    from kg.query import saved_queries

    t_build, (store, documents) = timed(synthetic_store, target)
    triples = len(store)
    names = ["officials", "meetings", "post-history"]
    with tempfile.TemporaryDirectory() as tmp:
        nquads = Path(tmp) / "graph.nq"
        store.dump(str(nquads), ox.RdfFormat.N_QUADS)
        slow = _rdflib_times(nquads, names, limit)
    rows = {}
    for name in names:
        text = saved_queries()[name].text
        ox_p50 = statistics.median(timed(lambda: list(store.query(text)))[0] for _ in range(repeats))
        if name in slow:
            rows[name] = {"oxigraph_p50_s": round(ox_p50, 3), "rdflib_s": round(slow[name], 2),
                          "ratio": round(slow[name] / ox_p50, 1)}
        else:  # rdflib did not finish within the limit: the ratio is at least this
            spent = max(1.0, slow["elapsed"] - slow.get("load", 0) - sum(slow.get(n, 0) for n in names))
            rows[name] = {"oxigraph_p50_s": round(ox_p50, 3), "rdflib_s": f"> {spent:.0f} (stopped)",
                          "ratio": f">= {spent / ox_p50:.0f}"}
    numeric = [r["ratio"] for r in rows.values() if isinstance(r["ratio"], float)]
    return {"triples": triples, "documents": documents, "store_build_s": round(t_build, 1),
            "rdflib_load_s": round(slow.get("load", float("nan")), 1), "queries": rows,
            "ratio": min(numeric) if numeric else rows[names[0]]["ratio"], "goal": ">= 30", "_store": store}


def bench_export(store) -> dict:
    """kg's Turtle export against pyoxigraph serializing the same triples read straight from the
    store; for context also against serializing a list already in memory."""
    import pyoxigraph as ox
    from kg.export import export
    from kg.namespace import PREFIXES

    ox_store = store.oxigraph

    def baseline():
        triples = (ox.Triple(q.subject, q.predicate, q.object) for q in ox_store.quads_for_pattern(None, None, None))
        ox.serialize(triples, io.BytesIO(), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)

    in_memory = [ox.Triple(q.subject, q.predicate, q.object) for q in ox_store.quads_for_pattern(None, None, None)]
    t_memory, _ = timed(lambda: ox.serialize(in_memory, io.BytesIO(), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES))
    t_base = statistics.median(timed(baseline)[0] for _ in range(3))
    t_kg = statistics.median(timed(lambda: export(store, "turtle", io.BytesIO()))[0] for _ in range(3))
    return {"triples": len(in_memory), "pyoxigraph_from_store_s": round(t_base, 2), "kg_export_s": round(t_kg, 2),
            "pyoxigraph_from_list_in_memory_s": round(t_memory, 2), "ratio": round(t_base / t_kg, 3),
            "goal": ">= 0.8"}


# 5 ---------------------------------------------------------------------------------
_PEAK = """
import re, sys
from kg import KnowledgeGraph


def peak_kb(pid="self"):
    # VmHWM is a process's own peak; ru_maxrss would include the parent's memory before exec
    return int(re.search(r"VmHWM:\\s+(\\d+) kB", open(f"/proc/{pid}/status").read()).group(1))


if __name__ == "__main__":
    g = KnowledgeGraph(sys.argv[2])
    g.build([sys.argv[1]], workers=None)  # as kg build does: worker processes parse and extract
    workers = sum(peak_kb(pid) for pid in g._pool.pool._processes) if g._pool else 0  # none for a short input
    g.close()
    print(peak_kb(), workers)
"""


def peak_rss_mb(folder: Path, store: Path) -> tuple[float, float]:
    """Peak resident memory of a build (the process that writes, and its workers together), in MB."""
    out = subprocess.run([sys.executable, "-c", _PEAK, str(folder), str(store)], check=True,
                         capture_output=True, text=True).stdout
    parent, worker = map(int, out.strip().splitlines()[-1].split())
    return parent / 1024, worker / 1024


def bench_memory(small: int, large: int) -> dict:
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for names in ("pool", "distinct"):
            peaks = {}
            for n in (small, large):
                folder = write_corpus(Path(tmp) / f"{names}{n}", n, names=names, seed=5)
                parent, worker = peak_rss_mb(folder, Path(tmp) / f"store-{names}{n}")
                peaks[n] = {"writer": round(parent, 1), "workers": round(worker, 1), "sum": round(parent + worker, 1)}
            out[names] = {f"peak_mb_{small}": peaks[small], f"peak_mb_{large}": peaks[large],
                          "ratio": round(peaks[large]["sum"] / peaks[small]["sum"], 3)}
    out["ratio"] = out["pool"]["ratio"]
    out["goal"] = "<= 1.3 (fixed pool of names)"
    return out


def machine() -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, {mem:.0f} GiB RAM, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def markdown(results: dict) -> str:
    lines = ["# Performance", "", f"Measured by `make bench` on: {machine()}.",
             "Each benchmark compares kg with a baseline measured in the same run; times are wall-clock.", "",
             "| # | benchmark | ratio | goal | figures |", "|---|---|---|---|---|"]
    for i, (name, r) in enumerate(results.items(), 1):
        figures = {k: v for k, v in r.items() if k not in {"ratio", "goal"} and not k.startswith("_")}
        lines.append(f"| {i} | {name} | {r['ratio']} | {r['goal']} | `{json.dumps(figures)}` |")
    return "\n".join(lines) + "\n"


# 6 ---------------------------------------------------------------------------------
_IDENTITY_SCRIPT = r"""
import json, random, resource, sys, time
sys.path.insert(0, sys.argv[3])
import pyoxigraph as ox
from kg import identity
from kg.namespace import ENTITY_CLASSES, KG, ID
from kg.rdf import entity_iri
from kg.store import OxigraphStore

path, n, mode = sys.argv[1], int(sys.argv[2]), sys.argv[4]
def make(store, first, n, seed):
    rng = random.Random(seed)
    given = [f"Given{i}" for i in range(300)]
    family = [f"Family{i}" for i in range(3000)]
    countries = ["Portugal", "Chile", "Kenya", "Norway", "Peru", "Ghana", "Vietnam", "Mongolia"]
    demonym = {"Portugal": "Portuguese", "Chile": "Chilean", "Kenya": "Kenyan", "Norway": "Norwegian",
               "Peru": "Peruvian", "Ghana": "Ghanaian", "Vietnam": "Vietnamese", "Mongolia": "Mongolian"}
    lab = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    alt = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
    typ = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    key_p = ox.NamedNode(str(KG.localKey))
    batch = []
    def entity(g, type_, label, key, alias=None):
        e = entity_iri(key)
        batch.extend([ox.Quad(e, typ, ox.NamedNode(str(ENTITY_CLASSES[type_])), g), ox.Quad(e, lab, ox.Literal(label), g),
                      ox.Quad(e, key_p, ox.Literal(key), g)])
        if alias:
            batch.append(ox.Quad(e, alt, ox.Literal(alias), g))
    graphs = []
    for d in range(first, first + n):
        g = ox.NamedNode(str(ID[f"doc/{d}.txt"]))
        graphs.append(g.value)
        for _ in range(4):
            name = f"{rng.choice(given)} {rng.choice(family)}"
            entity(g, "Person", name, "Person/" + name.lower())
        last = rng.choice(family)
        entity(g, "Person", last, "Person/" + last.lower())
        c = rng.choice(countries)
        k = rng.randrange(2000)
        if rng.random() < 0.5:
            label = f"{demonym[c]} Rowing Committee {k}"
        else:
            label = f"Rowing Committee {k} of {c}"
        from kg.resolve import normalise
        entity(g, "Organization", label, "Organization/" + normalise(label, "Organization"), f"RC{k}")
        entity(g, "Place" if rng.random() < 0.9 else "Person", c, ("Place/" if rng.random() < 0.9 else "Person/") + c.lower())
        if len(batch) > 200000:
            store.bulk_extend(batch); batch = []
    store.bulk_extend(batch)
    return graphs
if mode == "make":
    store = ox.Store(path)
    make(store, 0, n, 0)
    store.flush()
    print(json.dumps({"quads": len(store)}))
else:
    store = OxigraphStore(path)
    if mode in ("build", "open"):  # ten more articles, then the pass told which (the index does the rest)
        new = make(store.oxigraph, n, 10, 1)
    start = time.perf_counter()
    if mode == "read":
        rows = sum(1 for _ in store.query(identity._READ))
        out = {"rows": rows}
    elif mode == "open":  # the floor of the pass after a build: open the store, write the ten articles, count graphs
        out = {"graphs": sum(1 for _ in store.oxigraph.named_graphs())}
    elif mode == "build":
        report = identity.resolve_store(store, changed=new)
        out = {"keys": report.keys, "merged": report.merged, "moved": report.moved, "conflicts": report.conflicts}
    else:
        report = identity.resolve_store(store)
        out = {"keys": report.keys, "merged": report.merged, "moved": report.moved, "conflicts": report.conflicts}
    out["s"] = round(time.perf_counter() - start, 2)
    out["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    store.close()
    print(json.dumps(out))
"""


def bench_identity(small: int, large: int) -> dict:
    """The store-wide resolution pass (``kg resolve``) on generated stores of ``small`` and
    ``large`` articles' names: its time and peak memory against reading the same rows with
    one bare SPARQL query in the same kind of process."""
    out: dict = {}
    for n in (small, large):
        with tempfile.TemporaryDirectory() as tmp:
            def run(mode: str) -> dict:
                done = subprocess.run([sys.executable, "-c", _IDENTITY_SCRIPT, tmp, str(n), str(HERE.parent), mode],
                                      capture_output=True, text=True, check=True)
                return json.loads(done.stdout.strip().splitlines()[-1])
            made = run("make")
            read = run("read")
            first = run("resolve")
            again = run("resolve")  # a second pass over a resolved store: nothing left to move
            build = run("build")  # the pass after a build of ten more articles (incremental)
            opened = run("open")
            out[str(n)] = {"quads": made["quads"], "bare_read": read, "pass": first, "pass_again": again,
                           "after_10_more": build, "open_and_count": opened}
    big = out[str(large)]
    out["ratio_time_vs_bare_read"] = round(big["pass"]["s"] / max(big["bare_read"]["s"], 0.01), 2)
    out["ratio_peak_mb_vs_bare_read"] = round(big["pass"]["peak_mb"] / big["bare_read"]["peak_mb"], 2)
    small_build, big_build = out[str(small)]["after_10_more"], out[str(large)]["after_10_more"]
    out["ratio_incremental_peak_mb_large_vs_small"] = round(big_build["peak_mb"] / small_build["peak_mb"], 2)
    # what the pass adds over opening the store and counting its graphs, large store against small
    extra = [out[str(n)]["after_10_more"]["peak_mb"] - out[str(n)]["open_and_count"]["peak_mb"] for n in (small, large)]
    out["incremental_extra_peak_mb"] = {str(small): round(extra[0], 1), str(large): round(extra[1], 1)}
    out["ratio"] = out["ratio_time_vs_bare_read"]
    out["goal"] = ("linear in the names; pass memory within a few times the bare read of the same rows; "
                   "the pass after a build: memory flat in the store's size")
    return out


# 7 ---------------------------------------------------------------------------------
_SHAPE_SCRIPT = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from kg.api import KnowledgeGraph
path, max_chars = sys.argv[2], int(sys.argv[3])
with KnowledgeGraph(sys.argv[4]) as graph:  # a store on disk, as kg build makes
    graph.nlp  # the model is loaded before the clock starts
    start = time.perf_counter()
    notes = []
    report = graph.build([path], workers=0, max_chars=max_chars, on_note=notes.append)
    seconds = time.perf_counter() - start
print(json.dumps({"s": round(seconds, 2), "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                  "facts": report.facts, "entities": report.entities, "not_prose": bool(notes),
                  "errors": report.errors}))
"""


def _shape_text(shape: str, chars: int, seed: int = 0) -> str:
    """A text of about ``chars`` characters of one shape: ordinary articles, or a
    pathological one (no sentence punctuation, one name repeated, a table of names, one line)."""
    import random

    rng = random.Random(seed)
    vocab = ("minister met president committee chairman the of and Lakeport Bravograd Karel Dvorak Ana Lind "
             "Tomas Berg Norvex Group Valmont Federation ambassador received delegation talks with in on said "
             "Anna Berg Boris Costa Carla Dubois Oslo Baku Nairobi federation union council").split()
    if shape == "ordinary":
        parts, size, n = [], 0, 0
        while size < chars:
            batch = texts(200, names="distinct", seed=seed + n)
            n += 1
            for text in batch:
                parts.append(text)
                size += len(text) + 2
                if size >= chars:
                    break
        return "\n\n".join(parts)[:chars]
    if shape == "no punctuation":
        words, size = [], 0
        while size < chars:
            w = rng.choice(vocab)
            words.append(w)
            size += len(w) + 1
        text = " ".join(words)
        # line breaks now and then, as a flattened scrape has them
        return "\n".join(text[i:i + 5000] for i in range(0, len(text), 5000))
    if shape == "one long line":
        return " ".join(rng.choice(vocab) for _ in range(chars // 6))[:chars]
    if shape == "name repeated":
        return ("Karel Dvorak " * (chars // 13 + 1))[:chars]
    if shape == "table of names":
        rows, size = [], 0
        while size < chars:
            row = " | ".join(f"{rng.choice(vocab[8:16])} {rng.choice(vocab[32:38])}" for _ in range(5))
            rows.append(row)
            size += len(row) + 1
        return "\n".join(rows)
    raise ValueError(shape)


SHAPES = ("ordinary", "no punctuation", "one long line", "name repeated", "table of names")


def bench_shapes(sizes_mb: tuple[float, ...], big_mb: float | None, big_shapes: tuple[str, ...] = SHAPES[1:]) -> dict:
    """Seconds per MB of one document of each shape at each size (a fresh process each, its
    peak memory too); the growth from 1 to 4 MB (goal <= 4.5: linear); and the extra peak
    memory of a build with one ``big_mb`` MB document of each shape over one of ordinary
    articles of 0.1 MB (goal <= 1 GB)."""
    out: dict = {"sizes_mb": list(sizes_mb), "shapes": {}}

    def run(text: str) -> dict:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "doc.txt"
            path.write_text(text, encoding="utf-8")
            done = subprocess.run([sys.executable, "-c", _SHAPE_SCRIPT, str(HERE.parent), str(path),
                                   str(len(text) + 10), str(Path(tmp) / "store")],
                                  capture_output=True, text=True, check=True)
            return json.loads(done.stdout.strip().splitlines()[-1])

    growth = []
    for shape in SHAPES:
        rows = {}
        for mb in sizes_mb:
            r = run(_shape_text(shape, int(mb * 1_000_000)))
            rows[str(mb)] = {"s": r["s"], "s_per_mb": round(r["s"] / mb, 1), "peak_mb": r["peak_mb"],
                             "facts": r["facts"], "not_prose": r["not_prose"]}
            print(json.dumps({shape: {str(mb): rows[str(mb)]}}), flush=True)
        first, last = str(sizes_mb[1] if len(sizes_mb) > 1 else sizes_mb[0]), str(sizes_mb[-1])
        ratio = round(rows[last]["s"] / max(rows[first]["s"], 0.01), 2)
        growth.append(ratio)
        out["shapes"][shape] = {"by_size": rows, f"growth_{first}_to_{last}_mb": ratio}
    if big_mb:
        base = run(_shape_text("ordinary", 100_000))
        extra = {}
        for shape in big_shapes:
            r = run(_shape_text(shape, int(big_mb * 1_000_000)))
            extra[shape] = round(r["peak_mb"] - base["peak_mb"], 1)
            print(json.dumps({f"{big_mb} MB {shape}": r}), flush=True)
        out[f"extra_peak_mb_{big_mb}mb_document"] = extra
    out["ratio"] = max(growth)
    out["goal"] = "growth 1 to 4 MB <= 4.5 for every shape; a 10 MB document <= 1 GB above"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes, to check the benchmarks run")
    parser.add_argument("--out", help="also write the results table (Markdown) here")
    parser.add_argument("--only", help="run only these benchmarks, e.g. 3,4 (nothing is written)")
    parser.add_argument("--explore-articles", type=int, default=None, metavar="N",
                        help="benchmark 8: the size of the store, in generated articles (default: 100,000; "
                             "with --quick: 1,000)")
    parser.add_argument("--explore-clients", type=int, default=50, metavar="N",
                        help="benchmark 8: clients asking kg serve at once (default: 50)")
    parser.add_argument("--explore-seconds", type=float, default=None, metavar="S",
                        help="benchmark 8: how long the clients ask (default: 60; with --quick: 10)")
    args = parser.parse_args()
    explore_articles = args.explore_articles or (1000 if args.quick else 100_000)
    explore_seconds = args.explore_seconds or (10 if args.quick else 60)

    def explore() -> dict:
        return bench_explore(explore_articles, args.explore_clients, explore_seconds)
    if args.only:
        wanted = {int(n) for n in args.only.split(",")}
        size = 50_000 if args.quick else 1_000_000
        if 3 in wanted:
            queries = bench_queries(size, 3)
            store = queries.pop("_store")
            print(json.dumps(queries))
        if 4 in wanted:
            store = store if 3 in wanted else synthetic_store(size)[0]
            print(json.dumps(bench_export(store)))
        runs = {1: lambda: bench_throughput(100 if args.quick else 600),
                2: lambda: bench_workers(200 if args.quick else 2000),
                5: lambda: bench_memory(100 if args.quick else 1000, 300 if args.quick else 10_000),
                6: lambda: bench_identity(1000 if args.quick else 10_000, 5000 if args.quick else 100_000),
                7: lambda: bench_shapes((0.05, 0.1, 0.2, 0.4) if args.quick else (0.5, 1, 2, 4),
                                        None if args.quick else 10, ("no punctuation",)),
                8: explore}
        for n in sorted(wanted & set(runs)):
            print(json.dumps(runs[n]()))
        return
    q = args.quick
    results = {}
    results["build throughput vs bare nlp.pipe"] = bench_throughput(100 if q else 600)
    print(json.dumps(results["build throughput vs bare nlp.pipe"]), flush=True)
    results["2 workers vs 1"] = bench_workers(200 if q else 2000)
    print(json.dumps(results["2 workers vs 1"]), flush=True)
    queries = bench_queries(50_000 if q else 1_000_000, 3)
    store = queries.pop("_store")
    results["saved queries: Oxigraph vs rdflib"] = queries
    print(json.dumps(queries), flush=True)
    results["Turtle export vs pyoxigraph serializer"] = bench_export(store)
    print(json.dumps(results["Turtle export vs pyoxigraph serializer"]), flush=True)
    results["peak memory, 10k vs 1k documents"] = bench_memory(100 if q else 1000, 300 if q else 10_000)
    print(json.dumps(results["peak memory, 10k vs 1k documents"]), flush=True)
    results["store-wide resolution, 100k articles"] = bench_identity(1000 if q else 10_000, 5000 if q else 100_000)
    print(json.dumps(results["store-wide resolution, 100k articles"]), flush=True)
    results["one document of each shape, 0.5-4 MB"] = bench_shapes((0.05, 0.1, 0.2, 0.4) if q else (0.5, 1, 2, 4),
                                                                     None if q else 10)
    print(json.dumps(results["one document of each shape, 0.5-4 MB"]), flush=True)
    name = f"explorer and saved queries, {explore_articles:,} articles"
    results[name] = explore()
    print(json.dumps({k: v for k, v in results[name].items() if not k.startswith("_")}), flush=True)
    table = markdown(results)
    print(table)
    if args.out:
        Path(args.out).write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
