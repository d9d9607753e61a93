"""Incremental builds: plan what to extract, then write exports, store and state together.

The plan is pure (``plan_update``); ``write_output`` and ``remove_documents`` do the I/O.
Because the graph is always recomputed from the saved extractions of *all* documents
(sorted by id), building A then B gives the same graph as building A and B together,
and re-building the same input changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import ExportError, UnknownNameError
from kg.graph import KnowledgeGraph
from kg.model import Document, Extraction
from kg.resolve import resolve
from kg.store.graphs import split_by_graph
from kg.store.oxigraph import StoreChanges, import_pyoxigraph, store_path, to_quads, write_store
from kg.store.state import read_state, write_state
from kg.vocab import DEFAULT_BASE

__all__ = ["Output", "Plan", "graph_of", "plan_update", "remove_documents", "update_graph", "write_output"]


@dataclass(frozen=True)
class Plan:
    """What an incremental build does with its input documents.

    Attributes:
        extract: documents to run extraction on (new or changed).
        kept: saved extractions still valid (same content hash, or not in the input).
        added: ids of documents new to the folder.
        replaced: ids of documents whose content changed.
        skipped: ids of input documents already in the folder unchanged.
    """

    extract: tuple[Document, ...]
    kept: tuple[Extraction, ...]
    added: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()

    @property
    def unchanged(self) -> bool:
        """True when the input brings nothing new."""
        return not self.extract


def plan_update(previous: Sequence[Extraction], documents: Iterable[Document]) -> Plan:
    """Compare ``documents`` with the ``previous`` extractions of an output folder.

    Example:
        >>> old = Extraction(Document("a", "Old text."), (), (), ())
        >>> p = plan_update([old], [Document("a", "New text."), Document("b", "B.")])
        >>> p.replaced, p.added, p.kept
        (('a',), ('b',), ())
    """
    by_id = {x.document.id: x for x in previous}
    extract: list[Document] = []
    added: list[str] = []
    replaced: list[str] = []
    skipped: list[str] = []
    seen: set[str] = set()
    for d in documents:
        if d.id in seen:
            continue
        seen.add(d.id)
        old = by_id.get(d.id)
        if old is None:
            added.append(d.id)
            extract.append(d)
        elif old.document.content_hash != d.content_hash:
            replaced.append(d.id)
            extract.append(d)
        else:
            skipped.append(d.id)
    kept = tuple(x for x in previous if x.document.id not in set(added) | set(replaced))
    return Plan(tuple(extract), kept, tuple(added), tuple(replaced), tuple(skipped))


def graph_of(extractions: Iterable[Extraction], *, base: str = DEFAULT_BASE,
             min_confidence: float = 0.0) -> KnowledgeGraph:
    """The graph of ``extractions``, resolved in document-id order (so that the order in
    which documents were added never matters)."""
    ordered = sorted(extractions, key=lambda x: x.document.id)
    return KnowledgeGraph(resolve(ordered), base=base, min_confidence=min_confidence)


def update_graph(
    out_dir: str | Path,
    documents: Sequence[Document],
    *,
    nlp: Any,
    fresh: bool = False,
    base: str = DEFAULT_BASE,
    min_confidence: float = 0.0,
    progress: Callable[[int], None] | None = None,
) -> tuple[KnowledgeGraph, Plan]:
    """The graph of ``out_dir``'s saved documents plus ``documents``, extracting only
    what is new or changed.  Nothing is written (see ``write_output``).

    Args:
        out_dir: the output folder whose build state is read.
        documents: the input documents.
        nlp: a pipeline from ``kg.load_nlp`` (unused when nothing needs extracting).
        fresh: ignore the saved state (the graph then holds ``documents`` only).
        base: the namespace of the graph's own IRIs.
        min_confidence: relations below this confidence are left out of the exports.
        progress: called with the number of documents extracted so far.

    Raises:
        InputError: the saved state is unreadable (rebuild with ``fresh=True``).
    """
    from kg.pipeline import extract_documents

    previous = () if fresh else read_state(out_dir).extractions
    plan = plan_update(previous, documents)
    new = extract_documents(plan.extract, nlp, progress=progress) if plan.extract else []
    graph = graph_of([*plan.kept, *new], base=base, min_confidence=min_confidence)
    return graph, plan


@dataclass(frozen=True)
class Output:
    """What ``write_output`` wrote: format -> path, the state manifest, the store changes."""

    paths: dict[str, Path]
    manifest: Path
    store: StoreChanges | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def _settings(graph: KnowledgeGraph) -> dict[str, Any]:
    """What the run used, so that it can be reproduced: options, kg version, the spaCy
    pipeline(s) the saved extractions came from, and the relation patterns."""
    from kg import __version__
    from kg.extract.patterns import DEFAULT_PATTERNS

    models = sorted({x.model for x in graph.resolution.extractions if x.model})
    return {"base": graph.base, "min_confidence": graph.min_confidence, "kg_version": __version__,
            "models": models, "relation_patterns": list(DEFAULT_PATTERNS)}


def write_output(graph: KnowledgeGraph, out_dir: str | Path, *, store: bool = True) -> Output:
    """Write ``graph`` into ``out_dir``: every export, the Oxigraph store and the build state.

    The exports and the store are written first (each atomically); the state is saved
    last, so a run that fails leaves a state that the next run repairs.

    Args:
        graph: the graph to write (its extractions become the folder's state).
        out_dir: the output folder.
        store: also fill the Oxigraph store (skipped, with a note, without pyoxigraph).

    Raises:
        ExportError: a file or the store could not be written.
    """
    out = Path(out_dir)
    notes: list[str] = []
    paths = graph.write_all(out)
    changes = None
    if store:
        try:
            import_pyoxigraph()
        except ImportError as err:
            notes.append(f"store not written: {err}")
        else:
            extractions = graph.resolution.extractions
            graphs = split_by_graph(graph.to_rdf(), base=graph.base,
                                    doc_ids=[x.document.id for x in extractions])
            changes = write_store(store_path(out), to_quads(graphs))
            paths["store"] = store_path(out)
    try:
        manifest = write_state(out, graph.resolution.extractions, settings=_settings(graph))
    except OSError as err:
        raise ExportError(f"{out}: cannot save the build state ({err})") from None
    return Output(paths, manifest, changes, tuple(notes))


def remove_documents(
    out_dir: str | Path, doc_ids: Sequence[str], *, store: bool = True
) -> tuple[KnowledgeGraph, Output]:
    """Take documents out of the folder's graph, then rewrite exports, store and state.

    Entities that only the removed documents mentioned disappear with them.

    Raises:
        UnknownNameError: a document id is not in the folder; the message lists the ids.
        ExportError: the outputs could not be written.
        InputError: the folder's build state is unreadable.
    """
    state = read_state(out_dir)
    have = state.hashes
    for d in doc_ids:
        if d not in have:
            raise UnknownNameError(f"document in {out_dir}", d, have)
    gone = set(doc_ids)
    settings = state.settings
    graph = graph_of((x for x in state.extractions if x.document.id not in gone),
                     base=settings.get("base", DEFAULT_BASE),
                     min_confidence=float(settings.get("min_confidence", 0.0)))
    return graph, write_output(graph, out_dir, store=store)
