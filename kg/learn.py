"""``kg train``: train the officialOf pair classifier (``kg.extract.learned``).

Only the training file is read (``conll04_train.jsonl``); dev data is for measuring.
Candidates are the (person, organization) pairs kg's own pipeline finds in each
training sentence, so the classifier sees what it will see at run time; a pair is
positive when the gold ``officialOf`` relations name both ends (the matching of
``kg eval``). Training is seeded and runs on the CPU; the result is a few hundred KB.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

from .eval import _matches
from .extract.learned import MODEL_DIR, candidate_pairs, pair_description

class TrainError(Exception):
    pass


EPOCHS = 15
BATCH = 16
SEED = 0


def training_pairs(nlp, records: list[dict]) -> list[tuple[str, bool]]:
    """(description, is officialOf) for every candidate pair of every record."""
    out = []
    texts = [r["text"] for r in records]
    for record, doc in zip(records, nlp.pipe(texts)):
        ents = record.get("entities", [])
        gold = [(ents[g["head"]]["text"], ents[g["tail"]]["text"])
                for g in record.get("relations", []) if g["type"] == "officialOf"]
        rules = {(r.head.start, r.tail.start): r.rule for r in doc._.relations if r.type == "officialOf"}
        for person, org in candidate_pairs(doc):
            rule = rules.get((person.start_char, org.start_char))
            positive = any(_matches(h, {person.text.casefold()}) and _matches(t, {org.text.casefold()})
                           for h, t in gold)
            out.append((pair_description(doc, person, org, rule), positive))
    return out


def train(train_file: str | Path, output: str | Path = MODEL_DIR, model: str | None = None) -> dict:
    """Train on a JSONL gold file and save the classifier to ``output``."""
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed

    from .nlp import load

    if not Path(train_file).is_file():
        raise TrainError(f"{train_file}: no such training file")
    if "dev" in Path(train_file).name or "test" in Path(train_file).name:
        raise TrainError(f"{train_file}: looks like evaluation data; train only on training files")
    try:
        records = [json.loads(line) for line in Path(train_file).read_text(encoding="utf-8").split("\n")
                   if line.strip()]
    except json.JSONDecodeError as exc:
        raise TrainError(f"{train_file}: invalid JSON ({exc.msg} at line {exc.lineno})") from None
    nlp = load(model, learned=False)
    pairs = training_pairs(nlp, records)
    fix_random_seed(SEED)
    classifier = spacy.blank("en")
    textcat = classifier.add_pipe("textcat", config={"model": {
        "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2,
        "no_output_layer": False, "length": 65536}})
    textcat.add_label("YES")
    textcat.add_label("NO")
    examples = [Example.from_dict(classifier.make_doc(text), {"cats": {"YES": float(y), "NO": float(not y)}})
                for text, y in pairs]
    optimizer = classifier.initialize(lambda: examples)
    rng = random.Random(SEED)
    for _ in range(EPOCHS):
        rng.shuffle(examples)
        for i in range(0, len(examples), BATCH):
            classifier.update(examples[i:i + BATCH], sgd=optimizer)
    classifier.meta.update({"name": "kg_officials", "version": "1.0.0",
                            "description": "kg officialOf pair classifier, trained on "
                                           f"{Path(train_file).name} ({len(pairs)} pairs)"})
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    classifier.to_disk(output)
    return {"pairs": len(pairs), "positive": sum(y for _, y in pairs), "output": str(output)}
