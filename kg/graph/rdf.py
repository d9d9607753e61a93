"""Resolution -> rdflib Graph, for Python users (``KnowledgeGraph.to_rdf()``).

The triples are those of ``kg.graph.quads`` (the one definition of what a graph holds);
rdflib is only the in-memory API here, never the exporter.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from kg.graph.quads import quad_blocks
from kg.model import Resolution
from kg.vocab import PREFIXES

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class _Terms:
    """pyoxigraph term -> rdflib term, IRIs cached (graphs repeat them a lot)."""

    def __init__(self) -> None:
        self.iris: dict[str, URIRef] = {}

    def __call__(self, t: Any) -> Node:
        import pyoxigraph as ox

        if isinstance(t, ox.NamedNode):
            v = t.value
            node = self.iris.get(v)
            if node is None:
                node = self.iris[v] = URIRef(v)
            return node
        if isinstance(t, ox.Literal):
            if t.language:
                return Literal(t.value, lang=t.language)
            dt = t.datatype.value
            return Literal(t.value) if dt == _XSD_STRING else Literal(t.value, datatype=URIRef(dt))
        raise TypeError(f"unexpected RDF term {t!r}")


def rdflib_graph(triples: Any, *, base: str) -> Graph:
    """An rdflib ``Graph`` of pyoxigraph ``triples`` (or quads: graph names are dropped),
    with kg's prefixes bound."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.bind("kg", Namespace(base))
    term = _Terms()
    for t in triples:
        g.add((term(t.subject), term(t.predicate), term(t.object)))
    return g


def to_rdf(res: Resolution, *, base: str, min_confidence: float = 0.0,
           include_ontology: bool = True, cooccurrence: bool = False) -> Graph:
    """The rdflib graph of a resolution (the union of its named graphs)."""
    quads = (q for _, block in quad_blocks(res, base=base, min_confidence=min_confidence,
                                           include_ontology=include_ontology, cooccurrence=cooccurrence)
             for q in block)
    return rdflib_graph(quads, base=base)
