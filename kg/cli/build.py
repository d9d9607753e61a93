"""``kg build INPUT... --out DIR``."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.cli import app
from kg.errors import KGError

DEFAULT_OUT = Path("kg-out")


@app.command("build")
def build_cli(
    inputs: list[Path] = typer.Argument(..., help="Files or folders of .txt, .md and .jsonl articles."),
    out: Path = typer.Option(DEFAULT_OUT, "--out", "-o", help="Output folder."),
    model: str = typer.Option(None, "--model", "-m", help="spaCy pipeline to use."),
    lexicon: list[Path] = typer.Option([], "--lexicon", help="Extra lexicon file (JSON lines)."),
    min_confidence: float = typer.Option(0.0, "--min-confidence", min=0.0, max=1.0,
                                         help="Leave out relations below this confidence."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors."),
    fresh: bool = typer.Option(False, "--fresh", help="Ignore what OUT already holds; build INPUT only."),
    viz: bool = typer.Option(False, "--viz", help="Also write OUT/graph.html (see `kg viz`)."),
) -> None:
    """Build the knowledge graph of INPUT articles and write it in every format."""
    console = Console(stderr=False)
    err = Console(stderr=True)
    from kg.extract.nlp import load_nlp
    from kg.pipeline import collect_documents
    from kg.store import update_graph, write_output

    start = time.perf_counter()
    docs, errors = collect_documents(inputs)
    for e in errors:
        err.print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
    if not docs:
        err.print("[red]error:[/red] no readable documents in the input", highlight=False)
        raise typer.Exit(1)
    try:
        nlp = load_nlp(model, lexicons=lexicon)
    except KGError as e:
        err.print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    show_bar = not quiet and len(docs) >= 10
    with Progress(TextColumn("building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, disable=not show_bar, transient=True) as bar:
        task = bar.add_task("docs", total=len(docs))
        try:  # incremental: OUT's saved documents + what is new or changed in INPUT
            graph, plan = update_graph(out, docs, nlp=nlp, fresh=fresh, min_confidence=min_confidence,
                                       progress=lambda n: bar.update(task, completed=n))
        except KGError as e:
            err.print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None
    try:
        written = write_output(graph, out)
        paths = written.paths
        if not quiet:
            _changes(console, plan, written)
        if viz:
            from kg.viz import write_viz

            paths.update(write_viz(graph, out, ["html"]))
    except KGError as e:
        err.print(f"[red]error:[/red] {e}", highlight=False)
        raise typer.Exit(1) from None
    seconds = time.perf_counter() - start
    if not quiet:
        _summary(console, graph, paths, seconds)
    if errors:
        raise typer.Exit(2)


def _summary(console: Console, graph, paths: dict[str, Path], seconds: float) -> None:  # type: ignore[no-untyped-def]
    types = Counter(e.type for e in graph.entities)
    preds = Counter(r.predicate for r in graph.relations)
    console.print(f"documents: {len(graph.documents)}   entities: {len(graph.entities)}   "
                  f"relations: {len(graph.relations)}   seconds: {seconds:.1f}", highlight=False)
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


def _changes(console: Console, plan, written) -> None:  # type: ignore[no-untyped-def]
    console.print(f"added: {len(plan.added)}   replaced: {len(plan.replaced)}   "
                  f"unchanged: {len(plan.skipped)}   kept from before: "
                  f"{len(plan.kept) - len(plan.skipped)}", highlight=False)
    for note in written.notes:
        console.print(f"note: {note}", highlight=False)
