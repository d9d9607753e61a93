"""Layering (issue 13): resolution never imports extraction and extraction never imports
resolution; what both need (the merge rules, the name and place tables) lives in
``kg.knowledge``, which imports neither."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parent.parent / "kg"
FORBIDDEN = {"resolve": ("kg.extract",), "extract": ("kg.resolve",),
             "knowledge": ("kg.extract", "kg.resolve")}


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at any depth (function-level imports included)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.add(node.module)
    return out


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_keeps_to_its_layer(package):
    bad = [f"{path.relative_to(KG.parent)}: {name}" for path in sorted((KG / package).rglob("*.py"))
           for name in sorted(imports(path)) if name.startswith(FORBIDDEN[package])]
    assert not bad
