"""Learned pair classifiers: they decide which candidate pairs hold, and how sure kg is.

For each relation (officialOf, metWith, represents) a logistic-regression model reads the
features of ``pairs`` for every candidate pair of a Doc: the pairs of entities of the right
types in one sentence, and the pairs the rules proposed (the rule that fired is one of the
features). Its probability, calibrated on held-out folds of the training data (a logistic
fit: facts given about 0.8 were right about 80% of the time there), is the
confidence each fact carries. A pair is kept when its confidence reaches the minimum
confidence (``kg build --min-confidence``), whose default was chosen on dev data, precision
first (``threshold.json``). The models are plain JSON (weights of string features and the
calibration's steps), trained by ``kg train`` and shipped in ``kg/models/``; reading them
needs nothing but the standard library, and scoring is deterministic.

Posts held in a country ("President of France", holdsOfficeIn) and those who only attended
a meeting stay with the rules: the gold does not count them.
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span

from ..records import Mention

#: The shipped models; ``KG_MODEL_DIR`` points kg at another folder of them (for experiments).
MODEL_DIR = Path(os.environ.get("KG_MODEL_DIR") or Path(__file__).resolve().parent.parent / "models")
MODEL_FILES = {"officialOf": "officialOf.json", "metWith": "metWith.json", "represents": "represents.json"}
_LABELS = {"Person": "PERSON", "Organization": "ORG", "Place": "GPE", "Group": "GROUP", "Event": "EVENT"}


THRESHOLD_FILE = "threshold.json"
DEFAULT_MIN_CONFIDENCE = 0.5  # when no threshold was chosen on dev data


@dataclass(frozen=True)
class PairModel:
    relation: str
    bias: float
    weights: dict[str, float] = field(hash=False)
    #: The calibration: (probability, confidence) steps of the logistic calibration fitted on
    #: held-out folds; between two steps the confidence is interpolated. Empty: none.
    calibration: tuple[tuple[float, float], ...] = ()
    report: dict = field(default_factory=dict, hash=False)  # training data, cross-validated scores

    def probability(self, features) -> float:
        """The model's own probability (before calibration)."""
        z = self.bias + sum(self.weights.get(f, 0.0) for f in set(features))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def calibrate(self, p: float) -> float:
        steps = self.calibration
        if not steps:
            return p
        if p <= steps[0][0]:
            return steps[0][1]
        for (x0, y0), (x1, y1) in zip(steps, steps[1:]):
            if p <= x1:
                return y0 if x1 == x0 else y0 + (y1 - y0) * (p - x0) / (x1 - x0)
        return steps[-1][1]

    def confidence(self, features) -> float:
        """How sure kg is that the pair holds: the calibrated probability."""
        return self.calibrate(self.probability(features))

    def save(self, path: str | Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"relation": self.relation, "bias": self.bias,
                "calibration": [list(step) for step in self.calibration], "report": self.report,
                "weights": dict(sorted(self.weights.items()))}
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> "PairModel":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["relation"], data["bias"], data["weights"],
                   tuple(tuple(step) for step in data.get("calibration", ())), data.get("report", {}))


@lru_cache(maxsize=4)
def load_models(folder: str = str(MODEL_DIR)) -> dict[str, PairModel]:
    """The trained models shipped with kg (a relation without one stays with the rules)."""
    out = {}
    for relation, name in MODEL_FILES.items():
        path = Path(folder) / name
        if path.is_file():
            out[relation] = PairModel.load(path)
    return out


def default_min_confidence(folder: str | Path = MODEL_DIR) -> dict[str, float]:
    """The minimum confidence of each relation's facts, chosen on dev data (``kg train
    threshold``), else 0.5."""
    path = Path(folder) / THRESHOLD_FILE
    chosen = json.loads(path.read_text(encoding="utf-8"))["min_confidence"] if path.is_file() else {}
    if not isinstance(chosen, dict):
        chosen = {relation: chosen for relation in MODEL_FILES}
    return {relation: float(chosen.get(relation, DEFAULT_MIN_CONFIDENCE)) for relation in MODEL_FILES}


def threshold_of(min_confidence, relation: str) -> float:
    """One relation's minimum confidence, from one number for all or one a relation."""
    if isinstance(min_confidence, dict):
        return float(min_confidence.get(relation, DEFAULT_MIN_CONFIDENCE))
    return float(min_confidence)


def mention_span(doc: Doc, mention: Mention) -> Span | None:
    """The Span of a mention, labelled with its type (for the features)."""
    span = doc.char_span(mention.start, mention.end, label=_LABELS.get(mention.type, "MISC"),
                         alignment_mode="expand")
    return span if span is not None and len(span) else None
