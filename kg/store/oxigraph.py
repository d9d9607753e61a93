"""The embedded Oxigraph store of an output folder (``DIR/store``).

The store holds the same triples as ``graph.nt``, spread over named graphs (see
``kg.graph.quads``); query it with the default graph as the union of all graphs.

Writing never touches the live store: a new store is bulk-loaded from the build's
N-Quads file beside it (``DIR/.store.new``) and renamed into place with the other
outputs (``kg.store.commit``).  When the digests of the named graphs say nothing
changed, nothing is written.  Readers never change the folder: ``open_store`` opens
whichever complete store is there (``store``, or the old one while a swap is under
way) and keeps reading it consistently after a swap.  A read-only server running on
the old store keeps its open files; restart it to see the new data.
"""

from __future__ import annotations

import itertools
import os
import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import ExportError, KGError

__all__ = [
    "STORE_DIR",
    "StoreChanges",
    "import_pyoxigraph",
    "load_store",
    "open_store",
    "ox_term",
    "readable_store",
    "recover_store",
    "stage_store",
    "staged_store_path",
    "store_changes",
    "store_path",
    "swap_store",
    "write_store",
]

STORE_DIR = "store"
BULK_LOAD_LINES = 50_000  # N-Quads lines given to the bulk loader at a time
OPEN_TRIES = 5  # a reader's tries at opening a store that a build is swapping


def import_pyoxigraph() -> Any:
    """The ``pyoxigraph`` module.

    Raises:
        ImportError: pyoxigraph is not installed; the message names the extra to install.
    """
    try:
        import pyoxigraph
    except ImportError:
        raise ImportError("the store needs pyoxigraph: pip install 'kg[store]'") from None
    return pyoxigraph


def store_path(out_dir: str | Path) -> Path:
    """The store folder inside the output folder ``out_dir``."""
    return Path(out_dir) / STORE_DIR


def staged_store_path(path: Path) -> Path:
    """Where the store at ``path`` is built before it is swapped in (``.store.new``)."""
    return path.with_name(f".{path.name}.new")


def _old_store_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.old")


def readable_store(out_dir: str | Path) -> Path | None:
    """The complete store to read in ``out_dir``: ``store``, or the old store while a
    build swaps them (or after a build was killed between the two renames); ``None``
    when there is none.  Nothing is changed (readers take no lock)."""
    path = store_path(out_dir)
    for p in (path, _old_store_path(path)):
        if p.is_dir():
            return p
    return None


def open_store(out_dir: str | Path) -> Any:
    """The store of ``out_dir``, opened read-only (other readers, e.g. a server, may share it).

    A store that a build swaps while it is being opened is opened again (the build's
    new one); once open, it keeps reading the same data.

    Raises:
        KGError: there is no store in ``out_dir`` (run ``kg build`` first), or it
            cannot be opened.
        ImportError: pyoxigraph is not installed.
    """
    ox = import_pyoxigraph()
    problem: Exception | None = None
    for attempt in range(OPEN_TRIES):
        path = readable_store(out_dir)
        if path is None:
            if attempt:  # it was there a moment ago: a swap under way
                time.sleep(0.05 * attempt)
                continue
            raise KGError(f"no store in '{out_dir}' (expected {store_path(out_dir)}); "
                          f"run 'kg build INPUT --out {out_dir}' first")
        try:
            before = path.stat().st_ino
            store = ox.Store.read_only(str(path))
            if path.stat().st_ino == before:  # not swapped while its files were opened
                return store
            del store
        except (OSError, RuntimeError) as err:  # RocksDB: "Corruption: Mismatch in unique ID"
            problem = err                        # when the folder changed under the open
        time.sleep(0.05 * (attempt + 1))
    raise KGError(f"cannot open the store {store_path(out_dir)}: {problem or 'it is being replaced'}")


class _Terms:
    """rdflib term -> pyoxigraph term, with IRIs cached (graphs repeat them a lot)."""

    def __init__(self, ox: Any) -> None:
        self.ox = ox
        self.iris: dict[str, Any] = {}

    def iri(self, value: str) -> Any:
        node = self.iris.get(value)
        if node is None:
            node = self.iris[value] = self.ox.NamedNode(value)
        return node

    def __call__(self, t: Node) -> Any:
        if isinstance(t, URIRef):
            return self.iri(str(t))
        if isinstance(t, Literal):
            if t.language:
                return self.ox.Literal(str(t), language=t.language)
            if t.datatype is not None:
                return self.ox.Literal(str(t), datatype=self.iri(str(t.datatype)))
            return self.ox.Literal(str(t))
        if isinstance(t, BNode):
            return self.ox.BlankNode(str(t))
        raise TypeError(f"cannot store RDF term {t!r} of type {type(t).__name__}")


def ox_term(t: Node) -> Any:
    """The pyoxigraph term of an rdflib term.

    Raises:
        TypeError: ``t`` is not an IRI, literal or blank node.
        ImportError: pyoxigraph is not installed.
    """
    return _Terms(import_pyoxigraph())(t)


@dataclass(frozen=True)
class StoreChanges:
    """What ``write_store`` did: the named graphs replaced, added and dropped."""

    replaced: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    quads: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.replaced or self.added or self.removed)


