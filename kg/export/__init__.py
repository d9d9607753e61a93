"""Exporters, one module per format, registered by name in ``kg.registry.exporters``.

Each module has ``write_<fmt>(graph, stream)`` (binary stream) and ``dumps_<fmt>(graph)``.
Writing to a path goes through a temporary file in the same folder and an atomic rename,
so an interrupted run never leaves a half-written file.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING

from kg.errors import ExportError, UnknownNameError
from kg.export import graphml, jsonld, ntriples, turtle  # noqa: F401  (register exporters)
from kg.registry import exporters

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph

SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".jsonld": "jsonld", ".graphml": "graphml"}
DEFAULT_FILES = {"turtle": "graph.ttl", "nt": "graph.nt", "jsonld": "graph.jsonld",
                 "graphml": "graph.graphml"}


def _writer(format: str):  # type: ignore[no-untyped-def]
    try:
        return exporters.get(format)
    except Exception:  # catalogue.RegistryError
        raise UnknownNameError("export format", format, exporters.get_all()) from None


def dumps(graph: KnowledgeGraph, format: str = "turtle") -> str:
    buf = io.BytesIO()
    _writer(format)(graph, buf)
    return buf.getvalue().decode("utf-8")


def write(graph: KnowledgeGraph, destination: str | Path | IO[bytes], format: str | None = None) -> None:
    """Write ``graph`` to a path or binary stream.

    Raises:
        UnknownNameError: the format (or the path's suffix) is not registered.
        ExportError: the file could not be written.
    """
    if not isinstance(destination, (str, Path)):
        _writer(format or "turtle")(graph, destination)
        return
    path = Path(destination)
    fmt = format or SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise UnknownNameError("export format for suffix", path.suffix, SUFFIXES)
    writer = _writer(fmt)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                writer(graph, f)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as err:
        raise ExportError(f"{path}: cannot write ({err.strerror})") from None


def write_all(graph: KnowledgeGraph, out_dir: Path) -> dict[str, Path]:
    """Write every default format into ``out_dir``; returns format -> path."""
    out = {}
    for fmt, name in DEFAULT_FILES.items():
        write(graph, out_dir / name, fmt)
        out[fmt] = out_dir / name
    return out
