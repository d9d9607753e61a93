"""N-Triples (``.nt``), lines sorted so that the same graph gives the same bytes."""

from __future__ import annotations

from typing import IO, Any

from kg.registry import exporters


def dumps_nt(graph: Any) -> str:
    text: str = graph.to_rdf().serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted(line for line in text.splitlines() if line.strip())
    return "\n".join(lines) + "\n"


@exporters.register("nt")
def write_nt(graph: Any, stream: IO[bytes]) -> None:
    stream.write(dumps_nt(graph).encode("utf-8"))


exporters.register("ntriples", func=write_nt)
