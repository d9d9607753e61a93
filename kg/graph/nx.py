"""Resolution -> networkx MultiDiGraph (entities as nodes, typed relations as edges)."""

from __future__ import annotations

from typing import Any

import networkx as nx

from kg.model import Resolution
from kg.vocab import predicates


def to_networkx(res: Resolution, *, min_confidence: float = 0.0, cooccurrence: bool = False) -> Any:
    """A ``MultiDiGraph``: node attributes ``label``, ``type``, ``aliases`` (``|``-joined),
    ``mentions``; edge key = predicate name, attributes ``predicate``, ``label``,
    ``weight`` (number of evidence sentences), ``confidence``, ``evidence`` (first sentence)."""
    g = nx.MultiDiGraph(name="kg")
    counts: dict[str, int] = {}
    for eid in res.mention_entity.values():
        counts[eid] = counts.get(eid, 0) + 1
    for e in res.entities:
        g.add_node(e.id, label=e.name, type=e.type, aliases="|".join(e.aliases), mentions=counts.get(e.id, 0))
    sentences = {(s.doc_id, s.index): s.text for x in res.extractions for s in x.sentences}
    preds = predicates()
    for r in res.relations:
        if r.object_is_literal or r.confidence < min_confidence:
            continue
        if r.predicate == "cooccursWith" and not cooccurrence:
            continue
        first = r.evidence[0]
        g.add_edge(
            r.subject, r.object, key=r.predicate,
            predicate=r.predicate, label=preds[r.predicate].label, weight=len(r.evidence),
            confidence=r.confidence, extractor=first.extractor, document=first.span.doc_id,
            evidence=sentences.get((first.span.doc_id, first.span.sent), ""),
        )
    return g
