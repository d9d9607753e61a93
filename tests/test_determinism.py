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


def test_determinism_candidates_differing_only_in_confidence_have_one_order():
    """Relations and evidence are sorted by every field: two that differ only in confidence
    once came in a set's order, which changes with the hash seed (seen in 1 of 500 documents)."""
    from kg.extract.pipeline import _relation_order
    from kg.model import CharSpan, MentionRelation, Provenance
    from kg.resolve.entities import _evidence_order

    span = CharSpan("d", 0, 159, 0)
    low = MentionRelation("d#char=0,13", "dateOfDeath", "1296", Provenance(span, "kg.wikidata.v1", 0.8),
                          True, "gYear")
    high = MentionRelation(low.subject, low.predicate, low.object, Provenance(span, "kg.wikidata.v1", 0.85),
                           True, "gYear")
    assert sorted([low, high], key=_relation_order) == sorted([high, low], key=_relation_order) == [low, high]
    evs = [low.provenance, high.provenance, Provenance(span, "kg.wikidata.v1", None)]
    assert sorted(evs, key=_evidence_order) == sorted(evs[::-1], key=_evidence_order)
