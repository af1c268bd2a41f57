"""The news-tuned NER: spaCy's small English NER fine-tuned on the annotated news corpus.

``kg train ner`` fine-tunes the ``ner`` component of the installed ``en_core_web_sm`` (same
architecture, same labels) on the train split of the news corpus (``kg.corpus``) and on
CoNLL04 train, and saves the component in ``kg/models/ner/``; ``kg.nlp.load`` puts it in
place of the stock one. Nothing is downloaded: the other components stay the installed
model's, and the tuned weights ship in the package.

What the gold teaches is news conventions: titles and honorifics outside names ("President
Ilham Aliyev" gives "Ilham Aliyev"), posts before names, headlines, datelines and agency
credits, and no name across a paragraph break (the corpus is cut into paragraphs). The
gold of an article lists the people and organizations it names with every surface form, so
each occurrence of an alias becomes an entity span of its type.

Rehearsal, so that the tuned NER forgets nothing the stock one did well: everything the
stock NER finds that the gold does not speak about is kept as a training label (dates,
numbers, countries, nationalities ...), and a person or organization it finds that the gold
does not list is left unannotated (a missing value: neither "a name" nor "not a name"), so
a name an annotator did not list never becomes "not a name". Where gold and stock overlap,
the gold wins: that is how "High Commissioner John Smith" becomes "John Smith".

Training is seeded and runs on one thread: the same data gives the same weights.
"""
from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import KgError

NER_DIR = Path(__file__).resolve().parent / "models" / "ner"
META = "kg-ner.json"
SEED = 0
EPOCHS = 12
DROPOUT = 0.2
BATCH = 16
MISSING = None  # a span whose tokens get no label at all


class NerError(KgError):
    pass


# --------------------------------------------------------------------- gold spans of an article
def _occurrences(text: str, alias: str):
    """Where an alias occurs as a whole word (case as written)."""
    for m in re.finditer(re.escape(alias), text):
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if not (before.isalnum() or after.isalnum()):
            yield m.start(), m.end()


def _title_domain(text: str, start: int, end: int) -> bool:
    """An organization alias written as the field of a post ("Minister of Youth and Sports
    X", "Foreign Affairs Cabinet Secretary"): the words are the ministry's, not its name. Only
    aliases of plain words (not "head of Norvex Bank")."""
    from .extract.lexicon import ORG_HEADS, ROLE_HEADS, english_words

    words = [w.lower().strip(",.") for w in text[start:end].split() if w.lower() not in {"and", "&", "of", "the"}]
    known = english_words()
    if not words or any((w not in known and w.rstrip("s") not in known) or w in ORG_HEADS for w in words):
        return False
    before = text[max(0, start - 40):start].split()
    after = text[end:end + 40].split()
    if len(before) >= 2 and before[-1].lower() in {"of", "for"} and before[-2].lower().strip(",") in ROLE_HEADS:
        return True
    return bool(after) and after[0].lower().strip(",.") in ROLE_HEADS


def _place_label(alias: str) -> str | None:
    from .extract.lexicon import cities, countries

    c = countries()
    if c.is_demonym(alias):
        return "NORP"
    if c.country(alias) or alias.lower() in cities():
        return "GPE"
    return MISSING


def gold_spans(text: str, gold: dict) -> list[tuple[int, int, str | None]]:
    """(start, end, label) of every alias occurrence of the gold's entities; label None: no
    label (the span is known to be something the NER cannot be taught from the gold)."""
    from .extract.lexicon import english_words

    words = english_words()
    found = []
    for ent in gold.get("entities", []):
        etype = ent.get("type")
        aliases = set(ent.get("aliases", []))
        if etype == "Person":  # "Dr Ana Lind" beside "Ana Lind": the name is taught without its honorific
            aliases = {a for a in aliases if not _titled_form(a, aliases)}
        for alias in sorted(aliases, key=len, reverse=True):
            if not alias.strip():
                continue
            for start, end in _occurrences(text, alias):
                if etype == "Person":
                    label = "PERSON"
                elif etype == "Organization":
                    single = " " not in alias.strip()
                    common = single and alias.lower() in words and not alias.isupper()
                    label = MISSING if common or _title_domain(text, start, end) else "ORG"
                elif etype == "Place":
                    label = ("PLACE", _place_label(alias))  # the stock label decides when it agrees
                elif etype == "Event":
                    label = "EVENT"
                else:  # Group ("the Azerbaijani delegation"): not an NER type
                    label = MISSING
                found.append((start, end, label))
    found.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    taken = bytearray(len(text) + 1)
    out = []
    for start, end, label in found:  # longest first; an occurrence inside a longer one gives way
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        out.append((start, end, label))
    return sorted(out)


