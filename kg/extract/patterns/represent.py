"""Heads of government and state act for their country: when a person found by
``kg.role.v1`` to lead a country cooperates, meets or signs in a document, the country
does too ("Prime Minister Kishida of Japan and President Biden ... announce cooperation
on AI" -> Japan cooperates on AI).  Runs after the other patterns of a document."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from kg.model import Mention, MentionRelation, Provenance
from kg.registry import relation_patterns

NAME = "kg.represent.v1"
_LEADS = {"headOfGovernment", "headOfState"}
_CARRIED = {"cooperatesOn", "topic", "cooperatesWith", "signsAgreementWith", "worksWith"}


@relation_patterns.register(NAME)
def infer_representation(
    relations: Iterable[MentionRelation], mentions: dict[str, Mention]
) -> Iterator[MentionRelation]:
    rels = list(relations)
    leads: dict[str, list[str]] = {}
    by_text = {}
    for m in mentions.values():
        by_text.setdefault(m.text, m)
    for r in rels:
        if r.predicate in _LEADS:
            person = mentions[r.object].text
            leads.setdefault(person, []).append(r.subject)
    if not leads:
        return
    for r in rels:
        if r.predicate not in _CARRIED or r.provenance.extractor == NAME:
            continue
        subj = mentions.get(r.subject)
        if subj is None or subj.label != "PERSON":
            continue
        for name, countries in leads.items():
            if subj.text == name or name.endswith(" " + subj.text) or subj.text.endswith(" " + name):
                for c in countries:
                    if c == r.object:
                        continue
                    conf = round((r.provenance.confidence or 0.5) * 0.8, 3)
                    yield replace(r, subject=c, provenance=Provenance(r.provenance.span, NAME, conf))
