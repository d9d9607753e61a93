"""Two builds of the seed in separate processes, with different hash seeds, write the same
bytes in every format."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FILES = ["graph.nq", "graph.ttl", "graph.nt", "graph.jsonld", "graph.graphml"]


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    outs, procs = [], []
    for seed in ("0", "12345"):
        out = tmp_path_factory.mktemp(f"hashseed{seed}")
        env = {**os.environ, "PYTHONHASHSEED": seed}
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "kg", "build", "seeds", "--out", str(out), "--quiet"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        ))
        outs.append(out)
    for p in procs:
        stdout, stderr = p.communicate(timeout=120)
        assert p.returncode == 0, stderr.decode()
    return outs


@pytest.mark.parametrize("name", FILES)
def test_determinism_two_builds_identical(two_builds, name):
    a, b = (out / name for out in two_builds)
    assert a.read_bytes() == b.read_bytes()
    assert a.stat().st_size > 1000
