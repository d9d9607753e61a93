"""Relation patterns, one module per family, each registered as ``kg.<family>.v<N>``.

A pattern is a function ``(DocView) -> Iterator[MentionRelation]``.  The order below is
the order they run in; ``kg.represent.v1`` reads what the others found.
"""

from kg.extract.patterns import located, nouns, pairs, roles, svo, topics, wikidata  # noqa: F401
from kg.extract.patterns import represent  # noqa: F401  (runs last)

DEFAULT_PATTERNS = ("kg.role.v1", "kg.svo.v1", "kg.nominal.v1", "kg.topic.v1", "kg.located.v1", "kg.wikidata.v1",
                    "kg.wikidata-pairs.v1")
