"""RDF namespaces used by kg.

``KG`` mirrors ``ontology/kg.ttl`` term for term (``tests/test_ontology.py`` checks
that they agree). Like rdflib's own defined namespaces it raises on a misspelt term
instead of minting a new IRI.
"""
from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDFS, DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/kg-news/ns"
#: Base of every IRI kg mints for documents, entities and statements.
ID = Namespace("https://w3id.org/kg-news/id/")

OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")


class KG(DefinedNamespace):
    """Terms of the kg ontology (``ontology/kg.ttl``)."""

    _fail = True
    _NS = Namespace(ONTOLOGY_IRI + "#")

    # classes
    Entity: URIRef
    Person: URIRef
    Organization: URIRef
    Place: URIRef
    Event: URIRef
    Group: URIRef
    Meeting: URIRef
    Membership: URIRef
    Representation: URIRef
    Document: URIRef
    Mention: URIRef
    Extraction: URIRef
    Post: URIRef
    Role: URIRef
    # relations
    relation: URIRef
    headOf: URIRef
    post: URIRef
    postIn: URIRef
    officialOf: URIRef
    metWith: URIRef
    represents: URIRef
    holdsOfficeIn: URIRef
    # n-ary detail
    member: URIRef
    organization: URIRef
    roleText: URIRef
    role: URIRef
    asOf: URIRef
    participant: URIRef
    place: URIRef
    date: URIRef
    dateSource: URIRef
    representative: URIRef
    represented: URIRef
    occasion: URIRef
    # provenance
    evidence: URIRef
    sentenceStart: URIRef
    sentenceEnd: URIRef
    extractor: URIRef
    confidence: URIRef
    modality: URIRef
    iso3166alpha2: URIRef
    iso3166alpha3: URIRef
    duplicateOf: URIRef
    curated: URIRef
    localKey: URIRef
    nameKey: URIRef
    mergeReason: URIRef
    typeConflict: URIRef
    attributedTo: URIRef
    dateText: URIRef
    text: URIRef
    mentionOf: URIRef
    inDocument: URIRef
    kgVersion: URIRef
    modelName: URIRef
    modelVersion: URIRef


#: Prefixes written into Turtle/TriG/JSON-LD exports and offered to SPARQL queries.
PREFIXES = {
    "kg": str(KG._NS),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": str(OA),
}

#: Entity classes by the short type name used in records (``Entity.type``).
ENTITY_CLASSES = {
    "Person": KG.Person,
    "Organization": KG.Organization,
    "Place": KG.Place,
    "Event": KG.Event,
    "Group": KG.Group,
}


@lru_cache(maxsize=1)
def relation_names() -> tuple[str, ...]:
    """The relations kg extracts: the sub-properties of ``kg:relation`` in ``ontology/kg.ttl``."""
    from .resources import ontology_path

    graph = Graph().parse(ontology_path(), format="turtle")
    return tuple(sorted(str(p).rsplit("#", 1)[1] for p in graph.subjects(RDFS.subPropertyOf, KG.relation)))


def jsonld_context() -> dict:
    """The JSON-LD context for kg graphs, made from the ontology: prefixes, then every kg
    term by its short name (object properties as IRIs, typed data properties with their
    datatype). Saved as ``ontology/kg-context.jsonld`` and put inline in JSON-LD exports."""
    from rdflib.namespace import OWL, RDF as _RDF

    from .resources import ontology_path

    graph = Graph().parse(ontology_path(), format="turtle")
    context: dict = dict(PREFIXES)
    for term in sorted(set(graph.subjects(_RDF.type, None)), key=str):
        iri = str(term)
        if not iri.startswith(str(KG._NS)):
            continue
        name = iri[len(str(KG._NS)):]
        kinds = set(graph.objects(term, _RDF.type))
        if OWL.ObjectProperty in kinds:
            context[name] = {"@id": f"kg:{name}", "@type": "@id"}
        elif OWL.DatatypeProperty in kinds:
            rng = graph.value(term, RDFS.range)
            context[name] = {"@id": f"kg:{name}"} | ({"@type": str(rng)} if rng is not None else {})
        else:
            context[name] = f"kg:{name}"
    return {"@context": context}
