"""Deterministic Wikidata relations: the high-precision patterns of encyclopedic and news text.

* life dates and birthplace in parentheses: "Willi Schneider (born 13 March 1963 in
  Mediaș, Transylvania)", "Ada Lovelace (10 December 1815 – 27 November 1852)";
* "was born in Ohio" / "died in Paris" / "was born on 4 July 1946";
* "was founded in 1998" (inception), "was released in May 2004" (publication date);
* place chains checked against the gazetteer: "Vancouver, British Columbia, Canada"
  gives located in (city -> province) and country (city, province -> Canada);
* a nationality in the defining sentence: "X is a German politician" -> country of
  citizenship.

Dates become typed literals (``kg.extract.dates``), resolved against the document date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg import geo
from kg.extract.dates import normalize_date
from kg.extract.docview import DocView
from kg.knowledge.places import country, demonym_country
from kg.model import Mention, MentionRelation
from kg.registry import relation_patterns

NAME = "kg.wikidata.v1"
_PLACES = {"GPE", "LOC", "FAC"}
_DASH = r"\s*[\u2013\u2014\-]\s*"
_BORN = re.compile(r"^\s*(?:born|b\.)\s+(?P<date>[^;,]*?\d{3,4})?"
                   r"(?:,?\s*(?:in|at)\s+(?P<place>.+?))?\s*(?:[;)]|$)", re.I)
_SPAN = re.compile(r"^\s*(?:c\.\s*)?(?P<birth>[^;()\u2013\u2014]{0,30}?\d{3,4})" + _DASH +
                   r"(?:c\.\s*)?(?P<death>[^;()]{0,30}?\d{3,4})\s*(?:[;)]|$)")
_DIED = re.compile(r"(?:^|;\s*)(?:died|d\.)\s+(?P<date>[^;,]*?\d{3,4})", re.I)
# verbs whose passive with a date means a Wikidata date property of the subject
_DATE_VERBS = {"found": "inception", "establish": "inception", "form": "inception", "create": "inception",
               "incorporate": "inception", "release": "publicationDate", "publish": "publicationDate"}
_LIFE_VERBS = {"bear", "die", *_DATE_VERBS}  # the verbs of _life_event


def _literal(view: DocView, subj: Mention, pred: str, text: str, tok: Token,
             conf: float) -> MentionRelation | None:
    value = normalize_date(text, base=view.document.date)
    if value is None:
        return None
    return MentionRelation(subj.id, pred, value[0], view.provenance(tok, NAME, conf),
                           object_is_literal=True, datatype=value[1])


def _mentions_in(view: DocView, start: int, end: int, labels: set[str]) -> list[Mention]:
    return [m for m in view.mentions if start <= m.span.start and m.span.end <= end and m.label in labels]


def _parenthetical(view: DocView) -> Iterator[MentionRelation]:
    text = view.document.text
    doc = view.doc
    for m in view.mentions:
        if m.label != "PERSON":
            continue
        after = text[m.span.end : m.span.end + 160]
        lead = re.match(r"\s*\(", after)
        if lead is None:
            continue
        open_at = m.span.end + lead.end()
        close = text.find(")", open_at)
        if close < 0 or close - open_at > 150:
            continue
        inner = text[open_at:close]
        tok = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
        if tok is None:
            continue
        root = tok.root
        if b := _BORN.match(inner):
            if b.group("date"):
                r = _literal(view, m, "dateOfBirth", b.group("date"), root, 0.9)
                if r is not None:
                    yield r
            if b.group("place"):
                p_start = open_at + b.start("place")
                places = _mentions_in(view, p_start, close, _PLACES)
                if places:
                    r = view.relation(m, "placeOfBirth", places[0], root, NAME, 0.85)
                    if r is not None:
                        yield r
        elif s := _SPAN.match(inner):
            for part, pred in (("birth", "dateOfBirth"), ("death", "dateOfDeath")):
                r = _literal(view, m, pred, s.group(part), root, 0.85)
                if r is not None:
                    yield r
        if d := _DIED.search(inner):
            r = _literal(view, m, "dateOfDeath", d.group("date"), root, 0.85)
            if r is not None:
                yield r


def _subjects(view: DocView, verb: Token) -> list[Mention]:
    return view.passive_subjects(verb) or view.subjects(verb)


def _life_event(tok: Token) -> tuple[bool, bool, str | None]:
    """What a verb reports: (born, died, the date property of a dated passive), e.g.
    "was born" -> (True, False, None), "was founded" -> (False, False, "inception")."""
    lemma = tok.lemma_.lower()
    participle = tok.tag_ == "VBN" or any(c.dep_ == "auxpass" for c in tok.children)
    born = lemma == "bear" and (participle or tok.lower_ == "born")
    died = lemma == "die"
    dated = _DATE_VERBS.get(lemma) if participle else None
    return born, died, dated


def _verb_objects(verb: Token) -> Iterator[tuple[Token, Token]]:
    """(attachment, object) of a verb: "born [in] [Ohio]", "died [Monday]" (an adverbial
    noun phrase or a bare object stands for itself)."""
    for prep in verb.children:
        if prep.dep_ not in ("prep", "npadvmod") and not (prep.dep_ == "pobj"):
            continue
        objs = [p for p in prep.children if p.dep_ == "pobj"] if prep.dep_ == "prep" else [prep]
        for o in objs:
            yield prep, o


def _dates_of(
    view: DocView, subs: list[Mention], pred: str, text: str, tok: Token
) -> Iterator[MentionRelation]:
    """Each subject's date ``pred``: "was founded in 1998" -> inception 1998."""
    for s in subs:
        r = _literal(view, s, pred, text, tok, 0.8)
        if r is not None:
            yield r


