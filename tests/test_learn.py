"""The relation models: training reads news gold and JSONL records, refuses evaluation data,
is deterministic and calibrated; a model keeps or drops each candidate pair by its minimum
confidence; the minimum confidences are chosen on dev data, precision first."""
import json

import pytest

from kg.extract.learned import PairModel, default_min_confidence, load_models, threshold_of
from kg.learn import (FactScores, TrainError, calibrate, choose_threshold, news_records, read_records,
                      train)

PEOPLE = ["Maria Keller", "Tomas Berg", "Peter Novak", "Anna Weber", "John Carter", "Laura Brown", "Ivan Petrov",
          "Sara Lind"]
ORGS = ["Norvex Bank", "Valmont Institute", "Lakeport Steel Company", "Ruritania Rowing Federation",
        "Borland Shipping Group"]


def _article(i: int) -> tuple[str, dict]:
    """A made-up news article: one post ("X, chairman of Y") and one visit ("Z visited Y")."""
    a, b = PEOPLE[i % len(PEOPLE)], PEOPLE[(i + 3) % len(PEOPLE)]
    org = ORGS[i % len(ORGS)]
    text = (f"{a}, chairman of {org}, met {b} in Lakeport on Monday.\n\n"
            f"{b} visited {org} last week and said profits rose.")
    gold = {"url": f"https://news{i}.example/a", "query": "x", "document": f"a{i}.txt", "outlet": f"news{i}.example",
            "country": "Ruritania", "kind": "business",
            "entities": [{"id": "a", "type": "Person", "aliases": [a]}, {"id": "b", "type": "Person", "aliases": [b]},
                         {"id": "o", "type": "Organization", "aliases": [org]}],
            "relations": [{"type": "officialOf", "head": "a", "tail": "o", "required": True, "role": "chairman"},
                          {"type": "metWith", "head": "a", "tail": "b", "required": True}]}
    return text, gold


def _corpus(folder, n):
    golds, texts = folder / "gold_train", folder / "texts"
    golds.mkdir()
    texts.mkdir()
    for i in range(n):
        text, gold = _article(i)
        (texts / f"a{i}.txt").write_text(text)
        (golds / f"a{i}.json").write_text(json.dumps(gold))
    return golds, texts


_NLP = {}


def _rules_only():
    if "rules" not in _NLP:
        from kg.nlp import load

        _NLP["rules"] = load(learned=False)
    return _NLP["rules"]


def test_news_gold_folders_become_training_records(tmp_path):
    golds, texts = _corpus(tmp_path, 3)
    records = news_records(golds, [texts])
    assert [r["id"] for r in records] == ["a0", "a1", "a2"]
    first = records[0]
    assert first["entities"][0]["aliases"] == ["Maria Keller"]
    assert {(r["type"], r["head"], r["tail"], r["required"]) for r in first["relations"]} == {
        ("officialOf", 0, 2, True), ("metWith", 0, 1, True)}
    with pytest.raises(TrainError, match="none of its 3 articles"):
        news_records(golds, [tmp_path / "nowhere"])


def test_training_is_deterministic_calibrated_and_scored_on_held_out_folds(tmp_path):
    golds, texts = _corpus(tmp_path, 110)
    one = train([golds], "officialOf", tmp_path / "a.json", nlp=_rules_only(), docs=[texts])
    two = train([golds], "officialOf", tmp_path / "b.json", nlp=_rules_only(), docs=[texts])
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    model = PairModel.load(tmp_path / "a.json")
    steps = model.calibration
    assert steps and all(0.0 <= y <= 1.0 for _, y in steps)
    assert all(a[1] <= b[1] for a, b in zip(steps, steps[1:]))  # the confidence never falls as p rises
    held = one["cross_validated"]["gold_train/"]["0.5"]
    assert held["required"] == 110 and held["recall"] > 0.8 and held["precision"] > 0.8
    assert one["C"] in (0.03, 0.1, 0.3, 1.0) and two["positive"] >= 100


def test_too_little_data_is_refused(tmp_path):
    golds, texts = _corpus(tmp_path, 10)
    with pytest.raises(TrainError, match="too little training data"):
        train([golds], "officialOf", tmp_path / "m.json", nlp=_rules_only(), docs=[texts])
    assert not (tmp_path / "m.json").exists()


@pytest.mark.parametrize("name", ["conll04_dev.jsonl", "news_test.jsonl", "dev"])
def test_evaluation_data_is_refused(tmp_path, name):
    path = tmp_path / name
    if name == "dev":
        path.mkdir()
    else:
        path.write_text('{"id": 1, "text": "x", "entities": [], "relations": []}\n')
    with pytest.raises(TrainError, match="evaluation data"):
        read_records(path)


def test_calibration_follows_how_often_facts_were_right():
    scores = [(0.9, True)] * 8 + [(0.9, False)] * 2 + [(0.2, True)] * 1 + [(0.2, False)] * 9
    model = PairModel("officialOf", 0.0, {}, calibrate(scores))
    assert model.calibrate(0.9) == pytest.approx(0.8, abs=0.05)
    assert model.calibrate(0.2) == pytest.approx(0.1, abs=0.05)
    assert model.calibrate(0.5) > model.calibrate(0.3)


