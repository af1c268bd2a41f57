"""The explorer of `kg serve` (kg/explore.py): the name index and its upkeep, the entity,
neighbourhood and connection answers, and the HTTP side (routes, JSON errors, the page's
Content-Security-Policy, a hostile name returned as data). The browser side is in
test_browser.py."""
import gc
import json
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import run_kg
from test_serve import start_server, stop

ID = "https://w3id.org/kg-news/id/"
RAHIMOV = ID + "person/ilgar_rahimov"
SEED_DOC = "000_dffe93a64d5a51c7.txt"
HOSTILE = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>window.__xss=1</script>"


# ----------------------------------------------------------------------------- made-up articles
def article(identifier, date, entities, facts):
    """A made-up article as an extraction (no language model): ``entities`` are (type,
    label, aliases); each fact is a dict with type, head, tail (labels), sentence and
    optionally modality, role, role_norm, date and place (a meeting's)."""
    from kg.records import Document, Entity, Extraction, Fact, Mention, Relation, Sentence

    types = {label: type_ for type_, label, _ in entities}

    def key(label):
        return f"{types[label]}/{label.lower()}"

    sentences, text = [], ""
    for i, f in enumerate(facts):
        start = len(text)
        text += f["sentence"] + " "
        sentences.append(Sentence(i, start, start + len(f["sentence"]), f["sentence"]))
    text = text.strip() or "Names only: " + ", ".join(label for _, label, _ in entities) + "."
    made = []
    for i, f in enumerate(facts):
        mention = {end: Mention(0, len(f[end]), f[end], types[f[end]], i) for end in ("head", "tail")}
        relation = Relation(f["type"], mention["head"], mention["tail"], sentences[i], "test.made_up", 0.8,
                            role=f.get("role"), role_norm=f.get("role_norm"), modality=f.get("modality", "asserted"),
                            group=str(i))
        made.append(Fact(f["type"], key(f["head"]), key(f["tail"]), relation,
                         place=key(f["place"]) if f.get("place") else None, date=f.get("date"),
                         date_source="stated" if f.get("date") else None))
    return Extraction(Document(identifier, text, date, identifier), tuple(sentences),
                      tuple(Entity(key(label), type_, label, tuple(aliases)) for type_, label, aliases in entities),
                      tuple(made), model=("made-up", "0"))


def store_articles(store, extractions):
    """Write made-up articles into a store as `kg build` does: the documents, then the
    identity pass (which keeps the name index up to date)."""
    from kg import KnowledgeGraph
    from kg.rdf import document_iri, document_quads

    with KnowledgeGraph(store) as graph:
        graph.store.replace_documents([(document_iri(x.document.identifier), document_quads(x)) for x in extractions])
        graph.resolve_identities([x.document.identifier for x in extractions])


def officials(n):
    return [dict(type="officialOf", head=f"Official {i:03}", tail="Hub Federation", role="member", role_norm="member",
                 sentence=f"Official {i:03} sits on the board of the Hub Federation.") for i in range(n)]


