"""Mentions -> Entities (normalise, alias merge, coreference); pure Python."""

from kg.resolve.entities import resolve

__all__ = ["resolve"]
