"""Exports keep named graphs (TriG, N-Quads, JSON-LD) or their union (Turtle, N-Triples),
and read back with pyoxigraph, an independent parser."""
import json

import pyoxigraph as ox

from conftest import ROOT, run_kg


def _export(store, tmp_path, fmt):
    out = tmp_path / f"graph.{fmt}"
    run_kg("export", "--store", store, "--format", fmt, "-o", out)
    return out


def test_dataset_formats_round_trip_every_quad(seed_store, tmp_path):
    counts = {}
    for fmt, parse in [("trig", ox.RdfFormat.TRIG), ("nquads", ox.RdfFormat.N_QUADS), ("jsonld", ox.RdfFormat.JSON_LD)]:
        counts[fmt] = {(q.subject, q.predicate, q.object, q.graph_name)
                       for q in ox.parse(path=str(_export(seed_store, tmp_path, fmt)), format=parse)}
    assert counts["trig"] == counts["nquads"] == counts["jsonld"]
    total = run_kg("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--store", seed_store,
                   "--format", "csv").stdout.split()[1]
    assert len(counts["nquads"]) == int(total)
    assert all(q[3] != ox.DefaultGraph() for q in counts["trig"])


def test_graph_formats_hold_the_union(seed_store, tmp_path):
    distinct = run_kg("query", "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }",
                      "--store", seed_store, "--format", "csv").stdout.split()[1]
    for fmt, parse in [("turtle", ox.RdfFormat.TURTLE), ("ntriples", ox.RdfFormat.N_TRIPLES)]:
        triples = set(ox.parse(path=str(_export(seed_store, tmp_path, fmt)), format=parse))
        assert len(triples) == int(distinct), fmt


def test_jsonld_carries_its_context_inline_and_the_context_file_is_current(seed_store, tmp_path):
    data = json.loads(_export(seed_store, tmp_path, "jsonld").read_text(encoding="utf-8"))
    assert data["@context"]["officialOf"] == {"@id": "kg:officialOf", "@type": "@id"}
    from kg.namespace import jsonld_context

    saved = json.loads((ROOT / "ontology" / "kg-context.jsonld").read_text(encoding="utf-8"))
    assert saved == jsonld_context()
