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
    assert {e[0] for e in edges} == {"officialOf", "metWith", "represents"}
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    page.screenshot(path=str(ROOT / "docs" / "graph.png"))  # linked from the README
    page.close()


def test_clicking_an_edge_shows_its_sentence(browser, sample_page):
    page, _ = open_page(browser, sample_page)
    settle(page)
    point = page.evaluate("""() => {
        const net = window.kgNetwork;
        const edge = kgData.edges.get().find(e => e.fact.text.startsWith('Jean Minier officialOf'));
        const pos = net.getPositions([edge.from, edge.to]);
        const mid = {x: (pos[edge.from].x + pos[edge.to].x) / 2, y: (pos[edge.from].y + pos[edge.to].y) / 2};
        const dom = net.canvasToDOM(mid);
        const box = document.getElementById('graph').getBoundingClientRect();
        return {x: box.left + dom.x, y: box.top + dom.y};
    }""")
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

    payloads = ['Acme Corp chairman John <img src=x onerror="window.__xss=1"> Smith met Mary Jones.',
                'Globex Inc director Paul </script><script>window.__xss=2</script> Novak met "Rita" Lopez.',
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
    assert "the 5 most connected of 14 entities; 9 entities" in proc.stderr


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
