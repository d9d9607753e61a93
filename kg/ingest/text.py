"""Plain-text articles (``.txt``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from kg.errors import InputError
from kg.ingest.clean import analyse_layout
from kg.model import Document
from kg.registry import readers


def slugify(value: str) -> str:
    """An IRI-safe id: letters, digits, ``_ - .`` only."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", value.strip()).strip("_")
    return slug or "doc"


def read_text(path: Path) -> str:
    """The file's text.

    Raises:
        InputError: the file is not UTF-8 text or holds no text.
    """
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(str(path), f"cannot read: {err.strerror}") from None
    if b"\x00" in raw[:4096]:
        raise InputError(str(path), "binary file, expected UTF-8 text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(str(path), f"not UTF-8 text (byte {err.start})") from None
    if not text.strip():
        raise InputError(str(path), "empty file")
    return text


def document_from_string(
    text: str,
    *,
    id: str | None = None,
    source: str = "",
    title: str | None = None,
    date: str | None = None,
    url: str | None = None,
) -> Document:
    """A Document from a string; its layout (metadata, headings, ads) is analysed.

    Example:
        >>> document_from_string("date 2024-03-30 Japan met Biden.", id="a").date
        '2024-03-30'
    """
    from kg.model import stable_hash

    layout = analyse_layout(text, title=title, date=date)
    return Document(
        id=slugify(id) if id else "doc-" + stable_hash(text),
        text=text,
        source=source,
        title=layout.title,
        date=layout.date,
        url=url or layout.url,
        skip=layout.skip,
    )


@readers.register(".txt")
def read_txt(path: Path) -> Iterator[Document]:
    yield document_from_string(read_text(path), id=path.stem, source=str(path))
