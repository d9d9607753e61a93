"""The merge rules of resolution, by name, in the order they run: see
``kg.knowledge.merge_rules``, where they live so that extraction can group a document's
mentions by the same rules (extraction never imports ``kg.resolve``)."""

from kg.knowledge import merge_rules
from kg.knowledge.merge_rules import *  # noqa: F403 (this module is their name under resolution)

__all__ = merge_rules.__all__
