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


CHUNK_CHARS = 100_000  # longer texts are parsed in paragraph-aligned pieces of about this size


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


def parse_documents(nlp, documents: list[Document]) -> Iterator[Parsed | InputError]:
    """Run the spaCy pipeline (with kg's components) over documents: their sentences,
    mentions and relations as plain records (what an extraction process sends back).

    A long document is parsed in pieces (``chunks``) whose offsets are moved back onto
    the whole text, so its mentions, sentences and facts index the stored text.
    """
    from .extract.common import index
    from .nlp import model_id

    model = model_id(nlp)
    pieces = [(n, offset, piece) for n, d in enumerate(documents) for offset, piece in chunks(d.text)]
    parsed: dict[int, list] = {}
    for (n, offset, _), doc in zip(pieces, nlp.pipe(piece for _, _, piece in pieces)):
        parsed.setdefault(n, []).append((offset, doc))
    for n, document in enumerate(documents):
        try:
            sentences, mentions, relations = [], [], []
            for offset, doc in parsed[n]:
                shift = len(sentences)
                sentences += [_shift(s, offset, shift) for s in index(doc).sentences]
                mentions += [_shift(m, offset, shift) for m in doc._.mentions]
                relations += [_shift(r, offset, shift) for r in doc._.relations]
            yield Parsed(document, tuple(sentences), tuple(mentions), tuple(relations), model)
        except Exception as exc:  # one bad document must not stop the others
            yield _failed(document, exc)


def resolve_parsed(item: Parsed | InputError, keep_apart: frozenset[str] = frozenset()) -> Extraction | InputError:
    """The resolve stage for one parsed document (an error passes through)."""
    if isinstance(item, InputError):
        return item
    try:
        return resolve(item.document, list(item.sentences), list(item.mentions), list(item.relations),
                       item.model, keep_apart)
    except Exception as exc:  # one bad document must not stop the others
        return _failed(item.document, exc)


def _failed(document: Document, exc: Exception) -> InputError:
    return InputError(document.source or document.identifier, f"extraction failed ({type(exc).__name__}: {exc})")


def extract_documents(nlp, documents: list[Document],
                      keep_apart: frozenset[str] = frozenset()) -> Iterable[Extraction | InputError]:
    """Parse, extract and resolve documents in this process (``parse_documents`` then
    ``resolve_parsed``)."""
    for item in parse_documents(nlp, documents):
        yield resolve_parsed(item, keep_apart)
