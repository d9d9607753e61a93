"""Relations named by nouns: "the Japan-US alliance", "the Kishida-Biden summit",
"talks between A and B", "A's partnership with B"."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from kg.extract.docview import DocView
from kg.extract.patterns.lexicon import verbs
from kg.model import MentionRelation
from kg.registry import relation_patterns

NAME = "kg.nominal.v1"
_PARTIES = {"PERSON", "ORG", "GPE", "NORP"}


@relation_patterns.register(NAME)
def find_nominal(view: DocView) -> Iterator[MentionRelation]:
    nouns = verbs()["nouns"]
    doc, table = view.doc, view.table()
    for i in table.with_pos(("NOUN", "PROPN")):
        if i in view.tok_mention or table.lemma[i] not in nouns and table.lower[i] not in nouns:
            continue
        tok = doc[i]
        pred = nouns.get(tok.lemma_.lower()) or nouns.get(tok.lower_)
        if pred is None:
            continue
        parties = []
        for c in tok.children:
            if c.dep_ in ("compound", "nmod", "amod", "poss") and c.i < tok.i:
                parties += [view.mention_of(t) for t in c.subtree]
            elif c.dep_ == "prep" and c.lower_ in ("between", "with", "among"):
                parties += [m for p in c.children if p.dep_ == "pobj" for m in view.args(p)]
        seen, uniq = set(), []
        for m in parties:
            if m is not None and m.label in _PARTIES and m.id not in seen:
                seen.add(m.id)
                uniq.append(m)
        for a, b in combinations(uniq, 2):
            r = view.relation(a, pred, b, tok, NAME, 0.7)
            if r is not None:
                yield r


NAME_EVENT = "kg.nominal-event.v1"
# event nouns whose possessor acts on the object of "of"/"for"/"in": "Ryanair's choice of
# Boeing", "Airbus' delivery of the A380", "Apple's acquisition of Beats"
_EVENT_NOUNS = {
    "choice": ("selects", ("of",)), "selection": ("selects", ("of",)),
    "delivery": ("supplies", ("of",)), "acquisition": ("acquires", ("of",)),
    "purchase": ("acquires", ("of",)), "takeover": ("acquires", ("of",)),
    "order": ("orders", ("for",)), "investment": ("investsIn", ("in", "into")),
    "launch": ("launches", ("of",)), "unveiling": ("launches", ("of",)),
    "introduction": ("launches", ("of",)), "release": ("launches", ("of",)),
}


@relation_patterns.register(NAME_EVENT)
def find_event_nouns(view: DocView) -> Iterator[MentionRelation]:
    doc = view.doc
    for i in view.table().with_lemma(_EVENT_NOUNS):
        tok = doc[i]
        entry = _EVENT_NOUNS.get(tok.lemma_.lower())
        if entry is None or tok.pos_ != "NOUN":
            continue
        pred, preps = entry
        agents = [m for c in tok.children if c.dep_ == "poss" for m in view.args(c)
                  if m.label in _PARTIES]
        if not agents:
            continue
        objs = [m for c in tok.children if c.dep_ == "prep" and c.lower_ in preps
                for p in c.children if p.dep_ == "pobj" for m in view.args(p)
                if m.label in _PARTIES | {"PRODUCT"}]
        for a in agents:
            for o in objs:
                r = view.relation(a, pred, o, tok, NAME_EVENT, 0.6)
                if r is not None:
                    yield r
