"""Subject–verb–object relations with verbs normalised through ``kg/data/verbs.json``.

Handles coordination on both sides ("Japan and the US working with Nvidia, Arm, and
Amazon" gives six pairs), passives ("was acquired by"), control ("sought to curb"),
gerunds ("By joining forces, Japan and the US ..."), pronoun subjects resolved by
``kg.extract.coref``, possessive objects ("curb China's access") and reciprocal verbs
with coordinated subjects ("Kishida and Biden meet").
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from spacy.tokens import Token

from kg.extract.docview import DocView
from kg.extract.patterns.lexicon import verbs
from kg.model import Mention, MentionRelation
from kg.registry import relation_patterns

NAME = "kg.svo.v1"
NAME_THING = "kg.svo-thing.v1"
_AGENTS = {"PERSON", "ORG", "GPE", "NORP", "PRODUCT", "LOC", "FAC"}


def verb_key(verb: Token) -> str:
    prt = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    return f"{verb.lemma_.lower()} {prt[0]}" if prt else verb.lemma_.lower()


# relations whose object may be an unnamed thing, kept as a text literal ("Boeing will
# supply 179 new tankers"): what is bought, sold, built, launched, delivered or carried
_THING_OBJECTS = {"acquires", "orders", "supplies", "sells", "launches", "manufactures", "develops",
                  "receives", "carries", "reduces", "defeats", "signsAgreementWith", "selects", "replaces",
                  "owns", "uses", "operates", "announces"}


def _things(view: DocView, subs: list[Mention], tok: Token, pred: str, verb: Token) -> Iterator[MentionRelation]:
    phrase = view.phrase(tok)
    if phrase is None or not subs:
        return
    text = phrase[0]
    for s in subs:
        yield MentionRelation(s.id, pred, text, view.provenance(verb, NAME_THING, 0.4), object_is_literal=True)


def _pairs(view: DocView, subs: list[Mention], objs: list[Mention], pred: str, tok: Token,
           conf: float) -> Iterator[MentionRelation]:
    for s in subs:
        for o in objs:
            r = view.relation(s, pred, o, tok, NAME, conf)
            if r is not None:
                yield r


@relation_patterns.register(NAME)
def find_svo(view: DocView) -> Iterator[MentionRelation]:
    lex = verbs()
    table, reciprocal, preps = lex["verbs"], set(lex["reciprocal"]), lex["prepositions"]
    events = set(lex["nouns"]) | set(lex["topic_nouns"])
    for tok in view.doc:
        if tok.pos_ not in ("VERB", "AUX") or view.negated(tok):
            continue
        key = verb_key(tok)
        lemma = tok.lemma_.lower()
        pred = table.get(key) or table.get(lemma)
        if pred is None:
            continue
        subs = [m for m in view.subjects(tok, event_nouns=events) if m.label in _AGENTS]
        passive = view.passive_subjects(tok)
        conf = 0.75
        if passive:  # "X was acquired by Y": Y acquires X
            agents = [m for m in view.agents(tok) if m.label in _AGENTS]
            yield from _pairs(view, agents, passive, pred, tok, conf)
            continue
        has_object = False
        for c in tok.children:
            if c.dep_ in ("dobj", "dative", "attr"):
                objs = view.args(c)
                if not objs and c.lemma_.lower() == "force" and lemma == "join":
                    continue  # "join forces": reciprocal below
                if not objs:
                    objs = view.possessor(c)
                    if objs:
                        yield from _pairs(view, subs, objs, pred, tok, 0.6)
                        has_object = True
                    elif pred in _THING_OBJECTS:
                        has_object = True
                        yield from _things(view, subs, c, pred, tok)
                    continue
                has_object = True
                yield from _pairs(view, subs, objs, pred, tok, conf)
            elif c.dep_ == "prep":
                p_pred = table.get(f"{lemma} {c.lower_}") or pred
                if p_pred not in preps.get(c.lower_, []) and not (lemma in reciprocal and c.lower_ == "with"):
                    continue
                pobjs = [p for p in c.children if p.dep_ == "pobj"]
                objs = [m for p in pobjs for m in view.args(p)]
                if objs:
                    has_object = True
                    yield from _pairs(view, subs, objs, p_pred, tok, conf)
                elif p_pred in _THING_OBJECTS and c.lower_ == "with":
                    for p in pobjs:
                        yield from _things(view, subs, p, p_pred, tok)
        if lemma in reciprocal and len(subs) >= 2:
            joined = any(c.dep_ == "dobj" and c.lemma_.lower() == "force" for c in tok.children)
            r_pred = "cooperatesWith" if joined else pred
            for a, b in combinations(subs, 2):
                r = view.relation(a, r_pred, b, tok, NAME, 0.6 if has_object else conf)
                if r is not None:
                    yield r
