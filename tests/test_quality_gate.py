"""Regression gate on dev data: a change must not drop extraction below these floors.

The floors are set a little under what kg reaches today (see docs/quality.md); raise
them when extraction improves. Gold copies live in tests/gold/ so a fresh clone runs.
"""
import json

import pytest

from conftest import GOLD

from kg.api import extract_documents
from kg.eval import JsonlScore, score_jsonl_record
from kg.records import Document

FLOORS = {
    # file: (relation, measure, floor)
    "conll04_dev.jsonl": ("officialOf", "f1", 0.70),
    "rams_meet_dev.jsonl": ("metWith", "recall", 0.45),
}
NER_FLOORS = {"Person": 0.70, "Organization": 0.55, "Place": 0.70}  # CoNLL04 dev F1


def _score(nlp, name):
    records = [json.loads(line) for line in (GOLD / name).read_text(encoding="utf-8").split("\n") if line.strip()]
    score = JsonlScore(records=len(records))
    docs = [Document(str(r["id"]), r["text"]) for r in records]
    for record, extraction in zip(records, extract_documents(nlp, docs)):
        score_jsonl_record(record, extraction, score)
    return score


@pytest.fixture(scope="module")
def scores(nlp):
    return {name: _score(nlp, name) for name in FLOORS}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_relation_floor(scores, name):
    relation, measure, floor = FLOORS[name]
    assert getattr(scores[name].relations[relation], measure) >= floor


@pytest.mark.parametrize("kind", sorted(NER_FLOORS))
def test_ner_floor(scores, kind):
    assert scores["conll04_dev.jsonl"].ner[kind].f1 >= NER_FLOORS[kind]


def test_learned_classifier_beats_rules_on_dev(scores):
    from kg.nlp import load

    rules = _score(load(learned=False), "conll04_dev.jsonl").relations["officialOf"].f1
    assert scores["conll04_dev.jsonl"].relations["officialOf"].f1 > rules
