"""SPARQL over the graph: named queries shipped in ``queries/*.rq`` and ``run.py``."""

from __future__ import annotations

from kg.query.run import (
    FORMATS,
    NamedQuery,
    Param,
    UnknownQueryError,
    looks_like_name,
    named_queries,
    named_query,
    prefixes,
    query_form,
    run_query,
    run_query_rdflib,
    serialize_result,
    to_term,
)

__all__ = [
    "FORMATS",
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
