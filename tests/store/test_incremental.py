"""Incremental builds with the real model: A then B equals A+B, re-building changes
nothing, changed documents are replaced, removed ones leave no trace, failures are safe."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.compare import isomorphic

import kg
from kg.builder import build_folder, remove_documents
from kg.errors import ExportError, UnknownNameError
from kg.graph import doc_graph
from kg.store import open_store, read_manifest, read_state, store_path

TEXT_C = (
    "date 2024-04-12 Toyota and Nvidia signed a partnership on autonomous driving on Friday. "
    "Japan welcomed the deal. Nvidia works with Toyota and Sony on chips."
)


@pytest.fixture(scope="module")
def docs(seeds_dir):
    text = next(seeds_dir.glob("*.txt")).read_text("utf-8")
    paras = text.split("\n\n")
    half = len(paras) // 2
    return {
        "a": kg.document_from_string("\n\n".join(paras[:half]), id="a"),
        "b": kg.document_from_string("\n\n".join(paras[half:]), id="b"),
        "c": kg.document_from_string(TEXT_C, id="c"),
    }


def _build(out, documents, nlp, **kw):
    result = build_folder(out, documents, nlp=nlp, **kw)
    return result.graph, result.plan, result.output


def _nt(out) -> rdflib.Graph:
    return rdflib.Graph().parse(out / "graph.nt", format="nt")


def _store_graphs(out) -> dict[str, rdflib.Graph]:
    """Named graph IRI -> rdflib graph of the store's content."""
    import pyoxigraph as ox

    store = open_store(out)
    return {
        g.value: rdflib.Graph().parse(
            data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g).decode("utf-8"), format="nt")
        for g in store.named_graphs()
    }


def _same_store(x, y) -> bool:
    gx, gy = _store_graphs(x), _store_graphs(y)
    return gx.keys() == gy.keys() and all(isomorphic(gx[k], gy[k]) for k in gx)


