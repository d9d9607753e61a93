"""``kg remove DOC_ID... --out DIR``: take documents out of an output folder's graph."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from kg.cli import app, fail
from kg.errors import KGError

DEFAULT_OUT = Path("kg-out")


@app.command("remove")
def remove_cli(
    doc_ids: list[str] = typer.Argument(...,
                                        help="Ids of the documents to remove (see `kg query documents`)."),
    out: Path = typer.Option(DEFAULT_OUT, "--out", "-o", help="Output folder of `kg build`."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors."),
    wait: bool = typer.Option(False, "--wait",
                              help="When another `kg build` or `kg remove` is writing OUT, wait for it "
                                   "to finish [default: stop at once, exit code 2]."),
) -> None:
    """Remove documents (and the entities only they mention) from OUT, rewriting every output."""
    from kg.builder import remove_documents
    from kg.cli.build import holding, write_explain

    err = Console(stderr=True)
    if not out.is_dir():
        _no_state(err, out)
    with holding(out, wait=wait, command="kg remove", err=err):  # never while a build runs
        if not (out / ".kg" / "manifest.json").exists():
            _no_state(err, out)
        try:
            graph, written = remove_documents(out, doc_ids)
            write_explain(graph.resolution, out, False)  # an explain.txt tells of the graph before
        except KGError as e:
            raise fail(err, e) from None
    if not quiet:
        Console().print(f"removed: {len(doc_ids)}   documents: {len(graph.documents)}   "
                        f"entities: {len(graph.entities)}   relations: {len(graph.relations)}",
                        highlight=False)


def _no_state(err: Console, out: Path) -> None:
    raise fail(err, f"'{out}' has no build state; run 'kg build INPUT --out {out}' first")
