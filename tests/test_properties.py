"""Property tests: any text, however strange, builds without a crash into a graph that
conforms to the SHACL shapes."""
import io

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg import KnowledgeGraph
from kg.validate import validate_graph

words = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)
names = st.builds(lambda a, b: f"{a.title()} {b.title()}", words, words)
news = st.builds(lambda p, q, o: f"{o} Corp chairman {p} met {q} in Berlin on Tuesday. {p} said {q} agreed.",
                 names, names, words)
texts = st.one_of(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=400), news)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, identifier=words)
def test_any_text_builds_a_valid_graph(nlp, text, identifier):
    graph = KnowledgeGraph(":memory:")
    graph._nlp = nlp
    if text.strip():
        graph.add_text(text, identifier or "x", "2024-01-01")
    buffer = io.BytesIO()
    graph.store.dump(buffer, ox.RdfFormat.N_TRIPLES, union=True)
    data = Graph().parse(data=buffer.getvalue().decode("utf-8"), format="nt")
    report = validate_graph(data)
    assert report.conforms, report.text()
    graph.close()
