"""The relation patterns a build runs, in order (registered in ``kg.extract.patterns``).
A module of its own so that a build's manifest can name them without importing spaCy."""

DEFAULT_PATTERNS = (
    "kg.role.v1",
    "kg.svo.v1",
    "kg.nominal.v1",
    "kg.nominal-event.v1",
    "kg.topic.v1",
    "kg.located.v1",
    "kg.naming.v1",
    "kg.wikidata.v1",
    "kg.wikidata-pairs.v1",
    "kg.news-pairs.v1",
)
