"""Stage 7c: an interactive HTML view of the entity graph (pyvis / vis-network).

The page is one self-contained file: vis-network's JavaScript and CSS (shipped inside
pyvis) are inlined, nothing is fetched from the network, and every name and sentence
reaches the page as JSON escaped for HTML (``<``, ``>``, ``&`` and quotes) and is put
on screen as text, never as markup.

Large graphs stay usable: above ``PHYSICS_LIMIT`` nodes the positions are computed here
with networkx and the browser's physics is off; ``focus``/``hops`` draws the
neighbourhood of one entity and ``max_nodes`` keeps the most connected part, saying
what was left out.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
import networkx as nx
import pyvis
from pyvis.network import Network

from .errors import KgError
from .store import Store

TYPE_STYLE = {  # colour and shape per entity type
    "Person": ("#4e79a7", "dot"),
    "Organization": ("#f28e2b", "square"),
    "Place": ("#59a14f", "triangle"),
    "Event": ("#b07aa1", "diamond"),
    "Group": ("#bab0ac", "ellipse"),
}
RELATION_COLOURS = {"officialOf": "#4e79a7", "holdsOfficeIn": "#9c755f", "metWith": "#e15759",
                    "represents": "#76b7b2"}
PHYSICS_LIMIT = 300  # above this many nodes, positions are precomputed and physics is off
SPRING_LIMIT = 3000  # a connected part above this many is given the faster spectral layout
NODE_SPACING = 60  # pixels: a part of n entities is about 2 * NODE_SPACING * sqrt(n) across
DEFAULT_MAX_NODES = 5000

_ENTITIES = """
PREFIX kg: <https://w3id.org/kg-news/ns#>
SELECT ?e (SAMPLE(?l) AS ?label) (SAMPLE(?c) AS ?class) (GROUP_CONCAT(DISTINCT ?alt; separator=" | ") AS ?aliases)
WHERE { GRAPH ?g { ?e a ?c ; rdfs:label ?l .
        VALUES ?c { kg:Person kg:Organization kg:Place kg:Event kg:Group }
        OPTIONAL { ?e skos:altLabel ?alt } } }
GROUP BY ?e ORDER BY ?e
"""
_FACTS = """
PREFIX kg: <https://w3id.org/kg-news/ns#>
SELECT ?s ?p ?o ?evidence ?document ?modality (SAMPLE(?when) AS ?date)
WHERE { GRAPH ?g { ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                       kg:evidence ?evidence ; kg:modality ?modality . ?g dcterms:identifier ?document
                   OPTIONAL { ?m a kg:Meeting ; kg:participant ?s, ?o ; kg:evidence ?evidence ; kg:date ?met }
                   OPTIONAL { ?g dcterms:date ?published } }
        BIND (STR(COALESCE(?met, ?published)) AS ?when) }