def _titled_form(alias: str, aliases: set[str]) -> bool:
    """``alias`` is another alias with an honorific or a post in front ("H.E. Ana Lind")."""
    from .extract.lexicon import HONORIFICS, ROLE_HEADS

    words = alias.split()
    for n in range(1, min(3, len(words))):
        head, rest = words[:n], " ".join(words[n:])
        if rest in aliases and all(w.lower() in HONORIFICS or w.lower().rstrip(".") in ROLE_HEADS
                                   or w.lower() in {"h.e.", "he", "hon", "rt"} for w in head):
            return True
    return False


def _looks_like_name(span) -> bool:
    from .extract.lexicon import HONORIFICS, ROLE_HEADS

    return span[0].text[:1].isupper() and not any(t.lower_ in ROLE_HEADS or t.lower_ in HONORIFICS for t in span)


def tags(doc, spans: list[tuple[int, int, str | None]], stock) -> list[str]:
    """BILUO tags of a Doc: the gold spans, with the stock NER's entities (``stock``: spans of
    the same text) as rehearsal where the gold says nothing."""
    n = len(doc)
    out = ["O"] * n
    claimed = [False] * n

    def put(start, end, label):
        for i in range(start, end):
            claimed[i] = True
        if label is MISSING:
            for i in range(start, end):
                out[i] = "-"
        elif end - start == 1:
            out[start] = f"U-{label}"
        else:
            out[start], out[end - 1] = f"B-{label}", f"L-{label}"
            for i in range(start + 1, end - 1):
                out[i] = f"I-{label}"

    stock_at = {(e.start_char, e.end_char): e.label_ for e in stock}
    for start, end, label in spans:
        span = doc.char_span(start, end, alignment_mode="strict")
        if span is None:  # the tokenizer cuts inside the alias: say nothing about those tokens
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                put(span.start, span.end, MISSING)
            continue
        if isinstance(label, tuple):  # a place: the stock label when it found this very span
            theirs = stock_at.get((start, end))
            label = theirs if theirs in {"GPE", "LOC", "FAC", "NORP"} else label[1]
        put(span.start, span.end, label)
    for ent in stock:
        span = doc.char_span(ent.start_char, ent.end_char, alignment_mode="strict")
        if span is None or any(claimed[span.start:span.end]):
            continue
        if ent.label_ in {"PERSON", "ORG"}:  # the gold lists names; one it does not list stays unknown
            put(span.start, span.end, ent.label_ if _looks_like_name(span) else MISSING)
            for i in range(span.start, span.end):
                out[i] = "-"
        else:
            put(span.start, span.end, ent.label_)
    return out


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, paragraph) pieces of a text, cut at blank lines; no name spans two."""
    out, start = [], 0
    for m in re.finditer(r"\n\s*\n", text):
        if text[start:m.start()].strip():
            out.append((start, text[start:m.start()]))
        start = m.end()
    if text[start:].strip():
        out.append((start, text[start:]))
    return out


@dataclass
class Sample:
    """One training paragraph: its text and its BILUO tags over the tokenizer's tokens."""

    text: str
    tags: list[str]
    source: str


def news_samples(nlp, stock_nlp, items: list[tuple[str, str, dict]]) -> list[Sample]:
    """``items``: (name, text, gold) of news articles; one sample per paragraph."""
    pieces = [(name, off, para, gold_spans(text, gold))
              for name, text, gold in items for off, para in paragraphs(text)]
    out = []
    for (name, off, para, spans), stock in zip(pieces, stock_nlp.pipe(p for _, _, p, _ in pieces)):
        local = [(s - off, e - off, label) for s, e, label in spans if s >= off and e <= off + len(para)]
        doc = nlp.make_doc(para)
        out.append(Sample(para, tags(doc, local, stock.ents), name))
    return out


_JSONL_LABELS = {"Person": "PERSON", "Organization": "ORG", "Place": ("PLACE", "GPE")}


def _news_convention(doc, start: int, end: int, label) -> tuple[int, int]:
    """A JSONL span as news gold writes it: no title before a person's name ("President
    Kennedy" gives "Kennedy", "Mrs. Parks" gives "Parks") and no sentence-final full stop
    ("Desiree Ball ." gives "Desiree Ball"), as CoNLL04 keeps both."""
    from .extract.lexicon import HONORIFICS, ROLE_HEADS

    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return start, end
    first, last = span.start, span.end
    while last - first > 1 and doc[last - 1].text == ".":
        last -= 1
    if label == "PERSON":
        while last - first > 1 and (doc[first].lower_ in ROLE_HEADS or doc[first].lower_ in HONORIFICS):
            first += 1
    return doc[first].idx, doc[last - 1].idx + len(doc[last - 1])


