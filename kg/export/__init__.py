"""Exporters, one module per format, registered by name in ``kg.registry.exporters``.

Each module has ``write_<fmt>(graph, stream)`` (binary stream).  The RDF formats are
written by pyoxigraph from the graph's quads (``KnowledgeGraph.quad_blocks``): no rdflib
``Graph`` is built to write a file.  GraphML goes through networkx (with lxml).

Writing to a path goes through a temporary file in the same folder and an atomic rename,
so an interrupted run never leaves a half-written file; ``write_all`` renames its files
only once every one of them is written.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from kg.errors import ExportError, UnknownNameError
from kg.export import graphml, jsonld, nquads, ntriples, turtle  # noqa: F401  (register exporters)
from kg.files import write_beside
from kg.registry import exporters

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph

SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "jsonld",
            ".graphml": "graphml"}
# what ``write_all`` writes: N-Quads and N-Triples from the graph, the others from N-Triples
DEFAULT_FILES = {"nquads": "graph.nq", "nt": "graph.nt", "turtle": "graph.ttl", "jsonld": "graph.jsonld",
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


def _format_of(path: Path, format: str | None) -> str:
    fmt = format or SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise UnknownNameError("export format for suffix", path.suffix, SUFFIXES)
    return fmt


def _write_tmp(graph: Any, path: Path, fmt: str) -> str:
    """Write ``graph`` in ``fmt`` to a new temporary file beside ``path``; its name."""
    writer = _writer(fmt)
    return str(write_beside(path, lambda f: writer(graph, f)))


def _failed(path: Path, err: Exception) -> ExportError:
    if isinstance(err, OSError):
        return ExportError(f"{path}: cannot write ({err.strerror or err})")
    return ExportError(f"{path}: cannot write ({type(err).__name__}: {err})")


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
    fmt = _format_of(path, format)
    try:
        os.replace(_write_tmp(graph, path, fmt), path)
    except (OSError, ValueError) as err:
        raise _failed(path, err) from None


class _Written:
    """A graph read back from the N-Triples file just written: the same triples, in the
    same order, without running the graph layer again."""

    def __init__(self, graph: Any, nt_path: str) -> None:
        self.graph = graph
        self.path = nt_path
        self.base = graph.base

    def triples(self) -> Iterator[Any]:
        import pyoxigraph as ox

        return iter(ox.parse(path=self.path, format=ox.RdfFormat.N_TRIPLES))

    def quads(self) -> Iterator[Any]:
        return self.graph.quads()

    def quad_blocks(self) -> Iterator[tuple[str, list[Any]]]:
        return self.graph.quad_blocks()

    def to_networkx(self) -> Any:
        return self.graph.to_networkx()


@dataclass(frozen=True)
class Files:
    """What ``write_files`` wrote: format -> path, and of the N-Quads file, the digest of
    each named graph and the number of quads."""

    paths: dict[str, Path]
    graphs: dict[str, str] = field(default_factory=dict)
    quads: int = 0


def _tmp_beside(path: Path) -> str:
    return str(write_beside(path))  # empty: pyoxigraph writes it


@dataclass(frozen=True)
class Staged:
    """What ``stage_files`` wrote: the files (at their final paths) and, for each, the
    temporary file beside it that holds its new content: ``moves`` (temporary -> final)."""

    files: Files
    moves: tuple[tuple[Path, Path], ...]

    def discard(self) -> None:
        """Delete the temporary files (the outputs stay as they were)."""
        for tmp, _ in self.moves:
            Path(tmp).unlink(missing_ok=True)


def stage_files(graph: KnowledgeGraph, out_dir: str | Path, *, formats: dict[str, str] | None = None,
                with_nquads: Callable[[str, dict[str, str], int], Any] | None = None,
                files_done: Callable[[], None] | None = None) -> Staged:
    """Write every default format (``DEFAULT_FILES``) beside its place in ``out_dir``, to
    temporary files that ``write_files`` (or a build's commit) renames into place.

    The graph's quads are made once: ``graph.nq`` and ``graph.nt`` are written together
    from them, and the other RDF files from ``graph.nt``.

    Args:
        graph: the graph.
        out_dir: the folder.
        formats: format -> file name (default ``DEFAULT_FILES``; N-Quads needed).
        with_nquads: run in a thread with the path of the finished N-Quads file, the digest
            of each named graph and the number of quads, while the other files are written
            (the build loads its store from it); waited for before returning, and
            its exception stops the write.
        files_done: called once every file is written, before waiting for ``with_nquads``.

    Raises:
        ExportError: a file could not be written (no file of ``out_dir`` was changed, and
            no temporary file is left).
    """
    import threading

    from kg.export.nquads import write_nquads_digests

    files = dict(formats or DEFAULT_FILES)
    if "nquads" not in files:
        raise ValueError("write_files writes N-Quads first; add 'nquads' to the formats")
    out = Path(out_dir)
    tmps: dict[str, tuple[str, Path]] = {}
    side: list[BaseException] = []
    worker: threading.Thread | None = None
    done = False
    try:
        nq_path = out / files.pop("nquads")
        nt_path = out / files.pop("nt") if "nt" in files else None
        tmps["nquads"] = (_tmp_beside(nq_path), nq_path)
        if nt_path is not None:
            tmps["nt"] = (_tmp_beside(nt_path), nt_path)
        try:
            with open(tmps["nquads"][0], "wb") as f, \
                    (open(tmps["nt"][0], "wb") if nt_path else contextlib.nullcontext()) as t:
                digests, count = write_nquads_digests(graph, f, t)
        except (OSError, ValueError) as err:
            raise _failed(nq_path, err) from None
        if with_nquads is not None:
            def job(path: str = tmps["nquads"][0]) -> None:
                try:
                    with_nquads(path, digests, count)
                except BaseException as err:  # re-raised in this thread below
                    side.append(err)

            worker = threading.Thread(target=job, name="kg-with-nquads")
            worker.start()
        source: Any = _Written(graph, tmps["nt"][0]) if nt_path is not None else graph
        for fmt, name in files.items():
            path = out / name
            try:
                tmps[fmt] = (_write_tmp(source, path, fmt), path)
            except (OSError, ValueError) as err:
                raise _failed(path, err) from None
        if files_done is not None:
            files_done()
        if worker is not None:
            worker.join()
            worker = None
            if side:
                raise side[0]
        done = True
    except OSError as err:
        raise ExportError(f"{out}: cannot write ({err.strerror or err})") from None
    finally:
        if worker is not None:
            worker.join()
        if not done:
            for tmp, _ in tmps.values():
                if os.path.exists(tmp):
                    os.unlink(tmp)
    return Staged(Files({fmt: path for fmt, (_, path) in tmps.items()}, digests, count),
                  tuple((Path(tmp), path) for tmp, path in tmps.values()))


def write_files(graph: KnowledgeGraph, out_dir: str | Path, *, formats: dict[str, str] | None = None,
                with_nquads: Callable[[str, dict[str, str], int], Any] | None = None) -> Files:
    """Write every default format (``DEFAULT_FILES``) into ``out_dir`` (``stage_files``).

    Every file goes to a temporary name first, and they are renamed into place only when
    all of them are written: a failure leaves the previous files as they were.

    Raises:
        ExportError: a file could not be written (no file of ``out_dir`` was changed).
    """
    staged = stage_files(graph, out_dir, formats=formats, with_nquads=with_nquads)
    try:
        for tmp, path in staged.moves:
            os.replace(tmp, path)
    except OSError as err:
        raise ExportError(f"{out_dir}: cannot write ({err.strerror or err})") from None
    finally:
        staged.discard()
    return staged.files


def write_all(graph: KnowledgeGraph, out_dir: str | Path) -> dict[str, Path]:
    """Write every default format into ``out_dir`` (see ``write_files``); format -> path.

    Raises:
        ExportError: a file could not be written (no file of ``out_dir`` was changed).
    """
    return write_files(graph, out_dir).paths
