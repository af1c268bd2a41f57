"""The HTML view in a real browser (Debian's Chromium, headless, driven by Playwright)."""
import json
import random
import re
import shutil
import time

import networkx as nx
import pytest

from conftest import ROOT, run_kg

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def browser():
    assert shutil.which("chromium") or shutil.which("/usr/bin/chromium"), \
        "Chromium is needed (make test installs Debian's chromium with apt-get)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def open_page(browser, path):
    """Load a page and record every request it makes."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_function("window.kgNetwork !== undefined", timeout=60_000)
    return page, requests


def settle(page):
    page.evaluate("""() => new Promise(done => {
        const net = window.kgNetwork;
        const finish = () => { net.setOptions({physics: false}); done(); };
        net.once('stabilized', finish); setTimeout(finish, 4000); })""")


@pytest.fixture(scope="module")
def sample_page(seed_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("viz") / "graph.html"
    run_kg("viz", "--store", seed_store, "-o", out)
    return out


def test_sample_network_has_the_facts_and_no_request_leaves(browser, sample_page):
    page, requests = open_page(browser, sample_page)
    settle(page)
    labels = set(page.evaluate("kgData.nodes.get().map(n => n.label)"))
    assert {"Ilgar Rahimov", "Jean Minier", "Sophie Lorant", "International Blind Sports Federation"} <= labels
    edges = page.evaluate("kgData.edges.get().map(e => [e.label, e.fact.text])")
    assert ["officialOf", "Jean Minier officialOf French National Paralympic Committee"] in edges
    assert {e[0] for e in edges} == {"officialOf", "metWith"}  # its represents are under represents' minimum
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    page.screenshot(path=str(ROOT / "docs" / "graph.png"))  # linked from the README
    page.close()


def test_clicking_an_edge_shows_its_sentence(browser, sample_page):
    page, _ = open_page(browser, sample_page)
    settle(page)
    point = page.evaluate("""() => {
        // Centre the view on the edge, then pick a point of it that no node or other edge covers.
        const net = window.kgNetwork;
        const edge = kgData.edges.get().find(e => e.fact.text.startsWith('Jean Minier officialOf'));
        const pos = net.getPositions([edge.from, edge.to]);
        const a = pos[edge.from], b = pos[edge.to];
        net.moveTo({position: {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2}, scale: 1.5, animation: false});
        const box = document.getElementById('graph').getBoundingClientRect();
        for (let i = 1; i < 20; i++) {
            const t = i % 2 ? 0.5 + i / 40 : 0.5 - i / 40;
            const dom = net.canvasToDOM({x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t});
            if (net.getNodeAt(dom) === undefined && net.getEdgeAt(dom) === edge.id)
                return {x: box.left + dom.x, y: box.top + dom.y};
        }
        return null;
    }""")
    assert point, "no point of the edge is free to click"
    page.mouse.click(point["x"], point["y"])
    panel = page.inner_text("#panel")
    assert "Sports director of the French National Paralympic Committee Jean Minier" in panel
    assert "000_dffe93a64d5a51c7.txt" in panel
    page.close()


def test_filters_hide_types_and_relations(browser, sample_page):
    page, _ = open_page(browser, sample_page)
    page.check("#show-all")  # the entities without facts too
    before = page.evaluate("kgNetwork.body.data.nodes.length")
    page.click("#type-filters input[data-value=Place]")
    after = page.evaluate("kgNetwork.body.data.nodes.length")
    assert after == before - 3  # Azerbaijan, France, Tokyo
    page.click("#relation-filters input[data-value=officialOf]")
    assert page.evaluate("kgNetwork.body.data.edges.get().every(e => e.label !== 'officialOf')")
    page.close()


def test_hostile_names_render_as_text(browser, tmp_path):
    from kg import KnowledgeGraph

    payloads = ['John <img src=x onerror="window.__xss=1"> Smith, the chairman of Acme Corp, met with Mary Jones in '
                'Berlin on Monday.',
                'Paul </script><script>window.__xss=2</script> Novak, the director of Globex Inc, met with "Rita" Lopez '
                'in Lima on Monday.',
                "Initech Ltd chairman Ann O'Brien\nmet Bob \\ Stone in Berlin."]
    with KnowledgeGraph(tmp_path / "s") as graph:
        for i, text in enumerate(payloads):
            graph.add_text(text, f"evil{i}.txt")
        graph.visualize(tmp_path / "evil.html")
    page, requests = open_page(browser, tmp_path / "evil.html")
    settle(page)
    assert page.evaluate("window.__xss") is None
    sentences = json.dumps(page.evaluate("kgData.edges.get().map(e => e.fact.evidence[0].sentence)"))
    assert "onerror" in sentences or "<script>" in sentences  # the text is there, as text
    page.click("#search")
    page.mouse.click(700, 450)
    assert page.evaluate("window.__xss") is None
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    page.close()


def test_ten_thousand_nodes_do_not_hang_the_browser(browser, tmp_path):
    from kg.viz import render

    # the shape of a large corpus: one big connected part (4,000 entities) and many small ones
    draw = random.Random(1)
    edges = [(a, b) for a, b in [*nx.random_labeled_tree(4000, seed=1).edges,
                                 *((draw.randrange(4000), draw.randrange(4000)) for _ in range(2000))] if a != b]
    first = 4000
    while first < 10_000:
        size = min(draw.randint(2, 12), 10_000 - first)
        edges += [(first + i, first + draw.randrange(i)) for i in range(1, size)]
        first += size
    graph = nx.MultiDiGraph()
    for n in range(10_000):
        graph.add_node(f"n{n}", label=f"Entity {n}", type=("Person", "Organization", "Place")[n % 3], aliases=[])
    for a, b in edges:
        graph.add_edge(f"n{a}", f"n{b}", key="metWith", relation="metWith",
                       evidence=[{"sentence": f"{a} met {b}.", "document": "big.txt", "modality": "asserted"}])
    page_file = tmp_path / "big.html"
    page_file.write_text(render(graph), encoding="utf-8")
    started = time.monotonic()
    page, _ = open_page(browser, page_file)
    page.wait_for_function("kgNetwork.body.data.nodes.length === 10000", timeout=120_000)
    assert page.evaluate("kgNetwork.physics.options.enabled") is False  # positions came precomputed
    assert page.evaluate("1 + 1") == 2  # the page still answers
    print(f"10,000-node page ready in {time.monotonic() - started:.1f} s")
    page.close()


def test_focus_and_max_nodes_say_what_was_left_out(seed_store, tmp_path):
    out = tmp_path / "focus.html"
    proc = run_kg("viz", "--store", seed_store, "-o", out, "--focus", "Jean Minier", "--hops", "1")
    assert "within 1 step of Jean Minier" in proc.stderr
    labels = {n["label"] for n in json.loads(re.search(r"const DATA = (\{.*?\});\n", out.read_text()).group(1))["nodes"]}
    assert labels == {"Jean Minier", "French National Paralympic Committee"}
    proc = run_kg("viz", "--store", seed_store, "-o", out, "--max-nodes", "5")
    assert "the 5 most connected of 14 entities; 9 entities" in proc.stderr and "kg serve" in proc.stderr


@pytest.fixture(scope="module")
def many_page(tmp_path_factory):
    """About 200 generated articles (bench/corpus.py) in one store, drawn with kg viz."""
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import write_corpus

    from kg import KnowledgeGraph

    folder = tmp_path_factory.mktemp("many")
    write_corpus(folder / "articles", 200, names="distinct")
    with KnowledgeGraph(folder / "store") as graph:
        graph.build([folder / "articles"])
        graph.visualize(folder / "many.html", title="kg: 200 articles")
    return folder / "many.html"


def test_many_articles_default_view_filters_and_screenshot(browser, many_page):
    page, requests = open_page(browser, many_page)
    settle(page)
    drawn = "kgNetwork.body.data.nodes.get()"
    assert page.evaluate(f"{drawn}.length") > 50
    assert page.evaluate(f"{drawn}.every(n => n.facts > 0)")  # by default, no entity without a fact
    everything = page.evaluate("kgData.nodes.length")
    shown = page.evaluate(f"{drawn}.length")
    page.check("#show-all")
    assert page.evaluate(f"{drawn}.length") == everything > shown
    page.uncheck("#show-all")
    # one article: only its facts and their entities
    documents = page.evaluate("Array.from(document.querySelectorAll('#document option')).map(o => o.value)")
    page.select_option("#document", documents[2])
    assert page.evaluate("kgNetwork.body.data.edges.get().every(e => e.documents.includes(%s))"
                         % json.dumps(documents[2]))
    assert 0 < page.evaluate(f"{drawn}.length") < shown
    page.select_option("#document", "")
    # a date range: only facts dated within it
    facts = page.evaluate("kgNetwork.body.data.edges.length")
    page.fill("#date-from", "2024-03-01")
    page.dispatch_event("#date-from", "change")
    page.fill("#date-to", "2024-04-30")
    page.dispatch_event("#date-to", "change")
    dates = page.evaluate("kgNetwork.body.data.edges.get().map(e => e.date)")
    assert dates and all("2024-03-01" <= d <= "2024-04-30" for d in dates) and len(dates) < facts
    # an entity's facts in date order in the side panel
    node = page.evaluate(f"{drawn}.sort((a, b) => b.facts - a.facts)[0].id")
    page.evaluate("id => kgNetwork.emit('click', {nodes: [id], edges: []})", node)
    listed = re.findall(r"^(\d{4}-\d\d-\d\d) · ", page.inner_text("#panel"), re.MULTILINE)
    assert listed == sorted(listed) and listed
    page.fill("#date-from", "")
    page.dispatch_event("#date-from", "change")
    page.fill("#date-to", "")
    page.dispatch_event("#date-to", "change")
    settle(page)
    page.screenshot(path=str(ROOT / "docs" / "graph-many.png"))  # shown in the README
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    page.close()


# ----------------------------------------------------------------------------- the explorer (kg serve)
@pytest.fixture(scope="module")
def explorer_url(seed_store, tmp_path_factory):
    """kg serve on the sample article and made-up ones (test_explore.py): a hub, a path,
    names with accents and names holding markup."""
    import shutil

    from test_explore import made_up_articles, store_articles
    from test_serve import start_server, stop

    store = tmp_path_factory.mktemp("explorer") / "store"
    shutil.copytree(seed_store, store, ignore=shutil.ignore_patterns("LOCK", "names.sqlite*"))
    store_articles(store, made_up_articles())
    proc, url = start_server(store)
    yield url
    stop(proc)


def explorer_page(browser, url):
    """A page of the explorer that records requests, console errors and dialogs."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    seen = {"requests": [], "errors": [], "dialogs": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))

    def dialog(d):
        seen["dialogs"].append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(url)
    return page, seen


