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
    run_kg("build", corpus, "--store", tmp / "s", "--quiet")
    return _nquads(tmp / "s", tmp, "single.nq")


def test_two_local_workers(corpus, single, tmp_path):
    run_kg("build", corpus, "--store", tmp_path / "s", "--quiet", "--workers", "2")
    assert _nquads(tmp_path / "s", tmp_path, "w2.nq") == single


def test_dask_local_cluster_with_two_workers(corpus, single, tmp_path):
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        run_kg("build", corpus, "--store", tmp_path / "s", "--quiet", "--scheduler", cluster.scheduler_address)
    assert _nquads(tmp_path / "s", tmp_path, "dask.nq") == single
