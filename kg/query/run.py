"""Run SPARQL over a graph: ad-hoc queries and the named queries in ``queries/*.rq``.

A named query is one ``.rq`` file.  Its header comments give a title and its
parameters::

    # title: Entities of a type, most mentioned first
    # param: type class optional  the class: a spaCy label (ORG, ...) or a CURIE

Parameters are bound as RDF terms and never spliced from user text, so a value cannot
change the query.  On Oxigraph each bound term goes into a ``VALUES ?name { term }``
block at the start of the outermost WHERE group, written from the term's own N-Triples
form (escaped by pyoxigraph, and checked to be one IRI or literal token): the engine
plans with ``VALUES``, not with ``substitutions``, which it applies only after choosing
the join order (a path query bound that way walks the whole graph).  It seeds the join
order with the first block, so a named query declares its entry-point parameters first
(``shared-partners``: ``a`` and ``b``, then the ``type`` filter).  ``substitutions``
remain the fallback where no block fits (``CONSTRUCT WHERE``, ``DESCRIBE <iri>``).
rdflib gets the terms as ``initBindings``.  Every parameter of a named query is also one
of its result columns.

Parameter kinds (``PARAM_KINDS``): ``entity`` (a name or alias looked up in the graph,
or an IRI), ``class`` (a spaCy label such as ``ORG`` or a CURIE), ``predicate`` (a
relation name such as ``restricts`` or a CURIE), ``iri``, ``string``, ``date``,
``integer``, ``decimal``.

Two back-ends run the same queries: the Oxigraph store of an output folder
(``run_query``) and an rdflib graph in memory (``run_query_rdflib``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from kg.errors import KGError, QueryError, UnknownNameError
from kg.vocab import DEFAULT_BASE, PREFIXES, TYPE_CLASSES, predicates

__all__ = [
    "FORMATS",
    "PARAM_KINDS",
    "NamedQuery",
    "Param",
    "UnknownQueryError",
    "looks_like_name",
    "named_queries",
    "named_query",
    "prefixes",
    "query_form",
    "run_query",
    "run_query_rdflib",
    "serialize_result",
    "to_term",
]

PARAM_KINDS = ("class", "date", "decimal", "entity", "integer", "iri", "predicate", "string")


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a named query."""

    name: str
    kind: str
    required: bool
    help: str = ""


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A query shipped in ``kg/query/queries/<name>.rq``."""

    name: str
    title: str
    text: str
    params: tuple[Param, ...] = ()
    example: tuple[tuple[str, str], ...] = ()  # parameters that answer on the seed's graph

    @property
    def example_params(self) -> dict[str, str]:
        """The example parameters as ``run_query`` takes them."""
        return dict(self.example)

    @property
    def form(self) -> str:
        """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``."""
        return query_form(self.text)


_HEADER = re.compile(r"^#\s*(title|param|example):\s*(.*)$")


def _parse(name: str, text: str) -> NamedQuery:
    title = ""
    params = []
    example: list[tuple[str, str]] = []
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if not m:
            continue
        if m.group(1) == "title":
            title = m.group(2).strip()
            continue
        if m.group(1) == "example":  # "# example: a=Japan; b=United States"
            pairs = [kv.split("=", 1) for kv in m.group(2).split(";") if kv.strip()]
            if any(len(kv) != 2 for kv in pairs):
                raise QueryError(f"{name}.rq: bad example line {line!r}; "
                                 "expected '# example: NAME=VALUE; ...'")
            example += [(k.strip(), v.strip()) for k, v in pairs]
            continue
        parts = m.group(2).split(None, 3)
        if len(parts) < 3 or parts[1] not in PARAM_KINDS or parts[2] not in ("required", "optional"):
            raise QueryError(f"{name}.rq: bad parameter line {line!r}; expected "
                             f"'# param: NAME KIND required|optional HELP' with KIND one of "
                             f"{', '.join(PARAM_KINDS)}")
        params.append(Param(parts[0], parts[1], parts[2] == "required", parts[3] if len(parts) > 3 else ""))
    return NamedQuery(name, title, text, tuple(params), tuple(example))


@lru_cache(maxsize=1)
def named_queries() -> dict[str, NamedQuery]:
    """Every named query shipped with kg, by name.

    Example:
        >>> "evidence" in named_queries()
        True
    """
    out = {}
    folder = resources.files("kg.query") / "queries"
    for f in sorted(folder.iterdir(), key=lambda f: f.name):
        if f.name.endswith(".rq"):
            name = f.name[: -len(".rq")]
            out[name] = _parse(name, f.read_text("utf-8"))
    return out


class UnknownQueryError(UnknownNameError):
    """No named query has this name; the message suggests the closest one (``difflib``)
    or lists them all.

    Example:
        >>> str(UnknownQueryError("neighborhood"))
        "no query named 'neighborhood'; did you mean 'neighbourhood'?"
    """

    def __init__(self, name: str) -> None:
        names = named_queries()
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"the shipped queries are {', '.join(names)}"
        KGError.__init__(self, f"no query named '{name}'; {hint}")


_NAME = re.compile(r"[A-Za-z][\w-]*")


def looks_like_name(text: str) -> bool:
    """True when ``text`` is one word, as a query's name is, and no SPARQL query can be.

    Example:
        >>> looks_like_name("neighborhood"), looks_like_name("ASK { ?s ?p ?o }")
        (True, False)
    """
    word = text.strip()
    return bool(_NAME.fullmatch(word)) and word.upper() not in _FORMS


def named_query(name: str) -> NamedQuery:
    """The named query ``name``.

    Raises:
        UnknownQueryError: no such query; the message names the closest one.
    """
    try:
        return named_queries()[name]
    except KeyError:
        raise UnknownQueryError(name) from None


def prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """The prefixes every query may use without declaring them (``kg:`` is ``base``)."""
    return {**{k: str(v) for k, v in PREFIXES.items()}, "kg": base}


_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def query_form(text: str) -> str:
    """The form of a SPARQL query (comments and strings aside, its first keyword).

    Example:
        >>> query_form("PREFIX a: <x:> # SELECT\\nASK { ?s ?p ?o }")
        'ASK'
    """
    stripped = re.sub(r"#[^\n]*|<[^>\s]*>|\"[^\"]*\"|'[^']*'", " ", text)
    m = _FORM.search(stripped)
    return m.group(1).upper() if m else "SELECT"


# -- parameters -> RDF terms ---------------------------------------------------------

_CURIE = re.compile(r"^([A-Za-z][\w.-]*):(\S*)$")


def _iri(value: str, base: str) -> URIRef | None:
    """An IRI from ``<...>``, an absolute http(s)/urn IRI or a CURIE with a known prefix.

    Raises:
        QueryError: ``value`` has the form of an IRI but is not a valid one.

    Example:
        >>> _iri("<http://a b>", DEFAULT_BASE)
        Traceback (most recent call last):
        ...
        kg.errors.QueryError: '<http://a b>' is not a valid IRI: Invalid IRI code point ' '
    """
    v = value.strip()
    if v.startswith("<") and v.endswith(">"):
        return _valid_iri(v[1:-1], value)
    if re.match(r"^(https?|urn|file):", v):
        return _valid_iri(v, value)
    m = _CURIE.match(v)
    if m and m.group(1) in prefixes(base):
        return _valid_iri(prefixes(base)[m.group(1)] + m.group(2), value)
    return None


def _valid_iri(iri: str, value: str) -> URIRef:
    """``iri`` as a URIRef, checked by the engine's own IRI parser first."""
    import pyoxigraph as ox

    try:
        ox.NamedNode(iri)
    except ValueError as err:
        raise QueryError(f"'{value.strip()}' is not a valid IRI: {err}") from None
    return URIRef(iri)


