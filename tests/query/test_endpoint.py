"""The endpoint keeps to itself: a real ``kg serve`` over a real store, probed by real
clients with hostile queries (refused with 400, stopped with 503), killed backends
(restarted) and SIGTERM (no process left behind)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from SPARQLWrapper import JSON, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

import kg
from kg.builder import write_output
from kg.store.server import start_server

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")

DEEP = "SELECT * WHERE " + "{" * 2500 + " ?s ?p ?o " + "}" * 2500
CROSS_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CROSS_SORT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1"
SERVICE = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
ASK = "ASK { ?s <https://w3id.org/kg/ontology#restricts> ?o }"


@pytest.fixture(scope="module")
def out(tmp_path_factory, seed_graph):
    out = tmp_path_factory.mktemp("guarded")
    write_output(seed_graph, out)
    return out


@pytest.fixture(scope="module")
def server(out):
    srv = start_server(out, timeout=2)
    yield srv
    srv.stop()


def _post(server, query, accept="application/sparql-results+json", timeout=30.0):
    """(status, content type, body, seconds) of a form-encoded POST to /query."""
    data = urllib.parse.urlencode({"query": query}).encode()
    req = urllib.request.Request(server.query_url, data=data, headers={"Accept": accept})
    start = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.headers["Content-Type"], r.read(), time.monotonic() - start
    except urllib.error.HTTPError as e:
        with e:
            return e.code, e.headers["Content-Type"], e.read(), time.monotonic() - start


def _refused(request):
    """The error status a request gets (it must get one)."""
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=10)
    info.value.close()
    return info.value.code


def _answers(server):
    status, _, body, _ = _post(server, ASK)
    return status == 200 and b'"boolean":true' in body


def _children(pid):
    """The process ids whose parent is ``pid``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _backend(server):
    (pid,) = _children(server.process.pid)
    assert "oxigraph" in Path(f"/proc/{pid}/cmdline").read_text()
    return pid


def test_endpoint_refuses_deep_query_and_answers_the_next(server):
    status, kind, body, _ = _post(server, DEEP)
    assert status == 400 and kind.startswith("text/plain")
    assert body.decode() == "query refused: the query nests brackets 2,500 deep; the limit is 100\n"
    assert _answers(server)


def test_endpoint_refuses_deep_query_by_get_and_by_sparql_query_body(server):
    url = f"{server.query_url}?{urllib.parse.urlencode({'query': DEEP})}"
    assert _refused(url) == 400
    req = urllib.request.Request(server.query_url, data=DEEP.encode(),
                                 headers={"Content-Type": "application/sparql-query"})
    assert _refused(req) == 400
    assert _answers(server)


def test_endpoint_refuses_service(server):
    status, kind, body, _ = _post(server, SERVICE)
    assert status == 400 and kind.startswith("text/plain")
    assert b"SERVICE is not allowed" in body
    assert b"refused a query" in server.output().encode()


def test_endpoint_refuses_a_too_large_request(server):
    status, _, body, _ = _post(server, "ASK { ?s ?p '" + "x" * 70_000 + "' }")
    assert status == 400 and b"the limit is 65,536" in body
    req = urllib.request.Request(server.query_url, data=b"x" * 300_000,
                                 headers={"Content-Type": "application/sparql-query"})
    assert _refused(req) == 413
    assert _answers(server)


@pytest.mark.parametrize("query", [CROSS_COUNT, CROSS_SORT], ids=["count", "order-by"])
def test_endpoint_stops_a_slow_query_and_answers_the_next(server, query):
    before = _backend(server)
    status, kind, body, seconds = _post(server, query)
    assert status == 503 and kind.startswith("text/plain")
    assert body.decode() == "the query did not finish within 2 s and was stopped\n"
    assert seconds < 6
    assert _answers(server)
    assert not _alive(before)  # the work was stopped: the backend that ran it is gone
    assert _backend(server) != before


def test_endpoint_survives_concurrent_slow_queries(server):
    # each timeout kills the backend under the others: they are sent again, then stopped
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(6) as pool:
        slow = [pool.submit(_post, server, q) for q in [CROSS_COUNT, CROSS_SORT] * 2]
        quick = [pool.submit(_post, server, ASK) for _ in range(8)]
        statuses = [f.result()[0] for f in slow]
        answers = [f.result() for f in quick]
    assert statuses == [503] * 4
    assert all(a[0] == 200 and a[3] < 6 for a in answers)
    assert _answers(server)