def made_up_articles():
    """Ana Lind's posts and meetings over time, a hub with 120 officials, a loner whom a
    meeting is denied, names with accents, and names and a sentence holding markup."""
    people = [("Person", "Ana Lind", ("Lind",)), ("Person", "Karel Dvořák", ()), ("Person", "Tomas Berg", ())]
    return [
        article("a1.txt", "2023-01-10", people + [("Organization", "Bravograd Sailing Club", ()),
                                                 ("Place", "Lakeport", ())], [
            dict(type="officialOf", head="Ana Lind", tail="Bravograd Sailing Club", role="Chair",
                 role_norm="chairman", sentence="Ana Lind, the chair of the Bravograd Sailing Club, opened the season."),
            dict(type="metWith", head="Ana Lind", tail="Karel Dvořák", date="2023-01-09", place="Lakeport",
                 sentence="Ana Lind met Karel Dvořák in Lakeport on Monday.")]),
        article("a2.txt", "2023-05-02", people + [("Organization", "Norvex Group", ())], [
            dict(type="officialOf", head="Karel Dvořák", tail="Norvex Group", role="President", role_norm="president",
                 sentence="Norvex Group President Karel Dvořák announced the results."),
            dict(type="metWith", head="Ana Lind", tail="Tomas Berg", modality="hedged",
                 sentence="Ana Lind reportedly met Tomas Berg.")]),
        article("a3.txt", "2022-11-20", [people[0], ("Organization", "Valmont Rowing Federation", ())], [
            dict(type="officialOf", head="Ana Lind", tail="Valmont Rowing Federation", role="Vice-President",
                 role_norm="vice-president", sentence="Valmont Rowing Federation Vice-President Ana Lind spoke.")]),
        article("lone.txt", "2023-02-02", [("Person", "Lone Wolf", ()), ("Person", "Karel Dvořák", ()),
                                           ("Person", "Anatol Zorin", ()), ("Person", "Anabel Quist", ())], [
            dict(type="metWith", head="Karel Dvořák", tail="Lone Wolf", modality="negated",
                 sentence="Karel Dvořák did not meet Lone Wolf.")]),
        article("evil.txt", "2023-03-03", [("Person", HOSTILE, ()), ("Person", SCRIPT, ())], [
            dict(type="metWith", head=HOSTILE, tail=SCRIPT,
                 sentence=f'{HOSTILE} met {SCRIPT} at the "harbour" & talked.')]),
        article("hub.txt", "2023-04-04", [("Organization", "Hub Federation", ())]
                + [("Person", f"Official {i:03}", ()) for i in range(120)], officials(120)),
    ]


@pytest.fixture(scope="module")
def made_up(tmp_path_factory):
    store = tmp_path_factory.mktemp("made-up") / "store"
    store_articles(store, made_up_articles())
    return store


@pytest.fixture
def explorer(made_up):
    from kg.explore import Explorer
    from kg.store import open_store

    with open_store(made_up) as store:
        yield Explorer(store)
    gc.collect()  # the store's lock goes with the last reference to it, which a cycle may hold


@pytest.fixture
def seed_copy(seed_store, tmp_path):
    copy = tmp_path / "seed"
    shutil.copytree(seed_store, copy, ignore=shutil.ignore_patterns("LOCK", "names.sqlite*"))
    return copy


def labels(answer):
    return [hit["label"] for hit in answer["results"]]


# ----------------------------------------------------------------------------- search
def test_names_are_folded_for_search():
    from kg.explore import fold, name_keys

    assert fold("Karel DVOŘÁK") == fold("karel dvorak") == "karel dvorak"
    assert fold("Paris-2024  Organizing") == "paris 2024 organizing"
    assert fold(HOSTILE) == "img src x onerror alert 1"
    assert name_keys("International Blind Sports Federation")[:2] == \
        ["international blind sports federation", "blind sports federation"]


def test_search_by_prefix_word_case_and_other_names(seed_copy):
    from kg.explore import Explorer, fold
    from kg.store import open_store

    with open_store(seed_copy) as store:
        explorer = Explorer(store)
        assert labels(explorer.search("rahim")) == ["Ilgar Rahimov"]
        assert labels(explorer.search("RAHIMOV")) == ["Ilgar Rahimov"]
        assert labels(explorer.search("ilgar r")) == ["Ilgar Rahimov"]  # the whole name's start
        assert labels(explorer.search("blind sp")) == ["International Blind Sports Federation"]  # a later word
        hit = explorer.search("ibsa")["results"][0]  # another name (skos:altLabel)
        assert hit["label"] == "International Blind Sports Federation" and hit["matched"] == "IBSA"
        assert explorer.search("rahim")["searched"] == "index"
        paris = explorer.search("paris")["results"]  # Paris, the Paris 2024 committee, ...: most facts first
        assert len(paris) >= 2 and paris == sorted(paris, key=lambda h: (-h["facts"], h["label"]))
        assert all(any(word.startswith("paris") for word in fold(h["matched"]).split()) for h in paris)
        assert explorer.search("zzzz")["results"] == []
    assert (seed_copy / "names.sqlite").is_file()