def test_a_model_keeps_a_pair_from_its_minimum_confidence_on():
    """The same rule's pair is kept or dropped by the model's confidence against the minimum;
    the confidence kept is the model's."""
    from kg.extract.component import decide

    doc = _rules_only()("Maria Keller, chairman of Norvex Bank, met Tomas Berg of Lakeport Steel Company.")
    rules = [r for r in doc._.relations if r.type == "officialOf"]
    assert rules
    sure = PairModel("officialOf", 3.0, {})  # about 0.95 for every pair
    unsure = PairModel("officialOf", -3.0, {})  # about 0.05
    kept = [r for r in decide(doc, doc._.relations, "officialOf", sure, 0.5) if r.type == "officialOf"]
    assert kept and {r.confidence for r in kept} == {round(sure.confidence([]), 3)}
    assert [r for r in decide(doc, doc._.relations, "officialOf", unsure, 0.5) if r.type == "officialOf"] == []
    assert [r for r in decide(doc, doc._.relations, "officialOf", unsure, 0.0) if r.type == "officialOf"]


def test_each_relation_has_its_own_minimum_confidence(tmp_path):
    (tmp_path / "threshold.json").write_text(json.dumps({"min_confidence": {"officialOf": 0.7, "metWith": 0.4}}))
    chosen = default_min_confidence(tmp_path)
    assert chosen == {"officialOf": 0.7, "metWith": 0.4, "represents": 0.5}
    assert threshold_of(chosen, "metWith") == 0.4 and threshold_of(0.9, "represents") == 0.9


def test_fact_scores_count_found_and_wrong_by_threshold():
    scores = FactScores([(0.9, True), (0.6, False), (0.3, True)], [0.9, None], 2)
    assert scores.at(0.5)["required_found"] == 1 and scores.at(0.5)["wrong"] == 1
    assert scores.at(0.95)["facts"] == 0 and scores.at(0.0)["wrong_per_record"] == 0.5


def test_the_minimum_confidence_is_chosen_on_dev_within_the_wrong_facts_allowed(tmp_path):
    from kg.nlp import load

    golds, texts = _corpus(tmp_path, 6)
    dev = tmp_path / "dev"
    golds.rename(dev)
    info = choose_threshold(load(), [dev], [texts], tmp_path / "threshold.json", grid=[0.2, 0.5, 0.8])
    written = json.loads((tmp_path / "threshold.json").read_text())
    assert set(written["min_confidence"]) == {"officialOf", "metWith", "represents"}
    assert all(v in (0.2, 0.5, 0.8) for v in written["min_confidence"].values())
    assert info["at_chosen"]["wrong_per_article"] <= 0.4
    assert info["articles"] == 6


def test_shipped_models_say_what_they_were_trained_on():
    models = load_models()
    assert set(models) == {"officialOf", "metWith", "represents"}
    for model in models.values():
        assert model.report["files"] and all("dev" not in f and "test" not in f for f in model.report["files"])
        assert "train/" in model.report["files"] and model.calibration


def test_a_pronoun_the_article_resolved_is_a_meeting_candidate_labelled_by_its_antecedent(tmp_path):
    """"He met X": the pronoun is a metWith candidate (never paired with the person it stands
    for), its fact names the person, and training labels the pair by that person."""
    from kg.extract.component import decide
    from kg.extract.pairs import candidate_pairs, referent
    from kg.learn import examples

    text = "Maria Keller arrived in Lakeport on Monday. She later met Tomas Berg, the mayor, at the town hall."
    doc = _rules_only()(text)
    pairs = [(a.text, b.text) for a, b in candidate_pairs(doc, "metWith")]
    assert ("She", "Tomas Berg") in pairs or ("Tomas Berg", "She") in pairs
    assert not any({a, b} == {"She", "Maria Keller"} for a, b in pairs)
    assert not any("She" in (a.text, b.text) for a, b in candidate_pairs(doc, "officialOf"))
    she = next(a for a, b in candidate_pairs(doc, "metWith") if a.text == "She")
    assert referent(she).text == "Maria Keller"
    kept = [r for r in decide(doc, [], "metWith", PairModel("metWith", 3.0, {}), 0.5) if r.head.text == "She"]
    assert kept and kept[0].head.refers_to is not None and kept[0].head.refers_to.text == "Maria Keller"
    gold = {"text": text, "entities": [{"id": "a", "type": "Person", "aliases": ["Maria Keller"]},
                                       {"id": "b", "type": "Person", "aliases": ["Tomas Berg"]}],
            "relations": [{"type": "metWith", "head": 0, "tail": 1, "required": True}]}
    labelled = examples(_rules_only(), [gold], "metWith")
    assert any(e.label and ("ref_a=pronoun" in e.features or "ref_b=pronoun" in e.features) for e in labelled)


def test_a_demonym_is_labelled_as_the_country_the_gold_names():
    import spacy
    from kg.learn import _same_entity

    doc = spacy.blank("en")("the Azerbaijani team won and Chile lost")
    gold = {"id": "azerbaijan", "type": "Place", "aliases": ["Azerbaijan"]}
    assert _same_entity(gold, doc[1:2])  # "Azerbaijani"
    assert not _same_entity(gold, doc[5:6])  # "Chile"
    assert not _same_entity({"aliases": ["Azerbaijani team"]}, doc[1:2])
