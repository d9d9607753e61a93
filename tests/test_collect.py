"""kg.ingest.collect_documents: paths, folders and article strings."""

from __future__ import annotations

from kg.ingest import collect_documents


def test_collect_missing_path_with_space_is_an_error_not_text():
    docs, errors = collect_documents(["my dir/a.txt", "Japan met the US."])
    assert errors == ["my dir/a.txt: no such file or folder"]
    assert [d.text for d in docs] == ["Japan met the US."]
