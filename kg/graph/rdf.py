"""Resolution -> rdflib Graph: entities, typed relations, NIF mentions, PROV-O evidence.

Every node is an IRI derived from its content (no blank nodes, no uuids), so the same
input always gives the same graph.
"""

from __future__ import annotations

from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.model import Extraction, Relation, Resolution, stable_hash
from kg.vocab import ITSRDF, KGO, NIF, PREFIXES, TYPE_CLASSES, ontology, predicates


def _class_of(type_: str) -> URIRef:
    return TYPE_CLASSES.get(type_, KGO[type_.title().replace("_", "")])


class IRIs:
    """The IRI scheme of an output graph under ``base``."""

    def __init__(self, base: str) -> None:
        self.ns = Namespace(base)

    def doc(self, doc_id: str) -> URIRef:
        return self.ns[f"doc/{quote(doc_id)}"]

    def span(self, doc_id: str, start: int, end: int) -> URIRef:
        return URIRef(f"{self.doc(doc_id)}#char={start},{end}")

    def entity(self, entity_id: str) -> URIRef:
        return self.ns[f"entity/{quote(entity_id)}"]

    def relation(self, rel: Relation) -> URIRef:
        return self.ns[f"relation/{rel.id}"]

    def rule(self, name: str) -> URIRef:
        return self.ns[f"rule/{quote(name)}"]


def _decimal(x: float) -> Literal:
    return Literal(f"{x:.3f}", datatype=XSD.decimal)


def add_document(g: Graph, iri: IRIs, x: Extraction, mention_entity: dict[str, str],
                 entity_class: dict[str, URIRef]) -> None:
    d = x.document
    doc = iri.doc(d.id)
    ctx = iri.span(d.id, 0, len(d.text))
    g.add((doc, RDF.type, URIRef("https://schema.org/NewsArticle")))
    g.add((doc, DCTERMS.identifier, Literal(d.id)))
    g.add((doc, KGO.contentHash, Literal(d.content_hash)))
    if d.title:
        g.add((doc, DCTERMS.title, Literal(d.title)))
    if d.date:
        g.add((doc, DCTERMS.date, Literal(d.date, datatype=XSD.date)))
    if d.url:
        g.add((doc, URIRef("https://schema.org/url"), Literal(d.url, datatype=XSD.anyURI)))
    if d.source:
        g.add((doc, DCTERMS.source, Literal(d.source)))
    g.add((ctx, RDF.type, NIF.Context))
    g.add((ctx, RDF.type, NIF.OffsetBasedString))
    g.add((ctx, NIF.isString, Literal(d.text)))
    g.add((ctx, NIF.beginIndex, Literal(0, datatype=XSD.nonNegativeInteger)))
    g.add((ctx, NIF.endIndex, Literal(len(d.text), datatype=XSD.nonNegativeInteger)))
    g.add((ctx, NIF.sourceUrl, doc))
    g.add((doc, KGO.context, ctx))
    for m in x.mentions:
        ent = mention_entity.get(m.id)
        if ent is None:
            continue
        node = iri.span(d.id, m.span.start, m.span.end)
        g.add((node, RDF.type, NIF.Phrase))
        g.add((node, RDF.type, NIF.OffsetBasedString))
        g.add((node, NIF.anchorOf, Literal(m.text)))
        g.add((node, NIF.beginIndex, Literal(m.span.start, datatype=XSD.nonNegativeInteger)))
        g.add((node, NIF.endIndex, Literal(m.span.end, datatype=XSD.nonNegativeInteger)))
        g.add((node, NIF.referenceContext, ctx))
        if m.label == "PRON":  # an anaphor refers to the entity; it does not name it
            g.add((node, RDF.type, KGO.Anaphor))
            g.add((node, KGO.refersTo, iri.entity(ent)))
        else:
            g.add((node, ITSRDF.taIdentRef, iri.entity(ent)))
            g.add((node, ITSRDF.taClassRef, entity_class[ent]))
        g.add((node, PROV.wasAttributedTo, iri.rule(m.provenance.extractor)))
        if m.provenance.confidence is not None:
            g.add((node, ITSRDF.taConfidence, Literal(m.provenance.confidence, datatype=XSD.double)))


