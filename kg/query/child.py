"""Run work that may not end, or may crash, in a child process with a deadline.

The Oxigraph engine cannot be interrupted while it evaluates a query (a cross product, a
sort), and a query that overflows its stack takes the whole process down.  ``in_child``
runs a function in a forked child (spawned where there is no fork) and kills the child
at the deadline; the caller gets a ``QueryError`` with a one-line message either way.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from kg.errors import KGError, QueryError, QueryTimeoutError

__all__ = ["in_child"]

T = TypeVar("T")


def in_child(fn: Callable[..., T], *args: Any, timeout: float) -> T:
    """``fn(*args)``, run in a child process that is killed after ``timeout`` seconds.

    ``fn`` and its result must be picklable where processes are spawned (a module-level
    function; plain data).

    Raises:
        QueryTimeoutError: ``fn`` had not returned within ``timeout`` seconds.
        QueryError: ``fn`` raised (the message is its first line) or the child died.

    Example:
        >>> in_child(sum, [1, 2, 3], timeout=10)
        6
        >>> import time
        >>> in_child(time.sleep, 5, timeout=0.2)
        Traceback (most recent call last):
        ...
        kg.errors.QueryTimeoutError: the query did not finish within 0.2 s and was stopped
    """
    methods = multiprocessing.get_all_start_methods()
    ctx: Any = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_run, args=(send, fn, args), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise QueryTimeoutError(f"the query did not finish within {timeout:g} s and was stopped")
        try:
            ok, value = receive.recv()
        except EOFError:  # the child died without an answer
            child.join(5)
            raise QueryError(f"the query engine crashed ({_death(child.exitcode)})") from None
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()
    if not ok:
        raise QueryError(value)
    return value  # type: ignore[no-any-return]


def _run(send: Connection, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """The child: send ``(True, result)`` or ``(False, one-line message)``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        answer: tuple[bool, Any] = (True, fn(*args))
    except (KGError, ImportError) as err:
        answer = (False, _line(err))
    except Exception as err:  # noqa: BLE001  (the engine's own errors: OSError, RuntimeError, ...)
        answer = (False, f"the query failed: {_line(err)}")
    send.send(answer)
    send.close()


def _line(err: BaseException) -> str:
    """The first line of an exception's message (its type when it has none)."""
    lines = str(err).strip().splitlines()
    return lines[0] if lines else type(err).__name__


def _death(code: int | None) -> str:
    """How a child ended, from its exit code.

    Example:
        >>> _death(-11)
        'signal SIGSEGV'
        >>> _death(3)
        'exit code 3'
    """
    if code is not None and code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"
