"""Queries refused before they reach the engine: too large, too deep, too long a chain,
or one that names another endpoint (``SERVICE``).

Oxigraph parses and evaluates a query recursively, on a thread stack of a few megabytes.
A query nested a few thousand brackets deep (``{{{{…``, ``((((…``, ``[[[[…``), or with a
few thousand ``BIND``s or ``+``s in a row, overflows that stack: the server aborts and
``kg query`` segfaults.  ``SERVICE <http://…>`` makes the engine fetch whatever URL a client
names.  ``refusal`` finds these in the text with a tokenizer (no parse), so it costs
microseconds and cannot itself recurse:

* ``max_bytes``: the UTF-8 size of the query;
* ``max_depth``: the nesting of ``{ ( [``, counted outside strings and comments (brackets
  inside ``<…>`` count too: to the engine, ``?a<((…`` may be a less-than);
* ``max_clauses``: the ``BIND``, ``FILTER``, ``OPTIONAL``, ``MINUS``, ``UNION``, ``VALUES``,
  ``GRAPH``, ``EXISTS``, ``SELECT`` and ``SERVICE`` keywords (each nests the algebra one
  level deeper); a run of 2,600 ``BIND``s aborts the server;
* ``max_operators``: ``+ - * / | = != < > <= >= ! && ||`` outside IRIs (a sum of 10,000
  terms aborts the server); the signs of negative numbers count too;
* ``SERVICE`` (also glued to what follows, as the engine reads ``SERVICE:x`` and
  ``SERVICESILENT``) unless ``allow_service``.

The limits are far from the points where the engine breaks (measured on Oxigraph 0.5.13:
nesting 2,500, 2,600 ``BIND``s, 10,000 ``+``), and far above what hand-written or generated
queries use (the shipped ones nest 4 deep).  ``kg serve`` and ``kg query`` both check
every query; what still gets through is contained by the server's supervisor (a backend
that dies is restarted) and by ``kg query`` running the engine in a child process.
"""

from __future__ import annotations

import re

from kg.errors import QueryRefusedError

__all__ = ["MAX_BYTES", "MAX_CLAUSES", "MAX_DEPTH", "MAX_OPERATORS", "QueryRefusedError", "check_query",
           "refusal"]

MAX_BYTES = 64 * 1024
MAX_DEPTH = 100
MAX_CLAUSES = 500
MAX_OPERATORS = 2000

_LOCAL = r"""(?:[\w.:%\u00B7-\uFFFF-]|\\[_~.\-!$&'()*+,;=/?#@%])*"""  # a prefixed name's local part
_TOKEN = re.compile(rf"""
      \#[^\n\r]*                                                     # comment
    | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\" | '''(?:[^'\\]|\\.|'(?!''))*'''   # long strings
    | "(?:[^"\\\n\r]|\\.)*" | '(?:[^'\\\n\r]|\\.)*'                  # strings
    | [?$][\w\u00B7-\uFFFF]+                                         # variable
    | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
    | (?P<word>(?:[A-Za-z_\u00C0-\uFFFF][\w.\u00B7-\uFFFF-]*)?:{_LOCAL}  # prefixed name
              | [A-Za-z_\u00C0-\uFFFF][\w\u00B7-\uFFFF]*)                 # keyword, function, ...
    | (?P<open>[{{(\[]) | (?P<close>[}})\]])
    | (?P<op>&&|\|\||!=|<=|>=|[-+*/|=<>!])
""", re.VERBOSE)
_CLAUSES = ("BIND", "EXISTS", "FILTER", "GRAPH", "MINUS", "OPTIONAL", "SELECT", "SERVICE", "UNION",
            "VALUES")


def refusal(text: str, *, allow_service: bool = False, max_bytes: int = MAX_BYTES,
            max_depth: int = MAX_DEPTH, max_clauses: int = MAX_CLAUSES,
            max_operators: int = MAX_OPERATORS) -> str | None:
    """Why ``text`` is refused (one short sentence), or None when it may run.

    Example:
        >>> refusal("SELECT * WHERE { ?s ?p ?o }") is None
        True
        >>> refusal("SELECT * WHERE " + "{" * 300 + "}" * 300)
        'the query nests brackets 300 deep; the limit is 100'
        >>> refusal("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
        'SERVICE is not allowed: no queries to other endpoints (see --allow-service)'
        >>> refusal("SELECT * WHERE { ?s ?p '{{{ # SERVICE' }  # {{{ SERVICE")  is None
        True
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        return f"the query is {size:,} bytes; the limit is {max_bytes:,}"
    depth = deepest = clauses = operators = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "iri":  # brackets only: '<' may be a less-than to the engine
            for c in m.group():
                depth = depth + 1 if c in "([" else max(depth - 1, 0) if c in ")]" else depth
                deepest = max(deepest, depth)
        elif kind == "op":
            operators += 1
        elif kind == "word":
            head = m.group().split(":", 1)[0].upper()
            if head.startswith("SERVICE") and not allow_service:
                return "SERVICE is not allowed: no queries to other endpoints (see --allow-service)"
            clauses += head.startswith(_CLAUSES)
    if deepest > max_depth:
        return f"the query nests brackets {deepest:,} deep; the limit is {max_depth:,}"
    if clauses > max_clauses:
        return (f"the query has {clauses:,} clauses (BIND, FILTER, OPTIONAL, UNION, ...); "
                f"the limit is {max_clauses:,}")
    if operators > max_operators:
        return f"the query has {operators:,} operators; the limit is {max_operators:,}"
    return None


def check_query(text: str, *, allow_service: bool = False) -> None:
    """Raise ``QueryRefusedError`` (a ``QueryError``) when ``refusal`` refuses ``text``.

    Example:
        >>> check_query("ASK { ?s ?p ?o }")
        >>> check_query("ASK " + "{" * 2500 + "}" * 2500)
        Traceback (most recent call last):
        ...
        kg.errors.QueryRefusedError: the query nests brackets 2,500 deep; the limit is 100
    """
    reason = refusal(text, allow_service=allow_service)
    if reason is not None:
        raise QueryRefusedError(reason)
