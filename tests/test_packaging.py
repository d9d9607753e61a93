"""Every data file kg reads at run time is in the wheel: a plain `pip install .` once built
graphs without relations from reference articles, because the pair classifier's weights
(kg/data/models/*.json.gz) were left out of the package data.  Every package kg imports is
a dependency.  (`make plain-install-check` builds with a plain install and compares.)"""

from __future__ import annotations

import ast
import fnmatch
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_packaging_every_data_file_is_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["kg"]
    package = ROOT / "kg"
    data = [p.relative_to(package).as_posix() for p in package.rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts]
    assert data
    missing = [f for f in data if not any(fnmatch.fnmatch(f, pat) for pat in patterns)]
    assert missing == []


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0]).lower()


# modules only these parts import, and the extras that install them
OPTIONAL_PARTS = {"viz": "viz", "engines/dask.py": "cluster"}


def test_packaging_every_import_is_a_dependency():
    """Every package ``kg`` imports is a core dependency (a plain ``pip install .`` builds with
    full quality), or, for the optional parts, a dependency of their extra: numpy (the pair
    classifiers) and catalogue (the registries) once came only through spaCy."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    core = {_name(r) for r in project["dependencies"]}
    extras = {k: {_name(r) for r in v} for k, v in project["optional-dependencies"].items()}
    providers = metadata.packages_distributions()
    missing = []
    for path in sorted((ROOT / "kg").rglob("*.py")):
        rel = path.relative_to(ROOT / "kg").as_posix()
        extra = next((e for part, e in OPTIONAL_PARTS.items() if rel == part or rel.startswith(f"{part}/")),
                     None)
        allowed = core | (extras[extra] if extra else set())
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for top in {m.split(".")[0] for m in modules} - {"kg"} - set(sys.stdlib_module_names):
                dists = {_name(d) for d in providers.get(top, [top])}
                if not dists & allowed:
                    missing.append(f"kg/{rel}: {top} ({', '.join(sorted(dists))})")
    assert missing == []


def test_packaging_licence_is_an_spdx_expression():
    """PEP 639, as setuptools >= 77 wants it (a table gave a deprecation warning per build)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert config["project"]["license"] == "MIT"
    assert all((ROOT / f).is_file() for f in config["project"]["license-files"])
    assert config["build-system"]["requires"] == ["setuptools>=77"]
