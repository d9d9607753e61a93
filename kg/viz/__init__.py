"""Pictures of a knowledge graph: a self-contained HTML page and static PNG/SVG.

``layout.py`` turns a networkx graph into plain dicts (pure); the renderers registered in
``kg.registry.renderers`` (``"html"``, ``"png"``, ``"svg"``) turn those dicts into bytes.
pyvis's vis-network files and matplotlib are only read/imported when a renderer runs.

Example:
    >>> from kg.graph import KnowledgeGraph
    >>> from kg.model import Resolution
    >>> page = render(KnowledgeGraph(Resolution((), (), ())))
    >>> page.startswith("<!DOCTYPE html>")
    True
    >>> sorted(FORMATS)
    ['html', 'png', 'svg']
"""

from __future__ import annotations

import html as _html
import io
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from kg.errors import ExportError, UnknownNameError
from kg.files import write_atomic
from kg.registry import renderers
from kg.viz import render_html, render_static  # noqa: F401  (register the renderers)
from kg.viz.layout import DEFAULT_MAX_NODES, evidence_index, layout_graph, literal_facts

__all__ = [
    "DEFAULT_FILES",
    "DEFAULT_MAX_NODES",
    "FORMATS",
    "Inline",
    "layout",
    "layout_graph",
    "render",
    "show",
    "write_viz",
]

#: format -> file written by :func:`write_viz` / ``kg viz``.
DEFAULT_FILES = {"html": "graph.html", "png": "graph.png", "svg": "graph.svg"}
FORMATS = frozenset(DEFAULT_FILES)
_TEXT_FORMATS = frozenset({"html", "svg"})


def layout(
    graph: Any,
    *,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    min_confidence: float = 0.0,
    title: str | None = None,
) -> dict[str, Any]:
    """The layout dicts of a ``KnowledgeGraph`` (all evidence sentences per relation, and
    the relations with a value as object, listed per entity) or of a networkx graph in kg's
    shape (e.g. read back from ``graph.graphml``, which holds entity-to-entity relations only)."""
    facts: dict[str, list[dict[str, Any]]] | None = None
    total: int | None = None
    if hasattr(graph, "to_networkx"):
        g = graph.to_networkx()
        evidence = evidence_index(graph.resolution)
        sentences = {(s.doc_id, s.index): s.text for x in graph.resolution.extractions for s in x.sentences}
        facts = literal_facts(graph.relations, sentences, min_confidence)
        total = len(graph.relations)  # as `kg build` counts them
        default_title = f"Knowledge graph of {len(graph.documents)} document" + \
            ("s" if len(graph.documents) != 1 else "")
    else:
        g, evidence, default_title = graph, None, "Knowledge graph"
    return layout_graph(g, max_nodes=max_nodes, min_confidence=min_confidence, evidence=evidence,
                        facts=facts, total_relations=total, title=title or default_title)


def _renderer(format: str) -> Any:
    try:
        return renderers.get(format)
    except Exception:  # catalogue.RegistryError
        raise UnknownNameError("viz format", format, renderers.get_all()) from None


def render(
    graph: Any,
    destination: str | Path | IO[bytes] | None = None,
    *,
    format: str = "html",
    max_nodes: int | None = DEFAULT_MAX_NODES,
    min_confidence: float = 0.0,
    title: str | None = None,
) -> str | bytes | None:
    """Draw ``graph`` as ``format`` (``"html"``, ``"png"`` or ``"svg"``).

    Args:
        graph: a ``KnowledgeGraph`` or a networkx graph in kg's shape.
        destination: a path or binary stream; when ``None`` the result is returned
            (``str`` for html/svg, ``bytes`` for png).
        format: a registered renderer name.
        max_nodes: keep the top N entities by degree (``None``/``0``: all).
        min_confidence: leave out relations below this confidence.
        title: the heading (default: "Knowledge graph of N documents").

    Raises:
        UnknownNameError: ``format`` is not a registered renderer.
        ExportError: the file could not be written.
        ImportError: the ``viz`` extra is not installed.
    """
    writer = _renderer(format)
    data = layout(graph, max_nodes=max_nodes, min_confidence=min_confidence, title=title)
    if destination is None:
        buf = io.BytesIO()
        writer(data, buf)
        raw = buf.getvalue()
        return raw.decode("utf-8") if format in _TEXT_FORMATS else raw
    if not isinstance(destination, (str, Path)):
        writer(data, destination)
        return None
    _write_atomic(Path(destination), lambda f: writer(data, f))
    return None


def write_viz(
    graph: Any,
    out_dir: str | Path,
    formats: Iterable[str] = ("html",),
    *,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    min_confidence: float = 0.0,
    title: str | None = None,
) -> dict[str, Path]:
    """Write ``out_dir/graph.html`` (and/or ``graph.png``, ``graph.svg``); returns
    format -> path.

    Raises:
        UnknownNameError: a format is not a registered renderer.
        ExportError: a file could not be written.
    """
    out = Path(out_dir)
    writers = {fmt: _renderer(fmt) for fmt in dict.fromkeys(formats)}
    data = layout(graph, max_nodes=max_nodes, min_confidence=min_confidence, title=title)
    paths = {}
    for fmt, writer in writers.items():
        path = out / DEFAULT_FILES.get(fmt, f"graph.{fmt}")
        _write_atomic(path, lambda f, w=writer: w(data, f))
        paths[fmt] = path
    return paths


def _write_atomic(path: Path, write: Any) -> None:
    try:
        write_atomic(path, write)
    except OSError as e:
        raise ExportError(f"cannot write {path}: {e.strerror or e}") from e


class Inline:
    """The page in an ``<iframe srcdoc>``, for Jupyter (its scripts stay sandboxed)."""

    def __init__(self, page: str, *, height: int = 640) -> None:
        self.page = page
        self.height = height

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{_html.escape(self.page, quote=True)}" '
                f'style="width:100%;height:{self.height}px;border:1px solid #ddd" '
                f'sandbox="allow-scripts"></iframe>')


def show(graph: Any, *, height: int = 640, max_nodes: int | None = DEFAULT_MAX_NODES,
         min_confidence: float = 0.0, title: str | None = None) -> Inline:
    """The interactive page of ``graph``, displayed inline when it is the last expression of
    a notebook cell."""
    page = render(graph, format="html", max_nodes=max_nodes, min_confidence=min_confidence, title=title)
    return Inline(str(page), height=height)
