"""Named queries and parameter binding, on the store of the seed built with the real model."""

from __future__ import annotations

import re

import pytest
from rdflib import XSD, Literal, URIRef

from kg.builder import write_output
from kg.errors import QueryError, UnknownNameError
from kg.query import (
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
from kg.query.run import _bindings, _ox_select, _with_values
from kg.store import open_store
from kg.store.oxigraph import ox_term
from kg.vocab import DEFAULT_BASE, PREFIXES, SCHEMA

ENTITY = "https://w3id.org/kg/id/entity/"
# every shipped query with the example parameters its header gives (they answer on the seed)
PARAMS = {name: q.example_params for name, q in named_queries().items()}


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory, seed_graph):
    out = tmp_path_factory.mktemp("seed-out")
    write_output(seed_graph, out)
    return out


@pytest.fixture(scope="module")
def store(seed_out):
    return open_store(seed_out)


@pytest.fixture(scope="module")
def seed_rdf(seed_graph):
    return seed_graph.to_rdf()


def _rows(result) -> set[tuple[str, ...]]:
    names = [v.value for v in result.variables]
    return {tuple("" if s[n] is None else s[n].value for n in names) for s in result}


def test_run_every_example_gives_the_required_parameters_and_no_unknown_one():
    for name, q in named_queries().items():
        declared = {p.name for p in q.params}
        assert {p.name for p in q.params if p.required} <= set(PARAMS[name]) <= declared, name
        assert bool(q.params) == bool(q.example), name


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_run_named_query_is_well_formed(name):
    q = named_query(name)
    assert q.title
    declared = dict(re.findall(r"PREFIX\s+(\w+):\s*<([^>]+)>", q.text))
    for prefix, ns in declared.items():  # prefixes come from kg/vocab.py
        assert str(PREFIXES[prefix]) == ns
    if q.form == "SELECT":  # Oxigraph substitutes projected variables only
        head = q.text[q.text.index("SELECT"): q.text.index("WHERE")]
        for p in q.params:
            assert f"?{p.name}" in head


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_run_named_query_answers_on_the_seed(store, name):
    result = run_query(store, named_query(name), PARAMS[name])
    if named_query(name).form == "CONSTRUCT":
        assert len(list(result)) > 10
    else:
        assert _rows(result), name


def test_run_shared_partners_of_japan_and_the_us(store):
    rows = _rows(run_query(store, named_query("shared-partners"), PARAMS["shared-partners"]))
    assert {r[1] for r in rows} == {"Amazon", "Arm", "Nvidia"}


def test_run_evidence_of_the_us_restricting_china(store):
    rows = _rows(run_query(store, named_query("evidence"), PARAMS["evidence"]))
    sentences = {r[3] for r in rows}
    assert any("curb China's access to advanced AI chips" in s for s in sentences)


def _same_rows(store, graph, name, params):
    ox_rows = _rows(run_query(store, named_query(name), params))
    res = run_query_rdflib(graph, named_query(name), params)

    def norm(t):
        if t is None:
            return ""
        if isinstance(t, Literal) and t.datatype in (XSD.decimal, XSD.double, XSD.integer):
            return str(t.toPython()).rstrip("0").rstrip(".") if "." in str(t) else str(t)
        return str(t)

    rdf_rows = {tuple(norm(row[v]) for v in res.vars) for row in res}
    fix = {tuple(c.rstrip("0").rstrip(".") if re.fullmatch(r"\d+\.\d+", c) else c for c in r)
           for r in ox_rows}
    assert rdf_rows == fix
    return fix


@pytest.mark.parametrize("name", sorted(n for n in PARAMS if named_query(n).form == "SELECT"))
def test_run_rdflib_gives_the_same_rows(store, seed_rdf, name):
    _same_rows(store, seed_rdf, name, PARAMS[name])


