"""N-Triples (``.nt``): the union of the named graphs, one triple a line, in the graph's
order (the same graph always gives the same bytes)."""

from __future__ import annotations

from typing import IO, Any

import pyoxigraph as ox

from kg.registry import exporters


@exporters.register("nt")
def write_nt(graph: Any, stream: IO[bytes]) -> None:
    ox.serialize(graph.triples(), stream, format=ox.RdfFormat.N_TRIPLES)


exporters.register("ntriples", func=write_nt)
