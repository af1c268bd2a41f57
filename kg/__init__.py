"""kg: build a knowledge graph (RDF) of who is who and who met whom from news articles.

Quick start in a notebook::

    from kg import KnowledgeGraph
    with KnowledgeGraph("kg-store") as graph:
        graph.build(["seeds/"])
        print(graph.query("officials").rows)
        graph.export("turtle", "out/graph.ttl")
        graph.visualize("out/graph.html")
"""
__version__ = "0.1.0"

__all__ = ["KnowledgeGraph", "BuildReport", "__version__"]


def __getattr__(name):  # keep "import kg" light: spaCy loads only when needed
    if name in {"KnowledgeGraph", "BuildReport"}:
        from . import api

        return getattr(api, name)
    raise AttributeError(name)
