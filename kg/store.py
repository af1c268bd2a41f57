"""Stage 6: where the graph lives.

``Store`` is the interface every backend implements (as rdflib's ``Store`` does, with
capability flags); ``OxigraphStore`` is the embedded backend (Oxigraph on disk, or in
memory when no folder is given). ``open_store(location)`` picks the backend from the
``--store`` value. One document is one named graph; writing a document replaces its
graph in one transaction, so a query never sees half a document.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import IO, Iterable

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef

from .namespace import PREFIXES

DEFAULT_STORE = "kg-store"


class StoreError(Exception):
    """The store cannot be opened or written; the message says why and what to do."""


class Store(ABC):
    """What kg needs from a graph store."""

    context_aware = True  # named graphs
    transaction_aware = True  # a document is written whole or not at all
    location: str

    @abstractmethod
    def replace_documents(self, graphs: Iterable[tuple[URIRef, list[tuple]]]) -> None:
        """Replace each named graph by the given quads, all in one transaction."""

    @abstractmethod
    def remove_document(self, graph: URIRef) -> None:
        """Remove a document's named graph."""

    @abstractmethod
    def query(self, sparql: str):
        """Run a SPARQL query; returns pyoxigraph results (solutions, triples or bool)."""

    @abstractmethod
    def dump(self, output: IO[bytes] | str | Path, format: ox.RdfFormat, union: bool = False) -> None:
        """Write the store; ``union`` merges all named graphs into one graph."""

    @abstractmethod
    def named_graphs(self) -> list[str]:
        """IRIs of the document graphs."""

    def dataset(self) -> Dataset:  # pragma: no cover - optional capability
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def to_ox(term) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


class OxigraphStore(Store):
    """The embedded store: Oxigraph in a folder (persistent) or in memory."""

    def __init__(self, path: str | Path | None = None):
        self.location = str(path) if path is not None else ":memory:"
        try:
            self._store = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as exc:
            message = str(exc)
            if "lock" in message.lower():
                raise StoreError(f"{self.location}: the store is in use by another kg process "
                                 "(a running 'kg build' or 'kg serve'); wait for it to finish or "
                                 "use another --store folder") from None
            raise StoreError(f"{self.location}: cannot open the store ({message})") from None

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for fast bulk work."""
        return self._store

    def replace_documents(self, graphs: Iterable[tuple[URIRef, list[tuple]]]) -> None:
        drops, inserts = [], []
        for graph, quads in graphs:
            g = ox.NamedNode(str(graph))
            drops.append(f"DROP SILENT GRAPH {g}")
            body = "\n".join(f"{to_ox(s)} {to_ox(p)} {to_ox(o)} ." for s, p, o, _ in quads)
            inserts.append(f"GRAPH {g} {{\n{body}\n}}")
        if not drops:
            return
        self._store.update(" ;\n".join(drops) + " ;\nINSERT DATA {\n" + "\n".join(inserts) + "\n}")

    def remove_document(self, graph: URIRef) -> None:
        self._store.update(f"DROP SILENT GRAPH {ox.NamedNode(str(graph))}")

    def query(self, sparql: str):
        return self._store.query(sparql, prefixes=PREFIXES)

    def dump(self, output, format: ox.RdfFormat, union: bool = False) -> None:
        if union or not format.supports_datasets:
            triples = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
            ox.serialize(triples, output, format=format, prefixes=PREFIXES)
        else:
            self._store.dump(output, format=format, prefixes=PREFIXES)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def __len__(self) -> int:
        return len(self._store)

    def dataset(self) -> Dataset:
        """The store as an rdflib ``Dataset`` (through oxrdflib; queries run in Oxigraph)."""
        from oxrdflib import OxigraphStore as RdflibOxigraph

        return Dataset(store=RdflibOxigraph(store=self._store), default_union=True)

    def close(self) -> None:
        if getattr(self, "_store", None) is not None:
            self._store.flush() if self.location != ":memory:" else None
            self._store = None


def open_store(location: str | Path | None = DEFAULT_STORE) -> Store:
    """Open the store named by a ``--store`` value: a folder, or ``:memory:``."""
    if location in (None, ":memory:"):
        return OxigraphStore(None)
    path = Path(location)
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: is a file, not a store folder")
    return OxigraphStore(path)
