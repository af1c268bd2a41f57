"""``kg stats``: what the graph holds, measured with networkx.

Each measure is a function of a networkx graph returning plain values (as networkx's
own algorithms do); ``report`` puts them together for the command line.
"""
from __future__ import annotations

from collections import Counter

import networkx as nx


def counts(graph: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    """Entities per type and facts per relation.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", type="Person"); g.add_node("b", type="Organization")
    >>> _ = g.add_edge("a", "b", key="officialOf", relation="officialOf")
    >>> counts(g)
    {'types': {'Organization': 1, 'Person': 1}, 'relations': {'officialOf': 1}}
    """
    types = Counter(d["type"] for _, d in graph.nodes(data=True))
    relations = Counter(d["relation"] for _, _, d in graph.edges(data=True))
    return {"types": dict(sorted(types.items())), "relations": dict(sorted(relations.items()))}


def central(graph: nx.MultiDiGraph, types=("Person", "Organization"), top: int = 5,
            sample: int = 500) -> dict[str, list[tuple[str, float, float]]]:
    """The most central entities of each type: (label, degree centrality, betweenness).

    Betweenness is estimated from ``sample`` source nodes (seeded) on large graphs.
    """
    if graph.number_of_nodes() == 0:
        return {t: [] for t in types}
    simple = nx.Graph(graph.to_undirected(as_view=True))
    degree = nx.degree_centrality(simple)
    k = sample if simple.number_of_nodes() > sample else None
    between = nx.betweenness_centrality(simple, k=k, seed=0)
    out = {}
    for kind in types:
        nodes = [n for n, d in graph.nodes(data=True) if d["type"] == kind]
        ranked = sorted(nodes, key=lambda n: (-degree[n], -between[n], graph.nodes[n]["label"]))[:top]
        out[kind] = [(graph.nodes[n]["label"], round(degree[n], 4), round(between[n], 4)) for n in ranked]
    return out


def components(graph: nx.MultiDiGraph) -> list[int]:
    """Sizes of the connected components, largest first."""
    return sorted((len(c) for c in nx.weakly_connected_components(graph)), reverse=True)


def communities(graph: nx.MultiDiGraph, top: int = 5) -> list[list[str]]:
    """Communities (Louvain, seeded) of more than one entity, largest first, as labels."""
    simple = nx.Graph(graph.to_undirected(as_view=True))
    simple.remove_nodes_from([n for n in list(simple) if simple.degree(n) == 0])
    if simple.number_of_edges() == 0:
        return []
    found = nx.community.louvain_communities(simple, seed=0)
    groups = sorted((sorted(graph.nodes[n]["label"] for n in c) for c in found if len(c) > 1),
                    key=lambda c: (-len(c), c))
    return groups[:top]


def report(graph: nx.MultiDiGraph) -> str:
    c = counts(graph)
    lines = [f"{graph.number_of_nodes()} entities, {graph.number_of_edges()} facts", "", "Entities by type:"]
    lines += [f"  {t:<14} {n}" for t, n in c["types"].items()]
    lines += ["", "Facts by relation:"] + [f"  {r:<14} {n}" for r, n in c["relations"].items()]
    for kind, rows in central(graph).items():
        lines += ["", f"Most central {kind.lower()}s (degree centrality, betweenness):"]
        lines += [f"  {label} ({d}, {b})" for label, d, b in rows] or ["  none"]
    sizes = components(graph)
    lines += ["", f"Connected components: {len(sizes)} (largest: {', '.join(map(str, sizes[:5]))})"]
    groups = communities(graph)
    lines += ["", "Communities (Louvain):"]
    lines += [f"  {len(g)}: {', '.join(g[:8])}{' …' if len(g) > 8 else ''}" for g in groups] or ["  none"]
    return "\n".join(lines)


def to_simple_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The entity graph with scalar attributes only, as GraphML and GEXF need."""
    out = nx.MultiDiGraph()
    for n, d in graph.nodes(data=True):
        out.add_node(n, label=d["label"], type=d["type"], aliases=" | ".join(d["aliases"]))
    for s, o, k, d in graph.edges(keys=True, data=True):
        out.add_edge(s, o, key=k, relation=d["relation"], documents=len({e["document"] for e in d["evidence"]}),
                     evidence=d["evidence"][0]["sentence"])
    return out
