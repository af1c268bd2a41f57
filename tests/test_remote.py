"""The commands against a real SPARQL server (Oxigraph's own, started on a free port)."""
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import SEEDS, run_kg


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def oxigraph_server(tmp_path):
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    assert binary, "the oxigraph server is installed by 'pip install .[test]'"
    port = free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "oxigraph"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1)
            break
        except OSError:
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "oxigraph server did not start"
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def _sorted_nquads(store, tmp_path, name):
    out = tmp_path / name
    run_kg("export", "--store", store, "--format", "nquads", "-o", out)
    return sorted(set(out.read_text(encoding="utf-8").splitlines()))


def test_build_query_export_against_a_server(oxigraph_server, seed_store, tmp_path):
    proc = run_kg("build", SEEDS, "--store", oxigraph_server)
    assert "Built 1 document" in proc.stdout
    for query in ["officials", "meetings", "representation", "post-history"]:
        remote = json.loads(run_kg("query", query, "--store", oxigraph_server, "--format", "json").stdout)
        local = json.loads(run_kg("query", query, "--store", seed_store, "--format", "json").stdout)
        assert remote == local, query
    assert _sorted_nquads(oxigraph_server, tmp_path, "remote.nq") == _sorted_nquads(seed_store, tmp_path, "local.nq")
    assert "Ilgar Rahimov officialOf" in run_kg("explain", "Ilgar Rahimov", "--store", oxigraph_server).stdout
    run_kg("viz", "--store", oxigraph_server, "-o", tmp_path / "g.html")
    assert (tmp_path / "g.html").stat().st_size > 10_000


def test_rebuild_list_and_remove_on_a_server(oxigraph_server, tmp_path):
    run_kg("build", SEEDS, "--store", oxigraph_server, "--quiet")
    run_kg("build", SEEDS, "--store", oxigraph_server, "--quiet")  # replaces, no duplicates
    listed = run_kg("list", "--store", oxigraph_server).stdout
    assert "000_dffe93a64d5a51c7.txt  2023-03-22" in listed and "(1 row)" in listed
    run_kg("remove", "000_dffe93a64d5a51c7.txt", "--store", oxigraph_server)
    assert "(0 rows)" in run_kg("list", "--store", oxigraph_server).stdout


def test_unreachable_server_is_a_one_line_error():
    proc = run_kg("query", "officials", "--store", f"http://127.0.0.1:{free_port()}", check=False)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "cannot be reached" in proc.stderr
