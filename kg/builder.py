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
from typing import TYPE_CHECKING, Any

from kg.errors import ExportError, KGError, UnknownNameError
from kg.extract.nlp import NlpSpec
from kg.graph import KnowledgeGraph
from kg.ingest import collect_documents
from kg.model import Document, Extraction
from kg.registry import get
from kg.resolve import resolve
from kg.vocab import DEFAULT_BASE

if TYPE_CHECKING:
    from kg.extract.pipeline import Batch
    from kg.knowledge.lexicon import Lexicon, LexiconEntry

__all__ = [
    "BATCH_SIZE",
    "BuildResult",
    "Output",
    "Plan",
    "build",
    "build_folder",
    "collect_documents",
    "drop_duplicates",
    "extract_documents",
    "graph_of",
    "plan_update",
    "resolution_lexicon",
    "remove_documents",
    "write_output",
]

BATCH_SIZE = 16  # documents per nlp.pipe batch and per task of an engine

Progress = Callable[[int, int], None]  # (documents done, documents to do)
Stage = Callable[[str], None]  # the stage a build enters: STAGES
STAGES = ("read", "extract", "resolve", "write", "store")


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
    from kg.extract.pipeline import use_pipeline

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


def resolution_lexicon(spec: NlpSpec, nlp: Any = None) -> Lexicon:
    """What resolution reads: the shipped lexicons, the user's entries of ``spec`` and
    those of a pipeline given as an object (``kg.load_nlp(lexicons=...)``).

    Example:
        >>> from kg.knowledge.lexicon import shipped
        >>> resolution_lexicon(NlpSpec()) is shipped()
        True
    """
    from kg.extract.nlp import user_lexicon

    own = set(spec.user_entries())
    return spec.lexicon().with_entries(e for e in user_lexicon(nlp) if e not in own)


def _load_shared_tables() -> None:
    """Load the tables both extraction and resolution read (gazetteer, country names,
    the ontology) before workers are forked: they then share one copy, and the main
    process has them ready for resolution."""
    from kg.knowledge.gazetteer import tables
    from kg.knowledge.places import country
    from kg.vocab import predicates

    tables()
    country("France")
    predicates()


def graph_of(extractions: Iterable[Extraction], *, base: str = DEFAULT_BASE,
             min_confidence: float = 0.0, errors: Sequence[str] = (),
             lexicon: Lexicon | None = None) -> KnowledgeGraph:
    """The graph of ``extractions``, resolved in document-id order (so that the order in
    which documents were added never matters) with ``lexicon`` (default: the shipped one)."""
    ordered = sorted(extractions, key=lambda x: x.document.id)
    return KnowledgeGraph(resolve(ordered, lexicon), base=base, min_confidence=min_confidence,
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
    patterns: Sequence[str] | None = None,
) -> KnowledgeGraph:
    """Build the knowledge graph of ``sources`` in memory.

    Args:
        sources: files, folders (``.txt``, ``.md``, ``.jsonl``), Documents or article strings.
        nlp: a pipeline from ``kg.load_nlp``; loaded from ``model`` when not given.
        model: the spaCy pipeline to load (default ``en_core_web_sm``, then its PyPI copy).
        lexicons: extra lexicon files (JSON lines) to add to the shipped ones: the matcher
            finds their names, and resolution gives each entity they name the entry's
            name, type and aliases.
        base: the namespace of the graph's own IRIs.
        min_confidence: relations below this confidence are left out of the exports.
        processes: worker processes for parsing and extraction (the graph is the same).
        engine: ``local`` or ``dask`` (see ``kg.engines``).
        scheduler: a Dask scheduler address (``dask`` only; default a local cluster).
        progress: called with the number of documents done so far.
        patterns: the relation patterns to run, in order (default
            ``kg.extract.defaults.DEFAULT_PATTERNS``; ``kg.registry.names("relation_patterns")``
            lists them all).

    Raises:
        InputError: a lexicon file is unreadable or holds a bad entry.
        ModelNotFoundError: no spaCy pipeline could be loaded.
        UnknownNameError: a pattern is not registered.

    Example:
        >>> kg = build(["Japan and the United States cooperate on AI."])  # doctest: +SKIP
    """
    docs, errors = collect_documents(sources)
    spec = NlpSpec.of(model, lexicons, patterns)
    extractions: list[Extraction] = []
    for batch in extract_documents(docs, spec=spec, nlp=nlp, engine=engine, processes=processes,
                                   scheduler=scheduler):
        extractions += batch.extractions
        errors += batch.errors
        if progress is not None:
            progress(len(extractions))
    return KnowledgeGraph(resolve(extractions, resolution_lexicon(spec, nlp)), base=base,
                          min_confidence=min_confidence, errors=tuple(errors))


