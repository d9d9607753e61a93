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
    for tok in view.doc:
        if tok.pos_ not in ("NOUN", "PROPN") or tok.i in view.tok_mention:
            continue
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
