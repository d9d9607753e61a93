"""The relation lexicons (``kg/data/verbs.json``, ``kg/data/roles.json``), loaded once."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> dict[str, Any]:
    with (resources.files("kg") / "data" / name).open("r", encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return {k: v for k, v in data.items() if not k.startswith("_")}


def verbs() -> dict[str, Any]:
    return load("verbs.json")


def roles() -> dict[str, dict[str, str]]:
    return load("roles.json")