def to_term(kind: str, value: str, *, base: str = DEFAULT_BASE) -> Node:
    """The RDF term for a parameter ``value`` of ``kind`` (entity names stay literals;
    ``run_query`` looks them up in the graph).

    Raises:
        QueryError: the value does not fit the kind; the message lists what would.

    Example:
        >>> to_term("class", "ORG")
        rdflib.term.URIRef('https://schema.org/Organization')
        >>> to_term("predicate", "restricts")
        rdflib.term.URIRef('https://w3id.org/kg/ontology#restricts')
    """
    if kind not in PARAM_KINDS:
        raise UnknownNameError("parameter kind", kind, PARAM_KINDS)
    iri = _iri(value, base)
    if kind == "class":
        if iri is not None:
            return iri
        cls = TYPE_CLASSES.get(value.strip().upper())
        if cls is None:
            raise QueryError(f"unknown class '{value}'; use one of {', '.join(sorted(TYPE_CLASSES))} "
                             "or a CURIE such as schema:Organization")
        return cls
    if kind == "predicate":
        if iri is not None:
            return iri
        preds = predicates()
        if value.strip() not in preds:
            raise UnknownNameError("predicate", value, preds)
        return preds[value.strip()].iri
    if kind in ("iri", "entity"):
        if iri is not None:
            return iri
        if kind == "iri":
            raise QueryError(f"'{value}' is not an IRI; write <http://...> or a CURIE with one of "
                             f"the prefixes {', '.join(sorted(prefixes(base)))}")
        return Literal(value.strip())
    if kind == "date":
        if not re.match(r"^\d{4}-\d{2}-\d{2}$", value.strip()):
            raise QueryError(f"'{value}' is not a date; expected YYYY-MM-DD")
        return Literal(value.strip(), datatype=XSD.date)
    if kind in ("integer", "decimal"):
        try:
            float(value)
        except ValueError:
            raise QueryError(f"'{value}' is not a number (parameter kind {kind})") from None
        return Literal(value.strip(), datatype=XSD[kind])
    return Literal(value)


