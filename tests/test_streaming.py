"""Listings stream: ``kg query`` writes rows as the store finds them, and ``kg serve``
sends a SELECT's rows in batches that join into one valid document in every format."""
import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from conftest import ROOT, run_kg
from werkzeug.test import Client

import kg.serve as serve
from kg.query import Answer, Result, format_result, saved_queries, stream, write_answer
from kg.store import OxigraphStore

ALL = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
RESULTS = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture
def client(seed_store, monkeypatch):
    monkeypatch.setattr(serve, "STREAM_BATCH", 7)  # many batches from the small sample store
    with OxigraphStore(seed_store) as store:
        expected = len(list(store.query(ALL)))
        endpoint = serve.Endpoint(store, timeout=30)

        def ask(query, accept="application/sparql-results+json", max_rows=0):
            endpoint.max_rows = max_rows
            return Client(endpoint).get("/query", query_string={"query": query}, headers={"Accept": accept})

        yield ask, expected
        endpoint.pool.shutdown()


def rows_in(body: bytes, accept: str) -> list:
    if "json" in accept:
        return json.loads(body)["results"]["bindings"]
    if "xml" in accept:
        return ET.fromstring(body).find(f"{RESULTS}results").findall(f"{RESULTS}result")
    lines = body.decode("utf-8")
    if "csv" in accept:
        return list(csv.reader(io.StringIO(lines)))[1:]
    return lines.splitlines()[1:]


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])
def test_streamed_batches_join_into_one_answer(client, accept):
    ask, expected = client
    assert expected > 3 * serve.STREAM_BATCH
    response = ask(ALL, accept)
    assert response.status_code == 200 and "X-KG-Time-Limit" in response.headers  # sent in batches
    assert len(rows_in(response.get_data(), accept)) == expected
    assert "X-KG-Truncated" not in response.headers


def test_the_same_rows_as_one_batch(client, monkeypatch):
    ask, expected = client
    streamed = json.loads(ask(ALL).get_data())
    monkeypatch.setattr(serve, "STREAM_BATCH", 100_000)
    whole = json.loads(ask(ALL).get_data())
    assert streamed == whole and len(whole["results"]["bindings"]) == expected


def test_row_cap_in_the_middle_of_a_stream(client):
    ask, expected = client
    response = ask(ALL, max_rows=20)  # the third batch is cut
    assert len(rows_in(response.get_data(), "json")) == 20
    assert response.headers["X-KG-Row-Limit"] == "20"
    small = ask(ALL, max_rows=5)  # within the first batch: known before the headers
    assert len(rows_in(small.get_data(), "json")) == 5 and small.headers["X-KG-Truncated"] == "true"


def test_small_answers_and_errors_are_whole(client):
    ask, _ = client
    response = ask("ASK { GRAPH ?g { ?s ?p ?o } }")
    assert "X-KG-Time-Limit" not in response.headers and json.loads(response.get_data())["boolean"] is True
    response = ask("SELECT ?s WHERE { GRAPH ?g { ?s a <urn:nothing> } }", "text/csv")
    assert response.get_data() == b"s\r\n"
    assert ask("SELECT ?s WHERE {").status_code == 400


def test_write_answer_flushes_the_first_rows_before_reading_the_rest():
    for fmt in ("table", "csv", "json"):
        out = io.StringIO()
        seen = []

        def rows():
            for i in range(5):
                if i == 3:
                    seen.append(out.getvalue())  # what was written before the fourth row was read
                yield [f"name {i}", None]

        count = write_answer(Answer(["a", "b"], rows()), out, fmt, sample=2)
        assert count == 5 and "name 0" in seen[0] and "name 4" not in seen[0], fmt


def test_streamed_json_and_table_are_what_the_whole_answer_gives():
    result = Result(["a", "b"], [["x", "1"], ["ÿ \"q\"", None], ["z" * 80, "2"]])
    assert json.loads(format_result(result, "json")) == result.as_dicts()
    assert format_result(result, "json") == json.dumps(result.as_dicts(), indent=2, ensure_ascii=False)
    assert format_result(Result(["a"], []), "json") == "[]"
    table = format_result(result).splitlines()
    assert table[0].split() == ["a", "b"] and table[-1] == "(3 rows)" and table[4].endswith("…  2")


def test_listings_have_no_order_and_keep_their_rows(tmp_path):
    """The listings lost ORDER BY (which holds every row before the first): officials still
    gives one row per post, and meetings one row per pair of the meeting's parties."""
    kg = "https://w3id.org/kg-news/ns#"
    run_kg("build", ROOT / "seeds", "--store", tmp_path / "store", "--min-confidence", "0", "--quiet")
    with OxigraphStore(tmp_path / "store") as store:
        for name in ("officials", "meetings", "representation", "provenance"):
            assert not re.search(r"^ORDER BY", saved_queries()[name].text, re.MULTILINE), name
        posts = int(next(iter(store.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?m a <{kg}Membership> ; <{kg}roleText> ?r }} }}")))["n"].value)
        assert len(list(stream(store, "officials").rows)) == posts > 0
        sizes = [int(s["n"].value) for s in store.query(
            f"SELECT (COUNT(?p) AS ?n) WHERE {{ GRAPH ?g {{ ?m a <{kg}Meeting> ; <{kg}participant> ?p }} }} GROUP BY ?m")]
        meetings = list(stream(store, "meetings").rows)
        assert len(meetings) == sum(n * (n - 1) // 2 for n in sizes) > 0
        assert all(row[0] and row[1] and row[0] <= row[1] for row in meetings)  # two names, in order


def test_knowledge_graph_stream_gives_the_rows_query_gives(seed_store, tmp_path):
    import shutil

    from kg import KnowledgeGraph

    shutil.copytree(seed_store, tmp_path / "store", ignore=shutil.ignore_patterns("LOCK"))
    with KnowledgeGraph(str(tmp_path / "store")) as graph:
        answer = graph.stream("provenance")
        whole = graph.query("provenance")
        assert answer.variables == whole.variables and list(answer.rows) == whole.rows and whole.rows
