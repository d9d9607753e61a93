"""``kg query QUERY|-f FILE --out DIR``: SPARQL over the store of an output folder."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from kg.cli import app
from kg.errors import KGError

DEFAULT_OUT = Path("kg-out")
TABLE = "table"


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
    list_: bool = typer.Option(False, "--list", "-l", help="List the shipped queries and their parameters."),
) -> None:
    """Run a SPARQL query (or a shipped named query) over the store in OUT."""
    from kg.query import FORMATS, named_queries, query_form, run_query, serialize_result
    from kg.store import open_store, read_manifest

    err = Console(stderr=True)

    def fail(message: str) -> typer.Exit:
        err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
        return typer.Exit(1)

    if list_:
        _list(Console(), named_queries())
        return
    if (query is None) == (file is None):
        raise fail("give a query or --file FILE (and not both); --list shows the shipped queries")
    text: Any = file.read_text("utf-8") if file is not None else query
    if file is None and query in named_queries():
        text = named_queries()[query]
    form = text.form if hasattr(text, "form") else query_form(text)
    fmt = format or (TABLE if form in ("SELECT", "ASK") else "turtle")
    if fmt not in (TABLE, *FORMATS):
        raise fail(f"unknown format '{fmt}'; choose one of {', '.join((TABLE, *FORMATS))}")
    try:
        params = _parse_params(param)
        # the manifest only: the extractions may be replaced by a build meanwhile
        base = read_manifest(out).settings.get("base") if (out / ".kg").exists() else None
        store = open_store(out)
        kwargs = {"base": base} if base else {}
        result = run_query(store, text, params, **kwargs)
        if fmt == TABLE and form in ("SELECT", "ASK"):
            _table(Console(), result, **kwargs)
        else:
            sys.stdout.buffer.write(serialize_result(result, "turtle" if fmt == TABLE else fmt, **kwargs))
            sys.stdout.flush()
    except (KGError, ImportError) as e:
        raise fail(str(e)) from None
    except (OSError, RuntimeError) as e:  # the store's files went away under a read (a build replaced it)
        raise fail(f"cannot read the store in '{out}' ({e}); run the query again") from None


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
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        iri = term.value
        for name, ns in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{name}:{iri[len(ns):]}"
        return f"<{iri}>"
    if isinstance(term, ox.Literal):
        return str(term.value)
    return str(term)


def _table(console: Console, result: Any, **kwargs: Any) -> None:
    from kg.query import prefixes

    if isinstance(result, bool) or hasattr(result, "__bool__") and not hasattr(result, "variables"):
        console.print("yes" if bool(result) else "no", highlight=False)
        return
    ns = prefixes(**kwargs)
    names = [v.value for v in result.variables]
    t = Table(show_edge=False)
    for n in names:
        t.add_column(n, overflow="fold")
    rows = 0
    for sol in result:
        t.add_row(*(_short(sol[n], ns) for n in names))
        rows += 1
    console.print(t)
    console.print(f"{rows} row{'s' if rows != 1 else ''}", highlight=False)
