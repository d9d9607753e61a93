"""kg.viz.layout: networkx graph -> plain dicts (no browser, no matplotlib)."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from kg.viz.layout import TYPE_COLORS, evidence_index, layout_graph, select_nodes


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
