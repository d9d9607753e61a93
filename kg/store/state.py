"""The build state of an output folder: every document's ``Extraction`` as JSON.

An output folder ``DIR`` holds, next to the exports::

    DIR/.kg/manifest.json                 settings, named-graph digests,
                                          doc id -> content hash and file
    DIR/.kg/extractions/<file>.json       one Extraction per document

The extractions are the source of truth of an incremental build: the graph, the
exports and the store are all recomputed from them, so adding documents one batch at a
time gives the same graph as adding them all at once.

An extraction's file is named by its document's id *and* content hash, so a build saves
each new extraction as soon as it is made without touching the files the manifest lists;
a build that is stopped part-way leaves the extractions it made, and the next build of
the same documents reads them instead of parsing again.  Every file is written to a
temporary name in the same folder and renamed into place, and the manifest is written
last, so a failed run leaves the previous state readable.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.files import write_atomic, write_beside
from kg.model import (
    CharSpan,
    Document,
    Extraction,
    Mention,
    MentionRelation,
    Provenance,
    Sentence,
    stable_hash,
)

__all__ = [
    "FORMAT_VERSION",
    "Manifest",
    "State",
    "extraction_from_data",
    "extraction_to_data",
    "read_extraction",
    "read_manifest",
    "read_state",
    "prune_extractions",
    "save_extraction",
    "saved_extraction",
    "stage_manifest",
    "state_dir",
    "text_hash",
    "write_bytes_atomic",
    "write_manifest",
    "write_state",
]

FORMAT_VERSION = "kg.state.v1"
STATE_DIR = ".kg"


def state_dir(out_dir: str | Path) -> Path:
    """The hidden folder of the build state inside ``out_dir``."""
    return Path(out_dir) / STATE_DIR


# -- Extraction <-> JSON-ready dicts -------------------------------------------------


def _span(d: Mapping[str, Any]) -> CharSpan:
    return CharSpan(d["doc_id"], d["start"], d["end"], d.get("sent", -1))


def _prov(d: Mapping[str, Any]) -> Provenance:
    return Provenance(_span(d["span"]), d["extractor"], d.get("confidence"))


def _span_data(s: CharSpan) -> dict[str, Any]:
    return {"doc_id": s.doc_id, "start": s.start, "end": s.end, "sent": s.sent}


def _prov_data(p: Provenance) -> dict[str, Any]:
    return {"span": _span_data(p.span), "extractor": p.extractor, "confidence": p.confidence}


def extraction_to_data(x: Extraction) -> dict[str, Any]:
    """A JSON-ready dict of ``x`` (``extraction_from_data`` reverses it exactly).

    Example:
        >>> x = Extraction(Document("a", "Hi."), (), (), ())
        >>> extraction_from_data(extraction_to_data(x)) == x
        True
    """
    d = x.document
    return {
        "document": {"id": d.id, "text": d.text, "source": d.source, "title": d.title,
                     "date": d.date, "url": d.url, "skip": [list(s) for s in d.skip]},
        "sentences": [[s.index, s.start, s.end, s.text] for s in x.sentences],
        "mentions": [
            {"id": m.id, "text": m.text, "label": m.label, "span": _span_data(m.span),
             "provenance": _prov_data(m.provenance), "key": m.key, "refers_to": list(m.refers_to)}
            for m in x.mentions
        ],
        "relations": [
            {"subject": r.subject, "predicate": r.predicate, "object": r.object,
             "provenance": _prov_data(r.provenance), "object_is_literal": r.object_is_literal,
             "datatype": r.datatype}
            for r in x.relations
        ],
        "model": x.model,
    }


def extraction_from_data(data: Mapping[str, Any]) -> Extraction:
    """The ``Extraction`` of a dict made by ``extraction_to_data``.

    Raises:
        KeyError: a required field is missing.
    """
    d = data["document"]
    doc = Document(id=d["id"], text=d["text"], source=d.get("source", ""), title=d.get("title"),
                   date=d.get("date"), url=d.get("url"),
                   skip=tuple((int(a), int(b)) for a, b in d.get("skip", ())))
    return Extraction(
        document=doc,
        sentences=tuple(Sentence(doc.id, i, s, e, t) for i, s, e, t in data["sentences"]),
        mentions=tuple(
            Mention(m["id"], m["text"], m["label"], _span(m["span"]), _prov(m["provenance"]),
                    m.get("key"), tuple(m.get("refers_to", ())))
            for m in data["mentions"]
        ),
        relations=tuple(
            MentionRelation(r["subject"], r["predicate"], r["object"], _prov(r["provenance"]),
                            r.get("object_is_literal", False), r.get("datatype"))
            for r in data["relations"]
        ),
        model=data.get("model", ""),
    )


# -- the state on disk ---------------------------------------------------------------


@dataclass(frozen=True)
class State:
    """The extractions of an output folder and the settings of the run that wrote them."""

    extractions: tuple[Extraction, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def hashes(self) -> dict[str, str]:
        """Document id -> content hash."""
        return {x.document.id: x.document.content_hash for x in self.extractions}


def _file_name(doc_id: str, content_hash: str) -> str:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in doc_id)[:60].lstrip(".")
    return f"{safe}-{stable_hash(doc_id, length=8)}-{content_hash}.json"


def write_bytes_atomic(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename.

    ``sync`` also flushes the file to the disk before the rename (for files whose loss
    in a power cut would matter; a killed process never loses a renamed file).

    Raises:
        OSError: the file could not be written (``path`` is left as it was).
    """
    write_atomic(path, data, sync=sync)


