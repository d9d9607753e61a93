"""The registries hold exactly the built-ins in ``tests/data/registry.json``.

The registry is read in a fresh interpreter, so the result can't depend on which modules
other tests happened to import first (spaCy's lesson: decorators only run on import).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import UnknownNameError

SNAPSHOT = json.loads((Path(__file__).parent / "data" / "registry.json").read_text(encoding="utf-8"))

_PROBE = """
import json
from kg import registry
out = {}
for kind in sorted(registry._REGISTRIES):
    names = registry.names(kind)
    out[kind] = {"names": names, "callable": all(callable(registry.get(kind, n)) for n in names)}
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def fresh():
    proc = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parent.parent)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_registry_kinds_match_snapshot(fresh):
    assert sorted(fresh) == sorted(SNAPSHOT)


@pytest.mark.parametrize(
    "kind", sorted(SNAPSHOT)
)
def test_registry_names_match_snapshot(fresh, kind):
    assert fresh[kind]["names"] == SNAPSHOT[kind]
    assert fresh[kind]["callable"]


def test_registry_relation_patterns_are_versioned():
    for name in SNAPSHOT["relation_patterns"]:
        assert name.startswith("kg.") and name.rsplit(".", 1)[1][:1] == "v", name


@pytest.mark.parametrize("kind,name", [("exporters", "rdfxml"), ("relation_patterns", "kg.svo.v9")])
def test_registry_unknown_name_lists_choices(kind, name):
    from kg import registry

    with pytest.raises(UnknownNameError) as info:
        registry.get(kind, name)
    assert isinstance(info.value, ValueError)
    assert f"'{name}'" in str(info.value)
    assert f"Available names: {', '.join(SNAPSHOT[kind])}" in str(info.value)
