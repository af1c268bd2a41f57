"""``kg serve``: the store as a SPARQL 1.1 Protocol endpoint.

Built on Werkzeug (requests, responses, content negotiation) and served by Waitress; no
HTTP is parsed here. Routes:

* ``/query`` (also ``/sparql``): GET ``?query=``, POST form ``query=``, or POST with
  ``Content-Type: application/sparql-query``. SELECT/ASK answer in SPARQL JSON, XML, CSV
  or TSV, CONSTRUCT/DESCRIBE in Turtle, N-Triples or JSON-LD, chosen by ``Accept``.
* ``/update``: SPARQL Update (form ``update=`` or ``application/sparql-update``); 403
  unless the server was started with ``--allow-update``.
* ``/``: the explorer (``kg/explore.py``, ``kg/static/explorer/``): search entities as
  one types, an entity's facts, posts and neighbourhood, how two entities are connected.
  Each view has its address: ``/?q=TEXT`` (a search; one match opens the entity),
  ``/?entity=IRI``, ``/?from=IRI&to=IRI``. Its scripts and styles are served from the
  package under ``/explorer/`` (vis-network is the file ``kg viz`` inlines, from pyvis),
  with a Content-Security-Policy that runs no inline script.
* ``/api/search?q=&limit=``, ``/api/entity?iri=&relation=&from=&to=&modality=&offset=&limit=``
  (``&brief=1``: names and type only),
  ``/api/neighbours?iri=&relation=&direction=&offset=&limit=&steps=1|2``,
  ``/api/connect?from=&to=``: the explorer's read-only JSON API (errors: 400 or 404 with
  ``{"error": "..."}``).
* ``/sparql-editor``: a small offline page to type a SPARQL query and see the table.

Every query runs with a time limit (and a row cap when one is set). A SELECT's rows are
streamed in batches as the store finds them, so a listing of the whole store starts at once
and the server's memory stays flat; a malformed query gets 400 and the parser's message; a request never brings the server down. While it runs, the server
leaves ``kg-serve.json`` in the store folder so that ``kg build`` can write through it
(with ``--allow-update``) or say why it cannot.
"""
from __future__ import annotations

import json
import logging
import os
import queue
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Request, Response

from .explore import ExploreError, Explorer
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

#: The explorer's page, script and style (shipped in the package).
EXPLORER = Path(__file__).resolve().parent / "static" / "explorer"


def _vis_network(name: str) -> Path:
    """vis-network's script and style: the copy inside pyvis that ``kg viz`` inlines."""
    import pyvis

    return Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / name


#: What ``/explorer/NAME`` serves: no other file can be asked for.
ASSETS = {
    "explorer.js": (lambda: EXPLORER / "explorer.js", "text/javascript; charset=utf-8"),
    "explorer.css": (lambda: EXPLORER / "explorer.css", "text/css; charset=utf-8"),
    "vis-network.min.js": (lambda: _vis_network("vis-network.min.js"), "text/javascript; charset=utf-8"),
    "vis-network.css": (lambda: _vis_network("vis-network.css"), "text/css; charset=utf-8"),
}
#: The explorer page's policy: scripts, styles and fetches from this server only, no inline
#: script or style in markup, no plugins, no framing.
EXPLORER_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                   "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                   "frame-ancestors 'none'")
SAFE_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
#: How long an explorer search waits for the name index to be (re)built before it answers
#: with a slower SPARQL search.
INDEX_WAIT = 3.0


#: Rows per streamed batch of a SELECT answer.
STREAM_BATCH = 500
#: Bytes of an answer the server keeps for a client before it waits for that client to read.
OUTBUF_HIGH_WATERMARK = 1 << 20


