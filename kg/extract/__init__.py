"""Stage 3: entities and relations from a parsed spaCy Doc.

``officials``, ``meetings`` and ``representation`` each expose ``extract(doc)``, a
generator of ``kg.records.Relation``; ``component`` wraps them as the spaCy
components ``kg_entities`` and ``kg_relations``.
"""

#: Rules switched off, by name: entity repairs by function name ("_join_names") and relation
#: rules by the name their relations carry ("officials.person_title"). Only for measuring
#: what each rule adds (``kg.ablation``); a normal run switches nothing off.
OFF: set[str] = set()
