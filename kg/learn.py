"""``kg train``: train the pair classifiers (``kg.extract.learned``) and cross-validate them.

One logistic-regression model per relation (officialOf, metWith, represents) reads the
features of ``kg.extract.pairs`` for every candidate pair kg's own pipeline finds in each
training text (so it sees what it will see at run time), with the rule that fired, if any,
among them. A pair is positive when the gold relations name both ends (the matching of
``kg eval``). Only training files are read; a file whose name says dev or test is refused.

Training files (see ``docs/training.md`` for where each comes from and its licence):

* JSONL gold records (``conll04_train.jsonl``, ``text2kgbench_train.jsonl``);
* KnowledgeNet rows (``EMPLOYEE_OR_MEMBER_OF`` and ``CEO`` facts of passages annotated
  for them, as officialOf);
* WikiEvents documents (``Contact`` events with two participants or more, as metWith).

The thresholds (add a pair no rule found; keep a pair a rule found) are chosen by k-fold
cross-validation on the training data, never on dev data, and the cross-validated scores
are saved with the model. scikit-learn does the fitting (``pip install 'kg[train]'``);
the saved model is plain JSON weights, so running kg needs no scikit-learn. Training is
deterministic: the same data gives the same file.
"""
from __future__ import annotations

import json
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .errors import KgError
from .eval import _matches
from .extract.learned import MODEL_DIR, MODEL_FILES, PairModel, mention_span
from .extract.pairs import candidate_pairs, features, pair_key


class TrainError(KgError):
    pass


SEED = 0
FOLDS = 5
C = 0.5  # inverse regularisation strength
MIN_WEIGHT = 1e-3  # smaller weights are not saved
GRID = [round(0.05 * i, 2) for i in range(2, 20)]
PRECISE = 0.5  # a rule right at least this often on the training data is not checked by the model
MIN_ADDED_PRECISION = 0.5  # a model adds pairs of its own only if they were right this often in CV
NEVER = 1.01  # the add threshold of a model that adds nothing
MIN_POSITIVES = 100  # fewer positive training pairs teach a model nothing it can be trusted with
MIN_SUPPORT = 5
#: Which training relations count as which of ours.
KNOWLEDGENET = {"EMPLOYEE_OR_MEMBER_OF": ("officialOf", False), "CEO": ("officialOf", True)}  # True: object is the person


# --------------------------------------------------------------------- reading training files
def _refuse_evaluation_data(path: Path) -> None:
    name = path.name.lower()
    if "dev" in name or "test" in name:
        raise TrainError(f"{path}: looks like evaluation data; train only on training files")


def read_records(path: str | Path) -> list[dict]:
    """Records ``{"id", "text", "entities": [{"text", ...}], "relations": [{"type", "head",
    "tail"}]}`` from any of the training formats kg reads."""
    path = Path(path)
    if not path.is_file():
        raise TrainError(f"{path}: no such training file")
    _refuse_evaluation_data(path)
    try:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    except json.JSONDecodeError as exc:
        raise TrainError(f"{path}: invalid JSON ({exc.msg} at line {exc.lineno})") from None
    if not rows:
        raise TrainError(f"{path}: no records")
    first = rows[0]
    if "passageText" in first and "property" in first:
        return _knowledgenet(rows)
    if "event_mentions" in first and "tokens" in first:
        return _wikievents(rows)
    if "context" in first and "events" in first:
        return _event_chunks(rows)
    if "text" in first and "relations" in first:
        return rows
    raise TrainError(f"{path}: not a training file kg knows (JSONL gold, KnowledgeNet or WikiEvents)")


def _knowledgenet(rows: list[dict]) -> list[dict]:
    passages: dict[tuple, dict] = {}
    for row in rows:
        if row["property"] not in KNOWLEDGENET:
            continue
        key = (row["documentId"], row["passageStart"])
        record = passages.setdefault(key, {"id": f"kn-{key[0]}-{key[1]}", "text": row["passageText"],
                                           "entities": [], "relations": []})
        if not row.get("hasFact"):
            continue
        offset = row["passageStart"]
        kind, reverse = KNOWLEDGENET[row["property"]]
        ends = []
        for side in ("subject", "object"):
            start, end = row[f"{side}Start"] - offset, row[f"{side}End"] - offset
            record["entities"].append({"start": start, "end": end, "text": row[f"{side}Text"]})
            ends.append(len(record["entities"]) - 1)
        head, tail = (ends[1], ends[0]) if reverse else (ends[0], ends[1])
        record["relations"].append({"type": kind, "head": head, "tail": tail})
    return [passages[k] for k in sorted(passages)]


