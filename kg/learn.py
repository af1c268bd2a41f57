"""``kg train``: train the relation models (``kg.extract.learned``) and calibrate them.

One logistic-regression model per relation (officialOf, metWith, represents) reads the
features of ``kg.extract.pairs`` for every candidate pair kg's own pipeline finds in each
training text (so it sees what it will see at run time), with the rule that fired, if any,
among them. A pair is positive when the gold relations (required or optional) name both
ends. Only training data is read: a file or folder whose name says dev or test is refused.

Training data (see ``docs/training.md`` for where each comes from and its licence):

* a folder of news gold files (``tests/gold/news/train``, the shape of news_dev), with the
  folder of their texts (``--docs``);
* JSONL gold records (``conll04_train.jsonl``, ``text2kgbench_train.jsonl``);
* KnowledgeNet rows (``EMPLOYEE_OR_MEMBER_OF`` and ``CEO`` facts, as officialOf);
* WikiEvents documents (``Contact`` events with two participants or more, as metWith).

The records are cut into folds (seeded). Each held-out fold is run through the whole
pipeline with the model trained on the other folds, keeping every candidate, and its facts
are scored as ``kg eval`` scores dev data; a logistic (Platt) fit on those held-out facts
(the model's log-odds against "the fact is right"), kept as steps, is the calibration the model
carries, so that its confidence means what it says. The minimum confidence a fact needs is
chosen afterwards on dev data (``kg train threshold``, ``choose_threshold``).
scikit-learn does the fitting (``pip install 'kg[train]'``); the saved model is plain JSON,
so running kg needs no scikit-learn. Training is deterministic: the same data gives the
same file.
"""
from __future__ import annotations

import json
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .errors import KgError
from .eval import _matches, _name
from .extract.lexicon import countries
from .extract.learned import MODEL_DIR, MODEL_FILES, THRESHOLD_FILE, PairModel, mention_span
from .extract.pairs import candidate_pairs, features, pair_key, referent


class TrainError(KgError):
    pass


SEED = 0
FOLDS = 5
C_GRID = (0.03, 0.1, 0.3, 1.0)  # inverse regularisation strengths tried (by held-out log loss on training data)
MIN_WEIGHT = 1e-3  # smaller weights are not saved
GRID = [round(0.05 * i, 2) for i in range(4, 20)]  # minimum confidences tried on dev data (0.2 to 0.95)
MIN_POSITIVES = 100  # fewer positive training pairs teach a model nothing it can be trusted with
#: Which training relations count as which of ours.
KNOWLEDGENET = {"EMPLOYEE_OR_MEMBER_OF": ("officialOf", False), "CEO": ("officialOf", True)}  # True: object is the person


# --------------------------------------------------------------------- reading training files
def _refuse_evaluation_data(path: Path) -> None:
    name = path.name.lower()
    if "dev" in name or "test" in name:
        raise TrainError(f"{path}: looks like evaluation data; train only on training files")


def _article_texts(folder: Path, text_dirs: list[Path]) -> tuple[list, list[str]]:
    """The folder's articles whose text is on this machine, each with its text as kg reads it
    (``(article, document)``), and the keys of those whose text is missing."""
    from .corpus import articles
    from .ingest import InputError, read_file

    found, missing = [], []
    for article in articles(folder, text_dirs):
        if article.text_path is None:
            missing.append(article.key)
            continue
        doc = next(iter(read_file(article.text_path, article.gold["document"])))
        if isinstance(doc, InputError):
            raise TrainError(str(doc))
        found.append((article, doc))
    return found, missing


def news_records(folder: Path, text_dirs: list[Path]) -> list[dict]:
    """A folder of news gold files as training records: the article's text (as kg reads it),
    its entities with every alias, and its relations (required or optional)."""
    out = []
    found, missing = _article_texts(folder, text_dirs)
    for article, doc in found:
        gold = article.gold
        index = {e["id"]: n for n, e in enumerate(gold["entities"])}
        out.append({"id": article.key, "text": doc.text, "date": doc.date, "source": "news", "gold": gold,
                    "entities": [{"text": e["aliases"][0], "aliases": e["aliases"], "type": e["type"]}
                                 for e in gold["entities"]],
                    "relations": [{"type": r["type"], "head": index[r["head"]], "tail": index[r["tail"]],
                                   "required": bool(r.get("required"))} for r in gold["relations"]
                                  if r["head"] in index and r["tail"] in index]})
    if not out:
        raise TrainError(f"{folder}: none of its {len(missing)} articles has its text in "
                         f"{', '.join(map(str, text_dirs)) or 'the folders given (--docs)'}")
    return out


