"""GraphML (``.graphml``) for Gephi, yEd, ``networkx.read_graphml`` and igraph's
``Graph.Read_GraphML``.

Written here rather than by networkx's writer, whose named key ids repeat when a node and
an edge attribute share a name (``<key id="label">`` twice) and whose edge ids are the
edge keys (the predicate: repeated).  Every ``<key>`` id is ``<domain>_<name>``
(``node_label``, ``edge_label``) and every edge id is ``e0``, ``e1``, … in the order of the
graph's edges, so each id is unique in the file.  Readers match data to keys by id and name
attributes by ``attr.name``; networkx makes an edge's id its key (the predicate is the
``predicate`` attribute).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from kg.registry import exporters

# characters XML 1.0 cannot hold, even escaped (control characters, lone surrogates)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CR = {"\r": "&#13;"}  # kept through a parser's line-end normalisation
_HEAD = ('<?xml version="1.0" encoding="utf-8"?>\n'
         '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
         'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
         'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')


def _text(value: Any) -> str:
    """``value`` as XML can hold it (control characters become spaces).

    Example:
        >>> _text("a\\x0cb"), _text(0.75), _text(True)
        ('a b', '0.75', 'true')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub(" ", str(value))


def _kind(values: Iterable[Any]) -> str:
    """The GraphML ``attr.type`` that holds every one of ``values``.

    Example:
        >>> _kind([1, 2]), _kind([1, 0.5]), _kind([True]), _kind(["a", 1])
        ('long', 'double', 'boolean', 'string')
    """
    kinds = set()
    for v in values:
        if isinstance(v, bool):
            kinds.add("boolean")
        elif isinstance(v, int):
            kinds.add("long")
        elif isinstance(v, float):
            kinds.add("double")
        else:
            kinds.add("string")
    if kinds <= {"long", "double"} and "double" in kinds:
        return "double"
    return kinds.pop() if len(kinds) == 1 else "string"


def _keys(domain: str, rows: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """attribute name -> (key id, attr.type) for the attributes of ``rows``, in the order
    they first appear."""
    names = list(dict.fromkeys(k for row in rows for k in row))
    return {n: (f"{domain}_{n}", _kind(row[n] for row in rows if n in row)) for n in names}


def _data(keys: dict[str, tuple[str, str]], attrs: dict[str, Any], indent: str) -> Iterator[str]:
    for name, (key, _) in keys.items():
        if name in attrs and attrs[name] is not None:
            yield f"{indent}<data key={quoteattr(key)}>{escape(_text(attrs[name]), _CR)}</data>\n"


def graphml_lines(g: Any) -> Iterator[str]:
    """The GraphML document of the networkx graph ``g``, line by line.

    Example:
        >>> import networkx as nx
        >>> g = nx.MultiDiGraph(name="kg")
        >>> g.add_node("a", label="A"); g.add_node("b", label="B")
        >>> _ = g.add_edge("a", "b", key="meets", label="meets")
        >>> _ = g.add_edge("a", "b", key="restricts", label="restricts")
        >>> text = "".join(graphml_lines(g))
        >>> re.findall(r'<key id="(\\w+)"', text), re.findall(r'<edge id="(\\w+)"', text)
        (['graph_name', 'node_label', 'edge_label'], ['e0', 'e1'])
    """
    nodes = [(n, d) for n, d in g.nodes(data=True)]
    edges = [(u, v, d) for u, v, d in g.edges(data=True)]
    domains = {"graph": _keys("graph", [dict(g.graph)]), "node": _keys("node", [d for _, d in nodes]),
               "edge": _keys("edge", [d for _, _, d in edges])}
    yield _HEAD
    for domain, keys in domains.items():
        for name, (key, kind) in keys.items():
            yield (f"  <key id={quoteattr(key)} for={quoteattr(domain)} attr.name={quoteattr(_text(name))} "
                   f"attr.type={quoteattr(kind)}/>\n")
    directed = "directed" if g.is_directed() else "undirected"
    yield f"  <graph edgedefault={quoteattr(directed)}>\n"
    yield from _data(domains["graph"], dict(g.graph), "    ")
    for n, d in nodes:
        yield f"    <node id={quoteattr(_text(n))}>\n"
        yield from _data(domains["node"], d, "      ")
        yield "    </node>\n"
    for i, (u, v, d) in enumerate(edges):
        yield f"    <edge id=\"e{i}\" source={quoteattr(_text(u))} target={quoteattr(_text(v))}>\n"
        yield from _data(domains["edge"], d, "      ")
        yield "    </edge>\n"
    yield "  </graph>\n</graphml>\n"


@exporters.register("graphml")
def write_graphml(graph: Any, stream: IO[bytes]) -> None:
    """The graph's networkx view (``KnowledgeGraph.to_networkx``) as GraphML."""
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="\n", write_through=True)
    try:
        text.writelines(graphml_lines(graph.to_networkx()))
        text.flush()
    finally:
        text.detach()  # the caller owns the stream


def dumps_graphml(graph: Any) -> str:
    buf = io.BytesIO()
    write_graphml(graph, buf)
    return buf.getvalue().decode("utf-8")
