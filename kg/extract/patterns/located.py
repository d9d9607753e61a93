"""Where organizations are based: "Mistral AI, a startup based in Paris", "the company is
headquartered in Redmond", "Seattle-based Boeing" -> headquarters location (P159)."""

from __future__ import annotations

from collections.abc import Iterator

from kg.extract.docview import DocView
from kg.model import MentionRelation
from kg.registry import relation_patterns

NAME = "kg.located.v1"
_PLACES = {"GPE", "LOC", "FAC"}
_ORGS = {"ORG"}
_BASED = ("base", "headquarter", "headquartered")


@relation_patterns.register(NAME)
def find_headquarters(view: DocView) -> Iterator[MentionRelation]:
    doc = view.doc
    for tok in (doc[i] for i in view.table().with_lemma(_BASED)):
        if tok.lemma_.lower() not in _BASED or tok.tag_ != "VBN":
            continue
        if tok.dep_ == "acl":  # "a startup based in Paris", "Mistral AI, a startup based in Paris"
            orgs = view.args(tok.head)
            if not orgs and tok.head.dep_ == "appos":
                orgs = view.args(tok.head.head)
        else:  # "Boeing is based in Chicago"
            orgs = view.passive_subjects(tok) or [m for c in tok.children if c.dep_ == "nsubj"
                                                  for m in view.args(c)]
        places = [m for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "at")
                  for p in c.children if p.dep_ == "pobj" for m in view.args(p) if m.label in _PLACES]
        for org in orgs:
            if org.label not in _ORGS:
                continue
            for place in places[:1]:
                r = view.relation(org, "headquartersLocation", place, tok, NAME, 0.75)
                if r is not None:
                    yield r
    # "Seattle-based Boeing"
    for m in view.mentions:
        if m.label in _PLACES:
            based = view.based_on(m)
            if based is not None and based.label in _ORGS:
                span = view.doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
                if span is not None:
                    r = view.relation(based, "headquartersLocation", m, span.root, NAME, 0.75)
                    if r is not None:
                        yield r
