"""The per-token facts of a parsed document as plain Python lists, read from spaCy in one
``Doc.to_array`` call: for code that walks dependency paths over and over (the news pair
classifier reads a few thousand paths per corpus), where each ``doc[i]``, ``token.head``
and ``token.dep_`` would make a new Token object and look a string up."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

import numpy as np
from spacy.attrs import DEP, HEAD, IDX, IS_PUNCT, IS_SPACE, LEMMA, LIKE_NUM, LOWER, ORTH, POS, TAG
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc, Span

_ATTRS = [HEAD, DEP, POS, TAG, LEMMA, ORTH, LOWER, IS_PUNCT, IS_SPACE, LIKE_NUM, IDX]


# hash -> string (and lower-cased), shared by documents: a StringStore's hash is the
# string's, whatever the vocabulary, and a corpus repeats most of its words (emptied
# past _MAX_CACHED strings, so that a long build's memory stays bounded)
_STRINGS: dict[int, str] = {}
_LOWERED: dict[int, str] = {}
_MAX_CACHED = 500_000


def _strings(doc: Doc, ids: list[int], lower: bool = False) -> list[str]:
    """The strings of hash ``ids``, lower-cased on demand."""
    cache = _LOWERED if lower else _STRINGS
    try:
        return list(map(cache.__getitem__, ids))
    except KeyError:
        if len(cache) > _MAX_CACHED:
            cache.clear()
        store = doc.vocab.strings
        for h in set(ids).difference(cache):
            cache[h] = store[h].lower() if lower else store[h]
        return list(map(cache.__getitem__, ids))


class TokenTable:
    """Token ``i``'s head index, dependency label, coarse and fine part of speech,
    lower-cased lemma, text, lower-cased text, punctuation / whitespace / number flags and
    character offset: ``doc[i].head.i``, ``.dep_``, ``.pos_``, ``.tag_``,
    ``.lemma_.lower()``, ``.text``, ``.lower_``, ``.is_punct``, ``.is_space``,
    ``.like_num`` and ``.idx``; and the document's entity spans (``doc.ents``, read once).

    A pattern that reads a few kinds of token finds them here (``with_pos``,
    ``with_lemma``) instead of making every token of the document.

    Example:
        >>> import spacy
        >>> doc = spacy.blank("en")("Paris is big.")
        >>> table = TokenTable(doc)
        >>> table.head, table.punct
        ([0, 1, 2, 3], [0, 0, 0, 1])
    """

    __slots__ = ("head", "dep", "pos", "tag", "lemma", "text", "lower", "punct", "space", "num", "idx",
                 "ents", "chars", "_with_pos", "_by_lemma", "_chains", "_places", "_meets", "_children")

    def __init__(self, doc: Doc) -> None:
        n = len(doc)
        cols = doc.to_array(_ATTRS).reshape(n, len(_ATTRS)).T  # unsigned 64-bit numbers
        # HEAD is the offset to the head (-1 reads as 2**64 - 1 until viewed as signed)
        self.head: list[int] = (cols[0].view(np.int64) + np.arange(n, dtype=np.int64)).tolist()
        deps, pos, tags, lemmas, orths, lowers, punct, space, num, idx = cols[1:].tolist()
        self.dep = _strings(doc, deps)
        self.pos = list(map(POS_NAMES.__getitem__, pos))
        self.tag = _strings(doc, tags)
        self.lemma = _strings(doc, lemmas, lower=True)
        self.text = _strings(doc, orths)
        self.lower = _strings(doc, lowers)
        self.punct: list[int] = punct  # 1 for punctuation
        self.space: list[int] = space  # 1 for whitespace
        self.num: list[int] = num  # 1 for a number-like token
        self.idx: list[int] = idx  # the character offset of the token in the text
        self.ents: tuple[Span, ...] = tuple(doc.ents)  # ``doc.ents`` (which makes its Spans anew each time)
        self.chars: int = idx[-1] + len(doc[n - 1].text_with_ws) if n else 0  # ``len(doc.text)``
        self._chains: dict[int, list[int]] = {}
        self._places: dict[int, dict[int, int]] = {}
        self._meets: dict[tuple[int, int], tuple[int, list[int], int] | None] = {}
        self._children: dict[int, list[int]] = {}
        self._with_pos: dict[tuple[str, ...], list[int]] = {}
        self._by_lemma: dict[str, list[int]] | None = None  # lemma -> its tokens, made on first use

    def token_at(self, char: int) -> int:
        """The token whose text or trailing whitespace holds character ``char`` (-1: none)."""
        if not 0 <= char < self.chars:
            return -1
        return bisect_right(self.idx, char) - 1

    def char_range(self, start: int, end: int) -> tuple[int, int] | None:
        """The tokens ``i:j`` that characters ``start:end`` touch, whitespace after a token
        aside: ``doc.char_span(start, end, alignment_mode="expand")``'s ``start, end``
        without making the Span (``None`` where it gives ``None``)."""
        i, j = self.token_at(start), self.token_at(end - 1)
        if i < 0 or j < 0:
            return None
        if start == self.idx[i] + len(self.text[i]):
            i += 1
        return i, j + 1

    def root(self, start: int, end: int) -> int:
        """The head token of tokens ``start:end``, as ``Span.root`` finds it: a sentence's
        root when one is inside, else the first of the tokens headed from outside that is
        fewest arcs below its root (a childless space or punctuation mark last)."""
        head = self.head
        for i in range(start, end):
            if head[i] == i:
                return i
        best, found, n = len(head), -1, len(head)
        for i in range(start, end):
            if start <= head[i] < end:
                continue
            bare = (self.space[i] or self.punct[i]) and not self.children(i)
            depth = n - 1 if bare else len(self.chain(i)) - 1
            if depth < best:
                best, found = depth, i
        return start if found < 0 else found

    def with_pos(self, tags: tuple[str, ...]) -> list[int]:
        """The tokens whose coarse part of speech is one of ``tags``, in order (made once
        per ``tags``: read-only)."""
        found = self._with_pos.get(tags)
        if found is None:
            pos = self.pos
            found = self._with_pos[tags] = [i for i in range(len(pos)) if pos[i] in tags]
        return found

    def with_lemma(self, lemmas: Iterable[str]) -> list[int]:
        """The tokens whose lower-cased lemma is one of ``lemmas``, in order (from an
        index of the lemmas made once per document)."""
        if self._by_lemma is None:
            self._by_lemma = {}
            for i, w in enumerate(self.lemma):
                self._by_lemma.setdefault(w, []).append(i)
        by = self._by_lemma
        return sorted(i for w in by.keys() & lemmas for i in by[w])

    def children(self, i: int) -> list[int]:
        """The tokens whose head is ``i`` (``i`` itself aside), in order: ``doc[i].children``."""
        found = self._children.get(i)
        if found is None:
            found = self._children[i] = []
            head, k = self.head, -1
            while True:  # list.index finds the next token headed by i, at C speed
                try:
                    k = head.index(i, k + 1)
                except ValueError:
                    break
                if k != i:
                    found.append(k)
        return found

    def chain(self, i: int) -> list[int]:
        """``i`` then its ancestors up to the root (``[doc[i], *doc[i].ancestors]``)."""
        found = self._chains.get(i)
        if found is None:
            found = [i]
            head, n = self.head, len(self.head)
            while head[i] != i and len(found) <= n:
                i = head[i]
                found.append(i)
            self._chains[found[0]] = found
        return found

    def places(self, i: int) -> dict[int, int]:
        """Token -> its position in ``chain(i)``."""
        found = self._places.get(i)
        if found is None:
            found = self._places[i] = {t: k for k, t in enumerate(self.chain(i))}
        return found

    def meet(self, a: int, b: int) -> tuple[int, list[int], int] | None:
        """Where the dependency paths up from ``a`` and ``b`` meet: the lowest common
        ancestor, ``b``'s chain below it, and its position in ``a``'s chain (``None``: in
        no common tree)."""
        key = (a, b)
        if key in self._meets:
            return self._meets[key]
        pos = self.places(a)
        found = None
        for k, t in enumerate(self.chain(b)):
            if t in pos:
                found = t, self.chain(b)[:k], pos[t]
                break
        self._meets[key] = found
        return found
