"""``kg eval``: score extraction against gold data (see ``../shared/eval/README.md``).

* ``seed_gold.json``-style files (one document, gold entities with aliases, relations
  marked required or optional): required relations found, false positives, and
  whether every gold entity was found with the right type.
* JSONL gold files (records with ``text``, ``entities`` and ``relations``): precision,
  recall and F1 per relation type, micro-averaged over records, and NER precision and
  recall per entity type where gold offsets are given.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .ingest import InputError, read_file
from .records import Document, Extraction

_NER_TYPES = ("Person", "Organization", "Place")
#: The relation types the gold files score (holdsOfficeIn is ours alone).
RELATION_TYPES = ("officialOf", "metWith", "represents")


class EvalError(Exception):
    pass


def _name(text: str) -> str:
    """Comparison form of a name: case and a leading "the" ignored, as the gold README says;
    a trailing full stop too (CoNLL04 gold keeps sentence-final periods: "Cornell University.")."""
    text = re.sub(r"\s+", " ", text.strip().casefold()).rstrip(" .")
    return re.sub(r"^the ", "", text)


def _names(extraction: Extraction) -> dict[str, set[str]]:
    return {e.key: {_name(e.label), *(_name(a) for a in e.aliases)} for e in extraction.entities}


# --------------------------------------------------------------------- seed gold
@dataclass
class SeedScore:
    required_found: list[str] = field(default_factory=list)
    required_missed: list[str] = field(default_factory=list)
    optional_found: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    entities_found: list[str] = field(default_factory=list)
    entities_missed: list[str] = field(default_factory=list)
    entities_wrong_type: list[str] = field(default_factory=list)

    def report(self) -> str:
        req = len(self.required_found) + len(self.required_missed)
        ents = len(self.entities_found) + len(self.entities_missed) + len(self.entities_wrong_type)
        lines = [f"required relations found: {len(self.required_found)}/{req}",
                 f"false positives: {len(self.false_positives)}",
                 f"optional relations found: {len(self.optional_found)}",
                 f"gold entities found with the right type: {len(self.entities_found)}/{ents}"]
        lines += [f"  missed required: {r}" for r in self.required_missed]
        lines += [f"  false positive: {r}" for r in self.false_positives]
        lines += [f"  entity missing: {e}" for e in self.entities_missed]
        lines += [f"  entity with wrong type: {e}" for e in self.entities_wrong_type]
        return "\n".join(lines)


def score_seed(gold: dict, extraction: Extraction) -> SeedScore:
    alias_to_gold = {}
    gold_types = {}
    for ent in gold["entities"]:
        gold_types[ent["id"]] = ent["type"]
        for alias in ent["aliases"]:
            alias_to_gold.setdefault(_name(alias), ent["id"])
    names = _names(extraction)
    types = {e.key: e.type for e in extraction.entities}
    to_gold: dict[str, str] = {}
    for key, variants in names.items():
        label = next(e.label for e in extraction.entities if e.key == key)
        for variant in [_name(label), *sorted(variants)]:
            if variant in alias_to_gold:
                to_gold[key] = alias_to_gold[variant]
                break
    score = SeedScore()
    found_ids = defaultdict(set)
    for key, gid in to_gold.items():
        found_ids[gid].add(types[key])
    for ent in gold["entities"]:
        if ent["id"] not in found_ids:
            score.entities_missed.append(f"{ent['id']} ({ent['type']})")
        elif ent["type"] in found_ids[ent["id"]]:
            score.entities_found.append(ent["id"])
        else:
            score.entities_wrong_type.append(f"{ent['id']}: {ent['type']} tagged {sorted(found_ids[ent['id']])}")

    def norm(t, h, o):
        return (t, *sorted((h, o))) if t == "metWith" else (t, h, o)

    gold_rel: dict[tuple, bool] = {}  # (type, head, tail) -> required by any gold relation
    for r in gold["relations"]:
        triple = norm(r["type"], r["head"], r["tail"])
        gold_rel[triple] = gold_rel.get(triple, False) or bool(r.get("required"))
    seen = set()
    for fact in extraction.facts:
        if fact.type not in RELATION_TYPES:
            continue
        triple = norm(fact.type, to_gold.get(fact.head, fact.head), to_gold.get(fact.tail, fact.tail))
        if triple in seen:
            continue
        seen.add(triple)
        shown = f"{triple[0]}({triple[1]}, {triple[2]})"
        if triple not in gold_rel:
            score.false_positives.append(f"{shown}  <- {fact.relation.sentence.text[:90]}")
        elif gold_rel[triple]:
            score.required_found.append(shown)
        else:
            score.optional_found.append(shown)
    for triple, required in gold_rel.items():
        if required and triple not in seen:
            score.required_missed.append(f"{triple[0]}({triple[1]}, {triple[2]})")
    return score


# --------------------------------------------------------------------- JSONL gold
@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class JsonlScore:
    records: int = 0
    relations: dict[str, PRF] = field(default_factory=lambda: {t: PRF() for t in RELATION_TYPES})
    ner: dict[str, PRF] = field(default_factory=lambda: {t: PRF() for t in _NER_TYPES})
    has_offsets: bool = False

    def report(self) -> str:
        lines = [f"records: {self.records}", "relation     gold  found  correct  precision  recall  F1"]
        for t, s in self.relations.items():
            lines.append(f"{t:<12} {s.tp + s.fn:>4}  {s.tp + s.fp:>5}  {s.tp:>7}  {s.precision:>9.3f}  "
                         f"{s.recall:>6.3f}  {s.f1:.3f}")
        if self.has_offsets:
            lines.append("entities     gold  found  correct  precision  recall  F1")
            for t, s in self.ner.items():
                lines.append(f"{t:<12} {s.tp + s.fn:>4}  {s.tp + s.fp:>5}  {s.tp:>7}  {s.precision:>9.3f}  "
                             f"{s.recall:>6.3f}  {s.f1:.3f}")
        return "\n".join(lines)


def _matches(gold_name: str, names: set[str]) -> bool:
    g = _name(gold_name)
    for n in names:
        if n == g or n.endswith(" " + g) or g.endswith(" " + n):
            return True
    return False


def score_jsonl_record(record: dict, extraction: Extraction, score: JsonlScore) -> None:
    names = _names(extraction)
    ents = record.get("entities", [])
    gold = defaultdict(list)
    for rel in record.get("relations", []):
        if rel["type"] in RELATION_TYPES:
            gold[rel["type"]].append((ents[rel["head"]]["text"], ents[rel["tail"]]["text"]))
    found = defaultdict(set)
    for fact in extraction.facts:
        found[fact.type].add((fact.head, fact.tail))
    for rtype in RELATION_TYPES:
        matched_found = set()
        for head, tail in gold[rtype]:
            hit = None
            for h, t in found[rtype]:
                pairs = [(h, t), (t, h)] if rtype == "metWith" else [(h, t)]
                if any(_matches(head, names[a]) and _matches(tail, names[b]) for a, b in pairs):
                    hit = (h, t)
                    break
            if hit:
                score.relations[rtype].tp += 1
                matched_found.add(hit)
            else:
                score.relations[rtype].fn += 1
        score.relations[rtype].fp += len(found[rtype] - matched_found)
    if ents and "start" in ents[0]:
        score.has_offsets = True
        gold_spans = Counter((e["start"], e["end"], e["type"]) for e in ents if e["type"] in _NER_TYPES)
        ours = Counter((m.start, m.end, e.type) for e in extraction.entities for m in e.mentions
                       if e.type in _NER_TYPES and m.refers_to is None)  # names, not pronouns
        for t in _NER_TYPES:
            g = {k for k in gold_spans if k[2] == t}
            o = {k for k in ours if k[2] == t}
            score.ner[t].tp += len(g & o)
            score.ner[t].fp += len(o - g)
            score.ner[t].fn += len(g - o)


def evaluate(gold_path: str | Path, extract, docs: str | Path | None = None) -> str:
    """Score ``extract(list[Document]) -> list[Extraction]`` against a gold file."""
    gold_path = Path(gold_path)
    if not gold_path.is_file():
        raise EvalError(f"{gold_path}: no such gold file")
    if gold_path.suffix == ".json":
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        folder = Path(docs) if docs else gold_path.parent
        source = folder / gold["document"]
        items = list(read_file(source, gold["document"], str(source)))
        errors = [i for i in items if isinstance(i, InputError)]
        if errors:
            raise EvalError(f"{errors[0]} (give the folder holding it with --docs)")
        extraction = extract(items)[0]
        if isinstance(extraction, InputError):
            raise EvalError(str(extraction))
        return score_seed(gold, extraction).report()
    records = []
    for number, line in enumerate(gold_path.read_text(encoding="utf-8").split("\n"), 1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise EvalError(f"{gold_path}:{number}: invalid JSON ({exc.msg})") from None
    documents = [Document(str(r["id"]), r["text"], r.get("date")) for r in records]
    score = JsonlScore(records=len(records))
    for record, extraction in zip(records, extract(documents)):
        if isinstance(extraction, Extraction):
            score_jsonl_record(record, extraction, score)
    return score.report()