class _Frame:
    """A SELECT answer written batch by batch by pyoxigraph's results serializer: each batch
    is serialized on its own, and its rows are cut out of the frame (head and closing) that
    the same format gives an empty answer, so the batches join into one document."""

    def __init__(self, variables: list[str], fmt):
        self.variables, self.fmt = variables, fmt
        empty = self._serialize([])
        split = {ox.QueryResultsFormat.JSON: b'"bindings":[', ox.QueryResultsFormat.XML: b"<results>"}.get(fmt)
        cut = empty.index(split) + len(split) if split else len(empty)
        self.head, self.tail = empty[:cut], empty[cut:]
        self.started = False

    def _serialize(self, rows: list) -> bytes:
        doc = {"head": {"vars": self.variables},
               "results": {"bindings": [{v: _json_term(r[v]) for v in self.variables if r[v] is not None}
                                        for r in rows]}}
        results = ox.parse_query_results(json.dumps(doc).encode("utf-8"), format=ox.QueryResultsFormat.JSON)
        return results.serialize(format=self.fmt)

    def whole(self, rows: list) -> bytes:
        return self._serialize(rows)

    def start(self, rows: list) -> bytes:
        return self.head + self.more(rows)

    def more(self, rows: list) -> bytes:
        if not rows:
            return b""
        data = self._serialize(rows)
        assert data.startswith(self.head) and data.endswith(self.tail), "unexpected results layout"
        body = data[len(self.head):len(data) - len(self.tail)]
        joint = b"," if self.started and self.fmt == ox.QueryResultsFormat.JSON else b""
        self.started = True
        return joint + body

    def end(self) -> bytes:
        return self.tail


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
                 max_rows: int = 0, threads: int = 4, allow_service: bool = False):
        self.store = store
        self.allow_update = allow_update
        self.allow_service = allow_service
        self.timeout = timeout
        self.max_rows = max_rows
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="kg-query")
        self.explorer = Explorer(store, wait=INDEX_WAIT)

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
            return self.explorer_page(request)
        if path.startswith("/api/"):
            return self.api(request, path[len("/api/"):])
        if path.startswith("/explorer/"):
            return self.asset(request, path[len("/explorer/"):])
        if path == "/sparql-editor":
            return Response(PAGE, content_type="text/html; charset=utf-8",
                            headers={"Content-Security-Policy": "default-src 'self'; script-src 'unsafe-inline'; "
                                                                "style-src 'unsafe-inline'", **SAFE_HEADERS})
        if path in {"/query", "/sparql"}:
            if request.method not in {"GET", "POST"}:
                return self.error(405, "use GET or POST for queries")
            return self.query(request)
        if path == "/update":
            if request.method != "POST":
                return self.error(405, "use POST for updates")
            return self.update(request)
        return self.error(404, f"no such endpoint {request.path!r}; use / (the explorer), /sparql-editor, "
                               "/query, /update or /api/")

    # -- the explorer ---------------------------------------------------------
    def explorer_page(self, request: Request) -> Response:
        """The explorer's page. ``/?q=TEXT`` with exactly one entity named so opens that
        entity's page (a redirect to ``/?entity=IRI``); anything else is read by the page's
        script from the address."""
        if request.method not in {"GET", "HEAD"}:
            return self.error(405, "use GET for the explorer")
        text = request.args.get("q")
        if text and set(request.args) == {"q"}:
            try:
                found = self.pool.submit(self.explorer.search, text, 2).result(timeout=self.timeout)
            except (ExploreError, TimeoutError):
                found = {"results": [], "more": True}
            if len(found["results"]) == 1 and not found["more"]:
                target = "?" + urlencode({"entity": found["results"][0]["iri"]})
                return Response(status=302, headers={"Location": target, **SAFE_HEADERS})
        body = (EXPLORER / "index.html").read_bytes()
        return Response(body, content_type="text/html; charset=utf-8",
                        headers={"Content-Security-Policy": EXPLORER_POLICY, "Cache-Control": "no-cache",
                                 **SAFE_HEADERS})

    def asset(self, request: Request, name: str) -> Response:
        if name not in ASSETS:
            return self.error(404, f"no such file {name!r} in the explorer")
        path, media = ASSETS[name]
        return Response(path().read_bytes(), content_type=media,
                        headers={"Cache-Control": "no-cache", **SAFE_HEADERS})

    def api(self, request: Request, name: str) -> Response:
        """The explorer's JSON API: read-only, GET only, answers as ``application/json``."""
        args = request.args
        calls = {
            "search": lambda: self.explorer.search(args.get("q", ""), args.get("limit", 10)),
            "entity": lambda: self.explorer.brief(args.get("iri")) if args.get("brief") else
            self.explorer.entity(args.get("iri"), args.get("relation"), args.get("from"), args.get("to"),
                                 args.get("modality"), args.get("offset", 0), args.get("limit", 20)),
            "neighbours": lambda: self.explorer.neighbours(args.get("iri"), args.get("relation"),
                                                           args.get("direction"), args.get("offset", 0),
                                                           args.get("limit", 50), args.get("steps", 1)),
            "connect": lambda: self.explorer.connect(args.get("from"), args.get("to")),
        }
        if name not in calls:
            return self.json_error(404, f"no such API {name!r}; use search, entity, neighbours or connect")
        if request.method not in {"GET", "HEAD"}:
            return self.json_error(405, "the explorer's API only reads: use GET")
        future = self.pool.submit(calls[name])
        try:
            answer = future.result(timeout=self.timeout)
        except TimeoutError:
            return self.json_error(503, f"the answer took longer than {self.timeout:g} s and was given up")
        except ExploreError as exc:
            return self.json_error(exc.status, str(exc))
        except Exception as exc:  # a store that fails to answer: still one line of JSON
            return self.json_error(500, f"the explorer could not answer ({type(exc).__name__}: {exc})")
        return self.json(answer)

    @staticmethod
    def json(data, status: int = 200) -> Response:
        # <, > and & escaped too: the answer is harmless even if something reads it as HTML
        body = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e") \
            .replace("&", "\\u0026")
        return Response(body, status=status, content_type="application/json; charset=utf-8",
                        headers={"Cache-Control": "no-store", **SAFE_HEADERS})

    def json_error(self, status: int, message: str) -> Response:
        return self.json({"error": " ".join(message.split())}, status)

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
        """Answer a query. A SELECT's rows are streamed in batches as the store finds them:
        the first batch decides the status (an error or a time-out before it gets 400 or
        503); after it, the time limit and the row cap end the answer where they fall."""
        text = self._read(request, "query", "application/sparql-query", MAX_QUERY_BYTES)
        if isinstance(text, Response):
            return text
        media = request.accept_mimetypes.best_match(list(RESULT_TYPES), default="application/sparql-results+json")
        graph_media = request.accept_mimetypes.best_match(list(GRAPH_TYPES), default="text/turtle")
        deadline = time.monotonic() + self.timeout
        pieces: queue.Queue = queue.Queue(maxsize=4)  # a few batches ahead of the client, no more
        cancel = threading.Event()
        self.pool.submit(self._produce, text, deadline, RESULT_TYPES[media], pieces, cancel)
        try:
            kind, payload, truncated = pieces.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            cancel.set()
            return self.error(503, f"the query ran longer than {self.timeout:g} s and was stopped")
        if kind == "error":
            if isinstance(payload, QueryTimeout):
                return self.error(503, f"the query ran longer than {self.timeout:g} s and was stopped")
            if isinstance(payload, SyntaxError):
                return self.error(400, f"malformed query: {payload}")
            return self.error(400, f"the query failed: {payload}")
        headers = {"X-KG-Truncated": "true"} if truncated else {}
        if self.max_rows:
            headers["X-KG-Row-Limit"] = str(self.max_rows)
        if kind == "graph":
            fmt = GRAPH_TYPES[graph_media]
            body = ox.serialize(payload, format=fmt, prefixes=None if fmt == ox.RdfFormat.N_TRIPLES else PREFIXES)
            return Response(body, content_type=f"{graph_media}; charset=utf-8", headers=headers)
        if kind == "whole":
            return Response(payload, content_type=f"{media}; charset=utf-8", headers=headers)

        def rest():  # kind == "stream": the first batch, then the others as they come
            try:
                yield payload
                while True:
                    more, piece, _ = pieces.get(timeout=max(0.0, deadline - time.monotonic()) + 5)
                    if more == "error":  # failed after the first rows: the answer stops there
                        return
                    yield piece
                    if more == "end":
                        return
            except queue.Empty:
                return
            finally:
                cancel.set()  # the client went away, or the answer is over

        headers["X-KG-Time-Limit"] = f"{self.timeout:g}"
        return Response(rest(), content_type=f"{media}; charset=utf-8", headers=headers, direct_passthrough=True)

    def _produce(self, text: str, deadline: float, fmt, pieces: queue.Queue, cancel: threading.Event) -> None:
        """Run a query (in the pool) and put its answer in ``pieces``: ``("whole", bytes,
        truncated)`` when it fits in one batch, or ``("stream", bytes, False)`` then
        ``("more", bytes, _)`` ... ``("end", bytes, _)``; ``("graph", triples, truncated)``
        for CONSTRUCT/DESCRIBE, ``("error", exception, _)`` when it fails before any row."""
        def put(item) -> bool:
            while not cancel.is_set():
                try:
                    pieces.put(item, timeout=0.5)
                    return True
                except queue.Full:
                    continue
            return False

        try:
            answer = self.store.query(text)
            if isinstance(answer, (bool, ox.QueryBoolean)):
                boolean = json.dumps({"head": {}, "boolean": bool(answer)}).encode("utf-8")
                put(("whole", ox.parse_query_results(boolean, format=ox.QueryResultsFormat.JSON).serialize(format=fmt),
                     False))
                return
            if not isinstance(answer, ox.QuerySolutions):
                triples, _ = self._read_rows(answer, deadline, cancel, self.max_rows + 1 if self.max_rows else None)
                truncated = bool(self.max_rows) and len(triples) > self.max_rows
                put(("graph", triples[:self.max_rows] if truncated else triples, truncated))
                return
            frame = _Frame([v.value for v in answer.variables], fmt)
            rows, full = self._read_rows(answer, deadline, cancel, self._room(0))
            if not full:  # the whole answer in one batch
                put(("whole", frame.whole(rows), False))
                return
            if self.max_rows and len(rows) >= self.max_rows:  # the row cap within the first batch
                more = self._read_rows(answer, deadline, cancel, 1)[0]
                put(("whole", frame.whole(rows), bool(more)))
                return
            if not put(("stream", frame.start(rows), False)):
                return
            sent = len(rows)
            while True:
                room = self._room(sent)
                rows, full = self._read_rows(answer, deadline, cancel, room, cut_at_deadline=True) if room \
                    else ([], False)
                sent += len(rows)
                if not full or not room or self._room(sent) == 0 or time.monotonic() > deadline:
                    put(("end", frame.more(rows) + frame.end(), False))
                    return
                if not put(("more", frame.more(rows), False)):
                    return
        except Exception as exc:  # handed to the request's thread, which answers 400 or 503
            put(("error", exc, False))

    def _room(self, sent: int) -> int:
        """How many rows the next batch may hold under the row cap."""
        return STREAM_BATCH if not self.max_rows else max(0, min(STREAM_BATCH, self.max_rows - sent))

    @staticmethod
    def _read_rows(answer, deadline: float, cancel: threading.Event, limit: int | None,
                   cut_at_deadline: bool = False) -> tuple[list, bool]:
        """Up to ``limit`` items of ``answer``; ``(items, True)`` when more were left. At the
        deadline: QueryTimeout, or the items so far when ``cut_at_deadline``."""
        items = []
        for item in answer:
            if time.monotonic() > deadline or cancel.is_set():
                if cut_at_deadline:
                    return items, True
                raise QueryTimeout()
            items.append(item)
            if limit is not None and len(items) >= limit:
                return items, True
        return items, False

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
        self.explorer.store_changed()  # the explorer builds its name index again
        return Response(status=204)


