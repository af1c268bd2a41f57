"""1,000 malformed or hostile requests against kg serve on 127.0.0.1: no crash, no 5xx but
timeouts, and no request leaves the machine for a SERVICE clause."""
import http.client
import random
import socket
import threading

import pytest

from conftest import SEEDS, run_kg
from test_serve import start_server, stop


class Listener:
    """A loopback TCP listener that records whether anything connected to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                continue

    def close(self):
        self.running = False
        self.thread.join(timeout=2)
        self.sock.close()


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    store = tmp_path_factory.mktemp("hostile") / "store"
    run_kg("build", SEEDS, "--store", store, "--quiet")
    proc, url = start_server(store, "--timeout", "3", "--max-rows", "100")
    yield proc, url
    stop(proc)


def hostile_requests(rng: random.Random, service_port: int):
    """(method, path, headers, body) tuples, seeded."""
    svc = f"http://127.0.0.1:{service_port}/sparql"
    queries = [
        "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }",
        "SELECT * WHERE " + "{" * rng.randint(65, 5000) + " ?s ?p ?o " + "}" * rng.randint(0, 5000),
        "SELECT * WHERE { " + "(" * 3000 + " ?x " + ")" * 3000 + " }",
        f"SELECT * WHERE {{ SERVICE <{svc}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{svc}> {{ ?s ?p ?o }} }}",
        f"PREFIX x: <{svc}> SELECT * WHERE {{ SeRvIcE x: {{ ?s ?p ?o }} }}",
        "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o } " * 200 + "}",
        "CLEAR ALL", "DROP GRAPH <urn:x>", "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "SELECT ?x WHERE {", "ASK {", "\x00\x01\x02", "SELECT * WHERE { ?s ?p \"unterminated }",
        "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT -1", "DESCRIBE <" + "a" * 100_000 + ">",
        "SELECT (REPLACE(?o, \"(a*)*b\", \"x\") AS ?r) WHERE { GRAPH ?g { ?s ?p ?o } }",
        "SELECT * WHERE { GRAPH ?g { ?a ?b ?c . ?d ?e ?f . ?h ?i ?j } }",
        "x" * 2_000_000,
    ]
    paths = ["/query", "/sparql", "/update", "/", "/../../etc/passwd", "/query/../update", "/%2e%2e/%2e%2e/etc",
             "/query?query=" + "%" * 50, "//query", "/query;x=1", "/nowhere", "/query#frag", "/UPDATE"]
    methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE"]
    types = ["application/sparql-query", "application/x-www-form-urlencoded", "application/sparql-update",
             "text/plain", "multipart/form-data; boundary=x", "application/json", "garbage/\x7f"]
    from urllib.parse import quote

    for _ in range(1000):
        q = rng.choice(queries)
        method, path = rng.choice(methods), rng.choice(paths)
        ctype = rng.choice(types)
        if ctype.startswith("application/x-www-form"):
            body = (rng.choice(["query=", "update=", "query=&query=", ""]) + quote(q)).encode("utf-8", "surrogatepass")
        elif rng.random() < 0.1:
            body = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 3000)))
        else:
            body = q.encode("utf-8", "surrogatepass")
        if method == "GET" and rng.random() < 0.7 and len(q) < 200_000:
            path = "/query?query=" + quote(q)
            body = b""
        headers = {"Content-Type": ctype, "Accept": rng.choice(["*/*", "text/csv", "application/ld+json",
                                                                 "text/turtle", "bogus/type;q=x", ""])}
        if rng.random() < 0.05:
            headers["X-Long"] = "y" * 60_000
        yield method, path, headers, body


def test_a_thousand_hostile_requests(endpoint):
    proc, url = endpoint
    listener = Listener()
    host, port = url.removeprefix("http://").split(":")
    statuses = {}
    try:
        for method, path, headers, body in hostile_requests(random.Random(11), listener.port):
            conn = http.client.HTTPConnection(host, int(port), timeout=30)
            try:
                conn.request(method, path, body=body, headers=headers)
                status = conn.getresponse().status
            except (ConnectionError, http.client.HTTPException):
                status = "closed"  # the server may drop an oversized request; it must stay up
            finally:
                conn.close()
            statuses[status] = statuses.get(status, 0) + 1
            assert proc.poll() is None, f"the server died after {method} {path[:80]}"
            assert status == "closed" or status < 500 or status == 503, (status, method, path[:80])
    finally:
        listener.close()
    assert listener.connections == 0  # no SERVICE request left the server
    assert sum(statuses.values()) == 1000
    assert statuses.get(200, 0) > 0 and statuses.get(400, 0) > 0 and statuses.get(403, 0) > 0


def test_service_can_be_enabled(tmp_path):
    store = tmp_path / "store"
    run_kg("build", SEEDS, "--store", store, "--quiet")
    proc, url = start_server(store, "--allow-service", "--timeout", "5")
    listener = Listener()
    try:
        conn = http.client.HTTPConnection(url.removeprefix("http://"), timeout=30)
        q = f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
        from urllib.parse import quote

        conn.request("GET", "/query?query=" + quote(q))
        conn.getresponse().read()
        conn.close()
    finally:
        listener.close()
        stop(proc)
    assert listener.connections >= 1  # the engine did call out, as asked
