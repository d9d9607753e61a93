"""Relations to topics (concepts): "cooperation focusing on AI and semiconductors",
"the summit will explore areas including energy and defense", "AI research"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract.docview import DocView
from kg.extract.patterns.lexicon import verbs
from kg.model import Mention, MentionRelation
from kg.registry import relation_patterns

NAME = "kg.topic.v1"
_PARTIES = {"PERSON", "ORG", "GPE", "NORP"}
_COOP = {"cooperate", "collaborate", "partner", "cooperation", "collaboration", "partnership", "alliance"}


def _concepts(view: DocView, tok: Token) -> list[Mention]:
    out = [m for m in view.args(tok) if m.label == "CONCEPT"]
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("on", "in", "for", "of", "about", "over", "including", "like"):
            for p in c.children:
                if p.dep_ == "pobj":
                    out += [m for m in view.args(p) if m.label == "CONCEPT"]
                    out += [m for q in p.children if q.dep_ == "compound" for m in view.args(q)
                            if m.label == "CONCEPT"]
    return out


def _cooperative(view: DocView, verb: Token) -> bool:
    """Whether cooperation is what the clause is about (its verb or object)."""
    if verb.lemma_.lower() in _COOP:
        return True
    near = [verb, *verb.children, *(c for ch in verb.children for c in ch.subtree)]
    if verb.dep_ in ("advcl", "xcomp", "conj"):
        near += [*verb.head.children, *(c for ch in verb.head.children for c in ch.subtree)]
    return any(t.lemma_.lower() in _COOP for t in near)


def _linked(
    view: DocView, parties: list[Mention], topics: list[Mention], pred: str, tok: Token
) -> Iterator[MentionRelation]:
    """Each party to each topic, the evidence at ``tok``."""
    for a in parties:
        for t in topics:
            r = view.relation(a, pred, t, tok, NAME, 0.6)
            if r is not None:
                yield r


def _verb_topics(view: DocView, verb: Token) -> list[Mention]:
    """The concepts a topic verb's objects and prepositions name: "focus on AI" -> AI."""
    topics: list[Mention] = []
    for c in verb.children:
        if c.dep_ == "prep":
            topics += [m for p in c.children if p.dep_ == "pobj" for m in _concepts(view, p)]
        elif c.dep_ == "dobj":
            topics += _concepts(view, c)
    return topics


def _verb_rule(view: DocView, verb: Token, events: set[str]) -> Iterator[MentionRelation]:
    """A topic verb: "Japan and the US will explore AI" -> (Japan, topic, AI); a cooperative
    clause gives ``cooperatesOn``."""
    topics = _verb_topics(view, verb)
    if not topics:
        return
    agents = [m for m in view.subjects(verb, event_nouns=events) if m.label in _PARTIES]
    pred = "cooperatesOn" if _cooperative(view, verb) else "topic"
    yield from _linked(view, agents, topics, pred, verb)


def _before_noun(view: DocView, noun: Token, deps: tuple[str, ...], labels: set[str]) -> list[Mention]:
    """The mentions of ``labels`` in the modifiers (``deps``) in front of ``noun``: "AI research"."""
    return [m for c in noun.children if c.dep_ in deps and c.i < noun.i
            for t in c.subtree for m in [view.mention_of(t)]
            if m is not None and m.label in labels]


def _noun_rule(view: DocView, noun: Token) -> Iterator[MentionRelation]:
    """A topic noun: "Nvidia's AI research" -> (Nvidia, topic, AI); a cooperation noun gives
    ``cooperatesOn`` ("their partnership on chips")."""
    topics = _before_noun(view, noun, ("compound", "amod", "nmod"), {"CONCEPT"})
    topics += [m for c in noun.children if c.dep_ == "prep" for m in _concepts(view, c)]
    if not topics:
        return
    owners = _before_noun(view, noun, ("poss", "compound", "nmod"), _PARTIES)
    owners += [view.antecedents[c.i][0] for c in noun.children
               if c.dep_ == "poss" and c.i in view.antecedents for _ in [0]]
    pred = "cooperatesOn" if noun.lemma_.lower() in _COOP else "topic"
    yield from _linked(view, owners, topics, pred, noun)


@relation_patterns.register(NAME)
def find_topics(view: DocView) -> Iterator[MentionRelation]:
    """Topics of a topic verb that is not negated (``_verb_rule``) and of a topic noun that
    is not itself a name (``_noun_rule``)."""
    lex = verbs()
    topic_verbs, topic_nouns = set(lex["topic_verbs"]), set(lex["topic_nouns"])
    events = set(lex["nouns"]) | topic_nouns
    doc = view.doc
    for i in view.table().with_lemma(topic_verbs | topic_nouns):
        tok = doc[i]
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in topic_verbs and not view.negated(tok):
            yield from _verb_rule(view, tok, events)
        elif tok.pos_ == "NOUN" and lemma in topic_nouns and tok.i not in view.tok_mention:
            yield from _noun_rule(view, tok)
