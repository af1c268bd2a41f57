"""Stage 1: read articles from files and folders into ``Document`` records.

``read_documents(paths)`` yields a ``Document`` for every article it can read and an
``InputError`` (a one-line message naming the file and the reason) for every one it
cannot, so one bad file never stops the others.
"""
from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, Iterator

from .records import Document

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SUPPORTED = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

# " date 2023-03-22 The first paragraph ..." : the publication date, then the text.
_DATE_PREFIX = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*", re.IGNORECASE)
_ISO_DATE = re.compile(r"\A\d{4}-\d{2}-\d{2}")


MAX_CHARS = 5_000_000  # longest article kg reads (about 800,000 words)


class InputError(Exception):
    """A file or record that could not be read; ``str()`` is a one-line message."""

    def __init__(self, where: str, reason: str):
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


def split_date_prefix(text: str) -> tuple[str | None, str]:
    """Return ``(date, text)`` with a leading ``date YYYY-MM-DD`` prefix removed.

    >>> split_date_prefix(" date 2023-03-22 The committee met.")
    ('2023-03-22', 'The committee met.')
    """
    match = _DATE_PREFIX.match(text)
    if not match:
        return None, text
    return match.group(1), text[match.end():]


class _TextFromHTML(HTMLParser):
    """Visible text of an HTML page, one block element per paragraph."""

    SKIP = {"script", "style", "noscript", "template", "head", "nav", "footer", "aside"}
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
             "section", "article", "blockquote", "header", "pre"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)

    def text(self) -> str:
        joined = "".join(self.parts)
        paragraphs = (re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", joined))
        return "\n\n".join(p for p in paragraphs if p)


def html_to_text(markup: str) -> str:
    """Visible text of any HTML (the fallback when no article can be found in a page)."""
    parser = _TextFromHTML()
    parser.feed(markup)
    parser.close()
    return html.unescape(parser.text())


def web_article(markup: str) -> tuple[str, dict]:
    """The article of a saved web page and its metadata, with trafilatura (which also finds
    the publication date with htmldate): navigation, ads, comments and scripts stay out."""
    import trafilatura

    found = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False,
                                        include_tables=False, deduplicate=True, favor_precision=True)
    text = (found.text or "").strip() if found is not None else ""
    if not text:
        return html_to_text(markup), {}
    paragraphs = "\n\n".join(line.strip() for line in text.split("\n") if line.strip())
    meta = {"title": found.title, "author": found.author, "url": found.url, "date": found.date,
            "publisher": found.sitename}
    return paragraphs, {k: v for k, v in meta.items() if v}


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^#{1,6}\s*", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def front_matter(markup: str) -> dict:
    """The YAML front matter of a Markdown file (title, date, url, source, author)."""
    import yaml

    match = _FRONT_MATTER.match(markup)
    if not match:
        return {}
    try:
        data = yaml.safe_load(match.group(0).strip().strip("-"))
    except yaml.YAMLError:
        return {}
    if not isinstance(data, dict):
        return {}
    meta = {k: data.get(k) for k in ("title", "author", "url", "date")}
    meta["publisher"] = data.get("source") or data.get("publisher")
    return {k: str(v.isoformat() if hasattr(v, "isoformat") else v) for k, v in meta.items() if v}


def markdown_to_text(markup: str) -> str:
    text = _FRONT_MATTER.sub("", markup)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub("", text)
    return _MD_EMPHASIS.sub("", text)


def _read_text(path: Path, shown: str) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(shown, "no such file") from None
    except PermissionError:
        raise InputError(shown, "permission denied") from None
    except IsADirectoryError:
        raise InputError(shown, "is a folder, not a file") from None
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            raise InputError(shown, "is a symbolic link that loops") from None
        raise InputError(shown, f"cannot be read ({exc.strerror or exc})") from None
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(shown, "looks like a binary file, not text")
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            shown, f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it to UTF-8 and try again") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _document(identifier: str, text: str, date: str | None, shown: str, meta: dict | None = None,
              max_chars: int | None = None) -> Document:
    max_chars = MAX_CHARS if max_chars is None else max_chars
    prefix_date, text = split_date_prefix(text)
    meta = dict(meta or {})
    date = date or prefix_date or meta.pop("date", None)
    meta.pop("date", None)
    if date is not None:
        if not _ISO_DATE.match(str(date)):
            raise InputError(shown, f"date {date!r} is not in YYYY-MM-DD form")
        date = str(date)[:10]
    if not text.strip():
        raise InputError(shown, "is empty (no text to read)")
    if len(text) > max_chars:
        raise InputError(shown, f"has {len(text):,} characters; kg reads articles of up to "
                         f"{max_chars:,} (split it into several files, or raise the limit with --max-chars)")
    meta = {k: str(v).strip() for k, v in meta.items() if k in {"title", "author", "url", "publisher"} and v}
    return Document(identifier=identifier, text=text, date=date, source=shown, **meta)


