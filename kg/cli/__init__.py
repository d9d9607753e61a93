"""The ``kg`` command line (Typer).  One module per command; each ``<cmd>_cli`` only
parses and validates, then calls the library."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="kg",
    help="Build, query and look at knowledge graphs of news text, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)



@app.callback()
def _root() -> None:
    """Build, query and look at knowledge graphs of news text, offline."""


from kg.cli import build as _build  # noqa: E402,F401  (registers the command)
from kg.cli import query as _query  # noqa: E402,F401  (registers the command)
from kg.cli import remove as _remove  # noqa: E402,F401  (registers the command)
from kg.cli import serve as _serve  # noqa: E402,F401  (registers the command)
from kg.cli import viz as _viz  # noqa: E402,F401  (registers the command)


def main() -> None:
    app()
