"""kg: an offline knowledge-graph builder for news text.

Example:
    >>> import kg
    >>> sorted(kg.__all__)[:3]
    ['Document', 'KnowledgeGraph', 'build']
"""

from __future__ import annotations

from kg.builder import build
from kg.errors import KGError
from kg.extract.nlp import load_nlp
from kg.graph import KnowledgeGraph
from kg.ingest import document_from_string
from kg.model import Document, Entity, Extraction, Mention, Relation

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