def test_search_ignores_accents_and_ranks_by_facts_then_label(explorer):
    assert labels(explorer.search("dvorak")) == ["Karel Dvořák"]
    assert labels(explorer.search("DVOŘÁK")) == ["Karel Dvořák"]
    assert labels(explorer.search("karel dvo")) == ["Karel Dvořák"]
    # Ana Lind has facts; the two others none, so they follow in alphabetical order
    assert labels(explorer.search("ana")) == ["Ana Lind", "Anabel Quist", "Anatol Zorin"]
    assert labels(explorer.search("lind")) == ["Ana Lind"]
    hits = explorer.search("official", limit=5)
    assert len(hits["results"]) == 5 and hits["more"]
    assert labels(explorer.search(""))[0] == "Hub Federation"  # no text: the best documented


def test_search_without_an_index_uses_sparql(tmp_path):
    from kg.explore import Explorer
    from kg.store import OxigraphStore

    store = OxigraphStore(None)  # in memory: no folder for names.sqlite
    from kg.rdf import document_iri, document_quads

    store.replace_documents([(document_iri(x.document.identifier), document_quads(x)) for x in made_up_articles()])
    answer = Explorer(store).search("karel dvo")
    assert answer["searched"] == "sparql" and labels(answer) == ["Karel Dvořák"]
    assert labels(Explorer(store).search("ana"))[0] == "Ana Lind"


def test_the_index_follows_builds_joins_and_removals(tmp_path):
    """The index updated entity by entity equals one rebuilt from scratch, through an
    identity join ('Keller' becomes Maria Keller's other name) and its undoing."""
    from kg import KnowledgeGraph
    from kg.explore import Explorer, SearchIndex
    from kg.store import open_store

    store = tmp_path / "store"
    store_articles(store, [article("k1.txt", "2024-01-01", [("Person", "Keller", ()), ("Organization", "Valmont Club", ())],
                                   [dict(type="officialOf", head="Keller", tail="Valmont Club", role="chair",
                                         role_norm="chairman", sentence="Keller, the chair of the Valmont Club, spoke.")])])
    index_file = store / "names.sqlite"
    assert not index_file.exists()  # a build does not make the index: the first search does

    def state():
        with open_store(store) as s:
            found = [(h["label"], h["names"], h["facts"]) for h in Explorer(s).search("keller")["results"]]
            with SearchIndex(index_file) as index:
                kept = index.rows()
            SearchIndex.rebuild(s, tmp_path / "fresh.sqlite")
        with SearchIndex(tmp_path / "fresh.sqlite") as fresh:
            assert kept == fresh.rows()  # the upkept index is the one a rebuild makes
        return found

    assert state() == [("Keller", [], 1)]
    # (the two articles name the Valmont Club alike, so 'Keller' may stand for Maria Keller)
    store_articles(store, [article("k2.txt", "2024-02-01", [("Person", "Maria Keller", ()), ("Person", "Ana Lind", ()),
                                                            ("Organization", "Valmont Club", ())],
                                   [dict(type="metWith", head="Maria Keller", tail="Ana Lind",
                                         sentence="Maria Keller met Ana Lind.")])])
    assert state() == [("Maria Keller", ["Keller"], 2)]  # k1's node joined Maria Keller's
    with KnowledgeGraph(store) as graph:
        graph.remove(["k2.txt"])
    assert state() == [("Keller", [], 1)]  # and left it again


def test_kg_remove_and_kg_build_keep_the_index(seed_copy, tmp_path):
    from kg.explore import Explorer, SearchIndex, fold
    from kg.store import open_store

    with open_store(seed_copy) as store:
        assert labels(Explorer(store).search("rahim")) == ["Ilgar Rahimov"]  # builds names.sqlite
    run_kg("remove", SEED_DOC, "--store", seed_copy)
    with open_store(seed_copy) as store, SearchIndex(seed_copy / "names.sqlite") as index:
        assert index.in_step(store)
        assert index.search(fold("rahim"), 10) == ([], False)  # the file itself was updated
        assert index.top(10) == ([], False)
    article_file = tmp_path / "new.txt"
    article_file.write_text("Acme Corp chairman John Smith met Mary Jones in Berlin.", encoding="utf-8")
    run_kg("build", article_file, "--store", seed_copy, "--quiet")
    with SearchIndex(seed_copy / "names.sqlite") as index:
        hits, _ = index.search(fold("smith"), 10)
    assert [h["label"] for h in hits] == ["John Smith"] and hits[0]["facts"] >= 1