def _wikievents(rows: list[dict]) -> list[dict]:
    """Sentences holding a Contact event with two participants or more."""
    records = []
    for doc in rows:
        tokens = doc["tokens"]
        for n, event in enumerate(doc["event_mentions"]):
            if not event["event_type"].startswith("Contact.Contact"):
                continue
            people = [a["text"] for a in event["arguments"] if a["role"] == "Participant"]
            if len(set(people)) < 2:
                continue
            i = event["trigger"]["start_idx"]
            start = i
            while start > 0 and tokens[start - 1] not in {".", "?", "!"} and i - start < 60:
                start -= 1
            end = i
            while end < len(tokens) and tokens[end] not in {".", "?", "!"} and end - i < 60:
                end += 1
            text = " ".join(tokens[start:end + 1])
            names = sorted(set(people))
            records.append({"id": f"we-{doc['docid']}-{n}", "text": text,
                            "entities": [{"text": p} for p in names],
                            "relations": [{"type": "metWith", "head": a, "tail": b}
                                          for a in range(len(names)) for b in range(a + 1, len(names))]})
    return records


def _event_chunks(rows: list[dict]) -> list[dict]:
    """WikiEvents re-cut into event chunks with subtypes and offsets: the sentences holding a
    ``Contact.Contact.Meet`` event with two participants or more."""
    records = []
    for row in rows:
        tokens = row["context"]
        starts, position = [], 0
        for token in tokens:
            starts.append(position)
            position += len(token) + 1
        for n, event in enumerate(row["events"]):
            if event["event_type"] != "Contact.Contact.Meet":
                continue
            args = [a for a in event["args"] if a[3] == "Participant"]
            if len({a[2] for a in args}) < 2:
                continue
            i = event["trigger"][0]
            lo = min([i] + [a[0] for a in args])
            hi = max([i] + [a[1] - 1 for a in args])
            start = lo
            while start > 0 and tokens[start - 1] not in {".", "?", "!"} and lo - start < 60:
                start -= 1
            end = hi
            while end < len(tokens) - 1 and tokens[end] not in {".", "?", "!"} and end - hi < 60:
                end += 1
            base = starts[start]
            text = " ".join(tokens[start:end + 1])
            ents = [{"start": starts[a[0]] - base, "end": starts[a[1] - 1] + len(tokens[a[1] - 1]) - base,
                     "text": " ".join(tokens[a[0]:a[1]])} for a in args]
            records.append({"id": f"we-{row['id']}-{n}", "text": text, "entities": ents,
                            "relations": [{"type": "metWith", "head": a, "tail": b} for a in range(len(ents))
                                          for b in range(a + 1, len(ents)) if ents[a]["text"] != ents[b]["text"]]})
    return records


# --------------------------------------------------------------------- examples
@dataclass(frozen=True)
class Example:
    record: int  # index of the training record
    features: tuple[str, ...]
    label: bool  # the pair holds (training label: the gold entities overlap ours)
    rule: str | None  # the rule that proposed this pair, if any
    gold: int | None  # index of the gold relation it matches by name, as kg eval scores
    complete: bool = True  # False for distant supervision, whose gold misses true pairs


def _gold_pairs(record: dict, relation: str) -> list[tuple[dict, dict]]:
    ents = record.get("entities", [])
    return [(ents[r["head"]], ents[r["tail"]]) for r in record.get("relations", []) if r["type"] == relation]


def _same_entity(gold: dict, span) -> bool:
    """Our span stands for a gold entity: they overlap (gold with offsets), or the names
    match as ``kg eval`` matches them. Overlap forgives boundaries ("Federal Home Loan Bank"
    and "Federal Home Loan Bank of San Francisco"): a label is about the pair, not the span."""
    if "start" in gold and "end" in gold:
        return span.start_char < gold["end"] and gold["start"] < span.end_char
    return _matches(gold["text"], {span.text.casefold()})


def examples(nlp, records: list[dict], relation: str) -> list[Example]:
    """Every candidate pair of every record, described and labelled."""
    out = []
    for n, (record, doc) in enumerate(zip(records, nlp.pipe(r["text"] for r in records))):
        gold = _gold_pairs(record, relation)
        rules = {pair_key(relation, r.head.start, r.tail.start): r for r in doc._.relations
                 if r.type == relation and r.role != "attendee"}
        pairs = {pair_key(relation, a.start_char, b.start_char): (a, b) for a, b in candidate_pairs(doc, relation)}
        for key, rel in rules.items():
            if key not in pairs:
                a, b = mention_span(doc, rel.head), mention_span(doc, rel.tail)
                if a is not None and b is not None:
                    pairs[key] = (a, b)
        for key in sorted(pairs):
            a, b = pairs[key]
            rule = rules.get(key)
            ends = lambda h, t: [(h, t), (t, h)] if relation == "metWith" else [(h, t)]  # noqa: E731
            label = any(_same_entity(x, a) and _same_entity(y, b) for h, t in gold for x, y in ends(h, t))
            hit = next((g for g, (h, t) in enumerate(gold) if any(
                _matches(x["text"], {a.text.casefold()}) and _matches(y["text"], {b.text.casefold()})
                for x, y in ends(h, t))), None)
            out.append(Example(n, tuple(features(doc, a, b, rule.rule if rule else None, relation)),
                               label, rule.rule if rule else None, hit,
                               "incomplete" not in str(record.get("note", ""))))
    return out


