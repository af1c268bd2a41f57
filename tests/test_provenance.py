"""Every fact explains itself: statements, offsets, posts over time, validation, builds."""
import json

import pyoxigraph as ox
import pytest

from conftest import SEEDS, build_made_up, run_kg

from kg import KnowledgeGraph
from kg.query import run


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    g = KnowledgeGraph(tmp_path_factory.mktemp("prov") / "store")
    g.build([SEEDS])
    g.add_text("Acme Corp chairman John Smith met Mary Jones in Berlin on Tuesday.", "a.txt", "2021-05-06")
    g.add_text("Acme Corp chairman Peter Brown said sales rose.", "b.txt", "2023-02-01")
    g.add_text("Acme Corp chairman John Smith opened a plant.", "c.txt", "2020-01-10")
    yield g
    g.close()


def rows(graph, sparql, **params):
    return run(graph.store, sparql, params).as_dicts()


def test_every_fact_has_a_statement_whose_offsets_index_the_text(graph):
    facts = rows(graph, """SELECT ?s ?p ?o ?text ?evidence ?start ?end ?extractor ?confidence WHERE { GRAPH ?g {
        ?s ?p ?o . FILTER (?p IN (kg:officialOf, kg:metWith, kg:represents, kg:holdsOfficeIn))
        ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?g ;
            kg:evidence ?evidence ; kg:sentenceStart ?start ; kg:sentenceEnd ?end ;
            kg:extractor ?extractor ; kg:confidence ?confidence .
        ?g kg:text ?text } }""")
    assert len(facts) >= 8
    for f in facts:
        assert f["text"][int(f["start"]):int(f["end"])] == f["evidence"]
        assert 0 < float(f["confidence"]) <= 1 and f["extractor"]
    bare = rows(graph, """SELECT ?s WHERE { GRAPH ?g { ?s kg:officialOf ?o
        FILTER NOT EXISTS { ?st rdf:subject ?s ; rdf:predicate kg:officialOf ; rdf:object ?o } } }""")
    assert bare == []


def test_mention_offsets_index_the_text(graph):
    mentions = rows(graph, """SELECT ?text ?start ?end ?exact WHERE { GRAPH ?g {
        ?m a kg:Mention ; oa:start ?start ; oa:end ?end ; oa:exact ?exact ; kg:inDocument ?g . ?g kg:text ?text } }""")
    assert len(mentions) > 20
    assert all(m["text"][int(m["start"]):int(m["end"])] == m["exact"] for m in mentions)


def test_held_post_on_a_date(graph):
    def holder(org, role, date):
        return {r["person"] for r in rows(graph, "held-post-on", organization=org, role=role, date=date)}

    assert holder("Azerbaijan National Paralympic Committee", "president", "2023-06-01") == {"Ilgar Rahimov"}
    assert holder("Azerbaijan National Paralympic Committee", "president", "2022-01-01") == set()
    assert holder("Acme Corp", "chairman", "2021-12-31") == {"John Smith"}
    assert holder("acme corp", "CHAIRMAN", "2024-01-01") == {"Peter Brown"}


def test_saved_queries_find_a_name_whatever_its_case_accents_and_dashes(graph):
    from kg.rdf import name_key

    assert name_key("Karel  Dvořák") == "karel dvorak" and name_key("Paris-2024") == "paris 2024"
    graph.add_text("Chairman Karel Dvořák of the Ostrava-Nord Rowing Club met Ana Lind in Brno.", "d.txt",
                   "2022-05-01")
    for label in ("Karel Dvořák", "KAREL DVORAK", "karel dvorak"):
        assert {r["entity"] for r in rows(graph, "entity", label=label)} == {"Karel Dvořák"}, label
    assert rows(graph, "entity", label="Karel") == []  # a whole name, not a part of one
    keys = rows(graph, "SELECT ?key WHERE { GRAPH ?g { ?e rdfs:label 'Karel Dvořák' ; kg:nameKey ?key } }")
    assert {r["key"] for r in keys} == {"karel dvorak"}


def test_a_store_built_before_name_keys_says_to_build_again(tmp_path):
    from kg.query import QueryError

    with KnowledgeGraph(tmp_path / "old") as old:
        old.add_text("Acme Corp chairman John Smith met Mary Jones in Berlin on Tuesday.", "a.txt", "2021-05-06")
        old.store.update("DELETE WHERE { GRAPH ?g { ?e <https://w3id.org/kg-news/ns#nameKey> ?k } }")
        with pytest.raises(QueryError, match="older kg.*kg build"):
            run(old.store, "entity", {"label": "John Smith"})
        old.add_text("Acme Corp chairman John Smith met Mary Jones in Berlin on Tuesday.", "a.txt", "2021-05-06")
        assert rows(old, "entity", label="john smith")


def test_post_history_keeps_both_holders_in_date_order(graph):
    history = [r for r in rows(graph, "post-history") if r["post"] == "chairman of Acme Corp"]
    assert [(r["person"], r["firstSeen"], r["lastSeen"]) for r in history] == [
        ("John Smith", "2020-01-10", "2021-05-06"), ("Peter Brown", "2023-02-01", "2023-02-01")]


