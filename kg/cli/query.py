"""``kg query QUERY|-f FILE --out DIR``: SPARQL over the store of an output folder."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from kg.cli import app
from kg.cli import fail as cli_fail
from kg.errors import KGError

DEFAULT_OUT = Path("kg-out")
DEFAULT_TIMEOUT = 30
TABLE = "table"
# the local part of a SPARQL prefixed name (PN_LOCAL without escapes): no '/', '#', '?', ...
_PN_LOCAL = re.compile(r"[\w:](?:[\w.:\u00B7-]*[\w:\u00B7-])?")


def _parse_params(values: list[str]) -> dict[str, str]:
    out = {}
    for v in values:
        name, sep, value = v.partition("=")
        if not sep or not name.strip():
            raise typer.BadParameter(f"'{v}' is not NAME=VALUE", param_hint="--param")
        out[name.strip()] = value
    return out


@app.command("query")
def query_cli(
    query: str = typer.Argument(None, help="SPARQL text, or the name of a shipped query (see --list)."),
    file: Path = typer.Option(None, "--file", "-f", exists=True, dir_okay=False,
                              help="Read SPARQL from a .rq file."),
    param: list[str] = typer.Option([], "--param", "-p",
                                    help="NAME=VALUE, bound as an RDF term (repeatable)."),
    out: Path = typer.Option(DEFAULT_OUT, "--out", "-o", help="Output folder of `kg build`."),
    format: str = typer.Option(None, "--format", "-F",
                               help="table, csv, tsv, json, xml (SELECT/ASK); "
                                    "turtle, nt (CONSTRUCT/DESCRIBE)."),
    timeout: int = typer.Option(DEFAULT_TIMEOUT, "--timeout", min=1,
                                help="Seconds the query may run; past them it is stopped."),
    allow_service: bool = typer.Option(False, "--allow-service",
                                       help="Let the query use SERVICE (fetches the URLs it names)."),
    list_: bool = typer.Option(False, "--list", "-l", help="List the shipped queries and their parameters."),
) -> None:
    """Run a SPARQL query (or a shipped named query) over the store in OUT.

    The query runs in a child process, stopped after --timeout seconds; queries too large,
    too deep or with SERVICE (without --allow-service) are refused before they run."""
    from kg.query import FORMATS, UnknownQueryError, looks_like_name, named_queries, query_form
    from kg.query.child import in_child
    from kg.query.guard import check_query
    from kg.store import read_manifest

    err = Console(stderr=True)

    def fail(message: str) -> typer.Exit:
        return cli_fail(err, message)

    if list_:
        _list(Console(), named_queries())
        return
    if (query is None) == (file is None):
        raise fail("give a query or --file FILE (and not both); --list shows the shipped queries")
    text: Any = file.read_text("utf-8") if file is not None else query
    if file is None and query in named_queries():
        text = named_queries()[query]
    elif file is None and looks_like_name(query):  # a misspelt name, not SPARQL
        raise fail(str(UnknownQueryError(query.strip())))
    form = text.form if hasattr(text, "form") else query_form(text)
    fmt = format or (TABLE if form in ("SELECT", "ASK") else "turtle")
    if fmt not in (TABLE, *FORMATS):
        raise fail(f"unknown format '{fmt}'; choose one of {', '.join((TABLE, *FORMATS))}")
    try:
        params = _parse_params(param)
        check_query(text.text if hasattr(text, "text") else text, allow_service=allow_service)
        # the manifest only: the extractions may be replaced by a build meanwhile
        base = read_manifest(out).settings.get("base") if (out / ".kg").exists() else None
        if fmt == TABLE and form not in ("SELECT", "ASK"):
            fmt = "turtle"
        answer = in_child(_answer, out, text, params, fmt, base, timeout=timeout)
    except (KGError, ImportError) as e:
        raise fail(str(e)) from None
    if isinstance(answer, bytes):
        sys.stdout.buffer.write(answer)
        sys.stdout.flush()
    elif isinstance(answer, bool):
        Console().print("yes" if answer else "no", highlight=False)
    else:
        _table(Console(), *answer)


def _answer(out: Path, text: Any, params: dict[str, str], fmt: str,
            base: str | None) -> bytes | bool | tuple[list[str], list[tuple[str, ...]]]:
    """Run the query (in the child process of ``kg query``): the serialized result, or for
    ``table``, the answer of an ASK or the columns and rows (as text) of a SELECT."""
    from kg.query import prefixes, run_query, serialize_result
    from kg.store import open_store

    kwargs = {"base": base} if base else {}
    result = run_query(open_store(out), text, params, **kwargs)
    if fmt != TABLE:
        return serialize_result(result, fmt, **kwargs)
    if not hasattr(result, "variables"):
        return bool(result)
    ns = prefixes(**kwargs)
    names = [v.value for v in result.variables]
    return names, [tuple(_short(sol[n], ns) for n in names) for sol in result]


def _list(console: Console, queries: dict[str, Any]) -> None:
    t = Table(title="shipped queries (kg query NAME -p PARAM=VALUE)", show_edge=False)
    t.add_column("name")
    t.add_column("what it answers")
    t.add_column("parameters")
    t.add_column("example")
    for name, q in queries.items():
        params = "\n".join(f"{p.name} ({p.kind}{'' if p.required else ', optional'})" for p in q.params)
        example = " ".join(f'-p "{k}={v}"' if " " in v else f"-p {k}={v}" for k, v in q.example)
        t.add_row(name, q.title, params or "-", example or "-")
    console.print(t)


def _short(term: Any, prefixes: dict[str, str]) -> str:
    """A term as the table shows it: an IRI as a prefixed name when that parses in SPARQL
    (``kgo:restricts``), else whole (``<https://w3id.org/kg/id/entity/org/Nvidia>``), so
    that it can be pasted back into a query or a ``-p`` parameter.

    Example:
        >>> import pyoxigraph as ox
        >>> ns = {"kgo": "https://w3id.org/kg/ontology#", "kg": "https://w3id.org/kg/id/"}
        >>> _short(ox.NamedNode("https://w3id.org/kg/ontology#restricts"), ns)
        'kgo:restricts'
        >>> _short(ox.NamedNode("https://w3id.org/kg/id/entity/org/Nvidia"), ns)
        '<https://w3id.org/kg/id/entity/org/Nvidia>'
    """
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        iri = term.value
        for name, ns in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
            if iri.startswith(ns) and _PN_LOCAL.fullmatch(iri[len(ns):]):
                return f"{name}:{iri[len(ns):]}"
        return f"<{iri}>"
    if isinstance(term, ox.Literal):
        return str(term.value)
    return str(term)


def _table(console: Console, names: list[str], rows: list[tuple[str, ...]]) -> None:
    """Print the rows; a column of whole IRIs (``<...>``) is never folded, so that a cell
    can be pasted back (the table may then be wider than the terminal)."""
    t = Table(show_edge=False)
    iri_widths = []
    for i, n in enumerate(names):
        cells = [row[i] for row in rows]
        if any(c.startswith("<") and c.endswith(">") for c in cells):
            width = max(len(n), *(len(c) for c in cells))
            iri_widths.append(width)
            t.add_column(n, no_wrap=True, min_width=width)
        else:
            t.add_column(n, overflow="fold")
    for row in rows:
        t.add_row(*row)
    needed = sum(iri_widths) + 16 * (len(names) - len(iri_widths)) + 3 * len(names)
    wide = Console(width=needed, file=console.file) if needed > console.width else console
    wide.print(t)
    console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", highlight=False)
