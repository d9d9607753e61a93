"""Form feeds, line separators and control characters in the text: every export still
reads back (N-Triples once split its lines on them; GraphML once failed on them after the
other files were already replaced)."""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph

import kg

TEXT = ("Japan and the United States\x0c agreed to cooperate on AI.\u2028 Nvidia works with Arm.\x01 "
        "Fumio Kishida met Joe Biden.\u0085\n")


def test_odd_characters_every_export_reads_back(tmp_path, nlp):
    graph = kg.build([TEXT], nlp=nlp)
    paths = graph.write_all(tmp_path)
    expected = len(graph.to_rdf())
    for fmt, parser in (("nt", "nt"), ("turtle", "turtle"), ("jsonld", "json-ld")):
        assert len(Graph().parse(paths[fmt], format=parser)) == expected, fmt
    assert sum(1 for _ in ox.parse(path=str(paths["nquads"]), format=ox.RdfFormat.N_QUADS)) == expected
    read = nx.read_graphml(paths["graphml"])
    assert {"Japan", "Nvidia"} <= {d["label"] for _, d in read.nodes(data=True)}
    context = next(o for s, p, o in graph.to_rdf() if str(p).endswith("#isString"))
    assert "\u2028" in str(context) and "\x0c" in str(context)
