"""Short flags mean one thing in every command (issue 12.12): ``-f`` is ``--file``, ``-F``
``--format``, ``-p`` ``--param``, ``-j`` ``--processes``; the long names are unchanged."""

from __future__ import annotations

from collections import defaultdict

import typer.main

from kg.cli import app

EXPECTED = {"-f": "--file", "-F": "--format", "-p": "--param", "-j": "--processes", "-o": "--out",
            "-q": "--quiet", "-m": "--model", "-n": "--max-nodes", "-l": "--list"}


def _flags() -> dict[str, dict[str, str]]:
    """short flag -> {command: long name}"""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for name, command in typer.main.get_command(app).commands.items():
        for param in command.params:
            names = [*param.opts, *param.secondary_opts]
            longs = [o for o in names if o.startswith("--")]
            for short in (o for o in names if o.startswith("-") and not o.startswith("--")):
                found[short][name] = longs[0]
    return found


def test_flags_each_short_flag_has_one_meaning():
    for short, uses in _flags().items():
        assert len(set(uses.values())) == 1, f"{short} means {uses}"
        assert set(uses.values()) == {EXPECTED[short]}, f"{short} means {uses}"


def test_flags_format_is_capital_f_wherever_there_is_a_format():
    uses = _flags()
    assert uses["-F"] == {"query": "--format", "viz": "--format"}
    assert uses["-f"] == {"query": "--file"}
    assert uses["-p"] == {"query": "--param"}
    assert uses["-j"] == {"build": "--processes"}
