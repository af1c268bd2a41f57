"""The sample article against its gold annotation (tests/gold/seed_gold.json)."""
from conftest import GOLD, SEEDS, run_kg

from kg.eval import score_seed


def test_required_relations_and_no_false_positives(seed_gold, seed_extraction):
    """5 of the 6 today: "the Azerbaijan national team" represents Azerbaijan with a confidence
    (0.72) under represents' minimum (0.8, chosen on dev); a known miss. (Before, the miss was
    the meeting with "the members of the Paris-2024 Organizing Committee", 0.59 under 0.7.)"""
    score = score_seed(seed_gold, seed_extraction)
    assert len(score.required_found) >= 5
    assert all(m.startswith("represents(azteam, azerbaijan)") for m in score.required_missed)
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
    assert "required relations found: 5/6" in out or "required relations found: 6/6" in out
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


def test_eval_scores_a_folder_of_articles_with_causes_of_misses(tmp_path):
    """A folder of per-article gold files (the shape of news_dev/): per-article rows, totals,
    and why each required relation was missed."""
    import json

    gold, docs = tmp_path / "gold", tmp_path / "texts"
    gold.mkdir()
    docs.mkdir()
    (docs / "one.txt").write_text("Acme Corp chairman John Smith met Mary Jones in Berlin on Monday.\n")
    (gold / "one.json").write_text(json.dumps({
        "document": "one.txt",
        "entities": [{"id": "acme", "type": "Organization", "aliases": ["Acme Corp"]},
                     {"id": "smith", "type": "Person", "aliases": ["John Smith", "Smith"]},
                     {"id": "jones", "type": "Person", "aliases": ["Mary Jones"]},
                     {"id": "zed", "type": "Person", "aliases": ["Zed Zedson"]}],
        "relations": [{"type": "officialOf", "head": "smith", "tail": "acme", "required": True},
                      {"type": "metWith", "head": "jones", "tail": "smith", "required": True},
                      {"type": "metWith", "head": "zed", "tail": "smith", "required": True}]}))
    (gold / "two.json").write_text(json.dumps({"document": "two.txt", "entities": [], "relations": []}))
    out = run_kg("eval", gold, "--docs", docs, "--details").stdout
    assert "required relations found: 2/3 (67%)" in out
    assert "gold entities found with the right type: 3/4" in out
    assert "metWith(smith, zed)  [boundary]" in out  # Zed Zedson is not in the text
    assert "not scored (no text in the --docs folder): two" in out
    row = next(line for line in out.splitlines() if line.startswith("one "))
    assert row.split()[1:4] == ["2/3", "0", "3/4"]


def test_eval_folder_without_texts_says_where_to_get_them(tmp_path):
    import json

    (tmp_path / "a.json").write_text(json.dumps({"document": "a.txt", "entities": [], "relations": []}))
    proc = run_kg("eval", tmp_path, "--docs", tmp_path / "nowhere", check=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "README.md says how to get them" in proc.stderr
