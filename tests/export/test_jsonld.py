"""JSON-LD: compact IRIs for names and nodes, literal values exactly as they were."""

from __future__ import annotations

import io
import json

from rdflib import Graph
from rdflib.compare import isomorphic

import kg
from kg.model import Document

# literals that look like IRIs, JSON keys and JSON-LD keywords must come back unchanged
TITLE = 'https://schema.org/name": {"@id":"http://www.w3.org/2000/01/rdf-schema#label"}, \\ "kg:'
URL = "https://schema.org/Thing"


def test_jsonld_literals_that_look_like_iris_are_kept(nlp):
    doc = Document("d1", "Japan and the United States cooperate on AI.", title=TITLE, url=URL)
    graph = kg.build([doc], nlp=nlp)
    buf = io.BytesIO()
    graph.write(buf, "jsonld")
    data = json.loads(buf.getvalue())
    assert data["@context"]["rdfs"] == "http://www.w3.org/2000/01/rdf-schema#"
    node = next(n for n in data["@graph"] if n["@id"] == "kg:doc/d1")
    assert node["dcterms:title"] == [{"@value": TITLE}]
    assert node["schema:url"] == [{"@type": "xsd:anyURI", "@value": URL}]
    parsed = Graph().parse(data=buf.getvalue(), format="json-ld")
    assert isomorphic(parsed, graph.to_rdf())


def test_jsonld_names_and_nodes_are_compact(seed_graph):
    data = json.loads(seed_graph.serialize("jsonld"))
    keys = {k for n in data["@graph"] for k in n if k != "@id"}
    assert keys and all(":" in k and not k.startswith("http") for k in keys)
    ids = {n["@id"] for n in data["@graph"]}
    assert "kg:entity/country/Japan" in ids