def store_changes(graphs: Mapping[str, str], previous: Mapping[str, str], quads: int = 0) -> StoreChanges:
    """The named graphs added, removed and replaced between two digest maps (graph IRI ->
    digest of its content).

    Example:
        >>> store_changes({"a": "1", "b": "2"}, {"b": "3", "c": "4"})
        StoreChanges(replaced=('b',), added=('a',), removed=('c',), quads=0)
    """
    return StoreChanges(
        replaced=tuple(sorted(g for g in graphs if g in previous and previous[g] != graphs[g])),
        added=tuple(sorted(g for g in graphs if g not in previous)),
        removed=tuple(sorted(g for g in previous if g not in graphs)),
        quads=quads,
    )


def recover_store(path: Path) -> None:
    """Finish a swap interrupted between its two renames (the old store is put back).
    For writers only, holding the folder's lock."""
    if path.exists():
        return
    old = _old_store_path(path)
    if old.is_dir():
        os.replace(old, path)


def load_store(new: Path, nquads: str | Path) -> None:
    """Bulk-load the N-Quads file ``nquads`` into a new store at ``new`` (replaced).

    Raises:
        OSError, ValueError, SyntaxError: the store could not be written.
    """
    ox = import_pyoxigraph()
    shutil.rmtree(new, ignore_errors=True)
    store = ox.Store(str(new))
    # the bulk loader writes sorted files straight into the database: no write-ahead log,
    # no memtable to flush (an extend() + flush() of ~1M quads left 68% of the folder in
    # recycled logs, and flush() can wait forever on RocksDB's write-stall check).  It
    # holds up to a million quads per thread in memory, so it is given the file a
    # slice at a time (723k quads: 629 MiB more at once, 97 MiB in slices of 50k,
    # and faster: 3.8 s against 5.4 s); the slices' overlapping files are then merged
    # (optimize: without it the shipped queries ran 1.5-1.8x slower at 200k quads).
    with open(nquads, "rb") as f:
        while chunk := b"".join(itertools.islice(f, BULK_LOAD_LINES)):
            store.bulk_load(input=chunk, format=ox.RdfFormat.N_QUADS)
    store.optimize()
    del store  # closes the database


def stage_store(path: str | Path, nquads: str | Path, *, graphs: Mapping[str, str],
                previous: Mapping[str, str] | None, quads: int = 0) -> StoreChanges:
    """Build the store that ``path`` should hold (the quads of the N-Quads file ``nquads``)
    beside it, at ``staged_store_path(path)``, for ``swap_store`` to put in place; the live
    store is not touched.  When the digests say nothing changed and the store is there,
    nothing is written (and nothing is staged).

    Args:
        path: the store folder.
        nquads: an N-Quads file, every quad in a named graph.
        graphs: named graph IRI -> digest of its quads in ``nquads``.
        previous: the same map for what the store at ``path`` holds (``None``: unknown).
        quads: the number of quads in ``nquads`` (reported back).

    Raises:
        ExportError: the store could not be written (nothing is left staged).
        ImportError: pyoxigraph is not installed.
    """
    import_pyoxigraph()
    path = Path(path)
    new = staged_store_path(path)
    shutil.rmtree(new, ignore_errors=True)  # what a killed run staged
    if not path.is_dir():
        changes = StoreChanges(added=tuple(sorted(graphs)), quads=quads)
    elif previous is None:  # a store of unknown content: every graph is rewritten
        changes = StoreChanges(replaced=tuple(sorted(graphs)), quads=quads)
    else:
        changes = store_changes(graphs, previous, quads)
        if not changes.changed:
            return changes
    try:
        load_store(new, nquads)
    except (OSError, ValueError, SyntaxError) as err:
        shutil.rmtree(new, ignore_errors=True)
        raise ExportError(f"{path}: cannot write the store ({err})") from None
    return changes


def swap_store(new: Path, path: Path) -> None:
    """Put the staged store ``new`` in place of ``path`` (the old one is deleted).  Done
    again after an interruption, it finishes the swap (nothing staged: nothing to do).

    Raises:
        OSError: a rename failed.
    """
    old = _old_store_path(path)
    if new.is_dir():
        if path.exists():
            shutil.rmtree(old, ignore_errors=True)
            os.replace(path, old)
        os.replace(new, path)
    shutil.rmtree(old, ignore_errors=True)


def write_store(path: str | Path, nquads: str | Path, *, graphs: Mapping[str, str],
                previous: Mapping[str, str] | None, quads: int = 0) -> StoreChanges:
    """Make the store at ``path`` hold exactly the quads of the N-Quads file ``nquads``
    (``stage_store``, then ``swap_store``; a build swaps with its other outputs instead).

    Raises:
        ExportError: the store could not be written; the previous store is left as it was.
        ImportError: pyoxigraph is not installed.
    """
    path = Path(path)
    recover_store(path)
    changes = stage_store(path, nquads, graphs=graphs, previous=previous, quads=quads)
    new = staged_store_path(path)
    if new.is_dir():
        try:
            swap_store(new, path)
        except OSError as err:
            shutil.rmtree(new, ignore_errors=True)
            raise ExportError(f"{path}: cannot write the store ({err})") from None
    return changes
