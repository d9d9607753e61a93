"""``kg viz ARTICLES --out DIR`` leaves the graph it drew in DIR, or says it did not
(issue 12.12); real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import networkx as nx

import kg


def _kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(Path(kg.__file__).parents[1])})


def test_viz_from_articles_leaves_the_graph_it_drew(tmp_path, seeds_dir, seed_graph):
    out = tmp_path / "viz"
    r = _kg("viz", str(seeds_dir), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert f"graphml {out / 'graph.graphml'}" in r.stdout
    g = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    assert g.number_of_nodes() == len(seed_graph.entities)
    # `kg viz --out DIR` draws it again, from the graph left there
    again = _kg("viz", "--out", str(out), "-F", "svg", "-q")
    assert again.returncode == 0, again.stderr
    assert (out / "graph.svg").stat().st_size > 1000


def test_viz_from_articles_leaves_a_build_alone_and_says_so(tmp_path, seeds_dir):
    out = tmp_path / "built"
    assert _kg("build", str(seeds_dir), "--out", str(out), "-q").returncode == 0
    before = (out / "graph.graphml").read_bytes()
    doc = tmp_path / "b.txt"
    doc.write_text("Toyota and Nvidia signed a partnership on Friday.")
    r = _kg("viz", str(doc), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert (out / "graph.graphml").read_bytes() == before
    assert r.stderr.splitlines() == [f"note: the graph drawn is not saved: {out} holds a `kg build` output, "
                                     "left as it is (`kg build INPUT --out DIR --viz` keeps both)"]
    assert "graphml" not in r.stdout and "graph.html" in r.stdout
