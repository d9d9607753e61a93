"""N-Quads (``.nq``) and TriG (``.trig``): the graph with its named graphs, one per
document plus ``graph/entities`` and ``graph/ontology`` (see ``kg.graph.quads``).

N-Quads is what server-class stores bulk-load (Oxigraph, Apache Jena TDB2, QLever).
"""

from __future__ import annotations

import hashlib
from typing import IO, Any

import pyoxigraph as ox

from kg.export.turtle import prefixes
from kg.registry import exporters


def write_nquads_digests(graph: Any, stream: IO[bytes]) -> tuple[dict[str, str], int]:
    """Write ``graph`` as N-Quads; returns the digest of each named graph's quads (graph
    IRI -> SHA-1 of its N-Quads lines) and the number of quads."""
    hashes: dict[str, Any] = {}
    n = 0
    for g, block in graph.quad_blocks():
        data = ox.serialize(block, format=ox.RdfFormat.N_QUADS) or b""
        h = hashes.get(g)
        if h is None:
            h = hashes[g] = hashlib.sha1()
        h.update(data)
        stream.write(data)
        n += len(block)
    return {g: h.hexdigest() for g, h in hashes.items()}, n


@exporters.register("nquads")
def write_nquads(graph: Any, stream: IO[bytes]) -> None:
    write_nquads_digests(graph, stream)


@exporters.register("trig")
def write_trig(graph: Any, stream: IO[bytes]) -> None:
    ox.serialize(graph.quads(), stream, format=ox.RdfFormat.TRIG, prefixes=prefixes(graph.base))


exporters.register("nq", func=write_nquads)
