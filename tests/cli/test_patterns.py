"""Choosing the relation patterns: ``kg.build(patterns=...)`` and ``kg build --patterns``
(the patterns reach worker processes; the manifest records them)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import kg
from kg.errors import UnknownNameError


def _extractors(graph):
    return {e.extractor for r in graph.relations for e in r.evidence}


def test_patterns_build_runs_only_the_chosen(nlp, seeds_dir):
    every = kg.build([seeds_dir], nlp=nlp)
    assert {"kg.role.v1", "kg.svo.v1"} <= _extractors(every)
    only = kg.build([seeds_dir], nlp=nlp, patterns=["kg.role.v1"])
    assert _extractors(only) == {"kg.role.v1"}
    assert len(only.entities) == len(every.entities)  # patterns choose relations, not entities


def test_patterns_unknown_name_lists_the_patterns(nlp):
    with pytest.raises(UnknownNameError, match=r"kg\.svo\.v9.*Available names: .*kg\.svo\.v1"):
        kg.build(["Japan met Korea."], nlp=nlp, patterns=["kg.svo.v9"])


def test_patterns_cli_reach_the_workers_and_the_manifest(repo_root, seeds_dir, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    seed = next(seeds_dir.glob("*.txt")).read_text("utf-8")
    for k in range(4):  # two workers get a batch each
        (folder / f"s{k}.txt").write_text(f"{seed}\nReport {k}.\n", "utf-8")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(folder), "--out", str(out), "-j", "2",
                           "--patterns", "kg.role.v1,kg.located.v1"], cwd=repo_root, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    settings = json.loads((out / ".kg" / "manifest.json").read_text("utf-8"))["settings"]
    assert settings["relation_patterns"] == ["kg.role.v1", "kg.located.v1"]
    nt = (out / "graph.nt").read_text("utf-8")
    assert "rule/kg.role.v1>" in nt and "rule/kg.svo.v1>" not in nt


def test_patterns_cli_unknown_is_one_line(repo_root, seeds_dir, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(seeds_dir), "--out", str(tmp_path / "o"),
                           "--patterns", "kg.svo.v1,kg.nope.v1"], cwd=repo_root, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()]
    assert "unknown relation pattern 'kg.nope.v1'" in proc.stderr
    assert not (tmp_path / "o").exists()
