"""kg.viz.layout: networkx graph -> plain dicts (no browser, no matplotlib)."""

from __future__ import annotations

import json
import math
import time

import networkx as nx
import pytest

from kg.viz.layout import (
    TYPE_COLORS,
    bundle,
    evidence_index,
    fans,
    layout_graph,
    link_label,
    pack,
    select_nodes,
)


def _star(n_leaves: int) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("hub", label="Hub", type="ORG", aliases="H|The Hub", mentions=9)
    for i in range(n_leaves):
        g.add_node(f"n{i}", label=f"Leaf {i}", type="PERSON" if i % 2 else "MINERAL", aliases="", mentions=1)
        g.add_edge("hub", f"n{i}", key="worksWith", predicate="worksWith", label="works with",
                   confidence=0.3 + 0.1 * (i % 5), weight=1, evidence=f"Hub works with Leaf {i}.")
    g.add_node("alone", label="Alone", type="ORG", aliases="", mentions=2)
    return g


def test_layout_seed_graph_matches_networkx(viz_graph):
    g = viz_graph.to_networkx()
    data = layout_graph(g, evidence=evidence_index(viz_graph.resolution))
    assert {n["id"] for n in data["nodes"]} == set(g.nodes)
    assert len(data["edges"]) == g.number_of_edges()
    japan = next(n for n in data["nodes"] if n["label"] == "Japan")
    assert japan["color"] == TYPE_COLORS["COUNTRY"]
    assert japan["mentions"] == g.nodes["country/Japan"]["mentions"]
    ai = next(n for n in data["nodes"] if n["label"] == "artificial intelligence")
    assert ai["aliases"] == ["AI"]
    nvidia = next(e for e in data["edges"] if e["to"] == "org/Nvidia" and e["from"] == "country/Japan")
    assert nvidia["label"] == "works with"
    assert any("Nvidia" in s for s in nvidia["evidence"])
    json.dumps(data)  # plain data only


def test_layout_all_evidence_sentences_kept(viz_graph):
    """The networkx edge keeps one sentence; the page shows every one."""
    data = layout_graph(viz_graph.to_networkx(), evidence=evidence_index(viz_graph.resolution))
    multi = [e for e in data["edges"] if e["weight"] > 1]
    assert multi, "the seed graph has relations with several evidence sentences"
    assert any(len(e["evidence"]) > 1 for e in multi)


@pytest.mark.parametrize(("max_nodes", "expected"), [(3, 3), (None, 12), (0, 12), (100, 12)])
def test_layout_max_nodes_keeps_top_degree(max_nodes, expected):
    g = _star(10)
    data = layout_graph(g, max_nodes=max_nodes)
    assert len(data["nodes"]) == expected
    assert data["nodes"][0]["id"] == "hub"
    assert data["meta"]["truncated"] is (expected < 12)
    kept = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in kept and e["to"] in kept for e in data["edges"])


def test_layout_select_nodes_rejects_negative():
    with pytest.raises(ValueError, match="-1"):
        select_nodes(_star(1), -1)


def test_layout_min_confidence_drops_edges():
    g = _star(10)
    data = layout_graph(g, min_confidence=0.55)
    assert data["edges"] and all(e["confidence"] >= 0.55 for e in data["edges"])
    assert len(data["edges"]) < 10


def test_layout_sizes_legend_and_colours():
    data = layout_graph(_star(4))
    sizes = {n["id"]: n["size"] for n in data["nodes"]}
    assert sizes["hub"] > sizes["alone"] > sizes["n0"]
    legend = {item["type"]: item for item in data["legend"]}
    assert legend["ORG"]["count"] == 2 and legend["PERSON"]["count"] == 2
    assert legend["MINERAL"]["color"] not in TYPE_COLORS.values()  # unknown types get their own colour
    hub = next(n for n in data["nodes"] if n["id"] == "hub")
    assert hub["aliases"] == ["H", "The Hub"]


def test_layout_is_deterministic_and_separates_isolates():
    a, b = layout_graph(_star(6)), layout_graph(_star(6))
    assert a == b
    pos = {n["id"]: (n["x"], n["y"]) for n in a["nodes"]}
    assert pos["alone"][1] > max(y for k, (_, y) in pos.items() if k != "alone")  # a row underneath


def test_layout_parallel_edges_bend_apart():
    g = nx.MultiDiGraph()
    for n in "ab":
        g.add_node(n, label=n, type="ORG", aliases="", mentions=1)
    g.add_edge("a", "b", key="p", predicate="p", label="p", confidence=1.0)
    g.add_edge("a", "b", key="q", predicate="q", label="q", confidence=1.0)
    g.add_edge("b", "a", key="r", predicate="r", label="r", confidence=1.0)
    curves = [e["curve"] for e in layout_graph(g)["edges"]]
    assert len(set(curves)) == 3


def test_layout_large_graph_uses_spiral_quickly():
    g = nx.gnm_random_graph(3000, 4000, seed=1, directed=True)
    nx.set_node_attributes(g, "THING", "type")
    data = layout_graph(nx.MultiDiGraph(g), max_nodes=0)
    assert len(data["nodes"]) == 3000
    assert data["nodes"][0]["label"] == str(data["nodes"][0]["id"])  # no label attribute: the id


