"""The SPARQL endpoint of ``kg serve``: a small Python front on the public port, and the
official Oxigraph server behind it on a private loopback port.

::

    client ──HTTP──▶ front (this module)  ──HTTP, loopback──▶  oxigraph serve-read-only
                     guards, times out,                       (restarted by the supervisor
                     kills the backend                         whenever it exits)

The engine cannot cancel a query once it runs (a cross product, a sort), and a query that
overflows its stack aborts the whole server.  So the front

* refuses, before the engine sees them, queries that are too large, too deep or name
  another endpoint (``kg.query.guard``; 400, text/plain);
* gives every request a deadline (``timeout`` seconds, 30 by default): past it the request
  gets 503 and the backend is killed, which is the only way to stop the work; requests
  that were running on the killed backend are sent once more to the new one (queries are
  read-only, so a retry is safe);
* buffers answers up to ``BUFFER`` bytes, so that an error is still a proper status: a
  larger answer is streamed (chunked), and cut short without its last chunk if it fails,
  which every HTTP client reports as an error, never as a complete answer;
* keeps the backend's read-only semantics: ``/query`` (GET, POST), ``/store`` (reads),
  the HTML page at ``/``; ``/update`` and writes get 403.

A supervisor thread restarts the backend whenever it exits (killed on a timeout, or
crashed by a query the guard let through); ``close()`` stops it for good.
"""

from __future__ import annotations

import errno
import http.client
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any

from kg.errors import KGError, PortError
from kg.query.guard import MAX_BYTES, refusal
from kg.store.server import free_port, server_command

__all__ = ["BUFFER", "DEFAULT_TIMEOUT", "Backend", "Endpoint", "open_endpoint"]

DEFAULT_TIMEOUT = 30
BUFFER = 8 * 1024 * 1024  # answers up to this size are checked whole before they are sent
MAX_BODY = 4 * MAX_BYTES  # a form-encoded query may be up to 3x its text
_FORWARDED = {"accept", "content-type", "origin", "access-control-request-method",
              "access-control-request-headers"}
_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "server", "date"}

Log = Callable[[str], None]


def _quiet(message: str) -> None:
    """The default log: nothing."""


# -- the backend and its supervisor ---------------------------------------------------


@dataclass(frozen=True)
class _Run:
    """One run of the backend: its process, its address and its number."""

    process: subprocess.Popen[bytes]
    host: str
    port: int
    number: int


class Backend:
    """``oxigraph serve-read-only`` on a free loopback port, restarted whenever it exits.

    ``current()`` waits for a running backend; ``kill(run)`` ends one run (the supervisor
    starts the next); ``stop()`` ends it for good.
    """

    def __init__(self, store: Path, *, cors: bool = False, log: Log = _quiet, start_wait: float = 20.0):
        self.store = store
        self.cors = cors
        self.log = log
        self.start_wait = start_wait
        self._lock = threading.Condition()
        self._run: _Run | None = None  # None while (re)starting
        self._runs = 0
        self._killed: set[int] = set()
        self._stopping = False
        self._output: IO[bytes] = tempfile.TemporaryFile()  # a file: a chatty server never blocks
        self._thread: threading.Thread | None = None

    @property
    def pid(self) -> int | None:
        """The process id of the running backend (None while it restarts)."""
        with self._lock:
            return self._run.process.pid if self._run else None

    def start(self) -> None:
        """Start the first run and the supervisor.

        Raises:
            KGError: the backend did not start (the message has its output).
        """
        run = self._spawn()
        if run is None:
            raise KGError(f"the Oxigraph server did not start: {self._last_output() or 'no message'}")
        self._thread = threading.Thread(target=self._supervise, args=(run,), name="kg-backend", daemon=True)
        self._thread.start()

    def current(self, wait: float) -> _Run | None:
        """The running backend, waiting up to ``wait`` seconds while it restarts."""
        with self._lock:
            self._lock.wait_for(lambda: self._run is not None or self._stopping, timeout=max(wait, 0))
            return None if self._stopping else self._run

    def kill(self, run: _Run) -> None:
        """Kill ``run``; requests wait for the next run, which the supervisor starts."""
        with self._lock:
            self._killed.add(run.number)
        try:
            run.process.kill()
        except ProcessLookupError:  # already gone
            pass
        self.retire(run)

    def was_killed(self, run: _Run) -> bool:
        """Whether ``run`` ended by ``kill`` (a timeout), not on its own (a crash)."""
        with self._lock:
            return run.number in self._killed

    def retire(self, run: _Run) -> None:
        """Give no more requests to ``run`` (it has exited, or is being killed)."""
        with self._lock:
            if self._run is run:
                self._run = None

    def stop(self, wait: float = 10.0) -> None:
        """Stop the backend and the supervisor; no process is left behind."""
        with self._lock:
            self._stopping = True
            run = self._run
            self._lock.notify_all()
        if run is not None:
            _end(run.process, wait)
        if self._thread is not None:
            self._thread.join(wait)
        self._output.close()

    def _spawn(self) -> _Run | None:
        """Start one run and wait until it answers; None if it did not (or we are stopping)."""
        port = free_port("127.0.0.1")
        with self._lock:
            if self._stopping:
                return None
            proc = subprocess.Popen(server_command(self.store, host="127.0.0.1", port=port, cors=self.cors),
                                    stdin=subprocess.DEVNULL, stdout=self._output, stderr=subprocess.STDOUT)
            self._runs += 1
            run = _Run(proc, "127.0.0.1", port, self._runs)
        probe = f"http://127.0.0.1:{port}/query?query=ASK%7B%7D"
        deadline = time.monotonic() + self.start_wait
        while time.monotonic() < deadline and proc.poll() is None and not self._stopping:
            try:
                with urllib.request.urlopen(probe, timeout=1.0) as r:
                    if r.status == 200:
                        with self._lock:
                            if self._stopping:
                                break
                            self._run = run
                            self._lock.notify_all()
                        return run
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        _end(proc, 5.0)
        return None

    def _supervise(self, run: _Run) -> None:
        """Wait for ``run`` to exit, start the next one, and so on until ``stop()``.  The
        supervisor follows the run it started itself: a request may retire it first."""
        while True:
            code = _exit_code(run.process, lambda: self._stopping)
            with self._lock:
                if self._run is run:
                    self._run = None
                if self._stopping:
                    return
            self.log(f"the Oxigraph backend (pid {run.process.pid}) exited with code {code}; restarting it")
            pause = 0.5
            while (new := self._spawn()) is None:
                with self._lock:
                    if self._stopping:
                        return
                self.log(f"the Oxigraph backend did not start: {self._last_output() or 'no message'}; "
                         f"trying again in {pause:.1f} s")
                time.sleep(pause)
                pause = min(pause * 2, 10.0)
            run = new

    def _last_output(self) -> str:
        self._output.seek(0)
        lines = self._output.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else ""


