"""ontology/kg.ttl is the single source of names: the code's namespace must agree."""
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from kg.namespace import KG, ONTOLOGY_IRI
from kg.resources import ontology_path


def _ontology():
    graph = rdflib.Graph()
    graph.parse(ontology_path(), format="turtle")
    return graph


def test_namespace_terms_match_the_ontology():
    graph = _ontology()
    declared = {str(s) for s in graph.subjects(RDF.type, None) if str(s).startswith(ONTOLOGY_IRI + "#")}
    in_code = {str(KG[name]) for name in KG.__annotations__}
    assert declared == in_code


def test_every_term_has_a_label_and_a_comment():
    graph = _ontology()
    for term in graph.subjects(RDF.type, None):
        if str(term).startswith(ONTOLOGY_IRI + "#"):
            assert graph.value(term, RDFS.label) is not None, term
            assert graph.value(term, RDFS.comment) is not None, term


def test_relations_are_declared_and_metwith_is_symmetric():
    graph = _ontology()
    for rel in (KG.officialOf, KG.metWith, KG.represents):
        assert (rel, RDF.type, OWL.ObjectProperty) in graph
    assert (KG.metWith, RDF.type, OWL.SymmetricProperty) in graph


def test_misspelt_term_raises():
    import pytest

    with pytest.raises(AttributeError):
        KG.offcialOf  # noqa: B018


def test_aligned_to_standard_vocabularies():
    from rdflib import Namespace

    graph = _ontology()
    ORG = Namespace("http://www.w3.org/ns/org#")
    SCHEMA = Namespace("https://schema.org/")
    PROV = Namespace("http://www.w3.org/ns/prov#")
    expected = [
        (KG.Membership, OWL.equivalentClass, ORG.Membership),
        (KG.Post, OWL.equivalentClass, ORG.Post),
        (KG.role, RDFS.subPropertyOf, ORG.role),
        (KG.officialOf, RDFS.subPropertyOf, ORG.memberOf),
        (KG.headOf, RDFS.subPropertyOf, ORG.headOf),
        (KG.Person, OWL.equivalentClass, SCHEMA.Person),
        (KG.Organization, OWL.equivalentClass, SCHEMA.Organization),
        (KG.Event, OWL.equivalentClass, SCHEMA.Event),
        (KG.participant, RDFS.subPropertyOf, SCHEMA.attendee),
        (KG.place, RDFS.subPropertyOf, SCHEMA.location),
        (KG.date, RDFS.subPropertyOf, SCHEMA.startDate),
        (KG.Extraction, RDFS.subClassOf, PROV.Activity),
        (KG.attributedTo, RDFS.subPropertyOf, PROV.wasAttributedTo),
    ]
    missing = [t for t in expected if t not in graph]
    assert missing == []


def test_relation_names_come_from_the_ontology():
    from kg.namespace import relation_names

    assert relation_names() == ("holdsOfficeIn", "metWith", "officialOf", "represents")
