"""Turtle (``.ttl``), with only kg's declared prefixes (no generated ``ns1:`` prefixes,
which would also make rdflib's serializer slow on many documents)."""

from __future__ import annotations

import io
from typing import IO, Any

from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.term import Node

from kg.registry import exporters


class _DeclaredPrefixesTurtle(TurtleSerializer):
    def get_pname(self, uri: Node, gen_prefix: bool = True) -> str | None:
        return super().get_pname(uri, gen_prefix=False)


@exporters.register("turtle")
def write_turtle(graph: Any, stream: IO[bytes]) -> None:
    _DeclaredPrefixesTurtle(graph.to_rdf()).serialize(stream, encoding="utf-8")


exporters.register("ttl", func=write_turtle)


def dumps_turtle(graph: Any) -> str:
    buf = io.BytesIO()
    write_turtle(graph, buf)
    return buf.getvalue().decode("utf-8")
