"""Files in other encodings than UTF-8 (byte order marks, Windows-1252, Latin-1),
content-identical documents, and named pipes (FIFOs) as inputs."""

from __future__ import annotations

import json
import os
import threading

import pytest

from kg.builder import drop_duplicates
from kg.errors import InputError
from kg.ingest import gather, iter_documents
from kg.ingest.text import decode_text
from kg.model import Document

NEWS = "Renée Dupont of Société Générale said “no” to Nestlé — in Genève.\n"
LATIN = "Le café de la gare à Genève a été vendu à Nestlé pour 5 millions £.\n"


@pytest.mark.parametrize(
    "raw,text,encoding",
    [
        pytest.param(("\ufeff" + NEWS).encode("utf-16-le"), NEWS, "UTF-16 (byte order mark)", id="utf-16-le"),
        pytest.param(("\ufeff" + NEWS).encode("utf-16-be"), NEWS, "UTF-16 (byte order mark)", id="utf-16-be"),
        pytest.param(("\ufeff" + NEWS).encode("utf-32-le"), NEWS, "UTF-32 (byte order mark)", id="utf-32-le"),
        pytest.param(("\ufeff" + NEWS).encode("utf-32-be"), NEWS, "UTF-32 (byte order mark)", id="utf-32-be"),
        pytest.param(("\ufeff" + NEWS).encode("utf-8"), NEWS, None, id="utf-8-bom"),
        pytest.param(NEWS.encode("cp1252"), NEWS, "cp1252", id="cp1252"),
        pytest.param(LATIN.encode("latin-1"), LATIN, "cp1252", id="latin-1"),
        pytest.param("caf\u00e9\n".encode("latin-1"), "caf\u00e9\n", "cp1252", id="latin-1-short"),
    ],
)
def test_decoding_boms_and_single_byte_encodings(raw, text, encoding):
    assert decode_text(raw, "a.txt") == (text, encoding)


def test_decoding_other_scripts_are_detected():
    ru = "Президент России встретился с премьер-министром Японии в Москве."
    assert decode_text(ru.encode("cp1251"), "ru.txt") == (ru, "cp1251")


@pytest.mark.parametrize("raw", [b"\x00\x01binary", bytes(range(0x80, 0x100)) * 10,
                                 b"\x89PNG\r\n\x1a\n" + bytes(range(1, 256)) * 4], ids=["nul", "high", "png"])
def test_decoding_binary_is_refused(raw):
    with pytest.raises(InputError, match="binary file, expected UTF-8 text"):
        decode_text(raw, "b.txt")


@pytest.mark.parametrize("suffix,make", [
    (".txt", lambda t: t),
    (".md", lambda t: "# Title\n\n" + t),
    (".jsonl", lambda t: json.dumps({"id": "x", "text": t.strip()}, ensure_ascii=False) + "\n"),
])
def test_decoding_every_reader_notes_the_encoding(tmp_path, suffix, make):
    path = tmp_path / f"w{suffix}"
    path.write_bytes(make(NEWS).encode("cp1252"))
    found = gather([path])
    assert found.errors == []
    (doc,) = found.documents
    assert NEWS.strip() in doc.text
    assert found.notes == [f"{path}: read as cp1252, not UTF-8"]


def test_decoding_duplicates_are_built_once_whatever_the_order():
    docs = [Document("b", "Same text."), Document("c", "Other."), Document("a", "Same text.")]
    for order in (docs, docs[::-1]):
        kept, notes = drop_duplicates(order)
        assert sorted(d.id for d in kept) == ["a", "c"]
        assert notes == ["b is the same text as a: built once"]
    kept, notes = drop_duplicates(docs, {"ignored": "z"})
    assert sorted(d.id for d in kept) == ["a", "c"]


def test_decoding_duplicate_of_a_document_already_in_the_folder():
    from kg.store.state import text_hash

    held = {text_hash("Same text."): "old"}
    docs = [Document("a", "Same text.", source="a.txt"), Document("old", "Same text.")]
    kept, notes = drop_duplicates(docs, held, where="out")
    assert [d.id for d in kept] == ["old"]
    assert notes == ["a.txt is the same text as 'old' (already in out): not built"]


def _fifo(tmp_path, name, data: bytes):
    path = tmp_path / name
    os.mkfifo(path)

    def feed():
        with open(path, "wb") as f:  # waits for the reader
            f.write(data)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    return path, writer


@pytest.mark.parametrize("name", ["pipe", "pipe.txt"])
def test_decoding_fifo_argument_is_read(tmp_path, name):
    path, writer = _fifo(tmp_path, name, NEWS.encode("utf-8"))
    (doc,) = iter_documents([path])
    writer.join(timeout=10)
    assert (doc.id, doc.text, doc.source) == ("pipe", NEWS, path.name)


def test_decoding_fifo_in_a_folder_is_reported_not_read(tmp_path):
    (tmp_path / "in").mkdir()
    os.mkfifo(tmp_path / "in" / "feed.txt")
    (tmp_path / "in" / "good.txt").write_text("Japan met the US.", encoding="utf-8")
    items = list(iter_documents([tmp_path / "in"]))
    errors = [str(e) for e in items if isinstance(e, InputError)]
    assert errors == [f"{tmp_path / 'in' / 'feed.txt'}: named pipe (FIFO) in a folder, not read; "
                      "give it as an input of its own to read it"]
    assert [d.id for d in items if isinstance(d, Document)] == ["good"]
