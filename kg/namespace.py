"""RDF namespaces used by kg.

``KG`` mirrors ``ontology/kg.ttl`` term for term (``tests/test_ontology.py`` checks
that they agree). Like rdflib's own defined namespaces it raises on a misspelt term
instead of minting a new IRI.
"""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

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
    # relations
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
