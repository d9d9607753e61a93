"""Every exporter: write -> read -> the same graph (compared semantically, never as text)."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, isomorphic

import kg
from kg.export import SUFFIXES, dumps
from kg.registry import names

VARIANTS = Path(__file__).resolve().parent.parent / "data" / "variants"
# the text tests/data/variants/small.* was built from (see tests/data/README.md)
SMALL_TEXT = (
    "date 2024-03-30 Prime Minister Fumio Kishida of Japan and President Joe Biden of the "
    "United States met in Washington. The US has sought to curb China's access to AI chips, "
    "and Japan and the US work with Nvidia.\n"
)
# exporter name -> the rdflib parser that reads its output; GraphML is read by networkx
RDF_PARSERS = {"turtle": "turtle", "ttl": "turtle", "nt": "nt", "ntriples": "nt",
               "jsonld": "json-ld", "json-ld": "json-ld", "nquads": "nquads", "nq": "nquads", "trig": "trig"}
QUAD_PARSERS = {"nquads", "trig"}
NETWORKX_FORMATS = {"graphml"}
RDF_EXPORTERS = [n for n in names("exporters") if n not in NETWORKX_FORMATS]


@pytest.fixture(scope="module")
def small_graph(nlp):
    return kg.build([SMALL_TEXT], nlp=nlp)


def _parse(source, parser: str) -> Graph:
    """An rdflib graph of ``source`` (data or a path); a dataset's named graphs are merged."""
    kw = {"data": source} if isinstance(source, bytes) else {"source": source}
    if parser not in QUAD_PARSERS:
        return Graph().parse(**kw, format=parser)
    ds = Dataset()
    ds.parse(**kw, format=parser)
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def _diff(a: Graph, b: Graph) -> str:
    _, only_a, only_b = graph_diff(a, b)
    return f"only in first: {sorted(only_a)[:5]}\nonly in second: {sorted(only_b)[:5]}"


def test_roundtrip_every_exporter_has_a_reader_here():
    assert set(names("exporters")) == set(RDF_PARSERS) | NETWORKX_FORMATS


@pytest.mark.parametrize("fmt", RDF_EXPORTERS)
@pytest.mark.parametrize("graph_fixture", ["small_graph", "seed_graph"])
def test_roundtrip_rdf_exporter(request, graph_fixture, fmt):
    graph = request.getfixturevalue(graph_fixture)
    buf = io.BytesIO()
    graph.write(buf, fmt)
    parsed = _parse(buf.getvalue(), RDF_PARSERS[fmt])
    expected = graph.to_rdf()
    assert len(parsed) == len(expected)
    assert isomorphic(parsed, expected), _diff(parsed, expected)


@pytest.mark.parametrize("fmt", RDF_EXPORTERS)
def test_roundtrip_dumps_matches_write(small_graph, fmt):
    buf = io.BytesIO()
    small_graph.write(buf, fmt)
    assert dumps(small_graph, fmt) == buf.getvalue().decode("utf-8") == small_graph.serialize(fmt)


@pytest.mark.parametrize("suffix,fmt", sorted(SUFFIXES.items()))
def test_roundtrip_write_to_path_picks_format_from_suffix(tmp_path, small_graph, suffix, fmt):
    path = tmp_path / "sub" / f"g{suffix}"
    small_graph.write(path)
    assert path.read_bytes() == dumps(small_graph, fmt).encode("utf-8")
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def test_roundtrip_unknown_format_lists_the_choices(tmp_path, small_graph):
    from kg.errors import UnknownNameError

    with pytest.raises(UnknownNameError, match="Available names: .*turtle"):
        small_graph.write(io.BytesIO(), "rdfxml")
    with pytest.raises(UnknownNameError, match=r"\.ttl"):
        small_graph.write(tmp_path / "g.xyz")


def _variant_files():
    return sorted(p for p in VARIANTS.iterdir() if p.suffix in SUFFIXES and SUFFIXES[p.suffix] in RDF_PARSERS)


@pytest.fixture(scope="module")
def reference():
    return Graph().parse(VARIANTS / "small.nt", format="nt")


@pytest.mark.parametrize("path", _variant_files(), ids=lambda p: p.name)
def test_roundtrip_variants_are_one_graph(reference, path):
    parsed = _parse(path, RDF_PARSERS[SUFFIXES[path.suffix]])
    assert isomorphic(parsed, reference), _diff(parsed, reference)


def test_roundtrip_every_rdf_suffix_has_a_variant():
    assert {p.suffix for p in _variant_files()} == {s for s, f in SUFFIXES.items() if f in RDF_PARSERS}


def test_roundtrip_graphml(tmp_path, small_graph):
    path = tmp_path / "g.graphml"
    small_graph.write(path)
    read = nx.read_graphml(path, force_multigraph=True)
    expected = small_graph.to_networkx()
    assert isinstance(read, nx.MultiDiGraph)
    assert sorted(read.nodes) == sorted(expected.nodes)
    for node, attrs in expected.nodes(data=True):
        got = read.nodes[node]
        for key in ("label", "type", "aliases", "mentions"):
            assert got[key] == attrs[key], (node, key)
    # an edge's key is its GraphML id (e0, e1, ...: unique); the predicate is an attribute
    got = {(u, v, d["predicate"]): d for u, v, d in read.edges(data=True)}
    assert sorted(got) == sorted(expected.edges(keys=True))
    for u, v, k, attrs in expected.edges(keys=True, data=True):
        d = got[u, v, k]
        for name in ("predicate", "label", "weight", "confidence", "evidence"):
            assert d[name] == attrs[name], (u, v, k, name)


def test_roundtrip_graphml_seed_has_typed_entities(tmp_path, seed_graph):
    path = tmp_path / "seed.graphml"
    seed_graph.write(path)
    read = nx.read_graphml(path, force_multigraph=True)
    by_label = {d["label"]: d for _, d in read.nodes(data=True)}
    assert by_label["United States"]["type"] == "COUNTRY"
    assert "US" in by_label["United States"]["aliases"].split("|")
    labels = {d["label"] for _, _, d in read.edges(data=True)}
    assert {"head of government", "head of state", "meets", "restricts", "works with"} <= labels
