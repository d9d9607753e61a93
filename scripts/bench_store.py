"""Benchmark: the Oxigraph store against rdflib's in-memory graph on a 1M+ triple graph.

The graph is the seed article's graph (built with the real model) replicated under
renamed IRIs until it has at least ``--triples`` triples; copy ``i > 0`` of every label
gets the suffix `` #i`` so that entity names stay unambiguous.  The script prints the
load time of each back-end and, for every shipped named query run with its header's
example parameters, the median time of ``--repeat`` runs or more on each back-end, the ratio
rdflib / Oxigraph and the number of rows; then whether every query is at least as fast
on Oxigraph (a sub-millisecond query within ``NOISE_MS``) and whether the queries that
scan the graph (``SCANNING``) are at least ``SCAN_RATIO`` times faster.

    .venv/bin/python scripts/bench_store.py              # 1,000,000 triples
    .venv/bin/python scripts/bench_store.py --triples 200000 --repeat 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import rdflib
from rdflib import RDFS
from rdflib.namespace import SKOS

import kg
from kg.query import named_queries, named_query, run_query, run_query_rdflib
from kg.store import write_store
from kg.vocab import DEFAULT_BASE, ontology

# the parameters each named query runs with: its header's example (entities of copy 0)
PARAMS: dict[str, dict[str, str]] = {name: q.example_params for name, q in named_queries().items()}
SCANNING = ("documents", "entity-graph", "relations")  # they read a large part of the graph
SCAN_RATIO = 10.0
NOISE_MS = 0.5  # a sub-millisecond query may be this much slower on Oxigraph and still count


def synthetic_ntriples(seed: rdflib.Graph, target: int, path: Path) -> int:
    """Write copies of ``seed`` (ontology once) to ``path`` until ``target`` triples."""
    onto_g = ontology()
    body_g = rdflib.Graph()
    for t in seed:
        if t not in onto_g:
            body_g.add(t)
    onto = onto_g.serialize(format="nt").splitlines(keepends=True)
    body = body_g.serialize(format="nt").splitlines(keepends=True)
    label_preds = (f" <{RDFS.label}> \"", f" <{SKOS.altLabel}> \"")
    copies = max(1, -(-(target - len(onto)) // len(body)))
    n = len(onto)
    with path.open("w", encoding="utf-8") as f:
        f.writelines(onto)
        for i in range(copies):
            if i == 0:
                f.writelines(body)
            else:
                old, new = f"<{DEFAULT_BASE}", f"<{DEFAULT_BASE}c{i}/"
                for line in body:
                    line = line.replace(old, new)
                    if any(p in line for p in label_preds) and line.endswith('" .\n'):
                        line = f"{line[:-4]} #{i}\" .\n"
                    f.write(line)
            n += len(body)
    return n


def _time(fn, repeat: int, budget: float = 30.0, least: float = 0.25) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """Median time of ``repeat`` runs (fewer once the runs so far took ``budget`` seconds,
    more, up to 200, while they took less than ``least`` seconds: a sub-millisecond
    query needs many runs for a stable median) and the size ``fn`` returned."""
    times, size = [], 0
    while len(times) < repeat or (sum(times) < least and len(times) < 200):
        t = time.perf_counter()
        size = fn()
        times.append(time.perf_counter() - t)
        if sum(times) > budget:
            break
    return statistics.median(times), size


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=1_000_000, help="at least this many triples")
    ap.add_argument("--repeat", type=int, default=5, help="runs per query (median)")
    args = ap.parse_args(argv)
    import pyoxigraph as ox

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    seed = kg.build([seeds]).to_rdf()
    with tempfile.TemporaryDirectory() as tmp:
        nt = Path(tmp) / "graph.nt"
        n = synthetic_ntriples(seed, args.triples, nt)
        print(f"graph: {n:,} triples ({nt.stat().st_size / 1e6:.0f} MB of N-Triples)", flush=True)

        nq = Path(tmp) / "graph.nq"  # one named graph, loaded the way `kg build` loads its store
        with nt.open("rb") as src, nq.open("wb") as dst:
            graph_name = f" <{DEFAULT_BASE}graph/bench> .\n".encode()
            dst.writelines(line[: line.rindex(b" .")] + graph_name for line in src if line.strip())
        t = time.perf_counter()
        write_store(Path(tmp) / "store", nq, graphs={}, previous=None)
        store = ox.Store.read_only(str(Path(tmp) / "store"))
        ox_load = time.perf_counter() - t
        t = time.perf_counter()
        graph = rdflib.Graph()
        graph.parse(str(nt), format="nt")
        rdf_load = time.perf_counter() - t
        print(f"load   oxigraph (on disk) {ox_load:8.2f} s   rdflib (memory) {rdf_load:8.2f} s   "
              f"({len(store):,} / {len(graph):,} triples)", flush=True)

        print(f"{'query':18s} {'oxigraph':>12s} {'rdflib':>12s} {'ratio':>9s} {'rows':>8s}")
        ox_times, rdf_times, slower, short = [], [], [], []
        for name, params in PARAMS.items():
            q = named_query(name)
            ox_t, ox_rows = _time(lambda q=q, params=params, store=store:
                                  len(list(run_query(store, q, params))), args.repeat)
            rdf_t, rdf_rows = _time(lambda q=q, params=params: len(list(run_query_rdflib(graph, q, params))),
                                    args.repeat)
            if ox_rows != rdf_rows:
                print(f"  warning: {name}: {ox_rows} rows from oxigraph, {rdf_rows} from rdflib",
                      file=sys.stderr)
            ox_times.append(ox_t)
            rdf_times.append(rdf_t)
            ratio = rdf_t / ox_t
            if ox_t > rdf_t and not (ox_t < 1e-3 and ox_t - rdf_t < NOISE_MS / 1000):
                slower.append(name)
            if name in SCANNING and ratio < SCAN_RATIO:
                short.append(name)
            flag = "  slower" if name in slower else f"  < {SCAN_RATIO:.0f}x" if name in short else ""
            print(f"{name:18s} {ox_t * 1000:10.2f}ms {rdf_t * 1000:10.2f}ms {ratio:8.1f}x {ox_rows:8d}{flag}",
                  flush=True)
        ox_med, rdf_med = statistics.median(ox_times), statistics.median(rdf_times)
        print(f"{'median':18s} {ox_med * 1000:10.2f}ms {rdf_med * 1000:10.2f}ms {rdf_med / ox_med:8.1f}x")
        print(("every query is at least as fast on Oxigraph" if not slower else
               f"slower on Oxigraph: {', '.join(slower)}") + "; " +
              (f"every scanning query ({', '.join(SCANNING)}) is >= {SCAN_RATIO:.0f}x faster" if not short
               else f"scanning queries under {SCAN_RATIO:.0f}x: {', '.join(short)}"))
        del store
    return 0


if __name__ == "__main__":
    sys.exit(main())
