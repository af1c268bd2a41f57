"""Human corrections that survive rebuilds: ``curation.yaml`` in the store folder.

A person records decisions with ``kg curate`` (or by editing the file, which is meant to
be read and kept in git); every build applies them to what the machine extracted:

* ``merge``: these names are one entity (labelled by ``into``);
* ``split``: a name that must stay its own entity (no surname or short-form merging);
* ``rename``: give an entity another label (its IRI stays; the old label becomes an alias);
* ``reject``: a fact that is wrong, and is dropped wherever it is read;
* ``assert``: a fact that is missing; it is written in the graph ``.../id/curation``,
  marked ``kg:curated true`` with the note as its evidence.

Names match labels and alternative labels, ignoring case.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import yaml

from .errors import KgError
from .records import Entity, Extraction, Fact, Mention, Relation, Sentence
from .resolve import normalise

CURATION_FILE = "curation.yaml"
KINDS = ("merge", "split", "rename", "reject", "assert")
HEADER = ("# kg curation: human decisions applied to every build of this store.\n"
          "# Edit by hand or with 'kg curate'; names match labels and aliases, ignoring case.\n")


class CurationError(KgError):
    pass


def load(path: Path | None) -> dict:
    if path is None or not path.exists():
        return {k: [] for k in KINDS}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise CurationError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict) or set(data) - set(KINDS):
        raise CurationError(f"{path}: expected the sections {', '.join(KINDS)}")
    return {k: list(data.get(k) or []) for k in KINDS}


def save(path: Path, decisions: dict) -> None:
    body = yaml.safe_dump({k: v for k, v in decisions.items() if v}, sort_keys=False, allow_unicode=True)
    path.write_text(HEADER + body, encoding="utf-8")


def record(path: Path, kind: str, decision) -> dict:
    """Add one decision to the file (once) and return all decisions."""
    decisions = load(path)
    if decision not in decisions[kind]:
        decisions[kind].append(decision)
    save(path, decisions)
    return decisions


def _names(entity: Entity) -> set[str]:
    return {entity.label.casefold(), *(a.casefold() for a in entity.aliases)}


def keep_apart(decisions: dict) -> set[str]:
    """Names that ``split`` keeps out of surname and short-form merging."""
    return {str(name).casefold() for name in decisions.get("split", [])}


def apply(extraction: Extraction, decisions: dict) -> Extraction:
    """Merge, rename and reject, on one document's extraction."""
    entities = {e.key: e for e in extraction.entities}
    rekey: dict[str, str] = {}
    for merge in decisions.get("merge", []):
        into, names = str(merge["into"]), {str(n).casefold() for n in merge.get("names", [])} | {str(merge["into"]).casefold()}
        for key, entity in list(entities.items()):
            if _names(entity) & names:
                new_key = f"{entity.type}/{normalise(into, entity.type)}"
                rekey[key] = new_key
                aliases = tuple(sorted((set(entity.aliases) | {entity.label}) - {into}))
                merged = entities.pop(key)
                if new_key in entities:
                    other = entities[new_key]
                    aliases = tuple(sorted(set(aliases) | set(other.aliases)))
                    merged = replace(other, mentions=tuple(sorted(other.mentions + merged.mentions,
                                                                  key=lambda m: (m.start, m.end))))
                entities[new_key] = replace(merged, key=new_key, label=into, aliases=aliases)
    for rename in decisions.get("rename", []):
        for key, entity in list(entities.items()):
            if str(rename["name"]).casefold() in _names(entity):
                label = str(rename["label"])
                entities[key] = replace(entity, label=label,
                                        aliases=tuple(sorted((set(entity.aliases) | {entity.label}) - {label})))
    facts = []
    for fact in extraction.facts:
        fact = replace(fact, head=rekey.get(fact.head, fact.head), tail=rekey.get(fact.tail, fact.tail),
                       place=rekey.get(fact.place, fact.place), event=rekey.get(fact.event, fact.event))
        if fact.head == fact.tail or _rejected(fact, entities, decisions):
            continue
        facts.append(fact)
    return replace(extraction, entities=tuple(sorted(entities.values(), key=lambda e: e.key)), facts=tuple(facts))


def _rejected(fact: Fact, entities: dict[str, Entity], decisions: dict) -> bool:
    head, tail = entities.get(fact.head), entities.get(fact.tail)
    if head is None or tail is None:
        return False
    for rule in decisions.get("reject", []):
        if rule.get("relation") != fact.type:
            continue
        a, b = str(rule["head"]).casefold(), str(rule["tail"]).casefold()
        if (a in _names(head) and b in _names(tail)) or (
                fact.type == "metWith" and a in _names(tail) and b in _names(head)):
            return True
    return False


DEFAULT_TYPES = {"officialOf": ("Person", "Organization"), "holdsOfficeIn": ("Person", "Place"),
                 "metWith": ("Person", "Person"), "represents": ("Organization", "Place")}


def asserted(decisions: dict) -> Extraction | None:
    """The asserted facts as the extraction of a pseudo-document, the curation graph."""
    from .records import Document

    items = decisions.get("assert", [])
    if not items:
        return None
    lines, entities, facts = [], {}, []
    for n, item in enumerate(items):
        kind = item["relation"]
        head_type = item.get("head_type") or DEFAULT_TYPES.get(kind, ("Person", "Organization"))[0]
        tail_type = item.get("tail_type") or DEFAULT_TYPES.get(kind, ("Person", "Organization"))[1]
        note = str(item.get("note") or f"Asserted by a curator: {item['head']} {kind} {item['tail']}.")
        start = sum(len(x) + 1 for x in lines)
        lines.append(note)
        sentence = Sentence(n, start, start + len(note), note)
        head = Mention(start, start, str(item["head"]), head_type, n)
        tail = Mention(start, start, str(item["tail"]), tail_type, n)
        for m in (head, tail):
            key = f"{m.type}/{normalise(m.text, m.type)}"
            entities.setdefault(key, Entity(key, m.type, m.text))
        role = item.get("role")
        relation = Relation(kind, head, tail, sentence, "curation", 1.0, role=role,
                            role_norm=str(role).lower() if role else None)
        facts.append(Fact(kind, f"{head_type}/{normalise(head.text, head_type)}",
                          f"{tail_type}/{normalise(tail.text, tail_type)}", relation))
    document = Document("curation", "\n".join(lines), None, "curation")
    return Extraction(document, (), tuple(entities.values()), tuple(facts), ("curation", "1"))
