"""JSON-LD (``.jsonld``): ``{"@context": kg's prefixes, "@graph": [node objects]}``.

pyoxigraph writes the node objects (expanded JSON-LD, a subject's triples grouped); the
IRIs in property names, ``@id`` and ``@type`` values are then written as compact IRIs
(``"rdfs:label"``, ``"kg:entity/org/Nvidia"``) with the prefixes of the ``@context``.
Literal values are never touched.  The file is written a block of triples at a time.
"""

from __future__ import annotations

import itertools
import json
import re
from functools import lru_cache
from typing import IO, Any

import pyoxigraph as ox

from kg.registry import exporters
from kg.vocab import PREFIXES

_BLOCK = 50_000


def context(base: str) -> dict[str, str]:
    ctx = {k: str(v) for k, v in sorted(PREFIXES.items())}
    ctx["kg"] = base
    return ctx


@lru_cache(maxsize=8)
def _compactor(base: str) -> Any:
    by_ns = {ns.encode(): prefix.encode() for prefix, ns in context(base).items()}
    alternatives = b"|".join(re.escape(ns) for ns in sorted(by_ns, key=len, reverse=True))
    # a JSON string that is an object key ("...":), or the value of "@id" / "@type";
    # an IRI's local part never holds a quote or a backslash, a literal's text is escaped
    pattern = re.compile(rb'("@id":"|"@type":"|")(' + alternatives + rb')([^"\\]*)"(:?)')

    def compact(m: re.Match[bytes]) -> bytes:
        lead, ns, local, colon = m.groups()
        if lead == b'"' and not colon:  # a plain string value: leave it as it is
            return m.group(0)
        if local.startswith(b"//"):  # would read as an absolute IRI
            return m.group(0)
        return lead + by_ns[ns] + b":" + local + b'"' + colon

    # the graph's own nodes are most of the "@id" values: one plain replace first
    # (none of their local parts starts with "//")
    own = b'"@id":"' + base.encode()
    return lambda data: pattern.sub(compact, data.replace(own, b'"@id":"kg:'))


@exporters.register("jsonld")
def write_jsonld(graph: Any, stream: IO[bytes]) -> None:
    compact = _compactor(graph.base)
    stream.write(b'{"@context": ' + json.dumps(context(graph.base), indent=1).encode() + b',\n"@graph": [')
    triples = graph.triples()
    first = True
    while True:
        block = list(itertools.islice(triples, _BLOCK))
        if not block:
            break
        data = (ox.serialize(block, format=ox.RdfFormat.JSON_LD) or b"[]").strip()
        body = compact(data[1:-1])  # the node objects without the array's brackets
        if body:
            stream.write((b"" if first else b",\n") + body.replace(b'},{"@id"', b'},\n{"@id"'))
            first = False
    stream.write(b"]}\n")


def dumps_jsonld(graph: Any) -> str:
    import io

    buf = io.BytesIO()
    write_jsonld(graph, buf)
    return buf.getvalue().decode("utf-8")


exporters.register("json-ld", func=write_jsonld)
