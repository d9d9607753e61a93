"""The read-only SPARQL 1.1 Protocol endpoint: a real Oxigraph server on a free port,
queried with SPARQLWrapper."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, POST, TSV, TURTLE, XML, SPARQLWrapper

from kg.builder import write_output
from kg.errors import KGError
from kg.store.server import free_port, start_server

JAPAN = "https://w3id.org/kg/id/entity/country/Japan"


@pytest.fixture(scope="module")
def server(tmp_path_factory, seed_graph):
    out = tmp_path_factory.mktemp("served")
    write_output(seed_graph, out)
    srv = start_server(out, port=free_port())
    yield srv
    srv.stop()
    assert srv.process.poll() is not None


class _client:  # noqa: N801  (a context manager that closes the HTTP response)
    def __init__(self, server, query, fmt=JSON, method=None):
        sw = SPARQLWrapper(server.query_url)
        sw.setQuery(query)
        sw.setReturnFormat(fmt)
        if method:
            sw.setMethod(method)
        self.result = sw.query()

    def __enter__(self):
        return self.result

    def __exit__(self, *exc):
        self.result.response.close()


def _convert(server, query, fmt=JSON, method=None):
    with _client(server, query, fmt, method) as res:
        return res.convert()


def test_server_select(server):
    q = ("PREFIX kgo: <https://w3id.org/kg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
         f"SELECT ?label WHERE {{ <{JAPAN}> kgo:worksWith ?o . ?o rdfs:label ?label }} ORDER BY ?label")
    data = _convert(server, q)
    labels = [b["label"]["value"] for b in data["results"]["bindings"]]
    assert {"Amazon", "Arm", "Nvidia"} <= set(labels)


def test_server_select_by_post(server):
    data = _convert(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", method=POST)
    assert int(data["results"]["bindings"][0]["n"]["value"]) > 1000  # union of the named graphs


def test_server_ask(server):
    q = "ASK { ?s <https://w3id.org/kg/ontology#restricts> ?o }"
    assert _convert(server, q)["boolean"] is True


def test_server_construct(server):
    q = f"CONSTRUCT {{ <{JAPAN}> ?p ?o }} WHERE {{ <{JAPAN}> ?p ?o }}"
    g = _convert(server, q, fmt=TURTLE)
    g = rdflib.Graph().parse(data=g, format="turtle") if isinstance(g, bytes) else g
    assert (rdflib.URIRef(JAPAN), rdflib.RDFS.label, rdflib.Literal("Japan")) in g


@pytest.mark.parametrize(
    "fmt, content_type, marker",
    [(JSON, "application/sparql-results+json", b'"bindings"'),
     (XML, "application/sparql-results+xml", b"<sparql"),
     (CSV, "text/csv", b"label\r\n"),
     (TSV, "text/tab-separated-values", b"?label\n")],
)
def test_server_content_negotiation(server, fmt, content_type, marker):
    q = f"SELECT ?label WHERE {{ <{JAPAN}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}"
    with _client(server, q, fmt=fmt) as res:
        assert res.response.headers["Content-Type"].startswith(content_type)
        assert marker in res.response.read()


def test_server_refuses_updates(server):
    sw = SPARQLWrapper(server.query_url, updateEndpoint=server.update_url)
    sw.setMethod(POST)
    sw.setQuery("INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }")
    with pytest.raises(urllib.error.HTTPError) as info:
        sw.query()
    assert info.value.code == 403
    info.value.close()
    ask = "ASK { <http://example.org/a> ?p ?o }"
    assert _convert(server, ask)["boolean"] is False


def test_server_refuses_graph_store_writes(server):
    req = urllib.request.Request(f"{server.url}/store?default", method="POST",
                                 data=b"<http://example.org/a> <http://example.org/b> "
                                      b"<http://example.org/c> .",
                                 headers={"Content-Type": "application/n-triples"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(req, timeout=5)
    assert info.value.code == 403
    info.value.close()


def test_server_without_store_fails_clearly(tmp_path):
    with pytest.raises(KGError, match="no store"):
        start_server(tmp_path)


def test_server_answers_the_complete_query_shown_in_the_readme(server, repo_root):
    # issue 12.10: kg serve predeclares no prefix; the README's query for it declares them all
    readme = (repo_root / "README.md").read_text("utf-8")
    block = readme.split("--data-urlencode 'query=\n", 1)[1].split("```", 1)[0]
    query, answer = block.split("'\n", 1)
    assert "PREFIX kgo:" in query
    req = urllib.request.Request(server.query_url, data=urllib.parse.urlencode({"query": query}).encode(),
                                 headers={"Accept": "text/csv"})
    with urllib.request.urlopen(req, timeout=30) as res:
        got = res.read().decode().replace("\r\n", "\n")
    assert got.strip().splitlines() == answer.strip().splitlines()
    bare = "SELECT" + query.split("SELECT", 1)[1]  # the same query without its PREFIX lines
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(urllib.request.Request(
            server.query_url, data=urllib.parse.urlencode({"query": bare}).encode()), timeout=30)
    refused.value.close()
    assert refused.value.code == 400
