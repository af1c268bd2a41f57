"""The sample article against its gold annotation (tests/gold/seed_gold.json)."""
from conftest import GOLD, SEEDS, run_kg

from kg.eval import score_seed


def test_all_required_relations_and_no_false_positives(seed_gold, seed_extraction):
    score = score_seed(seed_gold, seed_extraction)
    assert score.required_missed == []
    assert len(score.required_found) == 6
    assert score.false_positives == []


def test_every_gold_entity_found_with_its_type(seed_gold, seed_extraction):
    score = score_seed(seed_gold, seed_extraction)
    assert score.entities_missed == [] and score.entities_wrong_type == []
    assert len(score.entities_found) == len(seed_gold["entities"])


def test_roles_are_kept_as_written_and_normalised(seed_extraction):
    roles = {(f.head, f.tail): (f.relation.role, f.relation.role_norm)
             for f in seed_extraction.facts if f.type == "officialOf"}
    assert roles[("Person/ilgar rahimov", "Organization/international blind sports federation")] == \
        ("Vice-President", "vice-president")
    assert roles[("Person/jean minier", "Organization/france national paralympic committee")] == \
        ("Sports director", "director")


def test_kg_eval_command_prints_the_score():
    out = run_kg("eval", GOLD / "seed_gold.json", "--docs", SEEDS).stdout
    assert "required relations found: 6/6" in out
    assert "false positives: 0" in out


def test_eval_scores_a_jsonl_gold_file(tmp_path):
    import json

    gold = tmp_path / "gold.jsonl"
    text = "Acme Corp chairman John Smith met Mary Jones in Berlin ."
    gold.write_text(json.dumps({
        "id": "r1", "text": text,
        "entities": [{"start": 0, "end": 9, "type": "Organization", "text": "Acme Corp"},
                     {"start": 19, "end": 29, "type": "Person", "text": "John Smith"},
                     {"start": 34, "end": 44, "type": "Person", "text": "Mary Jones"}],
        "relations": [{"type": "officialOf", "head": 1, "tail": 0},
                      {"type": "metWith", "head": 2, "tail": 1}]}) + "\n")
    out = run_kg("eval", gold).stdout
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.split()}
    assert rows["officialOf"][1:4] == ["1", "1", "1"]  # gold, found, correct
    assert rows["metWith"][1:4] == ["1", "1", "1"]
