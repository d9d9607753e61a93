"""Resolution -> RDF quads (pyoxigraph terms): entities, typed relations, NIF mentions,
PROV-O evidence, each in its named graph.

This is the one place that says which triples a graph holds; every export, the store
and ``KnowledgeGraph.to_rdf()`` are written from it.  Every node is an IRI derived from
its content (no blank nodes, no uuids), so the same input always gives the same quads,
in the same order.

Named graphs (one per document, so that a document's facts can be replaced or removed
on their own, and two shared ones)::

    <base>graph/doc/<id>     the document node, its NIF context, mentions, sentences,
                             and the evidence of relations found in it
    <base>graph/entities     entities, typed relations, rdf:Statement nodes, rules
    <base>graph/ontology     the shipped ontology

Quads come in blocks, one named graph each (``quad_blocks``): a document's block is
its whole graph; the entities graph comes in several blocks.  Blocks let a writer
serialize, hash and forget a piece at a time, so no writer holds the whole graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox

from kg.model import Extraction, Relation, Resolution, stable_hash
from kg.vocab import KGO, TYPE_CLASSES, predicates

__all__ = ["ENTITIES", "ONTOLOGY", "IRIs", "doc_graph", "graph_iri", "ontology_triples", "quad_blocks"]

ENTITIES = "entities"
ONTOLOGY = "ontology"

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
_ITS = "http://www.w3.org/2005/11/its/rdf#"
_PROV = "http://www.w3.org/ns/prov#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_DCT = "http://purl.org/dc/terms/"
_SCHEMA = "https://schema.org/"
_KGO = str(KGO)

N = ox.NamedNode
A = N(_RDF + "type")
_T = {name: N(iri) for name, iri in {
    "label": _RDFS + "label", "altLabel": _SKOS + "altLabel", "identifier": _DCT + "identifier",
    "title": _DCT + "title", "date": _DCT + "date", "source": _DCT + "source", "url": _SCHEMA + "url",
    "NewsArticle": _SCHEMA + "NewsArticle", "Context": _NIF + "Context",
    "OffsetBasedString": _NIF + "OffsetBasedString", "Phrase": _NIF + "Phrase",
    "Sentence": _NIF + "Sentence", "isString": _NIF + "isString", "beginIndex": _NIF + "beginIndex",
    "endIndex": _NIF + "endIndex", "sourceUrl": _NIF + "sourceUrl", "anchorOf": _NIF + "anchorOf",
    "referenceContext": _NIF + "referenceContext", "taIdentRef": _ITS + "taIdentRef",
    "taClassRef": _ITS + "taClassRef", "taConfidence": _ITS + "taConfidence",
    "wasAttributedTo": _PROV + "wasAttributedTo", "wasDerivedFrom": _PROV + "wasDerivedFrom",
    "SoftwareAgent": _PROV + "SoftwareAgent", "Statement": _RDF + "Statement",
    "subject": _RDF + "subject", "predicate": _RDF + "predicate", "object": _RDF + "object",
    "frequency": _KGO + "frequency", "contentHash": _KGO + "contentHash", "context": _KGO + "context",
    "Anaphor": _KGO + "Anaphor", "refersTo": _KGO + "refersTo", "confidence": _KGO + "confidence",
    "evidence": _KGO + "evidence", "Evidence": _KGO + "Evidence", "sentence": _KGO + "sentence",
    "Rule": _KGO + "Rule",
    "integer": _XSD + "integer",
    "decimal": _XSD + "decimal", "double": _XSD + "double", "xsd:date": _XSD + "date",
    "anyURI": _XSD + "anyURI",
}.items()}


def graph_iri(base: str, name: str) -> str:
    """The IRI of the shared graph ``name`` (``"entities"`` or ``"ontology"``).

    Example:
        >>> graph_iri("https://example.org/", "entities")
        'https://example.org/graph/entities'
    """
    return f"{base}graph/{name}"


def doc_graph(base: str, doc_id: str) -> str:
    """The IRI of document ``doc_id``'s named graph.

    Example:
        >>> doc_graph("https://example.org/", "a b")
        'https://example.org/graph/doc/a%20b'
    """
    return f"{base}graph/doc/{quote(doc_id)}"


class IRIs:
    """The IRI scheme of an output graph under ``base`` (strings).

    Example:
        >>> IRIs("https://e.org/").span("a b", 0, 5)
        'https://e.org/doc/a%20b#char=0,5'
    """

    def __init__(self, base: str) -> None:
        self.base = base

    def doc(self, doc_id: str) -> str:
        return f"{self.base}doc/{quote(doc_id)}"

    def span(self, doc_id: str, start: int, end: int) -> str:
        return f"{self.doc(doc_id)}#char={start},{end}"

    def entity(self, entity_id: str) -> str:
        return f"{self.base}entity/{quote(entity_id)}"

    def relation(self, rel: Relation) -> str:
        return f"{self.base}relation/{rel.id}"

    def rule(self, name: str) -> str:
        return f"{self.base}rule/{quote(name)}"


def _class_iri(type_: str) -> str:
    return str(TYPE_CLASSES.get(type_, KGO[type_.title().replace("_", "")]))


@lru_cache(maxsize=1)
def ontology_triples() -> tuple[Any, ...]:
    """The shipped ontology as pyoxigraph triples, in file order."""
    data = (resources.files("kg") / "data" / "ontology.ttl").read_bytes()
    return tuple(ox.parse(data, format=ox.RdfFormat.TURTLE))


def _int(n: int, dt: Any) -> Any:
    return ox.Literal(str(n), datatype=dt)


def _decimal(x: float) -> Any:
    """A confidence to three places, in the canonical form a store keeps ("0.750" is "0.75").

    Example:
        >>> [_decimal(x).value for x in (0.75, 1.0, 0.0, 0.1234)]
        ['0.75', '1', '0', '0.123']
    """
    text = f"{x:.3f}".rstrip("0").rstrip(".")
    return ox.Literal(text if text not in ("", "-0") else "0", datatype=_T["decimal"])


class _Writer:
    """Builds the quads of one resolution; IRIs of entities are made once."""

    def __init__(self, res: Resolution, base: str) -> None:
        self.res = res
        self.iri = IRIs(base)
        self.base = base
        self.entity_node: dict[str, Any] = {}
        self.entity_class: dict[str, Any] = {}
        classes: dict[str, Any] = {}
        for e in res.entities:
            self.entity_node[e.id] = N(self.iri.entity(e.id))
            c = _class_iri(e.type)
            self.entity_class[e.id] = classes.get(c) or classes.setdefault(c, N(c))
        self.rules: dict[str, Any] = {}

    def entity(self, entity_id: str) -> Any:
        node = self.entity_node.get(entity_id)
        if node is None:
            node = self.entity_node[entity_id] = N(self.iri.entity(entity_id))
        return node

    def rule(self, name: str) -> Any:
        node = self.rules.get(name)
        if node is None:
            node = self.rules[name] = N(self.iri.rule(name))
        return node


def _object(w: _Writer, rel: Relation) -> Any:
    if rel.object_is_literal:
        if rel.datatype:
            return ox.Literal(rel.object, datatype=N(_XSD + rel.datatype))
        return ox.Literal(rel.object)
    return w.entity(rel.object)


def _document_triples(w: _Writer, x: Extraction, evidence: list[tuple[Relation, Any, Any]],
                      sentences: dict[tuple[str, int], Any]) -> list[tuple[Any, Any, Any]]:
    """The triples of one document's graph: the article, its text, mentions, and the
    evidence of the relations found in it."""
    d = x.document
    iri = w.iri
    doc = N(iri.doc(d.id))
    ctx = N(iri.span(d.id, 0, len(d.text)))
    out = [(doc, A, _T["NewsArticle"]), (doc, _T["identifier"], ox.Literal(d.id)),
           (doc, _T["contentHash"], ox.Literal(d.content_hash))]
    if d.title:
        out.append((doc, _T["title"], ox.Literal(d.title)))
    if d.date:
        out.append((doc, _T["date"], ox.Literal(d.date, datatype=_T["xsd:date"])))
    if d.url:
        out.append((doc, _T["url"], ox.Literal(d.url, datatype=_T["anyURI"])))
    if d.source:
        out.append((doc, _T["source"], ox.Literal(d.source)))
    out.append((doc, _T["context"], ctx))
    nni = _T["integer"]  # NIF's range is xsd:nonNegativeInteger; stores keep it as xsd:integer
    out += [(ctx, A, _T["Context"]), (ctx, A, _T["OffsetBasedString"]),
            (ctx, _T["isString"], ox.Literal(d.text)), (ctx, _T["beginIndex"], _int(0, nni)),
            (ctx, _T["endIndex"], _int(len(d.text), nni)), (ctx, _T["sourceUrl"], doc)]
    mention_entity = w.res.mention_entity
    for m in x.mentions:
        ent = mention_entity.get(m.id)
        if ent is None:
            continue
        node = N(iri.span(d.id, m.span.start, m.span.end))
        out += [(node, A, _T["Phrase"]), (node, A, _T["OffsetBasedString"]),
                (node, _T["anchorOf"], ox.Literal(m.text)),
                (node, _T["beginIndex"], _int(m.span.start, nni)),
                (node, _T["endIndex"], _int(m.span.end, nni)),
                (node, _T["referenceContext"], ctx)]
        if m.label == "PRON":  # an anaphor refers to the entity; it does not name it
            out += [(node, A, _T["Anaphor"]), (node, _T["refersTo"], w.entity(ent))]
        else:
            out += [(node, _T["taIdentRef"], w.entity(ent)), (node, _T["taClassRef"], w.entity_class[ent])]
        out.append((node, _T["wasAttributedTo"], w.rule(m.provenance.extractor)))
        if m.provenance.confidence is not None:
            out.append((node, _T["taConfidence"], ox.Literal(str(m.provenance.confidence),
                                                              datatype=_T["double"])))
    for _rel, st, ev in evidence:
        sent = sentences[(ev.span.doc_id, ev.span.sent)]
        snode = N(iri.span(sent.doc_id, sent.start, sent.end))
        out += [(snode, A, _T["Sentence"]), (snode, _T["anchorOf"], ox.Literal(sent.text)),
                (snode, _T["beginIndex"], _int(sent.start, nni)),
                (snode, _T["endIndex"], _int(sent.end, nni)),
                (snode, _T["referenceContext"], ctx)]
        evn = N(f"{st.value}/evidence/{stable_hash(ev.span.doc_id, ev.span.start, ev.extractor)}")
        out += [(evn, A, _T["Evidence"]), (evn, _T["sentence"], snode),
                (evn, _T["wasDerivedFrom"], doc), (evn, _T["wasAttributedTo"], w.rule(ev.extractor))]
        if ev.confidence is not None:
            out.append((evn, _T["confidence"], _decimal(ev.confidence)))
        out += [(st, _T["evidence"], evn), (st, _T["wasDerivedFrom"], snode)]
    return out


def quad_blocks(res: Resolution, *, base: str, min_confidence: float = 0.0,
                include_ontology: bool = True, cooccurrence: bool = False,
                block_size: int = 20000) -> Iterator[tuple[str, list[Any]]]:
    """The graph of ``res`` as ``(named graph IRI, quads)`` blocks, no quad twice.

    Order: the entities graph (entities, each followed by the relations it is the
    subject of; then the statements and rules), then one block per document in the
    resolution's order, then the ontology.

    Example:
        >>> from kg.model import Resolution
        >>> [g for g, _ in quad_blocks(Resolution((), (), ()), base="https://e.org/")]
        ['https://e.org/graph/entities', 'https://e.org/graph/ontology']
    """
    w = _Writer(res, base)
    preds = predicates()
    entities_g = N(graph_iri(base, ENTITIES))
    sentences = {(s.doc_id, s.index): s for x in res.extractions for s in x.sentences}
    # relations that are written, with their statement node; evidence by document
    kept: list[tuple[Relation, Any]] = []
    seen_rel: set[str] = set()
    by_subject: dict[str, list[tuple[Relation, Any]]] = defaultdict(list)
    by_doc: dict[str, list[tuple[Relation, Any, Any]]] = defaultdict(list)
    rules: set[str] = set()
    for rel in res.relations:
        if rel.confidence < min_confidence or (rel.predicate == "cooccursWith" and not cooccurrence):
            continue
        if rel.id in seen_rel:
            continue
        seen_rel.add(rel.id)
        st = N(w.iri.relation(rel))
        kept.append((rel, st))
        by_subject[rel.subject].append((rel, st))
        for ev in rel.evidence:
            if (ev.span.doc_id, ev.span.sent) in sentences:
                by_doc[ev.span.doc_id].append((rel, st, ev))
                rules.add(ev.extractor)
    for x in res.extractions:
        for m in x.mentions:
            rules.add(m.provenance.extractor)

    counts = {e.id: 0 for e in res.entities}
    for eid in res.mention_entity.values():
        counts[eid] = counts.get(eid, 0) + 1
    block: list[Any] = []

    def add(s: Any, p: Any, o: Any) -> None:
        block.append(ox.Quad(s, p, o, entities_g))

    def direct(rel: Relation) -> None:
        add(w.entity(rel.subject), N(str(preds[rel.predicate].iri)), _object(w, rel))

    for e in res.entities:
        node = w.entity(e.id)
        add(node, A, w.entity_class[e.id])
        add(node, _T["label"], ox.Literal(e.name))
        for a in dict.fromkeys(e.aliases):
            add(node, _T["altLabel"], ox.Literal(a))
        add(node, _T["frequency"], _int(counts[e.id], _T["integer"]))
        if e.key and e.type == "COUNTRY":
            add(node, _T["identifier"], ox.Literal(e.key))
        for rel, _ in by_subject.pop(e.id, ()):
            direct(rel)
        if len(block) >= block_size:
            yield entities_g.value, block
            block = []
    for subject in sorted(by_subject):  # relations of a subject that is no entity (none expected)
        for rel, _ in by_subject[subject]:
            direct(rel)
    for rel, st in kept:
        p = N(str(preds[rel.predicate].iri))
        add(st, A, _T["Statement"])
        add(st, _T["subject"], w.entity(rel.subject))
        add(st, _T["predicate"], p)
        add(st, _T["object"], _object(w, rel))
        add(st, _T["confidence"], _decimal(rel.confidence))
        if len(block) >= block_size:
            yield entities_g.value, block
            block = []
    for name in sorted(rules):
        r = w.rule(name)
        add(r, A, _T["Rule"])
        add(r, A, _T["SoftwareAgent"])
        add(r, _T["label"], ox.Literal(name))
    yield entities_g.value, block

    for x in res.extractions:
        g = doc_graph(base, x.document.id)
        gn = N(g)
        triples = _document_triples(w, x, by_doc.get(x.document.id, []), sentences)
        yield g, [ox.Quad(s, p, o, gn) for s, p, o in dict.fromkeys(triples)]
    if include_ontology:
        g = graph_iri(base, ONTOLOGY)
        gn = N(g)
        yield g, [ox.Quad(t.subject, t.predicate, t.object, gn) for t in ontology_triples()]
