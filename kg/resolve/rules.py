"""The merge rules of resolution, by name, in the order they run: see
``kg.knowledge.merge_rules``, where they live so that extraction can group a document's
mentions by the same rules (extraction never imports ``kg.resolve``)."""

from kg.knowledge.merge_rules import (
    ACROSS_DOCUMENTS,
    CLASS_PRIORITY,
    IN_DOCUMENT,
    CollectionContext,
    CollectionRule,
    DocumentContext,
    FirstMatch,
    MergeLog,
    Name,
    NameRule,
    Rule,
    classify,
    document_clusters,
    document_names,
    lexicon_key,
    merge_across_documents,
    merge_in_document,
    rule_names,
)

__all__ = [
    "ACROSS_DOCUMENTS",
    "CLASS_PRIORITY",
    "IN_DOCUMENT",
    "CollectionContext",
    "CollectionRule",
    "DocumentContext",
    "FirstMatch",
    "MergeLog",
    "Name",
    "NameRule",
    "Rule",
    "classify",
    "document_clusters",
    "document_names",
    "lexicon_key",
    "merge_across_documents",
    "merge_in_document",
    "rule_names",
]
