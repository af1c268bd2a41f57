"""``make quality``: measure extraction on the gold data and write ``docs/quality.md``.

    python -m kg.quality ../shared/eval > docs/quality.md

Every figure in the page comes from this run: the sample article, news_dev (when its
texts are in ``../news-dev-text``), CoNLL04 dev (with and without the learned models, the
officialOf misses sorted by cause, and the cross-validated score on the training data),
RAMS dev, Text2KGBench train, and what each learned model was trained on.
"""
from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

from . import __version__
from .api import extract_documents
from .eval import CAUSES, JsonlScore, _matches, _names, evaluate, score_folder, score_jsonl_record
from .extract.learned import MODEL_FILES, load_models
from .learn import FOLDS
from .records import Document, Extraction


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def _score(nlp, records) -> tuple[JsonlScore, list[Extraction]]:
    extractions = list(extract_documents(nlp, [Document(str(r["id"]), r["text"]) for r in records]))
    score = JsonlScore(records=len(records))
    for record, extraction in zip(records, extractions):
        score_jsonl_record(record, extraction, score)
    return score, extractions


def miss_causes(records, extractions, rtype: str = "officialOf") -> Counter:
    """Why gold relations were missed: NER miss, wrong pairing, or no pattern."""
    causes = Counter()
    for record, x in zip(records, extractions):
        ents, names = record["entities"], _names(x)
        types = {e.key: e.type for e in x.entities}
        found = [(f.head, f.tail) for f in x.facts if f.type == rtype]
        for rel in record["relations"]:
            if rel["type"] != rtype:
                continue
            head, tail = ents[rel["head"]]["text"], ents[rel["tail"]]["text"]
            if any(_matches(head, names[h]) and _matches(tail, names[t]) for h, t in found):
                continue
            heads = {k for k in names if _matches(head, names[k]) and types[k] == "Person"}
            tails = {k for k in names if _matches(tail, names[k]) and types[k] in {"Organization", "Place"}}
            if not heads or not tails:
                causes["NER miss (an end not found as a person / organization)"] += 1
            elif any(h in heads or t in tails for h, t in found):
                causes["wrong pairing (an end paired with another entity)"] += 1
            else:
                causes["no pattern (both ends found, no rule or model fired)"] += 1
    return causes


def _table(score: JsonlScore, types) -> list[str]:
    lines = ["| relation | gold | found | correct | precision | recall | F1 |", "|---|---|---|---|---|---|---|"]
    for t in types:
        s = score.relations[t]
        lines.append(f"| {t} | {s.tp + s.fn} | {s.tp + s.fp} | {s.tp} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} |")
    return lines


def _news_dev(nlp, gold_dir: Path, texts: Path) -> list[str]:
    """The news_dev section: measured when the article texts are at hand, else how to get them."""
    out = ["## news_dev: real news articles", ""]
    if not gold_dir.is_dir():
        return out + [f"No gold folder at `{gold_dir}`.", ""]
    if not texts.is_dir() or not any(texts.glob("*.txt")):
        return out + [f"Not measured: the article texts are not in `{texts}`. They are the publishers' text and "
                      f"are never committed; `{gold_dir}/README.md` says how to fetch each one and save it as "
                      f"`{texts}/<key>.txt`. Then run `make quality` again, or "
                      f"`kg eval {gold_dir} --docs {texts}`.", ""]
    score = score_folder(gold_dir, lambda d: list(extract_documents(nlp, d)), texts)
    total, n = score.total(), len(score.articles)
    out += [f"`kg eval {gold_dir} --docs {texts}` ({n} articles):", "",
            "| measure | value |", "|---|---|",
            f"| required relations found | {len(total.required_found)}/{total.required} "
            f"({len(total.required_found) / max(total.required, 1):.0%}) |",
            f"| false positives per article | {len(total.false_positives) / max(n, 1):.2f} "
            f"({len(total.false_positives)} in all) |",
            f"| gold entities found with the right type | {len(total.entities_found)}/{total.entities} "
            f"({len(total.entities_found) / max(total.entities, 1):.0%}) |", "",
            "Missed required relations by cause:", "", "| cause | misses |", "|---|---|"]
    out += [f"| {text} | {total.causes[c]} |" for c, text in CAUSES.items()]
    nodes = score.nodes
    if nodes is not None:
        out += ["", "One entity, one node, with all the articles built into one store (as `news_dev/README.md` "
                "defines fragmented and conflated):", "", "| measure | value | target |", "|---|---|---|",
                f"| fragmented entities | {len(nodes.fragmented)}/{nodes.found} "
                f"({len(nodes.fragmented) / max(nodes.found, 1):.1%}) | at most 2% |",
                f"| fragmented among those in several articles | {len(nodes.shared_fragmented)}/{nodes.shared} | 0 |",
                f"| conflated nodes | {len(nodes.conflated)} | 0 |"]
    if score.missing:
        out += ["", f"Not scored (no text): {', '.join(score.missing)}."]
    return out + [""]


