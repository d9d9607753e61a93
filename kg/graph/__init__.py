"""The built graph: one object that gives its RDF quads, the networkx graph, the rdflib
graph and writing to every registered format."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from kg.graph.nx import to_networkx
from kg.graph.quads import IRIs, doc_graph, graph_iri, quad_blocks
from kg.graph.rdf import rdflib_graph, to_rdf
from kg.model import Entity, Relation, Resolution
from kg.vocab import DEFAULT_BASE

__all__ = ["IRIs", "KnowledgeGraph", "doc_graph", "graph_iri", "quad_blocks", "to_networkx", "to_rdf"]


@dataclass(frozen=True)
class KnowledgeGraph:
    """What ``kg.build`` returns.

    Example:
        >>> kg = KnowledgeGraph(Resolution((), (), ()))
        >>> kg.to_networkx().number_of_nodes()
        0
    """

    resolution: Resolution
    base: str = DEFAULT_BASE
    min_confidence: float = 0.0
    errors: tuple[str, ...] = ()
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def entities(self) -> tuple[Entity, ...]:
        return self.resolution.entities

    @property
    def relations(self) -> tuple[Relation, ...]:
        return tuple(r for r in self.resolution.relations if r.confidence >= self.min_confidence)

    @property
    def documents(self) -> tuple[str, ...]:
        return tuple(x.document.id for x in self.resolution.extractions)

    def quad_blocks(self) -> Iterator[tuple[str, list[Any]]]:
        """The graph's pyoxigraph ``Quad``s in blocks of one named graph each (see
        ``kg.graph.quads``), made afresh on each call."""
        return quad_blocks(self.resolution, base=self.base, min_confidence=self.min_confidence)

    def quads(self) -> Iterator[Any]:
        """Every pyoxigraph ``Quad``: one named graph per document, plus the entities and
        the ontology graphs."""
        for _, block in self.quad_blocks():
            yield from block

    def triples(self) -> Iterator[Any]:
        """Every pyoxigraph ``Triple`` (the union of the named graphs; no triple twice)."""
        for q in self.quads():
            yield q.triple

    def to_rdf(self) -> Any:
        """The rdflib ``Graph`` (built once, then cached; treat it as read-only)."""
        if "rdf" not in self._cache:
            self._cache["rdf"] = rdflib_graph(self.quads(), base=self.base)
        return self._cache["rdf"]

    def to_networkx(self) -> Any:
        """A fresh networkx ``MultiDiGraph`` of entities and typed relations."""
        return to_networkx(self.resolution, min_confidence=self.min_confidence)

    def serialize(self, format: str = "turtle") -> str:
        """The graph in ``format`` (a registered exporter name) as a string."""
        from kg.export import dumps

        return dumps(self, format)

    def write(self, destination: str | Path | IO[bytes], format: str | None = None) -> None:
        """Write to a path (format from the suffix unless given) or a binary stream."""
        from kg.export import write

        write(self, destination, format)

    def write_all(self, out_dir: str | Path) -> dict[str, Path]:
        """Write ``graph.ttl``, ``graph.nt``, ``graph.nq``, ``graph.jsonld`` and ``graph.graphml``."""
        from kg.export import write_all

        return write_all(self, Path(out_dir))
