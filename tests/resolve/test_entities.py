"""Entity resolution over hand-made Mentions and Extractions (no spaCy)."""

from __future__ import annotations

import re

import pytest

from kg.model import CharSpan, Document, Extraction, Mention, MentionRelation, Provenance, Sentence
from kg.resolve import resolve


def extraction(doc_id, text, mentions, relations=()):
    """An Extraction of ``text`` whose mentions are ``(surface, label[, key])`` found in
    order of appearance; ``relations`` are ``(subject index, predicate, object index)``."""
    out, pos = [], 0
    for surface, label, *key in mentions:
        start = text.index(surface, pos)
        end = pos = start + len(surface)
        span = CharSpan(doc_id, start, end, 0)
        out.append(
            Mention(f"{doc_id}#char={start},{end}", surface, label, span,
                    Provenance(span, "kg.ner.v1", 0.8), key=key[0] if key else None)
        )
    sent = CharSpan(doc_id, 0, len(text), 0)
    rels = tuple(
        MentionRelation(out[s].id, p, out[o].id, Provenance(sent, "kg.svo.v1", 0.75))
        for s, p, o in relations
    )
    sentences = tuple(Sentence(doc_id, n, m.start(), m.end(), m.group())
                      for n, m in enumerate(re.finditer(r"[^.]+(?:\.(?=\s|$)|$)", text)))
    return Extraction(Document(doc_id, text), sentences, tuple(out), rels)


def groups(res):
    """Entity name -> the surface texts of its mentions, as a set of frozensets."""
    text = {m.id: m.text for x in res.extractions for m in x.mentions}
    return {frozenset(f"{mid.split('#')[0]}:{text[mid]}" for mid in e.mention_ids) for e in res.entities}


