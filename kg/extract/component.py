"""spaCy components: ``kg_entities`` repairs entities, ``kg_relations`` extracts relations.

Both are registered by name (and through the ``spacy_factories`` entry point), so a
user's own pipeline can do ``nlp.add_pipe("kg_relations")``. ``kg_relations`` runs the
entity repairs itself when ``kg_entities`` is not in the pipeline, and sets ``doc._.relations`` (a list
of ``kg.records.Relation``) and ``doc._.mentions`` (a list of ``kg.records.Mention``).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from ..records import Relation
from . import OFF
from . import learned as learned_models
from . import context, layout, meetings, officials, prose, representation  # noqa: F401  (layout registers kg_layout)
from .common import country_mention, demonym_mention, index, mention_for, seat_mention, sentence_for
from .entities import bare_word
from .lexicon import SPEECH_VERBS, countries
from .learned import mention_span
from .pairs import candidate_pairs, features, pair_key, reference
from .entities import repair_entities

_REPAIRED = "kg_entities_done"
#: ``doc.user_data[NOT_PROSE]``: why no relations were read from the Doc (``prose.judge``), or None.
NOT_PROSE = "kg_not_prose"
EXTRACTORS = {
    "officials": officials.extract,
    "meetings": meetings.extract,
    "representation": representation.extract,
}

for _name in ("relations", "mentions"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.component("kg_entities")
def kg_entities(doc: Doc) -> Doc:
    """Fix entity labels and spans using evidence in the text (see ``entities``)."""
    repair_entities(doc)
    doc.user_data[_REPAIRED] = True
    return doc


def mentions(doc: Doc) -> list:
    """Every entity mention of the Doc, including countries named inside team names and by
    their demonym alone ("the Nigerian capital")."""
    idx = index(doc)
    out = [m for m in idx.mention_of.values() if m is not None]
    out += [pronoun for _, pronoun in idx.pronoun_of.values()]
    for ent in idx.ents:
        if ent.label_ == "ORG":
            country = country_mention(ent)
            if country is not None:
                out.append(country)
            seat = seat_mention(ent)
            if seat is not None:  # "the Russian Consulate General in Harbin": Harbin is named too
                out.append(seat)
        elif ent.label_ == "NORP" and not (ent.text.endswith("s") and countries().is_demonym(ent.text[:-1])):
            # "the Nigerian capital": the text speaks of the country ("the Israelis" are people)
            country = demonym_mention(ent)
            if country is not None:
                out.append(country)
    out += [mention_for(group) for group, _ in representation.delegations(doc)]  # "a delegation of ORG"
    if "representation.unnamed_delegations" not in OFF:  # "the visiting delegation"
        out += [mention_for(group) for group in representation.unnamed_delegations(doc)]
    return sorted(set(out), key=lambda m: (m.start, m.end, m.type))


class RelationExtractor:
    """Runs the extractors named in ``extractors`` and stores plain records on the Doc.

    With ``learned`` (and trained models shipped in ``kg/models``), each relation's
    candidate pairs, the rules' pairs among them, are decided by its model: a pair is kept
    when the model's calibrated confidence reaches ``min_confidence`` (one number, or one a
    relation; default: the thresholds chosen on dev data), and that confidence is the one the
    fact carries (see ``learned``).
    """

    def __init__(self, extractors: list[str], learned: bool = True, min_confidence: float | dict | None = None):
        unknown = sorted(set(extractors) - set(EXTRACTORS))
        if unknown:
            raise ValueError(f"unknown kg extractor(s) {unknown}; known: {sorted(EXTRACTORS)}")
        self.extractors = [EXTRACTORS[name] for name in extractors]
        models = learned_models.load_models() if learned else {}
        judged = {RELATION_OF[name] for name in extractors}
        self.models = {relation: model for relation, model in models.items() if relation in judged}
        self.min_confidence = learned_models.default_min_confidence() if min_confidence is None else min_confidence

    def __call__(self, doc: Doc) -> Doc:
        return self._batch([doc])[0]

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            yield from self._batch(batch)

    def _batch(self, docs: list[Doc]) -> list[Doc]:
        for doc in docs:
            if not doc.user_data.get(_REPAIRED):
                kg_entities(doc)
            doc._.mentions = mentions(doc)
            reason = prose.judge(doc)
            doc.user_data[NOT_PROSE] = reason
            if reason is not None:  # a broken scrape, a table, a word list: its entities, no facts
                doc._.relations = []
                continue
            relations = [rel for extract in self.extractors for rel in extract(doc)]
            if OFF:
                relations = [r for r in relations if r.rule.split(".parent")[0] not in OFF]
            for relation, model in self.models.items():
                relations = decide(doc, relations, relation, model,
                                   learned_models.threshold_of(self.min_confidence, relation))
            relations = [r for r in relations if not prose.overlong(doc, r.sentence.index)]
            doc._.relations = [replace(r, modality=context.modality(doc, r) if "context.modality" not in OFF else "asserted",
                                       attribution=context.attribution(doc, r)) for r in relations]
            doc._.mentions = doc._.mentions + context.described_people(doc, relations)
        return docs


#: The relation each extractor proposes (and whose model judges it).
RELATION_OF = {"officials": "officialOf", "meetings": "metWith", "representation": "represents"}
_MODEL_RULES = {"officialOf": "officials.model", "metWith": "meetings.model", "represents": "representation.model"}


def judged(relation: str, r: Relation) -> bool:
    """A rule's relation its model decides (those who only attended a meeting stay the rule's)."""
    return r.type == relation and r.role != "attendee"


def _mention(span: Span):
    """The kg mention of a candidate's span: a nationality stands for its country
    ("the Kenyan envoy"); a span kg keeps no entity for, None."""
    if span.label_ == "NORP":
        return demonym_mention(span)
    found = reference(span)
    if found is not None:
        return found[1]
    try:
        return mention_for(span)
    except KeyError:
        return None


def decide(doc: Doc, relations: list[Relation], relation: str, model, min_confidence: float) -> list[Relation]:
    """Every candidate pair of ``relation`` (the rules' pairs and the pairs of the right types
    in one sentence) with the model's confidence, kept from ``min_confidence`` on."""
    rest = [r for r in relations if not judged(relation, r)]
    rules: dict[tuple, list[Relation]] = {}
    for r in relations:
        if judged(relation, r):
            rules.setdefault(pair_key(relation, r.head.start, r.tail.start), []).append(r)
    pairs = {pair_key(relation, a.start_char, b.start_char): (a, b) for a, b in candidate_pairs(doc, relation)}
    if relation == "metWith":  # "X met A and B": A and B are one side of X's meeting, not its parties to each other
        one_side = _one_side(relation, rules) - set(rules)
        pairs = {k: v for k, v in pairs.items() if k not in one_side}
    kept: list[Relation] = []
    for key, found in rules.items():
        first = found[0]
        a, b = pairs.get(key) or (mention_span(doc, first.head), mention_span(doc, first.tail))
        if a is None or b is None:
            continue  # a rule's pair the model cannot read: no confidence, no fact
        p = round(model.confidence(features(doc, a, b, first.rule, relation)), 3)
        if p >= min_confidence:
            kept += [replace(r, confidence=p) for r in found]
    for key in sorted(k for k in pairs if k not in rules):
        a, b = pairs[key]
        if any(bare_word(e) for e in (a, b)):
            continue  # "Secretary of State X": one dictionary word tagged as an organization is no party
        if relation == "metWith" and "component.speakers" not in OFF and (_reports(a, b) or _reports(b, a)):
            continue  # "'The President met the premier,' X said": who tells of a meeting is not its party
        head, tail = _mention(a), _mention(b)
        if head is None or tail is None:
            continue  # a span kg keeps no entity for (a nationality without its country)
        p = round(model.confidence(features(doc, a, b, None, relation)), 3)
        if p >= min_confidence:
            sentence = sentence_for(doc, a.start)
            kept.append(Relation(relation, head, tail, sentence, _MODEL_RULES[relation],
                                 p, role_norm="unknown" if relation == "officialOf" else None,
                                 group=f"s{sentence.index}" if relation == "metWith" else None,
                                 role="principal" if relation == "metWith" else None))
    return rest + kept


