"""The one composition root: ingest -> extract (an engine) -> resolve -> graph -> exports,
store and build state.  ``kg.build()`` and ``kg build`` both run through here.

A build is a stream.  Documents are parsed and extracted batch by batch (in this process,
in worker processes, or on Dask workers: ``kg.engines``); each spaCy ``Doc`` is dropped
once extracted, and each extraction is saved to the output folder's state as it arrives.
Resolution then runs over the extractions of every document the folder holds, in
document-id order, so that the order and the batches in which documents arrive never
change the graph: building A then B equals building A and B together, and any number
of processes gives the same bytes.  The graph is then written as N-Quads once, every
other export is written from that file, the store is bulk-loaded from it, and the
manifest is saved last.

(The module is ``builder``, not ``build``, so that ``kg.build`` stays the function.)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any

from kg.errors import ExportError, KGError, UnknownNameError
from kg.extract.nlp import NlpSpec
from kg.extract.pipeline import Batch, use_pipeline
from kg.graph import KnowledgeGraph
from kg.ingest import collect_documents
from kg.model import Document, Extraction
from kg.registry import get
from kg.resolve import resolve
from kg.vocab import DEFAULT_BASE

__all__ = [
    "BATCH_SIZE",
    "BuildResult",
    "Output",
    "Plan",
    "build",
    "build_folder",
    "collect_documents",
    "extract_documents",
    "graph_of",
    "plan_update",
    "remove_documents",
    "write_output",
]

BATCH_SIZE = 16  # documents per nlp.pipe batch and per task of an engine

Progress = Callable[[int, int], None]  # (documents done, documents to do)


# -- what to extract ------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What an incremental build does with its input documents.

    Attributes:
        extract: documents to run extraction on (new or changed).
        kept: ids of saved documents still valid (same content, or not in the input).
        added: ids of documents new to the folder.
        replaced: ids of documents whose content changed.
        skipped: ids of input documents already in the folder unchanged.
    """

    extract: tuple[Document, ...]
    kept: tuple[str, ...]
    added: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()

    @property
    def unchanged(self) -> bool:
        """True when the input brings nothing new."""
        return not self.extract


def plan_update(previous: Mapping[str, str], documents: Iterable[Document]) -> Plan:
    """Compare ``documents`` with what an output folder holds (``previous``: document id
    -> content hash); a repeated id counts once.

    Example:
        >>> old = Document("a", "Old text.")
        >>> p = plan_update({"a": old.content_hash}, [Document("a", "New text."), Document("b", "B.")])
        >>> p.replaced, p.added, p.kept
        (('a',), ('b',), ())
    """
    extract: list[Document] = []
    added: list[str] = []
    replaced: list[str] = []
    skipped: list[str] = []
    seen: set[str] = set()
    for d in documents:
        if d.id in seen:
            continue
        seen.add(d.id)
        old = previous.get(d.id)
        if old is None:
            added.append(d.id)
            extract.append(d)
        elif old != d.content_hash:
            replaced.append(d.id)
            extract.append(d)
        else:
            skipped.append(d.id)
    redo = set(added) | set(replaced)
    kept = tuple(sorted(d for d in previous if d not in redo))
    return Plan(tuple(extract), kept, tuple(added), tuple(replaced), tuple(skipped))


# -- extraction through an engine -----------------------------------------------------


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(documents)
    while batch := list(islice(it, size)):
        yield batch


