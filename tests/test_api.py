"""The public surface of ``kg`` (``kg.__all__``) matches ``tests/data/api.json``."""

from __future__ import annotations

import json
from pathlib import Path

import kg

SNAPSHOT = json.loads((Path(__file__).parent / "data" / "api.json").read_text(encoding="utf-8"))


def test_api_all_is_sorted():
    assert kg.__all__ == sorted(kg.__all__)


def test_api_all_matches_snapshot():
    assert kg.__all__ == SNAPSHOT


def test_api_all_names_exist():
    for name in kg.__all__:
        assert getattr(kg, name) is not None, name


def test_api_errors_share_one_base():
    from kg import errors

    for name in ("InputError", "ModelNotFoundError", "UnknownNameError", "ExportError", "QueryError"):
        assert issubclass(getattr(errors, name), kg.KGError)
    assert issubclass(errors.InputError, ValueError)
    assert issubclass(errors.ModelNotFoundError, OSError)
