"""Roles and titles: "Prime Minister Fumio Kishida of Japan", "Apple CEO Steve Jobs",
"Japan's prime minister, Fumio Kishida", "Tim Cook, chief executive of Apple"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg.extract.docview import DocView
from kg.extract.patterns.lexicon import roles
from kg.model import Mention, MentionRelation
from kg.registry import relation_patterns
from kg.vocab import SCHEMA, predicate

NAME = "kg.role.v1"
_PLACE = {"GPE", "LOC", "NORP"}
_ORG = {"ORG"}


def _title_before(view: DocView, start: int) -> tuple[str, int] | None:
    """The longest title phrase ending right before token ``start``, and its first token."""
    table = roles()
    lower, named = view.table().lower, view.tok_mention
    for n in (4, 3, 2, 1):
        lo = start - n
        if lo < 0 or any(i in named for i in range(lo, start)):
            continue
        phrase = " ".join(lower[lo:start])
        if phrase in table:
            return phrase, lo
    return None


def _title_in_appos(view: DocView, tok: Token) -> tuple[str, Token] | None:
    """"Tim Cook, chief executive of Apple": a title heading an apposition."""
    table = roles()
    for c in tok.children:
        if c.dep_ == "appos" and c.i not in view.tok_mention:
            words = [t.lower_ for t in c.subtree if t.dep_ in ("compound", "amod") and t.i < c.i] + [c.lower_]
            for k in range(len(words)):
                phrase = " ".join(words[k:])
                if phrase in table:
                    return phrase, c
    return None


def _emit(view: DocView, title: str, person: Mention, other: Mention, tok: Token,
          conf: float) -> MentionRelation | None:
    kind = "gpe" if other.label in _PLACE else "org" if other.label in _ORG else None
    name = roles()[title].get(kind) if kind else None
    if name is None:
        return None
    p = predicate(name)
    if p.domain is not None and p.domain != SCHEMA.Person:
        return view.relation(other, name, person, tok, NAME, conf)
    return view.relation(person, name, other, tok, NAME, conf)


def _of_target(view: DocView, toks: list[Token]) -> Mention | None:
    for t in toks:
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "at", "for", "from"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        m = view.mention_of(p)
                        if m is not None and m.label in _PLACE | _ORG:
                            return m
    return None


@relation_patterns.register(NAME)
def find_roles(view: DocView) -> Iterator[MentionRelation]:
    doc = view.doc
    for person in [m for m in view.mentions if m.label == "PERSON"]:
        span: Span | None = doc.char_span(person.span.start, person.span.end, alignment_mode="expand")
        if span is None:
            continue
        found = _title_before(view, span.start)
        title_toks: list[Token] = []
        conf = 0.85
        if found:
            title, lo = found
            title_toks = list(doc[lo : span.start])
        else:
            ap = _title_in_appos(view, span.root)
            if ap is None:
                continue
            title, head = ap
            title_toks = [head]
            conf = 0.75
        # the organization or place of the role: "of Japan" after the name or the title,
        # a name right before the title ("Apple CEO"), or a possessive ("Japan's")
        other = _of_target(view, [span.root, *title_toks])
        if other is None:  # "the EU's competition chief"
            other = next((m for t in title_toks for c in t.children if c.dep_ == "poss"
                          for m in [view.mention_of(c)] if m is not None and m.label in _PLACE | _ORG), None)
        if other is None and title_toks:
            first = title_toks[0]
            for i in range(first.i - 1, max(first.i - 4, -1), -1):
                t = doc[i]
                if t.lower_ in ("'s", "’s") or t.is_space or t.lower_ in ("former", "then", "current"):
                    continue
                m = view.mention_of(t)
                if m is not None and m.label in _PLACE | _ORG:
                    other = m
                break
        if other is not None:
            rel = _emit(view, title, person, other, span.root, conf)
            if rel is not None:
                yield rel