def _first_place(
    view: DocView, subs: list[Mention], pred: str, o: Token, tok: Token
) -> Iterator[MentionRelation]:
    """Each subject's place ``pred``, the first place ``o`` names: "was born in Ohio"."""
    for place in view.args(o):
        if place.label in _PLACES:
            for s in subs:
                r = view.relation(s, pred, place, tok, NAME, 0.8)
                if r is not None:
                    yield r
            return


def _verb_facts(view: DocView, tok: Token, date_ents: dict[int, Span]) -> Iterator[MentionRelation]:
    """The dates and places of one verb's subjects: "was born on 4 July 1946 in Ohio"."""
    born, died, dated = _life_event(tok)
    if not (born or died or dated):
        return
    subs = _subjects(view, tok)
    if born or died:
        subs = [s for s in subs if s.label == "PERSON"]
    if not subs:
        return
    for prep, o in _verb_objects(tok):
        if o.i in date_ents:
            pred = "dateOfBirth" if born else "dateOfDeath" if died else dated
            yield from _dates_of(view, subs, pred, date_ents[o.i].text, tok)  # type: ignore[arg-type]
        elif (born or died) and prep.lower_ in ("in", "at"):
            yield from _first_place(view, subs, "placeOfBirth" if born else "placeOfDeath", o, tok)


def _verbs(view: DocView) -> Iterator[MentionRelation]:
    """"was born in Ohio", "died on 5 May 2001", "was founded in 1998"."""
    doc, table = view.doc, view.table()
    date_ents = {t.i: e for e in table.ents if e.label_ == "DATE" for t in e}
    for i in table.with_pos(("VERB", "AUX")):
        if table.lemma[i] not in _LIFE_VERBS:
            continue  # a verb _life_event reads nothing of
        tok = doc[i]
        if view.negated(tok):
            continue
        yield from _verb_facts(view, tok, date_ents)


def _chains(view: DocView) -> Iterator[MentionRelation]:
    """"Vancouver, British Columbia, Canada": each place lies in the ones after it."""
    text = view.document.text
    places = [m for m in view.mentions if m.label in ("GPE", "LOC")]
    i = 0
    while i < len(places):
        chain = [places[i]]
        while i + 1 < len(places) and re.fullmatch(r"\s*,\s*",
                                                   text[places[i].span.end : places[i + 1].span.start]):
            chain.append(places[i + 1])
            i += 1
        i += 1
        if len(chain) < 2:
            continue
        tok = view.doc.char_span(chain[0].span.start, chain[0].span.end, alignment_mode="expand")
        if tok is None:
            continue
        for a in range(len(chain)):
            for b in range(a + 1, len(chain)):
                inner, outer = chain[a], chain[b]
                kind = geo.place_type(outer.text)
                if kind not in ("COUNTRY", "REGION"):
                    continue
                agrees = geo.is_within(inner.text, outer.text, likeliest=False) or (
                    kind == "REGION" and b == a + 1
                    and geo.country_of(inner.text) == geo.country_of(outer.text)
                    and geo.place_type(inner.text) == "CITY")
                unknown = not geo.lookup(inner.text)
                if not agrees and not (unknown and b == a + 1):
                    continue
                conf = 0.85 if agrees else 0.6
                if kind == "COUNTRY":
                    r = view.relation(inner, "country", outer, tok.root, NAME, conf)
                else:
                    r = view.relation(inner, "locatedIn", outer, tok.root, NAME,
                                      conf if b == a + 1 else conf - 0.2)
                if r is not None:
                    yield r
                # the country of a region that is named: "Ohio, United States" and the city in Ohio
                if kind == "REGION" and b == a + 1:
                    c = geo.country_of(outer.text)
                    for far in chain[b + 1 :]:
                        fc = country(far.text)
                        if fc is not None and fc[0] == c:
                            r = view.relation(inner, "country", far, tok.root, NAME, conf)
                            if r is not None:
                                yield r


def _nationality(view: DocView) -> Iterator[MentionRelation]:
    """"X is a German politician": X's citizenship, in the sentences that define X."""
    doc, deps = view.doc, view.table().dep
    for tok in (doc[i] for i, dep in enumerate(deps) if dep == "attr"):
        if tok.head.lemma_ != "be":
            continue
        nat = [m for c in tok.children if c.dep_ in ("amod", "compound", "nmod")
               for m in [view.mention_of(c)]
               if m is not None and m.label == "NORP" and demonym_country(m.text)]
        if len(nat) != 1:
            continue
        subs = [m for c in tok.head.children if c.dep_ == "nsubj" for m in view.args(c)]
        for s in subs:
            if s.label == "PERSON":
                r = view.relation(s, "countryOfCitizenship", nat[0], tok, NAME, 0.8)
                if r is not None:
                    yield r


@relation_patterns.register(NAME)
def find_wikidata(view: DocView) -> Iterator[MentionRelation]:
    yield from _parenthetical(view)
    yield from _verbs(view)
    if view.document.date is None:
        # background geography is what reference text states; in a dated news article a
        # dateline's "Everett, Washington" is incidental, and news gold (MEANTIME) does not
        # count it as a relation of the article
        yield from _chains(view)
    yield from _nationality(view)
