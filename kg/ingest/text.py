"""Plain-text articles (``.txt``)."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.ingest.clean import analyse_layout
from kg.model import Document
from kg.registry import readers


def slugify(value: str) -> str:
    """An IRI-safe id: letters, digits, ``_ - .`` only."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", value.strip()).strip("_")
    return slug or "doc"


# byte order marks, UTF-32 first: its little-endian mark starts with UTF-16's
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
         (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
         (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"))
BINARY = "binary file, expected UTF-8 text"


@dataclass(frozen=True)
class InputNote:
    """Something worth saying about an input that was read (not an error).

    Example:
        >>> str(InputNote("a.txt", "read as cp1252 (not UTF-8)"))
        'a.txt: read as cp1252 (not UTF-8)'
    """

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


def _single_byte(raw: bytes) -> tuple[str, str] | None:
    """The text and encoding of ``raw`` in a single-byte encoding, or ``None``.

    Windows-1252 (Western European; a superset of Latin-1's printable characters) when
    it reads as plausible text, else what ``charset-normalizer`` detects (Cyrillic,
    Greek, ...).  Windows-1252 goes first: on short Western text the detector's best
    guess is often a wrong neighbour (cp1250 turns "à" into "ŕ").
    """
    from charset_normalizer import from_bytes
    from charset_normalizer.utils import is_multi_byte_encoding

    match = from_bytes(raw, cp_isolation=["cp1252"]).best() or from_bytes(raw).best()
    if match is None or is_multi_byte_encoding(match.encoding):
        return None
    return str(match), match.encoding


def decode_text(raw: bytes, source: str) -> tuple[str, str | None]:
    """The text of a file's bytes, and the encoding used when it is not plain UTF-8.

    A byte order mark is honoured (UTF-8, UTF-16, UTF-32); otherwise UTF-8, and failing
    that a detected single-byte encoding (``_single_byte``).

    Raises:
        InputError: the bytes are binary, or text in no encoding that fits, or empty.

    Example:
        >>> decode_text("caf\u00e9 \u201cnoir\u201d".encode("cp1252"), "a.txt")
        ('café “noir”', 'cp1252')
        >>> decode_text("\ufeffHi".encode("utf-16-le"), "a.txt")
        ('Hi', 'UTF-16 (byte order mark)')
    """
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError as err:
                raise InputError(source, f"not {name} text despite its byte order mark "
                                         f"(byte {err.start})") from None
            text = text.removeprefix("\ufeff")
            return _not_empty(text, source), None if name == "UTF-8" else f"{name} (byte order mark)"
    if b"\x00" in raw[:4096]:
        raise InputError(source, BINARY)
    try:
        return _not_empty(raw.decode("utf-8"), source), None
    except UnicodeDecodeError as err:
        found = _single_byte(raw)
        if found is None:
            raise InputError(source, f"{BINARY} (byte {err.start} is not UTF-8, and no "
                                     "single-byte encoding fits)") from None
    return _not_empty(found[0], source), found[1]


def _not_empty(text: str, source: str) -> str:
    if not text.strip():
        raise InputError(source, "empty file")
    return text


def read_decoded(path: Path) -> tuple[str, InputNote | None]:
    """The file's text (see ``decode_text``), and a note naming its encoding when it is
    not plain UTF-8.  A named pipe (FIFO) is read to its end.

    Raises:
        InputError: the file cannot be read, is not text, or holds no text.
    """
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(str(path), f"cannot read: {err.strerror}") from None
    text, encoding = decode_text(raw, str(path))
    return text, None if encoding is None else InputNote(str(path), f"read as {encoding}, not UTF-8")


def read_text(path: Path) -> str:
    """The file's text (see ``read_decoded``).

    Raises:
        InputError: the file cannot be read, is not text, or holds no text.
    """
    return read_decoded(path)[0]


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
def read_txt(path: Path) -> Iterator[Document | InputNote]:
    text, note = read_decoded(path)
    if note is not None:
        yield note
    yield document_from_string(text, id=path.stem, source=str(path))
