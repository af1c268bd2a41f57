"""Stage 7b: write the graph in standard RDF formats (serialised by Oxigraph).

TriG, N-Quads and JSON-LD keep one named graph per document; Turtle and N-Triples
cannot hold named graphs, so they get the union of all document graphs.
"""
from __future__ import annotations

from pathlib import Path
from typing import IO

import pyoxigraph as ox

from .errors import KgError
from .namespace import jsonld_context
from .store import Store

FORMATS = {
    "turtle": (ox.RdfFormat.TURTLE, True),
    "ntriples": (ox.RdfFormat.N_TRIPLES, True),
    "trig": (ox.RdfFormat.TRIG, False),
    "nquads": (ox.RdfFormat.N_QUADS, False),
    "jsonld": (ox.RdfFormat.JSON_LD, False),
}
SUFFIXES = {"turtle": ".ttl", "ntriples": ".nt", "trig": ".trig", "nquads": ".nq", "jsonld": ".jsonld",
            "graphml": ".graphml", "gexf": ".gexf"}
ENTITY_GRAPH_FORMATS = {"graphml", "gexf"}  # the entity graph (networkx), for Gephi or Cytoscape


class ExportError(KgError):
    pass


def format_for(path: str | Path | None, default: str = "turtle") -> str:
    """The export format a file name implies (``graph.trig`` -> ``trig``)."""
    if path is not None:
        suffix = Path(path).suffix.lower()
        for name, ext in SUFFIXES.items():
            if suffix == ext:
                return name
    return default


def export(store: Store, fmt: str, output: str | Path | IO[bytes]) -> None:
    """Write the whole store to ``output`` (a path or a binary file object)."""
    if fmt not in FORMATS and fmt not in ENTITY_GRAPH_FORMATS:
        raise ExportError(f"unknown format {fmt!r}; use one of {', '.join([*FORMATS, *ENTITY_GRAPH_FORMATS])}")
    if isinstance(output, (str, Path)):
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        with open(output, "wb") as handle:
            _write(store, fmt, handle)
    else:
        _write(store, fmt, output)


def _write(store: Store, fmt: str, handle: IO[bytes]) -> None:
    if fmt in ENTITY_GRAPH_FORMATS:
        import networkx as nx

        from .stats import to_simple_graph
        from .viz import entity_graph

        graph = to_simple_graph(entity_graph(store))
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(graph, handle)
        return
    rdf_format, union = FORMATS[fmt]
    if fmt == "jsonld":
        handle.write(jsonld(store).encode("utf-8"))
    else:
        store.dump(handle, rdf_format, union=union)


def jsonld(store: Store) -> str:
    """JSON-LD with one ``@graph`` per document and the kg context inline (so any reader,
    pyoxigraph included, can read it without fetching a context)."""
    import io

    from rdflib import Dataset

    buffer = io.BytesIO()
    store.dump(buffer, ox.RdfFormat.N_QUADS)
    dataset = Dataset()
    dataset.parse(data=buffer.getvalue().decode("utf-8"), format="nquads")
    return dataset.serialize(format="json-ld", context=jsonld_context()["@context"], auto_compact=True)