def _discs(data: dict) -> list[tuple[float, float, float, str]]:
    return [(n["x"], n["y"], n["size"], n["id"]) for n in data["nodes"] if not n["isolated"]]


@pytest.mark.parametrize("which", ["seed", "300"])
def test_layout_groups_get_room(which, viz_graph, big_graph):
    """No two drawn entities overlap, and each connected group is packed in its own box."""
    import kg.viz

    graph = viz_graph if which == "seed" else big_graph
    data = kg.viz.layout(graph)
    discs = _discs(data)
    for i, (x1, y1, r1, a) in enumerate(discs):
        for x2, y2, r2, b in discs[i + 1:]:
            assert math.dist((x1, y1), (x2, y2)) >= r1 + r2, (a, b)
    g = graph.to_networkx()
    groups = [c for c in nx.weakly_connected_components(g) if len(c) > 1]
    pos = {n["id"]: (n["x"], n["y"], n["size"]) for n in data["nodes"]}
    boxes = [(min(pos[n][0] - pos[n][2] for n in c), min(pos[n][1] - pos[n][2] for n in c),
              max(pos[n][0] + pos[n][2] for n in c), max(pos[n][1] + pos[n][2] for n in c)) for c in groups]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    isolated = {n["id"] for n in data["nodes"] if n["isolated"]}
    assert isolated == {n for n in g.nodes if g.degree(n) == 0}
    assert data["meta"]["isolated_nodes"] == len(isolated)


def test_layout_300_entities_quickly(big_graph):
    import kg.viz

    start = time.perf_counter()
    data = kg.viz.layout(big_graph)
    seconds = time.perf_counter() - start
    assert sum(not n["isolated"] for n in data["nodes"]) == 300
    assert seconds < 5.0, f"layout of 330 entities took {seconds:.2f} s"


def test_layout_bundles_and_fans_of_the_seed(viz_graph):
    import kg.viz

    data = kg.viz.layout(viz_graph)
    g = viz_graph.to_networkx()
    assert len(data["links"]) == len({frozenset(e) for e in g.edges()})
    assert sorted(e for lk in data["links"] for e in lk["edges"]) == sorted(e["id"] for e in data["edges"])
    fans = {(f["node"], f["text"]) for f in data["fans"]}
    for hub in ("country/Japan", "country/United_States", "person/Joe_Biden", "person/Fumio_Kishida"):
        assert (hub, "cooperates on ×4") in fans
    in_fans = [lk for f in data["fans"] for lk in f["links"]]
    assert len(in_fans) == len(set(in_fans))  # a link is in one fan at most


def test_layout_bundle_and_label_rules():
    edges = [{"id": "e0", "from": "a", "to": "b", "label": "p", "confidence": 0.2},
             {"id": "e1", "from": "b", "to": "a", "label": "q", "confidence": 0.4},
             {"id": "e2", "from": "a", "to": "c", "label": "p", "confidence": 0.9}]
    links = bundle(edges)
    assert [(lk["edges"], lk["label"], lk["arrows"]) for lk in links] == [
        (["e0", "e1"], "p +1", "to, from"), (["e2"], "p", "to")]
    assert link_label([]) == "" and link_label(["p", "p", "p"]) == "p ×3"
    assert fans(links, edges, min_size=2) == []  # the a-b link has two relations: no fan


def test_layout_pack_never_overlaps():
    boxes = sorted(((37.0 * (i % 5) + 20, 23.0 * (i % 7) + 15) for i in range(40)),
                   key=lambda b: -b[0] * b[1])
    corners = pack(boxes, gap=10)
    rects = [(x, y, x + w, y + h) for (x, y), (w, h) in zip(corners, boxes, strict=True)]
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert a[2] + 10 <= b[0] + 1e-9 or b[2] + 10 <= a[0] + 1e-9 or \
                a[3] + 10 <= b[1] + 1e-9 or b[3] + 10 <= a[1] + 1e-9, (a, b)
    width = max(r[2] for r in rects) - min(r[0] for r in rects)
    height = max(r[3] for r in rects) - min(r[1] for r in rects)
    assert 0.5 < width / height < 3


def test_layout_relations_with_a_value(viz_graph):
    """Item 9: the 2 relations with a literal object are counted and kept per entity."""
    import kg.viz

    data = kg.viz.layout(viz_graph)
    literal = [r for r in viz_graph.relations if r.object_is_literal]
    meta = data["meta"]
    assert meta["total_relations"] == len(viz_graph.relations) == meta["total_edges"] + len(literal)
    assert meta["literal_relations"] == len(literal) == 2
    facts = {(nid, f["value"]) for n in data["nodes"] for nid, f in ((n["id"], f) for f in n["facts"])}
    assert facts == {(r.subject, r.object) for r in literal}
    assert all(f["evidence"] for n in data["nodes"] for f in n["facts"])


def test_layout_graphml_has_no_values():
    data = layout_graph(_star(3))
    assert data["meta"]["total_relations"] == 3 and data["meta"]["literal_relations"] == 0
    assert all(n["facts"] == [] for n in data["nodes"])


def test_layout_page_is_deterministic(big_graph):
    import kg.viz

    assert kg.viz.render(big_graph) == kg.viz.render(big_graph)