def read_records(path: str | Path, text_dirs: list[str | Path] = ()) -> list[dict]:
    """Records ``{"id", "text", "entities": [{"text", ...}], "relations": [{"type", "head",
    "tail"}]}`` from any of the training formats kg reads (a folder: news gold files, whose
    texts are in ``text_dirs``)."""
    path = Path(path)
    if path.is_dir():
        _refuse_evaluation_data(path)
        return news_records(path, [Path(d) for d in text_dirs])
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
    label: bool  # the pair holds (training label: the gold names both ends)
    rule: str | None  # the rule that proposed this pair, if any


def _gold_pairs(record: dict, relation: str) -> list[tuple[dict, dict]]:
    ents = record.get("entities", [])
    return [(ents[r["head"]], ents[r["tail"]]) for r in record.get("relations", []) if r["type"] == relation]


def _same_entity(gold: dict, span) -> bool:
    """Our span stands for a gold entity: they overlap (gold with offsets), its text is one of
    the gold's aliases or names the same country (news gold: "Azerbaijani" for "Azerbaijan"),
    or the names match as ``kg eval`` matches JSONL gold.
    Overlap forgives boundaries ("Federal Home Loan Bank" and "Federal Home Loan Bank of San
    Francisco"): a label is about the pair, not the span."""
    if "start" in gold and "end" in gold:
        return span.start_char < gold["end"] and gold["start"] < span.end_char
    if "aliases" in gold:
        text = _name(span.text)
        text = text[:-2] if text.endswith(("'s", "’s")) else text
        if text in {_name(a) for a in gold["aliases"]}:
            return True
        # "the Azerbaijani team": the demonym stands for the country the gold names
        country = countries().country(span.text)
        return country is not None and any(countries().country(a) == country for a in gold["aliases"])
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
            label = any(_same_entity(x, referent(a)) and _same_entity(y, referent(b))
                        for h, t in gold for x, y in ends(h, t))
            out.append(Example(n, tuple(features(doc, a, b, rule.rule if rule else None, relation)),
                               label, rule.rule if rule else None))
    return out


# --------------------------------------------------------------------- fitting
def fit(items: list[Example], c: float = 0.5) -> tuple[float, dict[str, float]]:
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
    model = LogisticRegression(C=c, solver="lbfgs", random_state=SEED, max_iter=5000)
    model.fit(x, labels)
    names = vectorizer.get_feature_names_out()
    weights = {str(names[i]): round(float(w), 4) for i, w in enumerate(model.coef_[0]) if abs(w) >= MIN_WEIGHT}
    return round(float(model.intercept_[0]), 4), weights


def choose_c(items: list[Example], fold_of: dict[int, int]) -> tuple[float, dict[float, float]]:
    """The regularisation with the least log loss on held-out folds of the training data."""
    losses = {}
    for c in C_GRID:
        total = 0.0
        for k in range(FOLDS):
            bias, weights = fit([e for e in items if fold_of[e.record] != k], c)
            model = PairModel("", bias, weights)
            for e in items:
                if fold_of[e.record] == k:
                    p = min(max(model.probability(e.features), 1e-6), 1 - 1e-6)
                    total -= math.log(p if e.label else 1 - p)
        losses[c] = round(total / len(items), 4)
    return min(losses, key=lambda c: (losses[c], c)), losses


