"""``kg eval``: score extraction against gold data (see ``../shared/eval/README.md``).

* ``seed_gold.json``-style files (one document, gold entities with aliases, relations
  marked required or optional): required relations found, false positives, and
  whether every gold entity was found with the right type.
* JSONL gold files (records with ``text``, ``entities`` and ``relations``): precision,
  recall and F1 per relation type, micro-averaged over records, and NER precision and
  recall per entity type where gold offsets are given.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .errors import KgError
from .extract.lexicon import countries, plain
from .ingest import InputError, read_file
from .records import Document, Extraction

_NER_TYPES = ("Person", "Organization", "Place")
#: The relation types the gold files score (holdsOfficeIn is ours alone).
RELATION_TYPES = ("officialOf", "metWith", "represents")


class EvalError(KgError):
    pass


def _name(text: str) -> str:
    """Comparison form of a name: case and a leading "the" ignored, as the gold README says;
    a trailing full stop too (CoNLL04 gold keeps sentence-final periods: "Cornell University.")."""
    text = re.sub(r"\s+", " ", text.strip().casefold()).rstrip(" .")
    return re.sub(r"^the ", "", text)


def _names(extraction: Extraction) -> dict[str, set[str]]:
    return {e.key: {_name(e.label), *(_name(a) for a in e.aliases)} for e in extraction.entities}


# --------------------------------------------------------------------- seed gold
#: Why a required relation was missed, in the order they are checked.
CAUSES = {
    "boundary": "entity boundary (an end not found as an entity, or its span is wrong)",
    "type": "entity type (an end found with another type)",
    "coreference": "coreference (the two ends are never named in one sentence)",
    "pairing": "wrong pairing (an end paired with another entity in that sentence)",
    "pattern": "no pattern or model (both ends named in one sentence, nothing fired)",
}


@dataclass
class SeedScore:
    required_found: list[str] = field(default_factory=list)
    required_missed: list[str] = field(default_factory=list)
    optional_found: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    entities_found: list[str] = field(default_factory=list)
    entities_missed: list[str] = field(default_factory=list)
    entities_wrong_type: list[str] = field(default_factory=list)
    causes: Counter = field(default_factory=Counter)  # key of CAUSES -> missed required relations

    @property
    def required(self) -> int:
        return len(self.required_found) + len(self.required_missed)

    @property
    def entities(self) -> int:
        return len(self.entities_found) + len(self.entities_missed) + len(self.entities_wrong_type)

    def report(self) -> str:
        lines = [f"required relations found: {len(self.required_found)}/{self.required}",
                 f"false positives: {len(self.false_positives)}",
                 f"optional relations found: {len(self.optional_found)}",
                 f"gold entities found with the right type: {len(self.entities_found)}/{self.entities}"]
        lines += [f"  missed required: {r}" for r in self.required_missed]
        lines += [f"  false positive: {r}" for r in self.false_positives]
        lines += [f"  entity missing: {e}" for e in self.entities_missed]
        lines += [f"  entity with wrong type: {e}" for e in self.entities_wrong_type]
        return "\n".join(lines)


def asserted_kind(fact) -> bool:
    """Facts the graph states: asserted ones and former posts (a planned, hedged or denied
    fact is only described, with its modality), and not those of people who only attended a
    meeting (the graph describes them on the meeting, it does not state that they met)."""
    return fact.relation.modality in STATED and fact.relation.role != "attendee"


#: Modalities of the facts the graph states as triples: a former post is a post the text
#: says the person held (the annotation guide counts it as officialOf).
STATED = frozenset({"asserted", "past"})


def _gold_nodes(gold: dict, extraction: Extraction) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Which gold entity each extracted entity stands for (by its first matching name), and
    every extracted entity carrying a name of each gold entity."""
    alias_to_gold: dict[str, str] = {}
    aliases = defaultdict(set)
    for ent in gold["entities"]:
        for alias in ent["aliases"]:
            alias_to_gold.setdefault(_name(alias), ent["id"])
            aliases[ent["id"]].add(_name(alias))
    to_gold: dict[str, str] = {}
    nodes = defaultdict(set)
    for entity in extraction.entities:
        variants = [_name(entity.label), *sorted({_name(a) for a in entity.aliases})]
        match = next((alias_to_gold[v] for v in variants if v in alias_to_gold), None)
        if match is not None:
            to_gold[entity.key] = match
        for gid, names in aliases.items():
            if names & set(variants):
                nodes[gid].add(entity.key)
    return to_gold, nodes


