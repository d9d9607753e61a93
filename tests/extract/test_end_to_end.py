"""The seed article through the whole pipeline with the real English model."""

from __future__ import annotations

import re

import pytest
from rdflib import OWL, RDF, RDFS, Literal
from rdflib.plugins.sparql import prepareQuery

from kg.vocab import KGO, NIF, PREFIXES, ontology

# canonical name -> (type, aliases that must be among the entity's aliases)
EXPECTED_ENTITIES = {
    "Fumio Kishida": ("PERSON", {"Kishida"}),
    "Joe Biden": ("PERSON", {"Biden"}),
    "Japan": ("COUNTRY", set()),
    "United States": ("COUNTRY", {"US"}),
    "China": ("COUNTRY", set()),
    "Nvidia": ("ORG", set()),
    "Arm": ("ORG", set()),
    "Amazon": ("ORG", set()),
    "artificial intelligence": ("CONCEPT", {"AI"}),
    "semiconductors": ("CONCEPT", {"chips"}),
}

EXPECTED_RELATIONS = [
    ("Japan", "headOfGovernment", "Fumio Kishida"),
    ("United States", "headOfState", "Joe Biden"),
    ("Fumio Kishida", "meets", "Joe Biden"),
    ("Japan", "cooperatesWith", "United States"),
    ("Japan", "worksWith", "Nvidia"),
    ("Japan", "worksWith", "Arm"),
    ("Japan", "worksWith", "Amazon"),
    ("United States", "worksWith", "Nvidia"),
    ("United States", "worksWith", "Arm"),
    ("United States", "worksWith", "Amazon"),
    ("United States", "restricts", "China"),
]

NOT_ENTITIES = [
    "Advertisment",
    "Advertisement",
    "Framework for Future Innovation",
    "Strategic Implications and Global Leadership",
    "Expanding Horizons Beyond Technology",
    "Framework",
    "Strategic Implications",
    "Global Leadership",
    "Expanding Horizons",
]


@pytest.fixture(scope="module")
def seed_text(seeds_dir):
    (path,) = sorted(seeds_dir.glob("*.txt"))
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def names(seed_graph):
    """Entity name -> entity id."""
    return {e.name: e.id for e in seed_graph.entities}


def test_end_to_end_seed_builds_without_errors(seed_graph):
    assert seed_graph.errors == ()
    assert len(seed_graph.documents) == 1


@pytest.mark.parametrize("name", EXPECTED_ENTITIES)
def test_end_to_end_entity_found_once(seed_graph, name):
    matches = [e for e in seed_graph.entities if e.name == name]
    assert len(matches) == 1
    (entity,) = matches
    type_, aliases = EXPECTED_ENTITIES[name]
    assert entity.type == type_
    assert aliases <= set(entity.aliases)
    # no other entity claims the name or one of its aliases
    others = [e for e in seed_graph.entities if e.id != entity.id]
    for surface in {name, *aliases}:
        assert not [e.id for e in others if surface == e.name or surface in e.aliases]


@pytest.mark.parametrize("name", NOT_ENTITIES)
def test_end_to_end_no_layout_entity(seed_graph, name):
    surfaces = {s.lower() for e in seed_graph.entities for s in (e.name, *e.aliases)}
    assert name.lower() not in surfaces


@pytest.mark.parametrize("subject,predicate,object_", EXPECTED_RELATIONS)
def test_end_to_end_relation_found(seed_graph, names, subject, predicate, object_):
    triples = {(r.subject, r.predicate, r.object) for r in seed_graph.relations}
    assert (names[subject], predicate, names[object_]) in triples


def test_end_to_end_works_with_the_three_companies(seed_graph, names):
    companies = {names["Nvidia"], names["Arm"], names["Amazon"]}
    pairs = {(r.subject, r.object) for r in seed_graph.relations
             if r.predicate == "worksWith" and r.object in companies}
    assert pairs == {(names[c], o) for c in ("Japan", "United States") for o in companies}