GROUP BY ?s ?p ?o ?evidence ?document ?modality
ORDER BY ?s ?p ?o ?document ?evidence
"""


class VizError(KgError):
    pass


def entity_graph(store: Store) -> nx.MultiDiGraph:
    """The entities and facts of the store as a networkx graph of plain values.

    Nodes are entity IRIs with ``label``, ``type`` and ``aliases``; edges (keyed by
    relation) carry ``relation`` and ``evidence``, a list of ``{"sentence", "document",
    "modality", "date"}`` (the meeting's date when the text gives one, else the document's).
    """
    graph = nx.MultiDiGraph()
    for row in store.query(_ENTITIES):
        aliases = row["aliases"].value.split(" | ") if row["aliases"] and row["aliases"].value else []
        graph.add_node(row["e"].value, label=row["label"].value,
                       type=row["class"].value.rsplit("#", 1)[-1], aliases=aliases)
    for row in store.query(_FACTS):
        s, o, rel = row["s"].value, row["o"].value, row["p"].value.rsplit("#", 1)[-1]
        evidence = {"sentence": row["evidence"].value, "document": row["document"].value,
                    "modality": row["modality"].value, "date": row["date"].value if row["date"] is not None else ""}
        if graph.has_edge(s, o, key=rel):
            graph.edges[s, o, rel]["evidence"].append(evidence)
        else:
            graph.add_edge(s, o, key=rel, relation=rel, evidence=[evidence])
    return graph


@dataclass
class Selection:
    graph: nx.MultiDiGraph
    note: str = ""  # what was left out, for the page and the command line


def select(graph: nx.MultiDiGraph, focus: str | None = None, hops: int = 1,
           max_nodes: int | None = DEFAULT_MAX_NODES) -> Selection:
    """The part of ``graph`` to draw: a neighbourhood and/or the most connected nodes."""
    notes = []
    if focus:
        wanted = focus.casefold()
        centres = [n for n, d in graph.nodes(data=True)
                   if d["label"].casefold() == wanted or wanted in (a.casefold() for a in d["aliases"])]
        if not centres:
            raise VizError(f"no entity is named {focus!r} in the graph")
        undirected = graph.to_undirected(as_view=True)
        keep = set()
        for centre in centres:
            keep |= set(nx.ego_graph(undirected, centre, radius=hops))
        graph = graph.subgraph(keep).copy()
        notes.append(f"the entities within {hops} step{'s' if hops != 1 else ''} of {focus}")
    total = graph.number_of_nodes()
    if max_nodes is not None and total > max_nodes:
        ranked = sorted(graph.nodes, key=lambda n: (-graph.degree(n), graph.nodes[n]["label"], n))
        kept = graph.subgraph(ranked[:max_nodes]).copy()
        dropped_edges = graph.number_of_edges() - kept.number_of_edges()
        notes.append(f"the {max_nodes} most connected of {total} entities; {total - max_nodes} entities and "
                     f"{dropped_edges} facts left out (raise --max-nodes to see more, or run 'kg serve' "
                     f"and open its explorer, which starts from one entity and grows)")
        graph = kept
    return Selection(graph, "Showing " + "; ".join(notes) + "." if notes else "")


def layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]] | None:
    """Positions for large graphs (networkx); None lets the browser lay out small ones.

    Each connected part is laid out on its own (a force-directed layout, or the faster
    spectral one above ``SPRING_LIMIT`` entities), sized by how many entities it has, and
    the parts are then set side by side in rows, largest first. Laid out as one graph, the
    spectral layout would put all of a small part's entities on one point.
    """
    n = graph.number_of_nodes()
    if n <= PHYSICS_LIMIT:
        return None
    simple = nx.Graph(graph.to_undirected(as_view=True))
    order = {node: i for i, node in enumerate(simple)}
    parts = sorted((sorted(part, key=order.__getitem__) for part in nx.connected_components(simple)),
                   key=lambda part: (-len(part), order[part[0]]))
    placed = []
    for part in parts:
        if len(part) == 1:
            local = {part[0]: (0.0, 0.0)}
        elif len(part) <= SPRING_LIMIT:
            local = nx.spring_layout(simple.subgraph(part), seed=0, iterations=30)
        else:
            local = nx.spectral_layout(simple.subgraph(part))
        radius = NODE_SPACING * len(part) ** 0.5  # the same room per entity in every part
        placed.append({node: (float(x) * radius, float(y) * radius) for node, (x, y) in local.items()})
    return _in_rows(placed, width=2 * NODE_SPACING * n ** 0.5)


def _in_rows(parts: list[dict[str, tuple[float, float]]], width: float) -> dict[str, tuple[float, float]]:
    """Set laid-out parts side by side, left to right in rows about ``width`` wide."""
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for local in parts:
        xs = [p[0] for p in local.values()]
        ys = [p[1] for p in local.values()]
        left, top = min(xs), min(ys)
        w, h = max(xs) - left, max(ys) - top
        if x > 0 and x + w > width:
            x, y, row_height = 0.0, y + row_height + NODE_SPACING, 0.0
        for node, (px, py) in local.items():
            positions[node] = (round(x + px - left, 1), round(y + py - top, 1))
        x += w + NODE_SPACING
        row_height = max(row_height, h)
    return positions


#: How the legend shows each shape.
SHAPE_SYMBOLS = {"dot": "●", "square": "■", "triangle": "▲", "diamond": "◆", "ellipse": "○"}
#: Colours of communities (Louvain: entities more tied to each other than to the rest).
COMMUNITY_COLOURS = ["#a0cbe8", "#ffbe7d", "#8cd17d", "#ff9d9a", "#d4a6c8", "#f1ce63", "#86bcb6", "#d7b5a6",
                     "#fabfd2", "#b6992d", "#499894", "#e49444"]


def communities(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Each connected entity's community (Louvain, seeded), largest first; 0, 1, ..."""
    simple = nx.Graph(graph.to_undirected(as_view=True))
    simple.remove_nodes_from([n for n in list(simple) if simple.degree(n) == 0])
    if simple.number_of_edges() == 0:
        return {}
    found = sorted(nx.community.louvain_communities(simple, seed=0), key=lambda c: (-len(c), min(c)))
    return {n: i for i, group in enumerate(found) for n in group}


