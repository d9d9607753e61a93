"""GraphML (issue 12.13): every key id and edge id is unique (read with ElementTree and
lxml), and the file loads in networkx and igraph with the graph's nodes and edges."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter

import networkx as nx
import pytest

import kg

NS = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory, seed_graph):
    path = tmp_path_factory.mktemp("graphml") / "graph.graphml"
    seed_graph.write(path)
    return path


def _repeated(ids):
    return [i for i, n in Counter(ids).items() if n > 1]


def test_graphml_key_and_edge_ids_are_unique_elementtree(seed_file, seed_graph):
    root = ET.parse(seed_file).getroot()
    keys = root.findall(f"{NS}key")
    assert _repeated(k.get("id") for k in keys) == []  # "label" was declared twice
    # node and edge attributes may share a name; their ids differ
    by_name = {(k.get("for"), k.get("attr.name")): k.get("id") for k in keys}
    assert by_name[("node", "label")] != by_name[("edge", "label")]
    edges = root.findall(f"{NS}graph/{NS}edge")
    ids = [e.get("id") for e in edges]
    assert None not in ids and _repeated(ids) == []  # were the predicate names
    assert len(edges) == seed_graph.to_networkx().number_of_edges()
    declared = {k.get("id") for k in keys}
    used = {d.get("key") for d in root.iter(f"{NS}data")}
    assert used <= declared


def test_graphml_key_and_edge_ids_are_unique_lxml(seed_file):
    from lxml import etree

    root = etree.parse(str(seed_file)).getroot()
    ns = {"g": NS[1:-1]}
    assert _repeated(root.xpath("g:key/@id", namespaces=ns)) == []
    assert _repeated(root.xpath("g:graph/g:edge/@id", namespaces=ns)) == []
    assert _repeated(root.xpath("g:graph/g:node/@id", namespaces=ns)) == []


def test_graphml_loads_in_networkx_with_the_graphs_counts(seed_file, seed_graph):
    expected = seed_graph.to_networkx()
    read = nx.read_graphml(seed_file, force_multigraph=True)
    assert (read.number_of_nodes(), read.number_of_edges()) == (expected.number_of_nodes(),
                                                                expected.number_of_edges())
    assert read.number_of_nodes() == len(seed_graph.entities)
    assert read.is_directed()


def test_graphml_loads_in_igraph_with_the_graphs_counts(seed_file, seed_graph):
    igraph = pytest.importorskip("igraph")
    expected = seed_graph.to_networkx()
    g = igraph.Graph.Read_GraphML(str(seed_file))
    assert (g.vcount(), g.ecount()) == (expected.number_of_nodes(), expected.number_of_edges())
    assert g.is_directed()
    assert sorted(g.vs["label"]) == sorted(d["label"] for _, d in expected.nodes(data=True))
    assert sorted(g.vs["mentions"]) == sorted(d["mentions"] for _, d in expected.nodes(data=True))
    got = sorted((g.vs[e.source]["id"], g.vs[e.target]["id"], e["predicate"]) for e in g.es)
    assert got == sorted(expected.edges(keys=True))


def test_graphml_odd_text_loads_in_both(tmp_path, nlp):
    igraph = pytest.importorskip("igraph")
    graph = kg.build(['Japan met the US\tin Tokyo & "Sony" <today>\x0c again. Nvidia works with Arm.'],
                     nlp=nlp)
    path = tmp_path / "odd.graphml"
    graph.write(path)
    expected = graph.to_networkx()
    read = nx.read_graphml(path, force_multigraph=True)
    g = igraph.Graph.Read_GraphML(str(path))
    counts = (expected.number_of_nodes(), expected.number_of_edges())
    assert (read.number_of_nodes(), read.number_of_edges()) == counts == (g.vcount(), g.ecount())
    assert counts[1] > 1
    evidence = {d["evidence"] for _, _, d in read.edges(data=True)}
    assert evidence == {d["evidence"].replace("\x0c", " ") for _, _, d in expected.edges(data=True)}
    assert 'Japan met the US\tin Tokyo & "Sony" <today>  again.' in evidence  # XML holds no form feed
    assert set(g.es["evidence"]) == evidence
