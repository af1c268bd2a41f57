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


def _splits(nlp, news_dev: Path, dev_texts: Path, texts: Path) -> list[str]:
    """The news corpus's splits side by side (train, dev, test), news_dev, and the gap."""
    from .corpus import CORPUS

    rows = []
    for name, folder, docs in (("train", CORPUS / "train", texts), ("dev (corpus)", CORPUS / "dev", texts),
                               ("news_dev", news_dev, dev_texts), ("test", CORPUS / "test", texts)):
        if not folder.is_dir():
            continue
        try:
            score = score_folder(folder, lambda d: list(extract_documents(nlp, d)), docs)
        except Exception as exc:  # no texts on this machine
            rows.append((name, None, str(exc)))
            continue
        rows.append((name, score, None))
    out = ["## The news corpus: train, dev and test", "",
           "The annotated corpus (`tests/gold/news/`, see `docs/training.md`) is split by outlet; the models are "
           "trained on train, the minimum confidences chosen on dev (the corpus's dev split and news_dev), and "
           "test is only scored here. Each row is `kg eval FOLDER --docs TEXTS`.", "",
           "| split | articles | required relations found | wrong facts per article | gold entities found with the right type |",
           "|---|---|---|---|---|"]
    shares = {}
    for name, score, error in rows:
        if score is None:
            out.append(f"| {name} | not measured: {error} | | | |")
            continue
        t, n = score.total(), len(score.articles)
        share = len(t.required_found) / max(t.required, 1)
        shares[name] = share
        out.append(f"| {name} | {n} | {len(t.required_found)}/{t.required} ({share:.1%}) | "
                   f"{len(t.false_positives) / max(n, 1):.2f} ({len(t.false_positives)}) | "
                   f"{len(t.entities_found)}/{t.entities} ({len(t.entities_found) / max(t.entities, 1):.0%}) |")
    dev_rows = [(s, n) for n, s, _ in rows if n is None and s is not None and n in ("dev (corpus)", "news_dev")]
    if "test" in shares and ("dev (corpus)" in shares or "news_dev" in shares):
        dev_scores = [s for n, s, _ in rows if n in ("dev (corpus)", "news_dev") and s is not None]
        found = sum(len(s.total().required_found) for s in dev_scores)
        required = sum(s.total().required for s in dev_scores)
        dev_share = found / max(required, 1)
        out += ["", f"Dev (both dev sets together) minus test: {100 * (dev_share - shares['test']):+.1f} points of "
                    f"required relations found ({dev_share:.1%} against {shares['test']:.1%})."]
    del dev_rows
    test = next((s for n, s, _ in rows if n == "test" and s is not None), None)
    if test is not None:
        out += ["", "Missed required relations on test, by cause:", "", "| cause | misses |", "|---|---|"]
        total = test.total()
        out += [f"| {text} | {total.causes[c]} |" for c, text in CAUSES.items()]
    return out + [""]


def _reliability(nlp, texts: Path) -> list[str]:
    """Facts of the test split by confidence, every candidate kept: how often each bin is right."""
    from .corpus import CORPUS
    from .learn import _dev_records, _score_run

    try:
        records = _dev_records([CORPUS / "test"], [texts])
    except Exception as exc:
        return ["## Reliability of the confidences (test split)", "", f"Not measured: {exc}", ""]
    scores = _score_run(nlp, records, 0.0)
    out = ["## Reliability of the confidences (test split)", "",
           "Every candidate fact of the test articles with the confidence its model gave it (the pipeline "
           "run with `--min-confidence 0`), in bins; right = the gold lists the fact (required or optional). "
           "Calibrated confidences are right about as often as they say.", "",
           "| confidence | officialOf right | metWith right | represents right | all right |",
           "|---|---|---|---|---|"]
    bins = [(0.0, 0.1), (0.1, 0.2), (0.2, 0.3), (0.3, 0.4), (0.4, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8),
            (0.8, 0.9), (0.9, 1.01)]
    for lo, hi in bins:
        cells, all_facts = [], []
        for relation in ("officialOf", "metWith", "represents"):
            facts = [right for conf, right in scores[relation].facts if lo <= conf < hi]
            all_facts += facts
            cells.append(f"{sum(facts)}/{len(facts)} ({sum(facts) / len(facts):.0%})" if facts else "0/0")
        share = f"{sum(all_facts)}/{len(all_facts)} ({sum(all_facts) / len(all_facts):.0%})" if all_facts else "0/0"
        out.append(f"| {lo:.1f}–{min(hi, 1.0):.1f} | " + " | ".join(cells) + f" | {share} |")
    return out + [""]