def _canonical(g: rdflib.Graph) -> rdflib.Graph:
    """``g`` with literals in Oxigraph's canonical form ("0.850" -> "0.85")."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(g.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES,
                                                   from_graph=ox.DefaultGraph()).decode("utf-8"),
                              format="nt")


def test_incremental_a_then_b_equals_a_and_b(tmp_path, nlp, docs):
    one, two = tmp_path / "one", tmp_path / "two"
    _build(one, [docs["a"]], nlp)
    _, plan, _ = _build(one, [docs["b"]], nlp)
    assert plan.added == ("b",) and list(plan.kept) == ["a"]
    _build(two, [docs["a"], docs["b"]], nlp)
    assert isomorphic(_nt(one), _nt(two))
    assert _same_store(one, two)


def test_incremental_order_does_not_matter(tmp_path, nlp, docs):
    one, two = tmp_path / "one", tmp_path / "two"
    _build(one, [docs["c"]], nlp)
    _build(one, [docs["b"], docs["a"]], nlp)
    _build(two, [docs["a"], docs["b"], docs["c"]], nlp)
    assert isomorphic(_nt(one), _nt(two))
    assert _same_store(one, two)


def test_incremental_rebuild_changes_nothing(tmp_path, nlp, docs):
    out = tmp_path / "out"
    _build(out, [docs["a"], docs["b"]], nlp)
    before_nt = _nt(out)
    before_state = {p.name: p.read_bytes() for p in (out / ".kg").rglob("*.json")}
    before_store = sorted(p.name for p in store_path(out).iterdir())
    _, plan, written = _build(out, [docs["a"], docs["b"]], nlp)
    assert plan.unchanged and plan.skipped == ("a", "b")
    assert not written.store.changed
    assert sorted(p.name for p in store_path(out).iterdir()) == before_store  # store untouched
    assert {p.name: p.read_bytes() for p in (out / ".kg").rglob("*.json")} == before_state
    assert isomorphic(_nt(out), before_nt)


def test_incremental_store_matches_exports(tmp_path, nlp, docs):
    out = tmp_path / "out"
    graph, _, written = _build(out, list(docs.values()), nlp)
    union = rdflib.Graph()
    for g in _store_graphs(out).values():
        union += g
    assert isomorphic(union, _canonical(_nt(out)))
    assert isomorphic(_nt(out), graph.to_rdf())
    assert written.store.quads == len(graph.to_rdf())
    names = {doc_graph(graph.base, d) for d in "abc"}
    assert names <= set(_store_graphs(out))


def test_incremental_changed_document_is_replaced(tmp_path, nlp, docs):
    one, two = tmp_path / "one", tmp_path / "two"
    changed = kg.document_from_string(TEXT_C.replace("Sony", "Panasonic"), id="c")
    _build(one, [docs["a"], docs["c"]], nlp)
    _, plan, written = _build(one, [changed], nlp)
    assert plan.replaced == ("c",)
    assert written.store.replaced  # the document's graph (and the entities) were replaced
    _build(two, [docs["a"], changed], nlp)
    assert isomorphic(_nt(one), _nt(two))
    assert _same_store(one, two)
    labels = {str(o) for o in _nt(one).objects(None, rdflib.RDFS.label)}
    assert "Panasonic" in labels and "Sony" not in labels


def test_incremental_remove_equals_never_added(tmp_path, nlp, docs):
    one, two = tmp_path / "one", tmp_path / "two"
    _build(one, list(docs.values()), nlp)
    graph, written = remove_documents(one, ["c"])
    assert "c" not in graph.documents
    assert written.store.removed == (doc_graph(graph.base, "c"),)
    _build(two, [docs["a"], docs["b"]], nlp)
    assert isomorphic(_nt(one), _nt(two))
    assert _same_store(one, two)
    labels = {str(o) for o in _nt(one).objects(None, rdflib.RDFS.label)}
    assert "Toyota" not in labels  # only document c mentioned it
    assert [x.document.id for x in read_state(one).extractions] == ["a", "b"]


def test_incremental_remove_unknown_lists_documents(tmp_path, nlp, docs):
    _build(tmp_path, [docs["a"]], nlp)
    with pytest.raises(UnknownNameError, match="Available names: a"):
        remove_documents(tmp_path, ["nope"])


def test_incremental_fresh_ignores_the_state(tmp_path, nlp, docs):
    _build(tmp_path, [docs["a"]], nlp)
    graph, plan, _ = _build(tmp_path, [docs["b"]], nlp, fresh=True)
    assert graph.documents == ("b",) and plan.kept == ()
    assert [x.document.id for x in read_state(tmp_path).extractions] == ["b"]


def test_incremental_failed_store_write_keeps_everything(tmp_path, nlp, docs, monkeypatch):
    import kg.store.oxigraph as oxi

    out = tmp_path / "out"
    _build(out, [docs["a"]], nlp)
    manifest = (out / ".kg" / "manifest.json").read_bytes()
    listed = {p.name: p.read_bytes() for p in (out / ".kg" / "extractions").glob("*.json")}
    store_before = _store_graphs(out)

    def broken_load(new, nquads):
        new.mkdir()  # half-written
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(oxi, "load_store", broken_load)
    with pytest.raises(ExportError, match="cannot write the store"):
        build_folder(out, [docs["b"]], nlp=nlp)
    monkeypatch.undo()
    # the old store and the old state are intact; no half-built store is left behind
    after = _store_graphs(out)
    assert after.keys() == store_before.keys()
    assert all(isomorphic(after[k], store_before[k]) for k in after)
    assert (out / ".kg" / "manifest.json").read_bytes() == manifest
    assert all((out / ".kg" / "extractions" / name).read_bytes() == data for name, data in listed.items())
    assert list(read_manifest(out).documents) == ["a"]
    assert not any(p.name.startswith(".store.new") or p.name.endswith(".tmp") for p in out.iterdir())
    # and the next run repairs everything, reading b's extraction saved by the failed run
    import kg.builder

    def no_parsing(*args, **kwargs):
        raise AssertionError("b was parsed again")

    monkeypatch.setattr(kg.builder, "extract_documents", no_parsing)
    _, plan, written = _build(out, [docs["b"]], nlp=None)
    assert plan.added == ("b",) and written.store.changed
    assert list(read_manifest(out).documents) == ["a", "b"]


def test_incremental_interrupted_swap_is_recovered(tmp_path, nlp, docs):
    out = tmp_path / "out"
    _build(out, [docs["a"]], nlp)
    before = _store_graphs(out)
    store_path(out).rename(out / ".store.old")  # as if killed between the two renames
    after = _store_graphs(out)
    assert after.keys() == before.keys()
