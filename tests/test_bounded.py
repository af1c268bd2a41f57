"""One bad document must not stall a build: word salad gives no facts and says so, costs are
bounded (pairs per sentence, time per document), and the size limit is a flag. The tests
check the mechanisms, never wall time."""
import random
import subprocess
import sys
import time

import pytest


VOCAB = ("minister met president committee chairman the of and Lakeport Bravograd Karel Dvorak Ana Lind "
         "Tomas Berg Norvex Group Valmont Federation ambassador received delegation talks with in on said").split()


def salad(words: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(VOCAB) for _ in range(words))


SHAPES = {
    "no sentence punctuation": lambda: salad(3000),
    "one name repeated": lambda: " ".join(["Karel Dvorak"] * 1500),
    "a table of names": lambda: "\n".join(" | ".join(random.Random(i).sample(VOCAB[8:20], 5)) for i in range(400)),
}
ARTICLE = ("Norvex Group Chairman Karel Dvorak met Ana Lind, the Mayor of Lakeport, on Tuesday. "
           "They discussed the new harbour. Dvorak said the talks went well.")


@pytest.mark.parametrize("shape", SHAPES)
def test_word_salad_is_judged_not_prose_and_gives_no_facts(nlp, shape):
    from kg.extract.component import NOT_PROSE

    doc = nlp(SHAPES[shape]())
    assert doc.user_data[NOT_PROSE].startswith("not prose")
    assert doc._.relations == []


def test_an_ordinary_article_is_prose(nlp):
    from kg.extract.component import NOT_PROSE

    doc = nlp(" ".join([ARTICLE] * 20))
    assert doc.user_data[NOT_PROSE] is None and doc._.relations


def test_no_relation_from_an_overlong_sentence(nlp):
    from kg.extract.prose import MAX_SENTENCE

    filler = " ".join(["and the harbour"] * (MAX_SENTENCE // 3 + 10))
    doc = nlp(f"Norvex Group Chairman Karel Dvorak met Ana Lind, the Mayor of Lakeport {filler}. " + ARTICLE * 12)
    first = [r for r in doc._.relations if r.sentence.index == 0]
    assert not first and doc._.relations  # the later, ordinary sentences still give theirs


def test_candidate_pairs_are_bounded_per_sentence(nlp):
    from kg.extract.common import index
    from kg.extract.pairs import MAX_DISTANCE, MAX_PAIRS, candidate_pairs

    with nlp.select_pipes(disable=["kg_relations"]):
        doc = nlp(salad(2000, seed=3))
    pairs = candidate_pairs(doc, "officialOf")
    idx = index(doc)
    per_sentence = {}
    for a, b in pairs:
        per_sentence[idx.sentence_of[a.start]] = per_sentence.get(idx.sentence_of[a.start], 0) + 1
        assert min(abs(b.start - a.end), abs(a.start - b.end)) <= MAX_DISTANCE
    assert max(per_sentence.values()) <= MAX_PAIRS


def test_a_slow_piece_is_skipped_and_the_others_are_parsed():
    from kg.pipeline import _parse_pieces

    class Slow:  # stands for a pipeline that takes too long on one text
        def __call__(self, text):
            if "slow" in text:
                time.sleep(5)
            return text.upper()

        def pipe(self, texts):
            return [self(t) for t in texts]

    done = list(_parse_pieces(Slow(), ["one", "slow one", "two"], limit=0.5))
    assert done == ["ONE", None, "TWO"]


def _kg(*args, cwd):
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd)


def test_build_says_which_document_is_not_prose_and_the_others_land(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "docs" / "scrape.txt").write_text(salad(3000), encoding="utf-8")
    done = _kg("build", "docs", "--store", "s", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stderr.splitlines() if "not prose" in line]
    assert len(notes) == 1 and "scrape.txt" in notes[0] and "Traceback" not in done.stderr
    found = _kg("query", "officials", "--store", "s", "--format", "csv", cwd=tmp_path).stdout
    assert "Karel Dvorak" in found


def test_size_and_time_limits_are_flags_with_one_line_messages(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "short.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "docs" / "long.txt").write_text(ARTICLE * 40, encoding="utf-8")
    done = _kg("build", "docs", "--store", "s", "--max-chars", "2000", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "long.txt: has" in done.stderr and "--max-chars" in done.stderr
    assert done.stdout.startswith("Built 1 document")
    late = _kg("build", "docs/short.txt", "--store", "t", "--time-limit", "0.001", cwd=tmp_path)
    assert late.returncode == 1 and "took longer than 0.001 s" in late.stderr and "Traceback" not in late.stderr


def test_word_salad_keeps_its_names_not_every_repeat(nlp):
    from kg.pipeline import NOT_PROSE_MENTIONS, extract_documents
    from kg.records import Document

    x = list(extract_documents(nlp, [Document("salad.txt", salad(3000))]))[0]
    assert x.note and x.entities and not x.facts
    texts = {(e.type, m.text) for e in x.entities for m in e.mentions}
    total = sum(len(e.mentions) for e in x.entities)
    assert total <= 2 * NOT_PROSE_MENTIONS * len(texts) and total < 3000 / 5  # not one mention a name repeat


def test_the_collector_is_spared_only_after_garbage_is_collected():
    """A build hides the objects alive after its first batch from the garbage collector; the
    last parse's Docs, garbage in reference cycles, must not be kept for good with them."""
    import gc
    import weakref

    from kg.api import spare_collector

    class Node:
        pass

    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle: only the collector frees it
    gone = weakref.ref(a)
    del a, b
    frozen = spare_collector()
    try:
        assert frozen
        assert gone() is None
    finally:
        gc.unfreeze()