def _thresholds() -> list[str]:
    from .extract.learned import MODEL_DIR, THRESHOLD_FILE

    path = MODEL_DIR / THRESHOLD_FILE
    if not path.is_file():
        return []
    info = json.loads(path.read_text(encoding="utf-8"))
    at = info["at_chosen"]
    out = ["## The minimum confidences (chosen on dev)", "",
           f"`kg train threshold` chose, on {info['articles']} dev articles, {info['chosen_by']}: "
           + ", ".join(f"{k} **{v}**" for k, v in info["min_confidence"].items())
           + f". There: {at['required_found']}/{at['required']} required relations, {at['wrong']} wrong facts "
             f"({at['wrong_per_article']} per article). One threshold for every relation would give:", "",
           "| minimum confidence | required found | wrong facts per article |", "|---|---|---|"]
    for t, row in info.get("one_threshold_for_all", {}).items():
        out.append(f"| {t} | {row['required_found']}/{row['required']} | {row['wrong_per_article']} |")
    return out + [""]


def _corpus_nodes(nlp, news_dev: Path, dev_texts: Path, texts: Path) -> list[str]:
    """Every article of the corpus and of news_dev built into one store."""
    import shutil
    import tempfile

    from .corpus import CORPUS

    with tempfile.TemporaryDirectory() as tmp:
        golds, docs = Path(tmp) / "gold", Path(tmp) / "texts"
        golds.mkdir()
        docs.mkdir()
        same = []
        for folder in [CORPUS / split for split in ("train", "dev", "test")] + [news_dev]:
            for f in folder.glob("*.json"):
                if f.name != "same_entities.json":
                    shutil.copy(f, golds / f.name)
        for f in (CORPUS / "same_entities.json", news_dev / "same_entities.json"):
            if f.is_file():
                same += json.loads(f.read_text(encoding="utf-8"))
        (golds / "same_entities.json").write_text(json.dumps(same), encoding="utf-8")
        for folder in (texts, dev_texts, CORPUS / "texts"):
            for f in Path(folder).glob("*.txt") if Path(folder).is_dir() else []:
                shutil.copy(f, docs / f.name)
        score = score_folder(golds, lambda d: list(extract_documents(nlp, d)), docs)
    nodes = score.nodes
    return ["## One entity, one node across the whole corpus", "",
            f"All {len(score.articles)} articles (the corpus's three splits and news_dev) built into one store; "
            "gold entities of different articles are one entity as `news_dev/README.md` says (a shared "
            "several-word name, acronym or place name, bodies every country has excepted, or listed in "
            "`same_entities.json`).", "",
            "| measure | value | target |", "|---|---|---|",
            f"| fragmented entities | {len(nodes.fragmented)}/{nodes.found} "
            f"({len(nodes.fragmented) / max(nodes.found, 1):.1%}) | at most 2% |",
            f"| fragmented among those in several articles | {len(nodes.shared_fragmented)}/{nodes.shared} | |",
            f"| conflated nodes | {len(nodes.conflated)} | 0 |", ""]


