"""A page that stays readable (issue 12, items 8 and 9), measured in a real headless chromium.

Labels are drawn by the page's script on the canvas; ``kgViz.labels()`` lists the boxes it
drew.  The tests do not trust those boxes: each text is measured again with the canvas API
(``measureText`` on a fresh canvas, same font), the boxes are checked against each other
and against every drawn entity's disc (``canvasToDOM`` of its position, radius times the
zoom), and all of it against the canvas's rectangle on the page and the sidebar's.

Set ``KG_UPDATE_SCREENSHOT=1`` to refresh ``docs/img/viz-seed-1024.png`` and
``docs/img/viz-300-1024.png`` from this run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
VIEWPORTS = [(1024, 768), (1400, 900)]

_MEASURE = """() => {
    const net = window.kgViz.network;
    const canvas = document.querySelector('#kg-graph canvas').getBoundingClientRect();
    const side = document.querySelector('#kg-side').getBoundingClientRect();
    const scale = net.getScale();
    const ctx = document.createElement('canvas').getContext('2d');
    const labels = window.kgViz.labels().map(b => {
        ctx.font = b.font;
        return {kind: b.kind, id: b.id, text: b.text, x: b.x + canvas.left, y: b.y + canvas.top,
                w: b.w, h: b.h, measured: ctx.measureText(b.text).width};
    });
    const ids = window.kgViz.nodeView.getIds();
    const pos = net.getPositions(ids);
    const nodes = ids.map(id => {
        const p = net.canvasToDOM(pos[id]);
        const r = net.body.nodes[id].options.size * scale;
        return {id: id, x: p.x + canvas.left - r, y: p.y + canvas.top - r, w: 2 * r, h: 2 * r};
    });
    return {labels: labels, nodes: nodes, scale: scale,
            canvas: {x: canvas.left, y: canvas.top, w: canvas.width, h: canvas.height},
            side: {x: side.left, y: side.top, w: side.width, h: side.height}};
}"""


def _overlap(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
            and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])


def _inside(box: dict, area: dict) -> bool:
    return (box["x"] >= area["x"] and box["y"] >= area["y"] and box["x"] + box["w"] <= area["x"] + area["w"]
            and box["y"] + box["h"] <= area["y"] + area["h"])


def readability_problems(m: dict[str, Any]) -> list[str]:
    """Everything wrong with one measurement of the page: overlapping labels, labels on
    entities, boxes that do not hold their text, and entities or labels off the canvas."""
    labels, nodes, canvas, side = m["labels"], m["nodes"], m["canvas"], m["side"]
    out = []
    if canvas["x"] < side["x"] + side["w"] - 0.5:
        out.append(f"canvas starts at x={canvas['x']}, under the sidebar (ends at {side['x'] + side['w']})")
    for i, a in enumerate(labels):
        if abs(a["w"] - 4 - a["measured"]) > 1.0:
            out.append(f"label {a['text']!r}: box {a['w']:.1f} px wide, text measures {a['measured']:.1f}")
        if not _inside(a, canvas):
            out.append(f"label {a['text']!r} is not inside the canvas")
        out += [f"labels {a['text']!r} and {b['text']!r} overlap" for b in labels[i + 1:] if _overlap(a, b)]
        out += [f"label {a['text']!r} covers entity {n['id']}" for n in nodes if _overlap(a, n)]
    out += [f"entity {n['id']} is not inside the canvas" for n in nodes if not _inside(n, canvas)]
    return out


@pytest.fixture(scope="module")
def big_page(big_graph, tmp_path_factory) -> Path:
    from kg.viz import write_viz

    return write_viz(big_graph, tmp_path_factory.mktemp("viz300"), ["html"])["html"]


@pytest.fixture
def pages(seed_page, big_page) -> dict[str, Path]:
    return {"seed": seed_page, "300": big_page}


@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
@pytest.mark.parametrize("which", ["seed", "300"])
def test_readable_labels_never_overlap_and_nodes_fit(open_offline, pages, which, width, height, tmp_path):
    page, log = open_offline(pages[which], width=width, height=height)
    m = page.evaluate(_MEASURE)
    assert readability_problems(m) == []
    drawn = page.evaluate("window.kgViz.data.nodes.filter(n => !n.isolated).length")
    assert len(m["nodes"]) == drawn == (12 if which == "seed" else 300)
    node_labels = [b for b in m["labels"] if b["kind"] == "node"]
    link_labels = [b for b in m["labels"] if b["kind"] in ("link", "fan")]
    if which == "seed":  # room for every entity's name, and for some relations
        assert len(node_labels) == drawn and len(link_labels) >= 6
    else:  # the best-connected entities are named; the rest on hover and zoom
        assert len(node_labels) >= (40 if width == 1024 else 70)
        assert min(n["w"] for n in m["nodes"]) >= 4.0  # no speck: every disc >= 4 px across
    print(f"{which} {width}x{height}: {len(node_labels)} entity labels, {len(link_labels)} relation labels, "
          f"zoom {m['scale']:.2f}")
    assert log.problems() == []
    if width == 1024 and os.environ.get("KG_UPDATE_SCREENSHOT"):
        shot = tmp_path / "shot.png"
        page.screenshot(path=str(shot))
        dest = ROOT / "docs" / "img" / f"viz-{which}-1024.png"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, dest)


def test_readable_zoom_in_shows_more_labels(open_offline, pages):
    page, log = open_offline(pages["300"], width=1024, height=768)
    before = page.evaluate(_MEASURE)
    box = page.locator("#kg-graph canvas").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 3, box["y"] + box["height"] / 4)
    for _ in range(30):  # a real mouse wheel, notch by notch
        page.mouse.wheel(0, -200)
        page.wait_for_timeout(40)
        if page.evaluate("window.kgViz.network.getScale()") > 3 * before["scale"]:
            break
    page.wait_for_timeout(200)
    after = page.evaluate(_MEASURE)
    assert after["scale"] > 3 * before["scale"]
    # zoomed in, the entities left on the canvas get their names: labels keep their screen size
    on_canvas = [n for n in after["nodes"] if _inside(n, after["canvas"])]
    named = {b["id"] for b in after["labels"] if b["kind"] == "node"}
    share_before = sum(1 for b in before["labels"] if b["kind"] == "node") / len(before["nodes"])
    assert len(on_canvas) >= 10 and len(named) >= max(0.6, 2 * share_before) * len(on_canvas)
    problems = [p for p in readability_problems(after) if "not inside the canvas" not in p or "label" in p]
    assert problems == []
    assert log.problems() == []


def test_readable_hover_names_a_hidden_entity(open_offline, pages):
    page, log = open_offline(pages["300"], width=1024, height=768)
    m = page.evaluate(_MEASURE)
    named = {b["id"] for b in m["labels"] if b["kind"] == "node"}
    hidden = [n for n in m["nodes"] if n["id"] not in named and n["w"] >= 6]
    assert hidden, "at 1024 px some of the 300 names must wait for hover or zoom"
    target = hidden[0]
    page.mouse.move(target["x"] + target["w"] / 2, target["y"] + target["h"] / 2)
    for _ in range(50):  # (the page's CSP forbids eval, so no wait_for_function with a string)
        shown = "(id) => window.kgViz.labels().some(b => b.kind === 'node' && b.id === id)"
        if page.evaluate(shown, target["id"]):
            break
        page.wait_for_timeout(100)
    else:
        pytest.fail(f"hovering {target['id']} did not show its name")
    assert readability_problems(page.evaluate(_MEASURE)) == []  # the others make room for it
    assert log.problems() == []


@pytest.mark.parametrize("size", [(1400, 900), (1024, 768), (1200, 700)])
def test_readable_refits_when_the_window_changes(open_offline, pages, size):
    page, log = open_offline(pages["300"], width=1600, height=1000)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.wait_for_timeout(400)
    m = page.evaluate(_MEASURE)
    assert readability_problems(m) == []
    assert log.problems() == []


def _parallel_graph() -> Any:
    import networkx as nx

    g = nx.MultiDiGraph()
    for nid, label, type_ in (("jp", "Japan", "COUNTRY"), ("nv", "Nvidia", "ORG"), ("arm", "Arm", "ORG")):
        g.add_node(nid, label=label, type=type_, aliases="", mentions=2)
    for u, v, pred, label in (("jp", "nv", "worksWith", "works with"),
                              ("nv", "jp", "worksWith", "works with"),
                              ("jp", "nv", "meets", "meets"), ("jp", "arm", "worksWith", "works with")):
        g.add_edge(u, v, key=pred, predicate=pred, label=label, confidence=0.8, weight=1,
                   evidence=f"{g.nodes[u]['label']} {label} {g.nodes[v]['label']}.")
    return g


def test_readable_parallel_relations_are_one_link(open_offline, tmp_path):
    """Relations between the same two entities are drawn as one link labelled ``+N`` (or
    ``×N``); a real click on it lists each relation with its own evidence."""
    import kg.viz

    path = tmp_path / "graph.html"
    kg.viz.render(_parallel_graph(), path)
    page, log = open_offline(path, width=1024, height=768)
    assert page.evaluate("window.kgViz.network.body.edgeIndices.length") == 2  # 4 relations, 2 pairs
    texts = {b["text"] for b in page.evaluate("window.kgViz.labels()") if b["kind"] == "link"}
    assert texts == {"works with +2", "works with"}
    link = next(lk for lk in page.evaluate("window.kgViz.data.links") if len(lk["edges"]) == 3)
    assert link["arrows"] == "to, from"
    ends = page.evaluate("""(l) => {
        const net = window.kgViz.network;
        const r = document.querySelector('#kg-graph canvas').getBoundingClientRect();
        const p = net.getPositions([l.from, l.to]);
        return [l.from, l.to].map(id => {
            const q = net.canvasToDOM(p[id]);
            return [q.x + r.left, q.y + r.top];
        });
    }""", link)
    page.mouse.click((ends[0][0] + ends[1][0]) / 2, (ends[0][1] + ends[1][1]) / 2)
    details = page.locator("#kg-details")
    details.locator("h3").wait_for(timeout=5000)
    assert details.get_attribute("data-kind") == "edge" and details.get_attribute("data-id") == link["id"]
    assert "3 relations" in details.locator("h3").inner_text()
    blocks = details.locator(".kg-relation")
    assert blocks.count() == 3
    assert {blocks.nth(i).locator("blockquote").inner_text() for i in range(3)} == {
        "Japan works with Nvidia.", "Nvidia works with Japan.", "Japan meets Nvidia."}
    assert log.problems() == []


@pytest.mark.parametrize("width", [1024, 1400])
def test_readable_fans_are_summarised(open_offline, seed_page, width):
    """The seed's four "cooperates on" relations from each of Japan, the United States,
    Joe Biden and Fumio Kishida: one label per entity, "cooperates on ×4", not sixteen."""
    page, log = open_offline(seed_page, width=width, height=768 if width == 1024 else 900)
    labels = page.evaluate("window.kgViz.labels()")
    fan_texts = sorted(b["text"] for b in labels if b["kind"] == "fan")
    assert fan_texts.count("cooperates on ×4") >= 3
    assert not any(b["text"] == "cooperates on" for b in labels)
    fan = next(b for b in labels if b["kind"] == "fan" and b["text"] == "cooperates on ×4")
    canvas = page.locator("#kg-graph canvas").bounding_box()
    page.mouse.click(canvas["x"] + fan["x"] + fan["w"] / 2, canvas["y"] + fan["y"] + fan["h"] / 2)
    details = page.locator("#kg-details")
    assert details.get_attribute("data-kind") == "fan"
    assert details.locator(".kg-relation").count() == 4
    assert "cooperates on ×4" in details.locator("h3").inner_text()
    assert details.locator(".kg-relation blockquote.kg-evidence").count() >= 4
    assert log.problems() == []


def test_readable_isolated_entities_are_listed_not_drawn(open_offline, seed_page, viz_graph):
    page, log = open_offline(seed_page)
    g = viz_graph.to_networkx()
    alone = sorted(g.nodes[n]["label"] for n in g.nodes if g.degree(n) == 0)
    assert alone == ["economic prosperity", "national security"]
    assert sorted(page.locator("#kg-isolated li").all_inner_texts()) == alone
    assert page.inner_text("#kg-isolated-count") == "2"
    drawn = set(page.evaluate("window.kgViz.network.body.nodeIndices"))
    assert not drawn & {n for n in g.nodes if g.degree(n) == 0}
    page.locator("#kg-isolated button", has_text="national security").click()
    assert page.locator("#kg-details").get_attribute("data-id") == "concept/national_security"
    page.fill("#kg-search", "economic prosperity")
    page.press("#kg-search", "Enter")
    assert page.locator("#kg-details").get_attribute("data-id") == "concept/economic_prosperity"
    assert "has no relations" in page.inner_text("#kg-search-msg")
    assert log.problems() == []


def test_readable_relations_with_a_value_are_accounted_for(open_offline, seed_page, viz_graph):
    """Item 9: the build counts 29 relations, 27 are drawn; the page says so and lists the
    2 with a literal object in the entity details."""
    page, log = open_offline(seed_page)
    literal = [r for r in viz_graph.relations if r.object_is_literal]
    total, drawn = len(viz_graph.relations), viz_graph.to_networkx().number_of_edges()
    assert literal and total == drawn + len(literal)
    note = page.locator("#kg-relations-note")
    assert note.inner_text().startswith(
        f"{total} relations: {drawn} between two entities, drawn as arrows; {len(literal)} with a value")
    assert note.get_attribute("data-literal") == str(len(literal))
    r = literal[0]
    page.evaluate("(id) => window.kgViz.showNode(id)", r.subject)
    facts = page.locator("#kg-details li[data-field=fact]")
    assert facts.count() == sum(1 for x in literal if x.subject == r.subject)
    assert r.object in facts.first.inner_text()
    assert facts.first.locator("blockquote.kg-evidence").count() >= 1
    assert log.problems() == []


def test_readable_300_page_accounts_for_values(open_offline, pages, big_graph):
    page, log = open_offline(pages["300"], width=1024, height=768)
    literal = sum(1 for r in big_graph.relations if r.object_is_literal)
    note = page.locator("#kg-relations-note")
    assert note.get_attribute("data-total") == str(len(big_graph.relations))
    assert note.get_attribute("data-literal") == str(literal)
    assert page.inner_text("#kg-isolated-count") == "30"
    assert log.problems() == []
