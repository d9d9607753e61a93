"""Turtle (``.ttl``) with kg's declared vocabulary prefixes; a subject's triples are grouped.

The graph's own IRIs (``<base>entity/org/Nvidia``, ``<base>doc/a#char=0,5``) are written in
full: as prefixed names their slashes, ``#``, ``=`` and ``,`` would all need backslashes.
"""

from __future__ import annotations

from typing import IO, Any

import pyoxigraph as ox

from kg.registry import exporters
from kg.vocab import PREFIXES


def prefixes(base: str) -> dict[str, str]:
    """The vocabulary prefixes Turtle and TriG files declare."""
    return {k: str(v) for k, v in PREFIXES.items()}


@exporters.register("turtle")
def write_turtle(graph: Any, stream: IO[bytes]) -> None:
    ox.serialize(graph.triples(), stream, format=ox.RdfFormat.TURTLE, prefixes=prefixes(graph.base))


exporters.register("ttl", func=write_turtle)