def calibrate(scores: list[tuple[float, bool]]) -> tuple[tuple[float, float], ...]:
    """A logistic (Platt) calibration of "right" on the model's log-odds, fitted on held-out
    facts, written as (probability, confidence) steps at 49 points: it keeps the model's
    order of the facts (the confidence rises with the probability), unlike bins or an
    isotonic fit, which give many facts one value."""
    from sklearn.linear_model import LogisticRegression

    if len({right for _, right in scores}) < 2:
        return ()

    def logit(p: float) -> float:
        p = min(max(p, 1e-4), 1 - 1e-4)
        return math.log(p / (1 - p))

    fitted = LogisticRegression(C=1e6, solver="lbfgs", max_iter=1000)
    fitted.fit([[logit(p)] for p, _ in scores], [int(r) for _, r in scores])
    a, b = float(fitted.coef_[0][0]), float(fitted.intercept_[0])
    points = [0.0001, 0.001, 0.005] + [round(0.025 * i, 3) for i in range(1, 40)] + [0.995, 0.999, 0.9999]
    return tuple((x, round(1 / (1 + math.exp(-(a * logit(x) + b))), 4)) for x in points)


def _folds(records: list[dict], folds: int = FOLDS) -> dict[int, int]:
    """The fold of each record (seeded)."""
    order = list(range(len(records)))
    rng = random.Random(SEED)
    rng.shuffle(order)
    return {r: i % folds for i, r in enumerate(order)}


# --------------------------------------------------------------------- facts, scored as kg eval scores
@dataclass
class FactScores:
    """The facts of one relation kg stated in a set of records: each one's confidence and
    whether the gold has it, and every required gold relation with the best confidence of a
    fact that matched it (None: not found)."""

    facts: list[tuple[float, bool]] = field(default_factory=list)
    required: list[float | None] = field(default_factory=list)
    records: int = 0
    entities: int = 0  # gold entities found with their type (kept by whoever counts them)

    def add(self, other: "FactScores") -> None:
        self.facts += other.facts
        self.required += other.required
        self.records += other.records
        self.entities += other.entities

    def at(self, threshold: float) -> dict:
        kept = [right for conf, right in self.facts if conf >= threshold]
        found = sum(1 for c in self.required if c is not None and c >= threshold)
        wrong = len(kept) - sum(kept)
        precision = sum(kept) / len(kept) if kept else 0.0
        recall = found / len(self.required) if self.required else 0.0
        f05 = 1.25 * precision * recall / (0.25 * precision + recall) if precision + recall else 0.0
        return {"threshold": threshold, "facts": len(kept), "wrong": wrong, "precision": round(precision, 3),
                "required": len(self.required), "required_found": found, "recall": round(recall, 3),
                "f0.5": round(f05, 3), "wrong_per_record": round(wrong / max(self.records, 1), 3)}


def fact_scores(record: dict, extraction, relations=("officialOf", "metWith", "represents")) -> FactScores:
    """A record's facts of ``relations`` against its gold: news gold as ``kg eval`` scores an
    article (entities matched by name; optional relations count as right), JSONL gold by
    the names of the ends."""
    from .eval import _gold_nodes, asserted_kind, _names

    out = FactScores(records=1)
    best: dict[tuple, float] = {}
    for fact in extraction.facts:
        if fact.type in relations and asserted_kind(fact):
            key = (fact.type, fact.head, fact.tail)
            best[key] = max(best.get(key, 0.0), fact.relation.confidence)
    gold = record.get("gold")
    if gold is not None:
        to_gold, _ = _gold_nodes(gold, extraction)

        def norm(t, h, o):
            return (t, *sorted((h, o))) if t == "metWith" else (t, h, o)

        gold_rel: dict[tuple, bool] = {}
        for r in gold["relations"]:
            if r["type"] in relations:
                k = norm(r["type"], r["head"], r["tail"])
                gold_rel[k] = gold_rel.get(k, False) or bool(r.get("required"))
        mapped: dict[tuple, float] = {}
        for (t, h, o), conf in best.items():
            k = norm(t, to_gold.get(h, h), to_gold.get(o, o))
            mapped[k] = max(mapped.get(k, 0.0), conf)
        out.facts = [(conf, k in gold_rel) for k, conf in sorted(mapped.items())]
        out.required = [mapped.get(k) for k, req in sorted(gold_rel.items()) if req]
        return out
    names = _names(extraction)
    ents = record.get("entities", [])
    pairs = [(r["type"], ents[r["head"]]["text"], ents[r["tail"]]["text"]) for r in record.get("relations", [])
             if r["type"] in relations]
    hit_conf: list[float | None] = [None] * len(pairs)
    for (t, h, o), conf in sorted(best.items()):
        right = False
        for i, (gt, gh, go) in enumerate(pairs):
            ends = [(h, o), (o, h)] if t == "metWith" else [(h, o)]
            if gt == t and any(_matches(gh, names[a]) and _matches(go, names[b]) for a, b in ends):
                right = True
                hit_conf[i] = max(hit_conf[i] or 0.0, conf)
        out.facts.append((conf, right))
    out.required = hit_conf
    return out