# (extractions as (doc_id, text, mentions), expected groups of "doc:surface")
CASES = {
    "us-spellings": (
        [("a", "The US and the U.S. and the United States.",
          [("US", "GPE"), ("U.S.", "GPE"), ("the United States", "GPE")])],
        {frozenset({"a:US", "a:U.S.", "a:the United States"})},
    ),
    "surname-into-full-name": (
        [("a", "Fumio Kishida spoke. Kishida left.", [("Fumio Kishida", "PERSON"), ("Kishida", "PERSON")])],
        {frozenset({"a:Fumio Kishida", "a:Kishida"})},
    ),
    "shared-surname-stays-apart": (
        [("a", "Joe Biden and Hunter Biden met. Biden left.",
          [("Joe Biden", "PERSON"), ("Hunter Biden", "PERSON"), ("Biden", "PERSON")])],
        {frozenset({"a:Joe Biden"}), frozenset({"a:Hunter Biden"}), frozenset({"a:Biden"})},
    ),
    "shared-surname-across-documents": (
        [("a", "Joe Biden spoke.", [("Joe Biden", "PERSON")]),
         ("b", "Hunter Biden spoke.", [("Hunter Biden", "PERSON")]),
         ("c", "Biden left.", [("Biden", "PERSON")])],
        {frozenset({"a:Joe Biden"}), frozenset({"b:Hunter Biden"}), frozenset({"c:Biden"})},
    ),
    "person-and-org-with-one-name": (
        [("a", "Jordan Smith spoke.", [("Jordan Smith", "PERSON")]),
         ("b", "Jordan Smith Inc. rose.", [("Jordan Smith", "ORG")])],
        {frozenset({"a:Jordan Smith"}), frozenset({"b:Jordan Smith"})},
    ),
    "different-model-numbers": (
        [("a", "Boeing 737 and Boeing 747 fly.", [("Boeing 737", "PRODUCT"), ("Boeing 747", "PRODUCT")])],
        {frozenset({"a:Boeing 737"}), frozenset({"a:Boeing 747"})},
    ),
    "acronym-defined-in-parentheses": (
        [("a", "European Aeronautic Defence and Space Company (EADS) said. EADS won.",
          [("European Aeronautic Defence and Space Company", "ORG"), ("EADS", "ORG"), ("EADS", "ORG")])],
        {frozenset({"a:European Aeronautic Defence and Space Company", "a:EADS"})},
    ),
    "acronym-by-initials": (
        [("a", "The United States Air Force flew. USAF said.",
          [("United States Air Force", "ORG"), ("USAF", "ORG")])],
        {frozenset({"a:United States Air Force", "a:USAF"})},
    ),
    "full-name-across-documents": (
        [("a", "Tim Cook spoke.", [("Tim Cook", "PERSON")]),
         ("b", "Later Tim Cook left.", [("Tim Cook", "PERSON")])],
        {frozenset({"a:Tim Cook", "b:Tim Cook"})},
    ),
    "surname-across-documents": (
        [("a", "Kishida spoke.", [("Kishida", "PERSON")]),
         ("b", "Fumio Kishida left.", [("Fumio Kishida", "PERSON")])],
        {frozenset({"a:Kishida", "b:Fumio Kishida"})},
    ),
    "surname-of-the-article-subject": (
        [("a", "Franck Piccard (born 1965) is a skier. Piccard won. His son Ian Piccard skis.",
          [("Franck Piccard", "PERSON"), ("Piccard", "ORG"), ("Ian Piccard", "PERSON")])],
        {frozenset({"a:Franck Piccard", "a:Piccard"}), frozenset({"a:Ian Piccard"})},
    ),
    "first-of-two-surnames": (
        [("a", "Guillermo David Endara Galimany was president. Endara won in 1989.",
          [("Guillermo David Endara Galimany", "PERSON"), ("Endara", "PERSON")])],
        {frozenset({"a:Guillermo David Endara Galimany", "a:Endara"})},
    ),
    "surname-with-particle": (
        [("a", "Zack de la Rocha sang. Later de la Rocha left.",
          [("Zack de la Rocha", "PERSON"), ("de la Rocha", "PERSON")])],
        {frozenset({"a:Zack de la Rocha", "a:de la Rocha"})},
    ),
    "mislabelled-surname-before-a-name": (
        [("a", "Carrie Underwood sang it. It was written by Underwood, Chris Tompkins and others.",
          [("Carrie Underwood", "PERSON"), ("Underwood", "GPE"), ("Chris Tompkins", "PERSON")])],
        {frozenset({"a:Carrie Underwood", "a:Underwood"}), frozenset({"a:Chris Tompkins"})},
    ),
    "place-before-its-region-stays-a-place": (
        [("a", "Mulk Raj Anand was born in Peshawar. He taught in Anand, Gujarat.",
          [("Mulk Raj Anand", "PERSON"), ("Peshawar", "GPE"), ("Anand", "GPE"), ("Gujarat", "GPE")])],
        {frozenset({"a:Mulk Raj Anand"}), frozenset({"a:Peshawar"}), frozenset({"a:Anand"}),
         frozenset({"a:Gujarat"})},
    ),
    "name-given-in-brackets": (
        [("a", "Zevs (born Christophe Aguirre Schwarz in 1977) is an artist. Zevs paints.",
          [("Zevs", "PERSON"), ("Christophe Aguirre Schwarz", "PERSON"), ("Zevs", "PERSON")])],
        {frozenset({"a:Zevs", "a:Christophe Aguirre Schwarz"})},
    ),
    "name-given-after-known-as": (
        [("a", "The Kirnitzsch Valley Tramway, also known as Kirnitzschtalbahn, runs.",
          [("Kirnitzsch Valley Tramway", "FAC"), ("Kirnitzschtalbahn", "ORG")])],
        {frozenset({"a:Kirnitzsch Valley Tramway", "a:Kirnitzschtalbahn"})},
    ),
    "place-qualifier-in-brackets-stays-apart": (
        [("a", "He grew up in Springfield (Illinois) and left.",
          [("Springfield", "GPE"), ("Illinois", "GPE")])],
        {frozenset({"a:Springfield"}), frozenset({"a:Illinois"})},
    ),
    "language-in-brackets-stays-apart": (
        [("a", "The Most Beautiful Villages of Wallonia (French; in English) is a club.",
          [("Most Beautiful Villages of Wallonia", "ORG"), ("French", "NORP")])],
        {frozenset({"a:Most Beautiful Villages of Wallonia"}), frozenset({"a:French"})},
    ),
    "actor-in-brackets-stays-apart": (
        [("a", "Derek Shepherd (Patrick Dempsey) dies.",
          [("Derek Shepherd", "PERSON"), ("Patrick Dempsey", "PERSON")])],
        {frozenset({"a:Derek Shepherd"}), frozenset({"a:Patrick Dempsey"})},
    ),
    "province-by-its-bare-name": (
        [("a", "Hubei Province is large. Wuhan is in Hubei.",
          [("Hubei Province", "GPE"), ("Wuhan", "GPE"), ("Hubei", "GPE")])],
        {frozenset({"a:Hubei Province", "a:Hubei"}), frozenset({"a:Wuhan"})},
    ),
    "acronym-with-a-country-code": (
        [("a", "The Air Force said so. The USAF agreed.", [("Air Force", "ORG"), ("USAF", "ORG")])],
        {frozenset({"a:Air Force", "a:USAF"})},
    ),
    "acronym-over-small-words": (
        [("a", "Tears for Fears played. TFF split.", [("Tears for Fears", "WORK_OF_ART"), ("TFF", "ORG")])],
        {frozenset({"a:Tears for Fears", "a:TFF"})},
    ),
    "company-suffix-ignored": (
        [("a", "Nvidia Corp. grew.", [("Nvidia Corp.", "ORG")]),
         ("b", "Nvidia rose.", [("Nvidia", "ORG")])],
        {frozenset({"a:Nvidia Corp.", "b:Nvidia"})},
    ),
}


