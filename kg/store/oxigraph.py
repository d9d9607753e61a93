"""The embedded Oxigraph store of an output folder (``DIR/store``).

The store holds the same triples as ``graph.nt``, spread over named graphs (see
``kg.graph.quads``); query it with the default graph as the union of all graphs.

Writing never touches the live store: a new store is bulk-loaded from the build's
N-Quads file beside it and renamed into place.  When the digests of the named graphs
say nothing changed, nothing is written.  A read-only server running on the old store
keeps its open files; restart it to see the new data.
"""

from __future__ import annotations

import itertools
import os
import shutil
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
    "open_store",
    "recover_store",
    "ox_term",
    "store_path",
    "store_changes",
    "write_store",
]

STORE_DIR = "store"
BULK_LOAD_LINES = 50_000  # N-Quads lines given to the bulk loader at a time


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


def open_store(out_dir: str | Path) -> Any:
    """The store of ``out_dir``, opened read-only (other readers, e.g. a server, may share it).

    Raises:
        KGError: there is no store in ``out_dir`` (run ``kg build`` first).
        ImportError: pyoxigraph is not installed.
    """
    ox = import_pyoxigraph()
    path = store_path(out_dir)
    recover_store(path)
    if not path.is_dir():
        raise KGError(f"no store in '{out_dir}' (expected {path}); "
                      f"run 'kg build INPUT --out {out_dir}' first")
    try:
        return ox.Store.read_only(str(path))
    except OSError as err:
        raise KGError(f"cannot open the store {path}: {err}") from None


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
    """Finish a swap interrupted between its two renames (the old store is put back)."""
    if path.exists():
        return
    old = path.with_name(f".{path.name}.old")
    if old.is_dir():
        os.replace(old, path)


def write_store(path: str | Path, nquads: str | Path, *, graphs: Mapping[str, str],
                previous: Mapping[str, str] | None, quads: int = 0) -> StoreChanges:
    """Make the store at ``path`` hold exactly the quads of the N-Quads file ``nquads``.

    The new store is bulk-loaded into a folder beside ``path`` (no write-ahead log, no
    transaction holding the whole graph), closed and renamed into place; the live store
    is never written to.  When the digests say nothing changed and the store
    is there, nothing is written.

    Args:
        path: the store folder (created when missing).
        nquads: an N-Quads file, every quad in a named graph.
        graphs: named graph IRI -> digest of its quads in ``nquads``.
        previous: the same map for what the store at ``path`` holds (``None``: unknown).
        quads: the number of quads in ``nquads`` (reported back).

    Raises:
        ExportError: the store could not be written; the previous store is left as it was.
        ImportError: pyoxigraph is not installed.
    """
    ox = import_pyoxigraph()
    path = Path(path)
    recover_store(path)
    if not path.is_dir():
        changes = StoreChanges(added=tuple(sorted(graphs)), quads=quads)
    elif previous is None:  # a store of unknown content: every graph is rewritten
        changes = StoreChanges(replaced=tuple(sorted(graphs)), quads=quads)
    else:
        changes = store_changes(graphs, previous, quads)
        if not changes.changed:
            return changes
    new = path.with_name(f".{path.name}.new")
    shutil.rmtree(new, ignore_errors=True)
    try:
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
        _swap(new, path)
    except (OSError, ValueError, SyntaxError) as err:
        shutil.rmtree(new, ignore_errors=True)
        raise ExportError(f"{path}: cannot write the store ({err})") from None
    return changes


def _swap(new: Path, path: Path) -> None:
    old = path.with_name(f".{path.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if path.exists():
        os.replace(path, old)
    os.replace(new, path)
    shutil.rmtree(old, ignore_errors=True)
