"""The reference-text NER: the small model's ``ner`` fine-tuned on encyclopedia lead
sections (``scripts/train_ner.py``), run only on reference text.

``load_nlp`` puts the ``kg_gated_ner`` component where the pipeline's ``ner`` was (under
the same name): it holds both recognizers and, batch by batch, sends each document to one
of them, so no document is read twice.  A document goes to the reference model when it
is undated (no publication date, no dateline) and its first sentence after the title
defines its subject ("X (born 1963) is a German politician", as ``pairs.reference_text``
and the news pair classifier's ``_defines_subject`` read it) and it reports nobody's words
("said", "told": ``news.news_cues``); news, and texts parsed in pieces, keep the small
model's NER unchanged.

The weights are package data (``kg/data/models/ner-reference.bin.gz``: the ``ner``
component's bytes, gzipped), read once, never downloaded.  The parser has run before the
NER in spaCy's English pipelines, so the first sentence is known when the choice is made.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

NER_USED = "kg_ner"  # Doc.user_data key: "reference" on the documents the reference NER read
SHIPPED = Path(__file__).resolve().parents[1] / "data" / "models" / "ner-reference.bin.gz"
LAYOUT = "kg_layout"  # Doc.user_data key: {"dated": bool, "title": str | None, "whole": bool}
BASE = ("core_web_sm", "3.8.")  # the pipeline the weights were fine-tuned from (or its PyPI copy)


@lru_cache(maxsize=4)
def _read(path: str) -> tuple[bytes, str]:
    data = Path(path).read_bytes()
    raw = gzip.decompress(data) if path.endswith(".gz") else data
    return raw, hashlib.sha256(raw).hexdigest()[:12]


def weights(path: str | Path | None = None) -> tuple[bytes, str] | None:
    """The reference NER's bytes and their digest (``None`` when the file is missing)."""
    p = Path(path) if path is not None else SHIPPED
    return _read(str(p)) if p.is_file() else None


def fits(nlp: Any) -> bool:
    """Whether ``nlp`` is the pipeline the shipped weights were fine-tuned from."""
    meta = getattr(nlp, "meta", {}) or {}
    return ("ner" in nlp.pipe_names and meta.get("lang") == "en"
            and str(meta.get("name", "")).startswith(BASE[0])
            and str(meta.get("version", "")).startswith(BASE[1]))


def layout(dated: bool, title: str | None, whole: bool = True) -> dict[str, Any]:
    """What the gate reads of a document besides its text: whether it is dated, its title,
    and whether the Doc is the whole text (not one piece of a long one)."""
    return {"dated": dated, "title": title, "whole": whole}


def is_reference(doc: Doc) -> bool:
    """Whether ``doc`` goes to the reference NER: undated, whole, reporting nobody's words,
    and its first sentence after the title defines its subject (``pairs.reference_text``
    and ``defines_subject``).
    Without a layout (a bare ``nlp(text)``) the dateline is read from the text.

    Example:
        >>> from kg.extract.nlp import load_nlp
        >>> nlp = load_nlp()
        >>> is_reference(nlp("Ann Lee (born 1950) is an English painter."))
        True
        >>> is_reference(nlp("LONDON 1996-08-30 - Gold rose on Friday."))
        False
    """
    from kg.extract.patterns.news import _DATELINE, defines_subject, reports
    from kg.extract.patterns.pairs import _DEFINITION

    info = doc.user_data.get(LAYOUT) or layout(bool(_DATELINE.match(doc.text[:300])), None)
    if info["dated"] or not info["whole"]:
        return False
    sents = [s for s in doc.sents if s.text.strip()]
    title = info["title"]
    if title and len(sents) > 1 and sents[0].text.strip() == title.strip():
        sents = sents[1:]
    return (bool(sents) and bool(_DEFINITION.search(sents[0].text))
            and defines_subject(list(sents[0]), sents[0].text) and not reports(doc))


class GatedNER:
    """The pipeline's NER on news, the reference NER on reference text."""

    def __init__(self, base: Any = None, reference: Any = None) -> None:
        self.base = base
        self.reference = reference

    def __call__(self, doc: Doc) -> Doc:
        if is_reference(doc):
            doc.user_data[NER_USED] = "reference"
            return self.reference(doc)
        return self.base(doc)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(docs, batch_size):
            refs = [is_reference(d) for d in batch]
            done = iter(self.reference.pipe([d for d, r in zip(batch, refs, strict=True) if r],
                                            batch_size=batch_size))
            rest = iter(self.base.pipe([d for d, r in zip(batch, refs, strict=True) if not r],
                                       batch_size=batch_size))
            for r in refs:
                if r:
                    doc = next(done)
                    doc.user_data[NER_USED] = "reference"
                    yield doc
                else:
                    yield next(rest)


@Language.factory("kg_gated_ner")
def make_gated_ner(nlp: Language, name: str) -> GatedNER:
    return GatedNER()


def reference_recognizer(nlp: Any, data: bytes) -> Any:
    """A ``ner`` component like ``nlp``'s, holding ``data`` (``ner.to_bytes(exclude=["vocab"])``)."""
    cfg = {k: v for k, v in nlp.config["components"]["ner"].items() if k != "factory"}
    ner = nlp.create_pipe("ner", config=cfg)
    return ner.from_bytes(data, exclude=["vocab"])


def install(nlp: Any, path: str | Path | None = None) -> str | None:
    """Put the gated NER in ``nlp`` in place of its ``ner`` (the shipped weights, or those
    at ``path``); the weights' digest, or ``None`` when ``nlp`` is not the base pipeline or
    there are no weights."""
    found = weights(path)
    if found is None or not fits(nlp):
        return None
    data, digest = found
    names = nlp.pipe_names
    at = names.index("ner")
    reference = reference_recognizer(nlp, data)
    _, base = nlp.remove_pipe("ner")
    where = {"before": names[at + 1]} if at + 1 < len(names) else {"last": True}
    gated = nlp.add_pipe("kg_gated_ner", name="ner", **where)
    gated.base, gated.reference = base, reference
    return digest