# (?name is bound by the caller; kgo:frequency keeps entities only)
_LOOKUP_EXACT = """
SELECT ?entity ?label WHERE {
  ?entity rdfs:label|skos:altLabel ?name ; rdfs:label ?label ; kgo:frequency ?mentions .
}"""
_LOOKUP_FOLDED = """
SELECT ?entity ?label WHERE {
  ?entity rdfs:label|skos:altLabel ?other ; rdfs:label ?label ; kgo:frequency ?mentions .
  FILTER(LCASE(STR(?other)) = LCASE(STR(?name)))
}"""

Select = Callable[[str, Mapping[str, Node]], list[dict[str, Node]]]


def _lookup_entity(name: str, select: Select) -> URIRef:
    """The entity whose label or alias is ``name`` (exact first, then ignoring case)."""
    value = Literal(name)
    rows = select(_LOOKUP_EXACT, {"name": value}) or select(_LOOKUP_FOLDED, {"name": value})
    found = {r["entity"]: r for r in rows}
    if len(found) > 1:
        # a canonical label beats an alias ("US" may be an alias of several things)
        by_label = {e: r for e, r in found.items() if str(r["label"]).lower() == name.lower()}
        found = by_label or found
    if not found:
        raise QueryError(f"no entity is called '{name}'; 'kg query entities' lists them")
    if len(found) > 1:
        names = ", ".join(f"{r['label']} <{e}>" for e, r in sorted(found.items()))
        raise QueryError(f"'{name}' names several entities: {names}; pass one IRI instead")
    return URIRef(str(next(iter(found))))


def _bindings(query: NamedQuery | str, params: Mapping[str, str] | None, *, base: str,
              select: Select) -> dict[str, Node]:
    params = dict(params or {})
    if isinstance(query, str):
        out: dict[str, Node] = {}
        for k, v in params.items():
            iri = _iri(v, base)
            out[k] = iri if iri is not None else Literal(v)
        return out
    known = {p.name: p for p in query.params}
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise UnknownNameError(f"parameter of query '{query.name}'", unknown[0], known)
    out = {}
    for p in query.params:
        if p.name not in params:
            if p.required:
                raise QueryError(f"query '{query.name}' needs parameter '{p.name}' ({p.kind}): {p.help}")
            continue
        term = to_term(p.kind, params[p.name], base=base)
        if p.kind == "entity" and isinstance(term, Literal):
            term = _lookup_entity(str(term), select)
        out[p.name] = term
    return out


# -- back-ends -----------------------------------------------------------------------


def _ox_select(store: Any, base: str) -> Select:
    def select(text: str, bindings: Mapping[str, Node]) -> list[dict[str, Node]]:
        res = _ox_query(store, text, bindings, base=base)
        out = []
        for sol in res:
            row = {}
            for v in res.variables:
                t = sol[v]
                if t is not None:
                    row[v.value] = _from_ox(t)
            out.append(row)
        return out

    return select


def _from_ox(t: Any) -> Node:
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Literal(t.value, lang=t.language)
        return Literal(t.value, datatype=URIRef(t.datatype.value)) if t.datatype else Literal(t.value)
    return Literal(str(t))


# SPARQL tokens that may hold braces, parentheses or keywords that are not syntax
_TOKEN = re.compile(r"""
    (?P<skip>\#[^\n\r]*                                         # comment
      | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\" | '''(?:[^'\\]|\\.|'(?!''))*'''  # long strings
      | "(?:[^"\\\n\r]|\\.)*" | '(?:[^'\\\n\r]|\\.)*'           # strings
      | <[^<>"{}|^`\\\x00-\x20]*>                                # IRI
      | @[A-Za-z0-9-]+)                                            # language tag
    | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
    | (?P<word>[A-Za-z_:][\w:.%\u00B7-\uFFFF-]*)
    | (?P<punct>[{}()])
""", re.VERBOSE)
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_IRI_NT = r'<[^<>"{}|^`\\\x00-\x20]*>'
_SAFE_TERM = re.compile(  # a pyoxigraph term's N-Triples form that is one SPARQL term
    rf'{_IRI_NT}|"(?:[^"\\\n\r]|\\[tbnrf"\'\\]|\\u[0-9A-Fa-f]{{4}}|\\U[0-9A-Fa-f]{{8}})*"'
    rf"(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^{_IRI_NT})?")