def run_folds(nlp, records: list[dict], relation: str, models: dict[int, PairModel | None],
              fold_of: dict[int, int] | None = None, min_confidence: float = 0.0) -> dict[str, FactScores]:
    """Every record run through the whole pipeline, those of fold ``k`` decided by
    ``models[k]`` (None: the rules alone) keeping pairs from ``min_confidence`` on; the
    facts of ``relation`` scored per source ("news" or a file name)."""
    from .pipeline import extract_documents
    from .records import Document

    pipe = nlp.get_pipe("kg_relations")
    saved, saved_min = pipe.models, pipe.min_confidence
    out: dict[str, FactScores] = defaultdict(FactScores)
    try:
        pipe.min_confidence = min_confidence
        for fold, model in sorted(models.items()):
            pipe.models = {relation: model} if model is not None else {}
            held = [n for n in range(len(records)) if (fold_of or {}).get(n, 0) == fold]
            docs = [Document(f"record-{n}", records[n]["text"], records[n].get("date")) for n in held]
            for n, extraction in zip(held, extract_documents(nlp, docs)):
                if hasattr(extraction, "facts"):
                    out[records[n].get("source_name", "?")].add(fact_scores(records[n], extraction, (relation,)))
    finally:
        pipe.models, pipe.min_confidence = saved, saved_min
    return dict(out)


# --------------------------------------------------------------------- training
def train(files: list[str | Path], relation: str, output: str | Path | None = None, model: str | None = None,
          nlp=None, docs: list[str | Path] = (), log=None) -> dict:
    """Train the ``relation`` model on training data; calibrate it on held-out folds; save it
    (JSON) and return its report."""
    from .nlp import load

    if relation not in MODEL_FILES:
        raise TrainError(f"unknown relation {relation!r}; one of {', '.join(MODEL_FILES)}")
    records: list[dict] = []
    names = []
    for f in files:
        name = Path(f).name + ("/" if Path(f).is_dir() else "")
        for r in read_records(f, docs):
            records.append({**r, "source_name": name})
        names.append(name)
    nlp = nlp or load(model, learned=False)
    say = log or (lambda message: None)
    say(f"{relation}: reading the candidate pairs of {len(records)} records")
    items = examples(nlp, records, relation)
    positives = sum(e.label for e in items)
    if positives < MIN_POSITIVES:
        raise TrainError(f"too little training data for {relation}: {positives} positive candidate pairs in "
                         f"{len(records)} records (a model needs {MIN_POSITIVES} at least); nothing saved")
    fold_of = _folds(records)
    c, losses = choose_c(items, fold_of)
    say(f"{relation}: regularisation C={c} (held-out log loss {', '.join(f'{k}: {v}' for k, v in losses.items())})")
    fold_models = {}
    for k in range(FOLDS):
        say(f"{relation}: fold {k + 1}/{FOLDS}")
        bias, weights = fit([e for e in items if fold_of[e.record] != k], c)
        fold_models[k] = PairModel(relation, bias, weights)
    held = run_folds(nlp, records, relation, fold_models, fold_of)
    alone = run_folds(nlp, records, relation, {0: None})
    news = [s for name, s in held.items() if name.endswith("/")]
    calibration_data = [f for s in (news or held.values()) for f in s.facts]
    steps = calibrate(calibration_data)
    calibrated = {name: FactScores([(PairModel(relation, 0, {}, steps).calibrate(c), r) for c, r in s.facts],
                                   [None if c is None else PairModel(relation, 0, {}, steps).calibrate(c)
                                    for c in s.required], s.records) for name, s in held.items()}
    bias, weights = fit(items, c)
    report = {"relation": relation, "files": names, "records": len(records), "pairs": len(items),
              "positive": positives, "folds": FOLDS, "C": c, "log_loss_by_C": losses,
              "cross_validated": {name: {str(t): s.at(t) for t in (0.3, 0.5, 0.7)} for name, s in calibrated.items()},
              "rules_alone": {name: s.at(0.0) for name, s in alone.items()},
              "calibrated_on": "held-out folds of " + ", ".join(n for n in names if n.endswith("/") or not news)}
    saved = PairModel(relation, bias, weights, steps, report)
    path = Path(output) if output else MODEL_DIR / MODEL_FILES[relation]
    saved.save(path)
    return {**report, "output": str(path), "features": len(weights), "calibration": steps}


