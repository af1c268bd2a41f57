"""Articles given as web addresses, fetched from a local HTTP server on 127.0.0.1 (nothing
leaves the machine): pages, a redirect, a 404, a slow page, a huge page and a file that is
no web page."""
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import ROOT

PAGE = ("<html><head><title>{title}</title><meta name='date' content='2024-05-14'></head><body>"
        "<nav>Home | World | Sport</nav><article><h1>{title}</h1><p>{body}</p></article>"
        "<footer>Share this story</footer></body></html>")
ARTICLES = {
    "/news/talks": ("Talks in Lakeport", "Norvex Group Chairman Karel Dvorak met Ana Lind, the Mayor of "
                    "Lakeport, on Tuesday. They discussed the new harbour and the plans for the year ahead."),
    "/news/regatta": ("Regatta opens", "Tomas Berg, the President of the Valmont Rowing Federation, opened "
                      "the regatta season in Bravograd on Sunday before a crowd of several thousand people."),
}


class Handler(BaseHTTPRequestHandler):
    agents: list[str] = []
    times: list[float] = []

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        Handler.agents.append(self.headers.get("User-Agent", ""))
        Handler.times.append((self.path, time.monotonic()))
        if self.path in ARTICLES:
            title, body = ARTICLES[self.path]
            self._send(200, "text/html; charset=utf-8", PAGE.format(title=title, body=body).encode("utf-8"))
        elif self.path == "/old-address":
            self.send_response(301)
            self.send_header("Location", "/news/regatta")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(3)
            self._send(200, "text/html", b"<html><body><p>late</p></body></html>")
        elif self.path == "/huge":
            self._send(200, "text/html", b"<html><body>" + b"<p>word </p>" * 100_000 + b"</body></html>")
        elif self.path == "/report.pdf":
            self._send(200, "application/pdf", b"%PDF-1.4 not a web page")
        else:
            self._send(404, "text/html", b"<html><body>Not found</body></html>")

    def _send(self, status, kind, body):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_pages_are_read_like_saved_html_and_failures_are_one_line(server):
    from kg.ingest import Fetcher, InputError, read_documents

    Handler.agents.clear()
    Handler.times.clear()
    fetcher = Fetcher(timeout=1.0, max_bytes=200_000, delay=0.3)
    urls = [f"{server}/news/talks", f"{server}/old-address", f"{server}/missing", f"{server}/slow",
            f"{server}/huge", f"{server}/report.pdf"]
    items = list(read_documents(urls, fetcher))
    docs = {i.identifier: i for i in items if not isinstance(i, InputError)}
    errors = {i.where: i.reason for i in items if isinstance(i, InputError)}
    talks = docs[f"{server}/news/talks"]
    assert "Karel Dvorak met Ana Lind" in talks.text and "Share this story" not in talks.text
    assert talks.title == "Talks in Lakeport" and talks.url == f"{server}/news/talks"
    assert talks.date == "2024-05-14"
    moved = docs[f"{server}/old-address"]  # a redirect: read from where it leads, the address kept
    assert moved.url == f"{server}/news/regatta" and "Tomas Berg" in moved.text
    assert "404" in errors[f"{server}/missing"]
    assert "within 1 s" in errors[f"{server}/slow"]
    assert "0.2 MB" in errors[f"{server}/huge"]
    assert "application/pdf" in errors[f"{server}/report.pdf"]
    assert all("\n" not in reason for reason in errors.values())
    assert all(agent.startswith("kg-news/") for agent in Handler.agents)
    # one host: a pause between two requests, counted from the end of the last answer (a
    # redirect is followed at once, as one request)
    gaps = [b - a for (path, a), (_, b) in zip(Handler.times, Handler.times[1:]) if path != "/old-address"]
    assert min(gaps) >= 0.25


def test_kg_build_urls_file(server, tmp_path):
    links = tmp_path / "links.txt"
    links.write_text(f"# my reading list\n{server}/news/talks\n\n{server}/missing\n{server}/news/regatta\n",
                     encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kg", "build", "--urls", str(links), "--delay", "0",
                           "--store", str(tmp_path / "s")], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1  # something was skipped
    assert "Traceback" not in done.stderr
    assert f"kg: skipped {server}/missing: the server answered 404" in done.stderr
    assert done.stdout.startswith("Built 2 documents")
    listed = subprocess.run([sys.executable, "-m", "kg", "list", "--store", str(tmp_path / "s")],
                            capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert f"{server}/news/talks" in listed and f"{server}/news/regatta" in listed


def test_a_line_that_is_no_address_is_named(tmp_path):
    links = tmp_path / "links.txt"
    links.write_text("https://example.org/a\nnot a link\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kg", "build", "--urls", str(links), "--store", str(tmp_path / "s")],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode != 0 and "links.txt:2" in done.stderr and "Traceback" not in done.stderr
