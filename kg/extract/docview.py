"""A read-only view of one parsed document for relation patterns: which tokens belong to
which mention, how noun phrases expand to the mentions they name (coordination,
apposition, "such as" lists, resolved pronouns), and who the subject of a verb is."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.extract.tokentable import TokenTable
from kg.model import CharSpan, Document, Mention, MentionRelation, Provenance, Sentence

# dependency arcs that stay inside a noun phrase when collecting the mentions it names
_NP_INNER = {"conj", "appos", "cc", "punct", "det", "amod", "advmod", "preconj", "nummod", "npadvmod",
             "quantmod"}
_LIST_PREPS = {"as", "including", "like"}
SUBJ = ("nsubj", "csubj")
PASSIVE_SUBJ = ("nsubjpass", "csubjpass")


@dataclass
class DocView:
    document: Document
    doc: Doc
    sentences: Sequence[Sentence]
    mentions: list[Mention]
    tok_mention: dict[int, Mention] = field(default_factory=dict)
    antecedents: dict[int, tuple[Mention, ...]] = field(default_factory=dict)
    sent_of: dict[int, int] = field(default_factory=dict)
    # what patterns derive from the document once and share (entity clusters, ...)
    memo: dict[object, object] = field(default_factory=dict, repr=False)
    # the relations the patterns run so far have read (``extract_doc`` adds each one's)
    found: list[MentionRelation] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        self.tok_mention = {}
        for m in self.mentions:
            if m.label == "PRON":
                continue
            found = self.table().char_range(m.span.start, m.span.end)
            for i in range(*found) if found else ():
                self.tok_mention.setdefault(i, m)

    # -- spans and provenance ----------------------------------------------------------
    def char_tokens(self, start: int, end: int) -> list[Token]:
        """The tokens characters ``start:end`` touch (``Doc.char_span``'s "expand" mode)."""
        found = self.table().char_range(start, end)
        return [self.doc[i] for i in range(*found)] if found else []

    def table(self) -> TokenTable:
        """The document's token table (``kg.extract.tokentable``; made once per document)."""
        found = self.memo.get("token-table")
        if found is None:
            found = self.memo["token-table"] = TokenTable(self.doc)
        return found  # type: ignore[return-value]

    def token_range(self, m: Mention) -> tuple[int, int]:
        """The tokens ``start:end`` of a mention, ``(0, 0)`` for none (made once per mention)."""
        key = ("tokens", m.id)
        found = self.memo.get(key)
        if found is None:
            span = self.table().char_range(m.span.start, m.span.end)
            found = self.memo[key] = span if span is not None and span[1] > span[0] else (0, 0)
        return found  # type: ignore[return-value]

    def head_of(self, m: Mention) -> int | None:
        """The head token of a mention (its syntactic root; made once per mention)."""
        key = ("head", m.id)
        if key not in self.memo:
            start, end = self.token_range(m)
            self.memo[key] = self._root(start, end) if end > start else None
        return self.memo[key]  # type: ignore[return-value]

    def _root(self, start: int, end: int) -> int:
        """``Span.root`` of tokens ``start:end``, read from the token table (unless the
        pipeline hooks its own)."""
        if "root" in self.doc.user_span_hooks:
            return Span(self.doc, start, end).root.i  # type: ignore[no-any-return]
        return self.table().root(start, end)

    def sent_index(self, tok: Token) -> int:
        """The index of the sentence holding ``tok`` (whitespace between sentences
        belongs to the sentence before)."""
        if tok.i in self.sent_of:
            return self.sent_of[tok.i]
        for s in self.sentences:
            if s.start <= tok.idx < s.end or (tok.idx >= s.start and s is self.sentences[-1]):
                return s.index
        return 0

    def provenance(self, tok: Token, extractor: str, confidence: float) -> Provenance:
        """What ``extractor`` read in the sentence of ``tok``, with ``confidence``."""
        return self.sentence_provenance(self.sent_index(tok), extractor, confidence)

    def sentence_provenance(self, sent: int, extractor: str, confidence: float) -> Provenance:
        """What ``extractor`` read in sentence ``sent``, with ``confidence``."""
        s = self.sentences[sent]
        return Provenance(CharSpan(self.document.id, s.start, s.end, s.index), extractor,
                          round(confidence, 3))

    def relation(
        self, subj: Mention, predicate: str, obj: Mention, tok: Token, extractor: str, confidence: float
    ) -> MentionRelation | None:
        if subj.id == obj.id or subj.key is not None and subj.key == obj.key and subj.key:
            return None
        if subj.text == obj.text:
            return None
        return MentionRelation(subj.id, predicate, obj.id, self.provenance(tok, extractor, confidence))

    # -- noun phrases ------------------------------------------------------------------
    def mention_of(self, tok: Token) -> Mention | None:
        return self.tok_mention.get(tok.i)

    def args(self, tok: Token, *, event_nouns: Iterable[str] = ()) -> list[Mention]:
        """The mentions a noun phrase headed by ``tok`` names, in order.

        A mention head gives itself plus its conjuncts and appositions; a common noun gives
        the mentions listed after it ("giants such as A, B and C", "areas including X"),
        and an event noun ("the A-B summit") also its name modifiers; a pronoun gives its
        resolved antecedents.
        """
        out: list[Mention] = []
        seen: set[str] = set()
        events = set(event_nouns)

        def add(m: Mention | None) -> None:
            if m is not None and m.id not in seen and m.label != "PRON":
                seen.add(m.id)
                out.append(m)

        self._walk(tok, 0, events, add)
        return out

    def _walk(self, t: Token, depth: int, events: set[str], add: Callable[[Mention | None], None]) -> None:
        """``add`` the mentions the phrase at ``t`` names, then walk on to its members
        (``_members``), at most 6 arcs deep."""
        if depth > 6:
            return
        m = self._named(t)
        self._collect(t, m, events, add)
        for member in self._members(t, m):
            self._walk(member, depth + 1, events, add)

    def _named(self, t: Token) -> Mention | None:
        """The mention at ``t``; for a place in "Los Angeles-based Northrop", the company."""
        m = self.mention_of(t)
        if m is not None and m.label in ("GPE", "LOC"):
            based = self.based_on(m)
            if based is not None:
                m = based
        return m

    def _collect(self, t: Token, m: Mention | None, events: set[str],
                 add: Callable[[Mention | None], None]) -> None:
        """``add`` what ``t`` itself names: its mention ``m``, else a pronoun's antecedents,
        else the name modifiers of an event noun ("the Kishida-Biden summit")."""
        if m is not None:
            add(m)
        elif t.i in self.antecedents:
            for a in self.antecedents[t.i]:
                add(a)
        elif t.lemma_.lower() in events or t.text.lower() in events:
            for c in t.children:
                if c.dep_ in ("compound", "nmod", "amod", "poss") and c.i < t.i:
                    for sub in c.subtree:
                        add(self.mention_of(sub))

    def _list_prep(self, c: Token) -> bool:
        """A preposition that opens a list: "including", "like", "as" of "such as"."""
        return (c.lower_ in _LIST_PREPS or any(g.lower_ == "such" for g in c.children) or
                c.lower_ == "as" and c.i > 0 and self.doc[c.i - 1].lower_ == "such")

    def _members(self, t: Token, m: Mention | None) -> Iterator[Token]:
        """The tokens the phrase at ``t`` goes on to: conjuncts and appositions ("A, B and
        C"), and for a common noun (``m`` is ``None``) the items of its list ("giants such
        as A", "areas including X", "such" + "as" attached to an amod "such")."""
        for c in t.children:
            if c.dep_ in ("conj", "appos"):
                yield c
            elif m is None and c.dep_ == "prep" and self._list_prep(c):
                yield from (p for p in c.children if p.dep_ == "pobj")
            elif m is None and c.dep_ in ("amod",) and c.lower_ in _LIST_PREPS:
                yield from c.children
        if m is None:
            for c in t.children:
                if c.dep_ == "amod" and c.lower_ == "such":
                    for p in c.children:
                        if p.dep_ == "prep":
                            yield from p.children

    def phrase(self, tok: Token) -> tuple[str, int, int] | None:
        """The text and character span of the noun phrase headed by a common noun, cut
        before its prepositional phrases and clauses ("179 new tankers at a rate of ..."
        -> "179 new tankers"); ``None`` for pronouns, names and long phrases."""
        if tok.pos_ not in ("NOUN", "PROPN", "NUM") or tok.i in self.tok_mention and tok.pos_ == "PROPN":
            return None
        left = [t for t in tok.subtree if t.i <= tok.i]
        start = left[0].i
        while start < tok.i and self.doc[start].lower_ in ("the", "a", "an", "this", "that", "these",
                                                           "those", "its", "their", "his", "her"):
            start += 1
        if any(self.doc[i].is_punct and self.doc[i].text not in ("-", "$", "#") for i in range(start, tok.i)):
            start = tok.i
        end = tok.i + 1
        if tok.pos_ == "NUM" or tok.lower_ in ("some", "all", "most", "part", "number", "dozens", "hundreds"):
            for c in tok.children:  # "20 of Boeing's larger 777 planes"
                if c.dep_ == "prep" and c.lower_ == "of":
                    pobj = [p for p in c.children if p.dep_ == "pobj"]
                    if pobj:
                        end = pobj[0].i + 1
        if end - start > 9:
            return None
        span = self.doc[start:end]
        return span.text, span.start_char, span.end_char

    def based_on(self, place: Mention) -> Mention | None:
        """"Los Angeles-based Northrop Grumman": the mention based in ``place``."""
        span = self.table().char_range(place.span.start, place.span.end)
        if span is None:
            return None
        i = span[1]
        if i < len(self.doc) and self.doc[i].text == "-":
            i += 1
        if i >= len(self.doc) or self.doc[i].lower_ not in ("based", "headquartered"):
            return None
        for j in range(i + 1, min(i + 5, len(self.doc))):
            m = self.mention_of(self.doc[j])
            if m is not None and m.label in ("ORG", "PERSON", "FAC"):
                return m
        return None

    def possessor(self, tok: Token) -> list[Mention]:
        """Mentions in the possessive of a common noun ("China's access")."""
        return [m for c in tok.children if c.dep_ == "poss" for m in self.args(c)]

    # -- clauses -----------------------------------------------------------------------
    def subjects(self, verb: Token, *, event_nouns: Iterable[str] = (), depth: int = 0) -> list[Mention]:
        """Who does ``verb``: its subject, or the controller of an infinitive or gerund."""
        if depth > 4:
            return []
        for c in verb.children:
            if c.dep_ in SUBJ:
                if c.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
                    return self.args(verb.head, event_nouns=event_nouns)
                return self.args(c, event_nouns=event_nouns)
        if verb.dep_ in ("xcomp", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to"
                                                   for c in verb.children):
            # object control: "selected Northrop to build", "allowed X to bid"
            for c in verb.head.children:
                if c.dep_ == "dobj" and c.i < verb.i:
                    objs = self.args(c)
                    if objs:
                        return objs
        if verb.dep_ == "pcomp" and verb.head.lower_ == "for" and verb.head.head.pos_ == "VERB":
            # "criticized the United States for restricting ...": the object does it
            for c in verb.head.head.children:
                if c.dep_ == "dobj":
                    objs = self.args(c)
                    if objs:
                        return objs
        if verb.dep_ in ("xcomp", "advcl", "conj", "acomp") or (
            verb.dep_ == "pcomp" and verb.head.dep_ == "prep"
        ):
            head = verb.head.head if verb.dep_ == "pcomp" else verb.head
            if verb.dep_ in ("xcomp", "acomp"):
                for c in head.children:
                    if c.dep_ in PASSIVE_SUBJ:
                        return self.args(c, event_nouns=event_nouns)
            return self.subjects(head, event_nouns=event_nouns, depth=depth + 1)
        if verb.dep_ == "relcl":
            return self.args(verb.head, event_nouns=event_nouns)
        return []

    def passive_subjects(self, verb: Token) -> list[Mention]:
        for c in verb.children:
            if c.dep_ in PASSIVE_SUBJ:
                return self.args(c)
        return []

    def agents(self, verb: Token) -> list[Mention]:
        return [m for c in verb.children if c.dep_ == "agent" for p in c.children for m in self.args(p)]

    def negated(self, verb: Token) -> bool:
        return any(c.dep_ == "neg" for c in verb.children)
