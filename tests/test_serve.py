"""kg serve: the SPARQL 1.1 Protocol, checked with independent clients (curl, rdflib's
SPARQLStore, SPARQLWrapper), read-only by default, and the one-writer rule."""
import json
import re
import shutil
import subprocess
import sys
import urllib.request

import pytest

from conftest import SEEDS, run_kg

CURL = shutil.which("curl")


def start_server(store, *extra):
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", "0", *extra],
                            stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    assert match, f"kg serve did not start: {line}{proc.stderr.read() if proc.poll() is not None else ''}"
    return proc, f"http://127.0.0.1:{match.group(1)}"


def stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = tmp_path_factory.mktemp("served") / "store"
    run_kg("build", SEEDS, "--store", store, "--quiet")
    proc, url = start_server(store, "--timeout", "5", "--max-rows", "50")
    yield store, url
    stop(proc)
    assert not (store / "kg-serve.json").exists()


def curl(*args):
    assert CURL, "curl is needed for these tests (make test installs it with apt-get)"
    proc = subprocess.run([CURL, "-s", "-w", "\\n%{http_code} %{content_type}", *args], capture_output=True, text=True)
    body, _, status = proc.stdout.rpartition("\n")
    code, _, ctype = status.partition(" ")
    return int(code), ctype, body


PEOPLE = "SELECT ?n WHERE { GRAPH ?g { ?p a kg:Person ; rdfs:label ?n } } ORDER BY ?n"


def test_get_and_post_in_every_results_format(server):
    _, url = server
    code, ctype, body = curl("-G", f"{url}/query", "--data-urlencode", f"query={PEOPLE}")
    assert code == 200 and ctype.startswith("application/sparql-results+json")
    assert [b["n"]["value"] for b in json.loads(body)["results"]["bindings"]] == \
        ["Ilgar Rahimov", "Jean Minier", "Sophie Lorant"]
    code, ctype, body = curl(f"{url}/query", "--data-urlencode", f"query={PEOPLE}", "-H", "Accept: text/csv")
    assert code == 200 and body.splitlines() == ["n", "Ilgar Rahimov", "Jean Minier", "Sophie Lorant"]
    code, ctype, body = curl(f"{url}/query", "-H", "Content-Type: application/sparql-query", "--data", PEOPLE,
                             "-H", "Accept: text/tab-separated-values")
    assert code == 200 and body.splitlines()[1] == '"Ilgar Rahimov"'
    code, ctype, body = curl(f"{url}/query", "--data-urlencode", f"query={PEOPLE}",
                             "-H", "Accept: application/sparql-results+xml")
    assert code == 200 and "<literal>Jean Minier</literal>" in body
    code, _, body = curl(f"{url}/query", "--data-urlencode", "query=ASK { GRAPH ?g { ?s kg:officialOf ?o } }")
    assert code == 200 and json.loads(body)["boolean"] is True


def test_construct_in_graph_formats(server):
    _, url = server
    q = "query=CONSTRUCT { ?p a kg:Person } WHERE { GRAPH ?g { ?p a kg:Person } }"
    for accept, marker in [("text/turtle", "a kg:Person"), ("application/n-triples", "#Person> ."),
                           ("application/ld+json", '"@id"')]:
        code, ctype, body = curl(f"{url}/query", "--data-urlencode", q, "-H", f"Accept: {accept}")
        assert code == 200 and ctype.startswith(accept) and marker in body, accept


def test_errors_are_client_errors_with_a_message(server):
    _, url = server
    code, _, body = curl("-G", f"{url}/query", "--data-urlencode", "query=SELECT ?x WHERE {")
    assert code == 400 and body.startswith("malformed query")
    code, _, body = curl(f"{url}/update", "--data-urlencode", "update=CLEAR ALL")
    assert code == 403 and "--allow-update" in body
    code, _, body = curl(f"{url}/query")
    assert code == 400 and body.startswith("no query")
    code, _, _ = curl(f"{url}/nowhere")
    assert code == 404
    code, _, _ = curl("-G", f"{url}/query", "--data-urlencode", f"query={PEOPLE}")
    assert code == 200  # still alive


