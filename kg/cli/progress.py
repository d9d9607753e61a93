"""What a long command is doing, on stderr: a live bar on a terminal, plain lines otherwise.

On a terminal the bar names the stage (``parse/extract``, ``resolve``, ``write``,
``store``) and counts documents while they are parsed.  Without one (a pipe, a log file, a
batch job), one line is printed as each stage begins and then every ``every`` seconds
(``KG_PROGRESS_EVERY``, 10 by default) while it runs::

    kg build: parse/extract 0/60 documents (0 s)
    kg build: parse/extract 32/60 documents (10 s)
    kg build: resolve (18 s)
    kg build: write (21 s)
    kg build: store (22 s)

No thread runs while documents are parsed (worker processes are forked then): during that
stage the bar is redrawn and the lines are printed as batches arrive; in the later stages a
thread keeps them coming.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

EVERY = 10.0  # seconds between plain lines
LABELS = {"read": "read", "extract": "parse/extract", "resolve": "resolve", "write": "write",
          "store": "store", "viz": "draw"}


class _DocsPerSecond(ProgressColumn):
    """The documents done per second so far."""

    def render(self, task: Any) -> Text:
        if not task.elapsed or not task.completed:
            return Text("- docs/s", style="progress.data.speed")
        return Text(f"{task.completed / task.elapsed:,.1f} docs/s", style="progress.data.speed")


def every_seconds() -> float:
    """Seconds between plain progress lines: ``KG_PROGRESS_EVERY`` when it is a positive
    number, else ``EVERY``.

    Example:
        >>> os.environ["KG_PROGRESS_EVERY"] = "0.5"; every_seconds()
        0.5
        >>> os.environ["KG_PROGRESS_EVERY"] = "soon"; every_seconds()
        10.0
        >>> del os.environ["KG_PROGRESS_EVERY"]
    """
    try:
        value = float(os.environ.get("KG_PROGRESS_EVERY", EVERY))
    except ValueError:
        return EVERY
    return value if value > 0 else EVERY


class StageProgress:
    """Follows a build's stages (``stage``) and documents (``docs``); a context manager.

    ``live``: draw a bar (stderr is a terminal); else, unless ``quiet``, print plain lines
    every ``every`` seconds.
    """

    def __init__(self, err: Console, *, command: str, quiet: bool, every: float | None = None) -> None:
        self.err = err
        self.command = command
        self.live = not quiet and err.is_terminal
        self.plain = not quiet and not err.is_terminal
        self.every = every or every_seconds()
        self.start = time.monotonic()
        self.name = ""
        self.done: int | None = None
        self.total: int | None = None
        self._said = 0.0  # when the last plain line was printed
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._ticker: threading.Thread | None = None
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), _DocsPerSecond(),
                   TimeElapsedColumn())
        # refreshed from the calling thread while worker processes are forked
        self.bar = Progress(*columns, console=err, disable=not self.live, transient=True, auto_refresh=False)
        self.task = self.bar.add_task("read", total=None)

    def __enter__(self) -> StageProgress:
        self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        self.bar.__exit__(None, None, None)

    def stage(self, name: str) -> None:
        """A stage begins (``kg.builder.STAGES``); the stage already shown is not repeated."""
        if LABELS.get(name, name) == self.name:
            return
        with self._lock:
            self.name = LABELS.get(name, name)
            self.bar.update(self.task, description=self.name, refresh=True)
            if name != "extract":  # its first line comes with its count (``docs``)
                self._say()
        if name not in ("read", "extract") and self._ticker is None and (self.live or self.plain):
            # the workers are done: a thread may now keep the bar or the lines going
            self._ticker = threading.Thread(target=self._tick, name="kg-progress", daemon=True)
            self._ticker.start()

    def docs(self, done: int, total: int) -> None:
        """``done`` of ``total`` documents are parsed and extracted."""
        with self._lock:
            self.done, self.total = done, total
            self.bar.update(self.task, completed=done, total=total, refresh=True)
            if done in (0, total) or time.monotonic() - self._said >= self.every:
                self._say()

    def _say(self) -> None:
        if not self.plain:
            return
        now = time.monotonic()
        count = f" {self.done}/{self.total} documents" if self.name == LABELS["extract"] else ""
        self.err.print(f"{self.command}: {self.name}{count} ({now - self.start:.0f} s)", highlight=False,
                       soft_wrap=True)
        self._said = now

    def _tick(self) -> None:
        step = min(self.every, 0.5)
        while not self._stop.wait(step):
            with self._lock:
                if self.live:
                    self.bar.refresh()
                elif time.monotonic() - self._said >= self.every:
                    self._say()
