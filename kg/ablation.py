"""What each hand-written rule adds: every rule switched off in turn, on train and dev.

    python -m kg.ablation --split train tests/gold/news/train --split dev tests/gold/news/dev \\
        --split dev ../shared/eval/news_dev --docs ../news-text --docs ../news-dev-text

The rules are the entity repairs (``kg.extract.entities.REPAIRS``, by function name), the
references resolved with the document's index (``kg.extract.common.RESOLVERS``), the
relation rules (by the name their relations carry, "officials.person_title"), the mentions
of delegations named by no body (``representation.unnamed_delegations``) and the decisions
made after the relation rules (``context.modality``; ``component.speakers``, which keeps the
teller of a meeting out of its parties). For each, the
articles of every split are run again with that one rule off (the parse is made once and
reused), and the facts are scored as ``kg eval`` scores them: required relations found and
wrong facts. A rule whose removal costs nothing on train and dev has not earned its place.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

from spacy.tokens import Doc

from . import extract
from .corpus import articles
from .eval import score_seed
from .ingest import read_file
from .learn import FactScores, fact_scores
from .pipeline import resolve_parsed
from .records import Parsed

#: Rules that are neither repairs nor relation rules, switched off by name: the mentions of
#: delegations named by no body, and the decisions made after the relation rules.
LATER = ("representation.unnamed_delegations", "context.modality", "component.speakers")


def _records(folder: Path, docs: list[Path]) -> list[tuple[dict, object]]:
    """(record, Document) of a folder of news gold files, a seed_gold.json-style file (its
    text in ``docs``), or a JSONL gold file."""
    import json

    from .records import Document

    out = []
    if folder.suffix == ".jsonl":
        for line in folder.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                out.append((record, Document(str(record["id"]), record["text"])))
        return out
    if folder.suffix == ".json":
        gold = json.loads(folder.read_text(encoding="utf-8"))
        for d in docs:
            if (d / gold["document"]).is_file():
                document = next(iter(read_file(d / gold["document"], gold["document"])))
                return [({"id": folder.stem, "gold": gold}, document)]
        return out
    for article in articles(folder, docs):
        if article.text_path is not None:
            document = next(iter(read_file(article.text_path, article.gold["document"])))
            out.append(({"id": article.key, "gold": article.gold}, document))
    return out


class Runner:
    """The pipeline's parse made once per article; kg's components run again per setting."""

    def __init__(self, nlp, splits: dict[str, list[tuple[dict, object]]]):
        from .extract.component import NOT_PROSE  # noqa: F401
        from .nlp import model_id

        self.nlp = nlp
        self.model = model_id(nlp)
        self.splits = splits
        self.blobs: dict[str, list[tuple[bytes, dict]]] = {}
        with nlp.select_pipes(disable=["kg_entities", "kg_relations"]):
            for name, items in splits.items():
                self.blobs[name] = [(doc.to_bytes(exclude=["user_data"]), dict(doc.user_data))
                                    for doc in nlp.pipe(d.text for _, d in items)]

    def doc(self, blob: tuple[bytes, dict]) -> Doc:
        data, user = blob
        doc = Doc(self.nlp.vocab).from_bytes(data)
        doc.user_data.update(user)
        return doc

    def run(self, off: set[str]) -> dict[str, FactScores]:
        from .extract.common import index
        from .extract.component import NOT_PROSE, kg_entities

        relations_pipe = self.nlp.get_pipe("kg_relations")
        extract.OFF.clear()
        extract.OFF.update(off)
        out = {}
        try:
            for name, items in self.splits.items():
                total = FactScores()
                for (record, document), blob in zip(items, self.blobs[name]):
                    doc = self.doc(blob)
                    relations_pipe(kg_entities(doc))
                    parsed = Parsed(document, tuple(index(doc).sentences), tuple(doc._.mentions),
                                    tuple(doc._.relations), self.model, doc.user_data.get(NOT_PROSE))
                    extraction = resolve_parsed(parsed)
                    if hasattr(extraction, "facts"):
                        total.add(fact_scores(record, extraction))
                        if record.get("gold") is not None:
                            total.entities += len(score_seed(record["gold"], extraction).entities_found)
                out[name] = total
        finally:
            extract.OFF.clear()
        return out

    def rule_names(self) -> list[str]:
        """Every rule: the repairs, the references resolved with the document's index, and
        the relation rules that fire on these articles."""
        from .extract.common import RESOLVERS
        from .extract.component import kg_entities
        from .extract.entities import REPAIRS

        names = {repair.__name__ for repair, _ in REPAIRS} | {resolver.__name__ for resolver in RESOLVERS}
        pipe = self.nlp.get_pipe("kg_relations")
        for blobs in self.blobs.values():
            for blob in blobs:
                doc = kg_entities(self.doc(blob))
                for finder in pipe.extractors:
                    names |= {r.rule.split(".parent")[0] for r in finder(doc)}
        return sorted(names - {"officials.model", "meetings.model", "representation.model"}) + list(LATER)


def main(argv: list[str] | None = None) -> int:
    from .nlp import load

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", nargs=2, action="append", metavar=("NAME", "FOLDER"), required=True)
    parser.add_argument("--docs", action="append", default=[])
    parser.add_argument("--only", nargs="*", help="only these rules")
    args = parser.parse_args(argv)
    docs = [Path(d) for d in args.docs]
    splits: dict[str, list] = defaultdict(list)
    for name, folder in args.split:
        splits[name] += _records(Path(folder), docs)
    started = time.perf_counter()
    runner = Runner(load(), dict(splits))
    base = runner.run(set())
    names = args.only or runner.rule_names()
    print(f"# {len(names)} rules; articles: " + ", ".join(f"{k} {len(v)}" for k, v in splits.items()), flush=True)
    header = "rule\t" + "\t".join(f"{k} found\t{k} wrong\t{k} entities" for k in splits)
    print(header)
    print("(all on)\t" + "\t".join(f"{base[k].at(0)['required_found']}/{base[k].at(0)['required']}\t"
                                   f"{base[k].at(0)['wrong']}\t{base[k].entities}" for k in splits), flush=True)
    for rule in names:
        got = runner.run({rule})
        cells = []
        for k in splits:
            a, b = got[k].at(0), base[k].at(0)
            cells.append(f"{a['required_found'] - b['required_found']:+d}\t{a['wrong'] - b['wrong']:+d}\t"
                         f"{got[k].entities - base[k].entities:+d}")
        print(f"{rule}\t" + "\t".join(cells), flush=True)
    print(f"# {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
