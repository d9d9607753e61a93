"""Every example in README.md works as written (issue 12: after ``make seed`` the README's next
commands once failed with ``kg: command not found`` in a new shell).

The examples run in a copy of the repository (no ``.venv``, ``kg-out`` or ``.git``; ``.venv``
there is a link to this interpreter's environment), after ``make seed``'s recipe has built
``kg-out/`` in it, each with ``.venv/bin`` first on the path, as the README says to put it:

* a ```` ```sh ```` block runs in ``bash -e``;
* a ```` ```console ```` block runs each ``$ `` command (lines up to the end of its quotes are
  part of it); the lines after a command are its output, each of which must be in what it
  printed (spaces collapsed);
* a ```` ```python ```` block runs in this interpreter; a ```` ```sparql ```` block through
  ``kg query -f`` over ``kg-out/``, and must return rows.

A block that is only illustration (placeholders, the set-up itself, installs) is marked with
``<!-- readme-test: skip (reason) -->`` on the line before it, and is skipped with that reason.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
RUN = ("sh", "console", "python", "sparql")  # the fences that are examples to run
SKIP = re.compile(r"<!--\s*readme-test:\s*skip\s*\((?P<reason>.+)\)\s*-->")
FENCE = re.compile(r"^```(?P<lang>[\w-]*)\s*$")
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", ".venv-*", "kg-out", "__pycache__", ".pytest_cache",
                                    ".hypothesis", ".mypy_cache", ".ruff_cache", "build", "dist",
                                    "*.egg-info")


@dataclass(frozen=True)
class Block:
    line: int  # of the opening fence, 1-based
    lang: str
    text: str
    skip: str | None  # the reason, when marked

    @property
    def id(self) -> str:
        return f"README.md:{self.line}:{self.lang}"


def readme_blocks(text: str) -> list[Block]:
    """The fenced blocks of ``text``, each with the skip reason marked on the line before it."""
    lines = text.splitlines()
    blocks, i = [], 0
    while i < len(lines):
        fence = FENCE.match(lines[i])
        if not fence:
            i += 1
            continue
        end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
        marker = SKIP.search(lines[i - 1]) if i > 0 else None
        blocks.append(Block(i + 1, fence["lang"], "\n".join(lines[i + 1:end]) + "\n",
                            marker["reason"] if marker else None))
        i = end + 1
    return blocks


def console_commands(text: str) -> list[tuple[str, list[str]]]:
    """``(command, expected output lines)`` of a console block; a command goes on over the next
    lines until its quotes close."""
    commands: list[tuple[str, list[str]]] = []
    lines = iter(text.splitlines())
    for line in lines:
        if not line.startswith("$ "):
            assert commands, f"output before any command: {line!r}"
            commands[-1][1].append(line)
            continue
        command = line[2:]
        while True:
            try:
                shlex.split(command)
                break
            except ValueError:  # an open quote: the command goes on
                command += "\n" + next(lines)
        commands.append((command, []))
    return commands


BLOCKS = readme_blocks(README.read_text("utf-8"))
EXAMPLES = [b for b in BLOCKS if b.lang in RUN]


def _squeeze(line: str) -> str:
    return " ".join(line.split())


def _env(path: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "COLUMNS", "LINES")}
    env["PATH"] = path
    return env


def _path_without_kg() -> str:
    """The path of a new shell: no folder on it has a ``kg`` command."""
    return os.pathsep.join(d for d in os.environ.get("PATH", "").split(os.pathsep)
                           if d and not (Path(d) / "kg").exists())


VENV_FIRST = os.pathsep.join([str(Path(sys.prefix) / "bin"), _path_without_kg()])


def _run(args: list[str] | str, cwd: Path, path: str = VENV_FIRST, stdin: str | None = None,
         shell: bool = False) -> subprocess.CompletedProcess[str]:
    cmd = ["bash", "-e", "-o", "pipefail", "-c", args] if shell else args
    return subprocess.run(cmd, cwd=cwd, env=_env(path), input=stdin, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A copy of the repository with ``.venv`` (this environment) and ``kg-out/`` built by
    ``make seed`` (its set-up step taken as done: ``.venv`` is this environment)."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    repo = tmp_path_factory.mktemp("readme") / "kg"
    shutil.copytree(ROOT, repo, ignore=NOT_COPIED, symlinks=True)
    (repo / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    proc = _run(["make", "--no-print-directory", "-o", ".venv/bin/kg", "seed"], repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "kg-out/graph.nq" in proc.stdout and (repo / "kg-out" / "store").is_dir()
    return repo


def test_readme_has_examples_and_marks():
    langs = {b.lang for b in EXAMPLES if b.skip is None}
    assert {"sh", "console", "python", "sparql"} <= langs
    text = README.read_text("utf-8").splitlines()
    marked = [i for i, line in enumerate(text) if "readme-test:" in line]
    assert len(marked) == len([b for b in BLOCKS if b.skip])  # every marker is right before a block
    assert all(SKIP.search(text[i]) and FENCE.match(text[i + 1]) for i in marked)


def test_readme_says_how_to_put_kg_on_the_path(clone):
    """The first example that runs ``kg`` is the one that puts ``.venv/bin`` on the path, and
    it works in a shell where no ``kg`` is on the path."""
    first = next(b for b in EXAMPLES if b.skip is None and re.search(r"(^|\$ )kg ", b.text, re.M))
    assert ". .venv/bin/activate" in first.text and first.lang == "sh"
    assert shutil.which("kg", path=_path_without_kg()) is None
    proc = _run(first.text, clone, path=_path_without_kg(), shell=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("block", EXAMPLES, ids=[b.id for b in EXAMPLES])
def test_readme_example_runs(block, clone, tmp_path):
    if block.skip:
        pytest.skip(f"{block.id}: {block.skip}")
    if block.lang == "sh":
        proc = _run(block.text, clone, shell=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    elif block.lang == "python":
        proc = _run([sys.executable, "-"], clone, stdin=block.text)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    elif block.lang == "sparql":
        query = tmp_path / "example.rq"
        query.write_text(block.text, "utf-8")
        proc = _run(["kg", "query", "-f", str(query), "--format", "csv"], clone)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert len(proc.stdout.splitlines()) > 1, f"no rows:\n{proc.stdout}"
    else:
        for command, expected in console_commands(block.text):
            proc = _run(command, clone, shell=True)
            assert proc.returncode == 0, f"$ {command}\n{proc.stdout}{proc.stderr}"
            printed = {_squeeze(line) for line in proc.stdout.splitlines()}
            missing = [line for line in expected if line.strip() and _squeeze(line) not in printed]
            assert missing == [], f"$ {command}\nprinted:\n{proc.stdout}"