def read_file(path: Path, identifier: str, shown: str | None = None,
              max_chars: int | None = None) -> Iterator[Document | InputError]:
    """Read one file; JSONL files give one document per line. ``max_chars``: the longest
    text read (default ``MAX_CHARS``); a longer one is an error naming the file."""
    shown = shown or str(path)
    max_chars = MAX_CHARS if max_chars is None else max_chars
    suffix = path.suffix.lower()
    try:
        if path.is_symlink():
            try:
                path.resolve(strict=True)
            except FileNotFoundError:
                raise InputError(shown, "no such file (a symbolic link to nowhere)") from None
            except (RuntimeError, OSError):
                raise InputError(shown, "is a symbolic link that loops") from None
        if suffix not in SUPPORTED:
            raise InputError(shown, f"unsupported file type {suffix or '(none)'!r}; "
                             f"kg reads {', '.join(sorted(SUPPORTED))}")
        if suffix not in JSONL_SUFFIXES:
            try:
                size = path.stat().st_size
            except OSError:
                size = 0
            if size > 4 * max_chars:
                raise InputError(shown, f"is {size / 1e6:.1f} MB; kg reads articles of up to {max_chars:,} "
                                 f"characters (split it into several files, or raise the limit with --max-chars)")
        text = _read_text(path, shown)
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(text, shown, max_chars)
            return
        meta: dict = {}
        if suffix in HTML_SUFFIXES:
            text, meta = web_article(text)
        elif suffix in MARKDOWN_SUFFIXES:
            meta = front_matter(text)
            text = markdown_to_text(text)
        yield _document(identifier, text, None, shown, meta, max_chars)
    except InputError as error:
        yield error
    except Exception as exc:  # a reader's own failure (a missing module included): this file only
        first = (str(exc).strip().splitlines() or [""])[0]
        yield InputError(shown, f"could not be read ({type(exc).__name__}: {first})" if first
                         else f"could not be read ({type(exc).__name__})")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _read_jsonl(text: str, shown: str, max_chars: int | None = None) -> Iterator[Document | InputError]:
    if not text.strip():
        yield InputError(shown, "is empty (no records)")
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{shown}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield InputError(where, "a record must be a JSON object with 'id' and 'text'")
            continue
        missing = [k for k in ("id", "text") if record.get(k) in (None, "")]
        if missing:
            yield InputError(where, f"record has no {' or '.join(repr(m) for m in missing)}")
            continue
        if not isinstance(record["text"], str):
            yield InputError(where, "'text' must be a string")
            continue
        broken = next((k for k, v in record.items() if isinstance(v, str) and _SURROGATE.search(v)), None)
        if broken is not None:  # JSON allows "\ud800" escapes that are not characters
            yield InputError(where, f"{broken!r} holds an invalid character (an unpaired UTF-16 "
                                    f"surrogate escape such as \\ud800)")
            continue
        try:
            meta = {"title": record.get("title"), "author": record.get("author"), "url": record.get("url"),
                    "publisher": record.get("source") or record.get("publisher")}
            yield _document(str(record["id"]), record["text"].replace("\r\n", "\n"),
                            record.get("date"), where, {k: v for k, v in meta.items() if isinstance(v, str) and v},
                            max_chars)
        except InputError as error:
            yield error


def _walk(folder: Path) -> Iterator[Path]:
    """Supported files below ``folder`` in a stable order, not following link loops."""
    seen: set[Path] = set()
    stack = [folder]
    while stack:
        current = stack.pop()
        real = current.resolve()
        if real in seen:
            continue
        seen.add(real)
        try:
            children = sorted(current.iterdir(), key=lambda p: p.name)
        except PermissionError:
            yield current  # reported by read_file as unreadable
            continue
        folders = []
        for child in children:
            if child.name.startswith("."):
                continue
            try:
                is_dir = child.is_dir()
            except OSError:  # a link loop, or a link to nowhere
                yield child
                continue
            if is_dir:
                folders.append(child)
            elif child.suffix.lower() in SUPPORTED or (child.is_symlink() and not child.exists()):
                yield child
        stack.extend(reversed(folders))  # files first, then sub-folders, each in name order


# --------------------------------------------------------------------- web pages by address
#: How kg introduces itself to web servers.
USER_AGENT = "kg-news/{version} (knowledge-graph builder; reads one page per request, politely)"
FETCH_TIMEOUT = 20.0  # seconds a server may take to answer, and to send the whole page
MAX_PAGE_BYTES = 5_000_000  # larger pages are not read
HOST_DELAY = 1.0  # seconds between two requests to one host
_WEB_TYPES = ("text/html", "application/xhtml+xml")


def is_url(value: str | Path) -> bool:
    return str(value).startswith(("http://", "https://"))


