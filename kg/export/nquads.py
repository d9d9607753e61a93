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


def _triple_lines(nquads: bytes) -> bytes:
    """N-Triples lines of N-Quads lines: each line without its graph name (the last term,
    an IRI: the last ``" <"`` of a line starts it, as no IRI holds a space or ``<``).

    Example:
        >>> _triple_lines(b'<a:s> <a:p> "x <y" <a:g> .\\n')
        b'<a:s> <a:p> "x <y" .\\n'
    """
    lines = nquads.split(b"\n")
    return b"".join(line[: line.rindex(b" <")] + b" .\n" for line in lines if line)


def write_nquads_digests(graph: Any, stream: IO[bytes],
                         triples: IO[bytes] | None = None) -> tuple[dict[str, str], int]:
    """Write ``graph`` as N-Quads (and, to ``triples``, the same lines as N-Triples);
    returns the digest of each named graph's quads (graph IRI -> SHA-1 of its N-Quads
    lines) and the number of quads."""
    hashes: dict[str, Any] = {}
    n = 0
    for g, block in graph.quad_blocks():
        data = ox.serialize(block, format=ox.RdfFormat.N_QUADS) or b""
        h = hashes.get(g)
        if h is None:
            h = hashes[g] = hashlib.sha1()
        h.update(data)
        stream.write(data)
        if triples is not None:
            triples.write(_triple_lines(data))
        n += len(block)
    return {g: h.hexdigest() for g, h in hashes.items()}, n


@exporters.register("nquads")
def write_nquads(graph: Any, stream: IO[bytes]) -> None:
    write_nquads_digests(graph, stream)


@exporters.register("trig")
def write_trig(graph: Any, stream: IO[bytes]) -> None:
    ox.serialize(graph.quads(), stream, format=ox.RdfFormat.TRIG, prefixes=prefixes(graph.base))


exporters.register("nq", func=write_nquads)
