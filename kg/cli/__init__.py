"""The ``kg`` command line (Typer).  One module per command; each ``<cmd>_cli`` only
parses and validates, then calls the library."""

from __future__ import annotations

from typing import Any

import typer

app = typer.Typer(
    name="kg",
    help="Build, query and look at knowledge graphs of news text, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def error(console: Any, message: object) -> None:
    """Print one ``error: ...`` line on ``console`` (a rich Console; the message is plain
    text: brackets in a path or a query are not markup)."""
    from rich.markup import escape

    console.print(f"[red]error:[/red] {escape(str(message))}", highlight=False, soft_wrap=True)


def fail(console: Any, message: object, code: int = 1) -> typer.Exit:
    """``error`` and the ``typer.Exit`` to raise with ``code``:
    ``raise fail(err, "no store") from None``."""
    error(console, message)
    return typer.Exit(code)



def _version(value: bool) -> None:
    if value:
        from kg import __version__

        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", help="Print kg's version and exit.",
                                 callback=_version, is_eager=True),
) -> None:
    """Build, query and look at knowledge graphs of news text, offline."""


from kg.cli import build as _build  # noqa: E402,F401  (registers the command)
from kg.cli import query as _query  # noqa: E402,F401  (registers the command)
from kg.cli import remove as _remove  # noqa: E402,F401  (registers the command)
from kg.cli import serve as _serve  # noqa: E402,F401  (registers the command)
from kg.cli import viz as _viz  # noqa: E402,F401  (registers the command)


def main() -> None:
    """The ``kg`` command.  Once the command is done, the process ends without tearing
    down the interpreter object by object: freeing a loaded spaCy model and a built graph
    took longer than printing the summary (0.3 s of a 2.5 s build of 60 articles).  Under
    a profiler or a tracer (cProfile, coverage), which write their results at exit, it
    ends the usual way."""
    import logging
    import os
    import sys

    try:
        app()
        code = 0
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            code = done.code or 0
        else:
            print(done.code, file=sys.stderr)
            code = 1
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
