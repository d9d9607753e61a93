"""Writing files so that a reader never sees half of one: the content goes to a temporary
file beside its place (same folder, so the rename is atomic) and is renamed into place, or
left for the caller to rename with others (``kg.store.commit``).  The one helper of its
kind: exports, pictures, build state and caches all write through it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

__all__ = ["write_atomic", "write_beside"]

Writer = Callable[[BinaryIO], object]


def write_beside(path: str | Path, write: Writer | bytes = b"", *, sync: bool = False) -> Path:
    """Write a new temporary file beside ``path`` (readable by all, like any output) with
    ``write(file)`` or the bytes given; its path.  Nothing is left when writing fails.

    ``sync`` flushes it to the disk too (for files whose loss in a power cut matters).

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> tmp = write_beside(folder / "a.txt", b"new")
        >>> tmp.parent == folder, tmp.name.startswith(".a.txt."), tmp.read_bytes()
        (True, True, b'new')
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            if isinstance(write, bytes):
                f.write(write)
            else:
                write(f)
            if sync:
                f.flush()
                os.fsync(f.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_atomic(path: str | Path, write: Writer | bytes, *, sync: bool = False) -> None:
    """Replace ``path`` with what ``write(file)`` writes (or the bytes given) at once: a
    reader sees the old file or the new one, and a failure leaves the old one.

    Example:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
        >>> write_atomic(path, b"one"); write_atomic(path, lambda f: f.write(b"two"))
        >>> path.read_bytes(), [p.name for p in path.parent.iterdir()]
        (b'two', ['a.txt'])
    """
    tmp = write_beside(path, write, sync=sync)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
