"""``kg build`` (incremental), ``kg query``, ``kg remove`` and ``kg serve`` through the CLI."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic
from typer.testing import CliRunner

import kg
from kg.cli import app

runner = CliRunner()

ARTICLE_B = ("date 2024-04-12 Toyota and Nvidia signed a partnership on Friday. "
             "Sony works with Nvidia on chips.")


@pytest.fixture(scope="module")
def out(tmp_path_factory, seeds_dir):
    out = tmp_path_factory.mktemp("cli-out")
    r = runner.invoke(app, ["build", str(seeds_dir), "--out", str(out), "--quiet"])
    assert r.exit_code == 0, r.output
    return out


def _run(*args):
    return runner.invoke(app, list(args))


def test_cli_query_list(out):
    r = _run("query", "--list")
    assert r.exit_code == 0
    for name in ("entities", "neighbourhood", "evidence", "timeline", "shared-partners"):
        assert name in r.output


def test_cli_query_organizations_japan_and_us_work_with(out):
    r = _run("query", "shared-partners", "-p", "a=Japan", "-p", "b=United States", "-p", "type=ORG",
             "--out", str(out), "--format", "csv")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert sorted(row["label"] for row in rows) == ["Amazon", "Arm", "Nvidia"]


def test_cli_query_sentence_supporting_us_restricting_china(out):
    r = _run("query", "evidence", "-p", "subject=United States", "-p", "predicate=restricts",
             "-p", "object=China", "--out", str(out), "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    (row,) = data["results"]["bindings"]
    assert "curb China's access to advanced AI chips" in row["sentence"]["value"]


def test_cli_query_sparql_string_table(out):
    q = "SELECT ?label WHERE { ?o a schema:Organization ; rdfs:label ?label } ORDER BY ?label"
    r = _run("query", q, "--out", str(out))
    assert r.exit_code == 0, r.output
    assert "Amazon" in r.output and "3 rows" in r.output


def test_cli_query_file_construct_turtle(out, tmp_path):
    rq = tmp_path / "orgs.rq"
    rq.write_text("CONSTRUCT { ?o rdfs:label ?l } WHERE { ?o a schema:Organization ; rdfs:label ?l }")
    r = _run("query", "-f", str(rq), "--out", str(out))
    assert r.exit_code == 0, r.output
    g = rdflib.Graph().parse(data=r.stdout, format="turtle")
    assert {str(o) for o in g.objects()} == {"Amazon", "Arm", "Nvidia"}


def test_cli_query_ask(out):
    r = _run("query", "ASK { ?s kgo:restricts ?o }", "--out", str(out))
    assert r.exit_code == 0 and r.output.strip() == "yes"


@pytest.mark.parametrize(
    "args, message",
    [
        (["query", "SELECT * WHERE {"], "syntax"),
        (["query", "neighbourhood", "-p", "entity=Atlantis"], "no entity is called 'Atlantis'"),
        (["query", "neighbourhood", "-p", "colour=red"], "Available names: entity"),
        (["query", "neighbourhood", "-p", "entity"], "NAME=VALUE"),
        (["query", "ASK {}", "--format", "yaml"], "choose one of"),
        (["query"], "give a query"),
    ],
)
def test_cli_query_user_errors(out, args, message):
    r = _run(*args, "--out", str(out))
    assert r.exit_code != 0
    assert message in r.output
    assert "Traceback" not in r.output


def test_cli_query_without_store(tmp_path):
    r = _run("query", "ASK {}", "--out", str(tmp_path))
    assert r.exit_code == 1 and "run 'kg build" in r.output


def test_cli_build_incremental_then_remove(tmp_path, seeds_dir):
    b = tmp_path / "in" / "b.txt"
    b.parent.mkdir()
    b.write_text(ARTICLE_B)
    one, two = tmp_path / "one", tmp_path / "two"
    assert _run("build", str(seeds_dir), "--out", str(one), "-q").exit_code == 0
    r = _run("build", str(b), "--out", str(one))
    assert r.exit_code == 0, r.output
    assert "added: 1" in r.output and "kept from before: 1" in r.output
    assert _run("build", str(seeds_dir), str(b), "--out", str(two), "-q").exit_code == 0
    g1 = rdflib.Graph().parse(one / "graph.nt")
    assert isomorphic(g1, rdflib.Graph().parse(two / "graph.nt"))
    r = _run("build", str(seeds_dir), str(b), "--out", str(one))
    assert "added: 0   replaced: 0   unchanged: 2" in r.output
    r = _run("query", "documents", "--out", str(one), "--format", "csv")
    assert len(r.stdout.splitlines()) == 3  # header + two documents
    r = _run("remove", "b", "--out", str(one))
    assert r.exit_code == 0, r.output
    assert "documents: 1" in r.output
    assert _run("query", "ASK { ?o rdfs:label 'Toyota' }", "--out", str(one)).output.strip() == "no"
    r = _run("remove", "b", "--out", str(one))
    assert r.exit_code == 1 and "Available names: 000_" in r.output


def test_cli_remove_without_state(tmp_path):
    r = _run("remove", "x", "--out", str(tmp_path))
    assert r.exit_code == 1 and "no build state" in r.output


def test_cli_serve_without_store(tmp_path):
    r = _run("serve", "--out", str(tmp_path))
    assert r.exit_code == 1 and "no store" in r.output


DEEP = "SELECT * WHERE " + "{" * 2500 + " ?s ?p ?o " + "}" * 2500
SERVICE = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"


def _one_error_line(r, message):
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0], r.output


@pytest.mark.parametrize(
    "args, message",
    [
        ([DEEP], "the query nests brackets 2,500 deep; the limit is 100"),
        ([SERVICE], "SERVICE is not allowed"),
        ([SERVICE, "--allow-service"], "the query failed: The port 9 is not allowed"),
        ([SERVICE, "--allow-service", "--format", "json"], "the query failed: The port 9 is not allowed"),
        (["neighbourhood", "-p", "entity=<http://a b>"], "'<http://a b>' is not a valid IRI"),
        (["neighbourhood", "-p", "entity=http://a{b"], "'http://a{b' is not a valid IRI"),
        (["neighbourhood", "-p", "entity=<>"], "'<>' is not a valid IRI"),
        (["SELECT * WHERE { ?s ?p ?x }", "-p", "x=http://[::1"], "'http://[::1' is not a valid IRI"),
        (["SELECT * WHERE { ?s ?p ?x }", "-p", "x=kgo:a>b"], "'kgo:a>b' is not a valid IRI"),
    ],
    ids=["deep", "service", "service-failure-table", "service-failure-json", "iri-space", "iri-brace",
         "iri-empty", "iri-host", "curie"],
)
def test_cli_query_refusals_and_failures_are_one_line(out, args, message):
    _one_error_line(_run("query", *args, "--out", str(out)), message)


def test_cli_query_timeout_stops_a_cross_product(out):
    start = time.monotonic()
    r = _run("query", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
             "--out", str(out), "--timeout", "1")
    assert time.monotonic() - start < 5
    _one_error_line(r, "the query did not finish within 1 s and was stopped")


def test_cli_query_deep_query_in_a_real_process(out):
    # the same query segfaulted kg query (exit 139); now it is refused before it runs
    r = subprocess.run([sys.executable, "-m", "kg", "query", DEEP, "--out", str(out)],
                       capture_output=True, text=True, timeout=60,
                       env={**os.environ, "PYTHONPATH": str(Path(kg.__file__).parents[1])})
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.strip().splitlines() == ["error: the query nests brackets 2,500 deep; the limit is 100"]


# -- issue 12.10 and 12.7 through the real command ---------------------------------------------

def _kg(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """``python -m kg ARGS`` in a real process (stdout and stderr are pipes, not a terminal)."""
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True,
                          timeout=timeout,
                          env={**os.environ, "PYTHONPATH": str(Path(kg.__file__).parents[1])})


def test_cli_query_misspelt_name_suggests_the_shipped_query(out):
    r = _kg("query", "neighborhood", "-p", "entity=Japan", "--out", str(out))
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.splitlines() == ["error: no query named 'neighborhood'; did you mean 'neighbourhood'?"]


def test_cli_query_unknown_entity_hint_names_a_command_that_works(out):
    r = _kg("query", "neighbourhood", "-p", "entity=Atlantis", "--out", str(out))
    assert r.returncode == 1
    (line,) = r.stderr.splitlines()
    assert "--name" not in line
    hint = line.split("'kg ")[1].split("'")[0].split()  # e.g. ['query', 'entities']
    listed = _kg(*hint, "--out", str(out))
    assert listed.returncode == 0, listed.stderr
    assert "Japan" in listed.stdout


def test_cli_query_printed_iris_paste_back_into_queries_and_parameters(out):
    import re

    r = _kg("query", "entities", "--out", str(out))
    assert r.returncode == 0, r.stderr
    body = [line for line in r.stdout.splitlines()[2:-1]  # no header, rule or row count
            if line.split("│")[0].strip()]  # nor a folded label's second line
    entities = [line.split("│")[0].strip() for line in body]
    types = sorted({line.split("│")[2].strip() for line in body})
    assert entities and all(re.fullmatch(r"<https://w3id\.org/kg/id/entity/\S+>", e) for e in entities)
    assert "schema:Organization" in types  # a prefixed name where one parses
    # every printed term, pasted as it is into SPARQL, names what the table showed
    text = (f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ VALUES ?e {{ {' '.join(entities)} }} "
            f"VALUES ?t {{ {' '.join(types)} }} ?e a ?t }}")
    r = _kg("query", text, "--out", str(out), "--format", "csv")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[1] == str(len(entities))
    nvidia = next(e for e in entities if e.endswith("/org/Nvidia>"))
    for value in (nvidia, "kg:entity/org/Nvidia"):  # as printed now, and as printed before
        r = _kg("query", "neighbourhood", "-p", f"entity={value}", "--out", str(out), "--format", "csv")
        assert r.returncode == 0 and "Japan" in r.stdout, r.stderr


def test_cli_query_documents_title_is_not_an_ad_marker(out):
    r = _kg("query", "documents", "--out", str(out), "--format", "csv")
    assert r.returncode == 0, r.stderr
    (row,) = list(csv.DictReader(io.StringIO(r.stdout)))
    assert row["date"] == "2024-03-30" and row["title"] == ""  # was "Advertisment" (issue 12.7)
