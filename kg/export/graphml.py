"""GraphML (``.graphml``) for Gephi, yEd and ``networkx.read_graphml``."""

from __future__ import annotations

import io
from typing import IO, Any

import networkx as nx

from kg.registry import exporters


@exporters.register("graphml")
def write_graphml(graph: Any, stream: IO[bytes]) -> None:
    g = graph.to_networkx()
    nx.write_graphml(g, stream, encoding="utf-8", prettyprint=True, named_key_ids=True)


def dumps_graphml(graph: Any) -> str:
    buf = io.BytesIO()
    write_graphml(graph, buf)
    return buf.getvalue().decode("utf-8")