@pytest.mark.parametrize("docs,expected", [pytest.param(*c, id=k) for k, c in CASES.items()])
def test_entities_merge(docs, expected):
    res = resolve([extraction(*d) for d in docs])
    assert groups(res) == expected


@pytest.mark.parametrize(
    "docs,name,type_,aliases",
    [
        pytest.param(CASES["us-spellings"][0], "United States", "COUNTRY", ("U.S.", "US"), id="country"),
        pytest.param(CASES["surname-into-full-name"][0], "Fumio Kishida", "PERSON", ("Kishida",),
                     id="person"),
        pytest.param(CASES["acronym-defined-in-parentheses"][0],
                     "European Aeronautic Defence and Space Company", "ORG", ("EADS",), id="acronym"),
        pytest.param([("a", "London Heathrow Airport grew. Flights left London Heathrow Airport.",
                       [("London Heathrow Airport", "PERSON"), ("London Heathrow Airport", "PERSON")])],
                     "London Heathrow Airport", "PLACE", (), id="airport-labelled-a-person"),
        pytest.param([("a", "Grace Park won. Grace Park left.",
                       [("Grace Park", "PERSON"), ("Grace Park", "PERSON")])],
                     "Grace Park", "PERSON", (), id="surname-that-is-a-place-word"),
    ],
)
def test_entities_canonical_name_and_aliases(docs, name, type_, aliases):
    (entity,) = resolve([extraction(*d) for d in docs]).entities
    assert (entity.name, entity.type, entity.aliases) == (name, type_, aliases)
    assert entity.id == f"{type_.lower()}/{name.replace(' ', '_')}"


def test_entities_relations_map_to_entities_and_symmetric_ones_are_ordered():
    x = extraction(
        "a", "Kishida met Fumio Kishida's friend Joe Biden. Biden met Kishida.",
        [("Kishida", "PERSON"), ("Fumio Kishida", "PERSON"), ("Joe Biden", "PERSON"),
         ("Biden", "PERSON"), ("Kishida", "PERSON")],
        relations=[(0, "meets", 2), (3, "meets", 4)],
    )
    (rel,) = resolve([x]).relations
    assert (rel.subject, rel.predicate, rel.object) == ("person/Fumio_Kishida", "meets", "person/Joe_Biden")
    assert len(rel.evidence) == 1  # both pieces of evidence come from the same sentence span
    assert rel.evidence[0].extractor == "kg.svo.v1"


def test_entities_do_not_depend_on_document_order():
    names = ("full-name-across-documents", "shared-surname-across-documents", "person-and-org-with-one-name")
    docs = [extraction(f"{n}-{d[0]}", *d[1:]) for n in names for d in CASES[n][0]]
    forward, backward = resolve(docs), resolve(docs[::-1])
    assert forward.entities == tuple(sorted(backward.entities, key=lambda e: e.id))
    assert forward.mention_entity == backward.mention_entity


def test_entities_pronoun_takes_its_antecedents_entity():
    x = extraction("a", "Nvidia grew. It hired.", [("Nvidia", "ORG")])
    span = CharSpan("a", 13, 15, 1)
    pron = Mention("a#char=13,15", "It", "PRON", span, Provenance(span, "kg.coref.v1", 0.7),
                   refers_to=(x.mentions[0].id,))
    x = Extraction(x.document, (), (*x.mentions, pron), ())
    res = resolve([x])
    assert res.mention_entity[pron.id] == res.mention_entity[x.mentions[0].id]
    assert [e.name for e in res.entities] == ["Nvidia"]


def test_entities_resolve_does_not_mutate_input():
    x = extraction(*CASES["surname-into-full-name"][0][0])
    before = (x.mentions, x.relations)
    resolve([x])
    assert (x.mentions, x.relations) == before