@pytest.mark.parametrize(
    "name, params",
    [
        ("shared-partners", {"a": "Japan", "b": "United States"}),  # every type of partner
        ("shared-partners", {"a": "US", "b": "Japan", "type": "schema:Organization"}),
        ("relations", {}),
        ("entities", {}),
        ("evidence", {"subject": "US"}),
        ("evidence", {"subject": "Japan", "object": "United States"}),
        ("neighbourhood", {"entity": "China"}),
        ("timeline", {"entity": "Japan"}),
    ],
)
def test_run_rdflib_gives_the_same_rows_with_other_parameters(store, seed_rdf, name, params):
    assert _same_rows(store, seed_rdf, name, params)


@pytest.mark.parametrize(
    "kind, value, expected",
    [
        ("class", "ORG", SCHEMA.Organization),
        ("class", "person", SCHEMA.Person),
        ("class", "schema:Event", SCHEMA.Event),
        ("predicate", "restricts", URIRef("https://w3id.org/kg/ontology#restricts")),
        ("predicate", "kgo:worksWith", URIRef("https://w3id.org/kg/ontology#worksWith")),
        ("entity", "Japan", Literal("Japan")),
        ("entity", "kg:entity/country/Japan", URIRef(ENTITY + "country/Japan")),
        ("entity", "<http://example.org/x>", URIRef("http://example.org/x")),
        ("date", "2024-03-30", Literal("2024-03-30", datatype=XSD.date)),
        ("integer", "3", Literal("3", datatype=XSD.integer)),
        ("string", 'x" } DROP ALL #', Literal('x" } DROP ALL #')),
    ],
)
def test_run_to_term(kind, value, expected):
    assert to_term(kind, value) == expected


@pytest.mark.parametrize(
    "kind, value, error, message",
    [
        ("class", "WIDGET", QueryError, "ORG"),
        ("predicate", "likes", UnknownNameError, "restricts"),
        ("date", "March 30", QueryError, "YYYY-MM-DD"),
        ("iri", "not an iri", QueryError, "kgo"),
        ("colour", "red", UnknownNameError, "entity"),
    ],
)
def test_run_to_term_errors_list_the_choices(kind, value, error, message):
    with pytest.raises(error, match=message):
        to_term(kind, value)


def test_run_values_are_bound_not_spliced(store):
    # a value that would break out of the query if it were pasted into the text
    evil = 'Japan" } } DELETE WHERE { ?s ?p ?o } #'
    with pytest.raises(QueryError, match="no entity is called"):
        run_query(store, named_query("neighbourhood"), {"entity": evil})
    rows = _rows(run_query(store, "SELECT ?l ?name WHERE { ?e rdfs:label ?l FILTER(?l = ?name) }",
                           {"name": evil}))
    assert rows == set()
    assert len(store) > 1000


# values that would change the query if they were pasted into its text
HOSTILE = [
    'Japan" } } DELETE WHERE { ?s ?p ?o } #',
    "x' } UNION { ?s ?p ?o } #",
    'a"""b\'\'\'c',
    "} UNION { ?e rdfs:label ?v } {",
    'line\nbreak\r\t"quoted" \\ back\\slash',
    "\\u0022 } UNION {",  # a backslash-u escape as text, not a quote
    "ünïcödé 🙂 \x00 \x1b",
    ") } VALUES ?v { 1 } {",
    "<http://x> } UNION { ?s ?p ?o }",  # not an IRI: a literal
]


@pytest.mark.parametrize("value", HOSTILE)
def test_run_hostile_value_binds_one_literal_and_changes_nothing(store, value):
    size = len(store)
    text = "SELECT ?v ?n WHERE { BIND(STRLEN(?v) AS ?n) }"
    valued, rest = _with_values(text, {"v": ox_term(Literal(value))})
    assert "VALUES ?v" in valued and not rest  # bound in the VALUES block, not substituted
    assert len(list(store.query(valued))) == 1  # the text with the block parses as it is
    rows = list(run_query(store, text, {"v": value}))
    assert len(rows) == 1  # a UNION or a second block would give more rows
    assert rows[0]["v"].value == value and int(rows[0]["n"].value) == len(value)
    assert len(store) == size


