"""spaCy Doc -> mentions and relation candidates.  The only package that sees spaCy
(imported when a name below is first used, so that importing ``kg.extract.nlp`` for a
``NlpSpec`` does not load spaCy)."""

from __future__ import annotations

from typing import Any

__all__ = ["extract", "extract_many", "load_nlp"]


def __getattr__(name: str) -> Any:
    if name == "load_nlp":
        from kg.extract.nlp import load_nlp

        return load_nlp
    if name in ("extract", "extract_many"):
        from kg.extract import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'kg.extract' has no attribute {name!r}")
