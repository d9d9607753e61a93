"""Layout dicts -> static pictures (PNG, SVG) with matplotlib, for reports.

matplotlib is imported inside the functions, and only its object-oriented API is used
(``Figure``, no ``pyplot``), so there is no global figure state and no GUI backend.
Positions, colours and sizes come from ``kg.viz.layout``, so the picture matches the page.
"""

from __future__ import annotations

import math
from typing import IO, Any

from kg.registry import renderers

__all__ = ["EDGE_LABEL_LIMIT", "draw", "write_png", "write_svg"]

#: Edge labels are drawn when a picture has at most this many edges (beyond it they are noise).
EDGE_LABEL_LIMIT = 80


def _figure(layout: dict[str, Any]) -> Any:
    try:
        from matplotlib.figure import Figure
        from matplotlib.lines import Line2D
        from matplotlib.patches import FancyArrowPatch
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("static pictures need matplotlib: pip install 'kg[viz]'") from e
    nodes, edges = layout["nodes"], layout["edges"]
    n = len(nodes)
    side = min(24.0, max(10.0, 2.2 * math.sqrt(max(n, 1))))
    fig = Figure(figsize=(side, side * 0.75), layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    draw(ax, layout, FancyArrowPatch=FancyArrowPatch)
    meta = layout.get("meta", {})
    subtitle = f"{meta.get('shown_nodes', n)} of {meta.get('total_nodes', n)} entities, " \
               f"{meta.get('shown_edges', len(edges))} relations"
    ax.set_title(f"{meta.get('title', 'Knowledge graph')}  ({subtitle})", fontsize=13)
    handles = [Line2D([], [], marker="o", linestyle="", markersize=10, markerfacecolor=item["color"],
                      markeredgecolor="#444", label=f"{item['type']} ({item['count']})")
               for item in layout["legend"]]
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=True,
                  framealpha=0.9, fontsize=10, title="entity type")
    return fig


def draw(ax: Any, layout: dict[str, Any], *, FancyArrowPatch: Any = None) -> None:  # noqa: N803
    """Draw ``layout`` on a matplotlib ``Axes`` (nodes, directed edges, labels).

    Node positions are screen pixels with y pointing down, as on the page; they are
    flipped here.
    """
    if FancyArrowPatch is None:
        from matplotlib.patches import FancyArrowPatch
    nodes, edges = layout["nodes"], layout["edges"]
    pos = {nd["id"]: (nd["x"], -nd["y"]) for nd in nodes}
    area = {nd["id"]: (nd["size"] * 1.5) ** 2 for nd in nodes}  # scatter area in points²
    if nodes:
        xs, ys = zip(*pos.values(), strict=True)
        pad = 0.12 * max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
        ax.set_xlim(min(xs) - pad, max(xs) + pad)
        ax.set_ylim(min(ys) - pad, max(ys) + pad)
    for e in edges:
        rad = e["curve"]
        arrow = FancyArrowPatch(
            pos[e["from"]], pos[e["to"]], arrowstyle="-|>", mutation_scale=12,
            connectionstyle=f"arc3,rad={rad}", color="#8a949c", linewidth=0.6 + 1.4 * e["confidence"],
            shrinkA=math.sqrt(area[e["from"]]) / 2 + 1, shrinkB=math.sqrt(area[e["to"]]) / 2 + 1, zorder=1,
        )
        ax.add_patch(arrow)
        if len(edges) <= EDGE_LABEL_LIMIT:
            (x1, y1), (x2, y2) = pos[e["from"]], pos[e["to"]]
            # the midpoint of an arc3 curve sits rad/2 of the chord length off the chord
            mx, my = (x1 + x2) / 2 + rad / 2 * (y2 - y1), (y1 + y2) / 2 - rad / 2 * (x2 - x1)
            ax.text(mx, my, e["label"], fontsize=7, color="#555", ha="center", va="center", zorder=2,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75})
    if nodes:
        ax.scatter([pos[nd["id"]][0] for nd in nodes], [pos[nd["id"]][1] for nd in nodes],
                   s=[area[nd["id"]] for nd in nodes], c=[nd["color"] for nd in nodes],
                   edgecolors="#333", linewidths=0.8, zorder=3)
    label_size = 10 if len(nodes) <= 60 else 8 if len(nodes) <= 200 else 6
    for nd in nodes:
        x, y = pos[nd["id"]]
        ax.annotate(nd["label"], (x, y), xytext=(0, -(math.sqrt(area[nd["id"]]) / 2 + 3)),
                    textcoords="offset points", ha="center", va="top", fontsize=label_size, zorder=4,
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.8})


def _save(layout: dict[str, Any], stream: IO[bytes], format: str, dpi: int) -> None:
    fig = _figure(layout)
    metadata = {"Date": None} if format == "svg" else {}
    fig.savefig(stream, format=format, dpi=dpi, facecolor="white", metadata=metadata)


@renderers.register("png")
def write_png(layout: dict[str, Any], stream: IO[bytes], *, dpi: int = 150) -> None:
    """Write ``layout`` as a PNG to a binary stream.

    Raises:
        ImportError: matplotlib is not installed (``pip install 'kg[viz]'``).
    """
    _save(layout, stream, "png", dpi)


@renderers.register("svg")
def write_svg(layout: dict[str, Any], stream: IO[bytes]) -> None:
    """Write ``layout`` as an SVG (UTF-8) to a binary stream.

    Raises:
        ImportError: matplotlib is not installed (``pip install 'kg[viz]'``).
    """
    _save(layout, stream, "svg", 72)
