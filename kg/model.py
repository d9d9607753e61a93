"""The data model passed between pipeline stages.

Every stage takes and returns these frozen dataclasses; only ``kg.extract`` sees spaCy
objects and only ``kg.ingest`` / ``kg.export`` / ``kg.cli`` touch files.
Collections are tuples so that objects stay hashable and outputs deterministic.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


def stable_hash(*parts: object, length: int = 12) -> str:
    """A short deterministic hex digest of ``parts`` (no uuid4 anywhere in kg)."""
    h = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


@dataclass(frozen=True, slots=True)
class Document:
    """One input article.

    ``text`` is the original text; every offset in kg indexes it.  ``skip`` lists
    ``(start, end)`` regions (metadata lines, ad markers, bare headings) that are not
    extracted from.
    """

    id: str
    text: str
    source: str = ""
    title: str | None = None
    date: str | None = None
    url: str | None = None
    skip: tuple[tuple[int, int], ...] = ()

    @property
    def content_hash(self) -> str:
        return stable_hash(self.id, self.text, length=16)


@dataclass(frozen=True, slots=True)
class CharSpan:
    """Characters ``start:end`` of document ``doc_id``, in sentence ``sent``."""

    doc_id: str
    start: int
    end: int
    sent: int = -1


@dataclass(frozen=True, slots=True)
class Sentence:
    doc_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a fact comes from: the span, the registered extractor name, a confidence."""

    span: CharSpan
    extractor: str
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text that names (or refers to) an entity.

    ``key`` is a normalisation hint from extraction (a lexicon id, an ISO country code);
    ``refers_to`` holds antecedent mention ids for pronouns and nominal anaphora.
    """

    id: str
    text: str
    label: str
    span: CharSpan
    provenance: Provenance
    key: str | None = None
    refers_to: tuple[str, ...] = ()


# the predicate of a MentionRelation saying two mentions name one thing ("named the
# Worldliner"); resolution merges them and never writes it as a relation
SAME_AS = "sameAs"


@dataclass(frozen=True, slots=True)
class MentionRelation:
    """A relation candidate between mentions (``object`` may be a literal value)."""

    subject: str
    predicate: str
    object: str
    provenance: Provenance
    object_is_literal: bool = False
    datatype: str | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    """What extraction found in one document."""

    document: Document
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    relations: tuple[MentionRelation, ...]
    model: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world thing: canonical ``name``, other surface forms in ``aliases``."""

    id: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    mention_ids: tuple[str, ...] = ()
    key: str | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed relation between entities (or an entity and a literal), with evidence."""

    subject: str
    predicate: str
    object: str
    evidence: tuple[Provenance, ...]
    object_is_literal: bool = False
    datatype: str | None = None

    @property
    def confidence(self) -> float:
        """Noisy-or of the evidence confidences."""
        miss = 1.0
        for ev in self.evidence:
            miss *= 1.0 - (ev.confidence if ev.confidence is not None else 0.5)
        return round(1.0 - miss, 4)

    @property
    def id(self) -> str:
        return stable_hash(self.subject, self.predicate, self.object, length=16)


@dataclass(frozen=True, slots=True)
class Merge:
    """One join of resolution: the cluster of mention ``mention`` joined that of mention
    ``into`` by the merge rule named ``rule`` (``kg.resolve.rules``)."""

    rule: str
    mention: str
    into: str


@dataclass(frozen=True, slots=True)
class Resolution:
    """The resolved graph content: documents, entities, relations, mention → entity, and
    the merges that made the entities, in the order they were made."""

    extractions: tuple[Extraction, ...]
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    mention_entity: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    merges: tuple[Merge, ...] = field(default=(), hash=False, compare=False)
