"""Pronoun resolution by recency and grammatical role, within three sentences.

``they``/``them``/``their`` -> the nearest coordinated group of subjects ("Kishida and
Biden ... they"); ``he``/``she`` -> the nearest person, subjects first; ``it``/``its``
-> the nearest organization or product subject (expletive "it is ... that" is skipped).
Returns token index -> antecedent mentions and a confidence.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.docview import DocView
from kg.registry import mention_sources

PLURAL = {"they", "them", "their", "theirs"}
PERSONAL = {"he", "him", "his", "she", "her", "hers"}
NEUTER = {"it", "its"}
WINDOW = 3
# definite descriptions that refer back to a named entity: head noun -> entity labels
NOMINALS = {
    **dict.fromkeys(["company", "firm", "corporation", "carrier", "airline", "manufacturer", "maker",
                     "bank", "agency", "band", "group", "club", "team", "party", "university",
                     "newspaper", "label", "organization", "organisation", "network", "studio"], ("ORG",)),
    **dict.fromkeys(["city", "town", "village", "municipality", "country", "state", "province",
                     "region", "county", "district", "island", "river"], ("GPE", "LOC")),
    **dict.fromkeys(["film", "album", "song", "novel", "book", "series", "show", "single", "game",
                     "episode"], ("WORK_OF_ART", "PRODUCT")),
    **dict.fromkeys(["aircraft", "plane", "jet", "device", "phone", "player", "console"], ("PRODUCT",)),
}


def _subject_groups(view: DocView, sent_lo: int, before: int) -> list[tuple[int, tuple]]:
    groups = []
    for tok in view.doc:
        if tok.i >= before or view.sent_index(tok) < sent_lo:
            continue
        if tok.dep_ in ("nsubj", "nsubjpass"):
            ms = tuple(m for m in view.args(tok) if m.label in ("PERSON", "GPE"))
            if len(ms) >= 2 and len({m.label for m in ms}) == 1:
                groups.append((tok.i, ms))
    return groups


@mention_sources.register("kg.coref.v1")
def resolve_pronouns(view: DocView) -> dict[int, tuple[tuple, float]]:
    out: dict[int, tuple[tuple, float]] = {}
    ordered = sorted(
        ((view.doc.char_span(m.span.start, m.span.end, alignment_mode="expand"), m) for m in view.mentions),
        key=lambda x: x[0].start if x[0] is not None else -1,
    )
    for tok in view.doc:
        low = tok.lower_
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in NOMINALS and tok.i not in view.tok_mention:
            found = _nominal(view, tok, ordered)
            if found is not None:
                out[tok.i] = found
            continue
        if tok.pos_ != "PRON" and tok.tag_ not in ("PRP", "PRP$"):
            continue
        s = view.sent_index(tok)
        lo = max(0, s - WINDOW + 1)
        if low in PLURAL:
            groups = _subject_groups(view, lo, tok.i)
            if groups:
                out[tok.i] = (groups[-1][1], 0.7)
        elif low in PERSONAL or low in NEUTER:
            if (low in NEUTER and tok.head.lemma_ in ("be", "seem", "appear", "take", "make")
                    and tok.dep_ == "nsubj"):
                continue
            labels = ("PERSON",) if low in PERSONAL else ("ORG", "PRODUCT")
            cands = [
                (sp, m) for sp, m in ordered
                if sp is not None and sp.end <= tok.i and m.label in labels and view.sent_index(sp[0]) >= lo
            ]
            if not cands:
                continue
            subj = [c for c in cands if c[0].root.dep_ in ("nsubj", "nsubjpass")]
            sp, m = (subj or cands)[-1]
            distinct = {x[1].text.split()[-1] for x in cands}
            conf = 0.7 if len(distinct) == 1 else 0.5
            out[tok.i] = ((m,), conf)
    return out


def _nominal(view: DocView, tok: Token, ordered: list) -> tuple[tuple, float] | None:
    """"the company" -> the nearest organization before it (subjects first), when the noun
    phrase is only "the" + noun (no other modifier that could make it a new thing)."""
    kids = list(tok.children)
    if tok.tag_ != "NN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in kids):
        return None
    if any(c.dep_ in ("amod", "compound", "nummod", "poss", "prep", "relcl", "acl", "appos") for c in kids):
        return None
    labels = NOMINALS[tok.lemma_.lower()]
    lo = max(0, view.sent_index(tok) - WINDOW + 1)
    cands = [(sp, m) for sp, m in ordered if sp is not None and sp.end <= tok.i and m.label in labels
             and view.sent_index(sp[0]) >= lo]
    if not cands:
        return None
    subj = [c for c in cands if c[0].root.dep_ in ("nsubj", "nsubjpass")]
    sp, m = (subj or cands)[-1]
    return (m,), 0.5

