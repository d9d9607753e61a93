"""Turtle (``.ttl``)."""

from __future__ import annotations

import io
from typing import IO, Any

from kg.registry import exporters


@exporters.register("turtle")
def write_turtle(graph: Any, stream: IO[bytes]) -> None:
    graph.to_rdf().serialize(stream, format="turtle", encoding="utf-8")


exporters.register("ttl", func=write_turtle)


def dumps_turtle(graph: Any) -> str:
    buf = io.BytesIO()
    write_turtle(graph, buf)
    return buf.getvalue().decode("utf-8")
