"""kg.viz renderers: the self-contained page, PNG and SVG, and the renderer registry."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET

import pytest

import kg.viz
from kg.errors import UnknownNameError
from kg.registry import renderers


def _data_block(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert m is not None
    return json.loads(m.group(1))


def test_render_registry_has_the_formats():
    assert {"html", "png", "svg"} <= set(renderers.get_all())


def test_render_html_is_self_contained(viz_graph):
    page = kg.viz.render(viz_graph)
    assert isinstance(page, str) and page.startswith("<!DOCTYPE html>")
    # no external resource: no src=/href= attributes and no CDN link at all
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", page, re.I)
    assert "cdnjs" not in page and "unpkg" not in page
    assert "default-src 'none'" in page  # the browser itself refuses any request
    assert "vis-network" in page and "kgViz" in page
    data = _data_block(page)
    assert len(data["nodes"]) == len(viz_graph.entities)


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "<!-- x", "</style>"])
def test_render_html_text_cannot_break_out(text):
    import networkx as nx

    g = nx.MultiDiGraph()
    g.add_node("a", label=text, type="ORG", aliases=text, mentions=1)
    page = kg.viz.render(g, title=text)
    assert page.count("</script>") == 3  # data, vis-network, page script: nothing injected
    assert _data_block(page)["nodes"][0]["label"] == text


def test_render_png_and_svg(viz_graph, tmp_path):
    png = kg.viz.render(viz_graph, format="png")
    assert isinstance(png, bytes) and png.startswith(b"\x89PNG\r\n\x1a\n")
    svg = kg.viz.render(viz_graph, format="svg")
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.tag.endswith("svg")
    # labels are real text (matplotlib writes glyphs as paths; the label goes into a comment)
    for name in ("Japan", "Nvidia", "works with"):
        assert name in svg
    buf = io.BytesIO()
    kg.viz.render(viz_graph, buf, format="png")
    assert buf.getvalue()[:4] == b"\x89PNG"


def test_render_write_viz_files(viz_graph, tmp_path):
    paths = kg.viz.write_viz(viz_graph, tmp_path / "out", ["html", "png", "svg"], max_nodes=5)
    assert {p.name for p in paths.values()} == {"graph.html", "graph.png", "graph.svg"}
    assert all(p.stat().st_size > 1000 for p in paths.values())
    data = _data_block(paths["html"].read_text(encoding="utf-8"))
    assert len(data["nodes"]) == 5 and data["meta"]["truncated"] is True
    assert not list((tmp_path / "out").glob(".*.tmp"))


def test_render_unknown_format_lists_choices(viz_graph):
    with pytest.raises(UnknownNameError, match="Available names: html, png, svg"):
        kg.viz.render(viz_graph, format="gif")


def test_render_show_is_an_iframe(viz_graph):
    html = kg.viz.show(viz_graph, height=500)._repr_html_()
    assert html.startswith("<iframe srcdoc=") and "height:500px" in html
    assert "<script" not in html  # escaped into the attribute