#: Wrong facts a dev article may have at most, when the thresholds are chosen (precision
#: first: the lowest thresholds that keep to it, so the most facts found within it).
MAX_WRONG_PER_ARTICLE = 0.4
FIRST_GUESSES = 8  # settings estimated from one run and then run for real, to start the search from


def _dev_records(folders, docs) -> list[dict]:
    from .corpus import articles
    from .ingest import read_file

    records = []
    for folder in folders:
        for article in articles(folder, [Path(d) for d in docs]):
            if article.text_path is not None:
                doc = next(iter(read_file(article.text_path, article.gold["document"])))
                records.append({"id": article.key, "text": doc.text, "date": doc.date, "gold": article.gold})
    if not records:
        raise TrainError("no dev article has its text in the folders given (--docs)")
    return records


def _score_run(nlp, records: list[dict], min_confidence) -> dict[str, FactScores]:
    """The dev articles run at ``min_confidence``; the facts of each relation scored."""
    from .pipeline import extract_documents
    from .records import Document

    pipe = nlp.get_pipe("kg_relations")
    saved = pipe.min_confidence
    out = {relation: FactScores() for relation in MODEL_FILES}
    try:
        pipe.min_confidence = min_confidence
        documents = [Document(r["id"], r["text"], r.get("date")) for r in records]
        for record, extraction in zip(records, extract_documents(nlp, documents)):
            if hasattr(extraction, "facts"):
                for relation in MODEL_FILES:
                    out[relation].add(fact_scores(record, extraction, (relation,)))
    finally:
        pipe.min_confidence = saved
    return out


def _total(scores: dict[str, FactScores], chosen: dict[str, float]) -> dict:
    rows = {relation: scores[relation].at(chosen[relation]) for relation in chosen}
    articles = max(s.records for s in scores.values())
    found = sum(r["required_found"] for r in rows.values())
    required = sum(r["required"] for r in rows.values())
    wrong = sum(r["wrong"] for r in rows.values())
    facts = sum(r["facts"] for r in rows.values())
    return {"required_found": found, "required": required, "recall": round(found / max(required, 1), 3),
            "wrong": wrong, "facts": facts, "wrong_per_article": round(wrong / max(articles, 1), 3),
            "precision": round((facts - wrong) / facts, 3) if facts else 0.0, "by_relation": rows}


def _rank(total: dict) -> tuple:
    """How good a setting is on dev: the required relations found, then the fewest wrong. (The
    mean of the three relations' recalls was tried: it bought represents' rare facts with
    officialOf's, 157 of 379 found on dev against 172.)"""
    return total["required_found"], -total["wrong"]


