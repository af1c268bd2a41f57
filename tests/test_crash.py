"""Killing a build at random moments never corrupts the store; Ctrl-C stops cleanly; two
builds on one store do not both write."""
import random
import signal
import subprocess
import sys
import time

import pytest

from conftest import run_kg

KG = "https://w3id.org/kg-news/ns#"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crash-corpus")
    for i in range(200):
        (folder / f"d{i:03}.txt").write_text(
            f"Acme Corp chairman John Smith{i} met Mary Jones{i % 9} in Berlin on Tuesday. "
            f"The Kenya Athletics Federation met with the members of the Berlin Marathon Organizing Committee.",
            encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big-corpus")
    for i in range(1500):
        (folder / f"d{i:04}.txt").write_text(
            f"Acme Corp chairman John Smith{i} met Mary Jones{i % 9} in Berlin on Tuesday.", encoding="utf-8")
    return folder


def started(store, proc, wait=2.0):
    """Wait until a build has opened its store (and a little more)."""
    deadline = time.monotonic() + 60
    while not (store / "LOCK").exists():
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.1)
    time.sleep(wait)


def writing(store, proc):
    """Wait until a build is bulk-loading a batch (its journal is in the store folder):
    it is then surely under way, with documents still to come."""
    from kg.store import JOURNAL

    deadline = time.monotonic() + 60
    while not (store / JOURNAL).exists():
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.005)


def per_document_counts(path):
    from kg.store import OxigraphStore

    store = OxigraphStore(path)  # as kg opens it: a bulk load that did not finish is undone
    try:
        return {r["id"].value: int(r["n"].value) for r in store.query(
            "SELECT ?id (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?g <http://purl.org/dc/terms/identifier> ?id . ?s ?p ?o } } "
            "GROUP BY ?id")}
    finally:
        store.close()


def test_sigkill_at_random_moments(corpus, tmp_path):
    reference = tmp_path / "reference"
    run_kg("build", corpus, "--store", reference, "--quiet")
    expected = per_document_counts(reference)
    store = tmp_path / "victim"
    rng = random.Random(7)
    for trial in range(20):
        proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "--store", str(store), "--quiet"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 4.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        counts = per_document_counts(store)  # the store opens
        for doc, n in counts.items():  # and holds each document whole, or not at all
            assert n == expected[doc], (trial, doc, n, expected[doc])
    run_kg("build", corpus, "--store", store, "--quiet")
    assert per_document_counts(store) == expected


def _as_at_a_terminal():
    """Ctrl-C as at a terminal: a suite run in the background (nohup, 'make test &') starts
    with SIGINT ignored, and children inherit that, so kg would never see the signal."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stops_cleanly(big_corpus, tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(big_corpus), "--store", str(tmp_path / "s"),
                             "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_as_at_a_terminal)
    writing(tmp_path / "s", proc)
    assert proc.poll() is None
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (proc.returncode, err)
    assert "interrupted" in err and "Traceback" not in err
    counts = per_document_counts(tmp_path / "s")
    assert 0 < len(counts) < 1500
    written = tmp_path / "written"  # the documents that landed, built again without interruption
    written.mkdir()
    for doc in counts:
        (written / doc).write_text((big_corpus / doc).read_text(encoding="utf-8"), encoding="utf-8")
    run_kg("build", written, "--store", tmp_path / "reference", "--quiet")
    assert per_document_counts(tmp_path / "reference") == counts  # each one whole


def test_second_build_on_the_same_store_refuses(big_corpus, tmp_path):
    store = tmp_path / "s"
    first = subprocess.Popen([sys.executable, "-m", "kg", "build", str(big_corpus), "--store", str(store), "--quiet"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        started(store, first, wait=0)  # the first build holds the store
        second = run_kg("build", big_corpus, "--store", store, check=False)
        assert second.returncode == 2
        assert "in use by another kg process" in second.stderr and second.stderr.count("\n") == 1
    finally:
        first.wait(timeout=120)
    assert first.returncode == 0


def _children(pid: int) -> list[int]:
    from pathlib import Path

    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    from pathlib import Path

    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_killed_build_leaves_no_worker_behind(big_corpus, tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(big_corpus), "--store", str(tmp_path / "s"),
                             "--quiet", "--workers", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started(tmp_path / "s", proc, wait=0)
    deadline = time.monotonic() + 60
    while not _children(proc.pid):
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.1)
    workers = _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 20
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(w) for w in workers)
