"""``kg viz`` and ``kg build --viz`` through Typer's CliRunner."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()


def _nodes(page: str) -> list[dict]:
    m = re.search(r'id="kg-data">(.*?)</script>', page, re.S)
    assert m is not None
    return json.loads(m.group(1))["nodes"]


SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def built(viz_graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("kg-out")
    result = runner.invoke(app, ["build", str(SEEDS), "--out", str(out), "--viz", "-q"])
    assert result.exit_code == 0, result.output
    return out


def test_cli_build_viz_writes_page(built, viz_graph):
    page = (built / "graph.html").read_text(encoding="utf-8")
    assert len(_nodes(page)) == len(viz_graph.entities)


@pytest.mark.parametrize("fmt", ["html", "png", "svg"])
def test_cli_viz_reads_built_graph(built, fmt):
    result = runner.invoke(app, ["viz", "--out", str(built), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert (built / f"graph.{fmt}").stat().st_size > 1000
    assert f"graph.{fmt}" in result.output


def test_cli_viz_max_nodes(built, tmp_path):
    graphml = str(built / "graph.graphml")
    result = runner.invoke(app, ["viz", graphml, "--out", str(tmp_path), "-n", "4", "-q"])
    assert result.exit_code == 0, result.output
    assert len(_nodes((tmp_path / "graph.html").read_text(encoding="utf-8"))) == 4


def test_cli_viz_from_articles(tmp_path):
    result = runner.invoke(app, ["viz", str(SEEDS), "--out", str(tmp_path), "-F", "html", "-q"])
    assert result.exit_code == 0, result.output
    assert any(n["label"] == "Nvidia" for n in _nodes((tmp_path / "graph.html").read_text(encoding="utf-8")))


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "gif"], "unknown format 'gif'. Available formats: html, png, svg"),
    ([], "no graph at"),
])
def test_cli_viz_user_errors(tmp_path, args, message):
    result = runner.invoke(app, ["viz", "--out", str(tmp_path / "empty"), *args])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_viz_bad_graphml(tmp_path):
    bad = tmp_path / "bad.graphml"
    bad.write_text("not xml", encoding="utf-8")
    result = runner.invoke(app, ["viz", str(bad), "--out", str(tmp_path)])
    assert result.exit_code == 1 and "not a GraphML graph" in result.output
