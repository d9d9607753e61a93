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
_AGENTS = {"PERSON", "ORG", "GPE", "NORP", "PRODUCT", "LOC", "FAC"}


def verb_key(verb: Token) -> str:
    prt = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    return f"{verb.lemma_.lower()} {prt[0]}" if prt else verb.lemma_.lower()


# relations whose object may be an unnamed thing, kept as a text literal ("Boeing will
# supply 179 new tankers"): what is bought, sold, built, launched, delivered or carried
_THING_OBJECTS = {"acquires", "orders", "supplies", "sells", "launches", "manufactures", "develops",
                  "receives", "carries", "reduces", "defeats", "signsAgreementWith", "selects", "replaces",
                  "owns", "uses", "operates", "announces"}


# object nouns that stand for the thing after "for"/"of": plans for, an order for, a version of
_LIGHT_NOUNS = {"plan", "detail", "version", "model", "design", "prototype", "order", "purchase",
                "delivery", "deliveries", "sale", "production", "development", "variant", "launch", "copy",
                "unit", "share", "stake"}


# "make a flight / a decision / a profit": "make" there builds nothing
_MADE_EVENTS = {"flight", "debut", "decision", "appearance", "visit", "trip", "move", "change", "statement",
                "announcement", "comment", "call", "effort", "attempt", "progress", "payment", "landing",
                "journey", "mistake", "profit", "loss", "point", "case", "difference", "sense", "way",
                "history", "impact", "contribution", "return", "comeback", "stop", "offer", "bid"}


def _light_verb(verb: Token, table: dict) -> tuple[str, Token] | None:
    """"file a lawsuit against", "placed an order with": (predicate, the object noun)."""
    if verb.lemma_.lower() not in table.get("verbs", ()):
        return None
    for c in verb.children:
        if c.dep_ == "dobj" and c.lemma_.lower() in table.get("nouns", {}):
            return table["nouns"][c.lemma_.lower()], c
    return None


def _light(
    view: DocView, verb: Token, found: tuple[str, Token], events: set[str]
) -> Iterator[MentionRelation]:
    pred, noun = found
    subs = [m for m in view.subjects(verb, event_nouns=events) if m.label in _AGENTS]
    preps = [c for head in (noun, verb) for c in head.children if c.dep_ == "prep"
             and c.lower_ in ("against", "with", "for", "from", "to", "between", "in", "into", "of")]
    objs = [m for c in preps for p in c.children if p.dep_ == "pobj"
            for m in view.args(p) if m.label in _AGENTS]
    yield from _pairs(view, subs, objs, pred, verb, 0.7)
    if pred in _THING_OBJECTS:  # "negotiated the purchase of 22 new jets": what is bought
        for c in preps:
            if c.head is noun and c.lower_ in ("of", "for"):
                for p in c.children:
                    if p.dep_ == "pobj" and not view.args(p):
                        yield from _things(view, subs, p, pred, verb)


def _reduced_passive(verb: Token) -> bool:
    """A past participle without auxiliary in a small clause or reduced relative clause."""
    return verb.tag_ == "VBN" and verb.dep_ in ("ccomp", "xcomp", "acl", "advcl", "oprd") and not any(
        c.dep_ in ("aux", "auxpass") for c in verb.children)


def _things(
    view: DocView, subs: list[Mention], tok: Token, pred: str, verb: Token
) -> Iterator[MentionRelation]:
    phrase = view.phrase(tok)
    if phrase is None or not subs:
        return
    text = phrase[0]
    for s in subs:
        yield MentionRelation(s.id, pred, text, view.provenance(verb, NAME, 0.4), object_is_literal=True)


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
        light = _light_verb(tok, lex.get("light_verbs", {}))
        if light is not None:
            found = list(_light(view, tok, light, events))
            if found:
                yield from found
                continue
        if pred is None or (lemma == "make" and any(
                c.dep_ == "dobj" and c.lemma_.lower() in _MADE_EVENTS for c in tok.children)):
            continue
        subs = [m for m in view.subjects(tok, event_nouns=events) if m.label in _AGENTS]
        passive = view.passive_subjects(tok)
        if not passive and _reduced_passive(tok):  # "see Dreamliners delivered to ...", "planes built by X"
            passive = [m for c in tok.children if c.dep_ in ("nsubj",) for m in view.args(c)]
            if tok.dep_ == "acl":
                passive += view.args(tok.head)
            if not passive:
                continue
        conf = 0.75
        if passive:  # "X was acquired by Y": Y acquires X
            agents = [m for m in view.agents(tok) if m.label in _AGENTS]
            yield from _pairs(view, agents, passive, pred, tok, conf)
            continue
        has_object = False
        for c in tok.children:
            if c.dep_ in ("dobj", "dative", "attr"):
                objs = view.args(c)
                if not objs and c.lemma_.lower() in _LIGHT_NOUNS:  # "unveiled plans for the A380"
                    objs = [m for p in c.children if p.dep_ == "prep" and p.lower_ in ("for", "of")
                            for q in p.children if q.dep_ == "pobj" for m in view.args(q)]
                if not objs and c.lemma_.lower() == "force" and lemma == "join":
                    continue  # "join forces": reciprocal below
                if not objs:
                    objs = view.possessor(c)
                    if {m.id for m in objs} & {m.id for m in subs}:
                        objs = []  # "leveraging their expertise": their = the subjects
                    if objs:
                        yield from _pairs(view, subs, objs, pred, tok, 0.6)
                        has_object = True
                    elif pred in _THING_OBJECTS:
                        has_object = True
                        yield from _things(view, subs, c, pred, tok)
                        # "delivered the final 717 jet": also the product the phrase names
                        products = [m for q in c.children if q.dep_ in ("compound", "nummod")
                                    for m in [view.mention_of(q)] if m is not None and m.label == "PRODUCT"]
                        yield from _pairs(view, subs, products, pred, tok, 0.6)
                    # "invest $10 billion in OpenAI": the preposition hangs on the amount
                    for p in c.children:
                        if p.dep_ == "prep" and pred in preps.get(p.lower_, []):
                            pobj = [m for q in p.children if q.dep_ == "pobj" for m in view.args(q)]
                            if pobj:
                                has_object = True
                                yield from _pairs(view, subs, pobj, pred, tok, conf)
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
        if lemma in reciprocal and len(subs) >= 2 and not has_object:
            joined = any(c.dep_ == "dobj" and c.lemma_.lower() == "force" for c in tok.children)
            r_pred = "cooperatesWith" if joined else pred
            for a, b in combinations(subs, 2):
                r = view.relation(a, r_pred, b, tok, NAME, conf)
                if r is not None:
                    yield r