def test_facts_by_support_counts_documents(graph):
    support = {(r["subject"], r["relation"], r["object"]): int(r["documents"]) for r in rows(graph, "facts-by-support")}
    assert support[("John Smith", "officialOf", "Acme Corp")] == 2
    assert support[("Peter Brown", "officialOf", "Acme Corp")] == 1


def test_provenance_query_answers_why(graph):
    why = [r for r in rows(graph, "provenance") if r["subject"] == "John Smith" and r["relation"] == "metWith"]
    assert why and why[0]["document"] == "a.txt" and "Berlin" in why[0]["evidence"]


def test_relative_meeting_date_in_the_graph(graph):
    meeting = rows(graph, "SELECT ?date ?source ?text WHERE { GRAPH <https://w3id.org/kg-news/id/doc/a.txt> "
                          "{ ?m a kg:Meeting ; kg:date ?date ; kg:dateSource ?source ; kg:dateText ?text } }")
    assert meeting == [{"date": "2021-05-04", "source": "resolved", "text": "Tuesday"}]


def test_explain_prints_facts_with_sentences(seed_store):
    out = run_kg("explain", "Ilgar Rahimov", "--store", seed_store).stdout
    assert "Ilgar Rahimov officialOf International Blind Sports Federation" in out
    assert "000_dffe93a64d5a51c7.txt, characters" in out
    between = run_kg("explain", "rahimov", "IBSA", "--store", seed_store).stdout
    assert "Ilgar Rahimov officialOf International Blind Sports Federation" in between
    assert "officialOf Azerbaijan National Paralympic Committee" not in between
    missing = run_kg("explain", "Nobody Here", "--store", seed_store, check=False)
    assert missing.returncode == 2 and missing.stderr.startswith("kg: error: no entity is named")


def test_explain_suggests_names_from_the_index_without_reading_every_name(tmp_path):
    from kg.explain import ExplainError, find
    from kg.explore import SearchIndex
    from kg.store import open_store

    built = build_made_up(tmp_path, {"a.txt": " date 2023-05-02 Karel Dvorak, the president of the Ruritanian "
                                              "Rowing Federation, met with Ana Lind in Oslo on Monday.\n"})
    store = open_store(built)
    asked, query = [], store.query
    try:
        SearchIndex.rebuild(store)  # as the explorer's first search does
        store.query = lambda text, *a, **k: (asked.append(text), query(text, *a, **k))[1]
        with pytest.raises(ExplainError, match="did you mean 'Karel Dvorak'"):
            find(store, "Dvo")  # the start of a word of a name
    finally:
        store.close()
    assert asked and not any("CONTAINS" in text for text in asked)  # no query read every name


def test_explain_finds_a_name_without_its_accents_and_both_ends_of_its_facts(tmp_path):
    store = build_made_up(tmp_path, {"a.txt": " date 2023-05-02 Karel Dvořák, the president of the Ruritanian "
                                              "Rowing Federation, met with Ana Lind in Oslo on Monday.\n"})
    out = run_kg("explain", "KAREL DVORAK", "--store", store).stdout
    assert out.startswith("Karel Dvořák (Person)")
    assert "Karel Dvořák officialOf Ruritanian Rowing Federation" in out
    other_end = run_kg("explain", "Ruritanian Rowing Federation", "--store", store).stdout
    assert "Karel Dvořák officialOf Ruritanian Rowing Federation" in other_end


def test_sample_graph_conforms_and_broken_graph_is_caught(seed_store, tmp_path):
    assert run_kg("validate", "--store", seed_store).stdout.startswith("The graph conforms")
    broken = tmp_path / "broken"
    run_kg("build", SEEDS, "--store", broken, "--quiet")
    store = ox.Store(str(broken))
    store.update("DELETE { GRAPH ?g { ?st kg:evidence ?e } } WHERE { GRAPH ?g { ?st kg:evidence ?e } }",
                 prefixes={"kg": "https://w3id.org/kg-news/ns#"})
    store.update("DELETE { GRAPH ?g { ?st kg:confidence ?c } } INSERT { GRAPH ?g { ?st kg:confidence 2.0 } } "
                 "WHERE { GRAPH ?g { ?st kg:confidence ?c } }", prefixes={"kg": "https://w3id.org/kg-news/ns#"})
    del store
    proc = run_kg("validate", "--store", broken, check=False)
    assert proc.returncode == 1
    assert "kg:evidence" in proc.stdout and "kg:confidence" in proc.stdout


def test_reextract_redoes_documents_of_another_version(tmp_path):
    store = tmp_path / "s"
    run_kg("build", SEEDS, "--store", store, "--quiet")
    s = ox.Store(str(store))
    s.update('DELETE { GRAPH ?g { ?b kg:kgVersion ?v } } INSERT { GRAPH ?g { ?b kg:kgVersion "0.0.1" } } '
             'WHERE { GRAPH ?g { ?b kg:kgVersion ?v } }', prefixes={"kg": "https://w3id.org/kg-news/ns#"})
    del s
    assert "Built 1 document" in run_kg("build", "--reextract", "--store", store).stdout
    assert "Built 0 documents" in run_kg("build", "--reextract", "--store", store).stdout
    version = json.loads(run_kg("query", "SELECT ?v WHERE { GRAPH ?g { ?b kg:kgVersion ?v } }",
                                "--store", store, "--format", "json").stdout)
    from kg import __version__
    assert version == [{"v": __version__}]