@pytest.mark.parametrize("value", HOSTILE)
def test_run_hostile_value_of_a_named_query_is_a_name_or_an_error(store, seed_rdf, value):
    with pytest.raises(QueryError, match="no entity is called"):
        run_query(store, named_query("neighbourhood"), {"entity": value})
    with pytest.raises(QueryError, match="no entity is called"):
        run_query_rdflib(seed_rdf, named_query("neighbourhood"), {"entity": value})


@pytest.mark.parametrize("value", ["<http://x>}UNION{<y>", '<http://x"y>', "<http://x> <y>",
                                   "http://x} UNION {", "http://x>"])
def test_run_hostile_iri_is_rejected(store, value):
    with pytest.raises(QueryError, match="is not a valid IRI"):
        run_query(store, "SELECT ?e ?l WHERE { ?e rdfs:label ?l }", {"e": value})
    with pytest.raises(QueryError):
        run_query(store, named_query("neighbourhood"), {"entity": value})


def test_run_values_bind_variables_outside_the_projection(store):
    # substitutions only reached projected variables; a VALUES block binds any variable
    rows = _rows(run_query(store, "SELECT ?e WHERE { ?e rdfs:label ?name }", {"name": "Japan"}))
    assert rows == {(ENTITY + "country/Japan",)}
    with pytest.raises(QueryError, match=r"no variable \?colour"):
        run_query(store, "SELECT ?e WHERE { ?e rdfs:label ?name }", {"colour": "red"})


@pytest.mark.parametrize(
    "text",
    [
        # braces, keywords and variables in comments, strings and IRIs are not syntax
        "# SELECT { ?x\nSELECT ?l WHERE { ?e rdfs:label ?l FILTER(?e = ?x && ?l != '} {') }",
        "PREFIX w: <http://e.org/SELECT?WHERE#x> SELECT ?l {?e rdfs:label ?l . FILTER(?e = $x)}",
        'SELECT ?l WHERE { ?e rdfs:label ?l FILTER(?e = ?x && ?l != """a } { b""") }',
        "SELECT ?l (EXISTS { ?e a ?t } AS ?typed) WHERE { ?e rdfs:label ?l FILTER(?e = ?x) }",
        "SELECT ?l WHERE { { SELECT ?e ?l WHERE { ?e rdfs:label ?l } } FILTER(?e = ?x) }",
        "SELECT ?l WHERE { SELECT ?x ?l WHERE { ?x rdfs:label ?l } }",  # the group is a sub-select
    ],
)
def test_run_values_block_goes_in_the_where_group(store, text):
    japan = URIRef(ENTITY + "country/Japan")
    valued, rest = _with_values(text, {"x": ox_term(japan)})
    assert not rest and valued.count("VALUES ?x") == 1
    assert {r["l"].value for r in run_query(store, text, {"x": "kg:entity/country/Japan"})} == {"Japan"}


@pytest.mark.parametrize(
    "text, form",
    [
        ("CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e rdfs:label ?l }", "block"),
        ("ASK { ?e rdfs:label 'China' }", "block"),  # false: ?e is Japan
        ("DESCRIBE ?e WHERE { ?e rdfs:label ?l }", "block"),
        ("CONSTRUCT WHERE { ?e rdfs:label ?l }", "substituted"),  # the template is the pattern
    ],
)
def test_run_values_in_other_forms(store, text, form):
    japan = URIRef(ENTITY + "country/Japan")
    valued, rest = _with_values(text, {"e": ox_term(japan)})
    assert ("VALUES ?e" in valued) == (form == "block") and bool(rest) == (form == "substituted")
    result = run_query(store, text, {"e": "kg:entity/country/Japan"})
    if text.startswith("ASK"):
        assert not bool(result)
    else:
        assert {t.subject.value for t in result} == {str(japan)}


def test_run_named_queries_bind_every_parameter_in_a_values_block(store):
    select = _ox_select(store, DEFAULT_BASE)
    for name, q in named_queries().items():
        terms = {k: ox_term(v) for k, v in
                 _bindings(q, PARAMS[name], base=DEFAULT_BASE, select=select).items()}
        valued, rest = _with_values(q.text, terms)
        assert not rest, name
        # in the order the header declares them: the store starts from the first block
        at = [valued.find(f"VALUES ?{p.name} ") for p in q.params if p.name in terms]
        assert -1 not in at and at == sorted(at), name


