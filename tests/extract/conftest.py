"""The rules' tests read what the rules propose: the pipeline (with the news-tuned NER the
rules were last measured with) without the relation models, which decide among the rules'
pairs and others (``tests/test_learn.py``)."""
import pytest


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load

    return load(learned=False)
