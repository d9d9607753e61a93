"""``build``: inputs -> KnowledgeGraph, the one call behind ``kg build``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.extract import extract_many, load_nlp
from kg.graph import KnowledgeGraph
from kg.ingest import document_from_string, iter_documents
from kg.model import Document, Extraction
from kg.resolve import resolve
from kg.vocab import DEFAULT_BASE


def collect_documents(sources: Iterable[str | Path | Document]) -> tuple[list[Document], list[str]]:
    """Documents from paths, folders, ``Document`` objects and raw strings (a string that
    is not an existing path is article text); problems come back as one-line messages."""
    docs: list[Document] = []
    errors: list[str] = []
    paths: list[str | Path] = []
    for s in sources:
        if isinstance(s, Document):
            docs.append(s)
        elif isinstance(s, Path) or (isinstance(s, str)
                                     and ("\n" not in s and len(s) < 4096 and Path(s).exists())):
            paths.append(s)
        elif isinstance(s, str) and (" " in s.strip() or "\n" in s) and not s.strip().lower().endswith(
                (".txt", ".md", ".jsonl")):  # "my dir/a.txt" that does not exist is a missing file
            docs.append(document_from_string(s))
        else:
            errors.append(f"{s}: no such file or folder")
    for item in iter_documents(paths):
        if isinstance(item, InputError):
            errors.append(str(item))
        else:
            docs.append(item)
    return docs, errors


def build(
    sources: Iterable[str | Path | Document],
    *,
    nlp: Any = None,
    model: str | None = None,
    lexicons: Sequence[Path] = (),
    base: str = DEFAULT_BASE,
    min_confidence: float = 0.0,
    progress: Callable[[int], None] | None = None,
) -> KnowledgeGraph:
    """Build the knowledge graph of ``sources``.

    Args:
        sources: files, folders (``.txt``, ``.md``, ``.jsonl``), Documents or article strings.
        nlp: a pipeline from ``kg.load_nlp``; loaded from ``model`` when not given.
        model: the spaCy pipeline to load (default ``en_core_web_sm``, then its PyPI copy).
        lexicons: extra lexicon files (JSON lines) to add to the shipped ones.
        base: the namespace of the graph's own IRIs.
        min_confidence: relations below this confidence are left out of the exports.
        progress: called with the number of documents done so far.

    Raises:
        ModelNotFoundError: no spaCy pipeline could be loaded.

    Example:
        >>> kg = build(["Japan and the United States cooperate on AI."])  # doctest: +SKIP
    """
    docs, errors = collect_documents(sources)
    if nlp is None:
        nlp = load_nlp(model, lexicons=lexicons)
    extractions = extract_documents(docs, nlp, progress=progress)
    return KnowledgeGraph(resolve(extractions), base=base, min_confidence=min_confidence,
                          errors=tuple(errors))


def extract_documents(docs: Sequence[Document], nlp: Any, *,
                      progress: Callable[[int], None] | None = None) -> list[Extraction]:
    out = []
    for n, x in enumerate(extract_many(docs, nlp), start=1):
        out.append(x)
        if progress is not None:
            progress(n)
    return out
