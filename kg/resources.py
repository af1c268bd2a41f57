"""Files that ship with kg: the ontology and the saved queries.

In an installed package they sit inside ``kg/`` (``kg/ontology``, ``kg/queries``); in a
source checkout they are the top-level ``ontology/`` and ``queries/`` folders.
"""
from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    for base in (_HERE, _HERE.parent):
        candidate = base / name
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"kg resource folder {name!r} is missing from the installation")


def ontology_path() -> Path:
    return resource_dir("ontology") / "kg.ttl"


def query_dir() -> Path:
    return resource_dir("queries")
