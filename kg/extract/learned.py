"""A learned check on officialOf: which person-organization pairs of a sentence hold a post.

The rules in ``officials`` read the explicit forms ("TITLE of ORG, PERSON"); news also
says it in many looser ways ("X, who covers Y for Z", "X of the Y bureau"). A small
bag-of-words text classifier (spaCy ``textcat``, CPU only, deterministic) looks at every
(person, organization) pair in a sentence through a short description of the pair:
the words around and between the two names (other names replaced by their type), the
dependency path joining them, and which rule, if any, fired. It is trained by
``kg train`` on ``conll04_train.jsonl`` only (see ``kg.learn``) and ships in
``kg/models/officials``. Posts held in a country ("President of France") stay with the
rules: the training data does not count them.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span

from .common import index, sentence_span

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "officials"
THRESHOLD = 0.7
MAX_BETWEEN = 10


def _word(token, person: Span, org: Span) -> str | None:
    if person.start <= token.i < person.end or org.start <= token.i < org.end:
        return None
    if token.ent_type_ == "PERSON":
        return "OTHERPER"
    if token.ent_type_ == "ORG":
        return "OTHERORG"
    if token.ent_type_ in {"GPE", "LOC"}:
        return "PLACE"
    if token.like_num:
        return "NUM"
    return token.lower_


def _path(person: Span, org: Span) -> str:
    up = [person.root, *person.root.ancestors]
    down = [org.root, *org.root.ancestors]
    common = next((t for t in up if t in down), None)
    if common is None:
        return "NOPATH"
    middle = "ENT" if common in (person.root, org.root) else common.lemma_
    return "_".join([f"^{t.dep_}" for t in up[:up.index(common)]] + [middle]
                    + [f"v{t.dep_}" for t in reversed(down[:down.index(common)])])


def pair_description(doc: Doc, person: Span, org: Span, rule: str | None) -> str:
    """The text the classifier reads for one (person, organization) pair."""
    first, second = (person, org) if person.start < org.start else (org, person)

    def words(tokens):
        return [w for w in (_word(t, person, org) for t in tokens) if w]

    between = words(doc[first.end:second.start])
    if len(between) > MAX_BETWEEN:
        between = between[:5] + ["GAP"] + between[-5:]
    sent = sentence_span(doc, first.start)
    left = words(doc[max(sent.start, first.start - 3):first.start])
    right = words(doc[second.end:min(sent.end, second.end + 3)])
    order = "PO" if first is person else "OP"
    return " ".join(["L", *left, order, *between, "R", *right, "PATH", _path(person, org),
                     "RULE", rule or "none", f"D{min(len(between), MAX_BETWEEN)}"])


def candidate_pairs(doc: Doc):
    """Every (person, organization or country) pair of entities in one sentence."""
    idx = index(doc)
    people = [e for e in idx.ents if e.label_ == "PERSON"]
    orgs = [e for e in idx.ents if e.label_ in {"ORG", "GPE"}]
    for person in people:
        for org in orgs:
            if idx.sentence_of[person.start] == idx.sentence_of[org.start]:
                yield person, org


@lru_cache(maxsize=2)
def load_classifier(path: str = str(MODEL_DIR)):
    """The trained classifier, or None when kg was built without one."""
    import spacy

    if not (Path(path) / "config.cfg").is_file():
        return None
    return spacy.load(path)


def score(classifier, descriptions: list[str]) -> list[float]:
    return [d.cats["YES"] for d in classifier.pipe(descriptions)]
