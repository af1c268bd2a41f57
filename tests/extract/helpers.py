def facts(extraction, kind=None):
    """(type, head label, tail label) of an extraction's facts."""
    labels = {e.key: e.label for e in extraction.entities}
    return {(f.type, labels[f.head], labels[f.tail]) for f in extraction.facts
            if kind is None or f.type == kind}