def to_rdf(res: Resolution, *, base: str, min_confidence: float = 0.0,
           include_ontology: bool = True, cooccurrence: bool = False) -> Graph:
    """The RDF graph of a resolution."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.bind("kg", Namespace(base))
    iri = IRIs(base)
    if include_ontology:
        for t in ontology():
            g.add(t)
    entity_class = {e.id: _class_of(e.type) for e in res.entities}
    counts = {e.id: 0 for e in res.entities}
    for eid in res.mention_entity.values():
        counts[eid] = counts.get(eid, 0) + 1
    for e in res.entities:
        node = iri.entity(e.id)
        g.add((node, RDF.type, entity_class[e.id]))
        g.add((node, RDFS.label, Literal(e.name)))
        for a in e.aliases:
            g.add((node, SKOS.altLabel, Literal(a)))
        g.add((node, KGO.frequency, Literal(counts[e.id], datatype=XSD.integer)))
        if e.key and e.type == "COUNTRY":
            g.add((node, DCTERMS.identifier, Literal(e.key)))
    sentences = {}
    doc_len = {x.document.id: len(x.document.text) for x in res.extractions}
    for x in res.extractions:
        add_document(g, iri, x, res.mention_entity, entity_class)
        for sentence in x.sentences:
            sentences[(sentence.doc_id, sentence.index)] = sentence
    preds = predicates()
    rules = set()
    for rel in res.relations:
        if rel.confidence < min_confidence:
            continue
        if rel.predicate == "cooccursWith" and not cooccurrence:
            continue
        p = preds[rel.predicate].iri
        s = iri.entity(rel.subject)
        o = Literal(rel.object, datatype=XSD[rel.datatype] if rel.datatype else None) \
            if rel.object_is_literal else iri.entity(rel.object)
        g.add((s, p, o))
        st = iri.relation(rel)
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        g.add((st, KGO.confidence, _decimal(rel.confidence)))
        for ev in rel.evidence:
            sent = sentences.get((ev.span.doc_id, ev.span.sent))
            if sent is None:
                continue
            snode = iri.span(sent.doc_id, sent.start, sent.end)
            g.add((snode, RDF.type, NIF.Sentence))
            g.add((snode, NIF.anchorOf, Literal(sent.text)))
            g.add((snode, NIF.beginIndex, Literal(sent.start, datatype=XSD.nonNegativeInteger)))
            g.add((snode, NIF.endIndex, Literal(sent.end, datatype=XSD.nonNegativeInteger)))
            g.add((snode, NIF.referenceContext, iri.span(sent.doc_id, 0, doc_len[sent.doc_id])))
            evn = URIRef(f"{st}/evidence/{stable_hash(ev.span.doc_id, ev.span.start, ev.extractor)}")
            g.add((st, KGO.evidence, evn))
            g.add((st, PROV.wasDerivedFrom, snode))
            g.add((evn, RDF.type, KGO.Evidence))
            g.add((evn, KGO.sentence, snode))
            g.add((evn, PROV.wasDerivedFrom, iri.doc(sent.doc_id)))
            g.add((evn, PROV.wasAttributedTo, iri.rule(ev.extractor)))
            if ev.confidence is not None:
                g.add((evn, KGO.confidence, _decimal(ev.confidence)))
            rules.add(ev.extractor)
    for x in res.extractions:
        for m in x.mentions:
            rules.add(m.provenance.extractor)
    for name in sorted(rules):
        r = iri.rule(name)
        g.add((r, RDF.type, KGO.Rule))
        g.add((r, RDF.type, PROV.SoftwareAgent))
        g.add((r, RDFS.label, Literal(name)))
    return g

