"""Web pages and metadata, syndicated copies, curation that survives rebuilds, linked places."""
import json
import shutil

from conftest import SEEDS, run_kg

PAGE = """<html><head><title>Committee meets | Daily News</title>
<meta name="author" content="Jane Reporter"><meta property="og:url" content="https://news.example/a/1">
<meta property="article:published_time" content="2023-03-22T10:00:00Z"><meta property="og:site_name" content="Daily News">
</head><body><nav>Home | Sports | About</nav><div class="ad">Buy now! Globex Inc chairman Fake Person met Nobody Else.</div>
<article><h1>Committee meets</h1><p>The Kenya Athletics Federation met with the members of the Berlin Marathon
Organizing Committee in Germany, Azernews reports.</p><p>The President of the Kenya Athletics Federation, Jackson Tuwei,
gave information about the activities of the federation.</p></article><script>alert(1)</script>
<footer>Copyright Daily News</footer></body></html>"""


def rows(store, sparql):
    return json.loads(run_kg("query", sparql, "--store", store, "--format", "json").stdout)


def test_web_page_metadata_and_no_boilerplate(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "in" / "note.md").write_text("---\ntitle: Talks in Nairobi\ndate: 2024-02-03\nsource: Kenya Wire\n"
                                            "url: https://wire.example/2\n---\nAcme Corp chairman John Smith met "
                                            "Mary Jones in Nairobi.\n", encoding="utf-8")
    (tmp_path / "in" / "feed.jsonl").write_text(json.dumps({
        "id": "w-3", "text": "Globex Inc director Paul Novak met Rita Lopez.", "title": "Novak meets Lopez",
        "url": "https://feed.example/3", "date": "2024-05-06", "source": "Feed Agency"}) + "\n" + json.dumps({
        "id": "w-4", "text": "Initech chairman Bill Lumbergh met Peter Gibbons.",
        "url": "http://feed.example/%zz"}), encoding="utf-8")  # not a valid IRI: kept as text
    store = tmp_path / "s"
    run_kg("build", tmp_path / "in", "--store", store, "--quiet")
    meta = {r["id"]: r for r in rows(store, """SELECT ?id ?title ?date ?source ?publisher ?creator ?text WHERE {
        GRAPH ?g { ?g dcterms:identifier ?id ; kg:text ?text . OPTIONAL { ?g dcterms:title ?title }
        OPTIONAL { ?g dcterms:date ?date } OPTIONAL { ?g dcterms:source ?source }
        OPTIONAL { ?g dcterms:publisher ?publisher } OPTIONAL { ?g dcterms:creator ?creator } } }""")}
    page = meta["page.html"]
    assert (page["title"], page["date"], page["source"], page["publisher"], page["creator"]) == \
        ("Committee meets", "2023-03-22", "https://news.example/a/1", "Daily News", "Jane Reporter")
    for junk in ("Home | Sports", "Buy now", "Fake Person", "alert", "Copyright"):
        assert junk not in page["text"]
    assert (meta["note.md"]["title"], meta["note.md"]["date"], meta["note.md"]["publisher"]) == \
        ("Talks in Nairobi", "2024-02-03", "Kenya Wire")
    assert (meta["w-3"]["title"], meta["w-3"]["source"], meta["w-3"]["publisher"]) == \
        ("Novak meets Lopez", "https://feed.example/3", "Feed Agency")
    assert meta["w-4"]["source"] == "http://feed.example/%zz"


