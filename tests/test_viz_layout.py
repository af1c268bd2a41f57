"""Precomputed positions for large graphs: separate parts of the graph do not overlap,
whichever layout each part gets, and the force-directed one gives every entity its own
place. (The spectral layout, used for parts above SPRING_LIMIT, can put entities with the
same neighbours on one point: see docs/performance.md.)"""
import networkx as nx
import pytest


def _parts(sizes):
    graph = nx.MultiDiGraph()
    for p, size in enumerate(sizes):
        nodes = [f"p{p}n{i}" for i in range(size)]
        for node in nodes:
            graph.add_node(node)
        for i in range(1, size):  # a path, then a chord, so every part is connected
            graph.add_edge(nodes[i - 1], nodes[i], key="metWith")
        if size > 3:
            graph.add_edge(nodes[0], nodes[size // 2], key="metWith")
    return graph


@pytest.mark.parametrize("spring_limit", [3000, 5])  # 5: parts above it get the spectral layout
def test_parts_get_their_own_room(monkeypatch, spring_limit):
    from kg import viz

    monkeypatch.setattr(viz, "SPRING_LIMIT", spring_limit)
    graph = _parts([40] + [6] * 60 + [2] * 30 + [1] * 5)
    positions = viz.layout(graph)
    assert set(positions) == set(graph.nodes)
    if spring_limit == 3000:  # the force-directed layout gives every entity its own place
        assert len(set(positions.values())) == graph.number_of_nodes()
    boxes = []
    for p in range(96):
        points = [xy for node, xy in positions.items() if node.startswith(f"p{p}n")]
        xs, ys = [x for x, _ in points], [y for _, y in points]
        boxes.append((min(xs), max(xs), min(ys), max(ys)))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[1] < b[0] or b[1] < a[0] or a[3] < b[2] or b[3] < a[2], (a, b)
    assert viz.layout(graph) == positions  # the same graph, the same picture


def test_small_graphs_are_left_to_the_browser():
    from kg import viz

    assert viz.layout(_parts([5] * 10)) is None