class _TooLarge(Exception):
    pass


class QueueNotice(logging.Filter):
    """Waitress warns "Task queue depth is N" for each request that waits; under many
    clients that is thousands of lines. This lets one through every ``every`` seconds,
    saying how many were held back and the deepest queue seen."""

    def __init__(self, every: float = 60.0, clock=time.monotonic):
        super().__init__()
        self.every, self.clock = every, clock
        self.last: float | None = None
        self.held, self.deepest = 0, 0

    def filter(self, record: logging.LogRecord) -> bool:
        depth = record.args[0] if isinstance(record.args, tuple) and record.args else 0
        self.deepest = max(self.deepest, depth if isinstance(depth, int) else 0)
        now = self.clock()
        if self.last is not None and now - self.last < self.every:
            self.held += 1
            return False
        if self.held:
            record.msg = (f"Requests are waiting for a free thread (queue depth {depth}; the deepest "
                          f"{self.deepest}; {self.held} more such notices held back)")
            record.args = ()
        self.last, self.held, self.deepest = now, 0, 0
        return True


def serve(store: Store, folder: Path | None, host: str = "127.0.0.1", port: int = 7878,
          allow_update: bool = False, timeout: float = 30.0, max_rows: int = 0,
          announce=print, allow_service: bool = False) -> None:
    """Serve until interrupted; ``folder`` gets a ``kg-serve.json`` while the server runs."""
    import waitress

    app = Endpoint(store, allow_update=allow_update, timeout=timeout, max_rows=max_rows,
                   allow_service=allow_service)
    app.explorer.prepare()  # check the explorer's name index (build it if missing) in the background
    notice = QueueNotice()
    logging.getLogger("waitress.queue").addFilter(notice)
    # a streamed answer waits for a slow client once 1 MB of it is unsent (waitress' default
    # is 16 MB a connection): what the server holds of a listing stays small whatever its rows
    server = waitress.create_server(app, host=host, port=port, threads=8, clear_untrusted_proxy_headers=True,
                                    outbuf_high_watermark=OUTBUF_HIGH_WATERMARK)
    actual_port = server.effective_port
    info = folder / SERVE_INFO if folder is not None else None
    if info is not None:
        info.write_text(json.dumps({"host": host, "port": actual_port, "pid": os.getpid(),
                                    "allow_update": allow_update}), encoding="utf-8")
    announce(f"Serving {store.location} at http://{host}:{actual_port}/ "
             f"({'read-write' if allow_update else 'read-only'}; the explorer at /, SPARQL at /query and a "
             f"query page at /sparql-editor). Press Ctrl-C to stop.")
    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # a service manager's stop cleans up like Ctrl-C
    try:
        server.run()
    except KeyboardInterrupt:
        announce("Stopped.")
    finally:
        server.close()
        logging.getLogger("waitress.queue").removeFilter(notice)
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
<p><a href="./">&larr; the explorer</a></p>
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
  const limit = Number(response.headers.get("X-KG-Row-Limit") || 0);
  const cut = response.headers.get("X-KG-Truncated") || (limit && data.results.bindings.length >= limit);
  status.textContent = data.results.bindings.length + " rows" + (cut ? " (cut at the row limit)" : "");
  out.append(table);
});
</script>
</body></html>
"""
