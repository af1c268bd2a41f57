"""The annotated news corpus: one gold file per article, split by outlet.

Gold files are made by ``../shared/eval/annotation/ANNOTATION.md`` (the shape of
``news_dev/``: ``url``, ``query``, ``document``, ``entities``, ``relations``, plus
``outlet``, ``country``, ``date`` and ``kind``) and live in ``tests/gold/news/<split>/``.
The article texts are the publishers' and stay outside the project (``../news-text/``),
except those whose licence allows them to be committed (``tests/gold/news/texts/``, see its
``ATTRIBUTION.md``).

The split is by outlet, so that no outlet is in two splits: an outlet's split is fixed by a
hash of its name (``split_of``), never by what kg does on its articles. The outlets of
news_dev are dev. ``test`` is only ever scored to report figures.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import KgError

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "gold" / "news"
LICENSED_TEXTS = CORPUS / "texts"
SPLITS = ("train", "dev", "test")
#: An outlet's hash, read as a number in [0, 1), below TEST is test, below DEV is dev.
TEST, DEV = 0.22, 0.30
#: Files of the corpus folder that are not one article's gold.
NOT_GOLD = frozenset({"same_entities.json", "agreement.json"})


class CorpusError(KgError):
    pass


def outlet_of(url: str) -> str:
    """The outlet of an address: its host without "www.", "en." or "amp." in front."""
    host = re.sub(r"^[a-z]+://", "", url.strip().lower()).split("/")[0].split(":")[0]
    return re.sub(r"^(?:www\d?|en|eng|english|amp|m)\.", "", host)


def split_of(outlet: str, dev_outlets: frozenset[str] = frozenset()) -> str:
    """The split of every article of an outlet (deterministic; news_dev's outlets are dev)."""
    if outlet in dev_outlets:
        return "dev"
    h = int(hashlib.sha256(outlet.encode()).hexdigest()[:12], 16) / 16 ** 12
    return "test" if h < TEST else "dev" if h < DEV else "train"


@dataclass(frozen=True)
class Article:
    key: str
    split: str
    gold: dict
    gold_path: Path
    text_path: Path | None  # None: the text is not on this machine


def read_gold(path: Path) -> dict:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorpusError(f"{path}: not a gold file ({exc})") from None
    if not isinstance(gold, dict) or "document" not in gold or "entities" not in gold:
        raise CorpusError(f"{path}: not a gold file (no 'document' or 'entities')")
    return gold


def find_text(gold: dict, text_dirs: list[Path]) -> Path | None:
    """The article's text: committed (licensed) ones first, then the folders given."""
    for folder in [LICENSED_TEXTS, *text_dirs]:
        candidate = Path(folder) / gold["document"]
        if candidate.is_file():
            return candidate
    return None


def articles(folder: str | Path, text_dirs: list[str | Path] = ()) -> list[Article]:
    """The gold files of a folder (a split's folder, or the corpus folder for every split)."""
    folder = Path(folder)
    dirs = [Path(d) for d in text_dirs]
    if any((folder / split).is_dir() for split in SPLITS):
        paths = sorted(p for split in SPLITS for p in (folder / split).glob("*.json"))
    else:
        paths = sorted(p for p in folder.glob("*.json") if p.name not in NOT_GOLD)
    out = []
    for path in paths:
        gold = read_gold(path)
        split = path.parent.name if path.parent.name in SPLITS else "dev"
        out.append(Article(path.stem, split, gold, path, find_text(gold, dirs)))
    return out