# --------------------------------------------------------------------- fitting and scoring
def fit(items: list[Example], c: float = C) -> tuple[float, dict[str, float]]:
    """Logistic regression over the binary features (scikit-learn, L-BFGS: deterministic)."""
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise TrainError("training needs scikit-learn: pip install 'kg[train]'") from None
    labels = [e.label for e in items]
    if len(set(labels)) < 2:
        raise TrainError("the training data has no positive (or no negative) pairs for this relation")
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([{f: 1 for f in e.features} for e in items])
    model = LogisticRegression(C=c, solver="lbfgs", random_state=SEED, max_iter=2000)
    model.fit(x, labels)
    names = vectorizer.get_feature_names_out()
    weights = {str(names[i]): round(float(w), 4) for i, w in enumerate(model.coef_[0]) if abs(w) >= MIN_WEIGHT}
    return round(float(model.intercept_[0]), 4), weights


def checked_rules(items: list[Example]) -> list[str]:
    """The rules a model checks: those wrong more often than right (``PRECISE``) on the training
    data (with ``MIN_SUPPORT`` pairs at least). The others are precise and stay decisions of
    their own."""
    by_rule = defaultdict(list)
    for e in items:
        if e.rule and e.complete:  # incomplete gold would call right pairs wrong
            by_rule[e.rule].append(e.label)
    return sorted(r for r, labels in by_rule.items()
                  if len(labels) >= MIN_SUPPORT and sum(labels) / len(labels) < PRECISE)


def _prf(items: list[Example], probs: list[float], gold_counts: dict[int, int], add: float, keep: float,
         checked=None):
    tp, fp = 0, 0
    hits = set()
    checked = set(checked or ())
    for e, p in zip(items, probs):
        if e.rule and e.rule not in checked or p >= (keep if e.rule else add):
            if e.gold is not None:
                hits.add((e.record, e.gold))
            else:
                fp += 1
    tp = len(hits)
    gold = sum(gold_counts.values())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    f05 = 1.25 * precision * recall / (0.25 * precision + recall) if precision + recall else 0.0
    return {"gold": gold, "correct": tp, "false": fp, "precision": round(precision, 3),
            "recall": round(recall, 3), "f1": round(f1, 3), "f0.5": round(f05, 3)}


def _folds(items: list[Example], gold_counts: dict[int, int], folds: int = FOLDS) -> dict[int, int]:
    """The fold of each record (seeded)."""
    records = sorted({e.record for e in items} | set(gold_counts))
    rng = random.Random(SEED)
    rng.shuffle(records)
    return {r: i % folds for i, r in enumerate(records)}


def cross_validate(items: list[Example], gold_counts: dict[int, int], folds: int = FOLDS, c: float = C):
    """Out-of-fold probabilities for every example (folds by record, seeded)."""
    fold_of = _folds(items, gold_counts, folds)
    probs = [0.0] * len(items)
    for k in range(folds):
        train = [e for e in items if fold_of[e.record] != k]
        bias, weights = fit(train, c)
        model = PairModel("", bias, weights, add=NEVER, keep=0.0)
        for i, e in enumerate(items):
            if fold_of[e.record] == k:
                probs[i] = model.probability(e.features)
    return probs


def _prf_of(score) -> dict:
    return {"gold": score.tp + score.fn, "correct": score.tp, "false": score.fp, "precision": round(score.precision, 3),
            "recall": round(score.recall, 3), "f1": round(score.f1, 3)}


def scored_as_eval(nlp, records: list[dict], source_of: dict[int, str], relation: str,
                   models: dict[int, PairModel | None], fold_of: dict[int, int] | None = None) -> dict[str, dict]:
    """Precision, recall and F1 per training file as ``kg eval`` scores dev data: every
    record run through the whole pipeline (entities resolved, facts counted once per pair of
    entities), the records of fold ``k`` (``fold_of``; without it, all in fold 0) decided by
    ``models[k]`` (None: the rules alone)."""
    from .eval import JsonlScore, score_jsonl_record
    from .pipeline import extract_documents
    from .records import Document

    pipe = nlp.get_pipe("kg_relations")
    saved = pipe.models
    scores: dict[str, JsonlScore] = defaultdict(JsonlScore)
    try:
        for fold, model in sorted(models.items()):
            pipe.models = {relation: model} if model is not None else {}
            held = [n for n in range(len(records)) if (fold_of or {}).get(n, 0) == fold]
            docs = [Document(f"record-{n}", records[n]["text"]) for n in held]
            for n, extraction in zip(held, extract_documents(nlp, docs)):
                if hasattr(extraction, "facts"):
                    score_jsonl_record(records[n], extraction, scores[source_of[n]])
    finally:
        pipe.models = saved
    return {name: _prf_of(score.relations[relation]) for name, score in sorted(scores.items())}