def test_a_missing_or_broken_index_is_rebuilt(seed_copy):
    from kg.explore import Explorer
    from kg.store import open_store

    index_file = seed_copy / "names.sqlite"
    with open_store(seed_copy) as store:
        Explorer(store).search("rahim")
    index_file.unlink()
    with open_store(seed_copy) as store:
        answer = Explorer(store).search("rahim")
    assert labels(answer) == ["Ilgar Rahimov"] and answer["searched"] == "index" and index_file.is_file()
    index_file.write_bytes(b"not a database at all " * 100)
    with open_store(seed_copy) as store:
        assert labels(Explorer(store).search("RAHIMOV")) == ["Ilgar Rahimov"]
    run_kg("resolve", "--store", seed_copy)  # kg resolve rebuilds it too
    with open_store(seed_copy) as store:
        assert labels(Explorer(store).search("jean")) == ["Jean Minier"]


# ----------------------------------------------------------------------------- an entity
def test_facts_in_date_order_with_sentence_document_role_and_place(explorer):
    answer = explorer.entity(ID + "person/ana_lind")
    assert answer["label"] == "Ana Lind" and answer["type"] == "Person" and answer["names"] == ["Lind"]
    items = answer["page"]["items"]
    assert [(f["date"], f["relation"], f["other"]["label"]) for f in items] == [
        ("2022-11-20", "officialOf", "Valmont Rowing Federation"),
        ("2023-01-09", "metWith", "Karel Dvořák"),  # the meeting's own date, not the article's
        ("2023-01-10", "officialOf", "Bravograd Sailing Club"),
        ("2023-05-02", "metWith", "Tomas Berg")]
    meeting = items[1]
    assert meeting["place"]["label"] == "Lakeport" and meeting["dateSource"] == "stated"
    assert meeting["evidence"] == "Ana Lind met Karel Dvořák in Lakeport on Monday."
    assert meeting["document"]["id"] == "a1.txt" and meeting["document"]["date"] == "2023-01-10"
    assert items[2]["role"] == "Chair" and items[2]["confidence"] == 0.8 and items[2]["extractor"] == "test.made_up"
    assert items[3]["modality"] == "hedged"
    assert answer["facts"] == 4 and answer["documents"] == 3 and answer["dates"] == ["2022-11-20", "2023-05-02"]
    # the post history, in date order
    assert [(p["post"], p["first"], p["roles"]) for p in answer["posts"]] == [
        ("vice-president of Valmont Rowing Federation", "2022-11-20", ["Vice-President"]),
        ("chairman of Bravograd Sailing Club", "2023-01-10", ["Chair"])]


def test_filters_by_relation_dates_and_modality(explorer):
    from kg.explore import ExploreError, NotFound

    ana = ID + "person/ana_lind"

    def shown(**filters):
        return [(f["date"], f["relation"]) for f in explorer.entity(ana, **filters)["page"]["items"]]

    assert shown(relation="metWith") == [("2023-01-09", "metWith"), ("2023-05-02", "metWith")]
    assert shown(modality="hedged") == [("2023-05-02", "metWith")]
    assert shown(date_from="2023-01-01", date_to="2023-03-01") == [("2023-01-09", "metWith"),
                                                                    ("2023-01-10", "officialOf")]
    assert shown(offset=1, limit=2) == [("2023-01-09", "metWith"), ("2023-01-10", "officialOf")]
    filtered = explorer.entity(ana, relation="officialOf")
    assert filtered["page"]["total"] == 2 and filtered["relations"] == {"metWith": 2, "officialOf": 2}
    for bad in (dict(relation="likes"), dict(modality="maybe"), dict(date_from="last week"), dict(offset=-1)):
        with pytest.raises(ExploreError) as error:
            explorer.entity(ana, **bad)
        assert error.value.status == 400
    with pytest.raises(NotFound):
        explorer.entity(ID + "person/nobody")
    with pytest.raises(ExploreError):
        explorer.entity("not an IRI")