# -- writing an output folder ---------------------------------------------------------


@dataclass(frozen=True)
class Output:
    """What ``write_output`` wrote: format -> path, the state manifest, the store changes."""

    paths: dict[str, Path]
    manifest: Path
    store: Any = None  # kg.store.StoreChanges, or None when no store was written
    notes: tuple[str, ...] = field(default_factory=tuple)


def _settings(graph: KnowledgeGraph, lexicon: Lexicon | None = None,
              patterns: Sequence[str] | None = None) -> dict[str, Any]:
    """What the run used, so that it can be reproduced: options, kg version, the spaCy
    pipeline(s) the saved extractions came from, the relation patterns, and the user's
    lexicon entries (only when there are some: ``kg remove`` resolves with them again)."""
    from kg import __version__
    from kg.extract.defaults import DEFAULT_PATTERNS

    models = sorted({x.model for x in graph.resolution.extractions if x.model})
    return {"base": graph.base, "min_confidence": graph.min_confidence, "kg_version": __version__,
            "models": models,
            "relation_patterns": list(patterns if patterns is not None else DEFAULT_PATTERNS),
            **({"lexicon": [e.record() for e in _user_entries(lexicon)]} if _user_entries(lexicon) else {})}


def _user_entries(lexicon: Lexicon | None) -> tuple[LexiconEntry, ...]:
    """The entries of ``lexicon`` after the shipped ones."""
    from kg.knowledge.lexicon import shipped

    return () if lexicon is None else lexicon.entries[len(shipped().entries):]


def write_output(graph: KnowledgeGraph, out_dir: str | Path, *, store: bool = True,
                 entries: Mapping[str, Mapping[str, str]] | None = None,
                 stage: Stage | None = None, lexicon: Lexicon | None = None,
                 patterns: Sequence[str] | None = None) -> Output:
    """Write ``graph`` into ``out_dir``: every export, the Oxigraph store and the build state.

    Every output is written beside its place first (the exports and the manifest to
    temporary files, the store to ``.store.new``) and they are swapped in together
    (``kg.store.commit``): a run that fails or is killed leaves either the old outputs or
    the new ones, never a mix.  Holds the folder's lock (``kg.store.lock``) meanwhile.

    Args:
        graph: the graph to write (its extractions become the folder's state).
        out_dir: the output folder.
        store: also fill the Oxigraph store.
        entries: the manifest entries of extractions already saved (``save_extraction``);
            the graph's other extractions are saved here.
        stage: called with ``"store"`` once the files are written, while the store's load
            is finished and everything is put in place.
        lexicon: the lexicon ``graph`` was resolved with (its user entries are kept in the
            manifest's settings).
        patterns: the relation patterns the extractions ran (default ``DEFAULT_PATTERNS``),
            recorded in the manifest's settings.

    Raises:
        ExportError: a file or the store could not be written.
        FolderLockedError: another run is writing ``out_dir``.
    """
    from kg.store.lock import folder_lock

    with folder_lock(out_dir):
        return _write_output(graph, Path(out_dir), store=store, entries=entries, stage=stage, lexicon=lexicon,
                             patterns=patterns)