def _dumps(data: Any, *, indent: int | None = None) -> bytes:
    # one line (json's C encoder; an indent would make it use the Python one, 5x slower)
    return json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=True,
                      separators=(",", ":") if indent is None else None).encode("utf-8")


@dataclass(frozen=True)
class Manifest:
    """The manifest of an output folder: what its state holds, without the extractions.

    Attributes:
        documents: doc id -> ``{"hash": content hash, "file": extraction file name}``.
        settings: the options of the run that wrote it.
        graphs: named graph IRI -> digest of its quads (what the store holds).
    """

    documents: dict[str, dict[str, str]] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    graphs: dict[str, str] = field(default_factory=dict)

    @property
    def hashes(self) -> dict[str, str]:
        """Document id -> content hash."""
        return {d: e["hash"] for d, e in self.documents.items()}


def text_hash(text: str) -> str:
    """The digest of a document's text alone (content-identical documents share it).

    Example:
        >>> text_hash("Same words.") == text_hash("Same words.") != text_hash("Other words.")
        True
    """
    return stable_hash(text, length=16)


def read_manifest(out_dir: str | Path) -> Manifest:
    """The manifest of ``out_dir`` (empty when there is none).

    Raises:
        InputError: the manifest is unreadable or of another version.
    """
    manifest = state_dir(out_dir) / "manifest.json"
    if not manifest.exists():
        return Manifest()
    try:
        data = json.loads(manifest.read_text("utf-8"))
        docs = {str(k): {"hash": str(v["hash"]), "file": str(v["file"]),
                         **({"text": str(v["text"])} if "text" in v else {})}
                for k, v in data.get("documents", {}).items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise InputError(str(manifest), f"unreadable build state ({err}); "
                         "rebuild with 'kg build --fresh'") from None
    if data.get("format") != FORMAT_VERSION:
        raise InputError(str(manifest), f"build state format {data.get('format')!r}, expected "
                         f"{FORMAT_VERSION!r}; rebuild with 'kg build --fresh'")
    return Manifest(docs, dict(data.get("settings", {})), dict(data.get("graphs", {})))


def read_extraction(out_dir: str | Path, doc_id: str, entry: Mapping[str, str]) -> Extraction:
    """The saved extraction of document ``doc_id`` (its manifest ``entry``).

    Raises:
        InputError: the file is unreadable, or is not of the content the manifest says.
    """
    path = state_dir(out_dir) / "extractions" / entry["file"]
    try:
        x = extraction_from_data(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise InputError(str(path), f"unreadable extraction of document '{doc_id}' ({err}); "
                         "rebuild with 'kg build --fresh'") from None
    if x.document.content_hash != entry["hash"]:
        raise InputError(str(path), f"content hash {x.document.content_hash} does not match "
                         f"the manifest's {entry['hash']}; rebuild with 'kg build --fresh'")
    return x


def read_state(out_dir: str | Path) -> State:
    """The state saved in ``out_dir`` (empty when there is none).

    Raises:
        InputError: the manifest or an extraction file is unreadable or of another version.
    """
    m = read_manifest(out_dir)
    out = [read_extraction(out_dir, d, e) for d, e in sorted(m.documents.items())]
    return State(tuple(out), m.settings)


def save_extraction(out_dir: str | Path, x: Extraction) -> dict[str, str]:
    """Save ``x`` under its id and content hash (nothing the manifest lists is touched);
    returns its manifest entry (content hash, file name and ``text_hash``).

    Raises:
        OSError: the file could not be written.
    """
    d = x.document
    name = _file_name(d.id, d.content_hash)
    path = state_dir(out_dir) / "extractions" / name
    blob = _dumps(extraction_to_data(x))
    if not path.exists() or path.read_bytes() != blob:
        write_bytes_atomic(path, blob, sync=False)
    return {"hash": d.content_hash, "file": name, "text": text_hash(d.text)}


def saved_extraction(out_dir: str | Path, document: Document) -> Extraction | None:
    """An extraction of exactly ``document`` saved by an earlier (perhaps stopped) build,
    or ``None``."""
    name = _file_name(document.id, document.content_hash)
    path = state_dir(out_dir) / "extractions" / name
    if not path.is_file():
        return None
    try:
        x = extraction_from_data(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return x if x.document == document else None


def stage_manifest(out_dir: str | Path, documents: Mapping[str, Mapping[str, str]], *,
                   settings: Mapping[str, Any] | None = None,
                   graphs: Mapping[str, str] | None = None) -> Path:
    """Write the manifest listing ``documents`` (id -> entry from ``save_extraction``) to
    a temporary file beside ``manifest.json``, for the caller to rename into place; its path.

    Raises:
        OSError: the file could not be written (none is left).
    """
    root = state_dir(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    docs = {k: dict(documents[k]) for k in sorted(documents)}
    data = _dumps({"format": FORMAT_VERSION, "settings": dict(settings or {}),
                   "graphs": dict(sorted((graphs or {}).items())), "documents": docs}, indent=1)
    return write_beside(root / "manifest.json", data, sync=True)


def prune_extractions(out_dir: str | Path, documents: Mapping[str, Mapping[str, str]]) -> None:
    """Delete the extraction files that ``documents`` (the manifest's entries) do not list,
    and stray temporary files."""
    keep = {e["file"] for e in documents.values()}
    folder = state_dir(out_dir) / "extractions"
    if folder.is_dir():
        for p in folder.iterdir():
            if p.name not in keep and (p.suffix == ".json" or p.name.endswith(".tmp")):
                p.unlink(missing_ok=True)


def write_manifest(out_dir: str | Path, documents: Mapping[str, Mapping[str, str]], *,
                   settings: Mapping[str, Any] | None = None,
                   graphs: Mapping[str, str] | None = None) -> Path:
    """Write the manifest listing ``documents`` (id -> entry from ``save_extraction``),
    then delete the extraction files it no longer lists (and stray temporary files).

    Raises:
        OSError: the manifest could not be written (the previous one stays valid).
    """
    manifest = state_dir(out_dir) / "manifest.json"
    os.replace(stage_manifest(out_dir, documents, settings=settings, graphs=graphs), manifest)
    prune_extractions(out_dir, documents)
    return manifest


def write_state(out_dir: str | Path, extractions: Iterable[Extraction], *,
                settings: Mapping[str, Any] | None = None,
                graphs: Mapping[str, str] | None = None) -> Path:
    """Save ``extractions`` (replacing the whole state) and return the manifest's path.

    Extraction files are written first, the manifest last; files no longer listed are
    deleted only after the new manifest is in place.

    Raises:
        OSError: a file could not be written (the previous manifest stays valid).
    """
    docs = {x.document.id: save_extraction(out_dir, x) for x in extractions}
    return write_manifest(out_dir, docs, settings=settings, graphs=graphs)


def documents_of(extractions: Sequence[Extraction]) -> list[str]:
    """The sorted document ids of ``extractions``."""
    return sorted(x.document.id for x in extractions)
