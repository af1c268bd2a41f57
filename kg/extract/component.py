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
from spacy.tokens import Doc
from spacy.util import minibatch

from ..records import Relation
from . import learned as learned_officials
from . import context, layout, meetings, officials, representation  # noqa: F401  (layout registers kg_layout)
from .common import country_mention, index, mention_for, sentence_for
from .entities import repair_entities

_REPAIRED = "kg_entities_done"
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
    """Every entity mention of the Doc, including countries named inside team names."""
    idx = index(doc)
    out = [m for m in idx.mention_of.values() if m is not None]
    out += [pronoun for _, pronoun in idx.pronoun_of.values()]
    for ent in idx.ents:
        if ent.label_ == "ORG":
            country = country_mention(ent)
            if country is not None:
                out.append(country)
    return sorted(set(out), key=lambda m: (m.start, m.end, m.type))


class RelationExtractor:
    """Runs the extractors named in ``extractors`` and stores plain records on the Doc.

    With ``learned`` (and a trained classifier shipped in ``kg/models/officials``), the
    officialOf pairs between a person and an organization are decided by the classifier,
    which also reads what the rules found (see ``learned``).
    """

    def __init__(self, extractors: list[str], learned: bool = True):
        unknown = sorted(set(extractors) - set(EXTRACTORS))
        if unknown:
            raise ValueError(f"unknown kg extractor(s) {unknown}; known: {sorted(EXTRACTORS)}")
        self.extractors = [EXTRACTORS[name] for name in extractors]
        self.classifier = learned_officials.load_classifier() if learned and "officials" in extractors else None

    def __call__(self, doc: Doc) -> Doc:
        return self._batch([doc])[0]

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Docs in batches: the classifier scores the pairs of a whole batch at once."""
        for batch in minibatch(docs, size=batch_size):
            yield from self._batch(batch)

    def _batch(self, docs: list[Doc]) -> list[Doc]:
        found = []
        for doc in docs:
            if not doc.user_data.get(_REPAIRED):
                kg_entities(doc)
            doc._.mentions = mentions(doc)
            found.append([rel for extract in self.extractors for rel in extract(doc)])
        if self.classifier is not None:
            candidates = [self._candidates(doc, relations) for doc, relations in zip(docs, found)]
            scores = iter(learned_officials.score(self.classifier, [t for _, _, texts in candidates for t in texts]))
            found = [self._decide(doc, relations, by_pair, pairs, [next(scores) for _ in pairs])
                     for doc, relations, (by_pair, pairs, _) in zip(docs, found, candidates)]
        for doc, relations in zip(docs, found):
            doc._.relations = [replace(r, modality=context.modality(doc, r),
                                       attribution=context.attribution(doc, r)) for r in relations]
            doc._.mentions = doc._.mentions + context.described_people(doc, relations)
        return docs

    @staticmethod
    def _candidates(doc: Doc, relations: list[Relation]):
        """The (person, organization) pairs the classifier decides, with their descriptions."""
        by_pair = {(r.head.start, r.tail.start): r for r in relations if r.type == "officialOf"}
        # posts held in a country stay with the rules (see ``_decide``): only ORG pairs are scored
        pairs = [(p, o) for p, o in learned_officials.candidate_pairs(doc) if o.label_ == "ORG"]
        texts = [learned_officials.pair_description(doc, p, o, getattr(by_pair.get((p.start_char, o.start_char)),
                                                                      "rule", None)) for p, o in pairs]
        return by_pair, pairs, texts

    @staticmethod
    def _decide(doc: Doc, relations: list[Relation], by_pair: dict, pairs: list, probabilities: list[float]):
        if not pairs:
            return relations
        decided: dict[tuple[int, int], Relation | None] = {}
        for (person, org), p in zip(pairs, probabilities):
            key = (person.start_char, org.start_char)
            rule = by_pair.get(key)
            if rule is not None:
                decided[key] = replace(rule, confidence=round(max(rule.confidence, p), 2)) \
                    if p >= learned_officials.THRESHOLD else rule
            elif p < learned_officials.THRESHOLD:
                decided[key] = None
            else:
                decided[key] = Relation("officialOf", mention_for(person), mention_for(org),
                                        sentence_for(doc, person.start), "officials.model", round(p, 2),
                                        role_norm="unknown")
        out = [r for r in relations if not (r.type == "officialOf" and (r.head.start, r.tail.start) in decided)]
        out += [r for r in decided.values() if r is not None]
        return out


@Language.factory("kg_relations", default_config={"extractors": list(EXTRACTORS), "learned": True})
def make_relations(nlp: Language, name: str, extractors: list[str], learned: bool) -> RelationExtractor:
    return RelationExtractor(extractors, learned)