def _rules() -> list[str]:
    path = Path(__file__).resolve().parent.parent / "docs" / "rules.tsv"
    if not path.is_file():
        return []
    lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    header, rest = lines[0].split("\t"), [l.split("\t") for l in lines[1:]]
    out = ["## What each hand-written rule adds", "",
           "`make ablation` switches each remaining rule off in turn and runs train and dev again "
           "(`python -m kg.ablation`); each row is what the articles lose (required relations found, gold "
           "entities found) or gain (wrong facts) without the rule: a rule earns its place when its row is "
           "not all zero. The first row is the pipeline with every rule on. The 13 rules whose removal changed "
           "nothing in this run (`_post_owners`, `_untagged_after_post`, the meeting frames of confer, greet, speak, "
           "talk and visit and the passive of host and welcome, `officials.led_by`, "
           "`representation.on_behalf_of`, `resolve.settle_meetings`) were then deleted. A later run "
           "(with the news-tuned NER and the relation models) found four whose removal cost nothing on "
           "train and dev together and gained on both (`_honorific_persons`: +7/+1 relations found, "
           "`_relabel_people`: +4/+3, `_org_continuations`: +0/+3, `_title_ending_orgs`: +0/+0 with one "
           "more entity); removed together, train found 1035 against 1024 and dev 179 against 172, with "
           "fewer wrong facts on both, and they were deleted. `meetings.attendee` changes nothing because "
           "attendees are not scored; it stays, as what \"attended by\" says. `_city_year_events` changes "
           "nothing here but finds the sample article's \"Paris 2024\", and stays. `_short_names_of_fuller` "
           "(added 2026-12-06) is there for one entity, one node: without it train finds as many and "
           "one more entity, dev one relation more and one entity less, and train, dev and news_dev built "
           "into one store split 4 more gold entities over several nodes (331 against 335 of 4,648); it "
           "stays. `_venues` (added 2026-12-06, night: a building's name after \"at\" or \"in\" is a "
           "place) gives 27 train entities and one dev entity their type; without it train finds one "
           "relation more and states one wrong fact more. `context.modality` cost 16 train relations "
           "before its fix the same night (\"10 May\" read as \"may\", \"as reported\" as a hedge, a "
           "post of the subject taken as planned); in the last run it costs 7 train relations and saves "
           "11 wrong facts on train and 2 on dev. The runs of 2026-12-07 scored the references the document's index resolves "
           "too: without `_resolve_pronouns` train finds 27 required relations fewer and dev 5, without "
           "`_resolve_titles` 12 and 4; `_resolve_org_parts` (a board, \"the Company\") saves one wrong "
           "fact on train. `_resolve_org_nouns` (\"the company\", \"the bank\" as the organization named "
           "before, added the day before) changed nothing on train and dev and was deleted. A run of the same day scored the forms added then: \"A and B met / held talks\" (`meetings.together`, 3 "
           "train relations), \"conferred with\" (2), \"visited his counterpart Y\" (2), \"exchanged views with\" "
           "(5), and a delegation of a body representing it (`representation.delegation`: 23 train and 3 dev "
           "relations, for 12 and 3 wrong facts). The run of 2026-12-07 evening read train's 656 "
           "articles and dev's 101 (rounds 4 and 5 of the corpus included), with the models of 2026-12-06 and "
           "the minimums officialOf 0.65, metWith 0.65, represents 0.8. It scored the repairs added that "
           "evening: `_businesses` (a name the sentence calls a company, \"chief executive of Zentrix\", "
           "\"energy giant Woodside\": 2 train and 2 dev relations, 4 and 2 entities) and "
           "`_people_by_surname` (\"Magda Chambriard\" beside \"Chambriard said\": one dev relation). "
           "The run before it deleted `_not_people` (ordinary words taken for people: without it train found "
           "2 more required relations and 8 more entities, news_dev one more with one wrong fact fewer) and "
           "`_not_names` (a building after a post, an adjective before a post, a disease: it changed "
           "nothing). The last run (below, 2026-12-07, night; same articles, models and minimums) scored the forms added that night: posts "
           "written again (\"Serbia's Foreign Minister\", \"the VOC President\", \"the Thai leader\") raised "
           "what `_resolve_titles` gives from 12 to 18 train and from 4 to 6 dev relations; \"X represented "
           "Y\" (`representation.verb`) gives one train relation. Two rules of that night changed nothing "
           "and were deleted before the table was kept: the members a delegation's list names in another "
           "sentence as parties of its meeting (`meetings.delegation_member`; the models put its facts "
           "near 0.4) and \"on behalf of\" (`representation.behalf`). The run of 2026-12-07, late night (below; "
           "same articles, models and minimums) scored the repairs added then: `_event_names` (an event "
           "named after those who hold it, \"GCC-US Summit\", \"the ASEAN Summit\": 5 train and 4 dev "
           "entities) and `_seats_and_countries` (\"the Russian Consulate General in Harbin\", \"the "
           "Ministry of Foreign Affairs of the PRC\": one dev relation, 2 dev wrong facts fewer, 4 dev "
           "entities); `_businesses` now also reads \"President of Itautec\" (a place NER gave a "
           "business post: 5 train and 6 dev relations without it, against 2 and 2 before), and "
           "`_news_agencies` the wires of more credits (11 dev entities without it, against 8). "
           "`_post_fields` (the field of a post, \"Assistant Secretary of State for African Affairs\", is no "
           "organization) saves 2 wrong facts on train and 2 on dev, and costs one train relation whose "
           "gold lists such a field (\"Consular Affairs\") as a body. The run of 2026-12-07, evening (below; "
           "same articles, models and minimums) scored the mentions of delegations named by no body, \"the "
           "visiting delegation\", \"his delegation\" (`representation.unnamed_delegations`): 28 train and "
           "one dev entity, one train relation, one train wrong fact fewer. `_venues` reads hotels, museums, "
           "buildings, guesthouses, towers, stadiums and monasteries too since then (44 train and 3 dev "
           "entities without it, against 35 and 2). The run of 2026-12-07 at 19:30 (below; same articles, models and "
           "minimums) scored what was added since the run before: `component.speakers` (who tells of a meeting, the "
           "subject of \"said\" whose reported clause names the other, is no party of the model's pairs) "
           "saves 4 train and 2 dev wrong facts for one required relation on each; `_resolve_titles` now "
           "gives 28 train relations, against 17 (\"the prime minister\" is the holder the article names "
           "at least twice as often as any other; \"Ambassador designate X\" is a holder), and "
           "`_resolve_pronouns` 32, against 27 (\"he\" after \"A and B discussed\" is the one the "
           "article names most). The run of 2026-12-07 at 21:00 (below; same articles, models and minimums) "
           "scored what that evening added: `_gazetteer_types` reads the states, provinces, regions and "
           "counties of ISO 3166-2 too (12 train and 11 dev entities without it, against 6 and 7); "
           "`officials.its_post` gives every post of a list after \"its\" (3 dev relations, against 1); "
           "`_resolve_titles` reads \"ADB President told ...\" without \"the\" (7 dev relations, against 6); "
           "a post's holder tagged with an honorific inside the name (\"Datuk Hermanto\") now counts for "
           "`officials.title_chain` (18 dev relations, against 17).", "",
           "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(cells) + " |" for cells in rest]
    return out + [""]


def _models() -> list[str]:
    """What each shipped model was trained on, and what the whole pipeline did on held-out
    folds of that training data (calibrated, at three confidences) against its rules alone."""
    out = ["## The relation models", "",
           "Trained by `make train` on the train split (and CoNLL04 train for officialOf; see "
           "`docs/training.md`). Each held-out fold was run through the whole pipeline with the models "
           "of the other folds; found and wrong are counted as `kg eval` counts them.", "",
           "| relation | trained on | pairs (positive) | C | held-out at 0.5: found / wrong | at 0.7 "
           "| rules alone |", "|---|---|---|---|---|---|---|"]
    for relation, model in sorted(load_models().items()):
        r = model.report
        for name, cv in r.get("cross_validated", {}).items():
            alone = r.get("rules_alone", {}).get(name, {})

            def cell(score):
                return (f"{score.get('required_found')}/{score.get('required')} / {score.get('wrong')}"
                        if score else "")
            out.append(f"| {relation} | {name} | {r.get('pairs')} ({r.get('positive')}) | {r.get('C')} "
                       f"| {cell(cv.get('0.5', {}))} | {cell(cv.get('0.7', {}))} | {cell(alone)} |")
    missing = sorted(set(MODEL_FILES) - set(load_models()))
    if missing:
        out += ["", f"No model for {', '.join(missing)}: their rules decide alone."]
    return out + [""]


def report(eval_dir: Path, news_texts: Path = Path("../news-dev-text"), corpus_texts: Path = Path("../news-text")) -> str:
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
    out += _splits(learned, eval_dir / "news_dev", news_texts, corpus_texts)
    out += _thresholds()
    out += _reliability(load(min_confidence=0.0), corpus_texts)
    out += _news_dev(learned, eval_dir / "news_dev", news_texts)
    out += _corpus_nodes(learned, eval_dir / "news_dev", news_texts, corpus_texts)

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
    out += _rules()
    out += [f"_Measured in {time.perf_counter() - started:.0f} s._", ""]
    return "\n".join(out)


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval")
    texts = Path(sys.argv[2] if len(sys.argv) > 2 else "../news-dev-text")
    corpus_texts = Path(sys.argv[3] if len(sys.argv) > 3 else "../news-text")
    sys.stdout.write(report(folder, texts, corpus_texts))