#: Verbs of telling: the lexicon's verbs of speech, and "disclose" and "reveal".
_TELLING = SPEECH_VERBS | {"disclose", "reveal"}


def _reports(speaker: Span, other: Span) -> bool:
    """``speaker`` is the subject of a verb of saying whose reported clause names ``other``."""
    root = speaker.root
    while root.dep_ in {"compound", "appos"} and root.head.i != root.i:
        root = root.head
    verb = root.head
    if root.dep_ != "nsubj" or verb.lemma_.lower() not in _TELLING:
        return False
    told = [t for c in verb.children if c.dep_ in {"ccomp", "parataxis"} for t in c.subtree]
    return any(t.i == other.root.i for t in told)


def _one_side(relation: str, rules: dict[tuple, list[Relation]]) -> set[tuple]:
    """The pairs of parties a meeting rule put on one side of one meeting (its hosts, or its
    guests), each as ``pair_key``."""
    sides: dict[tuple, set[int]] = {}
    for found in rules.values():
        for r in found:
            if r.group and r.rule != "meetings.together":
                sides.setdefault((r.group, "head"), set()).add(r.head.start)
                sides.setdefault((r.group, "tail"), set()).add(r.tail.start)
    return {pair_key(relation, a, b) for side in sides.values() for a in side for b in side if a < b}


@Language.factory("kg_relations", default_config={"extractors": list(EXTRACTORS), "learned": True,
                                                  "min_confidence": None})
def make_relations(nlp: Language, name: str, extractors: list[str], learned: bool,
                   min_confidence: float | dict | None) -> RelationExtractor:
    return RelationExtractor(extractors, learned, min_confidence)
