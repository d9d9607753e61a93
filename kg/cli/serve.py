"""``kg serve --out DIR --port N``: a read-only SPARQL 1.1 Protocol endpoint on 127.0.0.1."""

from __future__ import annotations

import subprocess
from pathlib import Path

import typer
from rich.console import Console

from kg.cli import app
from kg.errors import KGError

DEFAULT_OUT = Path("kg-out")


@app.command("serve")
def serve_cli(
    out: Path = typer.Option(DEFAULT_OUT, "--out", "-o", help="Output folder of `kg build`."),
    port: int = typer.Option(7878, "--port", "-p", min=1, max=65535, help="TCP port."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (local only by default)."),
    timeout: int = typer.Option(None, "--timeout", min=1, help="Per-query timeout in seconds."),
    cors: bool = typer.Option(False, "--cors", help="Allow cross-origin requests from browsers."),
) -> None:
    """Serve the store in OUT over the SPARQL 1.1 Protocol (read-only Oxigraph server)."""
    from kg.store.oxigraph import readable_store
    from kg.store.server import server_command

    err = Console(stderr=True)
    store = readable_store(out)  # changes nothing: a build may be swapping the store
    if store is None:
        err.print(f"[red]error:[/red] no store in '{out}'; run 'kg build INPUT --out {out}' first",
                  highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    try:
        cmd = server_command(store, host=host, port=port, timeout=timeout, cors=cors)
    except (ImportError, KGError) as e:
        err.print(f"[red]error:[/red] {e}", highlight=False)
        raise typer.Exit(1) from None
    err.print(f"SPARQL endpoint: http://{host}:{port}/query  (read-only; Ctrl-C stops it)", highlight=False)
    try:
        code = subprocess.call(cmd)
    except KeyboardInterrupt:
        code = 0
    raise typer.Exit(code)
