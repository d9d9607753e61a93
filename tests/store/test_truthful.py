"""Truthful records, with real `kg build` processes: the store holds exactly the quads of
graph.nq (no literal rewritten), the same inputs named by a relative or an absolute path
give the same bytes, and the manifest says which spaCy, model and lexicons made the graph."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pyoxigraph as ox
import pytest

TEXT = ("date 2024-05-06 Kessler Motors, the Bremen carmaker led by chief executive Anna Brandt, "
        "agreed to buy Nordlicht Batteries for 1.2 billion euros, the company said on Monday. "
        "Brandt met German economy minister Jonas Weber in Berlin.\n")


def _build(cwd, *args):
    proc = subprocess.run([sys.executable, "-m", "kg", "build", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def built(tmp_path_factory, seeds_dir):
    root = tmp_path_factory.mktemp("truthful")
    news = root / "news"
    news.mkdir()
    shutil.copy(next(seeds_dir.glob("*.txt")), news / "seed.txt")
    (news / "kessler.txt").write_text(TEXT, "utf-8")
    lexicon = root / "cars.jsonl"
    lexicon.write_text(json.dumps({"label": "ORG", "name": "Kessler Motors", "aliases": ["Kessler"]}) + "\n",
                       "utf-8")
    _build(root, "news", "--out", "rel")
    _build(root.parent, root / "news", "--out", root / "abs")
    _build(root, "./news/", "--out", "lex", "--lexicon", lexicon)
    return root


def test_truthful_store_holds_exactly_the_quads_of_the_files(built):
    files = set(ox.parse(path=str(built / "rel" / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    store = ox.Store.read_only(str(built / "rel" / "store"))
    held = set(store.quads_for_pattern(None, None, None, None))
    assert files == held, (sorted(map(str, files - held))[:3], sorted(map(str, held - files))[:3])
    triples = {q.triple for q in files}
    assert triples == {q.triple for q in ox.parse(path=str(built / "rel" / "graph.nt"),
                                                   format=ox.RdfFormat.N_TRIPLES)}
    kinds = {q.object.datatype.value.rsplit("#", 1)[1] for q in files if isinstance(q.object, ox.Literal)}
    assert {"decimal", "integer"} <= kinds


@pytest.mark.parametrize("name", ["graph.nq", "graph.nt", "graph.ttl", "graph.jsonld", "graph.graphml"])
def test_truthful_relative_and_absolute_inputs_give_the_same_bytes(built, name):
    assert (built / "rel" / name).read_bytes() == (built / "abs" / name).read_bytes()
    if name != "graph.graphml":  # GraphML holds entities and relations, not documents
        assert b"news/kessler.txt" in (built / "rel" / name).read_bytes()
    assert str(built).encode() not in (built / "abs" / name).read_bytes()


def test_truthful_manifest_names_spacy_the_model_and_the_lexicons(built):
    import spacy

    def models(folder):
        return json.loads((built / folder / ".kg" / "manifest.json").read_text("utf-8"))["settings"]["models"]

    (plain,) = models("rel")
    (with_lexicon,) = models("lex")
    assert f"spaCy {spacy.__version__}" in plain and "lexicons " in plain
    assert plain.split(" (")[0] == with_lexicon.split(" (")[0]  # the same model ...
    assert plain != with_lexicon  # ... with another lexicon
