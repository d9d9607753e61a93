"""Run spaCy and the relation patterns over Documents, producing Extractions.

``extract_batch`` is the unit of work of a build's engines (``kg.engines``): a list of
Documents in, their Extractions out, in any process or on any machine.  A worker loads
its pipeline once (``NlpSpec``) and keeps it for the next batches.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from kg.extract.coref import resolve_pronouns
from kg.extract.docview import DocView
from kg.extract.mentions import entity_mentions, pronoun_mention, variant_mentions
from kg.extract.nlp import NlpSpec
from kg.extract.patterns import DEFAULT_PATTERNS, news
from kg.extract.patterns.represent import infer_representation
from kg.extract.reference_ner import LAYOUT, layout
from kg.extract.tokentable import TokenTable
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


PIECE = 50_000  # characters: longer texts are parsed in pieces (spaCy's parser needs ~1 GB per 100k)
_BREAKS = (re.compile(r"\n\s*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?]\s+"), re.compile(r"\s+"))


def pieces(text: str, size: int = PIECE) -> list[str]:
    r"""``text`` cut into pieces of at most ``size`` characters that join back to it: at the
    last paragraph break before the limit, else the last line break, sentence end or space,
    else at the limit.

    Example:
        >>> pieces("One two. Three four.\n\nFive six.", size=14)
        ['One two. ', 'Three four.\n\n', 'Five six.']
    """
    out = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = size
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window) if m.end() < size]
            if ends and ends[-1] > size // 4:
                cut = ends[-1]
                break
        out.append(text[start : start + cut])
        start += cut
    out.append(text[start:])
    return out


def parse_texts(nlp: Any, texts: Iterable[str], *, batch_size: int = 16, size: int = PIECE,
                documents: Iterable[Document] | None = None) -> Iterator[Doc]:
    """``nlp.pipe`` over ``texts``, a long text parsed in ``pieces`` joined back into one
    ``Doc`` whose offsets are those of the whole text (its sentences never cross a piece).

    With ``documents`` (one per text), each Doc carries what the NER's gate reads of its
    document (``reference_ner.layout``: dated, title, whole text or a piece)."""
    owners: list[int] = []
    docs = iter(documents) if documents is not None else None

    def split() -> Iterator[str | Doc]:
        for i, text in enumerate(texts):
            document = next(docs) if docs is not None else None
            parts = pieces(text, size) if len(text) > size else [text]
            for piece in parts:
                owners.append(i)
                if document is None:
                    yield piece
                    continue
                doc = nlp.make_doc(piece)
                doc.user_data[LAYOUT] = layout(news.document_dated(document), document.title, len(parts) == 1)
                yield doc

    current: list[Doc] = []
    owner = 0
    for k, doc in enumerate(nlp.pipe(split(), batch_size=batch_size)):
        if owners[k] != owner and current:
            yield current[0] if len(current) == 1 else Doc.from_docs(current, ensure_whitespace=False)
            current = []
        owner = owners[k]
        current.append(doc)
    if current:
        yield current[0] if len(current) == 1 else Doc.from_docs(current, ensure_whitespace=False)


def _sentences(document: Document, doc: Doc, table: TokenTable | None = None,
               ) -> tuple[list[Sentence], dict[int, int]]:
    table = table or TokenTable(doc)
    space, offset, words = table.space, table.idx, table.text
    sents: list[Sentence] = []
    sent_of: dict[int, int] = {}
    for s in doc.sents:
        first, last = s.start, s.end - 1  # the first and last tokens that are no whitespace
        while first <= last and space[first]:
            first += 1
        if first > last:
            continue
        while space[last]:
            last -= 1
        start, end = offset[first], offset[last] + len(words[last])
        idx = len(sents)
        sents.append(Sentence(document.id, idx, start, end, document.text[start:end]))
        sent_of.update(dict.fromkeys(range(s.start, s.end), idx))
    return sents, sent_of


def _relation_order(r: MentionRelation) -> tuple[object, ...]:
    p = r.provenance
    return (p.span.start, r.subject, r.predicate, r.object, p.extractor, p.span.end, p.span.sent,
            -1.0 if p.confidence is None else p.confidence, r.object_is_literal, r.datatype or "")


def extract_doc(
    document: Document, doc: Doc, *, patterns: Sequence[str] = DEFAULT_PATTERNS, model: str = ""
) -> Extraction:
    """Mentions and relation candidates of one parsed document."""
    table = TokenTable(doc)
    sents, sent_of = _sentences(document, doc, table)
    mentions = entity_mentions(doc, document.id, sent_of, table)
    mentions += variant_mentions(doc, document.id, mentions, sent_of, table)
    mentions.sort(key=lambda m: (m.span.start, m.span.end))
    view = DocView(document, doc, sents, mentions, sent_of=sent_of, memo={"token-table": table})
    pronouns = []
    for i, (ants, conf) in sorted(resolve_pronouns(view).items()):
        view.antecedents[i] = ants
        tok = doc[i]
        start = min([c.i for c in tok.children if c.dep_ == "det" and c.i < i] + [i])
        pronouns.append(pronoun_mention(document.id, doc[start : i + 1], ants, sent_of.get(i, 0), conf))
    relations = view.found  # a pattern sees what the ones before it read
    for name in patterns:  # (each pattern's relations join the list once it has run)
        relations.extend(list(get("relation_patterns", name)(view)))
    by_id = {m.id: m for m in mentions}
    relations.extend(infer_representation(relations, by_id))
    if any(r.provenance.extractor == news.NAME for r in relations):
        relations = news.drop_known_pairs(relations, news.cluster_keys(view))
    # ordered by every field: two candidates that differ only in confidence must not come in
    # the order of a set's iteration, which changes with the process's hash seed
    unique = sorted(set(relations), key=_relation_order)
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
    parsed = parse_texts(nlp, texts, batch_size=batch_size, documents=docs)
    for document, doc in zip(docs, parsed, strict=True):
        yield extract_doc(document, doc, patterns=patterns, model=model)


def extract(document: Document, nlp: Any, *, patterns: Sequence[str] = DEFAULT_PATTERNS) -> Extraction:
    """The Extraction of one document."""
    return next(extract_many([document], nlp, patterns=patterns))


@dataclass(frozen=True, slots=True)
class Batch:
    """What ``extract_batch`` gives back: the extractions, one-line errors of documents
    that could not be extracted, and where the time went (seconds in this worker)."""

    extractions: tuple[Extraction, ...] = ()
    errors: tuple[str, ...] = ()
    parse_seconds: float = 0.0
    extract_seconds: float = 0.0
    words: int = 0
    failed: tuple[str, ...] = field(default=(), repr=False)  # ids of the documents in ``errors``


# pipelines loaded in this process, by spec (a forked worker inherits its parent's)
_PIPELINES: dict[Any, Any] = {}


def use_pipeline(spec: Any, nlp: Any) -> None:
    """Make ``nlp`` the pipeline ``extract_batch`` uses for ``spec`` in this process (and
    in processes forked from it)."""
    _PIPELINES[spec] = nlp


def pipeline_for(spec: Any) -> Any:
    """The pipeline of ``spec`` in this process, loaded on first use.

    Raises:
        ModelNotFoundError: the model of ``spec`` is not installed here.
    """
    nlp = _PIPELINES.get(spec)
    if nlp is None:
        nlp = _PIPELINES[spec] = spec.load()
    return nlp


def _timed(documents: Sequence[Document], nlp: Any, patterns: Sequence[str]) -> Batch:
    model = str(nlp.meta.get("kg_model", nlp.meta.get("name", "")))
    parse = extract_s = 0.0
    out = []
    t = time.perf_counter()
    docs = parse_texts(nlp, (masked_text(d) for d in documents), batch_size=max(1, len(documents)),
                       documents=documents)
    for document, doc in zip(documents, docs, strict=True):
        t1 = time.perf_counter()
        parse += t1 - t
        out.append(extract_doc(document, doc, patterns=patterns, model=model))
        t = time.perf_counter()
        extract_s += t - t1
    words = sum(len(d.text.split()) for d in documents)
    return Batch(tuple(out), parse_seconds=parse, extract_seconds=extract_s, words=words)


def extract_batch(documents: Sequence[Document], spec: NlpSpec | None = None, *,
                  patterns: Sequence[str] | None = None) -> Batch:
    """The extractions of ``documents`` with the pipeline of ``spec`` (the default model
    when ``None``), parsed together with ``nlp.pipe``, running ``patterns`` (default: the
    spec's).

    A document that fails (too long for the model, say) is reported in ``errors``; the
    others of the batch are extracted one by one.
    """
    spec = spec if spec is not None else NlpSpec()
    nlp = pipeline_for(spec)
    patterns = tuple(patterns) if patterns is not None else spec.patterns
    try:
        return _timed(documents, nlp, patterns)
    except Exception:  # one bad document must not lose the batch: try them one by one
        pass
    done: list[Extraction] = []
    errors: list[str] = []
    failed: list[str] = []
    parse = extract_s = 0.0
    words = 0
    for d in documents:
        try:
            b = _timed([d], nlp, patterns)
        except Exception as err:
            first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            first = first.split(". ")[0][:200]  # spaCy's messages go on for several sentences
            errors.append(f"{d.source or d.id}: cannot extract document '{d.id}' ({first})")
            failed.append(d.id)
            continue
        done += b.extractions
        parse += b.parse_seconds
        extract_s += b.extract_seconds
        words += b.words
    return Batch(tuple(done), tuple(errors), parse, extract_s, words, tuple(failed))
