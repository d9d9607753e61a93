"""``kg build`` in worker processes and on a Dask cluster gives the bytes of a one-process
build; the summary gives words/s and the time of each stage; a document the model cannot
take is one error line and the others are built."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from kg.export import DEFAULT_FILES

FILES = sorted(DEFAULT_FILES.values())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seeds_dir):
    """40 short dated articles (the seed's paragraphs, each copy told apart by its last
    sentence: identical texts would be built once) in one JSONL file: three batches."""
    text = next(seeds_dir.glob("*.txt")).read_text("utf-8")
    paras = [p.strip() for p in text.split("\n\n") if len(p.split()) > 8]
    path = tmp_path_factory.mktemp("corpus") / "articles.jsonl"
    lines = [json.dumps({"id": f"p{k:02d}", "date": "2024-04-10",
                         "text": f"{paras[k % len(paras)]} Report {k}."}) for k in range(40)]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _build(repo_root, corpus, out, *args):
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), *args],
                          cwd=repo_root, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def one_process(repo_root, corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("p1")
    return out, _build(repo_root, corpus, out, "--processes", "1")


def _same(a, b):
    for name in FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert (a / ".kg" / "manifest.json").read_bytes() == (b / ".kg" / "manifest.json").read_bytes()


def test_engines_two_processes_write_the_same_bytes(repo_root, corpus, one_process, tmp_path):
    out, first = one_process
    proc = _build(repo_root, corpus, tmp_path, "--processes", "2")
    assert "2 processes" in proc.stdout and "1 process" in first.stdout
    _same(out, tmp_path)


@pytest.mark.slow
def test_engines_dask_local_cluster_writes_the_same_bytes(repo_root, corpus, one_process, tmp_path):
    pytest.importorskip("dask.distributed")
    out, _ = one_process
    _build(repo_root, corpus, tmp_path, "--engine", "dask", "--processes", "2", "-q")
    _same(out, tmp_path)


def test_engines_summary_gives_words_per_second_and_stages(one_process):
    _, proc = one_process
    assert "documents: 40" in proc.stdout
    words = int(proc.stdout.split("words/s:")[1].split()[0].replace(",", ""))
    assert words > 0
    stages = proc.stdout.split("seconds per stage:")[1].splitlines()[0]
    for stage in ("read", "parse", "extract", "resolve", "write"):
        assert f"{stage} " in stages


def test_engines_scheduler_needs_dask(repo_root, corpus, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(tmp_path),
                           "--scheduler", "tcp://127.0.0.1:1"], cwd=repo_root, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 1 and "--engine dask" in proc.stderr


def test_engines_unknown_engine_lists_the_engines(repo_root, corpus, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(tmp_path),
                           "--engine", "spark"], cwd=repo_root, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "Available names: dask, local" in proc.stderr


def test_engines_document_longer_than_the_model_takes_is_parsed_in_pieces(repo_root, seeds_dir, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    seed = next(seeds_dir.glob("*.txt")).read_text("utf-8")
    (folder / "seed.txt").write_text(seed, "utf-8")
    # 1.1M characters on one line: over spaCy's max_length, which used to stop the batch (E088)
    (folder / "huge.txt").write_text("word " * 220_000 + seed.replace("\n", " "), "utf-8")
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(folder), "--out", str(tmp_path / "out")],
                          cwd=repo_root, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "documents: 2" in proc.stdout
    from rdflib import Graph, Literal, URIRef
    g = Graph().parse(tmp_path / "out" / "graph.nt")
    nif = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
    # the seed's names are found at the end of the long text too, at their offsets in it
    offset = 220_000 * 5 + seed.index("Fumio Kishida")
    begins = {int(o) for s, o in g.subject_objects(URIRef(nif + "beginIndex"))
              if (s, URIRef(nif + "anchorOf"), Literal("Fumio Kishida")) in g}
    assert offset in begins


def test_engines_progress_bar_on_a_terminal_gives_documents_per_second(repo_root, corpus, tmp_path):
    import os
    import pty

    main, child = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(tmp_path),
                             "--processes", "2"], cwd=repo_root, stdin=subprocess.DEVNULL, stdout=child,
                            stderr=child, env={**os.environ, "COLUMNS": "120", "TERM": "xterm"})
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not data:
            break
        chunks.append(data)
    os.close(main)
    assert proc.wait(timeout=600) == 0
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert "parse/extract" in screen and "/40" in screen
    # after parsing, the bar names the later stages instead of standing still at 40/40
    assert all(stage in screen.split("40/40", 1)[1] for stage in ("resolve", "write", "store"))
    assert "kg build:" not in screen  # the plain lines are for pipes and logs
    assert re.search(r"\d+(\.\d+)? docs/s", screen), screen[-2000:]