def test_neighbours_are_grouped_capped_and_paged(explorer):
    hub = ID + "organization/hub_federation"
    first = explorer.neighbours(hub)
    (group,) = first["groups"]
    assert (group["relation"], group["direction"], group["total"]) == ("officialOf", "in", 120)
    assert len(group["neighbours"]) == 50 and group["more"] and len(first["nodes"]) == 51
    assert all(e["to"] == hub and e["relation"] == "officialOf" for e in first["edges"])
    last = explorer.neighbours(hub, relation="officialOf", direction="in", offset=100, limit=500)
    assert len(last["groups"][0]["neighbours"]) == 20 and not last["groups"][0]["more"]
    assert last["groups"][0]["limit"] == 50  # never more than 50 a page
    pages = {n["iri"] for offset in (0, 50, 100)
             for n in explorer.neighbours(hub, offset=offset)["groups"][0]["neighbours"]}
    assert len(pages) == 120  # the pages cover every neighbour once
    ana = explorer.neighbours(ID + "person/ana_lind")
    assert {(g["relation"], g["direction"], g["total"]) for g in ana["groups"]} == {("officialOf", "out", 2),
                                                                                    ("metWith", "both", 2)}
    hedged = [e for e in ana["edges"] if e["to"].endswith("tomas_berg") or e["from"].endswith("tomas_berg")]
    assert hedged and not hedged[0]["stated"]
    two = explorer.neighbours(ID + "person/tomas_berg", steps=2)
    steps = {n["label"]: n["step"] for n in two["nodes"]}
    assert steps["Tomas Berg"] == 0 and steps["Ana Lind"] == 1 and steps["Karel Dvořák"] == 2
    capped = explorer.neighbours(ID + "person/official_000", steps=2)
    assert len([n for n in capped["nodes"] if n["step"] == 2]) == 8  # the hub's 119 others are cut to 8


def test_connect_finds_the_shortest_path_with_its_facts(explorer):
    answer = explorer.connect(ID + "person/tomas_berg", ID + "organization/norvex_group")
    assert answer["found"] and answer["length"] == 3
    names = {n["iri"]: n["label"] for n in answer["nodes"]}
    assert [[names[n] for n in path] for path in answer["paths"]] == \
        [["Tomas Berg", "Ana Lind", "Karel Dvořák", "Norvex Group"]]
    facts = {tuple(sorted((names[l["from"]], names[l["to"]]))): l["facts"] for l in answer["links"]}
    assert facts[("Ana Lind", "Karel Dvořák")][0]["evidence"] == "Ana Lind met Karel Dvořák in Lakeport on Monday."
    assert facts[("Ana Lind", "Tomas Berg")][0]["modality"] == "hedged"
    assert facts[("Karel Dvořák", "Norvex Group")][0]["document"]["id"] == "a2.txt"
    assert "1 shortest path of 3 facts" in answer["message"]


def test_connect_says_clearly_when_there_is_no_path(explorer):
    from kg.explore import ExploreError

    # the only fact between them is denied ("did not meet"): not a connection
    answer = explorer.connect(ID + "person/karel_dvo%C5%99%C3%A1k", ID + "person/lone_wolf")
    assert not answer["found"] and answer["paths"] == []
    assert answer["message"] == "Karel Dvořák and Lone Wolf are not connected by a path of up to 4 facts."
    limited = explorer.connect(ID + "person/official_000", ID + "person/tomas_berg", max_expanded=3)
    assert not limited["found"] and "stopped" in limited["message"]
    with pytest.raises(ExploreError):
        explorer.connect(ID + "person/lone_wolf", ID + "person/lone_wolf")


# ----------------------------------------------------------------------------- over HTTP
@pytest.fixture(scope="module")
def served(seed_store, tmp_path_factory):
    """kg serve on the sample article and the made-up ones."""
    store = tmp_path_factory.mktemp("served-explorer") / "store"
    shutil.copytree(seed_store, store, ignore=shutil.ignore_patterns("LOCK", "names.sqlite*"))
    store_articles(store, made_up_articles())
    proc, url = start_server(store)
    yield url
    stop(proc)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url):
    """(status, headers, body) of a GET, redirects not followed."""
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8")


