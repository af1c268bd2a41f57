"""A folder of bad and strange inputs (generated here): every one gets a one-line message
or is read correctly, every good document lands, and the exit code says what happened."""
import json
import os

import pyoxigraph as ox
import pytest

from conftest import run_kg

GOOD = "Acme Corp chairman John Smith met Mary Jones in Berlin."


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    root = tmp_path_factory.mktemp("messy")
    d = root / "in"
    d.mkdir()
    (d / "empty.txt").write_text("")
    (d / "blank.txt").write_text("   \n\t\n  ")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (d / "latin1.txt").write_bytes("Jos\xe9 Mar\xeda met the mayor.".encode("latin-1"))
    (d / "utf16.txt").write_bytes("Globex Inc director Paul Novak met Rita Lopez in Paris.".encode("utf-16"))
    with open(d / "huge.txt", "wb") as f:  # 50 MB
        f.write((GOOD + "\n").encode() * (50_000_000 // (len(GOOD) + 1)))
    (d / "page.html").write_text("<html><head><script>alert('x')</script><style>p{}</style></head><body>"
                                 "<p>Initech Ltd chairman Ann Lee met Bob Stone.</p><script>document.write(1)</script>"
                                 "</body></html>", encoding="utf-8")
    (d / "feed.jsonl").write_text("\n".join([
        json.dumps({"id": "ok-1", "text": GOOD}), "{broken", json.dumps(["not", "an", "object"]),
        json.dumps({"id": "no-text"}), json.dumps({"id": "ok-2", "text": "Umbrella Corp chairman Jill Valentine met Chris Redfield."}),
        json.dumps({"id": "lone", "text": "Acme Corp chairman John Smith met \ud800 Mary Jones."}),  # a lone surrogate
    ]), encoding="utf-8")
    (d / "names.txt").write_text(
        'Acme <Corp> chairman John "Johnny" Smith\\ met Mary\nJones 😀 and שלום עליכם in Berlin.', encoding="utf-8")
    (d / "file with spaces ü.txt").write_text(GOOD, encoding="utf-8")
    (d / "loop").symlink_to(d / "loop")
    (d / "dangling.txt").symlink_to(d / "nowhere.txt")
    locked = d / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(GOOD, encoding="utf-8")
    os.chmod(locked, 0)
    yield d
    os.chmod(locked, 0o755)


@pytest.fixture(scope="module")
def built(messy, tmp_path_factory):
    store = tmp_path_factory.mktemp("messy-store") / "s"
    proc = run_kg("build", messy, "--store", store, "--quiet", check=False)
    return store, proc


def test_every_problem_is_one_line_naming_the_file(built):
    _, proc = built
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.startswith("kg: skipped ")]
    expected = {"empty.txt": "empty", "blank.txt": "empty", "binary.txt": "binary", "latin1.txt": "not UTF-8",
                "huge.txt": "MB", "feed.jsonl:2": "invalid JSON", "feed.jsonl:3": "JSON object",
                "feed.jsonl:4": "no 'text'", "feed.jsonl:6": "invalid character", "loop": "loops", "dangling.txt": "no such file"}
    for name, reason in expected.items():
        assert any(name in line and reason in line for line in lines), (name, lines)


def test_good_documents_land(built):
    store, _ = built
    ids = run_kg("query", "SELECT ?id WHERE { GRAPH ?g { ?g dcterms:identifier ?id } } ORDER BY ?id",
                 "--store", store, "--format", "csv").stdout.splitlines()[1:]
    assert {"utf16.txt", "page.html", "ok-1", "ok-2", "names.txt", "file with spaces ü.txt"} <= set(ids)
    if os.geteuid() != 0:  # root reads the unreadable folder anyway
        assert "locked/inside.txt" not in ids
    text = run_kg("query", "SELECT ?t WHERE { GRAPH ?g { ?g dcterms:identifier 'page.html' ; kg:text ?t } }",
                  "--store", store, "--format", "csv").stdout
    assert "alert" not in text and "document.write" not in text and "Initech Ltd" in text


def test_any_name_gives_valid_distinct_iris(built, tmp_path):
    store, _ = built
    for fmt, parse in [("turtle", ox.RdfFormat.TURTLE), ("nquads", ox.RdfFormat.N_QUADS),
                       ("ntriples", ox.RdfFormat.N_TRIPLES), ("trig", ox.RdfFormat.TRIG)]:
        out = tmp_path / f"g.{fmt}"
        run_kg("export", "--store", store, "--format", fmt, "-o", out)
        assert list(ox.parse(path=str(out), format=parse)), fmt
    from kg.rdf import encode

    names = ["a b", "a_b", "a%20b", "A B", "<a>", 'a"b', "a\\b", "a\nb", "😀", "שלום", "a/b", ""]
    assert len({encode(n) for n in names}) == len(names)


def test_long_document_is_parsed_in_pieces(monkeypatch):
    """Every candidate fact (minimum confidence 0) is found the same in pieces as whole; the
    models' confidences may differ a little, since how often an article names someone and
    whether a sentence leads it are counted within a piece."""
    import kg.pipeline as api
    from kg.api import extract_documents
    from kg.nlp import load
    from kg.records import Document

    every = load(min_confidence=0.0)

    def extract_text(text):
        return list(extract_documents(every, [Document("t.txt", text, None)]))[0]

    # forty varied sentences (a text of one sentence repeated would be judged not prose)
    given = ["John", "Mary", "Karel", "Ana", "Tomas", "Lena", "Omar", "Sofia"]
    family = ["Smith", "Jones", "Dvorak", "Lind", "Berg", "Novak", "Keller", "Haddad", "Moreau", "Osei"]
    towns = ["Berlin", "Lisbon", "Oslo", "Lima", "Accra"]
    text = " ".join(f"Acme Corp chairman {given[i % 8]} {family[i % 10]}{'' if i < 10 else family[i // 10]} met "
                    f"{given[(i + 3) % 8]} {family[(i + 5) % 10]}son in {towns[i % 5]}." for i in range(40))
    whole = extract_text(text)
    assert len(whole.facts) >= 40
    monkeypatch.setattr(api, "CHUNK_CHARS", 300)
    monkeypatch.setattr(api, "chunks", lambda t, size=300, f=api.chunks: f(t, size))
    pieces = extract_text(text)
    assert {(f.type, f.head, f.tail) for f in pieces.facts} == {(f.type, f.head, f.tail) for f in whole.facts}
    for e in pieces.entities:
        assert all(text[m.start:m.end] == m.text for m in e.mentions)
