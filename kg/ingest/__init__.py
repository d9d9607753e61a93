"""Inputs -> Documents.  One module per source type, registered by file suffix."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputError
from kg.ingest import jsonl, markdown, text  # noqa: F401  (register readers)
from kg.ingest.text import document_from_string
from kg.model import Document
from kg.registry import readers

__all__ = ["collect_documents", "document_from_string", "iter_documents", "supported_suffixes"]


def supported_suffixes() -> list[str]:
    return sorted(readers.get_all())


def _expand(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    suffixes = set(supported_suffixes())
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(
                f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in suffixes
            )
            if not found:
                yield InputError(str(path), f"no {', '.join(sorted(suffixes))} files in folder")
            yield from found
        elif path.is_file():
            if path.suffix.lower() not in suffixes:
                yield InputError(
                    str(path),
                    f"unsupported file type '{path.suffix}'; expected one of "
                    f"{', '.join(sorted(suffixes))}",
                )
            else:
                yield path
        else:
            yield InputError(str(path), "no such file or folder")


def iter_documents(paths: Iterable[str | Path]) -> Iterator[Document | InputError]:
    """Yield a Document for every readable article under ``paths``.

    Problems are yielded as ``InputError`` values, not raised, so that one bad file
    does not stop a batch.  Document ids must be unique; a repeated id is an error.
    """
    seen: dict[str, str] = {}
    for item in _expand(paths):
        if isinstance(item, InputError):
            yield item
            continue
        reader = readers.get(item.suffix.lower())
        try:
            for doc in reader(item):
                if isinstance(doc, Document) and doc.id in seen:
                    yield InputError(
                        str(item), f"document id '{doc.id}' already used by {seen[doc.id]}"
                    )
                    continue
                if isinstance(doc, Document):
                    seen[doc.id] = str(item)
                yield doc
        except InputError as err:
            yield err


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
