"""``kg remove DOC_ID... --out DIR``: take documents out of an output folder's graph."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from kg.cli import app
from kg.errors import KGError

DEFAULT_OUT = Path("kg-out")


@app.command("remove")
def remove_cli(
    doc_ids: list[str] = typer.Argument(...,
                                        help="Ids of the documents to remove (see `kg query documents`)."),
    out: Path = typer.Option(DEFAULT_OUT, "--out", "-o", help="Output folder of `kg build`."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors."),
) -> None:
    """Remove documents (and the entities only they mention) from OUT, rewriting every output."""
    from kg.builder import remove_documents

    err = Console(stderr=True)
    if not (out / ".kg" / "manifest.json").exists():
        err.print(f"[red]error:[/red] '{out}' has no build state; run 'kg build INPUT --out {out}' first",
                  highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    try:
        graph, written = remove_documents(out, doc_ids)
    except KGError as e:
        err.print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    if not quiet:
        Console().print(f"removed: {len(doc_ids)}   documents: {len(graph.documents)}   "
                        f"entities: {len(graph.entities)}   relations: {len(graph.relations)}",
                        highlight=False)
