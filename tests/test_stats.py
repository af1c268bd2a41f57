"""Graph measures on small named graphs with exact expected values."""
import networkx as nx

from conftest import run_kg

from kg.stats import central, communities, components, counts


def star():
    g = nx.MultiDiGraph()
    g.add_node("hub", label="Hub Org", type="Organization", aliases=[])
    for i in range(3):
        g.add_node(f"p{i}", label=f"Person {i}", type="Person", aliases=[])
        g.add_edge(f"p{i}", "hub", key="officialOf", relation="officialOf", evidence=[])
    g.add_node("x", label="Lonely Place", type="Place", aliases=[])
    return g


def test_counts():
    assert counts(star()) == {"types": {"Organization": 1, "Person": 3, "Place": 1},
                              "relations": {"officialOf": 3}}


def test_central_hub_first():
    ranked = central(star())
    assert ranked["Organization"] == [("Hub Org", 0.75, 0.5)]  # on 3 of the 6 paths between the others
    assert [r[0] for r in ranked["Person"]] == ["Person 0", "Person 1", "Person 2"]


def test_components_and_communities():
    assert components(star()) == [4, 1]
    assert communities(star()) == [["Hub Org", "Person 0", "Person 1", "Person 2"]]
    assert communities(nx.MultiDiGraph()) == []


def test_stats_and_graph_exports_on_the_sample(seed_store, tmp_path):
    out = run_kg("stats", "--store", seed_store).stdout
    assert out.startswith("14 entities, 5 facts") and "Ilgar Rahimov" in out
    for fmt, reader in [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)]:
        path = tmp_path / f"g.{fmt}"
        run_kg("export", "--store", seed_store, "-o", path)
        graph = reader(path)
        assert graph.number_of_nodes() == 14 and graph.number_of_edges() == 5