def until(page, expression, arg=None, timeout=30.0):
    """Wait until ``expression`` (JavaScript) is true in the page. Playwright's own
    wait_for_function evaluates its polls as strings, which the explorer's policy (no eval)
    refuses; page.evaluate is not subject to it."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression, arg):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        time.sleep(0.05)


def heading(page):
    return page.inner_text("#entity-name").rsplit(" ", 1)[0]  # the name, without the type badge


def wait_for_graph(page):
    until(page, "() => Boolean(window.kgExplorer && window.kgExplorer.stable)")


def click_node(page, name):
    """Click the drawn node of the entity named ``name`` where it is on screen."""
    point = page.evaluate("""name => {
        const net = window.kgExplorer.network;
        const node = window.kgExplorer.nodes.get().find(n => n.name === name);
        const dom = net.canvasToDOM(net.getPositions([node.id])[node.id]);
        const box = document.getElementById('graph').getBoundingClientRect();
        return {x: box.left + dom.x, y: box.top + dom.y};
    }""", name)
    page.mouse.click(point["x"], point["y"])


def test_explorer_search_entity_neighbour_filter_and_screenshot(browser, explorer_url):
    page, seen = explorer_page(browser, explorer_url + "/")
    page.wait_for_selector("ul.results li")  # the best documented entities
    page.fill("#search", "rahim")
    option = page.wait_for_selector("#suggestions li[role=option]")
    assert "Ilgar Rahimov" in option.inner_text()
    option.click()
    until(page, "() => document.title.startsWith('Ilgar Rahimov')")
    assert "entity=" in page.url and "ilgar_rahimov" in page.url
    assert page.locator("li.fact").count() >= 1 and "000_dffe93a64d5a51c7.txt" in page.inner_text("ol.facts")
    # a click on a neighbour in the drawing opens its page
    wait_for_graph(page)
    neighbour = page.evaluate("kgExplorer.nodes.get().find(n => n.step === 1).name")
    for attempt in range(3):  # a busy machine may still be moving the drawing at the first click
        click_node(page, neighbour)
        try:
            until(page, "t => document.title.startsWith(t)", neighbour, timeout=10.0)
            break
        except AssertionError:
            if attempt == 2:
                raise
            wait_for_graph(page)
    assert heading(page) == neighbour
    page.go_back()  # every view has its address: back is Ilgar Rahimov again
    until(page, "() => document.title.startsWith('Ilgar Rahimov')")
    # a click in the list of neighbours, on a made-up entity with an accented name
    page.goto(explorer_url + "/?q=ana+lind")  # one match: the page opens on it
    page.wait_for_selector("#entity-name")
    assert heading(page) == "Ana Lind" and "entity=" in page.url
    page.click("#groups a.neighbour:text('Karel Dvořák')")
    until(page, "() => document.title.startsWith('Karel Dvořák')")
    page.go_back()
    until(page, "() => document.title.startsWith('Ana Lind')")
    # filters: one relation, then a date range
    page.select_option("#filter-relation", "metWith")
    page.click("#filter-apply")
    until(page, "() => location.search.includes('relation=metWith')")
    until(page, "() => document.querySelectorAll('li.fact').length === 2")
    assert page.evaluate("[...document.querySelectorAll('li.fact')].every(f => f.dataset.relation === 'metWith')")
    assert page.evaluate("[...document.querySelectorAll('li.fact')].map(f => f.dataset.date)") == \
        ["2023-01-09", "2023-05-02"]
    page.fill("#filter-from", "2023-01-01")
    page.fill("#filter-to", "2023-03-01")
    page.click("#filter-apply")
    until(page, "() => location.search.includes('to_date=2023-03-01')")
    until(page, "() => document.querySelectorAll('li.fact').length === 1")
    assert "in Lakeport" in page.inner_text("li.fact")
    # a search with several matches lists them, the best documented first
    page.goto(explorer_url + "/?q=ana")
    page.wait_for_selector("ul.results li")
    assert page.evaluate("[...document.querySelectorAll('ul.results li a')].map(a => a.textContent)") == \
        ["Ana Lind", "Anabel Quist", "Anatol Zorin"]
    # the screenshot for the documentation: the sample article's best documented entity, two steps out
    page.goto(explorer_url + "/?entity=https%3A%2F%2Fw3id.org%2Fkg-news%2Fid%2Fperson%2Filgar_rahimov&steps=2")
    wait_for_graph(page)
    page.screenshot(path=str(ROOT / "docs" / "explorer.png"))
    origin = explorer_url.rstrip("/")
    assert [u for u in seen["requests"] if not u.startswith(origin) and not u.startswith("data:")] == []
    assert seen["errors"] == [] and seen["dialogs"] == []  # no script error, no policy violation
    page.close()


def test_explorer_paging_a_hub_and_connecting_two_entities(browser, explorer_url):
    page, seen = explorer_page(browser, explorer_url + "/?q=hub+federation")
    page.wait_for_selector("#groups .more")
    assert page.locator("#groups a.neighbour").count() == 50
    wait_for_graph(page)
    page.click("#groups .more")  # the next 50 of 120, in the list and the drawing
    until(page, "() => document.querySelectorAll('#groups a.neighbour').length === 100")
    assert page.evaluate("kgExplorer.nodes.length") == 101
    # how are Tomas Berg and Norvex Group connected? chosen with the search boxes
    page.click("#connect-link")
    page.fill("#connect-from-input", "tomas")
    page.click("#connect-from-input-list li[role=option]")
    page.fill("#connect-to-input", "norvex")
    page.click("#connect-to-input-list li[role=option]")
    page.click("#connect-go")
    until(page, "() => document.querySelectorAll('ol.path').length > 0")
    assert "1 shortest path of 3 facts" in page.inner_text("#connect-message")
    assert "from=" in page.url and "to=" in page.url
    steps = page.evaluate("[...document.querySelectorAll('ol.path > li > a')].map(a => a.textContent)")
    assert steps == ["Tomas Berg", "Ana Lind", "Karel Dvořák", "Norvex Group"]
    assert "Ana Lind met Karel Dvořák in Lakeport on Monday." in page.inner_text("ol.path")
    wait_for_graph(page)
    assert page.evaluate("kgExplorer.nodes.length") == 4
    # a denied meeting is no connection: said plainly
    page.goto(explorer_url + "/?from=" + "https%3A%2F%2Fw3id.org%2Fkg-news%2Fid%2Fperson%2Fkarel_dvo%25C5%2599%25C3%25A1k"
              + "&to=https%3A%2F%2Fw3id.org%2Fkg-news%2Fid%2Fperson%2Flone_wolf")
    until(page, "() => (document.getElementById('connect-message')?.textContent || '').includes('not connected')")
    assert page.locator("ol.path").count() == 0
    assert seen["errors"] == [] and seen["dialogs"] == []
    page.close()


def test_explorer_hostile_names_show_as_text(browser, explorer_url):
    from test_explore import HOSTILE, SCRIPT

    page, seen = explorer_page(browser, explorer_url + "/")
    page.wait_for_selector("ul.results li")
    page.fill("#search", "img src")
    option = page.wait_for_selector("#suggestions li[role=option]")
    assert HOSTILE in option.inner_text()
    option.click()
    page.wait_for_selector("li.fact")
    assert heading(page) == HOSTILE
    assert page.inner_text("blockquote.evidence") == f'{HOSTILE} met {SCRIPT} at the "harbour" & talked.'
    assert SCRIPT in page.inner_text("ol.facts")
    wait_for_graph(page)
    assert HOSTILE in page.evaluate("kgExplorer.nodes.get().map(n => n.label)")
    click_node(page, SCRIPT)  # to the other one's page
    until(page, "t => document.title.startsWith(t)", SCRIPT)
    assert page.locator("img[src=x]").count() == 0 and page.locator("main script").count() == 0
    assert page.evaluate("window.__xss") is None and seen["dialogs"] == []
    assert seen["errors"] == []
    page.close()
