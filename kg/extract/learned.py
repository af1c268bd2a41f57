"""Learned pair classifiers: they decide, with the rules, which candidate pairs hold.

For each relation (officialOf, metWith, represents) a logistic-regression model reads the
features of ``pairs`` for every candidate pair of a Doc: the pairs the rules proposed and
the pairs of entities of the right types in one sentence. A pair proposed by a rule that
was often wrong on the training data ("checked" rules) is kept when the model gives it at
least the ``keep`` threshold; rules that were precise there keep their pairs. A pair no
rule proposed is added when the model gives it at least ``add``. Both thresholds were chosen by cross-validation
on the training data (``kg.learn``), never on dev data. The models are plain JSON (weights
of string features), trained by ``kg train`` and shipped in ``kg/models/``; reading them
needs nothing but the standard library, and scoring is deterministic.

Posts held in a country ("President of France", holdsOfficeIn) stay with the rules: the
training data does not count them.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span

from ..records import Mention

MODEL_DIR = Path(__file__).resolve().parent.parent / "models"
MODEL_FILES = {"officialOf": "officialOf.json", "metWith": "metWith.json", "represents": "represents.json"}
_LABELS = {"Person": "PERSON", "Organization": "ORG", "Place": "GPE", "Group": "GROUP", "Event": "EVENT"}


@dataclass(frozen=True)
class PairModel:
    relation: str
    bias: float
    weights: dict[str, float] = field(hash=False)
    add: float  # a pair no rule proposed holds from this probability on
    keep: float  # a pair a rule proposed is dropped below this probability
    report: dict = field(default_factory=dict, hash=False)  # training data, cross-validated scores
    checked: tuple[str, ...] = ()  # rules the model checks (the others were precise on the training data)

    def checks(self, rule: str) -> bool:
        return rule in self.checked

    def probability(self, features) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in set(features))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def save(self, path: str | Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"relation": self.relation, "bias": self.bias, "thresholds": {"add": self.add, "keep": self.keep},
                "checked_rules": list(self.checked), "report": self.report,
                "weights": dict(sorted(self.weights.items()))}
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> "PairModel":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["relation"], data["bias"], data["weights"], data["thresholds"]["add"],
                   data["thresholds"]["keep"], data.get("report", {}), tuple(data.get("checked_rules", ())))


@lru_cache(maxsize=4)
def load_models(folder: str = str(MODEL_DIR)) -> dict[str, PairModel]:
    """The trained models shipped with kg (a relation without one stays with the rules)."""
    out = {}
    for relation, name in MODEL_FILES.items():
        path = Path(folder) / name
        if path.is_file():
            out[relation] = PairModel.load(path)
    return out


def mention_span(doc: Doc, mention: Mention) -> Span | None:
    """The Span of a mention, labelled with its type (for the features)."""
    span = doc.char_span(mention.start, mention.end, label=_LABELS.get(mention.type, "MISC"),
                         alignment_mode="expand")
    return span if span is not None and len(span) else None