def _exit_code(proc: subprocess.Popen[bytes], stopping: Callable[[], bool]) -> int | None:
    """Wait for ``proc`` to exit (None if ``stopping()`` first).  The wait is done in short
    steps: a blocking ``wait()`` would hold the lock that ``poll()`` in other threads needs."""
    while not stopping():
        try:
            return proc.wait(0.2)
        except subprocess.TimeoutExpired:
            pass
    return None


def _end(proc: subprocess.Popen[bytes], wait: float) -> None:
    """Terminate ``proc``, killing it if it does not stop within ``wait`` seconds."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(wait)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(wait)


# -- the front ------------------------------------------------------------------------


class _HTTPError(Exception):
    """A request that ends with an error status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class Endpoint(ThreadingHTTPServer):
    """The front: an HTTP server whose handler guards each request and forwards it to
    the ``backend`` with a deadline of ``timeout`` seconds."""

    daemon_threads = True
    request_queue_size = 128  # connections waiting to be accepted (socketserver's default is 5)

    def __init__(self, address: tuple[str, int], backend: Backend, *, timeout: float = DEFAULT_TIMEOUT,
                 allow_service: bool = False, cors: bool = False, log: Log = _quiet):
        super().__init__(address, _Handler)
        self.backend = backend
        self.query_timeout = timeout
        self.allow_service = allow_service
        self.cors = cors
        self.log = log

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def close(self) -> None:
        """Stop answering, then stop the backend."""
        self.server_close()
        self.backend.stop()


def open_endpoint(store: Path, *, host: str = "127.0.0.1", port: int = 7878, timeout: float = DEFAULT_TIMEOUT,
                  allow_service: bool = False, cors: bool = False, log: Log = _quiet) -> Endpoint:
    """Check that ``host:port`` is free, start the backend on ``store`` and bind the front
    to ``host:port``; the caller runs ``serve_forever()`` and, at the end, ``close()``.

    Raises:
        PortError: the port is taken, or not ours to listen on (checked before the backend
            starts).
        KGError: the backend did not start.
        ImportError: the Oxigraph server is not installed.
    """
    check_port(host, port)
    backend = Backend(store, cors=cors, log=log)
    backend.start()
    try:
        return Endpoint((host, port), backend, timeout=timeout, allow_service=allow_service, cors=cors,
                        log=log)
    except OSError as e:  # taken in the meantime
        backend.stop()
        raise PortError(_port_problem(host, port, e)) from None
    except BaseException:
        backend.stop()
        raise


