"""The shape of the code: small functions and one-way layers (issue 13).

* Every function (and method) in ``kg/extract``, ``kg/resolve`` and ``kg/knowledge`` has a
  cyclomatic complexity of at most ``MAX_COMPLEXITY`` (radon's measure, as
  ``radon cc -s kg/extract`` prints it): a longer rule is split into named steps.
* Extraction and resolution do not import each other, and the shared tables of
  ``kg/knowledge`` import neither.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from radon.complexity import cc_visit
from radon.visitors import Function

KG = Path(__file__).resolve().parent.parent / "kg"
MAX_COMPLEXITY = 30


def _modules(package: str) -> list[Path]:
    """The Python files of ``kg/<package>``, sorted."""
    return sorted((KG / package).rglob("*.py"))


def _too_complex(package: str) -> list[str]:
    """``path::name (complexity)`` of each function of ``kg/<package>`` over ``MAX_COMPLEXITY``.

    Example:
        >>> _too_complex("knowledge")
        []
    """
    out = []
    for path in _modules(package):
        # functions and methods (a class's figure is its methods'), then the functions
        # defined inside them, which radon measures apart
        todo = [b for b in cc_visit(path.read_text(encoding="utf-8")) if isinstance(b, Function)]
        while todo:
            fn = todo.pop()
            todo += fn.closures
            if fn.complexity > MAX_COMPLEXITY:
                out.append(f"{path.relative_to(KG.parent)}::{fn.fullname} ({fn.complexity})")
    return sorted(out)


@pytest.mark.parametrize("package", [
    "extract",
    "resolve",
    "knowledge",
])
def test_structure_functions_are_small(package):
    assert _too_complex(package) == []


def _imports(path: Path) -> set[str]:
    """The modules ``path`` imports (absolute names; ``from kg import resolve`` gives
    ``kg.resolve``), at any depth of the module (imports inside functions too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


@pytest.mark.parametrize("package,forbidden", [
    ("extract", ("kg.resolve",)),
    ("resolve", ("kg.extract",)),
    ("knowledge", ("kg.extract", "kg.resolve")),
])
def test_structure_layers_import_one_way(package, forbidden):
    wrong = sorted(f"{path.relative_to(KG.parent)} imports {name}" for path in _modules(package)
                   for name in _imports(path)
                   if any(name == f or name.startswith(f + ".") for f in forbidden))
    assert wrong == []


def test_structure_imports_are_read_at_every_depth(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import os\n\ndef f():\n    from kg import resolve\n    from .x import y\n")
    assert _imports(module) == {"os", "kg", "kg.resolve"}
