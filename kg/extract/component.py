"""spaCy components: ``kg_entities`` repairs entities, ``kg_relations`` extracts relations.

Both are registered by name (and through the ``spacy_factories`` entry point), so a
user's own pipeline can do ``nlp.add_pipe("kg_relations")``. ``kg_relations`` runs the
entity repairs itself when ``kg_entities`` is not in the pipeline, and sets ``doc._.relations`` (a list
of ``kg.records.Relation``) and ``doc._.mentions`` (a list of ``kg.records.Mention``).
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from . import meetings, officials, representation
from .common import country_mention, index
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
    for ent in doc.ents:
        if ent.label_ == "ORG":
            country = country_mention(ent)
            if country is not None:
                out.append(country)
    return sorted(set(out), key=lambda m: (m.start, m.end, m.type))


class RelationExtractor:
    """Runs the extractors named in ``extractors`` and stores plain records on the Doc."""

    def __init__(self, extractors: list[str]):
        unknown = sorted(set(extractors) - set(EXTRACTORS))
        if unknown:
            raise ValueError(f"unknown kg extractor(s) {unknown}; known: {sorted(EXTRACTORS)}")
        self.extractors = [EXTRACTORS[name] for name in extractors]

    def __call__(self, doc: Doc) -> Doc:
        if not doc.user_data.get(_REPAIRED):
            kg_entities(doc)
        doc._.mentions = mentions(doc)
        doc._.relations = [rel for extract in self.extractors for rel in extract(doc)]
        return doc


@Language.factory("kg_relations", default_config={"extractors": list(EXTRACTORS)})
def make_relations(nlp: Language, name: str, extractors: list[str]) -> RelationExtractor:
    return RelationExtractor(extractors)