def read_url_list(path: str | Path) -> list[str]:
    """The addresses of a text file of links: one a line; blank lines and '#' comments skipped.
    Raises ``InputError`` when the file cannot be read or a line is not an address."""
    shown = str(path)
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(shown, "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(shown, f"cannot be read ({type(exc).__name__})") from None
    urls = []
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not is_url(line):
            raise InputError(f"{shown}:{number}", f"{line[:60]!r} is not an http:// or https:// address")
        urls.append(line)
    return urls


class Fetcher:
    """Reads web pages by address, one at a time: a clear user agent, a timeout, a size cap,
    and a pause between two requests to the same host, counted from the end of the last answer
    (so a slow server is never asked faster than ``delay`` apart)."""

    def __init__(self, timeout: float | None = None, max_bytes: int | None = None, delay: float | None = None):
        import requests

        from . import __version__

        self.timeout = FETCH_TIMEOUT if timeout is None else timeout
        self.max_bytes = MAX_PAGE_BYTES if max_bytes is None else max_bytes
        self.delay = HOST_DELAY if delay is None else delay
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT.format(version=__version__)
        self._last: dict[str, float] = {}

    def _wait(self, host: str) -> None:
        import time

        if host in self._last:
            pause = self._last[host] + self.delay - time.monotonic()
            if pause > 0:
                time.sleep(pause)

    def read(self, url: str, max_chars: int | None = None) -> Iterator[Document | InputError]:
        """The page at ``url`` as a document (identified by its address), or a one-line error."""
        try:
            markup, final, kind = self._get(url)
            if kind == "text/plain":
                text, meta = markup, {}
            else:
                text, meta = web_article(markup)
            meta = {**meta, "url": final}
            yield _document(url, text, None, url, meta, max_chars)
        except InputError as error:
            yield error
        except Exception as exc:  # this page only
            first = (str(exc).strip().splitlines() or [""])[0][:200]
            yield InputError(url, f"could not be read ({type(exc).__name__}{': ' + first if first else ''})")

    def _get(self, url: str) -> tuple[str, str, str]:
        import time

        from urllib.parse import urlsplit

        import requests

        host = urlsplit(url).netloc
        self._wait(host)
        start = time.monotonic()
        try:
            with self.session.get(url, timeout=self.timeout, stream=True, allow_redirects=True) as response:
                if response.status_code >= 400:
                    raise InputError(url, f"the server answered {response.status_code} {response.reason or ''}".rstrip())
                kind = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
                if kind not in _WEB_TYPES and kind != "text/plain":
                    raise InputError(url, f"is not a web page (its type is {kind or 'not given'}); "
                                          "kg reads HTML pages and plain text")
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > self.max_bytes:
                    raise InputError(url, f"is {int(length) / 1e6:.1f} MB; kg reads pages of up to "
                                          f"{self.max_bytes / 1e6:g} MB")
                body = bytearray()
                for piece in response.iter_content(64 * 1024):
                    body += piece
                    if len(body) > self.max_bytes:
                        raise InputError(url, f"is larger than {self.max_bytes / 1e6:g} MB; kg reads pages "
                                              f"of up to {self.max_bytes / 1e6:g} MB")
                    if time.monotonic() - start > self.timeout:
                        raise InputError(url, f"took more than {self.timeout:g} s to send; skipped")
                charset = response.encoding if "charset" in (response.headers.get("Content-Type") or "") else None
                return _decode(bytes(body), charset), response.url, kind
        except requests.exceptions.TooManyRedirects:
            raise InputError(url, "redirects too many times") from None
        except requests.exceptions.Timeout:
            raise InputError(url, f"did not answer within {self.timeout:g} s") from None
        except requests.exceptions.ConnectionError as exc:
            reason = type(exc).__name__
            raise InputError(url, f"cannot be reached ({reason})") from None
        finally:
            self._last[host] = time.monotonic()


def _decode(body: bytes, charset: str | None) -> str:
    for encoding in filter(None, (charset, "utf-8")):
        try:
            return body.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return body.decode("cp1252", errors="replace")


def read_documents(paths: Iterable[str | Path], fetcher: Fetcher | None = None,
                   max_chars: int | None = None) -> Iterator[Document | InputError]:
    """Yield documents (and errors) from files, folders, JSONL files and web addresses.

    A file given directly is identified by its name; a file found in a folder by its
    path relative to that folder, so ``a/article.txt`` and ``b/article.txt`` stay two
    documents. JSONL records are identified by their ``id``; web pages by their address
    (fetched by ``fetcher``, one made with the defaults when none is given).
    """
    for raw in paths:
        if is_url(raw):
            fetcher = fetcher or Fetcher()
            yield from fetcher.read(str(raw), max_chars)
            continue
        path = Path(raw)
        if path.is_dir():
            for file in _walk(path):
                if file.is_dir():
                    yield InputError(str(file), "permission denied (folder cannot be listed)")
                    continue
                identifier = file.relative_to(path).as_posix()
                yield from read_file(file, identifier, str(file), max_chars)
        elif not path.exists() and not path.is_symlink():
            yield InputError(str(path), "no such file or folder")
        else:
            yield from read_file(path, path.name, str(path), max_chars)
