"""Stage 3: entities and relations from a parsed spaCy Doc.

``officials``, ``meetings`` and ``representation`` each expose ``extract(doc)``, a
generator of ``kg.records.Relation``; ``component`` wraps them as the spaCy
components ``kg_entities`` and ``kg_relations``.
"""