def _write_output(graph: KnowledgeGraph, out: Path, *, store: bool,
                  entries: Mapping[str, Mapping[str, str]] | None, stage: Stage | None = None,
                  lexicon: Lexicon | None = None, patterns: Sequence[str] | None = None) -> Output:
    import shutil

    from kg.export import stage_files
    from kg.store import read_manifest, save_extraction, stage_manifest, store_path
    from kg.store.commit import JOURNAL, commit
    from kg.store.oxigraph import stage_store, staged_store_path
    from kg.store.state import prune_extractions, state_dir

    try:
        previous = read_manifest(out).graphs or None
    except KGError:
        previous = None
    loaded: list[Any] = []

    def load_store(nquads: str, graphs: dict[str, str], quads: int) -> None:
        # runs while the other exports are written (the bulk load releases the GIL)
        loaded.append(stage_store(store_path(out), nquads, graphs=graphs, previous=previous, quads=quads))

    staged = stage_files(graph, out, with_nquads=load_store if store else None,
                         files_done=(lambda: stage("store")) if stage is not None else None)
    new_store = staged_store_path(store_path(out))
    paths = dict(staged.files.paths)
    changes = loaded[0] if loaded else None
    if store:
        paths["store"] = store_path(out)
    manifest = state_dir(out) / "manifest.json"
    manifest_tmp: Path | None = None
    try:
        docs = dict(entries or {})
        for x in graph.resolution.extractions:
            if x.document.id not in docs:
                docs[x.document.id] = save_extraction(out, x)
        manifest_tmp = stage_manifest(out, docs, settings=_settings(graph, lexicon, patterns),
                                      graphs=staged.files.graphs)
        commit(out, [*staged.moves, (manifest_tmp, manifest)], store=new_store.is_dir())
    except OSError as err:
        if (state_dir(out) / JOURNAL).exists():  # committed: the next run finishes the swap
            raise ExportError(f"{out}: cannot put the new outputs in place ({err}); "
                              "the next run finishes it") from None
        staged.discard()
        shutil.rmtree(new_store, ignore_errors=True)
        if manifest_tmp is not None:
            manifest_tmp.unlink(missing_ok=True)
        raise ExportError(f"{out}: cannot save the build state ({err})") from None
    prune_extractions(out, docs)
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
        notes: one line per thing worth saying that is not an error: a file read in
            another encoding than UTF-8, a duplicate built once, what a stopped run left.
    """

    graph: KnowledgeGraph
    plan: Plan
    output: Output
    errors: tuple[str, ...] = ()
    seconds: dict[str, float] = field(default_factory=dict)
    words: int = 0
    processes: int = 1
    notes: tuple[str, ...] = ()


def drop_duplicates(documents: Sequence[Document], held: Mapping[str, str] | None = None,
                    *, where: str = "the output folder") -> tuple[list[Document], list[str]]:
    """``documents`` without the content-identical ones (the same text), and a note for
    each dropped.

    Of documents with the same text, the one already in the output folder is kept
    (``held``: text hash -> id of the document that has it there), else the one whose id
    sorts first: the choice never depends on the order the documents come in.  A
    repeated id is left alone (``plan_update`` counts it once).

    Example:
        >>> docs = [Document("b", "Same."), Document("a", "Same."), Document("c", "Other.")]
        >>> kept, notes = drop_duplicates(docs)
        >>> [d.id for d in kept], notes
        (['a', 'c'], ['b is the same text as a: built once'])
    """
    from kg.store.state import text_hash

    held = dict(held or {})
    first: dict[str, Document] = {}
    for d in sorted(documents, key=lambda d: d.id):
        first.setdefault(text_hash(d.text), d)
    notes: list[str] = []
    kept: list[Document] = []
    for d in documents:
        h = text_hash(d.text)
        if h in held and held[h] != d.id:
            notes.append(f"{d.source or d.id} is the same text as '{held[h]}' (already in {where}): "
                         "not built")
        elif h not in held and first[h].id != d.id:
            other = first[h]
            notes.append(f"{d.source or d.id} is the same text as {other.source or other.id}: built once")
        else:
            kept.append(d)
    return kept, notes


def _held_texts(out: Path, manifest: Any, documents: Sequence[Document]) -> dict[str, str]:
    """Text hash -> id of the folder's document that has it, for the documents that this
    build keeps (not those it replaces)."""
    from kg.store import read_extraction
    from kg.store.state import text_hash

    incoming: dict[str, str] = {}
    for d in documents:
        incoming.setdefault(d.id, d.content_hash)
    held: dict[str, str] = {}
    for doc_id, entry in sorted(manifest.documents.items()):
        if incoming.get(doc_id, entry["hash"]) != entry["hash"]:
            continue  # replaced by this build
        h = entry.get("text") or text_hash(read_extraction(out, doc_id, entry).document.text)
        held.setdefault(h, doc_id)
    return held


def _recovered(out: Path, lock: Any) -> list[str]:
    """Put the folder in order after a stopped run (holding its lock); what was done."""
    from kg.store.commit import recover_folder

    notes = [f"{out}: the last run, {lock.stale}, stopped before it finished"] if lock.stale else []
    try:
        return notes + recover_folder(out)
    except OSError as err:
        raise ExportError(f"{out}: cannot clean up after a stopped run ({err})") from None


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
    wait: bool | float = False,
    stage: Stage | None = None,
    patterns: Sequence[str] | None = None,
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
        wait: when another run is writing ``out_dir``: ``False`` fail at once, ``True`` wait
            until it is done, a number: wait that many seconds at most.
        stage: called with the name of each stage as it begins (``STAGES``: ``read``,
            ``extract`` (parse and extract; only when something is new), ``resolve``,
            ``write`` (the files), ``store`` (the store and the build state)).
        patterns: the relation patterns to run on new documents (default
            ``DEFAULT_PATTERNS``); documents already in the folder keep what they were
            extracted with (rebuild with ``fresh=True`` to apply new ones to all).

    The folder's lock (``kg.store.lock``) is held for the whole build, and what a stopped
    run left is cleaned up first.  Content-identical documents are built once
    (``drop_duplicates``); ``BuildResult.notes`` names each duplicate.

    Raises:
        FolderLockedError: another run is writing ``out_dir``.
        InputError: a lexicon file is unreadable or holds a bad entry (nothing is written),
            or the folder's saved state is unreadable (rebuild with ``fresh=True``).
        ModelNotFoundError: no spaCy pipeline could be loaded.
        UnknownNameError: an unknown engine or pattern.
        ExportError: the outputs could not be written.
    """
    from kg.store.lock import folder_lock

    if engine not in ("local", "dask"):
        get("engines", engine)  # raises UnknownNameError listing the engines
    out = Path(out_dir)
    spec = NlpSpec.of(model, lexicons, patterns)  # a bad lexicon or pattern fails before any writing
    with folder_lock(out, wait=wait, command="kg build") as lock:
        notes = _recovered(out, lock)
        result = _build_folder(out, sources, nlp=nlp, spec=spec, fresh=fresh,
                               base=base, min_confidence=min_confidence, processes=processes,
                               engine=engine, scheduler=scheduler, progress=progress, store=store,
                               stage=stage or _no_stage)
    return replace(result, notes=(*notes, *result.notes))


