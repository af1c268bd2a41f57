"""``kg validate``: check the store against ``ontology/shapes.ttl`` with pyshacl."""
from __future__ import annotations

import io
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from .namespace import PREFIXES
from .resources import resource_dir
from .store import Store


@dataclass
class Report:
    conforms: bool
    violations: list[str]

    def text(self) -> str:
        if self.conforms:
            return "The graph conforms to ontology/shapes.ttl."
        return "\n".join([f"{len(self.violations)} violation(s) of ontology/shapes.ttl:", *self.violations])


def _short(term) -> str:
    value = str(term)
    for prefix, iri in PREFIXES.items():
        if value.startswith(iri):
            return f"{prefix}:{value[len(iri):]}"
    return value


def validate_graph(data: Graph) -> Report:
    import pyshacl

    shapes = Graph().parse(resource_dir("ontology") / "shapes.ttl", format="turtle")
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    violations = []
    for result in results.subjects(SH.resultSeverity, None):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        where = _short(focus) + (f" {_short(path)}" if isinstance(path, URIRef) else "")
        violations.append(f"  {where}: {message}")
    return Report(bool(conforms), sorted(violations))


def validate(store: Store) -> Report:
    """Validate the union of all document graphs."""
    buffer = io.BytesIO()
    store.dump(buffer, ox.RdfFormat.N_TRIPLES, union=True)
    return validate_graph(Graph().parse(data=buffer.getvalue().decode("utf-8"), format="nt"))
