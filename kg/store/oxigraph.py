"""The embedded Oxigraph store of an output folder (``DIR/store``).

The store holds the same triples as ``graph.nt``, spread over named graphs (see
``kg.store.graphs``); query it with the default graph as the union of all graphs.

Writing never touches the live store: the current store is copied (a RocksDB
checkpoint, hard links), only the named graphs whose content changed are replaced in
the copy, and the copy is renamed into place.  When nothing changed, nothing is written.
A read-only server running on the old store keeps its open files; restart it to see
the new data.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
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
    "to_quads",
    "write_store",
]

STORE_DIR = "store"


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


def to_quads(graphs: Mapping[URIRef, Iterable[tuple[Node, Node, Node]]]) -> list[Any]:
    """pyoxigraph ``Quad``s of the rdflib triples in ``graphs`` (graph IRI -> triples).

    Raises:
        ImportError: pyoxigraph is not installed.
    """
    ox = import_pyoxigraph()
    term = _Terms(ox)
    return [ox.Quad(term(s), term(p), term(o), term.iri(str(g)))
            for g, triples in graphs.items() for s, p, o in triples]


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


def _graph_contents(store: Any) -> dict[str, set[Any]]:
    out: dict[str, set[Any]] = {}
    for q in store.quads_for_pattern(None, None, None, None):
        out.setdefault(q.graph_name.value, set()).add(q.triple)
    return out


def recover_store(path: Path) -> None:
    """Finish a swap interrupted between its two renames (the old store is put back)."""
    if path.exists():
        return
    old = path.with_name(f".{path.name}.old")
    if old.is_dir():
        os.replace(old, path)


def write_store(path: str | Path, quads: Iterable[Any]) -> StoreChanges:
    """Make the store at ``path`` hold exactly ``quads``, one named graph at a time.

    Args:
        path: the store folder (created when missing).
        quads: pyoxigraph ``Quad``s, every one in a named graph.

    Returns:
        the graphs that were replaced, added and removed.

    Raises:
        ExportError: the store could not be written; the previous store is left as it was.
        ImportError: pyoxigraph is not installed.
    """
    ox = import_pyoxigraph()
    path = Path(path)
    recover_store(path)
    wanted_store = ox.Store()  # in memory: gives literals their canonical form, as on disk
    wanted_store.extend(quads)
    wanted = _graph_contents(wanted_store)
    del wanted_store
    current: dict[str, set[Any]] = {}
    if path.is_dir():
        try:
            old = ox.Store.read_only(str(path))
            current = _graph_contents(old)
            del old
        except OSError as err:
            raise ExportError(f"{path}: cannot read the existing store ({err})") from None
    added = tuple(sorted(g for g in wanted if g not in current))
    removed = tuple(sorted(g for g in current if g not in wanted))
    replaced = tuple(sorted(g for g in wanted if g in current and current[g] != wanted[g]))
    total = sum(len(v) for v in wanted.values())
    changes = StoreChanges(replaced, added, removed, total)
    if path.is_dir() and not changes.changed:
        return changes
    new = path.with_name(f".{path.name}.new")
    shutil.rmtree(new, ignore_errors=True)
    try:
        if path.is_dir():
            src = ox.Store.read_only(str(path))
            src.backup(str(new))
            del src
        store = ox.Store(str(new))
        for g in (*removed, *replaced):
            store.remove_graph(ox.NamedNode(g))
        for g in (*replaced, *added):
            node = ox.NamedNode(g)
            store.extend(ox.Quad(t.subject, t.predicate, t.object, node) for t in wanted[g])
        store.flush()
        del store
        _swap(new, path)
    except OSError as err:
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
