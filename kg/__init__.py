"""kg: an offline knowledge-graph builder for news text.

``import kg`` is light: spaCy, rdflib and networkx load when a name that needs them is
first used (``kg.build``, ``kg.load_nlp``, ``kg.KnowledgeGraph``, ``kg.document_from_string``),
so that ``kg --help``, ``kg query`` and ``kg serve`` start without them.

Example:
    >>> import kg
    >>> [name for name in kg.__all__ if name[0].islower()]
    ['build', 'document_from_string', 'load_nlp']
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.model import Document, Entity, Extraction, Mention, Relation

if TYPE_CHECKING:
    from kg.builder import build
    from kg.extract.nlp import load_nlp
    from kg.graph import KnowledgeGraph
    from kg.ingest import document_from_string

__version__ = "0.1.0"

__all__ = [
    "Document",
    "Entity",
    "Extraction",
    "KGError",
    "KnowledgeGraph",
    "Mention",
    "Relation",
    "build",
    "document_from_string",
    "load_nlp",
]

# name -> the module that defines it, imported on first use (PEP 562)
_LAZY = {
    "build": "kg.builder",
    "document_from_string": "kg.ingest",
    "KnowledgeGraph": "kg.graph",
    "load_nlp": "kg.extract.nlp",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