def test_run_entity_names_ignore_case(store):
    rows = _rows(run_query(store, named_query("neighbourhood"), {"entity": "united states"}))
    assert rows and all(r[0] == ENTITY + "country/United_States" for r in rows)


@pytest.mark.parametrize(
    "params, error, message",
    [
        ({}, QueryError, "needs parameter 'entity'"),
        ({"entity": "Japan", "colour": "red"}, UnknownNameError, "colour"),
        ({"entity": "Atlantis"}, QueryError, "no entity is called 'Atlantis'"),
    ],
)
def test_run_parameter_errors(store, params, error, message):
    with pytest.raises(error, match=message):
        run_query(store, named_query("neighbourhood"), params)


def test_run_unknown_named_query_lists_names():
    with pytest.raises(UnknownNameError, match="the shipped queries are documents, entities"):
        named_query("everything")


@pytest.mark.parametrize("name, close", [("neighborhood", "neighbourhood"), ("entites", "entities"),
                                         ("Documents", "documents"), ("evidense", "evidence")])
def test_run_misspelt_named_query_suggests_the_closest(name, close):
    # issue 12.10: a misspelt name is an unknown name, with a suggestion (difflib)
    with pytest.raises(UnknownNameError) as caught:
        named_query(name)
    assert str(caught.value) == f"no query named '{name}'; did you mean '{close}'?"


@pytest.mark.parametrize("text, name", [("neighborhood", True), (" shared-partners ", True),
                                        ("SELECT", False), ("ASK {}", False), ("?x", False),
                                        ("SELECT * WHERE { ?s ?p ?o }", False)])
def test_run_looks_like_name(text, name):
    assert looks_like_name(text) is name


def test_run_syntax_error_is_a_query_error(store):
    with pytest.raises(QueryError, match="syntax"):
        run_query(store, "SELECT WHERE {")


@pytest.mark.parametrize(
    "query, fmt, expected",
    [
        ("SELECT ?l WHERE { <https://w3id.org/kg/id/entity/country/Japan> rdfs:label ?l }", "csv",
         b"l\r\nJapan\r\n"),
        ("SELECT ?l WHERE { <https://w3id.org/kg/id/entity/country/Japan> rdfs:label ?l }", "tsv",
         b'?l\n"Japan"\n'),
        ("ASK { ?s kgo:restricts ?o }", "json", b'{"head":{},"boolean":true}'),
        ("CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l FILTER(?l = 'Japan') }", "nt",
         b'<https://w3id.org/kg/id/entity/country/Japan> '
         b'<http://www.w3.org/2000/01/rdf-schema#label> "Japan" .\n'),
    ],
)
def test_run_serialize_result(store, query, fmt, expected):
    assert serialize_result(run_query(store, query), fmt) == expected


def test_run_serialize_result_wrong_kind(store):
    with pytest.raises(QueryError, match="turtle or nt"):
        serialize_result(run_query(store, "CONSTRUCT WHERE { ?s a kgo:Rule }"), "csv")
    with pytest.raises(UnknownNameError, match="csv"):
        serialize_result(run_query(store, "ASK {}"), "yaml")


@pytest.mark.parametrize(
    "text, form",
    [("SELECT * WHERE {}", "SELECT"), ("# ASK\nconstruct where {?s ?p ?o}", "CONSTRUCT"),
     ('PREFIX x: <http://ask/> DESCRIBE <http://select>', "DESCRIBE"), ("ask {}", "ASK")],
)
def test_run_query_form(text, form):
    assert query_form(text) == form


def test_run_prefixes_include_the_base():
    assert prefixes("https://e.org/")["kg"] == "https://e.org/"


def test_run_query_header_example_is_parsed_and_checked():
    from kg.query.run import _parse

    q = _parse("q", "# title: T\n# param: a entity required  A\n"
                    "# example: a=United States\nSELECT ?a WHERE {}")
    assert q.example_params == {"a": "United States"}
    with pytest.raises(QueryError, match="bad example line"):
        _parse("q", "# example: a\nSELECT * WHERE {}")
