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

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = [
    "DEFAULT_MAX_NODES",
    "TYPE_COLORS",
    "EvidenceIndex",
    "bundle",
    "color_of",
    "components",
    "evidence_index",
    "fans",
    "layout_graph",
    "link_label",
    "literal_facts",
    "pack",
    "select_nodes",
    "separate",
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


#: Layout units (pixels at zoom 1) between linked entities, around them and between groups.
EDGE_LENGTH = 110.0
NODE_GAP = 28.0
GROUP_GAP = 45.0
DENSITY = 1.2  # share of EDGE_LENGTH² per entity a group gets at least
#: Width / height the packed groups aim at (the canvas beside the sidebar at 1024-1400 px).
ASPECT = 1.15


def components(ids: Sequence[str], pairs: Iterable[tuple[str, str]]) -> list[list[str]]:
    """The connected groups of ``ids`` linked by ``pairs`` (direction ignored), biggest
    first (ties: the group whose best-ranked member comes first); each group keeps the
    order of ``ids``.  Entities without a link are groups of one.

    Example:
        >>> components(["a", "b", "c", "d", "e"], [("b", "c"), ("d", "c"), ("e", "a")])
        [['b', 'c', 'd'], ['a', 'e']]
    """
    rank = {n: i for i, n in enumerate(ids)}
    parent = {n: n for n in ids}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for u, v in pairs:
        if u in parent and v in parent:
            a, b = root(u), root(v)
            if a != b:
                parent[max(a, b, key=rank.__getitem__)] = min(a, b, key=rank.__getitem__)
    groups: dict[str, list[str]] = defaultdict(list)
    for n in ids:
        groups[root(n)].append(n)
    return sorted(groups.values(), key=lambda g: (-len(g), rank[g[0]]))


def separate(pos: dict[str, list[float]], radius: Mapping[str, float], gap: float = NODE_GAP,
             rounds: int = 60) -> None:
    """Push entities apart, in place, until no two discs come closer than ``gap`` (the room
    a label needs), or ``rounds`` passes are done.  Each pass looks only at entities in
    neighbouring cells of a grid (linear time); pairs are visited in a fixed order, so the
    result is deterministic.

    Example:
        >>> pos = {"a": [0.0, 0.0], "b": [1.0, 0.0]}
        >>> separate(pos, {"a": 10.0, "b": 10.0}, gap=5.0)
        >>> round(pos["b"][0] - pos["a"][0], 1)
        25.0
    """
    ids = list(pos)
    if len(ids) < 2:
        return
    cell = 2 * max(radius[k] for k in ids) + gap
    for _ in range(rounds):
        grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i, k in enumerate(ids):
            grid[(math.floor(pos[k][0] / cell), math.floor(pos[k][1] / cell))].append(i)
        moved = False
        for i, a in enumerate(ids):
            pa, ra = pos[a], radius[a]
            cx, cy = math.floor(pa[0] / cell), math.floor(pa[1] / cell)
            near = sorted(j for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                          for j in grid.get((cx + dx, cy + dy), ()) if j > i)
            for j in near:
                b = ids[j]
                pb = pos[b]
                dx_, dy_ = pb[0] - pa[0], pb[1] - pa[1]
                need = ra + radius[b] + gap
                d = math.hypot(dx_, dy_)
                if d >= need - 1e-6:
                    continue
                if d < 1e-9:  # same spot: split along a fixed direction
                    dx_, dy_, d = 1.0, 0.0, 1.0
                push = (need - d) / 2 + 0.01
                ux, uy = dx_ / d * push, dy_ / d * push
                pa[0] -= ux
                pa[1] -= uy
                pb[0] += ux
                pb[1] += uy
                moved = True
        if not moved:
            break


def _group_positions(graph: Any, nodes: list[str], seed: int) -> dict[str, list[float]]:
    """Positions of one connected group, in arbitrary units: ForceAtlas2 (networkx >= 3.4;
    a seeded spring layout before), a sunflower spiral above ``_SPRING_MAX`` entities."""
    n = len(nodes)
    if n == 2:
        return {nodes[0]: [0.0, 0.0], nodes[1]: [EDGE_LENGTH, 0.0]}
    if n > _SPRING_MAX:
        golden = math.pi * (3.0 - math.sqrt(5.0))
        return {nid: [math.sqrt(i) * math.cos(i * golden), math.sqrt(i) * math.sin(i * golden)]
                for i, nid in enumerate(nodes)}
    import networkx as nx

    sub = nx.Graph()
    sub.add_nodes_from(nodes)
    sub.add_edges_from(graph.subgraph(nodes).edges())
    if hasattr(nx, "forceatlas2_layout"):
        raw = nx.forceatlas2_layout(sub, seed=seed, max_iter=150, strong_gravity=True, gravity=0.05)
    else:  # pragma: no cover - networkx < 3.4
        raw = nx.spring_layout(sub, seed=seed, iterations=200, k=2.0 / math.sqrt(n))
    return {k: [float(raw[k][0]), float(raw[k][1])] for k in nodes}


def _scaled(pos: dict[str, list[float]], pairs: Sequence[tuple[str, str]]) -> dict[str, list[float]]:
    """``pos`` scaled so that the median link is ``EDGE_LENGTH`` long and the group has at
    least ``EDGE_LENGTH``² of room per entity (a dense group is spread, not squeezed)."""
    lengths = sorted(math.dist(pos[u], pos[v]) for u, v in pairs if u in pos and v in pos)
    median = lengths[len(lengths) // 2] if lengths else 0.0
    f = EDGE_LENGTH / median if median > 1e-9 else 1.0
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    area = (max(xs) - min(xs)) * (max(ys) - min(ys))
    if len(pos) > 3 and area > 1e-9:
        f = max(f, math.sqrt(len(pos) * EDGE_LENGTH ** 2 * DENSITY / area))
    return {k: [x * f, y * f] for k, (x, y) in pos.items()}


def pack(boxes: Sequence[tuple[float, float]], gap: float = GROUP_GAP,
         aspect: float = ASPECT) -> list[tuple[float, float]]:
    """Top-left corners for rectangles ``(width, height)`` given biggest first, packed in
    shelves (rows) about ``aspect`` times as wide as the whole is high.

    Example:
        >>> pack([(100, 100), (40, 40), (40, 40), (40, 40)], gap=10, aspect=1.5)
        [(0.0, 0.0), (110.0, 0.0), (110.0, 50.0), (0.0, 110.0)]
    """
    if not boxes:
        return []
    area = sum((w + gap) * (h + gap) for w, h in boxes)
    row_width = max(max(w for w, _ in boxes), math.sqrt(area * aspect))
    out: list[tuple[float, float]] = []
    x = y = 0.0
    row_h = 0.0
    # a shelf is filled in columns: small boxes stack under each other next to a big one
    col_x, col_y, col_w = 0.0, 0.0, 0.0
    for w, h in boxes:
        if out and col_y + h <= row_h + 1e-9 and col_x + w <= row_width + 1e-9 and w <= col_w + 1e-9:
            out.append((col_x, y + col_y))
            col_y += h + gap
            continue
        if out and x + w > row_width + 1e-9:
            y += row_h + gap
            x, row_h = 0.0, 0.0
        out.append((x, y))
        row_h = max(row_h, h)
        col_x, col_y, col_w = x, h + gap, w
        x += w + gap
        if col_y > row_h:
            col_x, col_y, col_w = x, 0.0, 0.0
    return out


def _positions(graph: Any, ids: Sequence[str], pairs: Sequence[tuple[str, str]],
               radius: Mapping[str, float], seed: int) -> dict[str, tuple[float, float]]:
    """Screen positions (pixels at zoom 1, y down).  Each connected group gets its own
    layout (scaled to ``EDGE_LENGTH`` per link, discs pushed ``NODE_GAP`` apart), then the
    groups are packed biggest first; entities without relations line up in rows underneath
    (the static pictures draw them; the page lists them in the sidebar instead)."""
    groups = components(ids, pairs)
    linked = [g for g in groups if len(g) > 1]
    alone = [g[0] for g in groups if len(g) == 1]
    import networkx as nx

    und = nx.Graph()
    und.add_edges_from(pairs)
    placed: list[dict[str, list[float]]] = []
    boxes: list[tuple[float, float]] = []
    for group in linked:
        members = set(group)
        pos = _scaled(_group_positions(und, group, seed), [p for p in pairs if p[0] in members])
        if len(group) <= _SPRING_MAX:  # a spiral is spaced already
            separate(pos, radius)
        left = min(x - radius[k] for k, (x, _) in pos.items())
        top = min(y - radius[k] for k, (_, y) in pos.items())
        right = max(x + radius[k] for k, (x, _) in pos.items())
        bottom = max(y + radius[k] for k, (_, y) in pos.items())
        placed.append({k: [x - left, y - top] for k, (x, y) in pos.items()})
        boxes.append((right - left, bottom - top))
    out: dict[str, tuple[float, float]] = {}
    for pos, (ox, oy) in zip(placed, pack(boxes), strict=True):
        out.update({k: (x + ox, y + oy) for k, (x, y) in pos.items()})
    if alone:
        width = max([x for x, _ in out.values()] + [600.0])
        per_row = max(1, int(width // 160) + 1)
        step = width / max(per_row - 1, 1)
        top = max([y for _, y in out.values()] + [0.0]) + 160.0
        for i, nid in enumerate(alone):
            row, col = divmod(i, per_row)
            out[nid] = (col * step, top + row * 110.0)
    return out


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


def link_label(labels: Sequence[str]) -> str:
    """The one label drawn for several relations between the same two entities: the label
    with ``×N`` when they all say the same (both directions), else the first and ``+N``.

    Example:
        >>> link_label(["works with"]), link_label(["works with", "works with"])
        ('works with', 'works with ×2')
        >>> link_label(["head of state", "meets", "meets"])
        'head of state +2'
    """
    if not labels:
        return ""
    if len(set(labels)) == 1:
        return labels[0] if len(labels) == 1 else f"{labels[0]} ×{len(labels)}"
    return f"{labels[0]} +{len(labels) - 1}"


def bundle(edges: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One drawn link per pair of entities (whatever the direction) for ``edges`` (the
    ``"edges"`` of :func:`layout_graph`): the relations it stands for, its label (see
    :func:`link_label`) and which ends get an arrow.  Order: first appearance.

    Example:
        >>> es = [{"id": "e0", "from": "a", "to": "b", "label": "works with", "confidence": 0.5},
        ...       {"id": "e1", "from": "b", "to": "a", "label": "works with", "confidence": 0.9}]
        >>> link = bundle(es)[0]
        >>> link["edges"], link["label"], link["arrows"], link["confidence"]
        (['e0', 'e1'], 'works with ×2', 'to, from', 0.9)
    """
    groups: dict[frozenset[str], list[Mapping[str, Any]]] = {}
    for e in edges:
        groups.setdefault(frozenset((e["from"], e["to"])), []).append(e)
    links = []
    for i, members in enumerate(groups.values()):
        u, v = members[0]["from"], members[0]["to"]
        forward = any(e["from"] == u for e in members)
        backward = any(e["from"] == v and u != v for e in members)
        links.append({
            "id": f"l{i}",
            "from": u,
            "to": v,
            "edges": [e["id"] for e in members],
            "label": link_label([e["label"] for e in members]),
            "arrows": ", ".join(a for a, on in (("to", forward), ("from", backward)) if on),
            "confidence": max(e["confidence"] for e in members),
        })
    return links


def fans(links: Sequence[Mapping[str, Any]], edges: Sequence[Mapping[str, Any]],
         order: Sequence[str] = (), min_size: int = 3) -> list[dict[str, Any]]:
    """Fans: ``min_size`` or more links that leave (or reach) one entity with the same
    relation (Japan → cooperates on → four topics).  The page draws one label per fan,
    ``"cooperates on ×4"`` beside the entity, instead of four labels piling up on it.  Only
    links of one relation take part; each link is in one fan at most (the biggest first;
    ties: outgoing before incoming, then the entity first in ``order``).

    Example:
        >>> es = [{"id": f"e{i}", "from": "jp", "to": t, "label": "cooperates on", "confidence": 1.0}
        ...       for i, t in enumerate(["ai", "energy", "chips"])]
        >>> [(f["node"], f["direction"], f["text"], f["links"]) for f in fans(bundle(es), es)]
        [('jp', 'out', 'cooperates on ×3', ['l0', 'l1', 'l2'])]
    """
    by_id = {e["id"]: e for e in edges}
    rank = {n: i for i, n in enumerate(order)}
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for link in links:
        if len(link["edges"]) != 1:
            continue
        e = by_id[link["edges"][0]]
        if e["from"] == e["to"]:
            continue
        groups[(e["from"], e["label"], "out")].append(link["id"])
        groups[(e["to"], e["label"], "in")].append(link["id"])
    taken: set[str] = set()
    out: list[dict[str, Any]] = []

    def key(group: tuple[str, str, str], size: int) -> tuple[int, bool, int, str, str]:
        node, label, direction = group
        return (-size, direction == "in", rank.get(node, len(rank)), node, label)

    # biggest fan first; a fan that lost links to an earlier one goes back with its new size
    heap = [(key(g, len(ids)), g) for g, ids in groups.items() if len(ids) >= min_size]
    heapq.heapify(heap)
    while heap:
        k, group = heapq.heappop(heap)
        free = [i for i in groups[group] if i not in taken]
        if len(free) < min_size:
            continue
        if len(free) != -k[0]:
            heapq.heappush(heap, (key(group, len(free)), group))
            continue
        node, label, direction = group
        taken.update(free)
        out.append({"id": f"f{len(out)}", "node": node, "label": label, "direction": direction,
                    "links": free, "text": f"{label} ×{len(free)}"})
    return out


def literal_facts(relations: Iterable[Any], sentences: Mapping[tuple[str, int], str] | None = None,
                  min_confidence: float = 0.0) -> dict[str, list[dict[str, Any]]]:
    """Relations whose object is a value (a date, a number, a phrase), per subject id:
    they have no second entity to draw an edge to, so the page lists them in the details.

    Example:
        >>> from kg.model import CharSpan, Provenance, Relation
        >>> ev = Provenance(CharSpan("d", 0, 9, 0), "rule", 0.9)
        >>> r = Relation("org/X", "inception", "2001-05-01", (ev,), object_is_literal=True,
        ...              datatype="http://www.w3.org/2001/XMLSchema#date")
        >>> literal_facts([r], {("d", 0): "X was founded in May 2001."})["org/X"][0]["value"]
        '2001-05-01'
    """
    from kg.vocab import predicates

    preds = predicates()
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in relations:
        if not r.object_is_literal or r.confidence < min_confidence:
            continue
        texts: list[str] = []
        for ev in r.evidence:
            text = (sentences or {}).get((ev.span.doc_id, ev.span.sent))
            if text and text not in texts:
                texts.append(text)
        pred = preds.get(r.predicate)
        out[r.subject].append({
            "predicate": r.predicate,
            "label": pred.label if pred is not None else r.predicate,
            "value": r.object,
            "datatype": (r.datatype or "").rsplit("#", 1)[-1],
            "confidence": round(r.confidence, 4),
            "evidence": texts,
        })
    return dict(out)


def layout_graph(
    graph: Any,
    *,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    min_confidence: float = 0.0,
    evidence: EvidenceIndex | None = None,
    facts: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
    total_relations: int | None = None,
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
        facts: relations with a value as object per subject, from :func:`literal_facts`
            (not in the networkx graph: listed in the node details, not drawn).
        total_relations: every relation of the build (``len(graph.relations)``), when it
            counts more than the edges plus ``facts`` (co-occurrence, for one); the page
            says how many are not drawn and why.
        title: shown above the graph.
        seed: the layout's random seed (the same graph always gets the same picture).

    Returns:
        ``{"nodes": [...], "edges": [...], "links": [...], "fans": [...], "legend": [...],
        "meta": {...}}``: plain lists and dicts of strings and numbers, ready for
        ``json.dumps``.  ``edges`` are the relations; ``links`` bundle them, one per pair of
        entities (see :func:`bundle`); ``fans`` group links that share one entity and one
        relation (see :func:`fans`).  Nodes with ``"isolated": true`` have no drawn relation.

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
    types = [str(graph.nodes[n].get("type") or "THING") for n in ids]
    unknown = sorted({t for t in types if t not in TYPE_COLORS})
    mentions = [int(graph.nodes[n].get("mentions") or 0) for n in ids]
    top = max(mentions, default=0) or 1
    size = {n: round(10.0 + 26.0 * math.sqrt(m / top), 2) for n, m in zip(ids, mentions, strict=True)}
    pairs = sorted({(u, v) if str(u) <= str(v) else (v, u) for u, v, *_ in edge_rows if u != v}, key=str)
    pos = _positions(graph, ids, pairs, size, seed)
    degree: Counter[str] = Counter()
    for u, v, *_ in edge_rows:
        degree[u] += 1
        degree[v] += 1
    facts = facts or {}
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
            "size": size[nid],
            "x": round(x, 1),
            "y": round(y, 1),
            "isolated": degree[nid] == 0,
            "facts": [dict(f) for f in facts.get(str(nid), ())],
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
    n_facts = sum(len(v) for v in facts.values())
    n_edges = graph.number_of_edges()
    meta = {
        "title": title,
        "total_nodes": graph.number_of_nodes(),
        "total_edges": n_edges,
        "total_relations": max(total_relations or 0, n_edges + n_facts),
        "literal_relations": n_facts,
        "shown_nodes": len(nodes),
        "shown_edges": len(edges),
        "isolated_nodes": sum(1 for n in nodes if n["isolated"]),
        "max_nodes": max_nodes or 0,
        "min_confidence": min_confidence,
        "truncated": len(nodes) < graph.number_of_nodes(),
    }
    links = bundle(edges)
    order = [str(n["id"]) for n in nodes]
    return {"nodes": nodes, "edges": edges, "links": links, "fans": fans(links, edges, order),
            "legend": legend, "meta": meta}


def _edges(graph: Any) -> list[tuple[Any, Any, Any, dict[str, Any]]]:
    if graph.is_multigraph():
        return [(u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)]
    return [(u, v, d.get("predicate"), d) for u, v, d in graph.edges(data=True)]
