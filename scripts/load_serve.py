"""Load on ``kg serve``: many clients at once, mixing ordinary and hostile queries.

Starts a real ``kg serve`` (``start_server``) on the store of ``--out``, then runs
``--clients`` threads that each send ``--queries`` requests over HTTP, cycling through a
mix of ordinary queries and hostile ones (nested 2,500 deep, SERVICE, larger than 64 KB,
2,600 BINDs, a cross-product COUNT and a sorted cross product that only the timeout ends).
Prints what came back: answered (2xx), refused (4xx), stopped (503), failed (anything
else), the latencies, and whether the server still answers at the end::

    $ kg build seeds --out kg-out
    $ .venv/bin/python scripts/load_serve.py --out kg-out --clients 20 --queries 20 --timeout 2
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kg.store.server import Server, start_server

ORDINARY = {
    "labels": "SELECT ?l WHERE { ?e a <https://schema.org/Organization> ; "
              "<http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l",
    "ask": "ASK { ?s <https://w3id.org/kg/ontology#restricts> ?o }",
    "count": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "construct": "CONSTRUCT { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE { "
                 "?e <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 50",
    "types": "SELECT ?t (COUNT(?e) AS ?n) WHERE { ?e a ?t } GROUP BY ?t ORDER BY DESC(?n)",
    "syntax-error": "SELECT * WHERE { ?s ?p }",
}
HOSTILE = {
    "deep-2500": "SELECT * WHERE " + "{" * 2500 + " ?s ?p ?o " + "}" * 2500,
    "service": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "70KB": "ASK { ?s ?p '" + "x" * 70_000 + "' }",
    "2600-binds": "SELECT * WHERE { ?s ?p ?o " + " ".join(f"BIND(1 AS ?b{i})" for i in range(2600)) + " }",
    "cross-count": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "cross-sort": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1",
}
# ordinary queries first; one request in three is hostile, one in twelve slow
MIX = ["labels", "deep-2500", "ask", "count", "service", "construct", "types", "70KB", "labels",
       "syntax-error", "2600-binds", "ask", "cross-count", "count", "construct", "types", "labels",
       "ask", "count", "construct", "types", "labels", "ask", "cross-sort"]


@dataclass(frozen=True)
class Sample:
    name: str
    status: int | str  # HTTP status, or the exception's name
    seconds: float


def ask(server: Server, name: str, timeout: float) -> Sample:
    """Send one query by POST; its status and latency."""
    query = ORDINARY.get(name) or HOSTILE[name]
    data = urllib.parse.urlencode({"query": query}).encode()
    accept = "text/turtle" if name == "construct" else "application/sparql-results+json"
    req = urllib.request.Request(server.query_url, data=data, headers={"Accept": accept})
    start = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            r.read()
            status: int | str = r.status
    except urllib.error.HTTPError as e:
        e.read()
        e.close()
        status = e.code
    except OSError as e:
        status = type(e).__name__
    return Sample(name, status, time.monotonic() - start)


def client(server: Server, index: int, queries: int, timeout: float, out: list[Sample]) -> None:
    for j in range(queries):
        out.append(ask(server, MIX[(index * 7 + j) % len(MIX)], timeout))


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))] if ordered else float("nan")


def report(samples: list[Sample], clients: int, queries: int, seconds: float) -> str:
    def kind(s: Sample) -> str:
        if isinstance(s.status, int) and 200 <= s.status < 300:
            return "answered"
        if s.status == 503:
            return "stopped"
        if isinstance(s.status, int) and 400 <= s.status < 500:
            return "refused"
        return "failed"

    kinds = Counter(kind(s) for s in samples)
    ordinary = [s for s in samples if s.name in ORDINARY]
    lat = [s.seconds * 1000 for s in samples]
    lat_ordinary = [s.seconds * 1000 for s in ordinary]
    lines = [
        f"clients {clients}   queries {len(samples)} ({queries} each)   wall {seconds:.1f} s",
        f"answered {kinds['answered']}   refused {kinds['refused']}   stopped (503) {kinds['stopped']}   "
        f"failed {kinds['failed']}",
        f"latency all       p50 {percentile(lat, .5):8.1f} ms   p99 {percentile(lat, .99):8.1f} ms",
        f"latency ordinary  p50 {percentile(lat_ordinary, .5):8.1f} ms   "
        f"p99 {percentile(lat_ordinary, .99):8.1f} ms   (mean {statistics.fmean(lat_ordinary):.1f} ms)",
        "by query:",
    ]
    for name in [*ORDINARY, *HOSTILE]:
        mine = [s for s in samples if s.name == name]
        if mine:
            statuses = Counter(str(s.status) for s in mine)
            p50 = percentile([s.seconds * 1000 for s in mine], .5)
            lines.append(f"  {name:<13} {len(mine):4}  p50 {p50:8.1f} ms   "
                         + "  ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=Path("kg-out"), help="output folder of kg build")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--queries", type=int, default=20, help="requests per client")
    ap.add_argument("--timeout", type=int, default=2, help="kg serve --timeout")
    args = ap.parse_args()
    server = start_server(args.out, timeout=args.timeout)
    try:
        samples: list[Sample] = []
        threads = [threading.Thread(target=client, args=(server, i, args.queries, args.timeout + 30, samples))
                   for i in range(args.clients)]
        start = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.monotonic() - start
        print(report(samples, args.clients, args.queries, wall))
        final = ask(server, "ask", 10)
        print(f"after the load: ASK -> {final.status} in {final.seconds * 1000:.1f} ms; "
              f"kg serve running: {server.process.poll() is None}")
        log = server.output()
        print(f"backend restarts: {log.count('restarting it')}")
        if final.status != 200:
            print("kg serve's log:\n" + log[-3000:])
        return 0 if final.status == 200 else 1
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
