"""Markdown articles (``.md``): YAML-ish front matter, ``#`` headings and inline markup
are masked (never extracted), offsets still index the original file."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from kg.ingest.text import InputNote, document_from_string, read_decoded
from kg.model import Document
from kg.registry import readers

_FRONT = re.compile(r"\A---\r?\n(?P<body>.*?)\r?\n---\r?\n", re.S)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*)$", re.M)
_MARKUP = re.compile(r"!?\[|\]\([^)]*\)|[*_`]{1,3}(?=\S)|(?<=\S)[*_`]{1,3}|^>\s?|^[-*+][ \t]", re.M)


def markdown_document(text: str, *, id: str, source: str = "") -> Document:
    meta: dict[str, str] = {}
    skip: list[tuple[int, int]] = []
    m = _FRONT.match(text)
    if m:
        for line in m.group("body").splitlines():
            if ":" in line:
                k, v = line.split(":", 1)
                meta[k.strip().lower()] = v.strip().strip("\"'")
        skip.append((0, m.end()))
    title = meta.get("title")
    for h in _HEADING.finditer(text):
        if title is None and len(h.group(1)) == 1:
            title = h.group(2).strip()
            skip.append((h.start(), h.start(2)))  # the marker only; the title is prose
        else:
            skip.append((h.start(), h.end()))
    skip.extend((mk.start(), mk.end()) for mk in _MARKUP.finditer(text))
    base = document_from_string(
        text, id=id, source=source, title=title, date=meta.get("date"), url=meta.get("url")
    )
    merged = tuple(sorted(set(base.skip) | set(skip)))
    return replace(base, skip=merged)


@readers.register(".md")
def read_md(path: Path) -> Iterator[Document | InputNote]:
    text, note = read_decoded(path)
    if note is not None:
        yield note
    yield markdown_document(text, id=path.stem, source=str(path))
