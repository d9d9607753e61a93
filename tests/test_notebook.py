"""``notebooks/explore.ipynb`` runs top to bottom (nbclient, a real kernel on this
interpreter) and its outputs say what the story promises."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


def _text(output: dict) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    data = output.get("data", {})
    return "\n".join(str(data[k]) for k in ("text/plain", "text/html") if k in data)


# Executed in a subprocess (as rdflib's test_examples.py runs its examples): the kernel's
# zmq sockets then live and die outside pytest, and the kernel is ipykernel's native spec,
# i.e. this very interpreter, not whatever "python3" kernel a machine has registered.
_RUN = """
import sys, nbformat, nbclient
from jupyter_client.kernelspec import NATIVE_KERNEL_NAME
nb = nbformat.read(sys.argv[1], as_version=4)
nbclient.NotebookClient(nb, kernel_name=NATIVE_KERNEL_NAME, timeout=300, allow_errors=False,
                        resources={"metadata": {"path": sys.argv[3]}}).execute()
nbformat.write(nb, sys.argv[2])
"""


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    nbformat = pytest.importorskip("nbformat", reason="the notebooks extra is not installed")
    pytest.importorskip("nbclient", reason="the notebooks extra is not installed")
    pytest.importorskip("ipykernel", reason="the notebooks extra is not installed")
    out = tmp_path_factory.mktemp("notebook") / "explore.executed.ipynb"
    proc = subprocess.run([sys.executable, "-c", _RUN, str(NOTEBOOK), str(out), str(NOTEBOOK.parent)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return nbformat.read(out, as_version=4)


def _outputs(nb, marker: str) -> str:
    """All output text of the first code cell whose source contains ``marker``."""
    for cell in nb.cells:
        if cell.cell_type == "code" and marker in cell.source:
            return "\n".join(_text(o) for o in cell.outputs)
    raise AssertionError(f"no code cell contains {marker!r}")


def test_notebook_is_committed_without_outputs():
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_notebook_runs_without_errors(executed):
    errors = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs
              if o.get("output_type") == "error"]
    assert errors == []
    assert all(c.execution_count for c in executed.cells if c.cell_type == "code")


def test_notebook_entity_and_relation_tables(executed):
    entities = _outputs(executed, "entities = pd.DataFrame")
    for name in ("Japan", "Nvidia", "United States", "artificial intelligence"):
        assert name in entities
    relations = _outputs(executed, "relations = pd.DataFrame")
    assert "works with" in relations and "Nvidia" in relations


def test_notebook_sparql_results(executed):
    sparql_cells = [c for c in executed.cells if c.cell_type == "code" and c.source.startswith("sparql(")]
    assert len(sparql_cells) >= 3
    texts = ["\n".join(_text(o) for o in c.outputs) for c in sparql_cells]
    assert all(t.strip() for t in texts), "every SPARQL query returns rows"
    works_with = next(t for c, t in zip(sparql_cells, texts, strict=True) if "works with" in c.source)
    assert "Nvidia" in works_with and "Japan" in works_with


def test_notebook_network_analysis(executed):
    assert "betweenness" in _outputs(executed, "betweenness_centrality")
    assert "community 1:" in _outputs(executed, "greedy_modularity_communities")
    assert "shortest path: Fumio Kishida -> Japan -> Nvidia" in _outputs(executed, "shortest_path")


def test_notebook_inline_visualization(executed):
    html = _outputs(executed, "kg.viz.show(")
    assert "<iframe srcdoc=" in html and "vis-network" in html


def test_notebook_provenance_of_one_fact(executed):
    text = _outputs(executed, "provenance = sparql(")
    assert "rule: kg." in text
    assert "working closely with tech giants such as Nvidia" in text


def test_notebook_documented_commands_are_installed():
    """docs/viz.md says to open the notebook with ``jupyter lab`` or run it with ``jupyter
    nbconvert``: the notebooks extra installs both (it once installed neither)."""
    pytest.importorskip("jupyterlab", reason="the notebooks extra is not installed")
    docs = (ROOT / "docs" / "viz.md").read_text("utf-8")
    named = sorted(set(re.findall(r"^jupyter ([a-z-]+)", docs, re.M)))
    assert named == ["lab", "nbconvert"]
    for command in named:
        proc = subprocess.run([str(Path(sys.executable).parent / "jupyter"), command, "--version"],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, f"jupyter {command}: {proc.stderr}"
