"""JSON-LD (``.jsonld``) with a ``@context`` of kg's prefixes; nodes sorted by ``@id``."""

from __future__ import annotations

import json
from typing import IO, Any

from kg.registry import exporters
from kg.vocab import PREFIXES


def context(base: str) -> dict[str, str]:
    ctx = {k: str(v) for k, v in sorted(PREFIXES.items())}
    ctx["kg"] = base
    return ctx


def dumps_jsonld(graph: Any) -> str:
    ctx = context(graph.base)
    data = json.loads(graph.to_rdf().serialize(format="json-ld", context=ctx, auto_compact=True))
    nodes = data.get("@graph", [data] if "@id" in data else [])
    for node in nodes:
        for k, v in node.items():
            if isinstance(v, list):
                node[k] = sorted(v, key=lambda x: json.dumps(x, sort_keys=True))
    out = {"@context": ctx, "@graph": sorted(nodes, key=lambda n: str(n.get("@id", "")))}
    return json.dumps(out, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


@exporters.register("jsonld")
def write_jsonld(graph: Any, stream: IO[bytes]) -> None:
    stream.write(dumps_jsonld(graph).encode("utf-8"))


exporters.register("json-ld", func=write_jsonld)
