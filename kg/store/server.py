"""A SPARQL 1.1 Protocol endpoint over an output folder's store (``kg serve``): the
official Oxigraph server (``oxigraph`` on PyPI) in read-only mode, behind a front that
refuses hostile queries and stops slow ones (``kg.store.endpoint``).

Endpoints (GET and POST, content negotiation by ``Accept``)::

    http://127.0.0.1:PORT/query     SPARQL queries (JSON, XML, CSV, TSV; Turtle, N-Triples, ...)
    http://127.0.0.1:PORT/update    refused (403): the server is read-only
    http://127.0.0.1:PORT/store     Graph Store Protocol, reads only

The default graph is the union of the named graphs, as in ``kg query``.  ``start_server``
runs ``kg serve`` in a child process (for tests and notebooks); ``server_command`` is the
command line of the Oxigraph backend.
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

__all__ = ["Server", "find_server", "free_port", "serve_command", "server_command", "start_server"]


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
                   cors: bool = False) -> list[str]:
    """The command line of the Oxigraph server that serves ``store`` read-only (the backend
    of ``kg serve``).  It gets no ``--timeout-s``: Oxigraph's own timeout ends the answer
    it has begun with its error text inside a 200 (``{"head": …, "bindings":[The SPARQL
    operation has been cancelled``); the front times requests out instead.

    Example:
        >>> server_command("out/store", port=8000)[1:]  # doctest: +NORMALIZE_WHITESPACE
        ['serve-read-only', '--location', 'out/store', '--bind', '127.0.0.1:8000',
         '--union-default-graph']
    """
    cmd = [str(find_server()), "serve-read-only", "--location", str(store), "--bind", f"{host}:{port}",
           "--union-default-graph"]
    if cors:
        cmd.append("--cors")
    return cmd


@dataclass
class Server:
    """A running ``kg serve`` process; ``stop()`` (or leaving a ``with`` block) ends it and
    the backend it started."""

    process: subprocess.Popen[bytes]
    url: str
    log: IO[bytes] | None = None

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.url}/update"

    def output(self) -> str:
        """What the server wrote so far (its log: refusals, timeouts, restarts)."""
        if self.log is None or self.log.closed:
            return ""
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

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


def serve_command(out_dir: str | Path, *, host: str = "127.0.0.1", port: int = 7878,
                  timeout: int | None = None, allow_service: bool = False, cors: bool = False) -> list[str]:
    """The ``kg serve`` command line, run with this Python.

    Example:
        >>> serve_command("kg-out", port=8000, timeout=5)[1:]  # doctest: +NORMALIZE_WHITESPACE
        ['-m', 'kg', 'serve', '--out', 'kg-out', '--host', '127.0.0.1', '--port', '8000',
         '--timeout', '5']
    """
    cmd = [sys.executable, "-m", "kg", "serve", "--out", str(out_dir), "--host", host, "--port", str(port)]
    if timeout is not None:
        cmd += ["--timeout", str(timeout)]
    if allow_service:
        cmd.append("--allow-service")
    if cors:
        cmd.append("--cors")
    return cmd


def start_server(out_dir: str | Path, *, host: str = "127.0.0.1", port: int | None = None,
                 wait: float = 30.0, timeout: int | None = None, allow_service: bool = False,
                 cors: bool = False) -> Server:
    """Run ``kg serve`` on the store of ``out_dir`` in a child process; wait until it answers.

    Args:
        out_dir: an output folder of ``kg build``.
        host: the address to listen on (keep the default unless you mean to share it).
        port: the port (a free one when None).
        wait: seconds to wait for the server to answer.
        timeout: per-query timeout in seconds (``kg serve``'s default, 30, when None).
        allow_service: let queries use ``SERVICE`` (refused by default).
        cors: allow cross-origin requests (for browser clients on other origins).

    Raises:
        KGError: there is no store in ``out_dir``, or the server did not start.
        ImportError: the Oxigraph server is not installed.
    """
    store = readable_store(out_dir)  # changes nothing: a build may be swapping the store
    if store is None:
        raise KGError(f"no store in '{out_dir}' (expected {store_path(out_dir)}); "
                      f"run 'kg build INPUT --out {out_dir}' first")
    find_server()
    port = port or free_port(host)
    log = tempfile.TemporaryFile()  # a file, not a pipe: a chatty server never blocks
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [_package_root(),
                                                                     os.environ.get("PYTHONPATH")]))}
    cmd = serve_command(out_dir, host=host, port=port, timeout=timeout, allow_service=allow_service,
                        cors=cors)
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env)
    server = Server(proc, f"http://{host}:{port}", log)
    deadline = time.monotonic() + wait
    probe = f"{server.query_url}?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = server.output().strip()
            server.stop()
            raise KGError(f"kg serve stopped at start-up: {err or 'no message'}")
        try:
            with urllib.request.urlopen(probe, timeout=1.0) as r:
                if r.status == 200:
                    return server
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    server.stop()
    raise KGError(f"kg serve did not answer on {server.url} within {wait:.0f} s")


def _package_root() -> str:
    """The folder that holds the ``kg`` package this process imported (so that the child
    runs the same code, installed or not)."""
    return str(Path(__file__).resolve().parents[2])