def test_the_start_page_is_the_explorer_with_a_strict_policy(served):
    status, headers, body = get(served + "/")
    assert status == 200 and 'src="explorer/explorer.js"' in body
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "default-src 'self'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert not re.search(r"<script(?![^>]*\bsrc=)", body)  # no inline script
    assert not re.search(r"(src|href)=[\"']?https?:", body)  # nothing from the network
    for asset, media in (("explorer.js", "text/javascript"), ("vis-network.min.js", "text/javascript"),
                         ("explorer.css", "text/css"), ("vis-network.css", "text/css")):
        status, headers, body = get(f"{served}/explorer/{asset}")
        assert status == 200 and headers["Content-Type"].startswith(media) and body, asset
    assert get(served + "/explorer/../kg/serve.py")[0] == 404
    assert get(served + "/explorer/index.html")[0] == 404
    # no inline HTML built from data: the script sets text only
    script = get(served + "/explorer/explorer.js")[2]
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "eval(" not in script


def test_q_opens_the_only_match_or_the_search(served):
    status, headers, _ = get(served + "/?q=rahim")
    assert status == 302 and headers["Location"] == "?entity=" + urllib.parse.quote(RAHIMOV, safe="")
    status, headers, _ = get(served + "/?q=DVO")
    assert status == 302 and "karel_dvo" in headers["Location"]
    status, _, body = get(served + "/?q=paris")  # three entities: the search page
    assert status == 200 and "explorer.js" in body
    status, _, body = get(served + "/?q=zzzz")
    assert status == 200


def test_sparql_editor_and_endpoint_are_still_there(served):
    status, _, body = get(served + "/sparql-editor")
    assert status == 200 and "<textarea" in body and 'href="./"' in body
    query = urllib.parse.quote("SELECT ?n WHERE { GRAPH ?g { ?p a kg:Person ; rdfs:label ?n } } ORDER BY ?n")
    status, headers, body = get(f"{served}/query?query={query}")
    assert status == 200 and "Ilgar Rahimov" in {b["n"]["value"] for b in json.loads(body)["results"]["bindings"]}
    status, _, body = get(f"{served}/sparql?query={query}")
    assert status == 200


def test_api_answers_json_and_errors_in_one_line(served):
    status, headers, body = get(served + "/api/search?q=RAHIM")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    assert [h["iri"] for h in json.loads(body)["results"]] == [RAHIMOV]
    status, _, body = get(served + "/api/entity?iri=" + urllib.parse.quote(RAHIMOV))
    assert status == 200 and json.loads(body)["page"]["items"][0]["document"]["id"] == SEED_DOC
    status, _, body = get(served + "/api/neighbours?iri=" + urllib.parse.quote(ID + "person/tomas_berg") + "&steps=2")
    assert status == 200 and {n["label"]: n["step"] for n in json.loads(body)["nodes"]}["Karel Dvořák"] == 2
    status, _, body = get(served + "/api/connect?from=" + urllib.parse.quote(ID + "person/tomas_berg") + "&to="
                          + urllib.parse.quote(ID + "organization/norvex_group"))
    assert status == 200 and json.loads(body)["length"] == 3
    for path, code in [("/api/entity", 400), ("/api/entity?iri=nonsense", 400),
                       ("/api/entity?iri=" + urllib.parse.quote(ID + "person/nobody"), 404),
                       ("/api/neighbours?iri=" + urllib.parse.quote(RAHIMOV) + "&steps=3", 400),
                       ("/api/entity?iri=" + urllib.parse.quote(RAHIMOV) + "&relation=likes", 400),
                       ("/api/search?q=ab&limit=many", 400), ("/api/connect?from=x", 400), ("/api/nothing", 404)]:
        status, headers, body = get(served + path)
        assert status == code and headers["Content-Type"].startswith("application/json"), path
        assert list(json.loads(body)) == ["error"] and "\n" not in body.strip(), path
    request = urllib.request.Request(served + "/api/search?q=rahim", data=b"", method="POST")
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request)
    assert error.value.code == 405  # the API only reads


def test_a_hostile_name_is_returned_as_plain_data(served):
    status, _, body = get(served + "/api/search?q=img+src")
    assert status == 200 and "<img" not in body  # even the raw bytes carry no markup
    (hit,) = json.loads(body)["results"]
    assert hit["label"] == HOSTILE
    status, headers, body = get(served + "/api/entity?iri=" + urllib.parse.quote(hit["iri"], safe=""))
    answer = json.loads(body)
    assert status == 200 and answer["label"] == HOSTILE and "<script" not in body
    fact = answer["page"]["items"][0]
    assert fact["other"]["label"] == SCRIPT and fact["evidence"] == f'{HOSTILE} met {SCRIPT} at the "harbour" & talked.'


