"""JSON Lines (``.jsonl``): one article a line with ``text`` and optional ``title``,
``date``, ``url``, ``id``.  A bad line is reported and the rest of the file goes on."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from kg.errors import InputError
from kg.ingest.clean import parse_date
from kg.ingest.text import InputNote, document_from_string, read_decoded
from kg.model import Document
from kg.registry import readers


@readers.register(".jsonl")
def read_jsonl(path: Path) -> Iterator[Document | InputError | InputNote]:
    text, note = read_decoded(path)
    if note is not None:
        yield note
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as err:
            yield InputError(where, f"invalid JSON ({err.msg})")
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            yield InputError(where, "expected an object with a string field 'text'")
            continue
        if not rec["text"].strip():
            yield InputError(where, "empty 'text'")
            continue
        bad = [k for k in ("title", "date", "url", "id") if rec.get(k) is not None
               and not isinstance(rec[k], str) and not (k == "id" and isinstance(rec[k], int))]
        if bad:
            yield InputError(where, f"field '{bad[0]}' must be a string, got {type(rec[bad[0]]).__name__}")
            continue
        date = None
        if rec.get("date"):
            date = parse_date(rec["date"])
            if date is None:
                yield InputError(where, f"field 'date' is not a date: {rec['date']!r}")
                continue
        yield document_from_string(
            rec["text"],
            id=str(rec.get("id") or f"{path.stem}-{n}"),
            source=where,
            title=rec.get("title"),
            date=date,
            url=rec.get("url"),
        )