def choose_threshold(nlp, folders: list[str | Path], docs: list[str | Path], output: str | Path | None = None,
                     grid=GRID, max_wrong: float = MAX_WRONG_PER_ARTICLE, log=None) -> dict:
    """Each relation's minimum confidence, chosen on dev data, precision first: of the
    thresholds that keep dev to at most ``max_wrong`` wrong facts an article, those that find
    the most required relations (``_rank``; ties: the higher thresholds). The dev articles are run once
    keeping every candidate (each fact with its confidence), the choice is made on that run,
    and the pipeline is then run again at the chosen thresholds to report what it does."""
    from itertools import product

    records = _dev_records(folders, docs)
    relations = list(MODEL_FILES)
    say = log or (lambda message: None)
    runs: dict[tuple, dict] = {}

    def run(chosen: dict[str, float]) -> dict:
        key = tuple(chosen[r] for r in relations)
        if key not in runs:
            runs[key] = _total(_score_run(nlp, records, chosen), chosen)
        return runs[key]

    def better(a: dict, b: dict | None) -> bool:
        if a["wrong_per_article"] > max_wrong:
            return False
        return b is None or _rank(a) > _rank(b)

    # first guesses from one run keeping every candidate (the settings it estimates best, each
    # run for real: an estimate just within the limit is often just over it), then each
    # relation's threshold in turn over the grid, the others fixed, with the pipeline run at
    # each setting (the relations interact: nobody meets the organization they hold a post in)
    scores = _score_run(nlp, records, 0.0)
    estimates = []
    for combo in product(grid, repeat=len(relations)):
        total = _total(scores, dict(zip(relations, combo)))
        if total["wrong_per_article"] <= max_wrong:
            estimates.append((_rank(total), combo))
    chosen, best = {r: grid[-1] for r in relations}, None
    for _, combo in sorted(estimates, reverse=True)[:FIRST_GUESSES]:
        trial = dict(zip(relations, combo))
        total = run(trial)
        if better(total, best):
            chosen, best = trial, total
    for t in grid:  # one minimum for all is a start too: the search below only climbs from where it starts
        trial = {r: t for r in relations}
        total = run(trial)
        if better(total, best):
            chosen, best = trial, total
            say(f"{chosen}: {total['required_found']}/{total['required']} required, {total['wrong']} wrong")
    for _ in range(2):
        for relation in relations:
            for t in grid:
                trial = {**chosen, relation: t}
                total = run(trial)
                if better(total, best):
                    chosen, best = trial, total
                    say(f"{chosen}: {total['required_found']}/{total['required']} required, {total['wrong']} wrong")
    checked = run(chosen)
    curve = {str(t): {k: v for k, v in run({r: t for r in relations}).items() if k != "by_relation"}
             for t in grid if t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)}
    result = {"min_confidence": chosen, "chosen_by": f"most required relations found on dev with at most "
                                                        f"{max_wrong} wrong facts an article",
              "dev": [str(f) for f in folders], "articles": len(records), "at_chosen": checked,
              "one_threshold_for_all": curve}
    if log:
        log(f"chosen: {chosen}: {checked['required_found']}/{checked['required']} required, {checked['wrong']} wrong "
            f"({checked['wrong_per_article']} per article)")
    path = Path(output) if output else MODEL_DIR / THRESHOLD_FILE
    path.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return result


# --------------------------------------------------------------------- kg train ner
def train_ner(folder: str | Path, docs: list[str | Path], extra: list[str | Path] = (), base: str | None = None,
          epochs: int | None = None, output: Path | None = None, log=None) -> dict:
    """Fine-tune the stock NER on a folder of news gold (the train split) and JSONL records
    with entity offsets (CoNLL04 train); save it in ``output`` and return what it used."""
    import spacy

    from .ner import (BATCH, DROPOUT, EPOCHS, NER_DIR, SEED, NerError, fine_tune, jsonl_samples, news_samples,
                      save)
    from .nlp import DEFAULT_MODELS

    epochs = EPOCHS if epochs is None else epochs
    output = NER_DIR if output is None else output
    folder = Path(folder)
    _refuse_evaluation_data(folder)
    say = log or (lambda message: None)
    found, missing = _article_texts(folder, [Path(d) for d in docs])
    items = [(article.key, doc.text, article.gold) for article, doc in found]
    if not items:
        raise NerError(f"{folder}: none of its articles has its text in the folders given (--docs)")
    for name in ([base] if base else DEFAULT_MODELS):
        try:
            stock = spacy.load(name, enable=["ner"])
            base = name
            break
        except OSError:
            continue
    else:
        raise NerError(f"spaCy model {' or '.join(DEFAULT_MODELS)} is not installed")
    samples = news_samples(stock, stock, items)
    sources = {"news": {"folder": str(folder), "articles": len(items), "paragraphs": len(samples),
                        "missing_texts": len(missing)}}
    for path in extra:
        path = Path(path)
        _refuse_evaluation_data(path)
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        more = jsonl_samples(stock, stock, records, path.name)
        samples += more
        sources[path.name] = {"records": len(more)}
    say(f"fine-tuning the NER of {base} on {len(samples)} paragraphs and sentences, {epochs} epochs")
    nlp = fine_tune(base, samples, epochs=epochs, log=say)
    report = {"epochs": epochs, "dropout": DROPOUT, "batch": BATCH, "seed": SEED, "trained_on": sources}
    save(nlp, report, output)
    return {**report, "output": str(output), "base": base}
