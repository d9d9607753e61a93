"""One writer at a time per output folder: the lock file ``DIR/.kg/lock``.

``kg build`` and ``kg remove`` (``build_folder``, ``remove_documents``) hold the lock of
their output folder from before they read it until everything is written; a second run
into the same folder stops at once with ``FolderLockedError`` naming the owner, or waits
(``wait=True``, ``kg build --wait``).

The lock is a POSIX record lock (``fcntl.lockf``) on the file, which holds the owner's
pid, host, start time and command.  The kernel drops the lock when its process ends, by
any means (``SIGKILL`` included), so a dead owner never blocks the next run: its file is
*stale* and the next run takes it over (``Lock.stale`` tells it what the dead run was).
A record lock, unlike ``flock``, belongs to the process and not to the open file, so
worker processes forked by a build never keep it alive after their parent is killed.

Readers (``kg query``, ``kg serve``) take no lock: they read whatever complete store
is in place (see ``kg.store.commit``).
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kg.errors import FolderLockedError

__all__ = ["LOCK_FILE", "Lock", "Owner", "folder_lock", "lock_path", "read_owner"]

LOCK_FILE = "lock"
POLL_SECONDS = 0.1  # how often a waiting run tries again


@dataclass(frozen=True)
class Owner:
    """Who holds (or held) a folder's lock.

    Example:
        >>> str(Owner(42, "box", "2024-05-01 12:00:03", "kg build"))
        'kg build (pid 42 on box, started 2024-05-01 12:00:03)'
    """

    pid: int
    host: str
    started: str
    command: str = "kg"

    def __str__(self) -> str:
        return f"{self.command} (pid {self.pid} on {self.host}, started {self.started})"

    def to_bytes(self) -> bytes:
        return json.dumps({"pid": self.pid, "host": self.host, "started": self.started,
                           "command": self.command}).encode("utf-8") + b"\n"

    @classmethod
    def of_bytes(cls, data: bytes) -> Owner | None:
        """The owner written in a lock file, or ``None`` (empty or unreadable)."""
        try:
            d = json.loads(data.decode("utf-8"))
            return cls(int(d["pid"]), str(d["host"]), str(d["started"]), str(d.get("command", "kg")))
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


@dataclass(frozen=True)
class Lock:
    """A held lock: this run, and the run that held it last and died (``stale``)."""

    path: Path
    owner: Owner
    stale: Owner | None = None


def lock_path(out_dir: str | Path) -> Path:
    """The lock file of the output folder ``out_dir``."""
    return Path(out_dir) / ".kg" / LOCK_FILE


def read_owner(out_dir: str | Path) -> Owner | None:
    """The owner named in the lock file of ``out_dir`` (held or stale), or ``None``.

    Not to be called by the process that holds the lock: closing any file of a record
    lock releases it.
    """
    try:
        return Owner.of_bytes(lock_path(out_dir).read_bytes())
    except OSError:
        return None


# lock file (resolved) -> [fd, thread ident, depth, Lock]: a process holds a record lock
# once, so the threads of one process are kept apart here (and a thread may re-enter)
_HELD: dict[str, list] = {}  # type: ignore[type-arg]
_GUARD = threading.Lock()


def _try_lock(path: Path, owner: Owner) -> Lock | None:
    """Take the lock file at ``path`` if no other process holds it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as err:
        os.close(fd)
        if err.errno in (errno.EACCES, errno.EAGAIN):
            return None
        raise
    try:
        if os.fstat(fd).st_ino != os.stat(path).st_ino:  # removed and made again meanwhile
            os.close(fd)
            return None
    except FileNotFoundError:
        os.close(fd)
        return None
    stale = Owner.of_bytes(os.pread(fd, 4096, 0))  # a run that ended without unlocking
    os.ftruncate(fd, 0)
    os.pwrite(fd, owner.to_bytes(), 0)
    lock = Lock(path, owner, stale)
    _HELD[str(path)] = [fd, threading.get_ident(), 1, lock]
    return lock


def _acquire(out: Path, owner: Owner, wait: bool | float) -> Lock:
    path = lock_path(out)
    deadline = None if wait is True else time.monotonic() + float(wait or 0)
    while True:
        with _GUARD:
            held = _HELD.get(str(path))
            if held is not None and held[1] == threading.get_ident():
                held[2] += 1
                return held[3]  # type: ignore[no-any-return]
            if held is None:
                path.parent.mkdir(parents=True, exist_ok=True)
                lock = _try_lock(path, owner)
                if lock is not None:
                    return lock
            other = held[3].owner if held is not None else read_owner(out)
        if deadline is not None and time.monotonic() >= deadline:
            who = str(other) if other is not None else "another run"
            raise FolderLockedError(f"'{out}' is being written by {who}; run again once it is done, "
                                    "or add --wait", other)
        time.sleep(POLL_SECONDS)


def _release(path: Path, created: Path | None) -> None:
    with _GUARD:
        held = _HELD[str(path)]
        held[2] -= 1
        if held[2]:
            return
        del _HELD[str(path)]
        fd = held[0]
        os.ftruncate(fd, 0)  # an empty lock file: its owner ended well
        if created is not None and _only_the_lock(created):
            path.unlink(missing_ok=True)  # a folder made for nothing: leave no trace
            for folder in (path.parent, created):
                try:
                    folder.rmdir()
                except OSError:
                    break
        os.close(fd)  # releases the record lock


def _only_the_lock(out: Path) -> bool:
    try:
        return {p.name for p in out.iterdir()} == {".kg"} and \
            {p.name for p in (out / ".kg").iterdir()} == {LOCK_FILE}
    except OSError:
        return False


@contextmanager
def folder_lock(out_dir: str | Path, *, wait: bool | float = False, command: str = "kg") -> Iterator[Lock]:
    """Hold the lock of the output folder ``out_dir`` (created when missing) for the block.

    A thread that holds it may take it again (the outermost release frees it).  When the
    block made the folder and left nothing in it, the folder is removed again.

    Args:
        out_dir: the output folder.
        wait: ``False``: fail at once when another run holds it; ``True``: wait for as
            long as it takes; a number: wait that many seconds at most.
        command: what this run is, for the message another run shows.

    Raises:
        FolderLockedError: another run holds the lock; the message names it (pid, host,
            start time).

    Example:
        >>> import tempfile
        >>> with folder_lock(tempfile.mkdtemp(), command="doctest") as lock:
        ...     lock.owner.command, lock.owner.pid == os.getpid()
        ('doctest', True)
    """
    out = Path(out_dir)
    created = None if out.exists() else out
    owner = Owner(os.getpid(), socket.gethostname(), datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
                  command)
    lock = _acquire(out, owner, wait)
    try:
        yield lock
    finally:
        _release(lock.path, created)