def test_a_hubs_page_is_kept_until_the_store_changes(explorer, monkeypatch):
    """A hub's facts (and posts) are read once and kept: its later pages, filters and
    neighbours do not ask the store again, and give what a first reading gives; a change
    to the store makes it read them again."""
    import kg.explore as explore

    monkeypatch.setattr(explore, "HUB_FACTS", 2)  # Ana Lind, with 4 facts, is a hub here
    ana = ID + "person/ana_lind"
    first = explorer.entity(ana)
    asked = []
    query = explorer.store.query
    monkeypatch.setattr(explorer.store, "query", lambda sparql: asked.append(sparql) or query(sparql))
    again = explorer.entity(ana)
    assert again == first
    reads = [q for q in asked if "rdf:subject <" in q or "kg:member <" in q]
    assert reads == []  # neither the facts nor the posts were read again
    assert explorer.entity(ana, relation="metWith")["page"]["total"] == 2
    explorer.neighbours(ana)
    assert not [q for q in asked if "rdf:subject <" in q]
    explorer.store_changed()
    assert explorer.entity(ana) == first and [q for q in asked if "rdf:subject <" in q]


def test_pages_read_from_the_index_are_those_read_from_the_store(explorer, monkeypatch):
    """With the name index in step, an entity's facts, documents and posts come from it
    (no query over the store's statements); the pages and neighbourhoods are the same as
    those read from the store."""
    from kg.explore import SearchIndex

    explorer.search("ana")  # the index is checked (and built) by the first search
    with SearchIndex(explorer._path) as index:
        iris = [row[0] for row in index.rows()["entities"]]
    assert len(iris) > 120
    asked = []
    query = explorer.store.query
    monkeypatch.setattr(explorer.store, "query", lambda sparql: asked.append(sparql) or query(sparql))
    from_index = {iri: (explorer.entity(iri, limit=50), explorer.neighbours(iri)) for iri in iris}
    assert not [q for q in asked if "rdf:subject <" in q or "kg:member <" in q or "kg:participant <" in q]
    explorer.clear_cache()
    monkeypatch.setattr(explorer, "_ready_index", lambda: None)
    from_store = {iri: (explorer.entity(iri, limit=50), explorer.neighbours(iri)) for iri in iris}
    assert from_index == from_store
    assert [q for q in asked if "rdf:subject <" in q]  # (the store was asked this time)


def test_two_meetings_of_one_article_keep_their_own_dates(tmp_path, monkeypatch):
    """One article telling two meetings of the same parties: each fact gets the date and
    place of the meeting its sentence tells, from the index as from the store."""
    from kg.explore import Explorer
    from kg.store import open_store

    people = [("Person", "Piet Aro", ()), ("Person", "Lena Moss", ()), ("Place", "Harbourton", ()),
              ("Place", "Millford", ())]
    store = tmp_path / "store"
    store_articles(store, [article("twice.txt", "2024-03-10", people, [
        dict(type="metWith", head="Piet Aro", tail="Lena Moss", date="2024-03-01", place="Harbourton",
             sentence="Piet Aro met Lena Moss in Harbourton on 1 March."),
        dict(type="metWith", head="Piet Aro", tail="Lena Moss", date="2024-03-08", place="Millford",
             sentence="Piet Aro met Lena Moss again in Millford on 8 March.")])])
    with open_store(store) as s:
        explorer = Explorer(s)
        explorer.search("piet")  # the index is ready
        pages = [explorer.entity(ID + "person/piet_aro")]
        monkeypatch.setattr(explorer, "_ready_index", lambda: None)
        explorer.clear_cache()
        pages.append(explorer.entity(ID + "person/piet_aro"))
    for page in pages:
        told = {(f["evidence"], f["date"], f["place"]["label"]) for f in page["page"]["items"]}
        assert told == {("Piet Aro met Lena Moss in Harbourton on 1 March.", "2024-03-01", "Harbourton"),
                        ("Piet Aro met Lena Moss again in Millford on 8 March.", "2024-03-08", "Millford")}, told
    assert pages[0] == pages[1]
