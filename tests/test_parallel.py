"""Parallel and distributed extraction give exactly the single-process graph."""
import pytest

from conftest import run_kg


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for i in range(150):  # enough for several batches of 64
        (folder / f"doc{i:03}.txt").write_text(
            f" date 2024-03-{i % 28 + 1:02} Acme Corp chairman John Smith{i} met Mary Jones{i % 7} in Berlin. "
            f"The Kenya Athletics Federation met with the members of the Berlin Marathon Organizing Committee.",
            encoding="utf-8")
    return folder


def _nquads(store, tmp_path, name):
    out = tmp_path / name
    run_kg("export", "--store", store, "--format", "nquads", "-o", out)
    return sorted(out.read_text(encoding="utf-8").splitlines())


@pytest.fixture(scope="module")
def single(corpus, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("single")
    run_kg("build", corpus, "--store", tmp / "s", "--quiet", "--workers", "0")  # all in one process
    return _nquads(tmp / "s", tmp, "single.nq")


@pytest.mark.parametrize("workers", [[], ["--workers", "1"], ["--workers", "2"]], ids=["default", "one", "two"])
def test_local_workers(corpus, single, tmp_path, workers):
    run_kg("build", corpus, "--store", tmp_path / "s", "--quiet", *workers)
    assert _nquads(tmp_path / "s", tmp_path, "w.nq") == single


def test_workers_are_started_once_and_kept_between_builds(corpus, tmp_path):
    from kg import KnowledgeGraph

    files = sorted(corpus.iterdir())
    with KnowledgeGraph(tmp_path / "s") as graph:
        pool = graph.start_workers(1)
        graph.build(files[:70], workers=1)
        assert graph._pool is pool and not pool.broken
        graph.build(files[70:140], workers=1)
        assert graph._pool is pool
        assert graph._nlp is None  # the model was loaded by the worker only
        assert len(graph.documents().as_dicts()) == 140
    assert graph._pool is None


def test_dask_local_cluster_with_two_workers(corpus, single, tmp_path):
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        run_kg("build", corpus, "--store", tmp_path / "s", "--quiet", "--scheduler", cluster.scheduler_address)
    assert _nquads(tmp_path / "s", tmp_path, "dask.nq") == single


def test_kg_build_starts_workers_for_a_long_input_only(tmp_path, monkeypatch):
    from kg import KnowledgeGraph, api

    monkeypatch.setattr(api, "BATCH_DOCUMENTS", 2)  # so that 4 batches are 8 small files
    monkeypatch.setattr(api, "default_workers", lambda: 2)
    assert api.WORKER_FROM_BATCHES == 4
    folder = tmp_path / "c"
    folder.mkdir()
    for i in range(9):
        (folder / f"d{i:02}.txt").write_text(f"Acme Corp chairman John Smith{i} met Mary Jones.", encoding="utf-8")
    with KnowledgeGraph(tmp_path / "short") as graph:
        graph.build(sorted(folder.iterdir())[:7], workers=None)  # 4 batches, the last one short
        assert graph._pool is not None and graph._pool.size == 2
    with KnowledgeGraph(tmp_path / "shorter") as graph:
        graph.build(sorted(folder.iterdir())[:6], workers=None)  # 3 batches: all in this process
        assert graph._pool is None and graph._nlp is not None


@pytest.mark.parametrize("cores, workers", [(1, 0), (2, 2), (3, 3), (16, 4)])
def test_default_workers_one_per_core(monkeypatch, cores, workers):
    """One worker per core the build may use, at most four (the build process, which
    writes, cannot keep up with more); none on one core, where a worker only adds work."""
    import os

    from kg import api

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)), raising=False)
    assert api.default_workers() == workers


def test_negative_workers_is_a_one_line_error(corpus, tmp_path):
    proc = run_kg("build", corpus, "--store", tmp_path / "s", "--workers", "-1", check=False)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "kg: error: --workers must be 0 or more, not -1"


def test_a_build_hides_long_lived_objects_from_the_collector_and_gives_them_back(tmp_path, monkeypatch):
    """After its first batch a build freezes the objects alive (tables, model) so full
    garbage collections skip them; it unfreezes them at the end, and leaves alone objects
    someone else froze."""
    import gc

    from kg import KnowledgeGraph, api

    monkeypatch.setattr(api, "BATCH_DOCUMENTS", 2)
    seen = []
    real = api.KnowledgeGraph._graphs

    def spy(self, *args):
        seen.append(gc.get_freeze_count())
        return real(self, *args)

    monkeypatch.setattr(api.KnowledgeGraph, "_graphs", spy)
    for i in range(5):
        (tmp_path / f"d{i}.txt").write_text(f"Acme Corp chairman John Smith{i} met Mary Jones.", encoding="utf-8")
    assert gc.get_freeze_count() == 0
    with KnowledgeGraph(tmp_path / "s") as graph:
        graph.build(sorted(tmp_path.glob("*.txt")))
        assert seen[0] == 0 and all(count > 0 for count in seen[1:]) and len(seen) == 3
        assert gc.get_freeze_count() == 0
        gc.freeze()  # an application froze its own objects: the build keeps them frozen
        try:
            graph.build(sorted(tmp_path.glob("*.txt")))
            assert gc.get_freeze_count() > 0  # (a few of them may have been freed meanwhile)
        finally:
            gc.unfreeze()


def test_a_failure_before_the_first_batch_is_the_error_raised(tmp_path, monkeypatch):
    """Workers that cannot start (or a cluster that cannot be reached) surface as their own
    error, not as a failure of the build's clean-up."""
    from kg import KnowledgeGraph

    def cannot_start(self, workers=1):
        raise RuntimeError("no workers today")

    monkeypatch.setattr(KnowledgeGraph, "start_workers", cannot_start)
    (tmp_path / "a.txt").write_text("Acme Corp chairman John Smith met Mary Jones.", encoding="utf-8")
    with KnowledgeGraph(tmp_path / "s") as graph:
        with pytest.raises(RuntimeError, match="no workers today"):
            graph.build([tmp_path / "a.txt"], workers=2)
