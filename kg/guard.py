"""A lexical look at a SPARQL query before an engine sees it.

It reads the query's tokens the way a SPARQL parser does — skipping string literals,
IRIs and comments — and answers two questions:

* how deeply groups nest (``{``, ``(``, ``[``): Oxigraph's parser recurses, and a query
  nested thousands deep overflows its stack and kills the process, so kg refuses
  anything deeper than ``MAX_DEPTH`` first;
* whether the query uses ``SERVICE`` (a federated query makes the engine send HTTP
  requests to the address in the query): ``kg serve`` refuses it unless started with
  ``--allow-service``.
"""
from __future__ import annotations

import re

MAX_DEPTH = 64

_STRING = re.compile(r"'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"", re.DOTALL)
_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_COMMENT = re.compile(r"#[^\n]*")
_WORD = re.compile(r"[?$]?[A-Za-z_][\w-]*:?")


class QueryRejected(SyntaxError):
    """A query kg will not run; the message says why."""


def _tokens(sparql: str):
    i, n = 0, len(sparql)
    while i < n:
        c = sparql[i]
        if c in "'\"":
            m = _STRING.match(sparql, i)
            if m is None:
                raise QueryRejected(f"unterminated string at character {i}")
            i = m.end()
            continue
        if c == "<":
            m = _IRI.match(sparql, i)
            if m is not None:
                i = m.end()
                continue
        if c == "#":
            m = _COMMENT.match(sparql, i)
            i = m.end()
            continue
        if c.isalpha() or c in "?$_":
            m = _WORD.match(sparql, i)
            if m is not None:
                yield m.group(0)
                i = m.end()
                continue
        yield c
        i += 1


def inspect(sparql: str) -> tuple[int, bool]:
    """(deepest nesting, whether a SERVICE clause is used)."""
    depth = deepest = 0
    service = False
    previous = ""
    for token in _tokens(sparql):
        if token in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "})]":
            depth -= 1
        elif token.upper() == "SERVICE" and previous != ":":
            service = True
        previous = token[-1] if token else previous
    return deepest, service


def check(sparql: str, allow_service: bool = True) -> None:
    """Raise ``QueryRejected`` for a query nested too deeply, or using SERVICE when not allowed."""
    deepest, service = inspect(sparql)
    if deepest > MAX_DEPTH:
        raise QueryRejected(f"the query nests {deepest} levels deep; kg accepts up to {MAX_DEPTH}")
    if service and not allow_service:
        raise QueryRejected("federated queries (SERVICE) are turned off on this endpoint; "
                            "start it with 'kg serve --allow-service' to allow them")
