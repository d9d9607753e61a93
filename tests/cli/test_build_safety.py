"""Nothing lost, nothing broken: ``kg build`` and ``kg remove`` as real processes, two at a
time into one folder, killed with SIGKILL at awkward moments; inputs in other encodings,
duplicates and named pipes.  Every check reads the folder through ``kg query``."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
TIMEOUT = 300

BATCH_A = {"a1": "Prime Minister Fumio Kishida of Japan met President Joe Biden in Washington.",
           "a2": "Toyota and Nvidia signed a partnership in Tokyo on Friday."}
BATCH_B = {"b1": "Chancellor Olaf Scholz visited Paris to meet President Emmanuel Macron.",
           "b2": "Samsung opened a chip plant in Texas, the company said.",
           "b3": "Angela Merkel spoke in Berlin."}


# a ``kg`` process that has imported kg (0.7 s) and starts its command as soon as another
# run holds the lock of the folder: the two surely overlap
_WHEN_LOCKED = """
import pathlib, sys, time
import kg.cli
lock = pathlib.Path(sys.argv[1])
while not (lock.exists() and lock.stat().st_size):
    time.sleep(0.002)
sys.argv = ["kg", *sys.argv[2:]]
kg.cli.main()
"""


def _kg_when_locked(out: Path, *args: object) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", _WHEN_LOCKED, str(out / ".kg" / "lock"), *map(str, args)],
                            cwd=ROOT, env=ENV, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _kg(*args: object, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg", *map(str, args)], cwd=ROOT, env=ENV, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def _run(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], cwd=ROOT, env=ENV, text=True,
                          capture_output=True, timeout=TIMEOUT)


def _files(folder: Path, batch: dict[str, str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in batch.items():
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    return [folder / f"{name}.txt" for name in batch]


def _until(check, proc: subprocess.Popen | None = None, timeout: float = 120) -> bool:
    """Poll ``check`` until true (or ``proc`` ended, or the time is up)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        if proc is not None and proc.poll() is not None:
            return check()
        time.sleep(0.005)
    return False


def _locked(out: Path) -> bool:
    lock = out / ".kg" / "lock"
    return lock.exists() and lock.stat().st_size > 0


def _documents(out: Path) -> set[str]:
    """The document ids ``kg query`` finds in the store; the manifest and graph.nq agree."""
    proc = _run("query", "documents", "--out", out, "--format", "csv")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    ids = {row["id"] for row in csv.DictReader(io.StringIO(proc.stdout))}
    manifest = json.loads((out / ".kg" / "manifest.json").read_text("utf-8"))
    assert set(manifest["documents"]) == ids
    nq = (out / "graph.nq").read_text("utf-8")
    assert all(f"/doc/{d}>" in nq for d in ids)
    return ids


def _leftovers(out: Path) -> list[str]:
    folders = (out, out / ".kg", out / ".kg" / "extractions")
    names = [p.name for folder in folders for p in folder.iterdir()]
    return sorted(n for n in names if n.endswith(".tmp") or n in (".store.new", ".store.old"))


def test_safety_subprocesses_run_this_code():
    proc = subprocess.run([sys.executable, "-c", "import kg; print(kg.__file__)"], cwd=ROOT, env=ENV,
                          capture_output=True, text=True, timeout=60)
    assert Path(proc.stdout.strip()).resolve() == ROOT / "kg" / "__init__.py"


def test_safety_two_builds_into_one_folder_ten_times(tmp_path):
    a, b = _files(tmp_path / "a", BATCH_A), _files(tmp_path / "b", BATCH_B)
    figures = {"refused": 0, "waited": 0, "lost": 0}
    for k in range(10):
        out = tmp_path / f"out{k}"
        wait = ["--wait"] if k % 2 else []
        second = _kg_when_locked(out, "build", *b, "--out", out, "-q", "-j", 1, *wait)
        first = _kg("build", *a, "--out", out, "-q", "-j", 1)
        (_, err1), (_, err2) = first.communicate(timeout=TIMEOUT), second.communicate(timeout=TIMEOUT)
        assert first.returncode == 0, err1
        docs = _documents(out)  # never a corrupt folder
        if second.returncode == 2:  # refused, and said so on one line naming the other run
            assert not wait
            assert err2.count("\n") == 1 and "is being written by kg build (pid" in err2, err2
            assert f"pid {first.pid} " in err2
            assert docs == set(BATCH_A)
            figures["refused"] += 1
        else:
            assert second.returncode == 0, err2
            figures["waited"] += bool(wait and "waiting for kg build" in err2)
            figures["lost"] += len((set(BATCH_A) | set(BATCH_B)) - docs)
        assert _leftovers(out) == []
    print(f"\n10 concurrent pairs: {figures}")
    assert figures == {"refused": 5, "waited": 5, "lost": 0}


