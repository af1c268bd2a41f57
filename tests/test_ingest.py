import json

from kg.ingest import InputError, read_documents, split_date_prefix


def docs_and_errors(paths):
    items = list(read_documents(paths))
    return ([i for i in items if not isinstance(i, InputError)],
            [str(i) for i in items if isinstance(i, InputError)])


def test_date_prefix_is_publication_date_and_removed():
    date, text = split_date_prefix(" date 2023-03-22 The Committee met. More.\n\nNext.")
    assert date == "2023-03-22"
    assert text.startswith("The Committee met.")


def test_sample_article_date_and_text(tmp_path):
    from conftest import SEEDS

    docs, errors = docs_and_errors([SEEDS])
    assert errors == []
    assert [d.identifier for d in docs] == ["000_dffe93a64d5a51c7.txt"]
    assert docs[0].date == "2023-03-22"
    assert docs[0].text.startswith("The Azerbaijan National Paralympic Committee met")


def test_identifiers_are_relative_paths_so_same_names_stay_apart(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "article.txt").write_text("Alpha met Beta.", encoding="utf-8")
    (tmp_path / "b" / "article.txt").write_text("Gamma met Delta.", encoding="utf-8")
    docs, errors = docs_and_errors([tmp_path])
    assert sorted(d.identifier for d in docs) == ["a/article.txt", "b/article.txt"]
    docs, _ = docs_and_errors([tmp_path / "a" / "article.txt"])
    assert docs[0].identifier == "article.txt"


def test_jsonl_records_and_bad_lines(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join([
        json.dumps({"id": "n1", "text": "Alpha met Beta.", "date": "2024-01-02"}),
        "{not json",
        json.dumps({"id": "n2"}),
        json.dumps({"id": "n3", "text": " date 2020-05-06 Gamma spoke."}),
    ]), encoding="utf-8")
    docs, errors = docs_and_errors([feed])
    assert [(d.identifier, d.date) for d in docs] == [("n1", "2024-01-02"), ("n3", "2020-05-06")]
    assert docs[1].text == "Gamma spoke."
    assert len(errors) == 2
    assert errors[0].startswith(f"{feed}:2: invalid JSON")
    assert errors[1] == f"{feed}:3: record has no 'text'"


def test_html_and_markdown_are_reduced_to_text(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>t</title><script>alert(1)</script></head><body>"
                    "<nav>Home | About</nav><p>The minister met the envoy.</p><p>Second &amp; last.</p>"
                    "</body></html>", encoding="utf-8")
    md = tmp_path / "note.md"
    md.write_text("# Title\n\nThe [mayor](http://x) met **the board**.", encoding="utf-8")
    docs, errors = docs_and_errors([page, md])
    assert errors == []
    assert docs[0].text == "The minister met the envoy.\n\nSecond & last."
    assert docs[1].text == "Title\n\nThe mayor met the board."


def test_bad_files_give_one_line_errors_naming_the_file(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 owner met the mayor.".encode("latin-1"))
    (tmp_path / "good.txt").write_text("Alpha met Beta.", encoding="utf-8")
    docs, errors = docs_and_errors([tmp_path, tmp_path / "missing.txt"])
    assert [d.identifier for d in docs] == ["good.txt"]
    assert len(errors) == 3
    assert all("\n" not in e for e in errors)
    assert any(e.startswith(str(tmp_path / "empty.txt")) and "empty" in e for e in errors)
    assert any(e.startswith(str(tmp_path / "latin1.txt")) and "not UTF-8" in e for e in errors)
    assert any(e.startswith(str(tmp_path / "missing.txt")) and "no such file" in e for e in errors)


def test_a_reader_failure_is_one_line_for_that_file_and_the_others_land(tmp_path, monkeypatch):
    import kg.ingest as ingest

    (tmp_path / "a.html").write_text("<html><body><p>Karel Dvorak met Ana Lind.</p></body></html>", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Karel Dvorak met Ana Lind in Lisbon.", encoding="utf-8")

    def broken(*_):
        raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean.\nmore")

    monkeypatch.setattr(ingest, "web_article", broken)
    items = list(ingest.read_documents([tmp_path]))
    errors = [str(i) for i in items if isinstance(i, ingest.InputError)]
    assert len(errors) == 1 and "a.html" in errors[0] and "ImportError" in errors[0] and "\n" not in errors[0]
    assert [i.identifier for i in items if not isinstance(i, ingest.InputError)] == ["b.txt"]