def to_network(graph: nx.MultiDiGraph, positions=None) -> Network:
    """A pyvis network: shape per type, colour per community, size by the number of facts;
    label and colour per relation."""
    net = Network(directed=True)
    community = communities(graph)
    for node, data in graph.nodes(data=True):
        colour, shape = TYPE_STYLE.get(data["type"], ("#999999", "dot"))
        tip = f"{data['label']}\n{data['type']}"
        if data["aliases"]:
            tip += "\nalso: " + ", ".join(data["aliases"])
        facts = graph.degree(node)
        fill = COMMUNITY_COLOURS[community[node] % len(COMMUNITY_COLOURS)] if node in community else "#cccccc"
        extra = {"x": positions[node][0], "y": positions[node][1]} if positions else {}
        net.add_node(node, label=data["label"], title=tip + f"\n{facts} fact{'s' if facts != 1 else ''}",
                     borderWidth=1, shape=shape, group=data["type"], value=facts, **extra)
        net.nodes[-1]["color"] = {"background": fill, "border": "#555555",
                                  "highlight": {"background": fill, "border": "#000000"}}
        net.nodes[-1]["facts"] = facts
        net.nodes[-1]["community"] = community.get(node, -1)
    for s, o, data in graph.edges(data=True):
        rel = data["relation"]
        sentences = "\n".join(f"“{e['sentence']}” ({e['document']})" for e in data["evidence"])
        asserted = any(e["modality"] == "asserted" for e in data["evidence"])
        net.add_edge(s, o, label=rel, title=sentences, color=RELATION_COLOURS.get(rel, "#999999"),
                     arrows="" if rel == "metWith" else "to", dashes=not asserted)
    return net


def _asset(name: str) -> str:
    text = (Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / name).read_text(encoding="utf-8")
    return text.replace("</script", "<\\/script").replace("</style", "<\\/style")


def render(graph: nx.MultiDiGraph, title: str = "kg: knowledge graph", note: str = "") -> str:
    """The self-contained HTML page for ``graph``."""
    positions = layout(graph)
    net = to_network(graph, positions)
    labels = {n: d["label"] for n, d in graph.nodes(data=True)}
    edges = []
    for i, (edge, (s, o, data)) in enumerate(zip(net.edges, graph.edges(data=True))):
        edge = dict(edge, id=f"e{i}")
        dates = sorted(e["date"] for e in data["evidence"] if e.get("date"))
        edge["date"] = dates[0] if dates else ""
        edge["documents"] = sorted({e["document"] for e in data["evidence"]})
        edge["fact"] = {"text": f"{labels[s]} {data['relation']} {labels[o]}", "evidence": data["evidence"],
                        "date": edge["date"]}
        edges.append(edge)
    # node size and label size follow the number of facts; small labels appear on zooming in
    options = {"interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": positions is not None},
               "nodes": {"scaling": {"min": 8, "max": 40,
                                     "label": {"enabled": True, "min": 10, "max": 40, "drawThreshold": 9,
                                               "maxVisible": 40}}},
               "edges": {"font": {"size": 11, "align": "middle"},
                         "smooth": False if positions else {"type": "dynamic"}},
               "layout": {"improvedLayout": positions is None and graph.number_of_nodes() <= 100}}
    options["physics"] = {"enabled": False} if positions else {"stabilization": {"iterations": 200}}
    options["groups"] = {t: {"shape": shape} for t, (c, shape) in TYPE_STYLE.items()}
    documents = sorted({d for e in edges for d in e["documents"]})
    dates = sorted({e["date"] for e in edges if e["date"]})
    data = {"nodes": net.nodes, "edges": edges, "options": options, "note": note,
            "legend": {t: c for t, (c, _) in TYPE_STYLE.items()},
            "symbols": {t: SHAPE_SYMBOLS.get(shape, "●") for t, (_, shape) in TYPE_STYLE.items()},
            "relations": {r: c for r, c in RELATION_COLOURS.items()},
            "documents": documents, "dates": [dates[0], dates[-1]] if dates else []}
    env = jinja2.Environment(loader=jinja2.PackageLoader("kg", "templates"), autoescape=True)
    return env.get_template("graph.html").render(
        title=title, data=data, vis_js=_asset("vis-network.min.js"), vis_css=_asset("vis-network.css"))


def write_html(store: Store, output: str | Path, title: str = "kg: knowledge graph", focus: str | None = None,
               hops: int = 1, max_nodes: int | None = DEFAULT_MAX_NODES) -> Selection:
    """Write the page for the store (or the selected part of it) to ``output``."""
    chosen = select(entity_graph(store), focus, hops, max_nodes)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render(chosen.graph, title, chosen.note), encoding="utf-8")
    return chosen