def test_endpoint_restarts_a_backend_that_dies(server):
    os.kill(_backend(server), signal.SIGKILL)
    assert _answers(server)  # waits for the new backend, or is sent again to it
    assert "exited with code -9; restarting it" in server.output()


def test_endpoint_syntax_error_is_a_400_with_text(server):
    status, kind, body, _ = _post(server, "SELECT * WHERE { ?s ?p }")
    assert status == 400 and kind.startswith("text/plain") and b"error at" in body


def test_endpoint_sparqlwrapper_normal_query_and_refusal(server):
    sw = SPARQLWrapper(server.query_url)
    sw.setReturnFormat(JSON)
    sw.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    data = sw.query().convert()
    assert int(data["results"]["bindings"][0]["n"]["value"]) > 1000
    sw.setQuery(DEEP)
    with pytest.raises(QueryBadFormed, match="nests brackets"):
        sw.query()


def test_endpoint_service_failure_is_an_error_status_when_allowed(out):
    # the backend ends a 200 with the error text inside the JSON; the front answers 502
    with start_server(out, allow_service=True, timeout=5) as srv:
        status, kind, body, _ = _post(srv, SERVICE)
        assert status == 502 and kind.startswith("text/plain")
        assert b"port 9 is not allowed" in body
        assert _answers(srv)


def test_endpoint_sigterm_leaves_no_backend(out):
    srv = start_server(out)
    try:
        backend = _backend(srv)
        assert _answers(srv)
    finally:
        srv.process.send_signal(signal.SIGTERM)
        code = srv.process.wait(15)
        srv.stop()
    assert code == 0
    deadline = time.monotonic() + 5
    while _alive(backend) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(backend)


@pytest.fixture
def sigint_heard():
    """SIGINT as a terminal's Ctrl-C is: a test run started in the background of a shell
    ignores SIGINT, and the server it starts would inherit the ignoring."""
    old = signal.getsignal(signal.SIGINT)
    if old == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, old)


def test_endpoint_sigint_during_a_slow_query_leaves_no_backend(out, sigint_heard):
    srv = start_server(out, timeout=30)
    try:
        backend = _backend(srv)
        data = urllib.parse.urlencode({"query": CROSS_COUNT}).encode()
        req = urllib.request.Request(srv.query_url, data=data)
        with pytest.raises((urllib.error.URLError, OSError)):
            urllib.request.urlopen(req, timeout=1)  # leaves the backend busy
    finally:
        srv.process.send_signal(signal.SIGINT)
        try:
            srv.process.wait(15)
        finally:
            srv.stop()  # even when SIGINT did not end it: no server is left behind
    deadline = time.monotonic() + 5
    while _alive(backend) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(backend)


def test_endpoint_busy_port_is_one_line_before_the_backend_starts(out):
    # issue 12.11: a real socket holds the port; kg serve says which port, exit code 1
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--out", str(out), "--port", str(port)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env={**os.environ, "PYTHONPATH": str(Path(kg.__file__).parents[1])})
        try:
            stdout, stderr = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert proc.returncode == 1 and stdout == ""
    assert stderr.splitlines() == [f"error: port {port} on 127.0.0.1 is taken (another program listens "
                                   "there); choose another with --port"]
    assert "endpoint" not in stderr and "Errno" not in stderr


def test_endpoint_port_taken_after_the_check_stops_the_backend(out, monkeypatch):
    # the port is checked first; taken between the check and the bind, it is the same error
    # and the backend that was started for it is stopped
    from kg.errors import PortError
    from kg.store import endpoint

    started = []
    real_start = endpoint.Backend.start

    def start(self):
        real_start(self)
        started.append(self.pid)

    monkeypatch.setattr(endpoint, "check_port", lambda host, port: None)
    monkeypatch.setattr(endpoint.Backend, "start", start)
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        with pytest.raises(PortError, match=f"port {port} on 127.0.0.1 is taken"):
            endpoint.open_endpoint(out / "store", port=port)
    (backend,) = started
    deadline = time.monotonic() + 5
    while _alive(backend) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(backend)
