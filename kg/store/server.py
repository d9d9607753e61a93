"""A SPARQL 1.1 Protocol endpoint over an output folder's store: the official Oxigraph
server (``oxigraph`` on PyPI) run in read-only mode.

Endpoints (GET and POST, content negotiation by ``Accept``)::

    http://127.0.0.1:PORT/query     SPARQL queries (JSON, XML, CSV, TSV; Turtle, N-Triples, ...)
    http://127.0.0.1:PORT/update    refused (403): the server is read-only
    http://127.0.0.1:PORT/store     Graph Store Protocol, reads only

The default graph is the union of the named graphs, as in ``kg query``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from kg.errors import KGError
from kg.store.oxigraph import readable_store, store_path

__all__ = ["Server", "find_server", "free_port", "server_command", "start_server"]


def find_server() -> Path:
    """The ``oxigraph`` executable: next to this Python (a virtualenv's ``bin``) or on PATH.

    Raises:
        ImportError: the server is not installed; the message names the extra.
    """
    here = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    if here.is_file() and os.access(here, os.X_OK):
        return here
    found = shutil.which("oxigraph")
    if found:
        return Path(found)
    raise ImportError("kg serve needs the Oxigraph server: pip install 'kg[store]'")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def server_command(store: str | Path, *, host: str = "127.0.0.1", port: int = 7878,
                   timeout: int | None = None, cors: bool = False) -> list[str]:
    """The command line that serves ``store`` read-only.

    Example:
        >>> server_command("out/store", port=8000)[1:]  # doctest: +NORMALIZE_WHITESPACE
        ['serve-read-only', '--location', 'out/store', '--bind', '127.0.0.1:8000',
         '--union-default-graph']
    """
    cmd = [str(find_server()), "serve-read-only", "--location", str(store), "--bind", f"{host}:{port}",
           "--union-default-graph"]
    if timeout is not None:
        cmd += ["--timeout-s", str(timeout)]
    if cors:
        cmd.append("--cors")
    return cmd


@dataclass
class Server:
    """A running server; ``stop()`` (or leaving a ``with`` block) ends it."""

    process: subprocess.Popen[bytes]
    url: str
    log: IO[bytes] | None = None

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.url}/update"

    def stop(self, timeout: float = 10.0) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        if self.log is not None:
            self.log.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def start_server(out_dir: str | Path, *, host: str = "127.0.0.1", port: int | None = None,
                 wait: float = 20.0, timeout: int | None = None, cors: bool = False) -> Server:
    """Start serving the store of ``out_dir`` and wait until it answers.

    Args:
        out_dir: an output folder of ``kg build``.
        host: the address to listen on (keep the default unless you mean to share it).
        port: the port (a free one when None).
        wait: seconds to wait for the server to answer.
        timeout: per-query timeout in seconds (none by default).
        cors: allow cross-origin requests (for browser clients on other origins).

    Raises:
        KGError: there is no store in ``out_dir``, or the server did not start.
        ImportError: the Oxigraph server is not installed.
    """
    store = readable_store(out_dir)  # changes nothing: a build may be swapping the store
    if store is None:
        raise KGError(f"no store in '{out_dir}' (expected {store_path(out_dir)}); "
                      f"run 'kg build INPUT --out {out_dir}' first")
    port = port or free_port(host)
    log = tempfile.TemporaryFile()  # a file, not a pipe: a chatty server never blocks
    proc = subprocess.Popen(server_command(store, host=host, port=port, timeout=timeout, cors=cors),
                            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    server = Server(proc, f"http://{host}:{port}", log)
    deadline = time.monotonic() + wait
    probe = f"{server.query_url}?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            err = log.read().decode("utf-8", "replace").strip()
            server.stop()
            raise KGError(f"the Oxigraph server stopped at start-up: {err or 'no message'}")
        try:
            with urllib.request.urlopen(probe, timeout=1.0) as r:
                if r.status == 200:
                    return server
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    server.stop()
    raise KGError(f"the Oxigraph server did not answer on {server.url} within {wait:.0f} s")
