"""GraphML (``.graphml``) for Gephi, yEd and ``networkx.read_graphml`` (networkx's
lxml writer)."""

from __future__ import annotations

import io
import re
from typing import IO, Any

import networkx as nx

from kg.registry import exporters

# characters XML 1.0 cannot hold, even escaped (control characters, lone surrogates)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(g: Any) -> Any:
    """``g`` with every string attribute XML can hold (control characters become spaces)."""
    def clean(attrs: dict[str, Any]) -> None:
        for k, v in attrs.items():
            if isinstance(v, str) and _NOT_XML.search(v):
                attrs[k] = _NOT_XML.sub(" ", v)

    for _, attrs in g.nodes(data=True):
        clean(attrs)
    for _, _, attrs in g.edges(data=True):
        clean(attrs)
    return g


@exporters.register("graphml")
def write_graphml(graph: Any, stream: IO[bytes]) -> None:
    g = _xml_safe(graph.to_networkx())
    nx.write_graphml_lxml(g, stream, encoding="utf-8", prettyprint=True, named_key_ids=True)


def dumps_graphml(graph: Any) -> str:
    buf = io.BytesIO()
    write_graphml(graph, buf)
    return buf.getvalue().decode("utf-8")
