"""The query guard shared by ``kg serve`` and ``kg query``: what is refused, and what is not."""

from __future__ import annotations

import pytest

from kg.errors import QueryError, QueryRefusedError
from kg.query import named_queries
from kg.query.guard import MAX_BYTES, check_query, refusal

NEST = 2500


@pytest.mark.parametrize(
    "query, refused",
    [
        # ordinary queries
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 10", None),
        ("SELECT ?service WHERE { ?service a schema:Service ; ex:serviceType ?t }", None),
        ("SELECT * WHERE { ?s ?p 'SERVICE <http://x> {{{{ ((((' } # SERVICE {{{{", None),
        ('SELECT * WHERE { ?s ?p """\n{{{{ SERVICE\n""" }', None),
        ("SELECT * WHERE { <http://en.wikipedia.org/wiki/Kyoto_(city)> ?p ?o }", None),
        ("SELECT * WHERE " + "{" * 100 + "?s ?p ?o" + "}" * 100, None),
        ("SELECT * WHERE { ?s ?p ?o " + "BIND(1 AS ?b) " * 400 + "}", None),
        ("SELECT * WHERE { ?s ?p ?o FILTER(?o IN (" + ", ".join(["-1"] * 1500) + ")) }", None),
        ("SELECT * WHERE { VALUES ?x { " + " ".join(f'"{i}"^^xsd:int' for i in range(3000)) + " } }", None),
        # too deep: braces, parentheses, brackets (and brackets in what looks like an IRI)
        ("SELECT * WHERE " + "{" * NEST + "?s ?p ?o" + "}" * NEST, "nests brackets 2,500 deep"),
        ("SELECT * WHERE " + "{" * 101 + "}" * 101, "nests brackets 101 deep"),
        ("ASK { FILTER(" + "(" * NEST + "1" + ")" * NEST + ") }", "nests brackets 2,502 deep"),
        ("ASK { ?s ?p " + "[ ?p " * NEST + "?o" + " ]" * NEST + " }", "nests brackets 2,501 deep"),
        ("ASK { FILTER(?a<" + "(" * NEST + "1" + ")" * NEST + ">0) }", "nests brackets"),
        # too long a chain: clauses, operators
        ("SELECT * WHERE { ?s ?p ?o " + "BIND(1 AS ?b) " * 2600 + "}", "2,601 clauses"),
        ("SELECT * WHERE { ?s ?p ?o " + "MINUS { ?s ?p ?o } " * 600 + "}", "601 clauses"),
        ("ASK { FILTER(" + "+".join(["1"] * 10000) + " > 0) }", "10,000 operators"),
        ("ASK { FILTER(" + "||".join(["?o=1"] * 3000) + ") }", "5,999 operators"),
        # too large
        ("ASK { ?s ?p '" + "x" * MAX_BYTES + "' }", "bytes; the limit is 65,536"),
        # SERVICE, however it is glued to its neighbours
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE is not allowed"),
        ("select * where { service silent <http://x/> { ?s ?p ?o } }", "SERVICE is not allowed"),
        ("PREFIX : <http://x/> SELECT * WHERE { SERVICE:e { ?s ?p ?o } }", "SERVICE is not allowed"),
        ("SELECT * WHERE { SERVICESILENT<http://x/> {} }", "SERVICE is not allowed"),
        ("SELECT * WHERE { ?s ?p ?o.SERVICE<http://x/>{} }", "SERVICE is not allowed"),
        ("SELECT * WHERE { ?s ?p 1.SERVICE<http://x/>{} }", "SERVICE is not allowed"),
        ("SELECT * WHERE { ?s ex:a\\# SERVICE <http://x/> {} }", "SERVICE is not allowed"),
        ("SELECT * WHERE { ?s ex:a\\' SERVICE <http://x/> {} }", "SERVICE is not allowed"),
        ("SELECT * WHERE { ?s ?p ?o }\nSERVICE", "SERVICE is not allowed"),
    ],
)
def test_guard_table(query, refused):
    reason = refusal(query)
    if refused is None:
        assert reason is None
    else:
        assert reason is not None and refused in reason


def test_guard_allows_service_when_asked():
    q = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    assert refusal(q, allow_service=True) is None
    assert refusal("ASK " + "{" * NEST + "}" * NEST, allow_service=True) is not None


def test_guard_error_is_a_query_error():
    with pytest.raises(QueryError, match="nests brackets") as info:
        check_query("ASK " + "{" * NEST + "}" * NEST)
    assert isinstance(info.value, QueryRefusedError)


def test_guard_lets_every_shipped_query_through():
    for q in named_queries().values():
        assert refusal(q.text) is None, q.name
