"""Pronoun resolution by recency and grammatical role, within three sentences.

``they``/``them``/``their`` -> the nearest coordinated group of subjects ("Kishida and
Biden ... they"); ``he``/``she`` -> the nearest person, subjects first; ``it``/``its``
-> the nearest organization or product subject (expletive "it is ... that" is skipped).
Returns token index -> antecedent mentions and a confidence.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract.docview import DocView
from kg.model import Mention

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


def _subject_groups(view: DocView, first: int, before: int) -> list[tuple[int, tuple]]:
    groups = []
    for tok in view.doc[first:before]:
        if tok.dep_ in ("nsubj", "nsubjpass"):
            ms = tuple(m for m in view.args(tok) if m.label in ("PERSON", "GPE"))
            if len(ms) >= 2 and len({m.label for m in ms}) == 1:
                groups.append((tok.i, ms))
    return groups


class _Before:
    """The named mentions of a document by their first token, and each sentence's first
    token: the mentions that end before a token within a window of sentences are one slice
    (what an anaphor may refer to), so resolving is linear in the document's length."""

    def __init__(self, view: DocView) -> None:
        spans = ((view.token_range(m), m) for m in view.mentions)
        self.ordered = sorted((((start, end), m) for (start, end), m in spans if end > start),
                              key=lambda x: x[0][0])
        self.starts = [sp[0] for sp, _ in self.ordered]
        self.first: dict[int, int] = {}  # sentence -> its first token
        first = self.first
        for i, s in view.sent_of.items():
            if i < first.get(s, i + 1):
                first[s] = i
        self.view = view

    def first_token(self, sent: int) -> int:
        return self.first.get(sent, 0)

    def subject(self, m: Mention) -> bool:
        """Whether a mention's head is a subject."""
        return self.view.table().dep[self.view.head_of(m)] in ("nsubj", "nsubjpass")  # type: ignore[index]

    def window(self, tok: Token) -> tuple[int, list]:
        """The first token of the window of ``tok`` and the mentions ending before ``tok`` in it."""
        lo = max(0, self.view.sent_index(tok) - WINDOW + 1)
        first = self.first_token(lo)
        a, b = bisect_left(self.starts, first), bisect_left(self.starts, tok.i)
        return first, [(sp, m) for sp, m in self.ordered[a:b] if sp[1] <= tok.i]


def _anaphors(view: DocView) -> Iterator[Token]:
    """The tokens ``resolve_pronouns`` reads, in order: nouns of ``NOMINALS`` outside names,
    pronouns and words tagged as personal pronouns."""
    table, doc, named = view.table(), view.doc, view.tok_mention
    pos, tag, lemma = table.pos, table.tag, table.lemma
    for i in range(len(pos)):
        if (pos[i] == "NOUN" and lemma[i] in NOMINALS and i not in named) or pos[i] == "PRON" \
                or tag[i] in ("PRP", "PRP$"):
            yield doc[i]


def resolve_pronouns(view: DocView) -> dict[int, tuple[tuple, float]]:
    out: dict[int, tuple[tuple, float]] = {}
    before = _Before(view)
    for tok in _anaphors(view):
        low = tok.lower_
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in NOMINALS and tok.i not in view.tok_mention:
            found = _nominal(tok, before)
            if found is not None:
                out[tok.i] = found
            continue
        if tok.pos_ != "PRON" and tok.tag_ not in ("PRP", "PRP$"):
            continue
        if low in PLURAL:
            groups = _subject_groups(view, before.window(tok)[0], tok.i)
            if groups:
                out[tok.i] = (groups[-1][1], 0.7)
        elif low in PERSONAL or low in NEUTER:
            if (low in NEUTER and tok.head.lemma_ in ("be", "seem", "appear", "take", "make")
                    and tok.dep_ == "nsubj"):
                continue
            labels = ("PERSON",) if low in PERSONAL else ("ORG", "PRODUCT")
            cands = [(sp, m) for sp, m in before.window(tok)[1] if m.label in labels]
            if not cands:
                continue
            subj = [c for c in cands if before.subject(c[1])]
            sp, m = (subj or cands)[-1]
            distinct = {x[1].text.split()[-1] for x in cands}
            conf = 0.7 if len(distinct) == 1 else 0.5
            out[tok.i] = ((m,), conf)
    return out


def _nominal(tok: Token, before: _Before) -> tuple[tuple, float] | None:
    """"the company" -> the nearest organization before it (subjects first), when the noun
    phrase is only "the" + noun (no other modifier that could make it a new thing)."""
    kids = list(tok.children)
    if tok.tag_ != "NN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in kids):
        return None
    if any(c.dep_ in ("amod", "compound", "nummod", "poss", "prep", "relcl", "acl", "appos") for c in kids):
        return None
    labels = NOMINALS[tok.lemma_.lower()]
    cands = [(sp, m) for sp, m in before.window(tok)[1] if m.label in labels]
    if not cands:
        return None
    subj = [c for c in cands if before.subject(c[1])]
    sp, m = (subj or cands)[-1]
    return (m,), 0.5

