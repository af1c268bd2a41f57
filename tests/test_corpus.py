"""The annotated news corpus: gold files valid by the annotation guide's shape, split by
outlet (no outlet in two splits, each article in the split of its outlet), and sizes."""
import json
from collections import Counter, defaultdict

import pytest

from kg.corpus import CORPUS, LICENSED_TEXTS, SPLITS, articles, outlet_of, split_of

NEWS_DEV_OUTLETS_FILE = CORPUS / "news_dev_outlets.txt"


@pytest.fixture(scope="module")
def corpus():
    return articles(CORPUS)


def test_outlet_of_strips_the_host_prefixes():
    assert outlet_of("https://www.example.com/a/b") == "example.com"
    assert outlet_of("http://en.kremlin.ru/events/1") == "kremlin.ru"
    assert outlet_of("https://amp.inform.kz/x") == "inform.kz"


def test_split_of_an_outlet_is_fixed_and_dev_outlets_are_dev():
    assert split_of("example.com") == split_of("example.com")
    assert split_of("example.com", frozenset({"example.com"})) == "dev"
    assert {split_of(f"outlet{i}.example") for i in range(200)} == set(SPLITS)


def test_every_article_is_in_the_split_of_its_outlet_and_no_outlet_is_in_two(corpus):
    dev_outlets = frozenset(NEWS_DEV_OUTLETS_FILE.read_text().split())
    splits_of = defaultdict(set)
    for article in corpus:
        outlet = outlet_of(article.gold.get("outlet") or article.gold["url"])
        assert article.split == split_of(outlet, dev_outlets), article.key
        splits_of[outlet].add(article.split)
    assert all(len(s) == 1 for s in splits_of.values())


def test_split_sizes_and_spread(corpus):
    """The floor the corpus was made for: 300 articles, train 200, test 60, 150 outlets, 40
    countries, years from 2005 on, every kind of the guide."""
    sizes = Counter(a.split for a in corpus)
    assert len(corpus) >= 300 and sizes["train"] >= 200 and sizes["test"] >= 60 and sizes["dev"] >= 1
    assert len({outlet_of(a.gold.get("outlet") or a.gold["url"]) for a in corpus}) >= 150
    assert len({a.gold["country"] for a in corpus}) >= 40
    years = [a.gold.get("year") for a in corpus if a.gold.get("year")]
    assert min(years) <= 2006 and max(years) >= 2025
    assert {a.gold["kind"] for a in corpus} >= {"diplomacy", "government", "parliament", "business", "sport",
                                                  "ngo_un", "local_politics"}
    required = sum(r["required"] for a in corpus for r in a.gold["relations"])
    assert 2 <= required / len(corpus) <= 8


def test_gold_files_have_the_guides_shape(corpus):
    for article in corpus:
        gold = article.gold
        assert gold["document"] == article.key + ".txt"
        ids = {e["id"] for e in gold["entities"]}
        assert len(ids) == len(gold["entities"]), article.key
        for e in gold["entities"]:
            assert e["type"] in {"Person", "Organization", "Place", "Group", "Event"} and e["aliases"], article.key
        for r in gold["relations"]:
            assert r["type"] in {"officialOf", "metWith", "represents"} and isinstance(r["required"], bool)
            assert r["head"] in ids and r["tail"] in ids and r["head"] != r["tail"], (article.key, r)
            assert r["type"] != "officialOf" or "role" in r


def test_committed_texts_have_a_licence_and_every_alias(corpus):
    """Only texts whose licence allows it are committed, with their gold's every alias in them."""
    committed = {p.stem for p in LICENSED_TEXTS.glob("*.txt")}
    assert committed, "no committed texts"
    by_key = {a.key: a for a in corpus}
    attribution = (LICENSED_TEXTS / "ATTRIBUTION.md").read_text(encoding="utf-8")
    for key in committed:
        gold = by_key[key].gold
        assert gold.get("licence"), key
        assert gold["url"] in attribution, key
        text = (LICENSED_TEXTS / f"{key}.txt").read_text(encoding="utf-8")
        for e in gold["entities"]:
            for alias in e["aliases"]:
                assert alias in text, (key, alias)


def test_agreement_report_is_kept_with_the_corpus():
    report = json.loads((CORPUS / "agreement.json").read_text())
    assert report["articles"] >= 40 and 0 < report["f1_before_adjudication"] <= 1