def choose_thresholds(items, probs, gold_counts, checked, adds: bool = True) -> tuple[float, float, dict]:
    """The (add, keep) thresholds with the best cross-validated F0.5 (ties: the higher add).
    F0.5 weighs precision twice as much as recall: our users want facts they can trust, and
    a model trained on other kinds of text should add only what it is sure of."""
    best = None
    for add in (GRID if adds else [NEVER]):
        for keep in GRID:
            if keep > add:
                continue
            score = _prf(items, probs, gold_counts, add, keep, checked)
            key = (score["f0.5"], add, -keep)
            if best is None or key > best[0]:
                best = (key, add, keep, score)
    return best[1], best[2], best[3]


def train(files: list[str | Path], relation: str, output: str | Path | None = None, model: str | None = None,
          nlp=None) -> dict:
    """Train the ``relation`` model on training files; save it (JSON) and return its report."""
    from .nlp import load

    if relation not in MODEL_FILES:
        raise TrainError(f"unknown relation {relation!r}; one of {', '.join(MODEL_FILES)}")
    sources = []
    for f in files:
        records = read_records(f)
        sources.append((Path(f).name, records))
    nlp = nlp or load(model, learned=False)
    items: list[Example] = []
    gold_counts: dict[int, int] = {}
    source_of: dict[int, str] = {}
    offset = 0
    for name, records in sources:
        for e in examples(nlp, records, relation):
            items.append(Example(e.record + offset, e.features, e.label, e.rule, e.gold, e.complete))
        for n, record in enumerate(records):
            count = len(_gold_pairs(record, relation))
            gold_counts[n + offset] = count
            source_of[n + offset] = name
        offset += len(records)
    positives = sum(e.label for e in items)
    if positives < 2:
        raise TrainError(f"no {relation} pair of the training files was found as a candidate")
    probs = cross_validate(items, gold_counts)
    checked = checked_rules(items)
    add, keep, cv = choose_thresholds(items, probs, gold_counts, checked)
    added = [e for e, p in zip(items, probs) if not e.rule and p >= add]
    if added and sum(e.gold is not None for e in added) / len(added) < MIN_ADDED_PRECISION:
        # its own pairs were wrong more often than right: the model only checks the rules
        add, keep, cv = choose_thresholds(items, probs, gold_counts, checked, adds=False)
    rules_alone = _prf(items, [0.0] * len(items), gold_counts, 1.01, 1.01, [])
    per_source = {}
    for name, _ in sources:
        chosen = [i for i, e in enumerate(items) if source_of[e.record] == name]
        counts = {r: c for r, c in gold_counts.items() if source_of[r] == name}
        per_source[name] = _prf([items[i] for i in chosen], [probs[i] for i in chosen], counts, add, keep, checked)
    if positives < MIN_POSITIVES:
        raise TrainError(f"too little training data for {relation}: {positives} positive candidate pairs in "
                         f"{offset} records (a model needs {MIN_POSITIVES} at least); cross-validated F1 "
                         f"{cv['f1']:.3f} (rules alone {rules_alone['f1']:.3f}); nothing saved")
    # the same folds and thresholds, scored as kg eval scores dev data (comparable with it)
    everything = [r for _, records in sources for r in records]
    fold_of = _folds(items, gold_counts)
    fold_models = {}
    for k in range(FOLDS):
        b, w = fit([e for e in items if fold_of[e.record] != k], C)
        fold_models[k] = PairModel(relation, b, w, add, keep, {}, tuple(checked))
    as_eval = scored_as_eval(nlp, everything, source_of, relation, fold_models, fold_of)
    alone_as_eval = scored_as_eval(nlp, everything, source_of, relation, {0: None})
    bias, weights = fit(items, C)
    report = {"relation": relation, "files": [name for name, _ in sources], "records": offset,
              "pairs": len(items), "positive": sum(e.label for e in items),
              "thresholds": {"add": add, "keep": keep}, "checked_rules": checked,
              "cross_validated": cv, "rules_alone": rules_alone, "per_file": per_source,
              "cross_validated_as_eval": as_eval, "rules_alone_as_eval": alone_as_eval,
              "folds": FOLDS, "C": C}
    saved = PairModel(relation, bias, weights, add, keep, report, tuple(checked))
    path = Path(output) if output else MODEL_DIR / MODEL_FILES[relation]
    saved.save(path)
    return {**report, "output": str(path), "features": len(weights)}
