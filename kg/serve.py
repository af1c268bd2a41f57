"""``kg serve``: the store as a SPARQL 1.1 Protocol endpoint.

Built on Werkzeug (requests, responses, content negotiation) and served by Waitress; no
HTTP is parsed here. Routes:

* ``/query`` (also ``/sparql``): GET ``?query=``, POST form ``query=``, or POST with
  ``Content-Type: application/sparql-query``. SELECT/ASK answer in SPARQL JSON, XML, CSV
  or TSV, CONSTRUCT/DESCRIBE in Turtle, N-Triples or JSON-LD, chosen by ``Accept``.
* ``/update``: SPARQL Update (form ``update=`` or ``application/sparql-update``); 403
  unless the server was started with ``--allow-update``.
* ``/``: a small offline page to type a query and see the table.

Every query runs with a time limit and a row cap; a malformed query gets 400 and the
parser's message; a request never brings the server down. While it runs, the server
leaves ``kg-serve.json`` in the store folder so that ``kg build`` can write through it
(with ``--allow-update``) or say why it cannot.
"""
from __future__ import annotations

import json
import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor, TimeoutError
from pathlib import Path

import pyoxigraph as ox
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Request, Response

from .guard import QueryRejected, check
from .namespace import PREFIXES
from .store import SERVE_INFO, Store


RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
MAX_QUERY_BYTES = 1_000_000
MAX_UPDATE_BYTES = 256_000_000  # updates carry documents: kg build through the server


class QueryTimeout(Exception):
    pass


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}


class Endpoint:
    """The WSGI application: a store, and what it may do."""

    def __init__(self, store: Store, allow_update: bool = False, timeout: float = 30.0,
                 max_rows: int = 10_000, threads: int = 4, allow_service: bool = False):
        self.store = store
        self.allow_update = allow_update
        self.allow_service = allow_service
        self.timeout = timeout
        self.max_rows = max_rows
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="kg-query")

    # -- WSGI -----------------------------------------------------------------
    def __call__(self, environ, start_response):
        request = Request(environ, populate_request=False)
        try:
            response = self.dispatch(request)
        except HTTPException as exc:
            response = self.error(exc.code or 400, exc.description or exc.name)
        except Exception as exc:  # never let one request take the server down
            response = self.error(400, f"the request could not be handled ({type(exc).__name__}: {exc})")
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        path = request.path.rstrip("/") or "/"
        if path == "/":
            return Response(PAGE, content_type="text/html; charset=utf-8",
                            headers={"Content-Security-Policy": "default-src 'self'; script-src 'unsafe-inline'; "
                                                                "style-src 'unsafe-inline'"})
        if path in {"/query", "/sparql"}:
            if request.method not in {"GET", "POST"}:
                return self.error(405, "use GET or POST for queries")
            return self.query(request)
        if path == "/update":
            if request.method != "POST":
                return self.error(405, "use POST for updates")
            return self.update(request)
        return self.error(404, f"no such endpoint {request.path!r}; use /query, /update or /")

    @staticmethod
    def error(status: int, message: str) -> Response:
        return Response(message.strip() + "\n", status=status, content_type="text/plain; charset=utf-8")

    # -- queries --------------------------------------------------------------
    def _operation(self, request: Request, name: str, media_type: str, limit: int = MAX_QUERY_BYTES) -> str | None:
        if request.content_length and request.content_length > limit:
            raise _TooLarge()
        request.max_form_memory_size = limit
        request.max_content_length = limit
        if request.method == "GET":
            return request.args.get(name)
        if request.mimetype == media_type:
            return request.get_data(as_text=True)
        if request.mimetype in {"application/x-www-form-urlencoded", "multipart/form-data"}:
            return request.form.get(name)
        return None

    def _read(self, request: Request, name: str, media_type: str, limit: int) -> str | Response:
        """The query or update text of a request, checked; or the error response."""
        try:
            text = self._operation(request, name, media_type, limit)
        except _TooLarge:
            return self.error(413, f"the {name} is larger than {limit} bytes")
        if not text:
            return self.error(400, f"no {name}: send a '{name}' form field (or ?{name}=... with GET for "
                                   f"queries) or a body of type {media_type}")
        try:
            check(text, allow_service=self.allow_service)
        except QueryRejected as exc:
            return self.error(403 if "SERVICE" in str(exc) else 400, str(exc))
        return text

    def query(self, request: Request) -> Response:
        text = self._read(request, "query", "application/sparql-query", MAX_QUERY_BYTES)
        if isinstance(text, Response):
            return text
        future = self.pool.submit(self._evaluate, text, time.monotonic() + self.timeout)
        try:
            kind, payload, truncated = future.result(timeout=self.timeout)
        except TimeoutError:
            return self.error(503, f"the query ran longer than {self.timeout:g} s and was stopped")
        except QueryTimeout:
            return self.error(503, f"the query ran longer than {self.timeout:g} s and was stopped")
        except SyntaxError as exc:
            return self.error(400, f"malformed query: {exc}")
        except (OSError, ValueError, RuntimeError) as exc:
            return self.error(400, f"the query failed: {exc}")
        headers = {"X-KG-Truncated": "true"} if truncated else {}
        if kind == "graph":
            offered = list(GRAPH_TYPES)
            media = request.accept_mimetypes.best_match(offered, default="text/turtle")
            fmt = GRAPH_TYPES[media]
            body = ox.serialize(payload, format=fmt, prefixes=None if fmt == ox.RdfFormat.N_TRIPLES else PREFIXES)
            return Response(body, content_type=f"{media}; charset=utf-8", headers=headers)
        offered = list(RESULT_TYPES)
        media = request.accept_mimetypes.best_match(offered, default="application/sparql-results+json")
        results = ox.parse_query_results(json.dumps(payload).encode("utf-8"), format=ox.QueryResultsFormat.JSON)
        body = results.serialize(format=RESULT_TYPES[media])
        return Response(body, content_type=f"{media}; charset=utf-8", headers=headers)

    def _evaluate(self, text: str, deadline: float):
        """Run a query, reading at most ``max_rows`` rows and stopping at the deadline."""
        answer = self.store.query(text)
        if isinstance(answer, (bool, ox.QueryBoolean)):
            return "boolean", {"head": {}, "boolean": bool(answer)}, False
        rows, truncated = [], False
        for item in answer:
            if len(rows) >= self.max_rows:
                truncated = True
                break
            if time.monotonic() > deadline:
                raise QueryTimeout()
            rows.append(item)
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            bindings = [{v: _json_term(s[v]) for v in variables if s[v] is not None} for s in rows]
            return "select", {"head": {"vars": variables}, "results": {"bindings": bindings}}, truncated
        return "graph", rows, truncated

    # -- updates --------------------------------------------------------------
    def update(self, request: Request) -> Response:
        if not self.allow_update:
            return self.error(403, "this endpoint is read-only; start it with 'kg serve --allow-update' "
                                   "to accept SPARQL updates")
        text = self._read(request, "update", "application/sparql-update", MAX_UPDATE_BYTES)
        if isinstance(text, Response):
            return text
        try:
            self.store.update(text)
        except SyntaxError as exc:
            return self.error(400, f"malformed update: {exc}")
        except (OSError, ValueError, RuntimeError) as exc:
            return self.error(400, f"the update failed: {exc}")
        return Response(status=204)


