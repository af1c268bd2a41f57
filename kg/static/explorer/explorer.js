// The kg explorer: the start page of `kg serve`.
//
// One page, four views, each with its own address (read from and written to the query
// string with history.pushState, so the back button and bookmarks work):
//   ./                      the start page: a search box and the best documented entities
//   ?q=TEXT                 the entities named like TEXT (one match opens its page)
//   ?entity=IRI&...         an entity: its neighbourhood drawn as a graph, its facts
//                           (filters: relation, from, to, modality; paging: offset) and posts
//   ?from=IRI&to=IRI        how two entities are connected: the shortest paths and their facts
// Data comes from the JSON API under api/ (kg/explore.py). Every name and sentence is put
// on screen as text (textContent, createTextNode): never as HTML, so a name holding markup
// or a script shows as the characters it is and runs nothing.
"use strict";

(function () {
  const view = document.getElementById("view");
  const searchBox = document.getElementById("search");
  const suggestions = document.getElementById("suggestions");

  // The same colours and shapes as kg viz.
  const TYPE_STYLE = {
    Person: ["#4e79a7", "dot"], Organization: ["#f28e2b", "square"], Place: ["#59a14f", "triangle"],
    Event: ["#b07aa1", "diamond"], Group: ["#bab0ac", "ellipse"],
  };
  const RELATION_COLOURS = {officialOf: "#4e79a7", holdsOfficeIn: "#9c755f", metWith: "#e15759",
                            represents: "#76b7b2"};
  // How a fact reads from the entity's side: "out" when the entity is the subject.
  const WORDS = {
    "officialOf out": "is an official of", "officialOf in": "has as an official",
    "holdsOfficeIn out": "holds office in", "holdsOfficeIn in": "has as an office holder",
    "represents out": "represents", "represents in": "is represented by",
    "metWith both": "met with",
  };
  const RELATION_NAMES = {officialOf: "official of", holdsOfficeIn: "holds office in", metWith: "met with",
                          represents: "represents"};
  const MODALITY_HELP = {
    asserted: "stated as a fact", past: "a former post", future: "expected or planned",
    hedged: "reported with doubt (may, reportedly)", negated: "denied",
  };
  const PAGE_SIZE = 20;  // facts per page

  // ------------------------------------------------------------------ small helpers
  // el("a", {href: "...", className: "x"}, "text", child, ...): an element; strings become
  // text nodes. Properties are set as attributes, never as HTML.
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "className") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clean(params) {
    const out = {};
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined && value !== null && value !== "") out[key] = String(value);
    }
    return out;
  }

  // The address of a view: "?entity=...&relation=..." (or "./" for the start page).
  function address(params) {
    const query = new URLSearchParams(clean(params)).toString();
    return query ? "?" + query : "./";
  }

  // Go to a view: a new history entry (or replace the current one) and draw it.
  function go(params, replace) {
    const url = address(params);
    if (replace) history.replaceState(null, "", url); else history.pushState(null, "", url);
    render();
  }

  // A link to a view, followed inside the page (a plain link for new tabs and bookmarks).
  function link(text, params, props) {
    return el("a", Object.assign({
      href: address(params),
      onclick: (event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        go(params);
      },
    }, props || {}), text);
  }

  function entityLink(entity, props) {
    return link(entity.label, {entity: entity.iri}, Object.assign({title: entity.iri}, props || {}));
  }

  function badge(type) {
    return type ? el("span", {className: "badge type-" + type}, type) : null;
  }

  function plural(n, word, words) {
    return n + " " + (n === 1 ? word : (words || word + "s"));
  }

  // Ask the JSON API; an answer that is not OK becomes an Error with the server's message.
  async function api(name, params) {
    const response = await fetch("api/" + name + "?" + new URLSearchParams(clean(params || {})),
                                 {headers: {Accept: "application/json"}});
    let data;
    try {
      data = await response.json();
    } catch (e) {
      throw new Error("the server answered " + response.status + " without data");
    }
    if (!response.ok) throw new Error(data.error || "the server answered " + response.status);
    return data;
  }

  let drawing = 0;  // each render() takes a number; an older one that finishes late draws nothing
  function current(id) { return id === drawing; }

  function show(...children) {
    view.replaceChildren(...children.flat().filter(Boolean));
  }

  function showError(error) {
    show(el("h1", {}, "Something went wrong"), el("p", {className: "error", role: "alert"}, error.message),
         el("p", {}, link("Back to the start page", {})));
  }

  // ------------------------------------------------------------------ search as you type
  // picker(input, list, choose, enter): suggestions under an input while one types; arrow
  // keys move, Enter or a click chooses (choose(hit)); Enter with nothing chosen calls
  // enter(text).
  function picker(input, list, choose, enter) {
    let hits = [], selected = -1, asked = 0, timer = null;
    function close() {
      list.hidden = true;
      list.replaceChildren();
      input.setAttribute("aria-expanded", "false");
      selected = -1;
    }
    function mark() {
      Array.from(list.children).forEach((li, i) => li.setAttribute("aria-selected", String(i === selected)));
      if (selected >= 0) input.setAttribute("aria-activedescendant", input.id + "-option-" + selected);
      else input.removeAttribute("aria-activedescendant");
    }
    async function suggest() {
      const text = input.value.trim();
      const number = ++asked;
      if (!text) { close(); return; }
      let data;
      try {
        data = await api("search", {q: text, limit: 8});
      } catch (error) {
        data = {results: [], error: error.message};
      }
      if (number !== asked) return;  // a later keystroke asked again
      hits = data.results;
      selected = -1;
      list.replaceChildren();
      if (!hits.length) {
        list.append(el("li", {className: "hint"}, data.error || "No entity has a name starting like this."));
      }
      hits.forEach((hit, i) => {
        const li = el("li", {role: "option", id: input.id + "-option-" + i, "aria-selected": "false",
                             onmousedown: (event) => { event.preventDefault(); close(); choose(hit); }},
                      el("span", {}, hit.label), badge(hit.type),
                      el("span", {className: "muted"}, plural(hit.facts, "fact")),
                      hit.matched && hit.matched !== hit.label ? el("span", {className: "muted"}, "(" + hit.matched + ")") : null);
        list.append(li);
      });
      if (data.more) list.append(el("li", {className: "hint"}, "More match: press Enter to see them all."));
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(suggest, 120);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!hits.length) return;
        event.preventDefault();
        if (event.key === "ArrowDown") selected = (selected + 1) % hits.length;
        else selected = selected <= 0 ? hits.length - 1 : selected - 1;
        mark();
      } else if (event.key === "Enter") {
        event.preventDefault();
        clearTimeout(timer);
        const hit = selected >= 0 ? hits[selected] : null;
        close();
        if (hit) choose(hit); else if (enter && input.value.trim()) enter(input.value.trim());
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
    return {close};
  }

  const mainPicker = picker(searchBox, suggestions, (hit) => go({entity: hit.iri}), (text) => go({q: text}));
  document.getElementById("search-form").addEventListener("submit", (event) => event.preventDefault());

  // ------------------------------------------------------------------ the views
  async function render() {
    const id = ++drawing;
    const params = new URLSearchParams(location.search);
    mainPicker.close();
    try {
      if (params.has("from") || params.has("to")) await showConnect(id, params);
      else if (params.get("entity")) await showEntity(id, params);
      else if (params.get("q")) await showSearch(id, params.get("q"));
      else await showHome(id);
    } catch (error) {
      if (current(id)) showError(error);
    }
  }
  window.addEventListener("popstate", render);

  function resultList(hits) {
    return el("ul", {className: "results"}, hits.map((hit) => el("li", {},
      entityLink(hit), " ", badge(hit.type), " ",
      el("span", {className: "muted"}, plural(hit.facts, "fact")),
      hit.names.length ? el("div", {className: "names"}, "Also called: " + hit.names.slice(0, 6).join(" · ") +
                                                   (hit.names.length > 6 ? " …" : "")) : null)));
  }

  async function showHome(id) {
    document.title = "kg explorer";
    searchBox.value = "";
    const data = await api("search", {q: "", limit: 15});
    if (!current(id)) return;
    show(el("h1", {}, "Explore the knowledge graph"),
         el("p", {}, "The graph holds people, organizations, places and events named in news articles, and the " +
                     "facts the articles state about them: who is an official of what, who met whom, who " +
                     "represents what. Type a name in the box above to find an entity; its page shows every " +
                     "fact with the sentence it was read from."),
         el("p", {}, link("How are two entities connected?", {from: "", to: ""}),
            " finds the shortest chains of facts between two entities. To ask your own questions, use the ",
            el("a", {href: "sparql-editor"}, "SPARQL editor"), "."),
         el("h2", {}, "The entities the graph knows most about"),
         data.results.length ? resultList(data.results)
                             : el("p", {className: "muted"}, data.searched === "sparql"
                                 ? "Type a name above to search."
                                 : "The graph is empty: build it first with 'kg build'."));
  }

  async function showSearch(id, text) {
    document.title = "“" + text + "” – kg explorer";
    searchBox.value = text;
    const data = await api("search", {q: text, limit: 50});
    if (!current(id)) return;
    if (data.results.length === 1 && !data.more) {  // one match: its page, in place of the search
      go({entity: data.results[0].iri}, true);
      return;
    }
    show(el("h1", {}, "Entities named “", text, "”"),
         data.results.length
           ? el("p", {className: "muted"}, "Names starting with these letters, or with a word that does; the " +
                "entities with the most facts first." + (data.more ? " Only the first 50 are shown: type more " +
                "letters to narrow the search." : ""))
           : el("p", {}, "No entity has a name, or a word in its name, starting with “" + text + "”. Try fewer " +
                "letters, or another name."),
         resultList(data.results));
  }

  // ------------------------------------------------------------------ an entity's page
  async function showEntity(id, params) {
    const iri = params.get("entity");
    const filters = {relation: params.get("relation") || "", modality: params.get("modality") || "",
                     from: params.get("from_date") || "", to: params.get("to_date") || ""};
    const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
    const steps = params.get("steps") === "2" ? 2 : 1;
    const [entity, hood] = await Promise.all([
      api("entity", {iri: iri, relation: filters.relation, modality: filters.modality, from: filters.from,
                     to: filters.to, offset: offset, limit: PAGE_SIZE}),
      api("neighbours", {iri: iri, relation: filters.relation, steps: steps}),
    ]);
    if (!current(id)) return;
    document.title = entity.label + " – kg explorer";
    searchBox.value = "";
    const here = {entity: iri, relation: filters.relation, modality: filters.modality,
                  from_date: filters.from, to_date: filters.to};
    const summary = [plural(entity.facts, "fact") + " from " + plural(entity.documents, "document")];
    if (entity.dates.length) {
      summary.push(entity.dates[0] === entity.dates[1] ? "dated " + entity.dates[0]
                                                       : "dated " + entity.dates[0] + " to " + entity.dates[1]);
    }
    show(
      el("h1", {id: "entity-name"}, entity.label, " ", badge(entity.type)),
      entity.names.length ? el("p", {className: "also"}, "Also called: " + entity.names.join(" · ")) : null,
      el("p", {className: "muted"}, summary.join(", ") + ". ",
         link("How is " + entity.label + " connected to another entity?", {from: iri, to: ""}, {id: "connect-from"})),
      neighbourhoodSection(hood, here, steps),
      factsSection(entity, here, offset),
      postsSection(entity.posts));
    drawNeighbourhood(hood, iri);
  }

  function neighbourhoodSection(hood, here, steps) {
    const stepLinks = [1, 2].map((n) => n === steps
      ? el("span", {className: "current"}, plural(n, "step"))
      : link(plural(n, "step"), Object.assign({}, here, {steps: n}), {id: "steps-" + n}));
    const groups = el("div", {id: "groups"});
    if (!hood.groups.length) groups.append(el("p", {className: "muted"}, "No fact links this entity to another."));
    for (const group of hood.groups) groups.append(groupBlock(hood.entity, group));
    const legend = el("div", {className: "legend"},
      Object.keys(TYPE_STYLE).map((type) => el("span", {}, badge(type))),
      el("span", {}, "Dashed lines: facts only expected, hedged or denied. Click an entity to open it."));
    return [el("h2", {}, "Neighbourhood"),
            el("div", {className: "controls"}, "Show ", stepLinks[0], stepLinks[1], " away",
               hood.note ? el("span", {className: "muted"}, hood.note) : null),
            el("div", {className: "neighbourhood"}, el("div", {id: "graph", role: "img",
                                                              "aria-label": "The entity's neighbours as a graph"}),
               groups),
            legend];
  }

  // One relation's neighbours, with a button that fetches the next page (at most 50 each).
  function groupBlock(centre, group) {
    const list = el("ul", {}, group.neighbours.map(neighbourItem));
    const block = el("section", {className: "group", "data-relation": group.relation,
                                 "data-direction": group.direction},
                     el("h3", {}, el("span", {className: "rel rel-" + group.relation}, group.label),
                        " (" + group.total + ")"), list);
    let shown = group.offset + group.neighbours.length;
    if (group.more) {
      const more = el("button", {type: "button", className: "linklike more"}, "Show " +
                      Math.min(group.limit, group.total - shown) + " more of " + group.total);
      more.addEventListener("click", async () => {
        more.disabled = true;
        try {
          const page = await api("neighbours", {iri: centre.iri, relation: group.relation,
                                                direction: group.direction, offset: shown, limit: group.limit});
          const next = page.groups[0];
          for (const n of next.neighbours) list.append(neighbourItem(n));
          shown += next.neighbours.length;
          addToGraph(page);
          if (next.more) {
            more.disabled = false;
            more.textContent = "Show " + Math.min(group.limit, group.total - shown) + " more of " + group.total;
          } else {
            more.remove();
          }
        } catch (error) {
          more.replaceWith(el("span", {className: "error"}, error.message));
        }
      });
      block.append(more);
    }
    return block;
  }

  function neighbourItem(n) {
    return el("li", {}, entityLink(n, {className: "neighbour"}), " ", badge(n.type),
              n.facts > 1 ? el("span", {className: "muted"}, " " + plural(n.facts, "fact")) : null);
  }

  // ------------------------------------------------------------------ drawing (vis-network)
  let graph = null;  // {network, nodes, edges} of the drawing on screen

  function nodeFor(n) {
    const [colour, shape] = TYPE_STYLE[n.type] || ["#999999", "dot"];
    const tip = el("div", {}, el("strong", {}, n.label), el("br"), n.type || "");  // text, never HTML
    const label = n.label.length > 42 ? n.label.slice(0, 40) + "…" : n.label;
    return {id: n.iri, label: label, name: n.label, title: tip, shape: shape,
            color: {background: colour, border: "#444444"},
            size: n.step === 0 ? 24 : n.step === 1 ? 14 : 9,
            font: {size: n.step === 2 ? 10 : 13, color: "#222222"}, step: n.step, type: n.type};
  }

  function edgeFor(e) {
    const tip = el("div", {}, (RELATION_NAMES[e.relation] || e.relation) + " · " + plural(e.facts, "fact") +
                   " · " + e.modalities.join(", "));
    return {id: e.from + " " + e.relation + " " + e.to, from: e.from, to: e.to, label: e.relation,
            title: tip, arrows: e.relation === "metWith" ? "" : "to", dashes: !e.stated,
            color: {color: RELATION_COLOURS[e.relation] || "#999999"}, font: {size: 10, align: "middle"},
            relation: e.relation};
  }

  function drawNeighbourhood(hood, centre) {
    const container = document.getElementById("graph");
    if (!container) return;
    if (typeof vis === "undefined") {
      container.append(el("p", {className: "error"}, "The drawing library did not load."));
      return;
    }
    const nodes = new vis.DataSet(hood.nodes.map(nodeFor));
    const edges = new vis.DataSet(hood.edges.map(edgeFor));
    const network = new vis.Network(container, {nodes: nodes, edges: edges}, {
      interaction: {hover: true, tooltipDelay: 150},
      physics: {stabilization: {iterations: 150}, barnesHut: {springLength: 140}},
      edges: {smooth: {type: "dynamic"}},
      layout: {improvedLayout: hood.nodes.length <= 100},
    });
    graph = {network: network, nodes: nodes, edges: edges, centre: centre, stable: false};
    window.kgExplorer = graph;  // for tests and the browser console
    const settle = () => {
      if (graph.network !== network || graph.stable) return;
      network.setOptions({physics: false});  // nodes stay where they are: easier to click
      network.fit({maxZoomLevel: 1.3});
      graph.stable = true;
    };
    network.once("stabilizationIterationsDone", settle);
    setTimeout(settle, 5000);  // a layout that takes long is stopped where it is
    network.on("click", (event) => {
      if (event.nodes.length && event.nodes[0] !== centre) go({entity: event.nodes[0]});
    });
  }

  function addToGraph(page) {
    if (!graph) return;
    graph.nodes.update(page.nodes.filter((n) => !graph.nodes.get(n.iri)).map(nodeFor));
    graph.edges.update(page.edges.map(edgeFor));
    // let the new nodes find their place, then hold everything still again
    const network = graph.network;
    network.setOptions({physics: true});
    network.once("stabilizationIterationsDone", () => network.setOptions({physics: false}));
    network.stabilize(100);
  }

  // ------------------------------------------------------------------ facts and posts
  function factsSection(entity, here, offset) {
    const f = entity.filters;
    const relation = el("select", {name: "relation", id: "filter-relation"},
      el("option", {value: ""}, "all relations"),
      Object.entries(entity.relations).map(([r, n]) =>
        el("option", {value: r, selected: r === f.relation}, (RELATION_NAMES[r] || r) + " (" + n + ")")));
    const modality = el("select", {name: "modality", id: "filter-modality"},
      el("option", {value: ""}, "any"),
      Object.entries(entity.modalities).map(([m, n]) =>
        el("option", {value: m, selected: m === f.modality}, m + " (" + n + ")")));
    const from = el("input", {type: "date", name: "from", id: "filter-from", value: f.from || ""});
    const to = el("input", {type: "date", name: "to", id: "filter-to", value: f.to || ""});
    const form = el("form", {className: "filters", id: "filters"},
      el("label", {}, "Relation", relation),
      el("label", {title: "how the article states the fact"}, "Stated as", modality),
      el("label", {title: "facts dated (by the meeting, else by the article) from this day"}, "From", from),
      el("label", {title: "facts dated up to this day"}, "To", to),
      el("button", {type: "submit", id: "filter-apply"}, "Apply"),
      el("button", {type: "button", id: "filter-clear", onclick: () => go({entity: entity.iri})}, "Show all"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      go({entity: entity.iri, relation: relation.value, modality: modality.value, from_date: from.value,
          to_date: to.value});
    });
    const page = entity.page;
    const filtered = f.relation || f.modality || f.from || f.to;
    const heading = page.total === entity.facts ? plural(entity.facts, "fact")
                                                : page.total + " of " + plural(entity.facts, "fact");
    const out = [el("h2", {}, "Facts (" + heading + ")"), form];
    if (!page.items.length) {
      out.push(el("p", {className: "muted"}, filtered ? "No fact matches these filters."
                                                      : "The articles state no fact about this entity."));
      return out;
    }
    out.push(el("p", {className: "muted"}, "In date order: a meeting's date when the article gives one, " +
                                           "else the article's date. Each fact with the sentence it was read from."));
    out.push(el("ol", {className: "facts", start: page.offset + 1}, page.items.map(factItem)));
    if (page.total > page.limit) {
      const pager = el("div", {className: "pager"});
      if (page.offset > 0) {
        pager.append(link("← Earlier facts", Object.assign({}, here, {offset: Math.max(0, page.offset - page.limit)}),
                          {id: "facts-previous"}));
      }
      pager.append(el("span", {className: "muted"}, (page.offset + 1) + "–" +
                      Math.min(page.offset + page.limit, page.total) + " of " + page.total));
      if (page.offset + page.limit < page.total) {
        pager.append(link("Later facts →", Object.assign({}, here, {offset: page.offset + page.limit}),
                          {id: "facts-next"}));
      }
      out.push(pager);
    }
    return out;
  }

  function factItem(f) {
    const words = WORDS[f.relation + " " + f.direction] || f.relation;
    const details = [];
    if (f.role) details.push("as " + f.role);
    if (f.place) details.push("in " + f.place.label);
    if (f.occasion) details.push("at " + f.occasion);
    const meta = [];
    if (f.confidence !== null && f.confidence !== undefined) meta.push("confidence " + f.confidence.toFixed(2));
    if (f.extractor) meta.push("read by " + f.extractor);
    if (f.attributedTo) meta.push("according to " + f.attributedTo);
    if (f.dateSource && f.dateSource !== "publication") meta.push("date " + f.dateSource);
    return el("li", {className: "fact", "data-relation": f.relation, "data-modality": f.modality,
                     "data-date": f.date},
      el("div", {className: "head"},
         el("span", {className: "date"}, f.date || "undated"),
         el("span", {className: "rel rel-" + f.relation}, words),
         entityLink(f.other), badge(f.other.type),
         details.length ? el("span", {}, details.join(", ")) : null,
         el("span", {className: "modality modality-" + f.modality, title: MODALITY_HELP[f.modality] || ""},
            f.modality)),
      el("blockquote", {className: "evidence"}, f.evidence),
      el("div", {className: "document"}, "From ", documentText(f.document),
         f.alsoIn.length ? el("span", {}, "; also in " + f.alsoIn.map((d) => d.id).join(", ")) : null),
      meta.length ? el("div", {className: "meta"}, meta.join(" · ")) : null);
  }

  function documentText(doc) {
    const name = doc.title ? doc.title + " (" + doc.id + ")" : doc.id;
    const text = name + (doc.date ? ", " + doc.date : "");
    // a web address only when it is one (http or https): never a javascript: link
    if (doc.url && /^https?:\/\//i.test(doc.url)) {
      return el("a", {href: doc.url, rel: "noopener noreferrer nofollow", target: "_blank"}, text);
    }
    return el("span", {className: "doc-id"}, text);
  }

  function postsSection(posts) {
    if (!posts.length) return null;
    return [el("h2", {}, "Posts held"),
            el("p", {className: "muted"}, "The posts the articles name this entity in, with the first and last " +
                                          "article dates that do."),
            el("table", {className: "posts"},
               el("tr", {}, ["Post", "In", "As written", "First seen", "Last seen", "Articles"].map((h) => el("th", {}, h))),
               posts.map((p) => el("tr", {},
                 el("td", {}, p.post),
                 el("td", {}, p.organization ? entityLink(p.organization) : ""),
                 el("td", {}, p.roles.join(", ")),
                 el("td", {}, p.first), el("td", {}, p.last),
                 el("td", {title: p.documents.join(", ")}, String(p.articles) +
                    (p.modalities.some((m) => m !== "asserted") ? " (" + p.modalities.join(", ") + ")" : "")))))];
  }

  // ------------------------------------------------------------------ how two entities are connected
  async function showConnect(id, params) {
    const fromIri = params.get("from") || "", toIri = params.get("to") || "";
    document.title = "Connections – kg explorer";
    searchBox.value = "";
    const [from, to] = await Promise.all([fromIri ? api("entity", {iri: fromIri, brief: 1}) : null,
                                          toIri ? api("entity", {iri: toIri, brief: 1}) : null]);
    if (!current(id)) return;
    const pickA = connectPicker("connect-from-input", "From", from);
    const pickB = connectPicker("connect-to-input", "To", to);
    const form = el("form", {className: "connect-form", id: "connect-form"}, pickA.box, pickB.box,
                    el("button", {type: "submit", id: "connect-go"}, "Find the connection"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (pickA.iri() && pickB.iri()) go({from: pickA.iri(), to: pickB.iri()});
      else status.textContent = "Choose both entities from the suggestions first.";
    });
    const status = el("p", {id: "connect-message", className: "muted"},
                      "Type a name in each box and choose it from the list.");
    const parts = [el("h1", {}, "How are two entities connected?"),
                   el("p", {}, "The shortest chains of facts between two entities (up to four facts long; " +
                               "denied facts do not count), with the sentences they come from."),
                   form, status];
    show(parts);
    if (!from || !to) return;
    status.textContent = "Looking for the shortest paths…";
    const answer = await api("connect", {from: fromIri, to: toIri});
    if (!current(id)) return;
    status.textContent = answer.message;
    status.className = answer.found ? "" : "note";
    if (!answer.found) return;
    const names = {};
    for (const n of answer.nodes) names[n.iri] = n;
    const facts = {};
    for (const l of answer.links) facts[[l.from, l.to].sort().join(" ")] = l.facts;
    view.append(el("div", {className: "neighbourhood"}, el("div", {id: "graph"})));
    answer.paths.forEach((path, i) => {
      const steps = el("ol", {className: "path"});
      path.forEach((iri, k) => {
        const item = el("li", {}, entityLink(names[iri]), " ", badge(names[iri].type));
        if (k + 1 < path.length) {
          const between = facts[[iri, path[k + 1]].sort().join(" ")] || [];
          item.append(el("div", {className: "step-facts"}, between.map((f) => el("div", {className: "fact"},
            el("span", {className: "rel rel-" + f.relation},
               names[f.subject].label + " " + (RELATION_NAMES[f.relation] || f.relation) + " " + names[f.object].label),
            " ", el("span", {className: "modality modality-" + f.modality}, f.modality),
            el("blockquote", {className: "evidence"}, f.evidence),
            el("div", {className: "document"}, "From ", documentText(f.document))))));
        }
        steps.append(item);
      });
      view.append(el("h2", {}, "Path " + (i + 1)), steps);
    });
    const edges = [];
    for (const l of answer.links) {
      const seen = new Set();
      for (const f of l.facts) {
        const key = f.subject + " " + f.relation + " " + f.object;
        if (seen.has(key)) continue;
        seen.add(key);
        edges.push({from: f.subject, to: f.object, relation: f.relation, facts: 1,
                    stated: f.modality === "asserted" || f.modality === "past", modalities: [f.modality]});
      }
    }
    const ends = new Set([fromIri, toIri]);
    drawNeighbourhood({nodes: answer.nodes.map((n) => Object.assign({step: ends.has(n.iri) ? 0 : 1}, n)),
                       edges: edges}, null);
  }

  // A search box that remembers the entity chosen from its suggestions.
  function connectPicker(id, title, chosen) {
    const input = el("input", {type: "search", id: id, placeholder: "a name…", autocomplete: "off",
                               "aria-autocomplete": "list", "aria-controls": id + "-list", "aria-expanded": "false"});
    const list = el("ul", {className: "suggestions", role: "listbox", id: id + "-list", hidden: true});
    let iri = chosen ? chosen.iri : "";
    if (chosen) input.value = chosen.label;
    input.addEventListener("input", () => { iri = ""; });
    picker(input, list, (hit) => { iri = hit.iri; input.value = hit.label; input.dataset.iri = hit.iri; });
    if (chosen) input.dataset.iri = chosen.iri;
    const box = el("div", {className: "picker"}, el("label", {for: id}, title), input, list);
    return {box: box, iri: () => iri};
  }

  render();
})();