def check_port(host: str, port: int) -> None:
    """Bind ``host:port`` as the front will (``SO_REUSEADDR``) and let it go again.

    Raises:
        PortError: another program listens there, or the port or address is not ours.

    Example:
        >>> with socket.create_server(("127.0.0.1", 0)) as taken:
        ...     check_port("127.0.0.1", taken.getsockname()[1])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kg.errors.PortError: port ... on 127.0.0.1 is taken (another program listens there); ...
    """
    with socket.socket(Endpoint.address_family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as e:
            raise PortError(_port_problem(host, port, e)) from None


def _port_problem(host: str, port: int, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is taken (another program listens there); choose another with --port"
    if error.errno == errno.EACCES:
        return f"port {port} on {host} needs rights this user lacks; choose one above 1023 with --port"
    return f"cannot listen on {host}:{port}: {error.strerror or error}"


class _Handler(BaseHTTPRequestHandler):
    """One client connection (HTTP/1.1, kept alive)."""

    server: Endpoint
    protocol_version = "HTTP/1.1"
    timeout = 60  # an idle or slow client loses its connection (its thread is not held forever)

    def _any(self) -> None:
        self._handle()

    # http.server calls do_<METHOD>: every method goes to the guard (writes are refused there)
    do_GET = do_HEAD = do_POST = do_OPTIONS = do_PUT = do_DELETE = do_PATCH = _any  # noqa: N815

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not logged one by one; refusals, timeouts and restarts are."""

    def _handle(self) -> None:
        start = time.monotonic()
        try:
            path = urllib.parse.urlsplit(self.path).path
            body = self._read_body()
            if path == "/update":
                raise _HTTPError(403, "The server is read-only")
            if self.command in ("GET", "POST") and path == "/query":
                self._guard(self._query_text(body))
            elif self.command not in ("GET", "HEAD", "OPTIONS"):
                raise _HTTPError(405 if path == "/query" else 403,
                              "use GET or POST" if path == "/query" else "The server is read-only")
            self._forward(body, start)
        except _HTTPError as failed:
            self._error(failed.status, failed.message)
        except OSError:  # the client has gone
            self.close_connection = True
        except Exception as err:  # a bug here must not leave the client without an answer
            self.server.log(f"internal error on {self.command} {self.path[:200]}: {err!r}")
            self.close_connection = True
            self._error(500, f"internal error: {err}")

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            raise _HTTPError(411, "send the request with a Content-Length")
        try:
            size = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self.close_connection = True
            raise _HTTPError(400, "bad Content-Length") from None
        if size > MAX_BODY:
            self.close_connection = True  # the body is not read
            raise _HTTPError(413, f"the request is {size:,} bytes; the limit is {MAX_BODY:,}")
        return self.rfile.read(size) if size > 0 else b""

    def _query_text(self, body: bytes) -> str:
        """The SPARQL text of a ``/query`` request (SPARQL 1.1 Protocol, section 2.1)."""
        try:
            if self.command == "GET":
                form = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query, errors="strict")
            else:
                kind = self.headers.get_content_type()
                if kind == "application/sparql-query":
                    return body.decode("utf-8")
                if kind != "application/x-www-form-urlencoded":
                    raise _HTTPError(415, "POST a query as application/sparql-query or "
                                       "application/x-www-form-urlencoded")
                form = urllib.parse.parse_qs(body.decode("ascii"), errors="strict")
        except UnicodeDecodeError:
            raise _HTTPError(400, "the query is not UTF-8") from None
        queries = form.get("query", [])
        if len(queries) != 1:
            raise _HTTPError(400, "give exactly one 'query' parameter")
        return queries[0]

    def _guard(self, text: str) -> None:
        reason = refusal(text, allow_service=self.server.allow_service)
        if reason is not None:
            self.server.log(f"refused a query from {self.client_address[0]}: {reason}")
            raise _HTTPError(400, f"query refused: {reason}")

    def _forward(self, body: bytes, start: float) -> None:
        """Send the request to the backend and its answer to the client, within the deadline;
        a request that was running on a backend killed or crashed meanwhile is sent once more."""
        deadline = start + self.server.query_timeout
        for attempt in (1, 2):
            run = self.server.backend.current(deadline - time.monotonic())
            if run is None:
                raise _HTTPError(503, "the query engine is restarting; try again")
            left = max(deadline - time.monotonic(), 0.01)
            conn = http.client.HTTPConnection(run.host, run.port, timeout=left)
            try:
                try:
                    sock, resp, head, data = self._ask(conn, body, deadline)
                except TimeoutError:
                    self.server.backend.kill(run)
                    self.server.log(f"stopped a request after {self.server.query_timeout:g} s "
                                    f"(the backend is restarted): {self.command} {self.path[:200]}")
                    raise _HTTPError(503, f"the query did not finish within {self.server.query_timeout:g} s "
                                       "and was stopped") from None
                except (OSError, http.client.HTTPException) as err:
                    try:
                        run.process.wait(1.0)
                    except subprocess.TimeoutExpired:  # the backend is alive but did not answer
                        raise _HTTPError(502, f"the query engine did not answer: {err}") from None
                    self.server.backend.retire(run)
                    if attempt == 2 and self.server.backend.was_killed(run):
                        raise _HTTPError(503, "the query engine was restarted while answering (another "
                                              "query ran past the timeout); try again") from None
                    if attempt == 2:
                        raise _HTTPError(502, "the query engine stopped while answering this request; "
                                              "it has been restarted") from None
                    continue
                if len(data) < BUFFER or resp.isclosed():
                    self._check_complete(resp.status, head, data)
                    self._send(resp.status, head, data)
                else:
                    self._stream(run, sock, resp, head, data, deadline)
                return
            finally:
                conn.close()

    def _ask(self, conn: http.client.HTTPConnection, body: bytes,
             deadline: float) -> tuple[Any, http.client.HTTPResponse, list[tuple[str, str]], bytes]:
        """Send the request on ``conn``; its socket, the response, the headers to pass on
        and the first ``BUFFER`` bytes of the answer.  Raises TimeoutError past ``deadline``."""
        headers = {k: v for k, v in self.headers.items() if k.lower() in _FORWARDED}
        conn.request(self.command, self.path, body=body or None, headers=headers)
        sock = conn.sock
        assert sock is not None
        sock.settimeout(_left(deadline))
        resp = conn.getresponse()
        head = [(k, v) for k, v in resp.getheaders() if k.lower() not in _HOP]
        return sock, resp, head, _read(sock, resp, deadline, BUFFER)

    def _check_complete(self, status: int, head: list[tuple[str, str]], data: bytes) -> None:
        """A SERVICE that fails mid-answer makes the backend end a 200 with its error text
        (``{"head": …, "bindings":[The port 9 is not allowed…``): parse the answer when
        SERVICE may run (JSON, XML, TSV results and RDF; CSV cannot be parsed)."""
        if status != 200 or not self.server.allow_service or not data:
            return
        import pyoxigraph as ox

        kind = next((v for k, v in head if k.lower() == "content-type"), "").split(";")[0].strip()
        try:
            results = ox.QueryResultsFormat.from_media_type(kind)
            if results is not None and results != ox.QueryResultsFormat.CSV:
                answer = ox.parse_query_results(data, format=results)
                if isinstance(answer, ox.QuerySolutions):
                    for _ in answer:
                        pass
                return
            rdf = ox.RdfFormat.from_media_type(kind)
            if rdf is not None:
                for _ in ox.parse(data, format=rdf):
                    pass
        except (SyntaxError, ValueError, OSError) as err:
            tail = " ".join(data[-200:].decode("utf-8", "replace").split())
            raise _HTTPError(502, f"the query failed while answering ({err}); "
                                  f"the answer ends: ...{tail}") from None

    def _send(self, status: int, head: list[tuple[str, str]], data: bytes) -> None:
        self.send_response(status)
        for k, v in head:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _stream(self, run: _Run, sock: Any, resp: http.client.HTTPResponse, head: list[tuple[str, str]],
                data: bytes, deadline: float) -> None:
        """Send a large answer in chunks; if it fails, end the connection without the last
        chunk (clients see a broken transfer, not a complete answer)."""
        self.send_response(resp.status)
        for k, v in head:
            self.send_header(k, v)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            while data:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                data = _read(sock, resp, deadline, 1024 * 1024)
        except (OSError, http.client.HTTPException) as err:
            self.close_connection = True
            if isinstance(err, TimeoutError):
                self.server.backend.kill(run)
            self.server.log(f"cut an answer short: {err or type(err).__name__}")
            return
        self.wfile.write(b"0\r\n\r\n")

    def _error(self, status: int, message: str) -> None:
        data = (message.strip() + "\n").encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            if self.server.cors:
                self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Content-Length", str(len(data)))
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
        except OSError:  # the client has gone
            self.close_connection = True


def _left(deadline: float) -> float:
    """Seconds left before ``deadline``.

    Raises:
        TimeoutError: none are left.
    """
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("deadline passed")
    return left


def _read(sock: Any, resp: http.client.HTTPResponse, deadline: float, size: int) -> bytes:
    """Up to ``size`` bytes of ``resp`` (fewer only at its end), each wait bounded by ``deadline``."""
    parts: list[bytes] = []
    got = 0
    while got < size and not resp.isclosed():
        sock.settimeout(_left(deadline))
        part = resp.read1(size - got)
        if not part:
            break
        parts.append(part)
        got += len(part)
    return b"".join(parts)