def test_syndicated_copy_is_stored_once_with_both_as_support(tmp_path):
    (tmp_path / "in").mkdir()
    text = (SEEDS / "000_dffe93a64d5a51c7.txt").read_text(encoding="utf-8")
    (tmp_path / "in" / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(text.replace("Azernews reports", "Trend reports"), encoding="utf-8")
    store = tmp_path / "s"
    assert "1 copies of stories already stored" in run_kg("build", tmp_path / "in", "--store", store).stdout
    listed = run_kg("list", "--store", store).stdout
    assert "b.txt     2023-03-22  a.txt" in listed
    support = {(r["subject"], r["object"]): r["documents"] for r in rows(store, "facts-by-support")}
    assert support[("Jean Minier", "French National Paralympic Committee")] == "2"
    statements = rows(store, "SELECT (COUNT(?st) AS ?n) WHERE { GRAPH ?g { ?st a rdf:Statement } }")
    single = tmp_path / "single"
    run_kg("build", tmp_path / "in" / "a.txt", "--store", single, "--quiet")
    assert statements == rows(single, "SELECT (COUNT(?st) AS ?n) WHERE { GRAPH ?g { ?st a rdf:Statement } }")


def test_curation_survives_a_rebuild_from_scratch(tmp_path):
    store = tmp_path / "s"
    run_kg("build", SEEDS, "--store", store, "--quiet")
    run_kg("curate", "reject", "Jean Minier", "officialOf", "French National Paralympic Committee", "--store", store)
    run_kg("curate", "assert", "Jean Minier", "officialOf", "French Paralympic Committee", "--role", "director",
           "--note", "Confirmed by the committee.", "--store", store)
    run_kg("curate", "rename", "IBSA", "IBSA (International Blind Sports Federation)", "--store", store)
    run_kg("curate", "merge", "Azerbaijan national team", "Azerbaijani team", "--store", store)
    officials = {(r["person"], r["organization"]) for r in
                 json.loads(run_kg("query", "officials", "--store", store, "--format", "json").stdout)}
    assert ("Jean Minier", "French National Paralympic Committee") not in officials
    assert ("Jean Minier", "French Paralympic Committee") in officials
    assert ("Ilgar Rahimov", "IBSA (International Blind Sports Federation)") in officials
    curated = rows(store, "SELECT ?e WHERE { GRAPH ?g { ?st kg:curated true ; kg:evidence ?e } }")
    assert curated == [{"e": "Confirmed by the committee."}]

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    shutil.copy(store / "curation.yaml", fresh / "curation.yaml")  # the file travels, e.g. in git
    run_kg("build", SEEDS, "--store", fresh, "--quiet")
    for out, s in (("a.nq", store), ("b.nq", fresh)):
        run_kg("export", "--store", s, "--format", "nquads", "-o", tmp_path / out)
    assert sorted((tmp_path / "a.nq").read_text().splitlines()) == sorted((tmp_path / "b.nq").read_text().splitlines())


def test_split_keeps_a_name_apart(tmp_path):
    store = tmp_path / "s"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.txt").write_text("Acme Corp chairman John Smith met Mary Jones. Smith said the talks went well.",
                                           encoding="utf-8")
    run_kg("build", tmp_path / "in", "--store", store, "--quiet")
    run_kg("curate", "split", "Smith", "--store", store)
    people = {r["l"] for r in rows(store, "SELECT ?l WHERE { GRAPH ?g { ?e a kg:Person ; rdfs:label ?l } }")}
    assert {"John Smith", "Smith"} <= people


def test_places_are_linked_offline(seed_store):
    links = {r["label"]: r for r in rows(seed_store, """SELECT ?label ?same ?iso2 ?iso3 WHERE { GRAPH ?g {
        ?p a kg:Place ; rdfs:label ?label . OPTIONAL { ?p owl:sameAs ?same }
        OPTIONAL { ?p kg:iso3166alpha2 ?iso2 ; kg:iso3166alpha3 ?iso3 } } }""".replace(
        "SELECT", "PREFIX owl: <http://www.w3.org/2002/07/owl#> SELECT"))}
    assert links["Azerbaijan"]["same"] == "https://sws.geonames.org/587116/"
    assert (links["Azerbaijan"]["iso2"], links["Azerbaijan"]["iso3"]) == ("AZ", "AZE")
    assert links["France"]["iso2"] == "FR"
    assert links["Tokyo"]["same"] == "https://sws.geonames.org/1850147/"

    from kg.link import link_place

    assert link_place("Paris") is None  # several cities share the name: left unlinked
    assert link_place("Azerbaijani").iso2 == "AZ"


def test_removing_a_primary_extracts_its_copy_on_its_own(tmp_path):
    (tmp_path / "in").mkdir()
    text = (SEEDS / "000_dffe93a64d5a51c7.txt").read_text(encoding="utf-8")
    (tmp_path / "in" / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(text.replace("Azernews reports", "Trend reports"), encoding="utf-8")
    (tmp_path / "in" / "c.txt").write_text(text.replace("Azernews reports", "Report.az says"), encoding="utf-8")
    store = tmp_path / "s"
    run_kg("build", tmp_path / "in", "--store", store, "--quiet")
    out = run_kg("remove", "a.txt", "--store", store).stdout
    assert "Extracted b.txt again on its own: it was stored as a copy of a.txt" in out
    listed = run_kg("list", "--store", store).stdout
    assert "c.txt     2023-03-22  b.txt" in listed  # the first remaining copy is the new primary
    support = {(r["subject"], r["object"]): r["documents"] for r in rows(store, "facts-by-support")}
    assert support[("Jean Minier", "French National Paralympic Committee")] == "2"  # b and c
    dangling = rows(store, """SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?st prov:wasDerivedFrom ?g }
        FILTER(CONTAINS(STR(?st), "/statement/")) FILTER NOT EXISTS { GRAPH ?h { ?st a rdf:Statement } } }""")
    assert dangling == [{"n": "0"}]
    assert rows(store, "SELECT ?p WHERE { GRAPH ?g { ?g kg:duplicateOf ?p } }") == \
        [{"p": "https://w3id.org/kg-news/id/doc/b.txt"}]
