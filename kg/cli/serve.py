"""``kg serve --out DIR --port N``: a read-only SPARQL 1.1 Protocol endpoint on 127.0.0.1."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from kg.cli import app, fail
from kg.errors import KGError

DEFAULT_OUT = Path("kg-out")
DEFAULT_TIMEOUT = 30


@app.command("serve")
def serve_cli(
    out: Path = typer.Option(DEFAULT_OUT, "--out", "-o", help="Output folder of `kg build`."),
    port: int = typer.Option(7878, "--port", min=1, max=65535, help="TCP port."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (local only by default)."),
    timeout: int = typer.Option(DEFAULT_TIMEOUT, "--timeout", min=1,
                                help="Seconds a query may run; past them it gets 503 and is stopped."),
    allow_service: bool = typer.Option(False, "--allow-service",
                                       help="Let queries use SERVICE (the server then fetches the URLs "
                                            "clients name)."),
    cors: bool = typer.Option(False, "--cors", help="Allow cross-origin requests from browsers."),
) -> None:
    """Serve the store in OUT over the SPARQL 1.1 Protocol (read-only Oxigraph server behind a
    guard: queries too large, too deep or with SERVICE get 400; slow ones 503)."""
    from kg.store.endpoint import open_endpoint
    from kg.store.oxigraph import readable_store

    err = Console(stderr=True)

    def log(message: str) -> None:
        err.print(message, highlight=False, soft_wrap=True)

    from kg.store.endpoint import check_port

    try:  # first: a taken port is said at once, before the backend starts
        check_port(host, port)
    except KGError as e:
        raise fail(err, e) from None
    store = readable_store(out)  # changes nothing: a build may be swapping the store
    if store is None:
        raise fail(err, f"no store in '{out}'; run 'kg build INPUT --out {out}' first")
    try:
        endpoint = open_endpoint(store, host=host, port=port, timeout=timeout, allow_service=allow_service,
                                 cors=cors, log=log)
    except (ImportError, KGError, OSError) as e:
        raise fail(err, e) from None
    signal.signal(signal.SIGTERM, _interrupt)
    log(f"SPARQL endpoint: {endpoint.url}/query  (read-only; queries stop after {timeout} s"
        f"{'; SERVICE allowed' if allow_service else ''}; Ctrl-C stops it)")
    try:
        endpoint.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):  # a second signal must not cut the clean-up short
            signal.signal(sig, signal.SIG_IGN)
        endpoint.close()


def _interrupt(signum: int, frame: Any) -> None:
    """SIGTERM ends the server as Ctrl-C does (the backend is stopped on the way out)."""
    raise KeyboardInterrupt
