"""The reference-text NER (``kg.extract.reference_ner``): the shipped weights load from the
package data, run on reference text, and leave news exactly as the small model reads it.
Real model, real weights."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import pytest

from kg.extract.nlp import load_nlp
from kg.extract.pipeline import extract
from kg.extract.reference_ner import LAYOUT, SHIPPED, GatedNER, is_reference, layout
from kg.model import Document

ROOT = Path(__file__).resolve().parents[2]

# written for these tests: a lead section of a reference article, and news
REFERENCE = ("Maren Olufsen (born 4 May 1931) is a Norwegian composer and organist. She studied at the "
             "Royal Danish Academy of Music and wrote the song cycle Vinterlys, first performed at the "
             "Bergen International Festival in 1962.")
NEWS = ("OSLO 2024-03-05 - Shares of Northfleet Shipping rose 4 percent on Tuesday after the company "
        "said it would buy two tankers from a Korean yard, the chief executive told Reuters.")


@pytest.fixture(scope="module")
def base():
    return load_nlp(reference_ner=False)


def _ents(doc):
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def test_reference_ner_weights_are_package_data(nlp):
    assert SHIPPED.is_file() and SHIPPED.stat().st_size < 8_000_000
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["kg"]
    assert any(fnmatch.fnmatch(SHIPPED.relative_to(ROOT / "kg").as_posix(), g) for g in globs)
    gated = nlp.get_pipe("ner")
    assert isinstance(gated, GatedNER) and gated.reference is not None
    assert "reference NER " in nlp.meta["kg_model"]  # a new model changes the record: rebuilds


def test_reference_ner_gate_reads_the_first_sentence_and_the_layout(nlp):
    assert is_reference(nlp(REFERENCE))
    assert not is_reference(nlp(NEWS))  # a dateline
    assert not is_reference(nlp("Shares of Northfleet rose on Tuesday. The company is a shipper."))
    assert not is_reference(nlp("Northfleet is a shipper. It will buy two tankers, its chief said."))
    dated = nlp.make_doc(REFERENCE)
    dated.user_data[LAYOUT] = layout(True, None)
    assert not is_reference(nlp(dated))  # a publication date
    piece = nlp.make_doc(REFERENCE)
    piece.user_data[LAYOUT] = layout(False, None, whole=False)
    assert not is_reference(nlp(piece))  # one piece of a long text


def test_reference_ner_reads_reference_text_as_trained(nlp, base):
    """Re-DocRED calls a festival an event (MISC); the small model calls this one an ORG."""
    start = REFERENCE.index("Bergen International Festival")
    span = (start, start + len("Bergen International Festival"))

    def label(pipeline):
        return {(s, e): lab for s, e, lab in _ents(pipeline(REFERENCE))}.get(span)

    assert label(nlp) == "EVENT" and label(base) != "EVENT"
    names = {REFERENCE[s:e] for s, e, _ in _ents(nlp(REFERENCE))}
    assert {"Maren Olufsen", "Royal Danish Academy of Music"} <= names


def test_reference_ner_leaves_news_as_the_small_model_reads_it(nlp, base):
    assert _ents(nlp(NEWS)) == _ents(base(NEWS))
    # a dated document whose first sentence defines its subject: news all the same
    doc = Document("n1", REFERENCE, date="2024-03-05")
    assert extract(doc, nlp).mentions == extract(doc, base).mentions
    texts = [NEWS, REFERENCE, NEWS]
    assert [_ents(d) for d in nlp.pipe(texts)] == [_ents(nlp(t)) for t in texts]  # batches as one by one