def test_row_cap_marks_truncated_answers(server):
    _, url = server
    code, _, body = curl("-i", "-G", f"{url}/query", "--data-urlencode",
                         "query=SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "-H", "Accept: text/csv")
    assert code == 200 and "x-kg-truncated: true" in body.lower()
    rows = re.split(r"\r?\n\r?\n", body, maxsplit=1)[1].strip().splitlines()
    assert len(rows) == 51  # header + 50 rows


def test_query_page_is_offline(server):
    _, url = server
    page = urllib.request.urlopen(url + "/sparql-editor").read().decode("utf-8")
    assert "<textarea" in page and not re.search(r"(src|href)=[\"']?https?:", page)
    start = urllib.request.urlopen(url + "/").read().decode("utf-8")  # / is the explorer, which links to it
    assert "sparql-editor" in start and not re.search(r"(src|href)=[\"']?https?:", start)


def test_rdflib_sparqlstore_and_sparqlwrapper(server):
    _, url = server
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(url + "/query"))
    rows = graph.query("PREFIX kg: <https://w3id.org/kg-news/ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                       + PEOPLE)
    assert [str(r.n) for r in rows] == ["Ilgar Rahimov", "Jean Minier", "Sophie Lorant"]

    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(url + "/query")
    client.setQuery("PREFIX kg: <https://w3id.org/kg-news/ns#> SELECT (COUNT(*) AS ?n) "
                    "WHERE { GRAPH ?g { ?s kg:officialOf ?o } }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["results"]["bindings"][0]["n"]["value"] == "4"


def test_build_refuses_on_a_read_only_served_store(server):
    store, _ = server
    proc = run_kg("build", SEEDS, "--store", store, check=False)
    assert proc.returncode == 2 and "served read-only" in proc.stderr and "--allow-update" in proc.stderr
    officials = run_kg("query", "officials", "--store", store, "--format", "csv").stdout  # reads still work
    assert officials.count("\n") >= 4


def test_build_goes_through_a_server_that_allows_updates(tmp_path):
    store = tmp_path / "store"
    run_kg("build", SEEDS, "--store", store, "--quiet")
    proc, url = start_server(store, "--allow-update")
    try:
        article = tmp_path / "new.txt"
        article.write_text("Acme Corp chairman John Smith met Mary Jones in Berlin.", encoding="utf-8")
        run_kg("build", article, "--store", store, "--quiet")
        docs = run_kg("list", "--store", store).stdout  # read through the server too
        assert "new.txt" in docs and "000_dffe93a64d5a51c7.txt" in docs
        code, _, _ = curl(f"{url}/update", "--data-urlencode", "update=DROP SILENT GRAPH <urn:nothing>")
        assert code == 204
    finally:
        stop(proc)


def test_queries_during_a_build_through_the_server_see_whole_documents(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(300):
        (folder / f"d{i:03}.txt").write_text(f"Acme Corp chairman John Smith met Mary Jones{i} in Berlin.",
                                             encoding="utf-8")
    per_doc = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    reference = tmp_path / "reference"
    run_kg("build", folder, "--store", reference, "--quiet")
    expected = {r["g"]: r["n"] for r in json.loads(run_kg("query", per_doc, "--store", reference,
                                                          "--format", "json").stdout)}
    store = tmp_path / "store"
    run_kg("build", folder / "d000.txt", "--store", store, "--quiet")
    proc, url = start_server(store, "--allow-update")
    per_doc = "query=" + per_doc
    try:
        build = subprocess.Popen([sys.executable, "-m", "kg", "build", str(folder), "--store", str(store), "--quiet"],
                                 stderr=subprocess.PIPE, text=True)
        seen = set()
        while build.poll() is None:
            code, _, body = curl(f"{url}/query", "--data-urlencode", per_doc, "-H", "Accept: text/csv")
            assert code == 200
            for line in body.splitlines()[1:]:
                graph, n = line.split(",")
                assert n == expected[graph], (graph, n)  # every document whole, never half
            seen.add(len(body.splitlines()) - 1)
        assert build.returncode == 0, build.stderr.read()
        assert len(seen) > 1  # the queries did run while documents arrived
    finally:
        stop(proc)


def test_waiting_requests_are_noted_once_a_minute_not_once_each():
    """Waitress warns for every request that waits for a thread; kg serve lets one notice
    through a minute, saying how many it held back and the deepest queue."""
    import logging

    from kg.serve import QueueNotice

    now = [0.0]
    notice = QueueNotice(every=60, clock=lambda: now[0])

    def record(depth):
        return logging.LogRecord("waitress.queue", logging.WARNING, __file__, 1, "Task queue depth is %d", (depth,),
                                 None)

    first = record(1)
    assert notice.filter(first) and first.getMessage() == "Task queue depth is 1"
    now[0] = 30
    assert not any(notice.filter(record(d)) for d in (5, 9, 3))
    now[0] = 61
    later = record(2)
    assert notice.filter(later)
    assert later.getMessage() == ("Requests are waiting for a free thread (queue depth 2; the deepest 9; "
                                  "3 more such notices held back)")
    now[0] = 62
    assert not notice.filter(record(4))
