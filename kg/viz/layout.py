"""networkx graph -> plain, JSON-ready dicts of nodes, edges, colours, sizes and a legend.

This is the pure half of ``kg.viz`` (like networkx ``drawing/layout.py`` next to
``nx_pylab.py``, or displaCy's ``parse_ents`` feeding its renderer): no file, no browser,
no matplotlib.  Both renderers (``render_html`` and ``render_static``) draw exactly what
:func:`layout_graph` returns, so the page and the pictures agree.

Example:
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="Japan", type="COUNTRY", aliases="JP", mentions=3)
    >>> g.add_node("b", label="Nvidia", type="ORG", aliases="", mentions=1)
    >>> _ = g.add_edge("a", "b", key="worksWith", predicate="worksWith", label="works with",
    ...                confidence=0.75, weight=1, evidence="Japan works with Nvidia.")
    >>> data = layout_graph(g)
    >>> [(n["label"], n["color"], n["aliases"]) for n in data["nodes"]]
    [('Japan', '#4e79a7', ['JP']), ('Nvidia', '#f28e2b', [])]
    >>> data["edges"][0]["label"], data["edges"][0]["evidence"]
    ('works with', ['Japan works with Nvidia.'])
    >>> [(item["type"], item["count"]) for item in data["legend"]]
    [('COUNTRY', 1), ('ORG', 1)]
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "DEFAULT_MAX_NODES",
    "TYPE_COLORS",
    "EvidenceIndex",
    "color_of",
    "evidence_index",
    "layout_graph",
    "select_nodes",
]

#: Entities shown by default: the top N by degree keeps a page responsive on big graphs.
DEFAULT_MAX_NODES = 500

#: Fixed colours for the entity types kg produces (Tableau 10, colour-blind friendly).
TYPE_COLORS: dict[str, str] = {
    "COUNTRY": "#4e79a7",
    "ORG": "#f28e2b",
    "PERSON": "#e15759",
    "CONCEPT": "#76b7b2",
    "GPE": "#59a14f",
    "LOC": "#edc948",
    "EVENT": "#b07aa1",
    "PRODUCT": "#ff9da7",
    "NORP": "#9c755f",
    "LAW": "#86bcb6",
    "FAC": "#d4a6c8",
    "WORK_OF_ART": "#fabfd2",
}
_EXTRA_COLORS = ("#8cd17d", "#b6992d", "#499894", "#d37295", "#a0cbe8", "#ffbe7d", "#f1ce63", "#79706e")
_FALLBACK = "#bab0ac"

_SPRING_MAX = 1000  # above this many nodes the O(n²) spring layout is too slow: spiral instead

#: (subject id, predicate, object id) -> evidence sentences.
EvidenceIndex = Mapping[tuple[str, str, str], Sequence[str]]


def color_of(type_: str, others: Sequence[str] = ()) -> str:
    """The colour of entity type ``type_``; unknown types take extra colours in the order
    of ``others`` (the sorted unknown types of one graph), so a graph's colours are stable.

    Example:
        >>> color_of("PERSON"), color_of("MINERAL", ["MINERAL"]), color_of("X")
        ('#e15759', '#8cd17d', '#bab0ac')
    """
    if type_ in TYPE_COLORS:
        return TYPE_COLORS[type_]
    if type_ in others:
        return _EXTRA_COLORS[list(others).index(type_) % len(_EXTRA_COLORS)]
    return _FALLBACK


def evidence_index(resolution: Any) -> dict[tuple[str, str, str], tuple[str, ...]]:
    """Every evidence sentence of every entity-to-entity relation of a ``Resolution``
    (the networkx graph keeps only the first one per edge).

    Example:
        >>> from kg.model import Resolution
        >>> evidence_index(Resolution((), (), ()))
        {}
    """
    sentences = {(s.doc_id, s.index): s.text for x in resolution.extractions for s in x.sentences}
    out: dict[tuple[str, str, str], tuple[str, ...]] = {}
    for r in resolution.relations:
        if r.object_is_literal:
            continue
        texts: list[str] = []
        for ev in r.evidence:
            text = sentences.get((ev.span.doc_id, ev.span.sent))
            if text and text not in texts:
                texts.append(text)
        out[(r.subject, r.predicate, r.object)] = tuple(texts)
    return out


def select_nodes(graph: Any, max_nodes: int | None = DEFAULT_MAX_NODES) -> list[str]:
    """The ids of the ``max_nodes`` entities of highest degree (ties: more mentions, then id);
    every node when ``max_nodes`` is ``None`` or ``0``.  Returned in that rank order.

    Raises:
        ValueError: ``max_nodes`` is negative.
    """
    if max_nodes is not None and max_nodes < 0:
        raise ValueError(f"max_nodes must be 0 (all) or positive, got {max_nodes}")
    ranked = sorted(
        graph.nodes,
        key=lambda n: (-graph.degree(n), -int(graph.nodes[n].get("mentions") or 0), str(n)),
    )
    return ranked if not max_nodes else ranked[:max_nodes]


def _positions(graph: Any, ids: Sequence[str], seed: int) -> dict[str, tuple[float, float]]:
    """Screen positions (pixels, y down).  Connected entities get a seeded spring layout
    (up to ``_SPRING_MAX`` of them; beyond, a sunflower spiral with the highest-degree
    nodes at the centre); entities without relations line up in rows underneath."""
    keep = set(ids)
    linked: set[str] = set()
    pairs = set()
    for u, v in graph.edges():
        if u in keep and v in keep and u != v:
            linked.update((u, v))
            pairs.add((u, v))
    core = [n for n in ids if n in linked]
    alone = [n for n in ids if n not in linked]
    pos: dict[str, tuple[float, float]] = {}
    n = len(core)
    scale = 120.0 * math.sqrt(max(n, 1))
    if 0 < n <= _SPRING_MAX:
        import networkx as nx

        und = nx.Graph()
        und.add_nodes_from(core)
        und.add_edges_from(pairs)
        iterations = 200 if n <= 200 else 80
        kwargs: dict[str, Any] = {"seed": seed, "iterations": iterations, "k": 2.0 / math.sqrt(n)}
        try:
            raw = nx.spring_layout(und, method="force", **kwargs)  # no scipy needed
        except TypeError:  # networkx < 3.5 has no ``method``: dense numpy below 500 nodes
            raw = nx.spring_layout(und, **kwargs)
        pos = {k: (float(p[0]) * scale, float(p[1]) * scale) for k, p in raw.items()}
    elif n:
        golden = math.pi * (3.0 - math.sqrt(5.0))
        pos = {nid: (55.0 * math.sqrt(i) * math.cos(i * golden), 55.0 * math.sqrt(i) * math.sin(i * golden))
               for i, nid in enumerate(core)}
    if alone:
        xs = [p[0] for p in pos.values()] or [0.0]
        ys = [p[1] for p in pos.values()] or [0.0]
        left, width = min(xs), max(max(xs) - min(xs), 600.0)
        per_row = max(1, int(width // 160) + 1)
        step = width / max(per_row - 1, 1)
        top = max(ys) + 160.0
        for i, nid in enumerate(alone):
            row, col = divmod(i, per_row)
            pos[nid] = (left + col * step, top + row * 110.0)
    return pos


def _curves(edges: list[tuple[str, str]]) -> list[float]:
    """A signed bend for each edge so that edges between the same two nodes don't overlap
    (0 = straight; the sign is relative to the edge's own direction)."""
    seen: dict[frozenset[str], int] = defaultdict(int)
    total = Counter(frozenset(e) for e in edges)
    out = []
    for u, v in edges:
        pair = frozenset((u, v))
        k = seen[pair]
        seen[pair] += 1
        if total[pair] == 1:
            out.append(0.0)
            continue
        bend = 0.22 * (k // 2 + 1) * (1 if k % 2 == 0 else -1)
        if str(u) > str(v):  # same geometric side whichever way the edge points
            bend = -bend
        out.append(round(bend, 3))
    return out


def layout_graph(
    graph: Any,
    *,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    min_confidence: float = 0.0,
    evidence: EvidenceIndex | None = None,
    title: str = "Knowledge graph",
    seed: int = 7,
) -> dict[str, Any]:
    """The drawable content of a kg networkx graph (see ``kg.graph.nx``).

    Args:
        graph: a (Multi)DiGraph with node attributes ``label``, ``type``, ``aliases``
            (``|``-joined), ``mentions`` and edge attributes ``predicate``, ``label``,
            ``confidence``, ``weight``, ``evidence``.
        max_nodes: keep the top N entities by degree; ``None`` or ``0`` keeps all.
        min_confidence: leave out edges below this confidence.
        evidence: all evidence sentences per ``(subject, predicate, object)``, from
            :func:`evidence_index`; without it the edge's own ``evidence`` is used.
        title: shown above the graph.
        seed: the layout's random seed (the same graph always gets the same picture).

    Returns:
        ``{"nodes": [...], "edges": [...], "legend": [...], "meta": {...}}``: plain
        lists and dicts of strings and numbers, ready for ``json.dumps``.

    Raises:
        ValueError: ``max_nodes`` is negative.
    """
    ids = select_nodes(graph, max_nodes)
    keep = set(ids)
    edge_rows = []
    for u, v, key, d in _edges(graph):
        if u not in keep or v not in keep:
            continue
        raw = d.get("confidence")
        conf = float(raw) if raw is not None else 1.0
        if conf < min_confidence:
            continue
        edge_rows.append((u, v, key, d, conf))
    pos = _positions(graph, ids, seed)
    types = [str(graph.nodes[n].get("type") or "THING") for n in ids]
    unknown = sorted({t for t in types if t not in TYPE_COLORS})
    mentions = [int(graph.nodes[n].get("mentions") or 0) for n in ids]
    top = max(mentions, default=0) or 1
    degree: Counter[str] = Counter()
    for u, v, *_ in edge_rows:
        degree[u] += 1
        degree[v] += 1
    nodes = []
    for nid, type_, m in zip(ids, types, mentions, strict=True):
        attrs = graph.nodes[nid]
        aliases = [a for a in str(attrs.get("aliases") or "").split("|") if a]
        x, y = pos[nid]
        nodes.append({
            "id": str(nid),
            "label": str(attrs.get("label") or nid),
            "type": type_,
            "aliases": aliases,
            "mentions": m,
            "degree": degree[nid],
            "color": color_of(type_, unknown),
            "size": round(10.0 + 26.0 * math.sqrt(m / top), 2),
            "x": round(x, 1),
            "y": round(y, 1),
        })
    curves = _curves([(u, v) for u, v, *_ in edge_rows])
    edges = []
    for i, ((u, v, key, d, conf), curve) in enumerate(zip(edge_rows, curves, strict=True)):
        pred = str(d.get("predicate") or key)
        if evidence is not None and (u, pred, v) in evidence:
            sents = list(evidence[(u, pred, v)])
        else:
            sents = [str(d["evidence"])] if d.get("evidence") else []
        edges.append({
            "id": f"e{i}",
            "from": str(u),
            "to": str(v),
            "predicate": pred,
            "label": str(d.get("label") or pred),
            "confidence": round(conf, 4),
            "weight": int(d.get("weight") or max(len(sents), 1)),
            "evidence": sents,
            "curve": curve,
        })
    counts = Counter(types)
    legend = [{"type": t, "color": color_of(t, unknown), "count": counts[t]}
              for t in sorted(counts, key=lambda t: (-counts[t], t))]
    meta = {
        "title": title,
        "total_nodes": graph.number_of_nodes(),
        "total_edges": graph.number_of_edges(),
        "shown_nodes": len(nodes),
        "shown_edges": len(edges),
        "max_nodes": max_nodes or 0,
        "min_confidence": min_confidence,
        "truncated": len(nodes) < graph.number_of_nodes(),
    }
    return {"nodes": nodes, "edges": edges, "legend": legend, "meta": meta}


def _edges(graph: Any) -> list[tuple[Any, Any, Any, dict[str, Any]]]:
    if graph.is_multigraph():
        return [(u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)]
    return [(u, v, d.get("predicate"), d) for u, v, d in graph.edges(data=True)]
