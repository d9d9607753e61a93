"""``kg --help``, ``kg query`` and ``kg serve`` start without spaCy: ``import kg`` once pulled
it in (through ``kg.builder``), and every command paid 1.7-2.9 s for it.  Checked in fresh
interpreters, by the modules they imported, not by timing.  ``kg --version`` prints the
package's version."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

import kg

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("spacy", "thinc")

# the modules a fresh interpreter holds after running PROGRAM
_PROBE = """
import json, sys
{program}
print(json.dumps(sorted(sys.modules)))
"""


def _modules(program: str, cwd: Path = ROOT) -> set[str]:
    proc = subprocess.run([sys.executable, "-c", _PROBE.format(program=program)], capture_output=True,
                          text=True, timeout=120, cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stdout.splitlines()[-1]))


def _imported(args: list[str], cwd: Path) -> set[str]:
    """The top-level modules a ``kg`` command (and any process it starts) imported."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "kg", *args], capture_output=True,
                          text=True, timeout=120, cwd=cwd)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    return {line.rsplit("|", 1)[1].strip().split(".")[0] for line in proc.stderr.splitlines()
            if line.startswith("import time:") and "|" in line}


@pytest.mark.parametrize("program", ["import kg", "import kg.cli"])
def test_startup_import_does_not_load_spacy(program):
    loaded = _modules(program)
    assert "kg" in loaded
    assert [m for m in HEAVY if m in loaded] == []


def test_startup_help_does_not_load_spacy():
    program = ("import sys\nfrom kg.cli import app\nsys.argv = ['kg', '--help']\n"
               "try:\n    app()\nexcept SystemExit:\n    pass")
    loaded = _modules(program)
    assert "kg.cli.build" in loaded and "typer" in loaded
    assert [m for m in HEAVY if m in loaded] == []


def test_startup_serve_path_does_not_load_spacy():
    """What ``kg serve`` imports before it starts the server."""
    loaded = _modules("import kg.cli.serve, kg.store.endpoint, kg.store.oxigraph")
    assert [m for m in HEAVY if m in loaded] == []


def test_startup_query_does_not_load_spacy(nlp, seeds_dir, tmp_path):
    from kg.builder import build_folder

    build_folder(tmp_path / "kg-out", [seeds_dir], nlp=nlp)
    imported = _imported(["query", "entities", "-p", "type=ORG"], tmp_path)
    assert "pyoxigraph" in imported
    assert [m for m in HEAVY if m in imported] == []
    assert [m for m in HEAVY if m in _imported(["query", "--list"], tmp_path)] == []


def test_startup_lazy_names_still_work():
    """The names ``import kg`` no longer loads up front are there on first use."""
    assert callable(kg.build) and callable(kg.load_nlp) and callable(kg.document_from_string)
    assert kg.KnowledgeGraph.__name__ == "KnowledgeGraph"
    assert set(kg.__all__) <= set(dir(kg))
    with pytest.raises(AttributeError):
        kg.no_such_name  # noqa: B018


def test_startup_version_option():
    proc = subprocess.run([sys.executable, "-m", "kg", "--version"], capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"kg {kg.__version__}\n"


def test_startup_version_has_one_source():
    """pyproject.toml takes the version from ``kg.__version__``; the installed metadata agrees."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "kg.__version__"}
    assert metadata.version("kg") == kg.__version__


def test_startup_unchanged_rebuild_does_not_load_spacy(tmp_path, seeds_dir):
    out = tmp_path / "out"
    first = _imported(["build", str(seeds_dir), "--out", str(out), "-q"], tmp_path)
    assert "spacy" in first  # the first build parses
    again = _imported(["build", str(seeds_dir), "--out", str(out), "-q"], tmp_path)
    assert [m for m in HEAVY if m in again] == []  # nothing to parse: no model, no spaCy
