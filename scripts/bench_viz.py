"""Benchmark: the page of a synthetic 10,000-entity graph in headless chromium.

Builds a scale-free MultiDiGraph in kg's shape (10,000 entities, ~20,000 relations), writes
the page with ``kg.viz.write_viz`` and opens it in Debian's /usr/bin/chromium with the
network cut off, timing navigation start -> first frame drawn (``#kg-status[data-ready=1]``).
Prints the median of a few runs for the default page (top 500 entities by degree) and for
the page with every entity (``--max-nodes 0``).

    .venv/bin/python scripts/bench_viz.py [--entities 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import networkx as nx

from kg.viz import write_viz

TYPES = ["COUNTRY", "ORG", "PERSON", "CONCEPT", "GPE", "EVENT"]
PREDICATES = [("worksWith", "works with"), ("cooperatesOn", "cooperates on"), ("meets", "meets"),
              ("restricts", "restricts")]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]


def synthetic_graph(n: int, seed: int = 1) -> nx.MultiDiGraph:
    base = nx.barabasi_albert_graph(n, 2, seed=seed)
    g = nx.MultiDiGraph()
    for i in base.nodes:
        g.add_node(f"e{i}", label=f"Entity {i}", type=TYPES[i % len(TYPES)], aliases=f"E{i}",
                   mentions=1 + base.degree(i))
    for k, (u, v) in enumerate(base.edges):
        pred, label = PREDICATES[k % len(PREDICATES)]
        g.add_edge(f"e{u}", f"e{v}", key=pred, predicate=pred, label=label, weight=1,
                   confidence=round(0.3 + 0.7 * ((k * 37) % 100) / 100, 2),
                   evidence=f"Entity {u} {label} Entity {v}.")
    return g


def time_page(browser, path: Path, runs: int) -> list[float]:
    url = path.resolve().as_uri()
    times = []
    for _ in range(runs):
        ctx = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
        page = ctx.new_page()
        blocked: list[str] = []
        page.route("**/*", lambda r, blocked=blocked: r.continue_() if r.request.url == url
                   else (blocked.append(r.request.url), r.abort()))
        start = time.perf_counter()
        page.goto(url, wait_until="load")
        page.wait_for_selector("#kg-status[data-ready='1']", state="attached", timeout=60000)
        times.append(time.perf_counter() - start)
        shown = page.evaluate("window.kgViz.network.body.nodeIndices.length")
        ctx.close()
        if blocked:
            raise SystemExit(f"the page asked the network: {blocked[:3]}")
    print(f"    rendered nodes: {shown}")
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entities", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    g = synthetic_graph(args.entities)
    print(f"synthetic graph: {g.number_of_nodes()} entities, {g.number_of_edges()} relations")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=ARGS)
        for label, max_nodes in (("default (top 500 by degree)", 500), ("all entities (--max-nodes 0)", 0)):
            out = Path(tmp) / str(max_nodes)
            t0 = time.perf_counter()
            page = write_viz(g, out, ["html"], max_nodes=max_nodes or None)["html"]
            gen = time.perf_counter() - t0
            print(f"{label}: page {page.stat().st_size / 1e6:.1f} MB written in {gen:.2f} s")
            times = time_page(browser, page, args.runs)
            print(f"    open -> first frame: median {statistics.median(times):.2f} s "
                  f"(runs: {', '.join(f'{t:.2f}' for t in times)})")
        browser.close()


if __name__ == "__main__":
    main()
