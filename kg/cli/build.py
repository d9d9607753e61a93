"""``kg build INPUT... --out DIR``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from kg.cli import app, error, fail
from kg.cli.progress import StageProgress
from kg.errors import FolderLockedError, KGError

DEFAULT_OUT = Path("kg-out")


@contextmanager
def holding(out: Path, *, wait: bool, command: str, err: Console) -> Iterator[None]:
    """Hold the lock of the output folder ``out`` for the block (``kg.store.lock``).  When
    another run holds it: one error line and exit code 2, or with ``wait``, one line
    saying whom it waits for, then wait."""
    from kg.store.lock import folder_lock

    with ExitStack() as stack:
        try:
            stack.enter_context(folder_lock(out, command=command))
        except FolderLockedError as locked:
            if not wait:
                raise fail(err, locked, 2) from None
            who = locked.owner or "another run"
            err.print(f"waiting for {who} to finish writing '{out}'", highlight=False, soft_wrap=True)
            stack.enter_context(folder_lock(out, wait=True, command=command))
        yield


def _check_lexicons(paths: list[Path], err: Console) -> None:
    """Read every ``--lexicon`` file before OUT is touched: a missing file or a bad entry is
    one error line naming the file (and the line) and exit code 2."""
    from kg.knowledge.lexicon import read_lexicon

    for path in paths:
        try:
            read_lexicon(path)
        except KGError as bad:
            raise fail(err, bad, 2) from None


def _cores() -> int:
    from kg.engines import available_cores

    return available_cores()


@app.command("build")
def build_cli(
    inputs: list[Path] = typer.Argument(..., help="Files or folders of .txt, .md and .jsonl articles."),
    out: Path = typer.Option(DEFAULT_OUT, "--out", "-o", help="Output folder."),
    model: str = typer.Option(None, "--model", "-m", help="spaCy pipeline to use."),
    lexicon: list[Path] = typer.Option([], "--lexicon", help="Extra lexicon file (JSON lines)."),
    min_confidence: float = typer.Option(0.0, "--min-confidence", min=0.0, max=1.0,
                                         help="Leave out relations below this confidence."),
    processes: int = typer.Option(None, "--processes", "-j", min=1,
                                  help="Processes that parse and extract [default: the number of cores]."),
    engine: str = typer.Option("local", "--engine", help="local, or dask (workers of a Dask cluster)."),
    scheduler: str = typer.Option(None, "--scheduler",
                                  help="Dask scheduler address (tcp://host:8786) for --engine dask; "
                                       "default: a local cluster of --processes workers."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors."),
    fresh: bool = typer.Option(False, "--fresh", help="Ignore what OUT already holds; build INPUT only."),
    viz: bool = typer.Option(False, "--viz", help="Also write OUT/graph.html (see `kg viz`)."),
    explain: bool = typer.Option(False, "--explain",
                                 help="Also write OUT/explain.txt: a line per merge of two names into "
                                      "one entity, with the rule that made it."),
    wait: bool = typer.Option(False, "--wait",
                              help="When another `kg build` or `kg remove` is writing OUT, wait for it "
                                   "to finish [default: stop at once, exit code 2]."),
    patterns: str = typer.Option(None, "--patterns",
                                 help="Relation patterns to run, comma-separated, in order "
                                      "[default: every pattern but kg.wikidata-pairs-all.v1]; "
                                      "`kg build --patterns list` lists them."),
) -> None:
    """Build the knowledge graph of INPUT articles and write it in every format."""
    console = Console(stderr=False)
    err = Console(stderr=True)
    if scheduler and engine != "dask":
        raise fail(err, "--scheduler needs --engine dask")
    chosen = _patterns(patterns, console, err)
    _check_lexicons(lexicon, err)
    with holding(out, wait=wait, command="kg build", err=err):  # one writer per folder
        _build(console, err, inputs, out, model=model, lexicon=lexicon, min_confidence=min_confidence,
               processes=processes, engine=engine, scheduler=scheduler, quiet=quiet, fresh=fresh, viz=viz,
               patterns=chosen, explain=explain)


def _patterns(option: str | None, console: Console, err: Console) -> tuple[str, ...] | None:
    """The patterns ``--patterns`` names (``None``: the default); ``list`` prints them all
    and exits; an unknown name is one line and exit code 2."""
    if option is None:
        return None
    from kg.extract.defaults import DEFAULT_PATTERNS
    from kg.registry import names

    known = names("relation_patterns")
    if option.strip() == "list":
        for name in known:
            console.print(f"{name}{'  (default)' if name in DEFAULT_PATTERNS else ''}", highlight=False)
        raise typer.Exit(0)
    chosen = tuple(p.strip() for p in option.split(",") if p.strip())
    unknown = [p for p in chosen if p not in known]
    if unknown or not chosen:
        raise fail(err, f"unknown relation pattern '{unknown[0] if unknown else option}'; "
                        f"choose from {', '.join(known)}", 2)
    return chosen


def _build(console: Console, err: Console, inputs: list[Path], out: Path, *, model: str | None,
           lexicon: list[Path], min_confidence: float, processes: int | None, engine: str,
           scheduler: str | None, quiet: bool, fresh: bool, viz: bool,
           patterns: tuple[str, ...] | None = None, explain: bool = False) -> None:
    from kg.builder import build_folder
    from kg.ingest import gather

    # every stage on stderr: a bar on a terminal, a plain line every few seconds otherwise
    with StageProgress(err, command="kg build", quiet=quiet) as progress:
        progress.stage("read")
        found = gather(inputs)
        docs, errors = found.documents, found.errors
        for e in errors:
            error(err, e)
        if not docs:
            raise fail(err, "no readable documents in the input")
        try:  # incremental: OUT's saved documents + what is new or changed in INPUT
            result = build_folder(out, docs, model=model, lexicons=lexicon, fresh=fresh,
                                  min_confidence=min_confidence, processes=processes or _cores(),
                                  engine=engine, scheduler=scheduler, progress=progress.docs,
                                  stage=progress.stage, patterns=patterns)
            for line in result.errors:
                error(err, line)
            paths = result.output.paths
            if viz:
                from kg.viz import write_viz

                progress.stage("viz")
                paths.update(write_viz(result.graph, out, ["html"]))
            explained = write_explain(result.graph.resolution, out, explain)
            if explained is not None:
                paths["explain"] = explained
        except KGError as failure:
            raise fail(err, failure) from None
    if not quiet:
        _changes(console, result, found.notes)
        _summary(console, result, paths)
    if errors or result.errors:
        raise typer.Exit(2)


def write_explain(resolution: Any, out: Path, explain: bool) -> Path | None:
    """With ``explain``, write OUT/explain.txt (``kg.resolve.merge_lines``) and return its
    path; without, remove the one an earlier build left (it tells of an older graph).

    Raises:
        ExportError: the file could not be written or removed.
    """
    from kg.errors import ExportError
    from kg.resolve import EXPLAIN_FILE, merge_lines
    from kg.store.state import write_bytes_atomic

    path = out / EXPLAIN_FILE
    try:
        if not explain:
            path.unlink(missing_ok=True)
            return None
        lines = merge_lines(resolution)
        write_bytes_atomic(path, "".join(f"{line}\n" for line in lines).encode("utf-8"))
    except OSError as e:
        raise ExportError(f"{path}: cannot write ({e})") from None
    return path


def _stages(result: Any) -> str:
    """Wall seconds per stage; parsing and extraction share the extraction stage's wall
    time in the ratio of the CPU time the workers spent in each."""
    s = result.seconds
    cpu = s.get("parse_cpu", 0.0) + s.get("extract_cpu", 0.0)
    share = s.get("parse_cpu", 0.0) / cpu if cpu else 1.0
    parse, extract = s["extract"] * share, s["extract"] * (1 - share)
    workers = f"{result.processes} process{'es' if result.processes != 1 else ''}"
    return (f"read {s['read']:.1f} · parse {parse:.1f} · extract {extract:.1f} · "
            f"resolve {s['resolve']:.1f} · write {s['write']:.1f} · {workers}")


def _summary(console: Console, result: Any, paths: dict[str, Path]) -> None:
    graph = result.graph
    types = Counter(e.type for e in graph.entities)
    preds = Counter(r.predicate for r in graph.relations)
    seconds = result.seconds["total"]
    speed = f"   words/s: {result.words / seconds:,.0f}" if result.words and seconds else ""
    console.print(f"documents: {len(graph.documents)}   entities: {len(graph.entities)}   "
                  f"relations: {len(graph.relations)}   seconds: {seconds:.1f}{speed}", highlight=False,
                  soft_wrap=True)
    console.print(f"seconds per stage: {_stages(result)}", highlight=False, soft_wrap=True)
    t = Table(title="entities per type", show_edge=False)
    t.add_column("type")
    t.add_column("count", justify="right")
    for k, v in sorted(types.items(), key=lambda kv: (-kv[1], kv[0])):
        t.add_row(k, str(v))
    console.print(t)
    r = Table(title="relations per predicate", show_edge=False)
    r.add_column("predicate")
    r.add_column("count", justify="right")
    for k, v in sorted(preds.items(), key=lambda kv: (-kv[1], kv[0])):
        r.add_row(k, str(v))
    console.print(r)
    console.print("outputs:", highlight=False)
    for fmt, p in paths.items():
        console.print(f"  {fmt:8s} {p}", highlight=False, soft_wrap=True)


def _changes(console: Console, result: Any, notes: list[str]) -> None:
    plan = result.plan
    console.print(f"added: {len(plan.added)}   replaced: {len(plan.replaced)}   "
                  f"unchanged: {len(plan.skipped)}   kept from before: "
                  f"{len(plan.kept) - len(plan.skipped)}", highlight=False)
    for note in (*notes, *result.notes, *result.output.notes):
        console.print(f"note: {note}", highlight=False, soft_wrap=True)
