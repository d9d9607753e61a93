"""Build state: Extraction <-> JSON, the manifest, and planning incremental builds."""

from __future__ import annotations

import json

import pytest

from kg.builder import plan_update
from kg.errors import InputError
from kg.model import Document, Extraction
from kg.store import (
    extraction_from_data,
    extraction_to_data,
    read_manifest,
    read_state,
    save_extraction,
    saved_extraction,
    write_manifest,
    write_state,
)


@pytest.fixture(scope="module")
def seed_extraction(nlp, seeds_dir):
    from kg.extract import extract
    from kg.ingest import collect_documents

    docs, _ = collect_documents([seeds_dir])
    return extract(docs[0], nlp)


def _x(doc_id: str, text: str) -> Extraction:
    return Extraction(Document(doc_id, text), (), (), ())


def test_state_extraction_round_trips_through_json(seed_extraction):
    data = json.loads(json.dumps(extraction_to_data(seed_extraction)))
    assert extraction_from_data(data) == seed_extraction


def test_state_reads_records_with_the_dropped_through_office_mark(seed_extraction):
    """Records saved while evidence carried a ``through_office`` mark (now dropped: a
    nationality is its country whatever the evidence) read the same."""
    data = extraction_to_data(seed_extraction)
    marked = [r for r in data["relations"] if r["provenance"]["extractor"] == "kg.represent.v1"]
    assert marked  # the seed has facts carried to a country
    for r in marked:
        r["provenance"]["through_office"] = True
    assert extraction_from_data(data) == seed_extraction


def test_state_write_then_read(tmp_path, seed_extraction):
    other = _x("other doc/1", "Japan met the United States.")
    manifest = write_state(tmp_path, [seed_extraction, other], settings={"base": "https://e.org/"})
    assert manifest == tmp_path / ".kg" / "manifest.json"
    state = read_state(tmp_path)
    assert state.extractions == tuple(sorted([seed_extraction, other], key=lambda x: x.document.id))
    assert state.settings == {"base": "https://e.org/"}
    # writing a smaller state removes the files of documents no longer listed
    write_state(tmp_path, [other])
    assert len(list((tmp_path / ".kg" / "extractions").glob("*.json"))) == 1
    assert read_state(tmp_path).hashes == {"other doc/1": other.document.content_hash}


def test_state_missing_is_empty(tmp_path):
    assert read_state(tmp_path).extractions == ()


@pytest.mark.parametrize("damage", ["manifest", "extraction", "format"])
def test_state_damaged_raises_input_error(tmp_path, damage):
    write_state(tmp_path, [_x("a", "Some text.")])
    root = tmp_path / ".kg"
    if damage == "manifest":
        (root / "manifest.json").write_text("{not json")
    elif damage == "extraction":
        next((root / "extractions").glob("*.json")).write_text("[]")
    else:
        data = json.loads((root / "manifest.json").read_text())
        data["format"] = "kg.state.v0"
        (root / "manifest.json").write_text(json.dumps(data))
    with pytest.raises(InputError):
        read_state(tmp_path)


A, A2, B = _x("a", "Text A."), _x("a", "Text A, changed."), _x("b", "Text B.")


@pytest.mark.parametrize(
    "previous, docs, extract, kept, added, replaced, skipped",
    [
        ([], [A, B], ["a", "b"], [], ["a", "b"], [], []),
        ([A], [A], [], ["a"], [], [], ["a"]),
        ([A], [B], ["b"], ["a"], ["b"], [], []),
        ([A, B], [A2], ["a"], ["b"], [], ["a"], []),
        ([A], [A2, A], ["a"], [], [], ["a"], []),  # a repeated id: the first one counts
    ],
)
def test_state_plan_update(previous, docs, extract, kept, added, replaced, skipped):
    plan = plan_update({x.document.id: x.document.content_hash for x in previous}, [x.document for x in docs])
    assert [d.id for d in plan.extract] == extract
    assert list(plan.kept) == kept
    assert (list(plan.added), list(plan.replaced), list(plan.skipped)) == (added, replaced, skipped)
    assert plan.unchanged == (not extract)


def test_state_public_api_is_importable():
    import kg.store

    assert sorted(kg.store.__all__) == kg.store.__all__
    assert kg.Extraction is Extraction


def test_state_saved_extraction_is_found_by_content(tmp_path):
    """An extraction saved by a build that stopped before its manifest is found again for
    the same document, and only for it; the next manifest deletes it when it is not listed."""
    a = _x("a", "Text A.")
    entry = save_extraction(tmp_path, a)
    assert read_manifest(tmp_path).documents == {}
    assert saved_extraction(tmp_path, a.document) == a
    assert saved_extraction(tmp_path, A2.document) is None
    write_manifest(tmp_path, {})
    assert saved_extraction(tmp_path, a.document) is None
    assert not (tmp_path / ".kg" / "extractions" / entry["file"]).exists()


def test_state_changed_document_never_overwrites_the_listed_file(tmp_path):
    write_state(tmp_path, [A])
    listed = read_manifest(tmp_path).documents["a"]["file"]
    before = (tmp_path / ".kg" / "extractions" / listed).read_bytes()
    save_extraction(tmp_path, A2)  # a changed document, saved while its build runs
    assert (tmp_path / ".kg" / "extractions" / listed).read_bytes() == before
    assert read_state(tmp_path).extractions == (A,)  # the state is still the old one, readable