class _TooLarge(Exception):
    pass


def serve(store: Store, folder: Path | None, host: str = "127.0.0.1", port: int = 7878,
          allow_update: bool = False, timeout: float = 30.0, max_rows: int = 10_000,
          announce=print, allow_service: bool = False) -> None:
    """Serve until interrupted; ``folder`` gets a ``kg-serve.json`` while the server runs."""
    import waitress

    app = Endpoint(store, allow_update=allow_update, timeout=timeout, max_rows=max_rows,
                   allow_service=allow_service)
    server = waitress.create_server(app, host=host, port=port, threads=8, clear_untrusted_proxy_headers=True)
    actual_port = server.effective_port
    info = folder / SERVE_INFO if folder is not None else None
    if info is not None:
        info.write_text(json.dumps({"host": host, "port": actual_port, "pid": os.getpid(),
                                    "allow_update": allow_update}), encoding="utf-8")
    announce(f"Serving {store.location} at http://{host}:{actual_port}/ "
             f"({'read-write' if allow_update else 'read-only'}; SPARQL at /query). Press Ctrl-C to stop.")
    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # a service manager's stop cleans up like Ctrl-C
    try:
        server.run()
    except KeyboardInterrupt:
        announce("Stopped.")
    finally:
        server.close()
        app.pool.shutdown(wait=False, cancel_futures=True)
        if info is not None and info.exists():
            info.unlink()


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>kg SPARQL endpoint</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
textarea { width: 100%; height: 12em; font-family: ui-monospace, monospace; font-size: 13px; }
table { border-collapse: collapse; margin-top: 1em; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } #status { color: #666; margin-left: 1em; }
</style></head>
<body>
<h1>kg SPARQL endpoint</h1>
<p>Type a SPARQL query and press Run. Documents are named graphs, so match triples inside
<code>GRAPH ?g { ... }</code>. The endpoint answers the SPARQL 1.1 Protocol at <code>/query</code>.</p>
<textarea id="q">PREFIX kg: <https://w3id.org/kg-news/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?person ?organization WHERE {
  GRAPH ?g { ?p kg:officialOf ?o . ?p rdfs:label ?person . ?o rdfs:label ?organization }
} LIMIT 100</textarea>
<div><button id="run">Run</button><span id="status"></span></div>
<div id="out"></div>
<script>
"use strict";
function cell(tag, text) { const c = document.createElement(tag); c.textContent = text; return c; }
document.getElementById("run").addEventListener("click", async function () {
  const status = document.getElementById("status"), out = document.getElementById("out");
  status.textContent = "running…"; out.replaceChildren();
  const body = new URLSearchParams({query: document.getElementById("q").value});
  const response = await fetch("query", {method: "POST", body: body,
    headers: {"Accept": "application/sparql-results+json, text/turtle;q=0.5"}});
  const text = await response.text();
  if (!response.ok) { status.textContent = "error " + response.status; out.append(cell("pre", text)); return; }
  if (!(response.headers.get("Content-Type") || "").includes("json")) { status.textContent = ""; out.append(cell("pre", text)); return; }
  const data = JSON.parse(text);
  if ("boolean" in data) { status.textContent = ""; out.append(cell("p", String(data.boolean))); return; }
  const table = document.createElement("table"), head = document.createElement("tr");
  for (const v of data.head.vars) head.append(cell("th", v));
  table.append(head);
  for (const b of data.results.bindings) {
    const row = document.createElement("tr");
    for (const v of data.head.vars) row.append(cell("td", b[v] ? b[v].value : ""));
    table.append(row);
  }
  status.textContent = data.results.bindings.length + " rows" +
    (response.headers.get("X-KG-Truncated") ? " (cut at the row limit)" : "");
  out.append(table);
});
</script>
</body></html>
"""