def _miss_cause(triple: tuple, gold_types: dict[str, str], nodes: dict[str, set[str]],
                extraction: Extraction, to_gold: dict[str, str]) -> str:
    """The first of ``CAUSES`` that explains why a required relation was not found."""
    rtype, *ends = triple
    types = {e.key: e.type for e in extraction.entities}
    for gid in ends:
        if not nodes.get(gid):
            return "boundary"
    for gid in ends:
        if not any(types[k] == gold_types[gid] for k in nodes[gid]):
            return "type"
    named = {e.key: {m.sentence for m in e.mentions if m.refers_to is None} for e in extraction.entities}
    sentences = [set().union(*(named[k] for k in nodes[gid])) for gid in ends]
    together = sentences[0] & sentences[1]
    if not together:
        return "coreference"
    for fact in extraction.facts:
        if fact.type == rtype and fact.relation.sentence.index in together and (
                fact.head in nodes[ends[0]] | nodes[ends[1]] or fact.tail in nodes[ends[0]] | nodes[ends[1]]):
            return "pairing"
    return "pattern"


def score_seed(gold: dict, extraction: Extraction) -> SeedScore:
    gold_types = {ent["id"]: ent["type"] for ent in gold["entities"]}
    to_gold, nodes = _gold_nodes(gold, extraction)
    types = {e.key: e.type for e in extraction.entities}
    score = SeedScore()
    found_ids = defaultdict(set)
    for key, gid in to_gold.items():
        found_ids[gid].add(types[key])
    for ent in gold["entities"]:
        if ent["id"] not in found_ids:
            score.entities_missed.append(f"{ent['id']} ({ent['type']})")
        elif ent["type"] in found_ids[ent["id"]]:
            score.entities_found.append(ent["id"])
        else:
            score.entities_wrong_type.append(f"{ent['id']}: {ent['type']} tagged {sorted(found_ids[ent['id']])}")

    def norm(t, h, o):
        return (t, *sorted((h, o))) if t == "metWith" else (t, h, o)

    gold_rel: dict[tuple, bool] = {}  # (type, head, tail) -> required by any gold relation
    for r in gold["relations"]:
        triple = norm(r["type"], r["head"], r["tail"])
        gold_rel[triple] = gold_rel.get(triple, False) or bool(r.get("required"))
    seen = set()
    for fact in extraction.facts:
        if fact.type not in RELATION_TYPES or not asserted_kind(fact):
            continue
        triple = norm(fact.type, to_gold.get(fact.head, fact.head), to_gold.get(fact.tail, fact.tail))
        if triple in seen:
            continue
        seen.add(triple)
        shown = f"{triple[0]}({triple[1]}, {triple[2]})"
        if triple not in gold_rel:
            score.false_positives.append(f"{shown}  <- {fact.relation.sentence.text[:90]}")
        elif gold_rel[triple]:
            score.required_found.append(shown)
        else:
            score.optional_found.append(shown)
    for triple, required in gold_rel.items():
        if required and triple not in seen:
            cause = _miss_cause(triple, gold_types, nodes, extraction, to_gold)
            score.causes[cause] += 1
            score.required_missed.append(f"{triple[0]}({triple[1]}, {triple[2]})  [{cause}]")
    return score


def gold_files(folder: Path) -> list[tuple[Path, dict]]:
    """The per-article gold files of a folder (``news_dev/``): JSON objects naming a document."""
    out = []
    paths = sorted(folder.glob("*.json"))
    if any((folder / split).is_dir() for split in ("train", "dev", "test")):  # a corpus cut into splits
        paths = sorted(p for split in ("train", "dev", "test") for p in (folder / split).glob("*.json"))
    for path in paths:
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise EvalError(f"{path}: not a gold file ({exc})") from None
        if isinstance(gold, dict) and "document" in gold and "entities" in gold:
            out.append((path, gold))
    return out