_SAFE_VAR = re.compile(r"[A-Za-z0-9_]+")


@dataclass(frozen=True, slots=True)
class _Slot:
    """Where a ``VALUES`` block goes in a query: after the ``{`` at ``open`` (the
    outermost group of the WHERE clause); when that group is a sub-select, the
    group is also closed around it before the ``}`` at ``close``."""

    open: int | None
    close: int | None
    variables: frozenset[str]


@lru_cache(maxsize=256)
def _values_slot(text: str) -> _Slot:
    """The ``_Slot`` of ``text`` (``open`` is None when there is no WHERE group to put
    a ``VALUES`` block in: ``CONSTRUCT WHERE``, ``DESCRIBE <iri>``, text that does not parse)."""
    toks = [(m.lastgroup, m.group(), m.start()) for m in _TOKEN.finditer(text)
            if m.lastgroup != "skip"]
    variables = frozenset(t[1][1:] for t in toks if t[0] == "var")
    none = _Slot(None, None, variables)

    def match(i: int) -> int | None:  # the index of the token closing the brace at i
        depth = 0
        for j in range(i, len(toks)):
            depth += {"{": 1, "}": -1}.get(toks[j][1], 0)
            if depth == 0:
                return j
        return None

    form = next((i for i, t in enumerate(toks) if t[0] == "word" and t[1].upper() in _FORMS), None)
    if form is None:
        return none
    i = form + 1
    if toks[form][1].upper() == "CONSTRUCT":
        if i >= len(toks) or toks[i][1] != "{":  # CONSTRUCT WHERE { template }: no room
            return none
        end = match(i)
        if end is None:
            return none
        i = end + 1
    depth = 0
    for j in range(i, len(toks)):
        tok = toks[j][1]
        depth += {"(": 1, ")": -1}.get(tok, 0)
        if tok == "{" and depth == 0:
            if j + 1 < len(toks) and toks[j + 1][1].upper() == "SELECT":
                end = match(j)
                return none if end is None else _Slot(toks[j][2] + 1, toks[end][2], variables)
            return _Slot(toks[j][2] + 1, None, variables)
    return none


