"""Inputs -> Documents.  One module per source type, registered by file suffix."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from kg.errors import InputError
from kg.ingest import jsonl, markdown, text  # noqa: F401  (register readers)
from kg.ingest.text import InputNote, document_from_string
from kg.model import Document
from kg.registry import readers

__all__ = ["InputNote", "Inputs", "collect_documents", "document_from_string", "gather", "iter_documents",
           "supported_suffixes"]


def supported_suffixes() -> list[str]:
    return sorted(readers.get_all())


def _in_folder(path: Path, suffixes: set[str]) -> Iterator[tuple[Path, str, str] | InputError]:
    found = []
    root = path.resolve().name  # "seeds/a.txt" whether the folder was named "seeds", "./seeds/" or "/x/seeds"
    for f in sorted(path.rglob("*")):
        if f.is_fifo():  # reading it could wait forever for a writer: said, not read
            yield InputError(str(f), "named pipe (FIFO) in a folder, not read; give it as an input "
                                     "of its own to read it")
        elif f.is_file() and f.suffix.lower() in suffixes:
            found.append((f, f.suffix.lower(), f"{root}/{f.relative_to(path).as_posix()}"))
    if not found:
        yield InputError(str(path), f"no {', '.join(sorted(suffixes))} files in folder")
    yield from found


def _expand(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str, str] | InputError]:
    """(file, the suffix of its reader, its name relative to the input it was found in) for
    every input file under ``paths``: the same whether the input was named by a relative or
    an absolute path."""
    suffixes = set(supported_suffixes())
    for p in paths:
        path = Path(p)
        suffix = path.suffix.lower()
        if path.is_dir():
            yield from _in_folder(path, suffixes)
        elif path.is_fifo():  # a named pipe, e.g. <(zcat news.txt.gz): read as text unless its name says
            yield path, suffix if suffix in suffixes else ".txt", path.name
        elif path.is_file():
            if suffix not in suffixes:
                yield InputError(
                    str(path),
                    f"unsupported file type '{path.suffix}'; expected one of "
                    f"{', '.join(sorted(suffixes))}",
                )
            else:
                yield path, suffix, path.name
        elif path.exists():
            yield InputError(str(path), "not a file, folder or named pipe")
        else:
            yield InputError(str(path), "no such file or folder")


def iter_documents(paths: Iterable[str | Path], *,
                   notes: list[InputNote] | None = None) -> Iterator[Document | InputError]:
    """Yield a Document for every readable article under ``paths``.

    Problems are yielded as ``InputError`` values, not raised, so that one bad file
    does not stop a batch.  Document ids must be unique; a repeated id is an error.
    What a reader notes about a file (e.g. the encoding it was read in) is appended to
    ``notes``.
    """
    seen: dict[str, str] = {}
    for item in _expand(paths):
        if isinstance(item, InputError):
            yield item
            continue
        path, suffix, name = item
        reader = readers.get(suffix)
        try:
            for doc in reader(path):
                if isinstance(doc, InputNote):
                    if notes is not None:
                        notes.append(doc)
                    continue
                if isinstance(doc, Document) and doc.id in seen:
                    yield InputError(
                        str(path), f"document id '{doc.id}' already used by {seen[doc.id]}"
                    )
                    continue
                if isinstance(doc, Document):
                    seen[doc.id] = str(path)
                    doc = _relative_source(doc, str(path), name)
                yield doc
        except InputError as err:
            yield err


@dataclass(frozen=True)
class Inputs:
    """What ``gather`` read: the documents, one line per problem, one line per note."""

    documents: list[Document]
    errors: list[str]
    notes: list[str]


def gather(sources: Iterable[str | Path | Document]) -> Inputs:
    """Documents from paths, folders, named pipes, ``Document`` objects and raw strings (a
    string that is not an existing path is article text); problems and notes (e.g. a
    file read in another encoding than UTF-8) come back as one-line messages."""
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
    notes: list[InputNote] = []
    for item in iter_documents(paths, notes=notes):
        if isinstance(item, InputError):
            errors.append(str(item))
        else:
            docs.append(item)
    return Inputs(docs, errors, [str(n) for n in notes])


def collect_documents(sources: Iterable[str | Path | Document]) -> tuple[list[Document], list[str]]:
    """Documents from paths, folders, ``Document`` objects and raw strings (a string that
    is not an existing path is article text); problems come back as one-line messages
    (see ``gather``, which also gives the notes)."""
    found = gather(sources)
    return found.documents, found.errors


def _relative_source(doc: Document, typed: str, name: str) -> Document:
    """``doc`` with its source named relative to its input (``typed`` is the path as the
    caller typed it, which readers record; a JSON Lines reader adds ``:line``).

    Example:
        >>> doc = Document("a", "x", source="/tmp/in/a.jsonl:3")
        >>> _relative_source(doc, "/tmp/in/a.jsonl", "a.jsonl").source
        'a.jsonl:3'
    """
    if doc.source.startswith(typed):
        return replace(doc, source=name + doc.source[len(typed):])
    return doc
