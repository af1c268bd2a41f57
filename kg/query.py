"""Stage 7a: SPARQL over the store, saved queries, and result formatting."""
from __future__ import annotations

import csv
import io
import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, TextIO

import pyoxigraph as ox

from .errors import KgError
from .namespace import PREFIXES
from .rdf import name_key
from .resources import query_dir
from .store import Store

_SPARQL_START = re.compile(r"^\s*(PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE | re.MULTILINE)
_PARAMETERS = re.compile(r"^#\s*Parameters:\s*(.+)$", re.MULTILINE | re.IGNORECASE)


class QueryError(KgError):
    pass


@dataclass(frozen=True)
class SavedQuery:
    name: str
    path: Path
    text: str

    @property
    def description(self) -> str:
        """The first comment line: what the query answers."""
        for line in self.text.splitlines():
            if line.startswith("#"):
                return line.lstrip("# ").removeprefix("Answers: ").strip()
        return ""

    @property
    def parameters(self) -> list[str]:
        match = _PARAMETERS.search(self.text)
        return re.findall(r"^\s*(\w+)", match.group(1)) if match else []


def saved_queries() -> dict[str, SavedQuery]:
    """The saved queries shipped in ``queries/``, by name (file name without ``.rq``)."""
    return {p.stem: SavedQuery(p.stem, p, p.read_text(encoding="utf-8"))
            for p in sorted(query_dir().glob("*.rq"))}


def load_query(spec: str) -> SavedQuery:
    """A query from a ``.rq`` file path, a saved query name, or SPARQL text."""
    path = Path(spec)
    if spec.endswith(".rq") and path.is_file():
        return SavedQuery(path.stem, path, path.read_text(encoding="utf-8"))
    saved = saved_queries()
    if spec in saved:
        return saved[spec]
    if _SPARQL_START.search(spec):
        return SavedQuery("(inline)", Path("-"), spec)
    if spec.endswith(".rq"):
        raise QueryError(f"{spec}: no such query file")
    raise QueryError(f"{spec!r} is not a saved query, a .rq file or SPARQL text; "
                     f"saved queries: {', '.join(saved)}")


@dataclass
class Result:
    """A query answer as plain values: ``variables`` and ``rows`` (strings or None)."""

    variables: list[str]
    rows: list[list[str | None]]
    raw: bytes = b""  # SPARQL JSON results, or Turtle for CONSTRUCT/DESCRIBE
    kind: str = "select"  # select | ask | graph

    def as_dicts(self) -> list[dict[str, str | None]]:
        return [dict(zip(self.variables, row)) for row in self.rows]


def _value(term) -> str | None:
    if term is None:
        return None
    return term.value if hasattr(term, "value") else str(term)


def bind(sparql: str, values: dict[str, object]) -> str:
    """Put RDF terms in place of ``?name`` variables. Values go in as escaped RDF terms
    (pyoxigraph writes them), never as SPARQL text, so a value cannot change the query."""
    for name, term in values.items():
        sparql = re.sub(rf"[?$]{re.escape(name)}\b", lambda _m, t=str(term): t, sparql)
    return sparql


def built_before_name_keys(store: Store) -> bool:
    """True when the store holds entities but no kg:nameKey (built before names had keys)."""
    kg = PREFIXES["kg"]
    has_entities = store.query(f"ASK {{ GRAPH ?g {{ ?e <{kg}localKey> ?k }} }}")
    has_keys = store.query(f"ASK {{ GRAPH ?g {{ ?e <{kg}nameKey> ?k }} }}")
    return bool(has_entities) and not bool(has_keys)


@dataclass
class Answer:
    """A query answer as it comes from the store: ``variables`` and ``rows``, an iterator of
    rows (lists of strings or None) read one at a time, so that the first row is there as
    soon as the store finds it and memory stays flat however many follow."""

    variables: list[str]
    rows: Iterator[list[str | None]]
    kind: str = "select"  # select | ask | graph
    raw: bytes = b""  # Turtle for CONSTRUCT/DESCRIBE

    def collect(self) -> Result:
        return Result(self.variables, list(self.rows), raw=self.raw, kind=self.kind)


def _solutions(query: SavedQuery, store: Store, answer, variables: list[str]) -> Iterator[list[str | None]]:
    found = False
    try:
        columns = range(len(variables))  # by position: a little faster than by name on big answers
        for solution in answer:
            found = True
            yield [_value(solution[i]) for i in columns]
    except OSError as exc:
        raise QueryError(f"{query.name}: query failed: {exc}") from None
    if not found and "kg:nameKey" in query.text and built_before_name_keys(store):
        raise QueryError(f"{query.name}: this store was built by an older kg, whose entities have no "
                         "kg:nameKey to find names by; build the documents again (kg build) to answer it")


def stream(store: Store, query: SavedQuery | str, params: dict[str, str] | None = None) -> Answer:
    """Run a query with ``params`` bound as string literals (``?label`` for ``label``); the
    rows of a SELECT are read from the store as they are iterated."""
    if isinstance(query, str):
        query = load_query(query)
    params = params or {}
    missing = [p for p in query.parameters if p not in params]
    if missing:
        example = " ".join(f"--param {m}=..." for m in missing)
        raise QueryError(f"query {query.name!r} needs {example}")
    terms = {name: ox.Literal(str(value)) for name, value in params.items()}
    # "?labelKey" is the value of "label" as kg:nameKey holds names, so that a query can find
    # an entity by name through the store's index rather than by comparing every name
    terms.update({f"{name}Key": ox.Literal(name_key(str(value))) for name, value in params.items()
                  if re.search(rf"[?$]{re.escape(name)}Key\b", query.text)})
    text = bind(query.text, terms)
    try:
        answer = store.query(text)
    except SyntaxError as exc:
        raise QueryError(f"{query.name}: SPARQL syntax error: {str(exc).splitlines()[0]}") from None
    except OSError as exc:
        raise QueryError(f"{query.name}: query failed: {exc}") from None
    if isinstance(answer, (bool, ox.QueryBoolean)):
        return Answer(["answer"], iter([["true" if bool(answer) else "false"]]), kind="ask")
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        return Answer(variables, _solutions(query, store, answer, variables))
    triples = list(answer)
    raw = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    rows = [[t.subject.value, t.predicate.value, _value(t.object)] for t in triples]
    return Answer(["subject", "predicate", "object"], iter(rows), kind="graph", raw=raw)


def run(store: Store, query: SavedQuery | str, params: dict[str, str] | None = None) -> Result:
    """Run a query with ``params`` bound as string literals (``?label`` for ``label``) and
    return the whole answer."""
    return stream(store, query, params).collect()


def _short(value: str | None) -> str:
    if value is None:
        return ""
    for prefix, iri in PREFIXES.items():
        if value.startswith(iri):
            return f"{prefix}:{value[len(iri):]}"
    return value


def format_result(result: Result, fmt: str = "table", max_width: int = 60) -> str:
    """Render a whole result as an aligned text table, CSV, or JSON (list of objects)."""
    out = io.StringIO()
    write_answer(Answer(result.variables, iter(result.rows), kind=result.kind), out, fmt, max_width,
                 sample=max(1, len(result.rows)))
    return out.getvalue().rstrip("\n")


def write_answer(answer: Answer, out: TextIO, fmt: str = "table", max_width: int = 60, sample: int = 200) -> int:
    """Write an answer to ``out`` row by row as an aligned text table, CSV, or JSON (a list
    of objects), and return the number of rows. Nothing waits for the last row: a table's
    column widths come from its first ``sample`` rows (a longer cell further down pushes its
    line out), and ``out`` is flushed after the first rows, so a listing starts at once."""
    if fmt not in ("table", "csv", "json"):
        raise QueryError(f"unknown format {fmt!r}; use table, csv or json")
    rows, count = answer.rows, 0
    if fmt == "json":
        for row in rows:
            item = json.dumps(dict(zip(answer.variables, row)), indent=2, ensure_ascii=False)
            out.write(("[\n" if count == 0 else ",\n") + "\n".join("  " + line for line in item.splitlines()))
            count += 1
            _flush(out, count)
        out.write("\n]\n" if count else "[]\n")
        return count
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(answer.variables)
        for row in rows:
            writer.writerow([v if v is not None else "" for v in row])
            count += 1
            _flush(out, count)
        return count

    def cell(v: str | None) -> str:
        text = " ".join(_short(v).split())
        return text if len(text) <= max_width else text[:max_width - 1] + "…"

    first = [[cell(v) for v in row] for row in itertools.islice(rows, sample)]
    widths = [max([len(h)] + [len(r[i]) for r in first]) for i, h in enumerate(answer.variables)]
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip() + "\n"  # noqa: E731
    out.write(line(answer.variables) + line(["-" * w for w in widths]))
    for cells in itertools.chain(first, ([cell(v) for v in row] for row in rows)):
        out.write(line(cells))
        count += 1
        _flush(out, count)
    out.write(f"({count} row{'s' if count != 1 else ''})\n")
    return count


def _flush(out: TextIO, count: int) -> None:
    """Flush the first row at once, then every thousand (a pipe's reader sees rows early)."""
    if count == 1 or count % 1000 == 0:
        out.flush()
