"""Row 8 of the benchmarks (bench/explore.py: the explorer and the saved queries on a big
store) run at a tiny scale: 150 generated articles, 4 clients for 3 seconds. Checks that
every measure is there, the ratios to the full scan are computed, the concurrent part had
no errors, the store is reused by the next run, and the row prints in the results table."""
import importlib.util
import sys

from conftest import ROOT


def load(name: str, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def timing(measured: dict) -> bool:
    return measured["n"] >= 1 and 0 <= measured["p50_ms"] <= measured["p95_ms"]


def test_bench_explore_at_tiny_scale(tmp_path):
    bench = load("bench_explore", ROOT / "bench" / "explore.py")
    result = bench.bench_explore(articles=150, clients=4, seconds=3, workdir=tmp_path)

    store = result["store"]
    assert store["documents"] == 150 and store["triples"] > 1000 and store["entities"] > 100
    assert store["build_s"] > 0 and store["name_index_build_s"] >= 0 and not store["reused"]
    assert result["sample"]["ordinary"] == bench.ORDINARY and result["sample"]["hub"]["facts"] >= 1

    for kind in ("prefix 2", "prefix 4", "whole label", "later word", "folded", "all"):
        assert timing(result["search_ms"][kind]), kind
    assert result["search_ms"]["whole label found"] == "4/4"  # search finds an entity by its name
    for kind in ("ordinary", "hub, first view", "hub"):
        assert timing(result["entity_page_ms"][kind]), kind
    for kind in ("ordinary", "ordinary, 2 steps", "hub, first view", "hub"):
        assert timing(result["neighbours_ms"][kind]), kind
    linked = result["connect_ms"]["linked"]
    assert timing(linked) and linked["found"] == f"{len(linked['lengths'])}/{len(linked['lengths'])}"  # a path
    assert timing(result["connect_ms"]["random"])

    from kg.query import saved_queries

    queries = saved_queries()
    with_params = result["saved_queries_with_parameters_ms"]
    assert {k.split(" ")[0] for k in with_params} == {n for n, q in queries.items() if q.parameters}
    for name, measured in with_params.items():
        assert timing(measured) and measured["rows"] and measured["params"], name
    assert with_params["entity"]["rows"][0] >= 1  # the label of a sampled entity finds it
    without = result["saved_queries_without_parameters_ms"]
    assert set(without) == {n for n, q in queries.items() if not q.parameters} - set(bench.LISTINGS)
    for name, measured in without.items():
        assert timing(measured) and "stopped_after_s" not in measured, name
        assert measured["first_row_from_store_iterator_s"] >= 0 and measured["extra_peak_mb"] is not None, name
    # the listings, from kg query and from the endpoint: the same rows, first row before the last
    cli, endpoint = result["listings_kg_query"], result["listings_endpoint"]
    assert set(endpoint) == set(bench.LISTINGS) == set(result["listings_endpoint_again"]) and set(bench.LISTINGS) < set(cli)
    # (the generated articles' represents facts are under represents' minimum confidence today,
    # so that listing may be empty; the others are not)
    assert all(cli[name]["rows"] > 0 for name in bench.LISTINGS if name != "representation")
    for name in bench.LISTINGS:
        assert cli[name]["rows"] == endpoint[name]["rows"] and endpoint[name]["status"] == 200, name
        assert result["listings_endpoint_again"][name]["rows"] == endpoint[name]["rows"], name
        if cli[name]["rows"]:
            assert 0 < cli[name]["first_row_s"] <= cli[name]["whole_s"], name
            assert 0 < endpoint[name]["first_row_s"] <= endpoint[name]["whole_s"], name
        assert cli[name]["peak_rss_over_baseline"] > 0.5, name

    assert timing(result["full_scan_ms"]) and result["full_scan_ms"]["names_read"] > 100
    ratios = result["ratios_to_full_scan"]
    assert len(ratios) == 1 + 6 + len(result["connect_ms"]) + len(with_params) + len(without)
    assert all(isinstance(r, float) and r > 0 for r in ratios.values()), ratios
    assert result["ratio"] == ratios["search"] and "full scan" in result["goal"]

    concurrent = result["concurrent"]
    assert concurrent["clients"] == 4 and concurrent["requests"] > 20 and concurrent["errors"] == 0
    assert set(concurrent["by_api"]) == {"search", "entity", "entity (hub)", "neighbours", "neighbours (hub)"}
    assert timing(concurrent) and "_errors" not in result
    assert len(result["targets_met"]) == 6 and result["targets_met"]["4 clients no errors"] is True

    again, info = bench.prepare_store(150, tmp_path)  # the next run of the same size reuses the store
    assert info["reused"] and info["triples"] == store["triples"]
    run = load("bench_run", ROOT / "bench" / "run.py")
    table = run.markdown({"explorer and saved queries, 150 articles": result})
    assert "| 1 | explorer and saved queries, 150 articles | " in table and '"concurrent"' in table
