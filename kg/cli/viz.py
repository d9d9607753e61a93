"""``kg viz [INPUT...] --out DIR --format html|png|svg``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from kg.cli import app, error
from kg.cli import fail as cli_fail
from kg.errors import KGError

DEFAULT_OUT = Path("kg-out")
GRAPH_SUFFIXES = (".graphml",)


@app.command("viz")
def viz_cli(
    inputs: list[Path] = typer.Argument(
        None, help="Articles (files or folders) to build the graph of, or a .graphml written by "
                   "`kg build`. Default: OUT/graph.graphml."),
    out: Path = typer.Option(DEFAULT_OUT, "--out", "-o", help="Output folder."),
    formats: list[str] = typer.Option(["html"], "--format", "-F",
                                      help="html (interactive page), png or svg; repeat for several."),
    max_nodes: int = typer.Option(500, "--max-nodes", "-n", min=0,
                                  help="Show the top N entities by degree; 0 shows all."),
    min_confidence: float = typer.Option(0.0, "--min-confidence", min=0.0, max=1.0,
                                         help="Leave out relations below this confidence."),
    title: str = typer.Option(None, "--title", help="Heading of the page or picture."),
    model: str = typer.Option(None, "--model", "-m", help="spaCy pipeline (when building from articles)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors."),
) -> None:
    """Draw the knowledge graph: a self-contained OUT/graph.html, or OUT/graph.png / .svg.

    Drawn from articles, the graph is also left in OUT/graph.graphml (so `kg viz --out OUT`
    draws it again), unless OUT holds a `kg build` output, which is left as it is."""
    err = Console(stderr=True)

    def fail(message: str) -> None:
        raise cli_fail(err, message)

    from kg.viz import FORMATS, write_viz

    bad = [f for f in formats if f.lower() not in FORMATS]
    if bad:
        fail(f"unknown format '{bad[0]}'. Available formats: {', '.join(sorted(FORMATS))}")
    graph: Any
    saved: Path | None = None
    sources = list(inputs or [])
    if not sources:
        default = out / "graph.graphml"
        if not default.is_file():
            fail(f"no graph at {default}: run `kg build INPUT --out {out}` first, or pass INPUT")
        sources = [default]
    if all(p.suffix.lower() in GRAPH_SUFFIXES for p in sources):
        if len(sources) > 1:
            fail("give one .graphml file at a time")
        graph = _read_graph(sources[0], fail)
    elif any(p.suffix.lower() in GRAPH_SUFFIXES for p in sources):
        fail("give either articles or one .graphml file, not both")
    else:
        graph = _build(sources, model, fail, err)
        saved = _keep_graph(graph, out, fail)
    try:
        paths = write_viz(graph, out, [f.lower() for f in formats], max_nodes=max_nodes or None,
                          min_confidence=min_confidence, title=title)
    except (KGError, ImportError) as e:
        fail(str(e))
    if saved is not None:
        paths["graphml"] = saved
    elif sources and all(p.suffix.lower() not in GRAPH_SUFFIXES for p in sources) and not quiet:
        err.print(f"note: the graph drawn is not saved: {out} holds a `kg build` output, left as it is "
                  f"(`kg build INPUT --out DIR --viz` keeps both)", highlight=False, soft_wrap=True)
    if not quiet:
        console = Console()
        for fmt, p in paths.items():
            console.print(f"  {fmt:7s} {p}", highlight=False, soft_wrap=True)


def _keep_graph(graph: Any, out: Path, fail: Any) -> Path | None:
    """Write the graph drawn from articles to ``out/graph.graphml``, unless ``out`` holds a
    ``kg build`` output (its graph.graphml belongs with its other files); the path, or
    ``None`` when it was not written."""
    from kg.export import write

    if (out / ".kg").exists():
        return None
    path = out / "graph.graphml"
    try:
        out.mkdir(parents=True, exist_ok=True)
        write(graph, path, "graphml")
    except (KGError, OSError) as e:
        fail(str(e))
    return path


def _read_graph(path: Path, fail: Any) -> Any:
    from xml.etree.ElementTree import ParseError

    import networkx as nx

    if not path.is_file():
        fail(f"{path}: no such file")
    try:
        return nx.read_graphml(path, force_multigraph=True)
    except (OSError, nx.NetworkXError, ParseError, ValueError, KeyError) as e:
        fail(f"{path}: not a GraphML graph ({e})")


def _build(sources: list[Path], model: str | None, fail: Any, err: Console) -> Any:
    from kg.builder import build
    from kg.extract.nlp import load_nlp
    from kg.ingest import collect_documents

    docs, errors = collect_documents(sources)
    for e in errors:
        error(err, e)
    if not docs:
        fail("no readable documents in the input")
    try:
        nlp = load_nlp(model)
    except KGError as e:
        fail(str(e))
    return build(docs, nlp=nlp)
