"""Relation patterns, one module per family, each registered as ``kg.<family>.v<N>``.

A pattern is a function ``(DocView) -> Iterator[MentionRelation]``, run in the order of
``DEFAULT_PATTERNS``; ``kg.represent.v1`` then reads what the others found (it is called by
``kg.extract.pipeline`` after them, with the relations and mentions of the document).
"""

from kg.extract.defaults import DEFAULT_PATTERNS
from kg.extract.patterns import (  # noqa: F401  (importing registers the patterns)
    located,
    naming,
    news,
    nouns,
    pairs,
    represent,
    roles,
    svo,
    topics,
    wikidata,
)

__all__ = ["DEFAULT_PATTERNS"]