def extract_documents(
    documents: Sequence[Document],
    *,
    spec: NlpSpec,
    nlp: Any = None,
    engine: str = "local",
    processes: int = 1,
    scheduler: str | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[Batch]:
    """The extractions of ``documents``, a ``Batch`` at a time, in input order.

    Args:
        documents: what to extract.
        spec: the pipeline to use (model and extra lexicon entries).
        nlp: that pipeline, already loaded in this process (shared with forked workers).
        engine: a registered engine name (``local``, ``dask``).
        processes: worker processes (``local``) or workers of a local Dask cluster.
        scheduler: the address of a Dask scheduler (``dask`` only).
        batch_size: documents per task.

    Raises:
        UnknownNameError: ``engine`` is not registered.
        ModelNotFoundError: the model of ``spec`` is not installed.
    """
    run = get("engines", engine)
    if engine == "local":
        from kg.engines import can_share_pipeline

        if nlp is not None and not can_share_pipeline():
            processes = 1  # a pipeline given as an object only reaches forked workers
        processes = min(processes, max(1, -(-len(documents) // batch_size)))
        if processes <= 1 or can_share_pipeline():  # load once here; forked workers share it
            use_pipeline(spec, nlp if nlp is not None else spec.load())
            if processes > 1:
                _load_shared_tables()
    elif nlp is not None:
        use_pipeline(spec, nlp)
    yield from run(_batches(documents, batch_size), spec, processes=processes, scheduler=scheduler)


def _load_shared_tables() -> None:
    """Load the tables both extraction and resolution read (gazetteer, country names,
    the ontology) before workers are forked: they then share one copy, and the main
    process has them ready for resolution."""
    from kg.knowledge.gazetteer import tables
    from kg.resolve.places import country
    from kg.vocab import predicates

    tables()
    country("France")
    predicates()


def graph_of(extractions: Iterable[Extraction], *, base: str = DEFAULT_BASE,
             min_confidence: float = 0.0, errors: Sequence[str] = ()) -> KnowledgeGraph:
    """The graph of ``extractions``, resolved in document-id order (so that the order in
    which documents were added never matters)."""
    ordered = sorted(extractions, key=lambda x: x.document.id)
    return KnowledgeGraph(resolve(ordered), base=base, min_confidence=min_confidence,
                          errors=tuple(errors))


def build(
    sources: Iterable[str | Path | Document],
    *,
    nlp: Any = None,
    model: str | None = None,
    lexicons: Sequence[Path] = (),
    base: str = DEFAULT_BASE,
    min_confidence: float = 0.0,
    processes: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> KnowledgeGraph:
    """Build the knowledge graph of ``sources`` in memory.

    Args:
        sources: files, folders (``.txt``, ``.md``, ``.jsonl``), Documents or article strings.
        nlp: a pipeline from ``kg.load_nlp``; loaded from ``model`` when not given.
        model: the spaCy pipeline to load (default ``en_core_web_sm``, then its PyPI copy).
        lexicons: extra lexicon files (JSON lines) to add to the shipped ones.
        base: the namespace of the graph's own IRIs.
        min_confidence: relations below this confidence are left out of the exports.
        processes: worker processes for parsing and extraction (the graph is the same).
        engine: ``local`` or ``dask`` (see ``kg.engines``).
        scheduler: a Dask scheduler address (``dask`` only; default a local cluster).
        progress: called with the number of documents done so far.

    Raises:
        ModelNotFoundError: no spaCy pipeline could be loaded.

    Example:
        >>> kg = build(["Japan and the United States cooperate on AI."])  # doctest: +SKIP
    """
    docs, errors = collect_documents(sources)
    spec = NlpSpec.of(model, lexicons)
    extractions: list[Extraction] = []
    for batch in extract_documents(docs, spec=spec, nlp=nlp, engine=engine, processes=processes,
                                   scheduler=scheduler):
        extractions += batch.extractions
        errors += batch.errors
        if progress is not None:
            progress(len(extractions))
    return KnowledgeGraph(resolve(extractions), base=base, min_confidence=min_confidence,
                          errors=tuple(errors))


# -- writing an output folder ---------------------------------------------------------


@dataclass(frozen=True)
class Output:
    """What ``write_output`` wrote: format -> path, the state manifest, the store changes."""

    paths: dict[str, Path]
    manifest: Path
    store: Any = None  # kg.store.StoreChanges, or None when no store was written
    notes: tuple[str, ...] = field(default_factory=tuple)


def _settings(graph: KnowledgeGraph) -> dict[str, Any]:
    """What the run used, so that it can be reproduced: options, kg version, the spaCy
    pipeline(s) the saved extractions came from, and the relation patterns."""
    from kg import __version__
    from kg.extract.patterns import DEFAULT_PATTERNS

    models = sorted({x.model for x in graph.resolution.extractions if x.model})
    return {"base": graph.base, "min_confidence": graph.min_confidence, "kg_version": __version__,
            "models": models, "relation_patterns": list(DEFAULT_PATTERNS)}


def write_output(graph: KnowledgeGraph, out_dir: str | Path, *, store: bool = True,
                 entries: Mapping[str, Mapping[str, str]] | None = None) -> Output:
    """Write ``graph`` into ``out_dir``: every export, the Oxigraph store and the build state.

    The exports and the store are written first (each atomically); the manifest is saved
    last, so a run that fails leaves a state that the next run repairs.

    Args:
        graph: the graph to write (its extractions become the folder's state).
        out_dir: the output folder.
        store: also fill the Oxigraph store.
        entries: the manifest entries of extractions already saved (``save_extraction``);
            the graph's other extractions are saved here.

    Raises:
        ExportError: a file or the store could not be written.
    """
    from kg.export import write_files
    from kg.store import read_manifest, save_extraction, store_path, write_manifest, write_store

    out = Path(out_dir)
    try:
        previous = read_manifest(out).graphs or None
    except KGError:
        previous = None
    loaded: list[Any] = []

    def load_store(nquads: str, graphs: dict[str, str], quads: int) -> None:
        # runs while the other exports are written (the bulk load releases the GIL)
        loaded.append(write_store(store_path(out), nquads, graphs=graphs, previous=previous, quads=quads))

    files = write_files(graph, out, with_nquads=load_store if store else None)
    paths = dict(files.paths)
    changes = loaded[0] if loaded else None
    if store:
        paths["store"] = store_path(out)
    try:
        docs = dict(entries or {})
        for x in graph.resolution.extractions:
            if x.document.id not in docs:
                docs[x.document.id] = save_extraction(out, x)
        manifest = write_manifest(out, docs, settings=_settings(graph), graphs=files.graphs)
    except OSError as err:
        raise ExportError(f"{out}: cannot save the build state ({err})") from None
    return Output(paths, manifest, changes, ())


@dataclass(frozen=True)
class BuildResult:
    """What ``build_folder`` did.

    Attributes:
        graph: the folder's whole graph after the build.
        plan: which input documents were added, replaced, kept or skipped.
        output: what was written.
        errors: one line per input that could not be read or extracted.
        seconds: wall seconds per stage (``read``, ``extract``, ``resolve``, ``write``,
            ``total``) and the seconds summed over the workers (``parse``, ``extract_cpu``).
        words: words of the documents extracted in this build.
        processes: the number of worker processes (or Dask workers) used.
    """

    graph: KnowledgeGraph
    plan: Plan
    output: Output
    errors: tuple[str, ...] = ()
    seconds: dict[str, float] = field(default_factory=dict)
    words: int = 0
    processes: int = 1


def build_folder(
    out_dir: str | Path,
    sources: Iterable[str | Path | Document],
    *,
    nlp: Any = None,
    model: str | None = None,
    lexicons: Sequence[Path] = (),
    fresh: bool = False,
    base: str = DEFAULT_BASE,
    min_confidence: float = 0.0,
    processes: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    progress: Progress | None = None,
    store: bool = True,
) -> BuildResult:
    """Build ``sources`` into the output folder ``out_dir`` (what ``kg build`` runs):
    extract what is new or changed, resolve with what the folder holds, write everything.

    Args:
        out_dir: the output folder (created when missing).
        sources: files, folders, Documents or article strings.
        nlp: an already loaded pipeline (else loaded from ``model`` and ``lexicons`` when
            something needs extracting).
        model, lexicons: the pipeline to load (see ``kg.load_nlp``).
        fresh: ignore what the folder holds; its graph becomes that of ``sources`` only.
        base: the namespace of the graph's own IRIs.
        min_confidence: relations below this confidence are left out of the exports.
        processes: worker processes (``local``) or local Dask workers (``dask``).
        engine: ``local`` or ``dask``.
        scheduler: a Dask scheduler address.
        progress: called with (documents done, documents to do) while extracting.
        store: also write the Oxigraph store.

    Raises:
        InputError: the folder's saved state is unreadable (rebuild with ``fresh=True``).
        ModelNotFoundError: no spaCy pipeline could be loaded.
        UnknownNameError: an unknown engine.
        ExportError: the outputs could not be written.
    """
    from kg.store import read_extraction, read_manifest, save_extraction, saved_extraction

    if engine not in ("local", "dask"):
        get("engines", engine)  # raises UnknownNameError listing the engines
    out = Path(out_dir)
    t0 = time.perf_counter()
    seconds: dict[str, float] = {}
    docs, errors = collect_documents(sources)
    manifest = read_manifest(out) if not fresh else None
    plan = plan_update(manifest.hashes if manifest else {}, docs)
    seconds["read"] = time.perf_counter() - t0

    t = time.perf_counter()
    entries: dict[str, dict[str, str]] = {}
    extractions: list[Extraction] = []
    todo: list[Document] = []
    for d in plan.extract:  # saved by an earlier build that was stopped part-way
        x = None if fresh else saved_extraction(out, d)
        if x is None:
            todo.append(d)
        else:
            extractions.append(x)
    parse_s = extract_s = 0.0
    words = 0
    used = 1
    if todo:
        spec = NlpSpec.of(model, lexicons)
        used = max(1, min(processes, -(-len(todo) // BATCH_SIZE)))
        done = 0
        if progress is not None:
            progress(0, len(todo))
        for batch in extract_documents(todo, spec=spec, nlp=nlp, engine=engine, processes=processes,
                                       scheduler=scheduler):
            try:
                for x in batch.extractions:
                    entries[x.document.id] = save_extraction(out, x)
            except OSError as err:
                raise ExportError(f"{out}: cannot save the build state ({err})") from None
            extractions += batch.extractions
            errors += batch.errors
            parse_s += batch.parse_seconds
            extract_s += batch.extract_seconds
            words += batch.words
            done += len(batch.extractions) + len(batch.errors)
            if progress is not None:
                progress(done, len(todo))
    failed = {d.id for d in todo} - {x.document.id for x in extractions}
    if failed:  # the plan reports what was built
        plan = replace(plan, added=tuple(d for d in plan.added if d not in failed),
                       replaced=tuple(d for d in plan.replaced if d not in failed))
    seconds["extract"] = time.perf_counter() - t
    seconds["parse_cpu"], seconds["extract_cpu"] = parse_s, extract_s

    t = time.perf_counter()
    kept = []
    if manifest is not None:
        for doc_id in plan.kept:
            kept.append(read_extraction(out, doc_id, manifest.documents[doc_id]))
            entries[doc_id] = manifest.documents[doc_id]
        for doc_id in failed & set(manifest.documents):  # a changed document that failed: keep the old
            kept.append(read_extraction(out, doc_id, manifest.documents[doc_id]))
            entries[doc_id] = manifest.documents[doc_id]
    graph = graph_of([*kept, *extractions], base=base, min_confidence=min_confidence, errors=errors)
    seconds["resolve"] = time.perf_counter() - t

    t = time.perf_counter()
    output = write_output(graph, out, store=store, entries=entries)
    seconds["write"] = time.perf_counter() - t
    seconds["total"] = time.perf_counter() - t0
    return BuildResult(graph, plan, output, tuple(errors), seconds, words, used)


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
    from kg.store import read_extraction, read_manifest

    manifest = read_manifest(out_dir)
    for d in doc_ids:
        if d not in manifest.documents:
            raise UnknownNameError(f"document in {out_dir}", d, manifest.documents)
    gone = set(doc_ids)
    keep = {d: e for d, e in manifest.documents.items() if d not in gone}
    settings = manifest.settings
    graph = graph_of((read_extraction(out_dir, d, e) for d, e in sorted(keep.items())),
                     base=settings.get("base", DEFAULT_BASE),
                     min_confidence=float(settings.get("min_confidence", 0.0)))
    return graph, write_output(graph, out_dir, store=store, entries=keep)
