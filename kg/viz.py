"""Stage 7c: an interactive HTML view of the entity graph (pyvis / vis-network).

The page is one self-contained file: vis-network's JavaScript and CSS (shipped inside
pyvis) are inlined, nothing is fetched from the network, and every name and sentence
reaches the page as JSON escaped for HTML (``<``, ``>``, ``&`` and quotes) and is put
on screen as text, never as markup.
"""
from __future__ import annotations

from pathlib import Path

import jinja2
import networkx as nx
import pyvis
from pyvis.network import Network

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
SELECT ?s ?p ?o ?evidence ?document
WHERE { GRAPH ?g { ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                       kg:evidence ?evidence . ?g dcterms:identifier ?document } }
ORDER BY ?s ?p ?o ?document ?evidence
"""


def entity_graph(store: Store) -> nx.MultiDiGraph:
    """The entities and facts of the store as a networkx graph of plain values.

    Nodes are entity IRIs with ``label``, ``type`` and ``aliases``; edges carry
    ``relation`` and ``evidence`` (a list of ``{"sentence", "document"}``).
    """
    graph = nx.MultiDiGraph()
    for row in store.query(_ENTITIES):
        aliases = row["aliases"].value.split(" | ") if row["aliases"] and row["aliases"].value else []
        graph.add_node(row["e"].value, label=row["label"].value,
                       type=row["class"].value.rsplit("#", 1)[-1], aliases=aliases)
    for row in store.query(_FACTS):
        s, o, rel = row["s"].value, row["o"].value, row["p"].value.rsplit("#", 1)[-1]
        evidence = {"sentence": row["evidence"].value, "document": row["document"].value}
        if graph.has_edge(s, o, key=rel):
            graph.edges[s, o, rel]["evidence"].append(evidence)
        else:
            graph.add_edge(s, o, key=rel, relation=rel, evidence=[evidence])
    return graph


def to_network(graph: nx.MultiDiGraph) -> Network:
    """A pyvis network: colour/shape per type, label and colour per relation."""
    net = Network(directed=True)
    for node, data in graph.nodes(data=True):
        colour, shape = TYPE_STYLE.get(data["type"], ("#999999", "dot"))
        tip = f"{data['label']}\n{data['type']}"
        if data["aliases"]:
            tip += "\nalso: " + ", ".join(data["aliases"])
        net.add_node(node, label=data["label"], title=tip, color=colour, shape=shape, group=data["type"])
    for s, o, data in graph.edges(data=True):
        rel = data["relation"]
        sentences = "\n".join(f"“{e['sentence']}” ({e['document']})" for e in data["evidence"])
        net.add_edge(s, o, label=rel, title=sentences, color=RELATION_COLOURS.get(rel, "#999999"),
                     arrows="" if rel == "metWith" else "to")
    return net


def _asset(name: str) -> str:
    text = (Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / name).read_text(encoding="utf-8")
    return text.replace("</script", "<\\/script").replace("</style", "<\\/style")


def render(graph: nx.MultiDiGraph, title: str = "kg: knowledge graph") -> str:
    """The self-contained HTML page for ``graph``."""
    net = to_network(graph)
    labels = {n: d["label"] for n, d in graph.nodes(data=True)}
    edges = []
    for edge, (s, o, data) in zip(net.edges, graph.edges(data=True)):
        edge = dict(edge)
        edge["fact"] = {"text": f"{labels[s]} {data['relation']} {labels[o]}", "evidence": data["evidence"]}
        edges.append(edge)
    options = {"physics": {"stabilization": {"iterations": 200}},
               "interaction": {"hover": True, "tooltipDelay": 150},
               "edges": {"font": {"size": 11, "align": "middle"}, "smooth": {"type": "dynamic"}}}
    data = {"nodes": net.nodes, "edges": edges, "options": options,
            "legend": {t: c for t, (c, _) in TYPE_STYLE.items()}}
    env = jinja2.Environment(loader=jinja2.PackageLoader("kg", "templates"), autoescape=True)
    return env.get_template("graph.html").render(
        title=title, data=data, vis_js=_asset("vis-network.min.js"), vis_css=_asset("vis-network.css"))


def write_html(store: Store, output: str | Path, title: str = "kg: knowledge graph") -> Path:
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render(entity_graph(store), title), encoding="utf-8")
    return output
