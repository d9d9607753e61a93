"""Split the triples of ``kg.graph.rdf.to_rdf`` into named graphs.

The store keeps one named graph per document, so that a document's facts can be
replaced or removed on their own, and two shared graphs::

    <base>graph/doc/<id>     the document node, its NIF context, mentions, sentences,
                             and the evidence of relations found in it
    <base>graph/entities     entities, typed relations, rdf:Statement nodes, rules
    <base>graph/ontology     the shipped ontology

Routing is by subject: ``<base>doc/<id>`` and its ``#char=`` spans go to the document's
graph; an evidence node goes to the graph of the document it was derived from, with
the ``kgo:evidence`` / ``prov:wasDerivedFrom`` links that point at it.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node

from kg.vocab import KGO, ontology

__all__ = ["ENTITIES", "ONTOLOGY", "doc_graph", "graph_iri", "split_by_graph"]

ENTITIES = "entities"
ONTOLOGY = "ontology"

Triple = tuple[Node, Node, Node]


def graph_iri(base: str, name: str) -> URIRef:
    """The IRI of the shared graph ``name`` (``"entities"`` or ``"ontology"``).

    Example:
        >>> str(graph_iri("https://example.org/", "entities"))
        'https://example.org/graph/entities'
    """
    return Namespace(base)[f"graph/{name}"]


def doc_graph(base: str, doc_id: str) -> URIRef:
    """The IRI of document ``doc_id``'s named graph.

    Example:
        >>> str(doc_graph("https://example.org/", "a b"))
        'https://example.org/graph/doc/a%20b'
    """
    return Namespace(base)[f"graph/doc/{quote(doc_id)}"]


def split_by_graph(
    g: Graph | Iterable[Triple], *, base: str, doc_ids: Iterable[str]
) -> dict[URIRef, set[Triple]]:
    """Route every triple of ``g`` to its named graph.

    Args:
        g: the triples of ``to_rdf`` (a graph or any iterable of triples).
        base: the base the graph was built with.
        doc_ids: the ids of the graph's documents.

    Returns:
        graph IRI -> its triples; every triple lands in exactly one graph.
    """
    triples = list(g)
    doc_prefix = str(Namespace(base)["doc/"])
    docs = {str(Namespace(base)[f"doc/{quote(d)}"]): doc_graph(base, d) for d in doc_ids}
    onto = set(ontology())
    entities, onto_g = graph_iri(base, ENTITIES), graph_iri(base, ONTOLOGY)

    def doc_of(node: Node) -> URIRef | None:
        s = str(node)
        if not s.startswith(doc_prefix):
            return None
        return docs.get(s.split("#", 1)[0])

    evidence = {s for s, p, o in triples if p == RDF.type and o == KGO.Evidence}
    evidence_doc: dict[Node, URIRef] = {}
    for s, p, o in triples:
        if s in evidence and p == PROV.wasDerivedFrom:
            d = doc_of(o)
            if d is not None:
                evidence_doc[s] = d
    out: dict[URIRef, set[Triple]] = {entities: set(), onto_g: set()}
    for t in triples:
        s, p, o = t
        target = doc_of(s) or evidence_doc.get(s)
        if target is None and p == KGO.evidence:
            target = evidence_doc.get(o)
        if target is None and p == PROV.wasDerivedFrom:
            target = doc_of(o)
        if target is None:
            target = onto_g if t in onto else entities
        out.setdefault(target, set()).add(t)
    return out
