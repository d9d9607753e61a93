"""Subject–verb–object relations with verbs normalised through ``kg/data/verbs.json``.

Handles coordination on both sides ("Japan and the US working with Nvidia, Arm, and
Amazon" gives six pairs), passives ("was acquired by"), control ("sought to curb"),
gerunds ("By joining forces, Japan and the US ..."), pronoun subjects resolved by
``kg.extract.coref``, possessive objects ("curb China's access") and reciprocal verbs
with coordinated subjects ("Kishida and Biden meet").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
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


@dataclass
class _Clause:
    """One verb being read: what the rules below share (and whether one found an object)."""

    view: DocView
    tok: Token
    lemma: str
    pred: str
    subs: list[Mention]
    lex: dict
    conf: float = 0.75
    has_object: bool = False

    @property
    def preps(self) -> dict:
        """The prepositions each predicate takes ("with" -> ["cooperatesWith", ...])."""
        return self.lex["prepositions"]

    def pairs(
        self, subs: list[Mention], objs: list[Mention], pred: str, conf: float
    ) -> Iterator[MentionRelation]:
        """``_pairs`` at this verb."""
        return _pairs(self.view, subs, objs, pred, self.tok, conf)


def _makes_event(tok: Token) -> bool:
    """"make a decision": "make" with an event noun as object builds nothing."""
    return tok.lemma_.lower() == "make" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in _MADE_EVENTS for c in tok.children)


def _reduced_passive_objects(view: DocView, tok: Token) -> list[Mention]:
    """The patients of a reduced passive: "see Dreamliners delivered to ...", "planes built by X"."""
    passive = [m for c in tok.children if c.dep_ in ("nsubj",) for m in view.args(c)]
    if tok.dep_ == "acl":
        passive += view.args(tok.head)
    return passive


def _light_noun_objects(view: DocView, noun: Token) -> list[Mention]:
    """The names after "for"/"of" of a light object noun: "unveiled plans for the A380"."""
    return [m for p in noun.children if p.dep_ == "prep" and p.lower_ in ("for", "of")
            for q in p.children if q.dep_ == "pobj" for m in view.args(q)]


def _possessor_rule(v: _Clause, c: Token) -> Iterator[MentionRelation]:
    """An unnamed object's possessor is the object: "curb China's access" -> China (not
    when it is the subject itself: "leveraging their expertise")."""
    objs = v.view.possessor(c)
    if {m.id for m in objs} & {m.id for m in v.subs}:
        objs = []
    if objs:
        yield from v.pairs(v.subs, objs, v.pred, 0.6)
        v.has_object = True
    elif v.pred in _THING_OBJECTS:
        v.has_object = True
        yield from _things(v.view, v.subs, c, v.pred, v.tok)
        # "delivered the final 717 jet": also the product the phrase names
        products = [m for q in c.children if q.dep_ in ("compound", "nummod")
                    for m in [v.view.mention_of(q)] if m is not None and m.label == "PRODUCT"]
        yield from v.pairs(v.subs, products, v.pred, 0.6)


def _amount_prep_rule(v: _Clause, c: Token) -> Iterator[MentionRelation]:
    """A preposition on an unnamed object: "invest $10 billion in OpenAI" -> OpenAI."""
    for p in c.children:
        if p.dep_ == "prep" and v.pred in v.preps.get(p.lower_, []):
            pobj = [m for q in p.children if q.dep_ == "pobj" for m in v.view.args(q)]
            if pobj:
                v.has_object = True
                yield from v.pairs(v.subs, pobj, v.pred, v.conf)


def _object_rule(v: _Clause, c: Token) -> Iterator[MentionRelation]:
    """A direct object, dative or attribute: "Microsoft acquired Activision"."""
    objs = v.view.args(c)
    if not objs and c.lemma_.lower() in _LIGHT_NOUNS:
        objs = _light_noun_objects(v.view, c)
    if not objs and c.lemma_.lower() == "force" and v.lemma == "join":
        return  # "join forces": reciprocal below
    if not objs:
        yield from _possessor_rule(v, c)
        yield from _amount_prep_rule(v, c)
        return
    v.has_object = True
    yield from v.pairs(v.subs, objs, v.pred, v.conf)


def _prep_rule(v: _Clause, c: Token) -> Iterator[MentionRelation]:
    """A preposition the predicate takes: "partnered with Nvidia", "sued over ..."."""
    p_pred = v.lex["verbs"].get(f"{v.lemma} {c.lower_}") or v.pred
    if p_pred not in v.preps.get(c.lower_, []) and not (
            v.lemma in v.lex["reciprocal"] and c.lower_ == "with"):
        return
    pobjs = [p for p in c.children if p.dep_ == "pobj"]
    objs = [m for p in pobjs for m in v.view.args(p)]
    if objs:
        v.has_object = True
        yield from v.pairs(v.subs, objs, p_pred, v.conf)
    elif p_pred in _THING_OBJECTS and c.lower_ == "with":
        for p in pobjs:
            yield from _things(v.view, v.subs, p, p_pred, v.tok)


def _reciprocal_rule(v: _Clause) -> Iterator[MentionRelation]:
    """Coordinated subjects of a reciprocal verb without object: "Kishida and Biden meet"."""
    if v.lemma not in v.lex["reciprocal"] or len(v.subs) < 2 or v.has_object:
        return
    joined = any(c.dep_ == "dobj" and c.lemma_.lower() == "force" for c in v.tok.children)
    r_pred = "cooperatesWith" if joined else v.pred
    for a, b in combinations(v.subs, 2):
        r = v.view.relation(a, r_pred, b, v.tok, NAME, v.conf)
        if r is not None:
            yield r


def _active_rules(v: _Clause) -> Iterator[MentionRelation]:
    """The rules of an active verb, in order: each object and preposition, then reciprocity."""
    for c in v.tok.children:
        if c.dep_ in ("dobj", "dative", "attr"):
            yield from _object_rule(v, c)
        elif c.dep_ == "prep":
            yield from _prep_rule(v, c)
    yield from _reciprocal_rule(v)


def _verb_relations(view: DocView, tok: Token, lex: dict, events: set[str]) -> Iterator[MentionRelation]:
    """The relations of one verb: a light-verb construction ("placed an order with"), else a
    passive ("X was acquired by Y": Y acquires X), else the active rules."""
    table = lex["verbs"]
    lemma = tok.lemma_.lower()
    pred = table.get(verb_key(tok)) or table.get(lemma)
    light = _light_verb(tok, lex.get("light_verbs", {}))
    if light is not None:
        found = list(_light(view, tok, light, events))
        if found:
            yield from found
            return
    if pred is None or _makes_event(tok):
        return
    subs = [m for m in view.subjects(tok, event_nouns=events) if m.label in _AGENTS]
    passive = view.passive_subjects(tok)
    if not passive and _reduced_passive(tok):
        passive = _reduced_passive_objects(view, tok)
        if not passive:
            return
    if passive:
        agents = [m for m in view.agents(tok) if m.label in _AGENTS]
        yield from _pairs(view, agents, passive, pred, tok, 0.75)
        return
    yield from _active_rules(_Clause(view, tok, lemma, pred, subs, lex))


_heads: list[tuple[dict, frozenset[str]]] = []  # (the lexicon, its verbs' first words)


def _verb_heads(lex: dict) -> frozenset[str]:
    """The lemmas that start an entry of the lexicon's verbs ("take" of "take over") or are
    light verbs ("place" an order): a verb ``_verb_relations`` may read."""
    if not _heads or _heads[0][0] is not lex:
        first = {k.split(" ")[0] for k in lex["verbs"]} | set(lex.get("light_verbs", {}).get("verbs", ()))
        _heads[:] = [(lex, frozenset(first))]
    return _heads[0][1]


@relation_patterns.register(NAME)
def find_svo(view: DocView) -> Iterator[MentionRelation]:
    """The subject-verb-object relations of every verb that is not negated."""
    lex = verbs()
    events = set(lex["nouns"]) | set(lex["topic_nouns"])
    doc, table = view.doc, view.table()
    heads = _verb_heads(lex)
    for i in table.with_pos(("VERB", "AUX")):
        if table.lemma[i] not in heads:
            continue  # no entry of the lexicon starts with the verb: _verb_relations finds nothing
        tok = doc[i]
        if view.negated(tok):
            continue
        yield from _verb_relations(view, tok, lex, events)
