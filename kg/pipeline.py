"""Parse, extract and resolve documents: the stages before RDF, as one function each.

``parse_documents`` runs the spaCy pipeline with kg's components and returns plain records
(what a worker process sends back); ``resolve_parsed`` turns one into entities and facts;
``extract_documents`` does both in this process. The build (``kg/api.py``) and the worker
processes (``kg/parallel.py``) both call these, so neither imports the other.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Iterator

from .ingest import InputError
from .records import Document, Extraction, Mention, Parsed, Sentence
from .resolve import resolve


CHUNK_CHARS = 20_000  # longer texts are parsed in paragraph-aligned pieces of about this size (spaCy needs
# about 3 KB a character of a piece while it parses it)


def chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) of a text cut at paragraph, else line, else sentence ends."""
    out, start = [], 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(". "))
        end = start + (cut + 1 if cut > size // 4 else size)
        out.append((start, text[start:end]))
        start = end
    out.append((start, text[start:]))
    return out


def _shift(record, chars: int, sentences: int):
    """A Mention, Sentence or Relation moved from a piece's offsets to the whole text's."""
    if record is None or (chars == 0 and sentences == 0):
        return record
    if isinstance(record, Mention):
        return replace(record, start=record.start + chars, end=record.end + chars,
                       sentence=record.sentence + sentences, refers_to=_shift(record.refers_to, chars, sentences))
    if isinstance(record, Sentence):
        return replace(record, index=record.index + sentences, start=record.start + chars, end=record.end + chars)
    return replace(record, head=_shift(record.head, chars, sentences), tail=_shift(record.tail, chars, sentences),
                   sentence=_shift(record.sentence, chars, sentences), place=_shift(record.place, chars, sentences),
                   event=_shift(record.event, chars, sentences),
                   attribution=_shift(record.attribution, chars, sentences),
                   group=f"{record.group}@{chars}" if record.group and chars else record.group)


#: Seconds one document may take to parse and extract before it is skipped (``time_limit``).
DOC_SECONDS = 600.0
_GROUP = 32  # pieces parsed together (under one time limit; on a timeout, each again alone)
GROUP_CHARS = 60_000  # and about this many characters together: memory holds one group's Docs


class DocumentTimeout(Exception):
    pass


def _alarm(seconds: float | None):
    """A context in which a SIGALRM raises ``DocumentTimeout`` after ``seconds`` (in the main
    thread of a Unix process; elsewhere, or with no limit, nothing is timed)."""
    import contextlib
    import signal
    import threading

    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return contextlib.nullcontext()

    @contextlib.contextmanager
    def timed():
        def ring(signum, frame):
            raise DocumentTimeout()

        previous = signal.signal(signal.SIGALRM, ring)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    return timed()


def _groups(pieces: list[str]) -> Iterator[list[str]]:
    """Consecutive pieces, at most ``_GROUP`` and about ``GROUP_CHARS`` characters together."""
    group: list[str] = []
    size = 0
    for piece in pieces:
        if group and (len(group) >= _GROUP or size + len(piece) > GROUP_CHARS):
            yield group
            group, size = [], 0
        group.append(piece)
        size += len(piece)
    if group:
        yield group


def _parse_pieces(nlp, pieces: list[str], limit: float | None) -> Iterator:
    """spaCy Docs of the pieces, in order, a small group at a time (memory holds one group's
    Docs, whatever the length of the input); ``None`` for a piece that took over ``limit``
    seconds. Each group runs under one limit; a group that runs out is parsed again piece by
    piece, to tell which one it was."""
    for group in _groups(pieces):
        try:
            with _alarm(limit):
                docs = list(nlp.pipe(group))
            yield from docs
            continue
        except DocumentTimeout:
            pass
        for piece in group:
            try:
                with _alarm(limit):
                    doc = nlp(piece)
            except DocumentTimeout:
                doc = None
            yield doc


#: In text judged not prose, each name keeps at most this many mentions (word salad repeats a
#: few names thousands of times; their entities are kept, not every repeat).
NOT_PROSE_MENTIONS = 3


def _thin(mentions: list[Mention]) -> list[Mention]:
    seen: dict[tuple[str, str], int] = {}
    out = []
    for m in mentions:
        key = (m.type, m.text)
        if seen.get(key, 0) < NOT_PROSE_MENTIONS:
            seen[key] = seen.get(key, 0) + 1
            out.append(m)
    return out


def parse_documents(nlp, documents: list[Document], time_limit: float | None = DOC_SECONDS
                    ) -> Iterator[Parsed | InputError]:
    """Run the spaCy pipeline (with kg's components) over documents: their sentences,
    mentions and relations as plain records (what an extraction process sends back).

    A long document is parsed in pieces (``chunks``) whose offsets are moved back onto
    the whole text, so its mentions, sentences and facts index the stored text. A document
    whose piece takes longer than ``time_limit`` seconds is skipped with a one-line error
    (the others go on).
    """
    from .extract.common import index
    from .extract.component import NOT_PROSE
    from .nlp import model_id

    model = model_id(nlp)
    pieces = [(n, offset, piece) for n, d in enumerate(documents) for offset, piece in chunks(d.text)]
    parsed: dict[int, list] = {}  # document -> its pieces' plain records (never the Docs, which are large)
    late: set[int] = set()
    failed: dict[int, Exception] = {}
    for (n, offset, _), doc in zip(pieces, _parse_pieces(nlp, [piece for _, _, piece in pieces], time_limit)):
        if doc is None:
            late.add(n)
            continue
        try:
            note = doc.user_data.get(NOT_PROSE)
            found = doc._.mentions if not note else _thin(doc._.mentions)
            parsed.setdefault(n, []).append((offset, index(doc).sentences, found, doc._.relations, note))
        except Exception as exc:  # one bad document must not stop the others
            failed.setdefault(n, exc)
    for n, document in enumerate(documents):
        if n in late:
            yield InputError(document.source or document.identifier,
                             f"took longer than {time_limit:g} s to read and was skipped (see --time-limit)")
            continue
        if n in failed:
            yield _failed(document, failed[n])
            continue
        try:
            sentences, mentions, relations, notes = [], [], [], []
            ends = [offset for offset, *_ in parsed[n][1:]] + [len(document.text)]
            salad = 0  # characters of the pieces judged not prose
            for (offset, piece_sentences, piece_mentions, piece_relations, piece_note), end in zip(parsed[n], ends):
                shift = len(sentences)
                sentences += [_shift(s, offset, shift) for s in piece_sentences]
                mentions += [_shift(m, offset, shift) for m in piece_mentions]
                relations += [_shift(r, offset, shift) for r in piece_relations]
                if piece_note:
                    notes.append(piece_note)
                    salad += end - offset
            note = None
            if notes and salad * 2 >= len(document.text):  # mostly not prose: no facts from any of it
                note = notes[0]
                relations, mentions = [], _thin(mentions)
            elif notes:
                note = f"{len(notes)} of its {len(parsed[n])} parts: {notes[0]}"
            yield Parsed(document, tuple(sentences), tuple(mentions), tuple(relations), model, note)
        except Exception as exc:  # one bad document must not stop the others
            yield _failed(document, exc)


def resolve_parsed(item: Parsed | InputError, keep_apart: frozenset[str] = frozenset()) -> Extraction | InputError:
    """The resolve stage for one parsed document (an error passes through)."""
    if isinstance(item, InputError):
        return item
    try:
        extraction = resolve(item.document, list(item.sentences), list(item.mentions), list(item.relations),
                             item.model, keep_apart)
        return replace(extraction, note=item.note) if item.note else extraction
    except Exception as exc:  # one bad document must not stop the others
        return _failed(item.document, exc)


def _failed(document: Document, exc: Exception) -> InputError:
    return InputError(document.source or document.identifier, f"extraction failed ({type(exc).__name__}: {exc})")


def extract_documents(nlp, documents: list[Document], keep_apart: frozenset[str] = frozenset(),
                      time_limit: float | None = DOC_SECONDS) -> Iterable[Extraction | InputError]:
    """Parse, extract and resolve documents in this process (``parse_documents`` then
    ``resolve_parsed``)."""
    for item in parse_documents(nlp, documents, time_limit):
        yield resolve_parsed(item, keep_apart)