def test_end_to_end_relation_evidence_is_a_sentence_of_the_text(seed_graph, seed_text):
    sentences = {(s.doc_id, s.index): s for x in seed_graph.resolution.extractions for s in x.sentences}
    for rel in seed_graph.relations:
        assert rel.evidence
        for ev in rel.evidence:
            sent = sentences[(ev.span.doc_id, ev.span.sent)]
            assert (ev.span.start, ev.span.end) == (sent.start, sent.end)
            assert seed_text[sent.start : sent.end] == sent.text


def test_end_to_end_mention_anchors_index_the_original_file(seed_graph, seed_text):
    g = seed_graph.to_rdf()
    phrases = list(g.subjects(RDF.type, NIF.Phrase))
    assert len(phrases) > 20
    for node in phrases:
        begin = int(g.value(node, NIF.beginIndex))
        end = int(g.value(node, NIF.endIndex))
        assert str(g.value(node, NIF.anchorOf)) == seed_text[begin:end]
        context = g.value(node, NIF.referenceContext)
        assert str(g.value(context, NIF.isString)) == seed_text


def test_end_to_end_model_mentions_index_the_original_file(seed_graph, seed_text):
    for x in seed_graph.resolution.extractions:
        assert x.document.text == seed_text
        for m in x.mentions:
            assert seed_text[m.span.start : m.span.end] == m.text


EVIDENCE_QUERY = """
SELECT ?text WHERE {
    ?s rdfs:label ?subject .
    ?o rdfs:label ?object .
    ?statement a rdf:Statement ;
        rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
        kgo:evidence ?evidence .
    ?evidence kgo:sentence ?sentence .
    ?sentence nif:anchorOf ?text .
}
"""


def test_end_to_end_sparql_finds_the_evidence_sentence(seed_graph, seed_text):
    query = prepareQuery(EVIDENCE_QUERY, initNs=PREFIXES)
    rows = list(seed_graph.to_rdf().query(query, initBindings={
        "subject": Literal("United States"), "p": KGO.restricts, "object": Literal("China"),
    }))
    assert [str(r.text) for r in rows] == [
        "The move comes at a time when the US has aggressively sought to curb China's access to "
        "advanced AI chips, highlighting the strategic dimensions of this cooperation."
    ]
    assert str(rows[0].text) in seed_text


def test_end_to_end_every_predicate_is_declared_with_a_label(seed_graph):
    onto = ontology()
    used = {r.predicate for r in seed_graph.relations}
    assert used
    for name in sorted(used):
        iri = KGO[name]
        assert (iri, RDF.type, OWL.ObjectProperty) in onto, name
        assert onto.value(iri, RDFS.label) is not None, name
    g = seed_graph.to_rdf()
    for p in {r.predicate for r in seed_graph.relations}:
        assert (None, KGO[p], None) in g


def test_end_to_end_every_kgo_term_written_is_declared(seed_graph):
    onto = ontology()
    declared = set(onto.subjects())
    g = seed_graph.to_rdf()
    used = {t for triple in g for t in triple if str(t).startswith(str(KGO))}
    assert {t for t in used if t not in declared or onto.value(t, RDFS.label) is None} == set()


def test_end_to_end_relation_extractors_are_registered(seed_graph):
    from kg.extract.patterns import represent
    from kg.registry import names

    used = {ev.extractor for r in seed_graph.resolution.relations for ev in r.evidence}
    # kg.represent.v1 reads what the patterns found (a post-processor, not a pattern)
    assert used - set(names("relation_patterns")) == {represent.NAME}


def test_end_to_end_mention_extractors_are_versioned(seed_graph):
    used = {m.provenance.extractor for x in seed_graph.resolution.extractions for m in x.mentions}
    assert used and all(re.fullmatch(r"kg\.[a-z-]+\.v[0-9]+", name) for name in used), used