def _models() -> list[str]:
    """What each shipped model was trained on and how it cross-validates there."""
    out = ["## The learned pair classifiers", "",
           "Trained by `make train` on training data only (see `docs/training.md`); scores are "
           f"{FOLDS}-fold cross-validated on that training data, with the thresholds chosen there "
           "(F0.5: precision weighs twice as much as recall). \"Rules alone\" scores the rules' "
           "pairs on the same data.", "",
           "| relation | trained on | pairs (positive) | CV precision | CV recall | CV F1 | rules alone F1 "
           "| thresholds add / keep | rules it checks |", "|---|---|---|---|---|---|---|---|---|"]
    for relation, model in sorted(load_models().items()):
        r = model.report
        cv, alone = r.get("cross_validated", {}), r.get("rules_alone", {})
        out.append(f"| {relation} | {', '.join(r.get('files', []))} | {r.get('pairs')} ({r.get('positive')}) "
                   f"| {cv.get('precision')} | {cv.get('recall')} | {cv.get('f1')} | {alone.get('f1')} "
                   f"| {model.add} / {model.keep} | {', '.join(model.checked) or 'none'} |")
    missing = sorted(set(MODEL_FILES) - set(load_models()))
    if missing:
        out += ["", f"No model for {', '.join(missing)}: their rules decide alone."]
    return out + [""]