def _build_folder(out: Path, sources: Iterable[str | Path | Document], *, nlp: Any, spec: NlpSpec,
                  fresh: bool, base: str, min_confidence: float,
                  processes: int, engine: str, scheduler: str | None, progress: Progress | None,
                  store: bool, stage: Stage) -> BuildResult:
    from kg.ingest import gather
    from kg.store import read_extraction, read_manifest, save_extraction, saved_extraction
    from kg.store.state import text_hash

    t0 = time.perf_counter()
    seconds: dict[str, float] = {}
    stage("read")
    found = gather(sources)
    errors = found.errors
    manifest = read_manifest(out) if not fresh else None
    held = _held_texts(out, manifest, found.documents) if manifest is not None else {}
    docs, duplicates = drop_duplicates(found.documents, held, where=str(out))
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
        used = max(1, min(processes, -(-len(todo) // BATCH_SIZE)))
        done = 0
        stage("extract")
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
    stage("resolve")
    kept = []
    if manifest is not None:
        for doc_id in sorted({*plan.kept, *(failed & set(manifest.documents))}):
            # (a changed document that failed: the old one is kept)
            x = read_extraction(out, doc_id, manifest.documents[doc_id])
            kept.append(x)
            # the text's hash added to the entries of manifests written before it was kept
            entries[doc_id] = {**manifest.documents[doc_id], "text": text_hash(x.document.text)}
    lexicon = resolution_lexicon(spec, nlp)
    graph = graph_of([*kept, *extractions], base=base, min_confidence=min_confidence, errors=errors,
                     lexicon=lexicon)
    seconds["resolve"] = time.perf_counter() - t

    t = time.perf_counter()
    stage("write")
    output = write_output(graph, out, store=store, entries=entries, stage=stage, lexicon=lexicon,
                          patterns=spec.patterns)
    seconds["write"] = time.perf_counter() - t
    seconds["total"] = time.perf_counter() - t0
    return BuildResult(graph, plan, output, tuple(errors), seconds, words, used,
                       (*found.notes, *duplicates))


def _no_stage(name: str) -> None:
    """No one follows the stages."""


def remove_documents(
    out_dir: str | Path, doc_ids: Sequence[str], *, store: bool = True, wait: bool | float = False
) -> tuple[KnowledgeGraph, Output]:
    """Take documents out of the folder's graph, then rewrite exports, store and state.

    Entities that only the removed documents mentioned disappear with them.  The folder's
    lock is held meanwhile (``wait`` as in ``build_folder``).

    Raises:
        FolderLockedError: another run is writing the folder.
        UnknownNameError: a document id is not in the folder; the message lists the ids.
        ExportError: the outputs could not be written.
        InputError: the folder's build state is unreadable.
    """
    from kg.knowledge.lexicon import LexiconEntry, shipped
    from kg.store import read_extraction, read_manifest
    from kg.store.lock import folder_lock

    with folder_lock(out_dir, wait=wait, command="kg remove") as lock:
        _recovered(Path(out_dir), lock)
        manifest = read_manifest(out_dir)
        for d in doc_ids:
            if d not in manifest.documents:
                raise UnknownNameError(f"document in {out_dir}", d, manifest.documents)
        gone = set(doc_ids)
        keep = {d: e for d, e in manifest.documents.items() if d not in gone}
        settings = manifest.settings
        lexicon = shipped().with_entries(LexiconEntry.of(e) for e in settings.get("lexicon", []))
        graph = graph_of((read_extraction(out_dir, d, e) for d, e in sorted(keep.items())),
                         base=settings.get("base", DEFAULT_BASE),
                         min_confidence=float(settings.get("min_confidence", 0.0)), lexicon=lexicon)
        return graph, write_output(graph, out_dir, store=store, entries=keep, lexicon=lexicon,
                                   patterns=settings.get("relation_patterns"))