def _with_values(text: str, terms: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """``text`` with a ``VALUES`` block binding ``terms`` (variable name -> pyoxigraph
    term) at the start of its WHERE group, so that the engine plans with the values;
    and the terms left for ``substitutions`` (all of them when there is no room for a
    block, and any term whose N-Triples form is not one plain SPARQL term)."""
    slot = _values_slot(text)
    if slot.open is None:
        return text, dict(terms)
    inline, rest = {}, {}
    for name, term in terms.items():
        nt = str(term)
        if _SAFE_VAR.fullmatch(name) and _SAFE_TERM.fullmatch(nt):
            inline[name] = nt
        else:
            rest[name] = term
    if not inline:
        return text, rest
    # one block per parameter, in the order given: Oxigraph seeds its join order with
    # the first block, so a query declares its entry-point parameters first
    block = "".join(f" VALUES ?{n} {{ {t} }}" for n, t in inline.items()) + (
        " {" if slot.close is not None else " ")
    if slot.close is None:
        return text[: slot.open] + block + text[slot.open:], rest
    return (text[: slot.open] + block + text[slot.open: slot.close] + "} " + text[slot.close:]), rest


def _ox_query(store: Any, text: str, bindings: Mapping[str, Node], *, base: str) -> Any:
    """Run ``text`` on ``store`` with ``bindings`` in ``VALUES`` blocks (Oxigraph does
    not plan with ``substitutions``: a path query bound that way walks the whole graph);
    substituted instead where no block fits or the text with blocks does not parse."""
    import pyoxigraph as ox

    from kg.store.oxigraph import ox_term

    unknown = sorted(set(bindings) - _values_slot(text).variables)
    if unknown:
        raise QueryError(f"the query has no variable ?{unknown[0]} to bind")
    try:
        terms = {k: ox_term(v) for k, v in bindings.items()}
    except ValueError as err:
        raise QueryError(f"a parameter is not a valid RDF term: {err}") from None

    def run(query: str, subs: Mapping[str, Any]) -> Any:
        return store.query(query, use_default_graph_as_union=True, prefixes=prefixes(base),
                           substitutions={ox.Variable(k): v for k, v in subs.items()} or None)

    try:
        valued, rest = _with_values(text, terms)
        if valued != text:
            try:
                return run(valued, rest)
            except SyntaxError:  # e.g. a BIND(... AS ?param) after the block: substitute
                pass
        return run(text, terms)
    except SyntaxError as err:
        raise QueryError(f"SPARQL syntax error: {err}") from None
    except (OSError, RuntimeError, ValueError) as err:
        raise QueryError(f"the query failed: {err}") from None


def run_query(store: Any, query: NamedQuery | str, params: Mapping[str, str] | None = None, *,
              base: str = DEFAULT_BASE) -> Any:
    """Run ``query`` (a named query or SPARQL text) on a pyoxigraph ``Store``.

    The default graph is the union of the store's named graphs.

    Args:
        store: a pyoxigraph ``Store`` (see ``kg.store.open_store``).
        query: a ``NamedQuery`` or SPARQL text.
        params: parameter name -> value, bound as RDF terms (for SPARQL text, a value that
            looks like an IRI or CURIE binds an IRI, anything else a plain literal).
        base: the graph's base IRI (the ``kg:`` prefix).

    Returns:
        pyoxigraph ``QuerySolutions``, ``QueryBoolean`` or ``QueryTriples``.

    Raises:
        QueryError: the query is malformed, a parameter is missing or does not fit, or
            an entity name matches nothing (or several things).
        UnknownNameError: an unknown parameter or predicate name.
    """
    select = _ox_select(store, base)
    bindings = _bindings(query, params, base=base, select=select)
    text = query.text if isinstance(query, NamedQuery) else query
    return _ox_query(store, text, bindings, base=base)


@lru_cache(maxsize=64)
def _prepared(text: str, base: str) -> Any:
    """The rdflib algebra of ``text`` (parsed once: rdflib's parser is slow)."""
    from rdflib.plugins.sparql import prepareQuery

    try:
        return prepareQuery(text, initNs=prefixes(base))
    except Exception as err:  # pyparsing.ParseException and friends
        raise QueryError(f"SPARQL syntax error: {err}") from None


def run_query_rdflib(graph: Any, query: NamedQuery | str, params: Mapping[str, str] | None = None, *,
                     base: str = DEFAULT_BASE) -> Any:
    """Run ``query`` on an rdflib ``Graph`` with ``initBindings`` (same arguments as
    ``run_query``); returns the rdflib ``Result``.

    Raises:
        QueryError: as ``run_query``.
    """
    def select(text: str, bindings: Mapping[str, Node]) -> list[dict[str, Node]]:
        res = graph.query(_prepared(text, base), initBindings=dict(bindings))
        return [{str(k): v for k, v in row.asdict().items()} for row in res]

    bindings = _bindings(query, params, base=base, select=select)
    text = query.text if isinstance(query, NamedQuery) else query
    try:
        return graph.query(_prepared(text, base), initBindings=bindings)
    except Exception as err:  # pyparsing.ParseException and friends
        raise QueryError(f"the query failed: {err}") from None


# -- results -> bytes ----------------------------------------------------------------

FORMATS = ("csv", "json", "nt", "tsv", "turtle", "xml")


def serialize_result(result: Any, format: str, *, base: str = DEFAULT_BASE) -> bytes:
    """A pyoxigraph query result in ``format``.

    ``csv``, ``tsv``, ``json`` (SPARQL 1.1 results) and ``xml`` are for SELECT and ASK;
    ``turtle`` and ``nt`` for CONSTRUCT and DESCRIBE.

    Raises:
        UnknownNameError: ``format`` is not one of ``FORMATS``.
        QueryError: ``format`` does not fit the kind of result.
    """
    import pyoxigraph as ox

    if format not in FORMATS:
        raise UnknownNameError("result format", format, FORMATS)
    if isinstance(result, ox.QueryTriples):
        if format == "turtle":
            return ox.serialize(list(result), format=ox.RdfFormat.TURTLE, prefixes=prefixes(base)) or b""
        if format == "nt":
            return result.serialize(format=ox.RdfFormat.N_TRIPLES) or b""
        raise QueryError(f"a CONSTRUCT/DESCRIBE result is RDF; use --format turtle or nt, not {format}")
    if format in ("turtle", "nt"):
        raise QueryError(f"a SELECT/ASK result is a table; use --format csv, tsv, json or xml, not {format}")
    fmt = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
           "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}[format]
    return result.serialize(format=fmt) or b""
