"""Changing every output of a folder together: stage aside, commit, swap in.

A build (or a removal) writes each of its outputs beside its place first: the exports
and the manifest to temporary files (``.graph.ttl.XXXX.tmp``), the store to
``DIR/.store.new``.  Once all of them are complete, it writes the journal
``DIR/.kg/commit.json`` listing what goes where (the commit point, written atomically
and flushed to the disk), moves each staged output into place (store first, the
manifest last) and deletes the journal.

So a run killed at any moment leaves either the old set of outputs (killed before the
journal: the staged files are left over) or the new one (killed after it: the journal
says how to finish).  The next run, holding the folder's lock (``kg.store.lock``), calls
``recover_folder`` first: it finishes a committed swap, then removes what a killed run
left (temporary files, ``.store.new``, ``.store.old``).  Extractions saved by a killed
build are kept: the next build of the same documents reads them.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from kg.store.oxigraph import STORE_DIR, recover_store, swap_store
from kg.store.state import STATE_DIR, write_bytes_atomic

__all__ = ["JOURNAL", "commit", "finish_commit", "recover_folder"]

JOURNAL = "commit.json"


def _journal(out: Path) -> Path:
    return out / STATE_DIR / JOURNAL


def _rel(out: Path, p: Path) -> str:
    return os.path.relpath(p, out)


def commit(out_dir: str | Path, moves: Sequence[tuple[Path, Path]], *, store: bool) -> None:
    """Move staged files into place (``moves``: staged file -> its place) and, when
    ``store``, the staged store ``DIR/.store.new`` into ``DIR/store``: all of them, or
    (when killed before the journal is written) none.

    Raises:
        OSError: the journal could not be written (nothing was moved) or a move failed
            (the next run, or ``finish_commit``, completes it).
    """
    out = Path(out_dir)
    data = {"moves": [[_rel(out, src), _rel(out, dst)] for src, dst in moves], "store": store}
    write_bytes_atomic(_journal(out), json.dumps(data, indent=1).encode("utf-8"))
    finish_commit(out)


def finish_commit(out_dir: str | Path) -> bool:
    """Carry out the journal of ``out_dir``, if any (each step is done once: a move whose
    staged file is gone was done), then delete it; whether there was one.

    Raises:
        OSError: a move failed (the journal stays, for the next try).
    """
    out = Path(out_dir)
    journal = _journal(out)
    try:
        data = json.loads(journal.read_text("utf-8"))
    except FileNotFoundError:
        return False
    except ValueError:  # never half-written (atomic), but be safe: treat it as not committed
        journal.unlink(missing_ok=True)
        return False
    if data.get("store"):
        swap_store(out / f".{STORE_DIR}.new", out / STORE_DIR)
    for src, dst in data.get("moves", []):
        if (out / src).exists():
            os.replace(out / src, out / dst)
    journal.unlink(missing_ok=True)
    return True


def _size(p: Path) -> int:
    if p.is_file():
        return p.stat().st_size
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file())


def _leftovers(out: Path) -> list[Path]:
    """What a killed run leaves in ``out``: temporary files and staged or old stores."""
    found = [p for p in (out / f".{STORE_DIR}.new", out / f".{STORE_DIR}.old") if p.exists()]
    for folder in (out, out / STATE_DIR, out / STATE_DIR / "extractions"):
        if folder.is_dir():
            found += sorted(p for p in folder.iterdir()
                            if p.name.startswith(".") and p.name.endswith(".tmp") and p.is_file())
    return found


def recover_folder(out_dir: str | Path) -> list[str]:
    """Put ``out_dir`` back in order after a run that was killed: finish its committed
    swap, remove its temporary files and stores; what was done, one line each.

    Call it only while holding the folder's lock (``folder_lock``): the files of a run
    in progress look the same.

    Raises:
        OSError: a file could not be moved or removed.
    """
    out = Path(out_dir)
    notes = []
    if finish_commit(out):
        notes.append(f"{out}: finished writing the outputs of a run that was stopped")
    recover_store(out / STORE_DIR)  # an old store left aside between two renames
    gone = _leftovers(out)
    if gone:
        size = sum(_size(p) for p in gone)
        for p in gone:
            if p.is_dir():
                shutil.rmtree(p)
            else:
                p.unlink(missing_ok=True)
        names = ", ".join(p.name for p in gone[:3]) + (f" and {len(gone) - 3} more" if len(gone) > 3 else "")
        notes.append(f"{out}: removed what a stopped run left ({names}; {size / 1e6:.1f} MB)")
    return notes
