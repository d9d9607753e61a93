"""A user's ``--lexicon`` entry names its entity as a shipped entry does: one entity with
the entry's name as label, its label as type and the alias forms of the text as aliases,
through ``kg.build``, incremental ``build_folder`` and ``kg build --processes 2`` (a real
process); a bad entry is one error line naming the file and line, and nothing is written."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

import kg
from kg.builder import build_folder, remove_documents
from kg.errors import InputError
from kg.knowledge.lexicon import LexiconEntry, read_lexicon, shipped

ENTRY = {"label": "ORG", "name": "Kessler Motors", "aliases": ["Kessler", "KM"], "match": "exact"}
# the canonical name never appears alone: without the lexicon the entity is "KM" plus a
# separate "Kessler Motors Inc."
TEXT = ("KM reported higher sales on Monday. Kessler said the Kessler Motors Inc. plant in Ohio "
        "would open soon.")
OTHER = "Analysts in Detroit said KM would hire 2,000 workers next year."
IRI = "<https://w3id.org/kg/id/entity/org/Kessler_Motors>"


@pytest.fixture(scope="module")
def lexicon(tmp_path_factory):
    path = tmp_path_factory.mktemp("lexicon") / "kessler.jsonl"
    path.write_text("# a user's lexicon\n" + json.dumps(ENTRY) + "\n", "utf-8")
    return path


@pytest.fixture(scope="module")
def user_nlp(lexicon):
    """The English pipeline with the user's lexicon (``load_nlp`` keeps its entries)."""
    return kg.load_nlp(lexicons=[lexicon])


def _kessler(graph):
    """The one entity the lexicon entry names."""
    found = [e for e in graph.entities if e.key == "org:kessler_motors" or "Kessler" in e.name]
    assert len(found) == 1, found
    return found[0]


def test_lexicon_user_entry_names_the_entity(lexicon):
    graph = kg.build([TEXT], lexicons=[lexicon])
    e = _kessler(graph)
    assert (e.name, e.type, e.key) == ("Kessler Motors", "ORG", "org:kessler_motors")
    assert {"KM", "Kessler", "Kessler Motors Inc."} <= set(e.aliases)
    assert len(e.mention_ids) == 3


def test_lexicon_user_entry_of_a_given_pipeline_reaches_resolution(user_nlp):
    assert _kessler(kg.build([TEXT], nlp=user_nlp)).name == "Kessler Motors"


def test_lexicon_without_user_entry_is_unchanged(seed_graph, seeds_dir):
    graph = kg.build([seeds_dir], lexicons=[])
    assert graph.entities == seed_graph.entities


def test_lexicon_incremental_build_and_remove_keep_the_entry(user_nlp, lexicon, tmp_path):
    out = tmp_path / "out"
    build_folder(out, [kg.Document("a", TEXT)], nlp=user_nlp, lexicons=[lexicon], store=False)
    # the second build loads its own pipeline from the lexicon file
    result = build_folder(out, [kg.Document("b", OTHER)], lexicons=[lexicon], store=False)
    assert result.plan.added == ("b",)
    e = _kessler(result.graph)
    assert e.name == "Kessler Motors" and {m.split("#")[0] for m in e.mention_ids} == {"a", "b"}
    graph, _ = remove_documents(out, ["a"], store=False)
    assert _kessler(graph).name == "Kessler Motors"


def test_lexicon_cli_with_workers(repo_root, lexicon, tmp_path):
    """``kg build --lexicon --processes 2``: 20 articles (two batches) in worker processes."""
    corpus = tmp_path / "articles.jsonl"
    lines = [json.dumps({"id": f"d{k:02d}", "text": f"{TEXT if k % 2 else OTHER} Report {k}."})
             for k in range(20)]
    corpus.write_text("\n".join(lines) + "\n", "utf-8")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "-q",
                           "--processes", "2", "--lexicon", str(lexicon)],
                          cwd=repo_root, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in (out / "graph.nt").read_text("utf-8").splitlines() if line.startswith(IRI)]
    label = [line for line in lines if "rdf-schema#label" in line]
    alt = {m.group(1) for line in lines for m in [re.search(r'altLabel> "([^"]+)"', line)] if m}
    assert label == [f'{IRI} <http://www.w3.org/2000/01/rdf-schema#label> "Kessler Motors" .']
    assert any("schema.org/Organization" in line for line in lines)
    assert {"KM", "Kessler"} <= alt
    assert not any('"Kessler Motors Inc."' in line and "rdf-schema#label" in line
                   for line in (out / "graph.nt").read_text("utf-8").splitlines())


@pytest.mark.parametrize(("line", "problem"), [
    ('{"label": "ORG", "name": "X", "aliases": ["Y"]', "not JSON"),
    ('{"label": "ORG", "aliases": ["Y"]}', '"name" must be a non-empty string'),
    ('{"label": "ORG", "name": "X", "aliases": "Y"}', '"aliases" must be a list'),
    ('{"label": "ORG", "name": "X", "match": "fuzzy"}', '"match" must be "exact" or "lower"'),
    ('{"label": "ORG", "name": "X", "alias": ["Y"]}', "unknown field 'alias'"),
])
def test_lexicon_bad_line_names_file_and_line(tmp_path, line, problem):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(ENTRY) + "\n" + line + "\n", "utf-8")
    with pytest.raises(InputError) as info:
        read_lexicon(path)
    assert str(info.value).startswith(f"{path}:2: ") and problem in str(info.value)


def test_lexicon_cli_bad_line_is_one_error_and_writes_nothing(repo_root, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(ENTRY) + '\n{"label": "ORG"}\n', "utf-8")
    text = tmp_path / "a.txt"
    text.write_text(TEXT, "utf-8")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(text), "--out", str(out),
                           "--lexicon", str(path)],
                          cwd=repo_root, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 2
    errors = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith(f"error: {path}:2: "), proc.stderr
    assert not out.exists()


def test_lexicon_entry_key_and_shipped_entries():
    e = LexiconEntry.of(ENTRY)
    assert (e.key, e.names) == ("org:kessler_motors", ("Kessler Motors", "Kessler", "KM"))
    lex = shipped().with_entries([e])
    assert lex.names()["org:kessler_motors"] == "Kessler Motors"
    assert lex.by_words()[("ORG", ("km",))] == "org:kessler_motors"
    assert "kessler" in lex.makers()
    assert shipped().with_entries([]) is shipped()