def test_safety_remove_during_a_build_is_refused(tmp_path):
    out = tmp_path / "out"
    assert _run("build", *_files(tmp_path / "a", BATCH_A), "--out", out, "-q", "-j", 1).returncode == 0
    (out / ".kg" / "lock").write_bytes(b"")  # as a run that ended well leaves it
    removal = _kg_when_locked(out, "remove", "a1", "--out", out)
    build = _kg("build", *_files(tmp_path / "b", BATCH_B), "--out", out, "-q", "-j", 1)
    build.communicate(timeout=TIMEOUT)
    assert build.returncode == 0
    _, err = removal.communicate(timeout=TIMEOUT)
    assert removal.returncode == 2, err
    assert err.startswith(f"error: '{out}' is being written by kg build (pid {build.pid} ")
    assert err.count("\n") == 1
    assert _documents(out) == set(BATCH_A) | set(BATCH_B)
    assert _run("remove", "a1", "--out", out, "--wait").returncode == 0
    assert _documents(out) == (set(BATCH_A) | set(BATCH_B)) - {"a1"}


def _staged(out: Path) -> bool:
    try:
        return (out / ".store.new").exists() or any(p.name.endswith(".tmp") for p in out.iterdir())
    except OSError:
        return False


def test_safety_killed_build_leaves_old_or_new_and_the_next_run_cleans_up(tmp_path):
    out = tmp_path / "out"
    assert _run("build", *_files(tmp_path / "a", BATCH_A), "--out", out, "-q", "-j", 1).returncode == 0
    b = _files(tmp_path / "b", BATCH_B)
    for _ in range(5):  # until the kill lands while the new outputs are staged
        build = _kg("build", *b, "--out", out, "-q", "-j", 1)
        caught = _until(lambda: _staged(out), build)  # noqa: B023
        build.send_signal(signal.SIGKILL)
        build.communicate(timeout=TIMEOUT)
        assert _documents(out) in (set(BATCH_A), set(BATCH_A) | set(BATCH_B))  # the old set or the new
        if caught and _leftovers(out):
            break
        _run("remove", *BATCH_B, "--out", out)  # it finished first: start again
    left = _leftovers(out)
    assert left, "no kill landed while outputs were staged"
    # what the code before the lock left: a 0-byte temporary file and a whole old store
    (out / ".graph.nq.k1llz0.tmp").write_bytes(b"")
    if not (out / ".store.old").exists():
        subprocess.run(["cp", "-r", str(out / "store"), str(out / ".store.old")], check=True)
    proc = _run("build", *b, "--out", out, "-j", 1)
    assert proc.returncode == 0, proc.stderr
    assert "stopped before it finished" in proc.stdout
    assert "removed what a stopped run left" in proc.stdout and ".store.old" in proc.stdout
    assert _leftovers(out) == []
    assert _documents(out) == set(BATCH_A) | set(BATCH_B)


def test_safety_killed_while_a_changed_document_is_saved(tmp_path):
    src = tmp_path / "in"
    out = tmp_path / "out"
    (doc,) = _files(src, {"c": BATCH_A["a2"]})
    assert _run("build", doc, "--out", out, "-q", "-j", 1).returncode == 0
    doc.write_text(BATCH_A["a2"].replace("Nvidia", "Panasonic") + "\n", encoding="utf-8")
    extractions = out / ".kg" / "extractions"
    build = _kg("build", doc, "--out", out, "-q", "-j", 1)
    _until(lambda: len(list(extractions.glob("*.json"))) > 1, build)  # the changed one is saved
    build.send_signal(signal.SIGKILL)
    build.communicate(timeout=TIMEOUT)
    assert _documents(out) == {"c"}
    proc = _run("build", doc, "--out", out, "-j", 1)
    assert proc.returncode == 0 and "does not match" not in proc.stderr, proc.stderr
    assert "Panasonic" in (out / "graph.ttl").read_text("utf-8")
    assert _run("build", doc, "--out", out, "-q", "-j", 1).returncode == 0


def test_safety_stale_lock_of_a_killed_build_does_not_block(tmp_path):
    """The build forks worker processes; only the main one is killed, the workers may live
    on a moment: the lock (a record lock of the main process) is free at once."""
    corpus = tmp_path / "many.jsonl"
    texts = [*BATCH_A.values(), *BATCH_B.values()]
    corpus.write_text("".join(json.dumps({"id": f"p{k:02d}", "text": f"{texts[k % 5]} Day {k}."}) + "\n"
                              for k in range(40)), "utf-8")
    out = tmp_path / "out"
    build = _kg("build", corpus, "--out", out, "-q", "-j", 2, start_new_session=True)
    try:
        assert _until(lambda: _locked(out) and any((out / ".kg" / "extractions").glob("*.json")), build)
        os.kill(build.pid, signal.SIGKILL)
        build.communicate(timeout=TIMEOUT)
        t = time.monotonic()
        proc = _run("build", *_files(tmp_path / "a", BATCH_A), "--out", out, "-j", 1)
        assert proc.returncode == 0, proc.stderr
        assert time.monotonic() - t < 60
        assert f"the last run, kg build (pid {build.pid} " in proc.stdout
        assert set(BATCH_A) <= _documents(out)
    finally:
        try:
            os.killpg(build.pid, signal.SIGKILL)  # workers it left, if any
        except ProcessLookupError:
            pass


