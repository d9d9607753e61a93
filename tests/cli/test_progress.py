"""Progress of ``kg build`` (issue 12.12): every stage is shown; without a terminal, plain
lines on stderr as the build goes, not only at the end."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console

import kg
from kg.cli.progress import StageProgress

LINE = re.compile(r"kg build: (?P<stage>[a-z/]+)(?: (?P<done>\d+)/(?P<total>\d+) documents)? \((\d+) s\)")


def _popen(*args: str, every: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(Path(kg.__file__).parents[1]), "KG_PROGRESS_EVERY": every}
    return subprocess.Popen([sys.executable, "-m", "kg", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def test_progress_plain_lines_arrive_while_the_build_runs(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(40):  # three batches of at most 16 documents
        (docs / f"d{i:02}.txt").write_text(f"Sony {i} works with Nvidia on chips. Japan met the US.")
    proc = _popen("build", str(docs), "--out", str(tmp_path / "out"), "--processes", "1", every="0.001")
    try:
        first = proc.stderr.readline()
        running = proc.poll() is None  # the first line came before the end
        rest, stderr = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, stderr
    assert running and first.startswith("kg build: read")
    lines = [first.rstrip("\n"), *stderr.splitlines()]
    assert all(LINE.fullmatch(line) for line in lines), lines
    stages = [LINE.fullmatch(line)["stage"] for line in lines]
    seen = list(dict.fromkeys(stages))
    assert seen == ["read", "parse/extract", "resolve", "write", "store"]
    counts = [(int(m["done"]), int(m["total"])) for m in map(LINE.fullmatch, lines) if m["done"]]
    assert counts == [(0, 40), (16, 40), (32, 40), (40, 40)]  # a line per batch at this pace
    assert "documents: 40" in rest and "kg build:" not in rest  # stdout keeps the summary only


def test_progress_quiet_build_prints_nothing(tmp_path, seeds_dir):
    proc = _popen("build", str(seeds_dir), "--out", str(tmp_path / "out"), "-q", every="0.001")
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0 and stdout == "" and stderr == ""


def test_progress_plain_lines_repeat_while_a_stage_runs():
    buf = io.StringIO()
    err = Console(file=buf, force_terminal=False, width=200)
    with StageProgress(err, command="kg build", quiet=False, every=0.05) as progress:
        progress.stage("resolve")
        time.sleep(0.4)  # a long resolution: lines keep coming
        progress.stage("write")
    lines = buf.getvalue().splitlines()
    assert lines[0].startswith("kg build: resolve (") and lines[-1].startswith("kg build: write (")
    assert sum(line.startswith("kg build: resolve") for line in lines) >= 3


def test_progress_extraction_lines_are_spaced_by_the_interval():
    buf = io.StringIO()
    err = Console(file=buf, force_terminal=False, width=200)
    with StageProgress(err, command="kg build", quiet=False, every=3600) as progress:
        progress.stage("extract")
        for done in range(0, 101, 10):
            progress.docs(done, 100)
    # the first and the last count; nothing between them within the hour
    assert buf.getvalue().splitlines() == ["kg build: parse/extract 0/100 documents (0 s)",
                                           "kg build: parse/extract 100/100 documents (0 s)"]


def test_progress_terminal_bar_names_each_stage():
    buf = io.StringIO()
    err = Console(file=buf, force_terminal=True, width=100)
    with StageProgress(err, command="kg build", quiet=False, every=10) as progress:
        for stage in ("read", "extract"):
            progress.stage(stage)
        progress.docs(1, 1)
        for stage in ("resolve", "write", "store"):
            progress.stage(stage)
    out = buf.getvalue()
    for label in ("read", "parse/extract", "resolve", "write", "store"):
        assert label in out
    assert "1/1" in out and "kg build:" not in out  # the bar, not the plain lines
