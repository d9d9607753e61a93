"""Run spaCy and the relation patterns over Documents, producing Extractions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from spacy.tokens import Doc

from kg.extract.coref import resolve_pronouns
from kg.extract.docview import DocView
from kg.extract.mentions import entity_mentions, pronoun_mention, variant_mentions
from kg.extract.patterns import DEFAULT_PATTERNS
from kg.extract.patterns.represent import infer_representation
from kg.model import Document, Extraction, MentionRelation, Sentence
from kg.registry import get


def masked_text(document: Document) -> str:
    """The text with skipped regions blanked out (same length, newlines kept), so every
    spaCy offset is an offset into the original text."""
    if not document.skip:
        return document.text
    chars = list(document.text)
    for start, end in document.skip:
        for i in range(start, min(end, len(chars))):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)


def _sentences(document: Document, doc: Doc) -> tuple[list[Sentence], dict[int, int]]:
    sents: list[Sentence] = []
    sent_of: dict[int, int] = {}
    for s in doc.sents:
        toks = [t for t in s if not t.is_space]
        if not toks:
            continue
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        idx = len(sents)
        sents.append(Sentence(document.id, idx, start, end, document.text[start:end]))
        for t in s:
            sent_of[t.i] = idx
    return sents, sent_of


def extract_doc(
    document: Document, doc: Doc, *, patterns: Sequence[str] = DEFAULT_PATTERNS, model: str = ""
) -> Extraction:
    """Mentions and relation candidates of one parsed document."""
    sents, sent_of = _sentences(document, doc)
    mentions = entity_mentions(doc, document.id, sent_of)
    mentions += variant_mentions(doc, document.id, mentions, sent_of)
    mentions.sort(key=lambda m: (m.span.start, m.span.end))
    view = DocView(document, doc, sents, mentions, sent_of=sent_of)
    pronouns = []
    for i, (ants, conf) in sorted(resolve_pronouns(view).items()):
        view.antecedents[i] = ants
        tok = doc[i]
        start = min([c.i for c in tok.children if c.dep_ == "det" and c.i < i] + [i])
        pronouns.append(pronoun_mention(document.id, doc[start : i + 1], ants, sent_of.get(i, 0), conf))
    relations: list[MentionRelation] = []
    for name in patterns:
        relations.extend(get("relation_patterns", name)(view))
    by_id = {m.id: m for m in mentions}
    relations.extend(infer_representation(relations, by_id))
    unique = sorted(
        set(relations),
        key=lambda r: (r.provenance.span.start, r.subject, r.predicate, r.object, r.provenance.extractor),
    )
    return Extraction(
        document=document,
        sentences=tuple(sents),
        mentions=tuple(sorted(mentions + pronouns, key=lambda m: (m.span.start, m.span.end))),
        relations=tuple(unique),
        model=model,
    )


def extract_many(
    documents: Iterable[Document], nlp: Any, *, patterns: Sequence[str] = DEFAULT_PATTERNS,
    batch_size: int = 16,
) -> Iterator[Extraction]:
    """Extractions for ``documents``, in order, parsing with ``nlp.pipe``."""
    docs = list(documents)
    model = str(nlp.meta.get("kg_model", nlp.meta.get("name", "")))
    texts = (masked_text(d) for d in docs)
    for document, doc in zip(docs, nlp.pipe(texts, batch_size=batch_size), strict=True):
        yield extract_doc(document, doc, patterns=patterns, model=model)


def extract(document: Document, nlp: Any, *, patterns: Sequence[str] = DEFAULT_PATTERNS) -> Extraction:
    """The Extraction of one document."""
    return next(extract_many([document], nlp, patterns=patterns))