def test_safety_readers_never_break_while_the_folder_is_rebuilt(tmp_path):
    from kg.store import open_store

    out = tmp_path / "out"
    a, b = _files(tmp_path / "a", BATCH_A), _files(tmp_path / "b", BATCH_B)
    assert _run("build", *a, "--out", out, "-q", "-j", 1).returncode == 0
    counts: list[int] = []
    failures: list[str] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                store = open_store(out)
                counts.append(len(list(store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"))))
                del store
            except Exception as err:  # noqa: BLE001  (reported below)
                failures.append(f"{type(err).__name__}: {err}")

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for args in ([*b], [*a, "--fresh"], [*b]):
            assert _run("build", *args, "--out", out, "-q", "-j", 1).returncode == 0
        queries = [_kg("query", "documents", "--out", out) for _ in range(2)]
        assert _run("build", *a, "--fresh", "--out", out, "-q", "-j", 1).returncode == 0
    finally:
        stop.set()
        reader.join(timeout=60)
    for q in queries:
        _, err = q.communicate(timeout=TIMEOUT)
        assert q.returncode == 0 and "Traceback" not in err, err
    assert failures == []
    assert len(counts) > 5 and min(counts) > 0


def test_safety_encodings_duplicates_and_a_named_pipe(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    news = "Renée Dupont of Société Générale said “no” to Nestlé in Genève."
    (src / "u16.txt").write_bytes(("\ufeff" + BATCH_A["a1"]).encode("utf-16-le"))
    (src / "u32.txt").write_bytes(("\ufeff" + BATCH_B["b1"]).encode("utf-32-be"))
    (src / "win.txt").write_bytes(news.encode("cp1252"))
    (src / "latin.txt").write_bytes("Le café de Genève à Zürich.".encode("latin-1"))
    (src / "first.txt").write_text(BATCH_A["a2"], encoding="utf-8")
    (src / "zcopy.txt").write_text(BATCH_A["a2"], encoding="utf-8")
    os.mkfifo(src / "feed.txt")  # in the folder: said, not read
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    writer = threading.Thread(target=lambda: pipe.write_text(BATCH_B["b3"], encoding="utf-8"), daemon=True)
    writer.start()
    out = tmp_path / "out"
    proc = _run("build", src, pipe, "--out", out, "-j", 1)
    writer.join(timeout=10)
    assert proc.returncode == 2, proc.stderr  # the FIFO in the folder is an error line
    errors = [line for line in proc.stderr.splitlines() if not line.startswith("kg build: ")]  # no progress
    assert errors == [f"error: {src / 'feed.txt'}: named pipe (FIFO) in a folder, "
                      "not read; give it as an input of its own to read it"]
    notes = [line for line in proc.stdout.splitlines() if line.startswith("note:")]
    assert notes == [f"note: {src / 'latin.txt'}: read as cp1252, not UTF-8",
                     f"note: {src / 'u16.txt'}: read as UTF-16 (byte order mark), not UTF-8",
                     f"note: {src / 'u32.txt'}: read as UTF-32 (byte order mark), not UTF-8",
                     f"note: {src / 'win.txt'}: read as cp1252, not UTF-8",
                     # documents are named by their source, relative to the input folder
                     f"note: {src.name}/zcopy.txt is the same text as {src.name}/first.txt: built once"]
    assert _documents(out) == {"u16", "u32", "win", "latin", "first", "pipe"}
    ttl = (out / "graph.ttl").read_text("utf-8")
    assert "Fumio Kishida" in ttl and "Olaf Scholz" in ttl and "Angela Merkel" in ttl
    saved = (json.loads(p.read_text("utf-8")) for p in (out / ".kg" / "extractions").glob("*.json"))
    state = {x["document"]["id"]: x["document"]["text"] for x in saved}
    assert state["win"] == news and state["latin"] == "Le café de Genève à Zürich."
    # the copy again, later, by itself: still built once
    proc = _run("build", src / "zcopy.txt", "--out", out, "-j", 1)
    assert proc.returncode == 0, proc.stderr
    note = f"note: zcopy.txt is the same text as 'first' (already in {out}): not built"
    assert note in proc.stdout
    assert "zcopy" not in _documents(out)
