"""Data and imports run one way (ingest -> nlp -> extract -> resolve -> rdf -> store ->
query | export | viz | serve): no module of kg imports, even inside a function, a module
that imports it back."""
import ast
from pathlib import Path

import networkx as nx

from conftest import ROOT

PACKAGE = ROOT / "kg"


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    here = _module(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            target = ".".join(base + (node.module.split(".") if node.module else []))
            out.add(target)
            out |= {f"{target}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
    return out


def test_no_import_cycles():
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    for name, path in modules.items():
        graph.add_node(name)
        for target in _imports(path):
            if target in modules and target != name and not name.startswith(target + "."):
                graph.add_edge(name, target)
    # a package's __init__ may gather what its modules define
    graph.remove_edges_from([(a, b) for a, b in list(graph.edges) if b.startswith(a + ".")])
    cycles = [c for c in nx.simple_cycles(graph)]
    assert not cycles, f"import cycles: {cycles[:5]}"
