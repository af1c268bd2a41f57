"""spaCy components: ``kg_entities`` repairs entities, ``kg_relations`` extracts relations.

Both are registered by name (and through the ``spacy_factories`` entry point), so a
user's own pipeline can do ``nlp.add_pipe("kg_relations")``. ``kg_relations`` runs the
entity repairs itself when ``kg_entities`` is not in the pipeline, and sets ``doc._.relations`` (a list
of ``kg.records.Relation``) and ``doc._.mentions`` (a list of ``kg.records.Mention``).
"""
from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Relation
from . import learned as learned_officials
from . import context, meetings, officials, representation
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
        if not doc.user_data.get(_REPAIRED):
            kg_entities(doc)
        doc._.mentions = mentions(doc)
        relations = [rel for extract in self.extractors for rel in extract(doc)]
        if self.classifier is not None:
            relations = self._decide_officials(doc, relations)
        doc._.relations = [replace(r, modality=context.modality(doc, r), attribution=context.attribution(doc, r))
                           for r in relations]
        doc._.mentions = doc._.mentions + context.described_people(doc, relations)
        return doc

    def _decide_officials(self, doc: Doc, relations: list[Relation]) -> list[Relation]:
        by_pair = {(r.head.start, r.tail.start): r for r in relations if r.type == "officialOf"}
        pairs = list(learned_officials.candidate_pairs(doc))
        if not pairs:
            return relations
        texts = [learned_officials.pair_description(doc, p, o, getattr(by_pair.get((p.start_char, o.start_char)),
                                                                      "rule", None)) for p, o in pairs]
        decided: dict[tuple[int, int], Relation | None] = {}
        for (person, org), p in zip(pairs, learned_officials.score(self.classifier, texts)):
            if org.label_ != "ORG":
                continue  # posts held in a country stay with the rules
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
