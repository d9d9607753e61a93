"""Property: whatever characters an article holds (control characters, line and paragraph
separators, astral-plane characters, quotes, brackets, right-to-left text), every export
parses and holds the same triples; GraphML reads back with every node and edge."""

from __future__ import annotations

import tempfile
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

import kg

# what news scrapers hand over: anything but lone surrogates (no UTF-8 file can hold those)
ANY = st.characters(codec="utf-8")
ODD = st.sampled_from(["\x00", "\x01", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\u2028", "\u2029", "\ufeff",
                       "\ufffe", "\U0001f600", "\U00010348", "\u202e", "\u05e9\u05dc\u05d5\u05dd", '"', "'",
                       "\\", "<", ">", "&", "{", "}", "[", "]", "\r", "\r\n", "\t", "@", "#", "%", "\u00a0"])
JUNK = st.lists(st.one_of(ANY, ODD), max_size=40).map("".join)


def _triples(path: Path, fmt: ox.RdfFormat) -> set:
    return {q.triple if isinstance(q, ox.Quad) else q for q in ox.parse(path=str(path), format=fmt)}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=JUNK, inside=JUNK, after=JUNK)
def test_any_text_every_export_holds_the_same_triples(nlp, before, inside, after):
    text = f"{before} Nvidia works with Arm in Japan. {inside} Fumio Kishida met Joe Biden.{after}"
    graph = kg.build([text], nlp=nlp)
    with tempfile.TemporaryDirectory() as tmp:
        paths = graph.write_all(tmp)
        reference = _triples(paths["nt"], ox.RdfFormat.N_TRIPLES)
        assert reference
        for fmt, parser in (("turtle", ox.RdfFormat.TURTLE), ("nquads", ox.RdfFormat.N_QUADS),
                            ("jsonld", ox.RdfFormat.JSON_LD)):
            assert _triples(paths[fmt], parser) == reference, fmt
        for fmt, parser in (("nt", "nt"), ("turtle", "turtle")):  # and a second parser agrees
            assert len(Graph().parse(paths[fmt], format=parser)) == len(reference), fmt
        contexts = [t.object.value for t in reference if t.predicate.value.endswith("#isString")]
        assert len(contexts) == 1 and "Nvidia works with Arm" in contexts[0]
        read = nx.read_graphml(paths["graphml"], force_multigraph=True)
        expected = graph.to_networkx()
        assert sorted(read.nodes) == sorted(expected.nodes)
        assert read.number_of_edges() == expected.number_of_edges()
