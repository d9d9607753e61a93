"""Readers for .txt, .md and .jsonl, and how bad input is reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import InputError, KGError
from kg.extract.pipeline import masked_text
from kg.ingest import iter_documents, supported_suffixes
from kg.registry import readers

MARKDOWN = (
    "---\ntitle: Chips pact\ndate: 2024-03-30\nurl: https://example.org/a\n---\n"
    "# Chips pact\n\nJapan and the **US** work with [Nvidia](https://nvidia.com).\n\n"
    "## Background\n\nMore text here.\n"
)


def _docs(items):
    return [d for d in items if not isinstance(d, InputError)]


def _errors(items):
    return [d for d in items if isinstance(d, InputError)]


def test_readers_registered_suffixes():
    assert supported_suffixes() == [".jsonl", ".md", ".txt"]
    assert sorted(readers.get_all()) == supported_suffixes()


def test_readers_txt(tmp_path):
    text = "date 2024-03-30 Japan met the US.\n"
    (tmp_path / "a b.txt").write_text(text, encoding="utf-8")
    (doc,) = iter_documents([tmp_path / "a b.txt"])
    assert (doc.id, doc.text, doc.date, doc.source) == ("a_b", text, "2024-03-30", "a b.txt")


def test_readers_txt_bom_is_dropped(tmp_path):
    (tmp_path / "a.txt").write_bytes("\ufeffJapan met the US.".encode())
    (doc,) = iter_documents([tmp_path / "a.txt"])
    assert doc.text == "Japan met the US."


def test_readers_md_masks_markup_and_keeps_offsets(tmp_path):
    (tmp_path / "a.md").write_text(MARKDOWN, encoding="utf-8")
    (doc,) = iter_documents([tmp_path / "a.md"])
    assert (doc.id, doc.title, doc.date) == ("a", "Chips pact", "2024-03-30")
    assert doc.url == "https://example.org/a"
    assert doc.text == MARKDOWN
    masked = masked_text(doc)
    assert len(masked) == len(MARKDOWN)
    words = masked.split()
    assert words == ["Japan", "and", "the", "US", "work", "with", "Nvidia", ".", "More", "text", "here."]
    start = MARKDOWN.index("Nvidia")
    assert masked[start : start + 6] == "Nvidia"


def test_readers_md_title_from_first_heading(tmp_path):
    (tmp_path / "b.md").write_text("# Chips pact\n\nJapan met the US.\n", encoding="utf-8")
    (doc,) = iter_documents([tmp_path / "b.md"])
    assert doc.title == "Chips pact"
    assert masked_text(doc).startswith("  Chips pact\n")  # the marker only is masked


def test_readers_jsonl(tmp_path):
    lines = [
        json.dumps({"text": "Japan met the US.", "title": "T", "date": "2024-03-30", "id": "x1",
                    "url": "https://example.org/x1"}),
        json.dumps({"text": "Biden met Kishida."}),
    ]
    (tmp_path / "b.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs = list(iter_documents([tmp_path / "b.jsonl"]))
    assert [(d.id, d.title, d.date, d.url) for d in docs] == [
        ("x1", "T", "2024-03-30", "https://example.org/x1"), ("b-2", None, None, None)]
    assert [d.source for d in docs] == ["b.jsonl:1", "b.jsonl:2"]  # relative to the input


def test_readers_folder_is_walked_in_sorted_order(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Biden met Kishida.", encoding="utf-8")
    (tmp_path / "a.md").write_text("Japan met the US.", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    assert [d.id for d in iter_documents([tmp_path])] == ["a", "b"]


# file name, bytes, expected problem (a substring of the message)
BAD_FILES = {
    "binary": ("d.txt", b"\x00\x01\x02binary", "binary file"),
    "bad-utf16": ("e.txt", b"\xff\xfe\x00\xd8", "not UTF-16 text despite its byte order mark"),
    "binary-no-nul": ("e2.txt", bytes(range(0x80, 0x100)) * 10, "binary file"),
    "empty": ("f.txt", b"", "empty file"),
    "blank": ("g.md", b"  \n\n", "empty file"),
    "unsupported-suffix": ("h.pdf", b"%PDF-1.4", "unsupported file type '.pdf'"),
    "binary-jsonl": ("i.jsonl", b"\x00\x00", "binary file"),
}


@pytest.mark.parametrize("name,data,problem", [pytest.param(*c, id=k) for k, c in BAD_FILES.items()])
def test_readers_bad_file_is_reported_and_batch_goes_on(tmp_path, name, data, problem):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text("Japan met the US.", encoding="utf-8")
    items = list(iter_documents([tmp_path / name, tmp_path / "good.txt"]))
    (err,) = _errors(items)
    assert isinstance(err, KGError) and isinstance(err, ValueError)
    assert err.source == str(tmp_path / name)
    assert str(err).startswith(f"{tmp_path / name}: ")
    assert problem in err.problem
    assert [d.id for d in _docs(items)] == ["good"]


@pytest.mark.parametrize(
    "lines,problems,good",
    [
        pytest.param(['{"text": "Japan met the US."}', "not json", '{"text": "Biden met Kishida."}'],
                     {2: "invalid JSON"}, ["b-1", "b-3"], id="invalid-json"),
        pytest.param(['{"foo": 1}', '{"text": "Japan met the US."}'],
                     {1: "string field 'text'"}, ["b-2"], id="no-text"),
        pytest.param(['["a list"]', '{"text": "Japan met the US."}'],
                     {1: "string field 'text'"}, ["b-2"], id="not-an-object"),
        pytest.param(['{"text": "  "}', "", '{"text": "Japan met the US."}'],
                     {1: "empty 'text'"}, ["b-3"], id="empty-text-and-blank-line"),
    ],
)
def test_readers_jsonl_bad_line_names_file_and_line(tmp_path, lines, problems, good):
    path = tmp_path / "b.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_documents([path]))
    errors = _errors(items)
    assert {int(e.source.rsplit(":", 1)[1]): e.problem for e in errors}.keys() == problems.keys()
    for e in errors:
        assert e.source.startswith(f"{path}:")
        assert problems[int(e.source.rsplit(":", 1)[1])] in e.problem
    assert [d.id for d in _docs(items)] == good


@pytest.mark.parametrize(
    "make,problem",
    [
        pytest.param(lambda p: p / "missing", "no such file or folder", id="missing-folder"),
        pytest.param(lambda p: p / "missing.txt", "no such file or folder", id="missing-file"),
        pytest.param(lambda p: (p / "empty").mkdir() or p / "empty", "no .jsonl, .md, .txt files in folder",
                     id="empty-folder"),
    ],
)
def test_readers_missing_input(tmp_path, make, problem):
    path = make(tmp_path)
    (tmp_path / "good.txt").write_text("Japan met the US.", encoding="utf-8")
    items = list(iter_documents([path, tmp_path / "good.txt"]))
    (err,) = _errors(items)
    assert (err.source, err.problem) == (str(path), problem)
    assert [d.id for d in _docs(items)] == ["good"]


def test_readers_repeated_document_id_is_an_error(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("Japan met the US.", encoding="utf-8")
    (tmp_path / "x.md").write_text("Biden met Kishida.", encoding="utf-8")
    items = list(iter_documents([tmp_path / "a", tmp_path / "x.md"]))
    (err,) = _errors(items)
    assert err.source == str(tmp_path / "x.md")
    assert "document id 'x' already used" in err.problem
    assert [d.source for d in _docs(items)] == ["a/x.txt"]


@pytest.mark.parametrize(
    "record,date",
    [
        pytest.param({"text": "Japan met the US.", "date": "2024-03-30"}, "2024-03-30", id="iso"),
        pytest.param({"text": "Japan met the US.", "date": "March 30, 2024"}, "2024-03-30", id="written"),
        pytest.param({"text": "Japan met the US.", "date": 2024}, None, id="not-a-string"),
    ],
)
def test_readers_jsonl_date_is_iso(tmp_path, record, date):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    items = list(iter_documents([path]))
    docs = _docs(items)
    assert [d.date for d in docs] == [date] or (date is None and not docs and _errors(items))


def test_readers_source_is_the_same_for_a_relative_and_an_absolute_path(tmp_path, monkeypatch):
    (tmp_path / "news" / "2024").mkdir(parents=True)
    (tmp_path / "news" / "2024" / "a.txt").write_text("Biden met Kishida.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    named = [[d.source for d in _docs(iter_documents([p]))]
             for p in ("news", "./news/", tmp_path / "news", Path("news/2024/../2024/..").resolve())]
    assert named == [["news/2024/a.txt"]] * 4
    assert [d.source for d in _docs(iter_documents(["news/2024/a.txt", tmp_path / "news/2024/a.txt"]))] \
        == ["a.txt"]  # the same file twice: one document (the second is a repeated id)
