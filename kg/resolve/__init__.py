"""Mentions -> Entities (normalise, alias merge, coreference); pure Python.

The merge rules, in the order they run, are in ``kg.resolve.rules``; ``merge_lines``
tells which rule made each merge of a resolution."""

from kg.resolve.entities import resolve
from kg.resolve.explain import EXPLAIN_FILE, merge_lines

__all__ = ["EXPLAIN_FILE", "merge_lines", "resolve"]
