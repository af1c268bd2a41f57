import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = Path(__file__).resolve().parent / "gold"


def run_kg(*args, cwd=None, check=True):
    """Run the kg command line in a subprocess, as a user would."""
    proc = subprocess.run([sys.executable, "-m", "kg", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"kg {' '.join(map(str, args))} failed ({proc.returncode}):\n{proc.stderr}")
    return proc


def build_made_up(folder: Path, texts: dict[str, str]) -> Path:
    """Write made-up articles (file name -> text) into ``folder/docs``, build them with the
    command line into ``folder/store`` and return the store's path."""
    docs = folder / "docs"
    docs.mkdir()
    for name, text in texts.items():
        (docs / name).write_text(text, encoding="utf-8")
    run_kg("build", docs, "--store", folder / "store", "--quiet")
    return folder / "store"


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load

    return load()


@pytest.fixture(scope="session")
def seed_gold():
    return json.loads((GOLD / "seed_gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_extraction(nlp):
    from kg.api import extract_documents
    from kg.ingest import read_documents

    docs = list(read_documents([SEEDS]))
    return list(extract_documents(nlp, docs))[0]


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory):
    """A store built from seeds/ by the command line."""
    store = tmp_path_factory.mktemp("store") / "kg-store"
    run_kg("build", SEEDS, "--store", store, "--quiet")
    return store


@pytest.fixture
def extract_text(nlp):
    """Extraction result for one piece of text."""
    from kg.api import extract_documents
    from kg.records import Document

    def run(text, date=None):
        return list(extract_documents(nlp, [Document("t.txt", text, date)]))[0]

    return run