@dataclass
class FolderScore:
    """Per-article scores of a folder of gold files, and their totals."""

    articles: dict[str, SeedScore] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # gold files whose text was not found
    nodes: NodeScore | None = None

    def total(self) -> SeedScore:
        out = SeedScore()
        for score in self.articles.values():
            for name in ("required_found", "required_missed", "optional_found", "false_positives",
                         "entities_found", "entities_missed", "entities_wrong_type"):
                getattr(out, name).extend(getattr(score, name))
            out.causes.update(score.causes)
        return out

    def report(self, details: bool = False) -> str:
        width = max([len(k) for k in self.articles] + [7])
        lines = [f"{'article':<{width}}  required  false pos.  entities"]
        for key, s in self.articles.items():
            lines.append(f"{key:<{width}}  {len(s.required_found):>3}/{s.required:<4}  {len(s.false_positives):>10}"
                         f"  {len(s.entities_found):>3}/{s.entities}")
        t, n = self.total(), max(len(self.articles), 1)
        share = len(t.required_found) / t.required if t.required else 0.0
        ents = len(t.entities_found) / t.entities if t.entities else 0.0
        lines += ["", f"articles: {len(self.articles)}",
                  f"required relations found: {len(t.required_found)}/{t.required} ({share:.0%})",
                  f"false positives: {len(t.false_positives)} ({len(t.false_positives) / n:.2f} per article)",
                  f"gold entities found with the right type: {len(t.entities_found)}/{t.entities} ({ents:.0%})",
                  "missed required relations by cause:"]
        lines += [f"  {t.causes[c]:>4}  {text}" for c, text in CAUSES.items()]
        if self.nodes is not None:
            lines.append(self.nodes.report())
            if details and (self.nodes.fragmented or self.nodes.conflated):
                lines.append(self.nodes.details())
        if self.missing:
            lines.append(f"not scored (no text in the --docs folder): {', '.join(self.missing)}")
        if details:
            for key, s in self.articles.items():
                lines += ["", f"== {key}", s.report()]
        return "\n".join(lines)


@dataclass
class NodeScore:
    """One entity, one node, with every article built into one store (news_dev/README.md):
    gold entities found, those fragmented over several nodes, and nodes conflated."""

    found: int = 0
    fragmented: list[str] = field(default_factory=list)
    shared: int = 0  # found gold entities that occur in several articles
    shared_fragmented: list[str] = field(default_factory=list)
    conflated: list[str] = field(default_factory=list)

    def report(self) -> str:
        share = len(self.fragmented) / self.found if self.found else 0.0
        lines = ["one entity, one node (all articles in one store):",
                 f"  fragmented entities: {len(self.fragmented)}/{self.found} found ({share:.1%})",
                 f"  fragmented among those in several articles: {len(self.shared_fragmented)}/{self.shared}",
                 f"  conflated nodes: {len(self.conflated)}"]
        return "\n".join(lines)

    def details(self) -> str:
        return "\n".join([f"  fragmented: {x}" for x in self.fragmented] + [f"  conflated: {x}" for x in self.conflated])