def jsonl_samples(nlp, stock_nlp, records: list[dict], source: str) -> list[Sample]:
    """Records with entity offsets (CoNLL04): their people, organizations and places, as news
    gold writes them (``_news_convention``)."""
    out = []
    for record, stock in zip(records, stock_nlp.pipe(r["text"] for r in records)):
        made = nlp.make_doc(record["text"])
        spans = []
        for e in record.get("entities", []):
            if "start" in e:
                label = _JSONL_LABELS.get(e.get("type"), MISSING)
                start, end = _news_convention(made, e["start"], e["end"], label)
                spans.append((start, end, label))
        doc = nlp.make_doc(record["text"])
        out.append(Sample(record["text"], tags(doc, spans, stock.ents), source))
    return out


# --------------------------------------------------------------------- training and scoring
def _examples(nlp, samples: list[Sample]):
    from spacy.training import Example

    out = []
    for s in samples:
        doc = nlp.make_doc(s.text)
        out.append(Example.from_dict(doc, {"entities": s.tags}))
    return out


def score(nlp, samples: list[Sample], labels=("PERSON", "ORG", "GPE")) -> dict[str, dict]:
    """Precision, recall and F1 of ``nlp``'s NER against the samples' known spans (tokens
    without a label are left out of both)."""
    from spacy.training import biluo_tags_to_spans

    counts = {label: [0, 0, 0] for label in labels}  # tp, fp, fn
    docs = list(nlp.pipe(s.text for s in samples))
    for s, doc in zip(samples, docs):
        gold_doc = nlp.make_doc(s.text)
        gold = {(sp.start, sp.end, sp.label_) for sp in biluo_tags_to_spans(gold_doc, [t if t != "-" else "O" for t in s.tags])}
        unknown = {i for i, t in enumerate(s.tags) if t == "-"}
        ours = {(e.start, e.end, e.label_) for e in doc.ents if not unknown.intersection(range(e.start, e.end))}
        for label in labels:
            g = {x for x in gold if x[2] == label}
            o = {x for x in ours if x[2] == label}
            counts[label][0] += len(g & o)
            counts[label][1] += len(o - g)
            counts[label][2] += len(g - o)
    out = {}
    for label, (tp, fp, fn) in counts.items():
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out[label] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3),
                      "gold": tp + fn}
    return out


def fine_tune(base: str, samples: list[Sample], epochs: int = EPOCHS, seed: int = SEED, log=None):
    """The stock pipeline ``base`` with its NER fine-tuned on ``samples`` (seeded)."""
    import spacy
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    nlp = spacy.load(base)
    examples = _examples(nlp, samples)
    rng = random.Random(seed)
    others = [p for p in nlp.pipe_names if p != "ner"]
    with nlp.select_pipes(disable=others):
        sgd = nlp.resume_training()
        for epoch in range(epochs):
            rng.shuffle(examples)
            losses: dict = {}
            for batch in minibatch(examples, size=BATCH):
                nlp.update(batch, drop=DROPOUT, sgd=sgd, losses=losses)
            if log:
                log(f"epoch {epoch + 1}/{epochs}: loss {losses.get('ner', 0.0):.1f}")
    return nlp


def save(nlp, report: dict, folder: Path = NER_DIR) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    nlp.get_pipe("ner").to_disk(folder / "ner", exclude=["vocab"])  # its features are hashed: no strings needed
    digest = hashlib.sha256((folder / "ner" / "model").read_bytes()).hexdigest()[:12]
    meta = {"base": f"{nlp.meta['lang']}_{nlp.meta['name']}", "base_version": nlp.meta["version"],
            "weights_sha256": digest, **report}
    (folder / META).write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return folder


def tuned_meta(folder: Path = NER_DIR) -> dict | None:
    path = folder / META
    if not path.is_file() or not (folder / "ner" / "model").is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def use_tuned(nlp, folder: Path = NER_DIR) -> str | None:
    """Put the tuned NER in place of the pipeline's own when it was tuned from the same
    model version; returns its short digest (recorded in the pipeline's version), or None."""
    meta = tuned_meta(folder)
    if meta is None or "ner" not in nlp.pipe_names:
        return None
    if nlp.meta.get("version") != meta.get("base_version"):
        return None  # another version of the model: its NER stays (the tuned weights fit 3.8 only)
    nlp.get_pipe("ner").from_disk(folder / "ner", exclude=["vocab"])
    return meta["weights_sha256"]
