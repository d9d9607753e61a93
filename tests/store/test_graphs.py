"""Routing to_rdf's triples into one named graph per document plus shared graphs."""

from __future__ import annotations

from rdflib import RDF, URIRef

from kg.store import doc_graph, graph_iri, split_by_graph
from kg.vocab import KGO, NIF


def test_graphs_every_triple_lands_in_one_graph(seed_graph):
    g = seed_graph.to_rdf()
    graphs = split_by_graph(g, base=seed_graph.base, doc_ids=seed_graph.documents)
    assert sum(len(t) for t in graphs.values()) == len(g)
    union = set().union(*graphs.values())
    assert union == set(g)
    assert set(graphs) == {graph_iri(seed_graph.base, "entities"), graph_iri(seed_graph.base, "ontology"),
                           *(doc_graph(seed_graph.base, d) for d in seed_graph.documents)}


def test_graphs_document_graph_holds_its_text_and_evidence(seed_graph):
    g = seed_graph.to_rdf()
    (doc_id,) = seed_graph.documents
    graphs = split_by_graph(g, base=seed_graph.base, doc_ids=[doc_id])
    mine = graphs[doc_graph(seed_graph.base, doc_id)]
    shared = graphs[graph_iri(seed_graph.base, "entities")]
    kinds = {o for s, p, o in mine if p == RDF.type}
    assert {NIF.Context, NIF.Phrase, NIF.Sentence, KGO.Evidence} <= kinds
    assert any(p == KGO.evidence for _, p, _ in mine)
    # the shared graph has no document text, only entities, relations and rules
    assert not any(p in (NIF.anchorOf, NIF.isString, KGO.evidence) for _, p, _ in shared)
    assert any(o == RDF.Statement for _, _, o in shared)


def test_graphs_unknown_document_prefix_goes_to_entities():
    base = "https://e.org/"
    t = (URIRef(base + "doc/zzz"), RDF.type, KGO.Rule)
    graphs = split_by_graph([t], base=base, doc_ids=["a"])
    assert graphs[graph_iri(base, "entities")] == {t}