def _gold_groups(golds: list[tuple[str, dict]], same: list[list[str]]) -> dict[tuple[str, str], tuple[str, str]]:
    """Gold entities of different articles that are one entity (shared several-word alias,
    acronym or place name, or listed together in ``same_entities.json``): entity -> group."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    def join(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    from .resolve import country_body, normalise

    by_alias: dict[tuple[str, str], tuple[str, str]] = {}
    upper: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for key, gold in golds:
        for e in gold.get("entities", []):
            me = (key, e["id"])
            find(me)
            if e.get("type") == "Group":  # "the Azerbaijani delegation": one a visit
                continue
            for alias in e.get("aliases", []):
                a = alias.strip()
                if e.get("type") == "Organization" and country_body(normalise(a, "Organization")):
                    continue  # "Ministry of Foreign Affairs": every country has one
                bare = a.replace(".", "")
                if e.get("type") == "Place":  # a place name: "Viet Nam" is "Vietnam", "Bogotá" "Bogota"
                    k = ("Place", plain(countries().country(a) or a).casefold())
                elif len(a.split()) >= 2:
                    k = (e.get("type"), a.casefold())
                elif bare.isalpha() and len(bare) >= 2:  # an acronym ("U.S.", "FIFA", "Fifa")
                    k = (e.get("type"), "acronym " + bare.casefold())
                    if not bare.isupper():
                        upper.setdefault(k, []).append(me)
                        continue
                else:
                    continue
                if k in by_alias:
                    join(by_alias[k], me)
                else:
                    by_alias[k] = me
    for k, items in upper.items():  # "Fifa" joins "FIFA" when some article writes it in capitals
        if k in by_alias:
            for me in items:
                join(by_alias[k], me)
    for group in same:
        members = [tuple(x.split(":", 1)) for x in group]
        for m in members[1:]:
            join(members[0], m)
    return {x: find(x) for x in list(parent)}


def score_nodes(golds: list[tuple[str, dict]], extractions: list, same: list[list[str]]) -> NodeScore:
    """Build the extractions into one in-memory store, resolve across them, and count
    fragmented and conflated entities."""
    from . import identity, rdf
    from .store import OxigraphStore

    store = OxigraphStore()
    store.replace_documents([(rdf.document_iri(x.document.identifier), rdf.document_quads(x)) for x in extractions])
    identity.resolve_store(store)
    graph_of = {str(rdf.document_iri(x.document.identifier)): key for (key, _), x in zip(golds, extractions)}
    nodes_by_name: dict[tuple[str, str], set[str]] = {}  # (article, name) -> nodes
    names_of_node: dict[str, set[tuple[str, str]]] = {}
    for row in store.query("SELECT ?g ?e ?name WHERE { GRAPH ?g { ?e kg:localKey ?k ; rdfs:label|skos:altLabel ?name } }"):
        article = graph_of.get(row["g"].value)
        if article is None:
            continue
        name = row["name"].value.casefold()
        nodes_by_name.setdefault((article, name), set()).add(row["e"].value)
        names_of_node.setdefault(row["e"].value, set()).add((article, name))
    groups = _gold_groups(golds, same)
    members: dict[tuple[str, str], list[tuple[str, dict]]] = {}
    for key, gold in golds:
        for e in gold.get("entities", []):
            members.setdefault(groups[(key, e["id"])], []).append((key, e))
    score = NodeScore()
    # an alias two gold entities of one article share ("Ministry of Foreign Affairs" of two
    # countries) says nothing about either, and is not used
    entities_named: dict[tuple[str, str], set[str]] = {}
    for key, gold in golds:
        for e in gold.get("entities", []):
            for alias in e.get("aliases", []):
                entities_named.setdefault((key, alias.casefold()), set()).add(e["id"])
    shared = {name for name, ids in entities_named.items() if len(ids) > 1}
    owner: dict[tuple[str, str], set] = {}  # (article, alias) -> gold groups
    for group, items in members.items():
        for key, e in items:
            for alias in e.get("aliases", []):
                if (key, alias.casefold()) not in shared:
                    owner.setdefault((key, alias.casefold()), set()).add(group)
    for group, items in sorted(members.items()):
        nodes = set()
        for key, e in items:
            for alias in e.get("aliases", []):
                if (key, alias.casefold()) not in shared:
                    nodes |= nodes_by_name.get((key, alias.casefold()), set())
        if not nodes:
            continue
        score.found += 1
        several = len({key for key, _ in items}) > 1
        score.shared += several
        if len(nodes) > 1:
            label = f"{group[0]}:{group[1]} -> {', '.join(sorted('/'.join(n.rsplit('/', 2)[-2:]) for n in nodes))}"
            score.fragmented.append(label)
            if several:
                score.shared_fragmented.append(label)
    for node, names in sorted(names_of_node.items()):
        gold_groups = set().union(*(owner.get(n, set()) for n in names))
        if len(gold_groups) > 1:
            score.conflated.append(f"{node.rsplit('/', 1)[-1]} carries {', '.join(sorted(':'.join(g) for g in gold_groups))}")
    return score


def score_folder(folder: Path, extract, docs: Path) -> FolderScore:
    """Score every article of a folder of gold files whose text is in ``docs``."""
    items, golds, result = [], [], FolderScore()
    for path, gold in gold_files(folder):
        source = docs / gold["document"]
        if not source.is_file():
            from .corpus import LICENSED_TEXTS

            source = LICENSED_TEXTS / gold["document"]  # a text committed with the corpus
        if not source.is_file():
            result.missing.append(path.stem)
            continue
        read = [i for i in read_file(source, gold["document"], str(source))]
        bad = [i for i in read if isinstance(i, InputError)]
        if bad:
            raise EvalError(str(bad[0]))
        items += read
        golds.append((path.stem, gold))
    if not golds:
        raise EvalError(f"{docs}: none of the {len(result.missing)} articles of {folder} has its text here "
                        f"(<key>.txt); {folder / 'README.md'} says how to get them")
    extractions = []
    for (key, gold), extraction in zip(golds, extract(items)):
        if isinstance(extraction, InputError):
            raise EvalError(str(extraction))
        result.articles[key] = score_seed(gold, extraction)
        extractions.append(extraction)
    same_file = folder / "same_entities.json"
    same = json.loads(same_file.read_text(encoding="utf-8")) if same_file.is_file() else []
    result.nodes = score_nodes(golds, extractions, same)
    return result


# --------------------------------------------------------------------- JSONL gold
@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class JsonlScore:
    records: int = 0
    relations: dict[str, PRF] = field(default_factory=lambda: {t: PRF() for t in RELATION_TYPES})
    ner: dict[str, PRF] = field(default_factory=lambda: {t: PRF() for t in _NER_TYPES})
    has_offsets: bool = False

    def report(self) -> str:
        lines = [f"records: {self.records}", "relation     gold  found  correct  precision  recall  F1"]
        for t, s in self.relations.items():
            lines.append(f"{t:<12} {s.tp + s.fn:>4}  {s.tp + s.fp:>5}  {s.tp:>7}  {s.precision:>9.3f}  "
                         f"{s.recall:>6.3f}  {s.f1:.3f}")
        if self.has_offsets:
            lines.append("entities     gold  found  correct  precision  recall  F1")
            for t, s in self.ner.items():
                lines.append(f"{t:<12} {s.tp + s.fn:>4}  {s.tp + s.fp:>5}  {s.tp:>7}  {s.precision:>9.3f}  "
                             f"{s.recall:>6.3f}  {s.f1:.3f}")
        return "\n".join(lines)


def _matches(gold_name: str, names: set[str]) -> bool:
    g = _name(gold_name)
    for n in names:
        if n == g or n.endswith(" " + g) or g.endswith(" " + n):
            return True
    return False


def score_jsonl_record(record: dict, extraction: Extraction, score: JsonlScore) -> None:
    names = _names(extraction)
    ents = record.get("entities", [])
    gold = defaultdict(list)
    for rel in record.get("relations", []):
        if rel["type"] in RELATION_TYPES:
            gold[rel["type"]].append((ents[rel["head"]]["text"], ents[rel["tail"]]["text"]))
    found = defaultdict(set)
    for fact in extraction.facts:
        found[fact.type].add((fact.head, fact.tail))
    for rtype in RELATION_TYPES:
        matched_found = set()
        for head, tail in gold[rtype]:
            hit = None
            for h, t in found[rtype]:
                pairs = [(h, t), (t, h)] if rtype == "metWith" else [(h, t)]
                if any(_matches(head, names[a]) and _matches(tail, names[b]) for a, b in pairs):
                    hit = (h, t)
                    break
            if hit:
                score.relations[rtype].tp += 1
                matched_found.add(hit)
            else:
                score.relations[rtype].fn += 1
        score.relations[rtype].fp += len(found[rtype] - matched_found)
    if ents and "start" in ents[0]:
        score.has_offsets = True
        gold_spans = Counter((e["start"], e["end"], e["type"]) for e in ents if e["type"] in _NER_TYPES)
        ours = Counter((m.start, m.end, e.type) for e in extraction.entities for m in e.mentions
                       if e.type in _NER_TYPES and m.refers_to is None)  # names, not pronouns
        for t in _NER_TYPES:
            g = {k for k in gold_spans if k[2] == t}
            o = {k for k in ours if k[2] == t}
            score.ner[t].tp += len(g & o)
            score.ner[t].fp += len(o - g)
            score.ner[t].fn += len(g - o)


def evaluate(gold_path: str | Path, extract, docs: str | Path | None = None, details: bool = False) -> str:
    """Score ``extract(list[Document]) -> list[Extraction]`` against a gold file."""
    gold_path = Path(gold_path)
    if gold_path.is_dir():
        if docs is None:
            raise EvalError(f"{gold_path} is a folder of gold files: give the folder of their texts with --docs")
        return score_folder(gold_path, extract, Path(docs)).report(details)
    if not gold_path.is_file():
        raise EvalError(f"{gold_path}: no such gold file")
    if gold_path.suffix == ".json":
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        folder = Path(docs) if docs else gold_path.parent
        source = folder / gold["document"]
        items = list(read_file(source, gold["document"], str(source)))
        errors = [i for i in items if isinstance(i, InputError)]
        if errors:
            raise EvalError(f"{errors[0]} (give the folder holding it with --docs)")
        extraction = extract(items)[0]
        if isinstance(extraction, InputError):
            raise EvalError(str(extraction))
        return score_seed(gold, extraction).report()
    records = []
    for number, line in enumerate(gold_path.read_text(encoding="utf-8").split("\n"), 1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise EvalError(f"{gold_path}:{number}: invalid JSON ({exc.msg})") from None
    documents = [Document(str(r["id"]), r["text"], r.get("date")) for r in records]
    score = JsonlScore(records=len(records))
    for record, extraction in zip(records, extract(documents)):
        if isinstance(extraction, Extraction):
            score_jsonl_record(record, extraction, score)
    return score.report()