def report(eval_dir: Path, news_texts: Path = Path("../news-dev-text")) -> str:
    from .nlp import load, model_id

    started = time.perf_counter()
    learned, rules = load(), load(learned=False)
    out = ["# Extraction quality", "",
           f"Generated by `make quality` (`python -m kg.quality {eval_dir}`) with kg {__version__} and "
           f"spaCy pipeline {' '.join(model_id(learned))}. Gold data: `../shared/eval/` (see its README). "
           "Matching as the gold README says: a relation counts when its type matches and both ends "
           "match the gold text, ignoring case, a leading \"the\" and a trailing full stop, or when one "
           "name is a whole-word suffix of the other.", ""]

    seed = evaluate(eval_dir / "seed_gold.json", lambda d: list(extract_documents(learned, d)),
                    Path(__file__).resolve().parent.parent / "seeds")
    out += ["## The sample article (`seed_gold.json`)", "", "```", seed, "```", ""]
    out += _news_dev(learned, eval_dir / "news_dev", news_texts)

    conll = _records(eval_dir / "conll04_dev.jsonl")
    with_model, xs = _score(learned, conll)
    rules_only, _ = _score(rules, conll)
    out += ["## CoNLL04 dev (231 sentences): officialOf", "",
            "CoNLL04's Work_For counts as officialOf (role unknown). Posts held in a country "
            "(\"the 23rd President of the United States\") are `holdsOfficeIn` in kg and CoNLL04 "
            "labels them Live_In, so they are not counted here.", "",
            "With the learned pair classifiers (`kg/models/`, trained on training data only):", ""]
    out += _table(with_model, ["officialOf"])
    model = load_models().get("officialOf")
    if model is not None:
        cv_train = model.report.get("cross_validated_as_eval", {}).get("conll04_train.jsonl")
        alone_train = model.report.get("rules_alone_as_eval", {}).get("conll04_train.jsonl")
        pairs_train = model.report.get("per_file", {}).get("conll04_train.jsonl")
        if not cv_train and pairs_train:  # a model trained before kg train scored folds as kg eval does
            out += ["", f"Cross-validated on conll04_train ({model.report.get('folds')} folds, scored pair by "
                        f"pair, not as dev is here): precision {pairs_train['precision']:.3f}, recall "
                        f"{pairs_train['recall']:.3f}, F1 **{pairs_train['f1']:.3f}**."]
        if cv_train:
            gap = with_model.relations["officialOf"].f1 - cv_train["f1"]
            out += ["", f"Cross-validated on conll04_train ({model.report.get('folds')} folds, each held-out fold "
                        "run through the whole pipeline with the model trained on the other four, and scored as "
                        f"dev is here): precision {cv_train['precision']:.3f}, recall {cv_train['recall']:.3f}, "
                        f"F1 **{cv_train['f1']:.3f}** (dev minus cross-validated: {gap:+.3f})"
                        + (f"; the rules alone score F1 {alone_train['f1']:.3f} on conll04_train." if alone_train else ".")]
    out += ["", "Rules only (`kg eval --rules-only`):", ""]
    out += _table(rules_only, ["officialOf"])
    train_path = eval_dir / "conll04_train.jsonl"
    known = model is not None and "rules_alone_as_eval" in model.report
    if train_path.is_file() and not known:  # the rules on the training data, scored the same way
        rules_train, _ = _score(rules, _records(train_path))
        f1 = rules_train.relations["officialOf"].f1
        out += ["", f"The rules alone on conll04_train (training data, scored the same way): F1 {f1:.3f} "
                    f"(dev minus train: {rules_only.relations['officialOf'].f1 - f1:+.3f})."]
    out += ["", "Misses by cause (with the classifier):", "", "| cause | misses |", "|---|---|"]
    out += [f"| {cause} | {n} |" for cause, n in sorted(miss_causes(conll, xs).items())]
    s = with_model.ner
    out += ["", "Entities (exact character offsets against the gold spans):", "",
            "| type | gold | found | correct | precision | recall | F1 |", "|---|---|---|---|---|---|---|"]
    out += [f"| {t} | {v.tp + v.fn} | {v.tp + v.fp} | {v.tp} | {v.precision:.3f} | {v.recall:.3f} | {v.f1:.3f} |"
            for t, v in s.items()]

    rams, _ = _score(learned, _records(eval_dir / "rams_meet_dev.jsonl"))
    m = rams.relations["metWith"]
    out += ["", "## RAMS dev (62 passages): metWith", "",
            "Only one meeting per passage is annotated, so only recall means something.", "",
            f"metWith recall: **{m.recall:.3f}** ({m.tp} of {m.tp + m.fn} pairs).", ""]

    t2k_records = _records(eval_dir / "text2kgbench_train.jsonl")
    t2k, t2k_x = _score(learned, t2k_records)
    offices = JsonlScore()
    for record, x in zip(t2k_records, t2k_x):  # officialOf in Text2KGBench includes heads of state
        as_official = tuple(f if f.type != "holdsOfficeIn" else type(f)("officialOf", f.head, f.tail, f.relation)
                            for f in x.facts)
        score_jsonl_record(record, type(x)(x.document, x.sentences, x.entities, as_official), offices)
    o = offices.relations["officialOf"]
    out += ["## Text2KGBench train (917 Wikipedia sentences): recall", "",
            "Distant supervision: the gold is incomplete, so recall is what is reported.", "",
            f"- officialOf recall: **{t2k.relations['officialOf'].recall:.3f}**; counting kg's "
            f"holdsOfficeIn as officialOf (Text2KGBench's officialOf includes heads of state): "
            f"**{o.recall:.3f}**",
            f"- represents recall: **{t2k.relations['represents'].recall:.3f}**", "",
            ""]
    out += _models()
    out += [f"_Measured in {time.perf_counter() - started:.0f} s._", ""]
    return "\n".join(out)


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval")
    texts = Path(sys.argv[2] if len(sys.argv) > 2 else "../news-dev-text")
    sys.stdout.write(report(folder, texts))
