"""The seed graph's page in a real headless chromium with the network cut off.

Set ``KG_UPDATE_SCREENSHOT=1`` to also refresh ``docs/img/seed-graph.png`` from this run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def _node_point(page, node_id: str) -> tuple[float, float]:
    """Where node ``node_id`` is drawn, in page coordinates (vis-network draws on a canvas)."""
    return tuple(page.evaluate(
        """(id) => {
            const net = window.kgViz.network;
            const p = net.canvasToDOM(net.getPositions([id])[id]);
            const r = document.querySelector('#kg-graph canvas').getBoundingClientRect();
            return [p.x + r.left, p.y + r.top];
        }""", node_id))


def test_page_offline_renders_every_node(open_offline, seed_page, viz_graph, tmp_path):
    page, log = open_offline(seed_page)
    page.wait_for_timeout(300)
    assert log.problems() == []
    g = viz_graph.to_networkx()
    linked = {n for n in g.nodes if g.degree(n)}
    pairs = {frozenset((u, v)) for u, v in g.edges()}
    # entities with relations are drawn, the others listed; one drawn link per pair of entities
    rendered = page.evaluate("window.kgViz.network.body.nodeIndices.length")
    assert rendered == len(linked) and g.number_of_nodes() == len(viz_graph.entities)
    assert page.evaluate("window.kgViz.network.body.edgeIndices.length") == len(pairs) <= g.number_of_edges()
    status = page.locator("#kg-status")
    assert status.get_attribute("data-nodes") == str(g.number_of_nodes())
    assert status.get_attribute("data-edges") == str(g.number_of_edges())
    assert f"Showing {g.number_of_nodes()} of {g.number_of_nodes()} entities" in status.inner_text()
    # the legend lists every type with its colour swatch
    legend = page.locator("#kg-legend li").all_inner_texts()
    assert {t.split()[0] for t in legend} == {e.type for e in viz_graph.entities}
    # the canvas is not blank: it has more than a handful of distinct colours
    shot = tmp_path / "seed-graph.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000
    if os.environ.get("KG_UPDATE_SCREENSHOT"):
        dest = ROOT / "docs" / "img" / "seed-graph.png"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, dest)


def test_page_click_node_shows_details(open_offline, seed_page, viz_graph):
    page, log = open_offline(seed_page)
    ai = next(e for e in viz_graph.entities if e.name == "artificial intelligence")
    mentions = viz_graph.to_networkx().nodes[ai.id]["mentions"]
    page.mouse.click(*_node_point(page, ai.id))
    details = page.locator("#kg-details")
    details.locator("h3").wait_for(timeout=5000)
    assert details.get_attribute("data-id") == ai.id
    assert "artificial intelligence" in details.locator("h3").inner_text()
    assert details.locator("[data-field=aliases]").inner_text() == "AI"
    assert details.locator("[data-field=mentions]").inner_text() == str(mentions)
    assert log.problems() == []


def test_page_hover_node_shows_tooltip(open_offline, seed_page, viz_graph):
    page, log = open_offline(seed_page)
    us = next(e for e in viz_graph.entities if e.name == "United States")
    page.mouse.move(*_node_point(page, us.id))
    tip = page.locator("div.vis-tooltip")
    tip.wait_for(state="visible", timeout=5000)
    text = tip.inner_text()
    assert "United States" in text and "aliases: US" in text and "mentions: " in text
    assert log.problems() == []


def test_page_click_edge_shows_evidence(open_offline, seed_page, viz_graph):
    page, log = open_offline(seed_page)
    # a relation that is the only one between its two entities is drawn straight: click its middle
    a = _node_point(page, "country/United_States")
    b = _node_point(page, "country/China")
    page.mouse.click((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    details = page.locator("#kg-details")
    details.locator("blockquote").first.wait_for(timeout=5000)
    assert details.get_attribute("data-kind") == "edge"
    assert "restricts" in details.locator("h3").inner_text()
    evidence = details.locator("blockquote.kg-evidence").all_inner_texts()
    assert any("curb China" in s for s in evidence)
    assert log.problems() == []


def test_page_search_and_filters(open_offline, seed_page, viz_graph):
    page, log = open_offline(seed_page)
    page.fill("#kg-search", "nvid")
    page.press("#kg-search", "Enter")
    assert page.locator("#kg-details").get_attribute("data-id") == "org/Nvidia"
    assert page.evaluate("window.kgViz.network.getSelectedNodes()") == ["org/Nvidia"]
    page.fill("#kg-search", "AI")  # an alias
    page.press("#kg-search", "Enter")
    assert page.locator("#kg-details").get_attribute("data-id") == "concept/artificial_intelligence"

    g = viz_graph.to_networkx()
    drawn = [e for e in viz_graph.entities if g.degree(e.id)]
    n_concepts = sum(e.type == "CONCEPT" for e in drawn)
    page.locator("#kg-legend input[data-type=CONCEPT]").uncheck()
    rendered = page.evaluate("window.kgViz.network.body.nodeIndices.length")
    assert rendered == len(drawn) - n_concepts
    assert page.locator("#kg-isolated li").count() == 0  # the listed entities are concepts too
    page.locator("#kg-legend input[data-type=CONCEPT]").check()
    assert page.evaluate("window.kgViz.network.body.nodeIndices.length") == len(drawn)

    strong = [(u, v) for u, v, d in g.edges(data=True) if d["confidence"] >= 0.7]
    page.locator("#kg-confidence").fill("0.7")
    assert page.locator("#kg-status").get_attribute("data-edges") == str(len(strong))
    links = page.evaluate("window.kgViz.network.body.edgeIndices.length")
    assert links == len({frozenset(p) for p in strong})
    assert page.inner_text("#kg-confidence-value") == "0.70"

    page.fill("#kg-search", "no such entity")
    page.press("#kg-search", "Enter")
    assert "No shown entity matches" in page.inner_text("#kg-search-msg")
    assert log.problems() == []


def test_page_blocks_network_requests(open_offline, tmp_path):
    """The harness itself: a page that asks the network is caught."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><p id="kg-status" data-ready="1"></p>'
                   '<img src="https://example.org/x.png">', encoding="utf-8")
    page, log = open_offline(bad)
    page.wait_for_timeout(200)
    assert any("example.org" in u for u in log.blocked + log.failed)
