"""The learned pair classifiers: training is deterministic and refuses evaluation data; a
model confirms, drops and adds pairs by its thresholds."""
import json

import pytest

from kg.extract.learned import PairModel
from kg.learn import MIN_POSITIVES, TrainError, read_records, train


def _records(n):
    """Made-up training sentences: posts ("X, chairman of Y") and non-posts ("X visited Y")."""
    people = ["Maria Keller", "Tomas Berg", "Peter Novak", "Anna Weber", "John Carter", "Laura Brown"]
    orgs = ["Norvex Bank", "the Valmont Institute", "Lakeport Steel Company", "the Ruritania Rowing Federation"]
    out = []
    for i in range(n):
        person, org = people[i % len(people)], orgs[i % len(orgs)]
        if i % 2 == 0:
            text, related = f"{person}, chairman of {org}, said profits rose.", True
        else:
            text, related = f"{person} visited {org} last week.", False
        name = org.removeprefix("the ")
        out.append({"id": str(i), "text": text,
                    "entities": [{"text": person}, {"text": name}],
                    "relations": [{"type": "officialOf", "head": 0, "tail": 1}] if related else []})
    return out


def test_training_is_deterministic_and_reports_cross_validation(tmp_path, nlp):
    data = tmp_path / "posts_train.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in _records(2 * MIN_POSITIVES + 40)) + "\n")
    one = train([data], "officialOf", tmp_path / "a.json", nlp=_rules_only())
    two = train([data], "officialOf", tmp_path / "b.json", nlp=_rules_only())
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert one["cross_validated"]["f1"] == two["cross_validated"]["f1"] > 0.8
    model = PairModel.load(tmp_path / "a.json")
    assert model.relation == "officialOf" and 0 < model.keep <= model.add <= 1.01
    assert model.report["per_file"]["posts_train.jsonl"]["gold"] == MIN_POSITIVES + 20
    # the same folds run through the whole pipeline and scored as kg eval scores dev data
    as_eval = model.report["cross_validated_as_eval"]["posts_train.jsonl"]
    assert as_eval["gold"] == MIN_POSITIVES + 20 and as_eval["f1"] > 0.8
    assert model.report["rules_alone_as_eval"]["posts_train.jsonl"]["gold"] == MIN_POSITIVES + 20


def test_too_little_data_is_refused(tmp_path):
    data = tmp_path / "tiny_train.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in _records(20)) + "\n")
    with pytest.raises(TrainError, match="too little training data"):
        train([data], "officialOf", tmp_path / "m.json", nlp=_rules_only())
    assert not (tmp_path / "m.json").exists()


@pytest.mark.parametrize("name", ["conll04_dev.jsonl", "news_test.jsonl"])
def test_evaluation_data_is_refused(tmp_path, name):
    (tmp_path / name).write_text(json.dumps(_records(1)[0]) + "\n")
    with pytest.raises(TrainError, match="evaluation data"):
        read_records(tmp_path / name)


def test_model_confirms_drops_and_adds(nlp):
    """A model that checks one rule: its pairs stay only when the model agrees; pairs no rule
    found are added above the add threshold; other rules' pairs are left alone."""
    from kg.extract.component import decide

    text = "Maria Keller, chairman of Norvex Bank, met Tomas Berg of Lakeport Steel Company."
    doc = _rules_only()(text)
    rules = [r for r in doc._.relations if r.type == "officialOf"]
    assert rules
    checked = {r.rule for r in rules}
    says_no = PairModel("officialOf", -10.0, {}, add=0.9, keep=0.5, checked=tuple(checked))
    assert [r for r in decide(doc, doc._.relations, "officialOf", says_no) if r.type == "officialOf"] == []
    trusts = PairModel("officialOf", -10.0, {}, add=0.9, keep=0.5, checked=())
    assert len([r for r in decide(doc, doc._.relations, "officialOf", trusts) if r.type == "officialOf"]) == len(rules)
    says_yes = PairModel("officialOf", 10.0, {}, add=0.9, keep=0.5, checked=tuple(checked))
    decided = [r for r in decide(doc, doc._.relations, "officialOf", says_yes) if r.type == "officialOf"]
    added = [r for r in decided if r.rule == "officials.model"]
    assert added and all(r.head.type == "Person" and r.tail.type == "Organization" for r in added)


_NLP = {}


def _rules_only():
    if "rules" not in _NLP:
        from kg.nlp import load

        _NLP["rules"] = load(learned=False)
    return _NLP["rules"]


def test_shipped_models_say_what_they_were_trained_on():
    from kg.extract.learned import load_models

    models = load_models()
    assert "officialOf" in models
    for model in models.values():
        assert model.report["files"] and all("dev" not in f and "test" not in f for f in model.report["files"])
        assert {"precision", "recall", "f1"} <= set(model.report["cross_validated"])
