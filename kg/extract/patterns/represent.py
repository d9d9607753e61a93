"""Heads of government and state act for their country: when a person found by
``kg.role.v1`` to lead a country cooperates, meets or signs in a document, the country
does too ("Prime Minister Kishida of Japan and President Biden ... announce cooperation
on AI" -> Japan cooperates on AI).  Runs after the other patterns of a document
(``kg.extract.pipeline.extract_doc`` calls it; it is no pattern of its own: it reads what
the patterns found, not the document), its relations attributed to ``kg.represent.v1``; a
nationality at either end ("the German side") is its country already (resolution)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from kg.model import Mention, MentionRelation, Provenance

NAME = "kg.represent.v1"
_LEADS = {"headOfGovernment", "headOfState"}
_CARRIED = {"cooperatesOn", "topic", "cooperatesWith", "signsAgreementWith", "worksWith"}


def infer_representation(
    relations: Iterable[MentionRelation], mentions: dict[str, Mention]
) -> Iterator[MentionRelation]:
    rels = list(relations)
    leads: dict[str, list[str]] = {}
    for r in rels:
        if r.predicate in _LEADS and r.object in mentions:
            leads.setdefault(mentions[r.object].text, []).append(r.subject)
    if not leads:
        return

    def countries_of(mid: str) -> list[str]:
        m = mentions.get(mid)
        if m is None or m.label != "PERSON":
            return []
        return [c for name, cs in leads.items()
                if m.text == name or name.endswith(" " + m.text) or m.text.endswith(" " + name) for c in cs]

    for r in rels:
        if r.predicate not in _CARRIED or r.provenance.extractor == NAME:
            continue
        subjects = countries_of(r.subject)
        objects = [] if r.object_is_literal else countries_of(r.object)
        conf = round((r.provenance.confidence or 0.5) * 0.8, 3)
        prov = Provenance(r.provenance.span, NAME, conf)  # the country acts
        # "Kishida and Biden cooperate on AI" -> Japan cooperates on AI; "Scholz agreed with
        # Macron" -> Germany agrees with France
        for s in subjects or [r.subject]:
            for o in objects or [r.object]:
                if (s, o) != (r.subject, r.object) and s != o:
                    yield replace(r, subject=s, object=o, provenance=prov)
