"""Namespaces and the relation vocabulary (read from the shipped ``data/ontology.ttl``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS, XSD

from kg.errors import UnknownNameError

KGO = Namespace("https://w3id.org/kg/ontology#")
DEFAULT_BASE = "https://w3id.org/kg/id/"
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
SCHEMA = Namespace("https://schema.org/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")

PREFIXES = {
    "kgo": KGO,
    "nif": NIF,
    "itsrdf": ITSRDF,
    "prov": PROV,
    "schema": SCHEMA,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "wdt": WDT,
    "owl": OWL,
    "rdfs": RDFS,
    "rdf": RDF,
    "xsd": XSD,
}

# spaCy entity label -> class of the node (schema.org where it has one)
TYPE_CLASSES = {
    "PERSON": SCHEMA.Person,
    "ORG": SCHEMA.Organization,
    "COUNTRY": SCHEMA.Country,
    "GPE": SCHEMA.Place,
    "PLACE": SCHEMA.Place,
    "CITY": SCHEMA.City,
    "REGION": SCHEMA.AdministrativeArea,
    "CONTINENT": SCHEMA.Continent,
    "LOC": SCHEMA.Place,
    "FAC": SCHEMA.Place,
    "PRODUCT": SCHEMA.Product,
    "EVENT": SCHEMA.Event,
    "WORK_OF_ART": SCHEMA.CreativeWork,
    "LAW": SCHEMA.Legislation,
    "LANGUAGE": SCHEMA.Language,
    "NORP": KGO.Nationality,
    "CONCEPT": KGO.Concept,
}
# labels whose spans become literals (dates, numbers), never entity nodes
VALUE_LABELS = frozenset({"DATE", "TIME", "MONEY", "QUANTITY", "PERCENT", "CARDINAL", "ORDINAL"})


@dataclass(frozen=True, slots=True)
class Predicate:
    name: str
    iri: URIRef
    label: str
    domain: URIRef | None
    range: URIRef | None
    symmetric: bool
    wikidata: URIRef | None


@lru_cache(maxsize=1)
def ontology() -> Graph:
    """The shipped ontology (a fresh parse, cached)."""
    g = Graph()
    with (resources.files("kg") / "data" / "ontology.ttl").open("rb") as f:
        g.parse(f, format="turtle")
    return g


@lru_cache(maxsize=1)
def predicates() -> dict[str, Predicate]:
    """Every object property of the ontology, by local name."""
    g = ontology()
    out = {}
    # object properties, and datatype properties that are relations (aligned to Wikidata:
    # dates of birth, publication dates); kgo:confidence and other annotations are not
    datatype = {p for p in g.subjects(RDF.type, OWL.DatatypeProperty)
                if (p, OWL.equivalentProperty, None) in g}
    for p in sorted(set(g.subjects(RDF.type, OWL.ObjectProperty)) | datatype, key=str):
        name = str(p)[len(str(KGO)) :]
        if not str(p).startswith(str(KGO)) or name in ("evidence", "sentence"):
            continue
        out[name] = Predicate(
            name=name,
            iri=URIRef(str(p)),
            label=str(g.value(p, RDFS.label) or name),
            domain=g.value(p, RDFS.domain),  # type: ignore[arg-type]
            range=g.value(p, RDFS.range),  # type: ignore[arg-type]
            symmetric=(p, RDF.type, OWL.SymmetricProperty) in g,
            wikidata=g.value(p, OWL.equivalentProperty),  # type: ignore[arg-type]
        )
    return out


def predicate(name: str) -> Predicate:
    """The predicate ``name``.

    Raises:
        UnknownNameError: ``name`` is not declared in the ontology.
    """
    try:
        return predicates()[name]
    except KeyError:
        raise UnknownNameError("predicate", name, predicates()) from None
