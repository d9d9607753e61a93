"""The merge rules of resolution, by name, in the order they run (``kg.resolve.rules``
re-exports them; they live here, below both, so that extraction's pair classifiers group
a document's mentions by the same rules: ``kg.extract.patterns.pairs.clusters``).

Resolution joins mentions through a union-find (``MergeLog``) that writes down every
join: the rule's name, the mention that joined and the one it joined
(``kg.model.Merge``; ``kg build --explain`` prints them).  Each rule is a small function
of plain data: a document's names (``Name``: a mention, its class and the words of its
name) and indexes built once per document (``DocumentContext``), or, across documents,
every name and the clusters made so far (``CollectionContext``).

The order is the precedence, strongest evidence first:

``IN_DOCUMENT``
    run over each document in turn, each rule over all its names; the ``FirstMatch``
    step among them takes the document's names longest first (so that "von der Esch"
    joins "Carl von der Esch" before "Esch" looks) and gives each name to the first of
    its rules that claims it: a rule claims a name when its evidence points at one
    entity, even when the name is in that entity already, and the later rules then never
    see that name.
``ACROSS_DOCUMENTS``
    run once, after every document.

Guards: a short name that fits two entities (two people sharing a surname) merges with
neither; names with different numbers never share a key and never fit one another as
short and full names ("Boeing 737" / "Boeing 747"); a person's name merges with another
class's only where a rule says why (a one-word name the model mislabelled:
``last_word_any_class``, ``bare_name``; a thing named like a person: ``given_name``).
``one_word_across_documents`` compares no numbers: "Kestrel" joins the one "Kestrel 9" of
the collection (adding that guard costs a duplicate on Re-DocRED dev: 289, not 288).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from kg.knowledge.lexicon import Lexicon, shipped
from kg.knowledge.names import CORP_SUFFIXES, initials, is_acronym, key_words, numbers, strip_name
from kg.knowledge.places import city_of_its_name, country, demonym_country, known_place, region_or_place
from kg.model import SAME_AS, Extraction, Mention, Merge

__all__ = [
    "ACROSS_DOCUMENTS",
    "CLASS_PRIORITY",
    "IN_DOCUMENT",
    "CollectionContext",
    "CollectionRule",
    "DocumentContext",
    "FirstMatch",
    "MergeLog",
    "NOT_A_PERSON",
    "Name",
    "ORG_HEADS",
    "PLACE_HEADS",
    "NameRule",
    "Rule",
    "classify",
    "document_names",
    "document_clusters",
    "lexicon_key",
    "merge_across_documents",
    "merge_in_document",
    "rule_names",
]


# -- the union-find that keeps a log --------------------------------------------------


class MergeLog:
    """A union-find over mention ids that logs each join with the rule that made it.

    The root of a set is always its smallest id, so the sets and their roots never depend
    on the order of the joins.
    """

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.rule = ""  # the rule whose joins are being logged
        self.log: list[Merge] = []

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def merge(self, mention: str, into: str) -> bool:
        """Join the set of ``mention`` to that of ``into``; logged (by ``self.rule``) and
        ``True`` when they were two sets."""
        ra, rb = self.find(into), self.find(mention)
        if ra == rb:
            return False
        lo, hi = sorted((ra, rb))
        self.parent[hi] = lo
        self.log.append(Merge(self.rule, mention, into))
        return True

    def same(self, a: str, b: str) -> bool:
        return self.find(a) == self.find(b)

    def groups(self, items: Iterable[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for x in items:
            out[self.find(x)].append(x)
        return out


# -- what the rules read --------------------------------------------------------------


@dataclass
class Name:
    """A named mention as resolution sees it: its class (``PERSON``, ``ORG``, ``PLACE``,
    ``COUNTRY`` ...), the words of its name without titles, articles and company suffixes,
    and its merge key (``("lex", entry)``, ``("country", code)`` or ``(class, *words)``)."""

    mention: Mention
    cls: str
    words: tuple[str, ...]
    key: tuple[str, ...]
    canonical: str | None = None

    @property
    def id(self) -> str:
        return self.mention.id

    @property
    def text(self) -> str:
        return self.mention.text


@dataclass
class DocumentContext:
    """One document's names and the indexes the rules look names up in, built once."""

    extraction: Extraction
    names: list[Name]
    uf: MergeLog
    known: Mapping[str, Name]  # every name so far by mention id (this document's included)
    by_key: dict[tuple[str, ...], list[Name]] = field(default_factory=dict)
    full: dict[str, list[Name]] = field(default_factory=dict)  # class -> names of 2+ words
    edges: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (class, word) -> in full
    by_last: dict[str, list[Name]] = field(default_factory=dict)  # last word -> names of 2+ words
    by_first: dict[str, list[Name]] = field(default_factory=dict)  # first word -> names
    numbers: dict[str, tuple[str, ...]] = field(default_factory=dict)  # mention id -> its numbers
    topic: Name | None = None
    _longer: dict[str, tuple[list[Name], bool] | None] = field(default_factory=dict)

    @classmethod
    def of(cls, x: Extraction, names: list[Name], uf: MergeLog, known: Mapping[str, Name]) -> DocumentContext:
        by_key: dict[tuple[str, ...], list[Name]] = defaultdict(list)
        full: dict[str, list[Name]] = defaultdict(list)
        by_first: dict[str, list[Name]] = defaultdict(list)
        for i in names:
            by_key[i.key].append(i)
            if len(i.words) >= 2:
                full[i.cls].append(i)
            if i.words:
                by_first[i.words[0]].append(i)
        # the fuller names of a class by their first and by their last word (a short name fits
        # only a name it shares one of them with: ``fits``)
        edges: dict[tuple[str, str], list[int]] = defaultdict(list)
        by_last: dict[str, list[Name]] = defaultdict(list)  # in the order of ``full``
        for k_cls, cs in full.items():
            for k, c in enumerate(cs):
                for w in {c.words[0], c.words[-1]}:
                    edges[(k_cls, w)].append(k)
                by_last[c.words[-1]].append(c)
        return cls(x, names, uf, known, by_key, full, edges, by_last, by_first,
                   {i.id: numbers(i.text) for i in names}, topic_person(x, names))

    @property
    def text(self) -> str:
        return self.extraction.document.text

    def merge_if_one(self, i: Name, candidates: Sequence[Name]) -> bool:
        """Merge ``i`` into the candidates when they are all one entity already (``True``
        then, even when ``i`` is in it already)."""
        roots = {self.uf.find(c.id) for c in candidates}
        if len(roots) != 1:
            return False
        self.uf.merge(i.id, candidates[0].id)
        return True

    def longer(self, i: Name) -> tuple[list[Name], bool] | None:
        """The longer names here whose last word is the one-word name ``i``, and whether
        ``i`` is a known place; ``None`` for a name the last-word rules leave alone: more
        than one word, a country, a concept, a nationality ("Bangladeshi"), or a place
        used as a place ("in Anand")."""
        if i.id not in self._longer:
            self._longer[i.id] = _longer(self, i)
        return self._longer[i.id]


def _longer(ctx: DocumentContext, i: Name) -> tuple[list[Name], bool] | None:
    if len(i.words) != 1 or i.cls in ("COUNTRY", "CONCEPT") or (
            i.cls == "NORP" and demonym_country(i.text) is not None) or (
            i.cls == "PLACE" and locative(ctx.text, i.mention)):
        return None
    place = i.cls != "PERSON" and known_place(i.text)
    longer = [c for c in ctx.by_last.get(i.words[0], ()) if c.cls not in ("COUNTRY", "NORP", "CONCEPT")
              and c.key[0] != "country"
              and (c.words[-2] not in LINKS or (c.cls == "PERSON" and c.words[-2] in PARTICLES))
              and not re.search(r"-\w+\W*$", c.text)  # "House of Bourbon-Orléans"
              and not (place and c.cls != "PERSON")]  # "Western Pennsylvania", "NPR Illinois"
    return longer, place


@dataclass
class CollectionContext:
    """Every name of the collection by mention id, and the union-find after the documents."""

    names: Mapping[str, Name]
    uf: MergeLog

    def clusters(self) -> dict[str, list[str]]:
        """Root -> the mention ids of its cluster, in id order."""
        return self.uf.groups(sorted(self.names))


# -- a mention's class and merge key -------------------------------------------------


_CLASS = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
CLASS_PRIORITY = ["CONCEPT", "PRODUCT", "ORG", "COUNTRY", "PLACE", "PERSON", "NORP", "EVENT",
                   "WORK_OF_ART", "LAW", "LANGUAGE"]


def lexicon_key(text: str, label: str, lexicon: Lexicon | None = None) -> tuple[str, str] | None:
    """``(label, key)`` of the lexicon entry named ``text`` (ORG suffixes ignored)."""
    if label == "PERSON":
        return None
    by_words = (lexicon or shipped()).by_words()
    for lab in ([label] if label in ("ORG", "PRODUCT", "CONCEPT") else []) + ["ORG", "PRODUCT", "CONCEPT"]:
        k = by_words.get((lab, key_words(text, lab)))
        if k is not None and (lab == label or label in ("ORG", "PRODUCT", "GPE", "WORK_OF_ART", "EVENT")):
            return lab, k
    return None


def classify(m: Mention, label: str, makers: frozenset[str], lexicon: Lexicon) -> Name | None:
    """Class and merge key of a mention; ``None`` for a group name that is no country."""
    key = m.key
    if not key:
        hit = lexicon_key(m.text, label, lexicon)
        if hit is not None:
            label, key = hit
    if key:
        name = lexicon.names().get(key)
        cls = label if label in CLASS_PRIORITY else _CLASS.get(label, label)
        return Name(m, cls, key_words(m.text, label), ("lex", key), canonical=name)
    if label in ("GPE", "LOC", "NORP"):
        # a nationality adjective names its country ("Japanese" -> Japan: Wikidata's
        # country of citizenship, P27, is the country), whatever label the model gave it
        c = demonym_country(m.text)
        if c is not None:
            return Name(m, "COUNTRY", key_words(m.text, "NORP"), ("country", c[0]), canonical=c[1])
    if label in ("GPE", "LOC"):
        c = country(strip_name(m.text))
        if c is not None:
            return Name(m, "COUNTRY", key_words(m.text, label), ("country", c[0]), canonical=c[1])
    cls = _CLASS.get(label, label)
    words = key_words(m.text, label)
    if cls == "PRODUCT" and len(words) > 1 and words[0] in makers:
        words = words[1:]  # "Airbus A380" = "A380"
    return Name(m, cls, words, (cls, *words))


def document_names(x: Extraction, lexicon: Lexicon) -> list[Name]:
    """The named mentions of a document (not its pronouns) as ``Name``s, each with one
    label per identical name: the majority's (NER is inconsistent)."""
    named = [m for m in x.mentions if m.label != "PRON"]
    # one label per identical name in a document: the majority (NER is inconsistent)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for m in named:
        votes[strip_name(m.text).lower()][m.label] += 1
    makers = frozenset(
        words[0] for m in named if m.label == "ORG" for words in [key_words(m.text, "ORG")] if len(words) == 1
    ) | lexicon.makers()
    infos = []
    for m in named:
        v = votes[strip_name(m.text).lower()]
        label = m.label
        if not m.key and len(v) > 1:
            label = max(v.items(), key=lambda kv: (kv[1], -_label_rank(kv[0])))[0]
        info = classify(m, label, makers, lexicon)
        if info is not None:
            infos.append(info)
    return infos


def _label_rank(label: str) -> int:
    order = ["ORG", "GPE", "PRODUCT", "PERSON", "LOC", "NORP", "FAC", "EVENT", "WORK_OF_ART"]
    return order.index(label) if label in order else len(order)


# -- the rules ------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A named rule applied to a whole document (or collection)."""

    name: str
    apply: Callable[[DocumentContext], None]


@dataclass(frozen=True)
class NameRule:
    """A named rule applied to one name; ``True`` when it claims the name."""

    name: str
    apply: Callable[[DocumentContext, Name], bool]


@dataclass(frozen=True)
class FirstMatch:
    """The document's names longest first (ties in document order), each given to the
    first rule that claims it; lexicon entries, countries and names without words are
    left out."""

    rules: tuple[NameRule, ...]

    def apply(self, ctx: DocumentContext) -> None:
        for i in sorted(ctx.names, key=lambda i: -len(i.words)):
            if i.key[0] in ("lex", "country") or not i.words:
                continue
            for rule in self.rules:
                ctx.uf.rule = rule.name
                if rule.apply(ctx, i):
                    break


@dataclass(frozen=True)
class CollectionRule:
    """A named rule applied once to the whole collection."""

    name: str
    apply: Callable[[CollectionContext], None]


def same_lexicon_entry(ctx: DocumentContext) -> None:
    """Names of one lexicon entry ("Airbus SE", "Airbus" -> one entity)."""
    _same_key(ctx, "lex")


def same_country(ctx: DocumentContext) -> None:
    """Names of one country ("US", "U.S." -> "the United States")."""
    _same_key(ctx, "country")


def same_name(ctx: DocumentContext) -> None:
    """The same class and name without titles, articles, possessives and company suffixes
    ("Apple Inc." -> "Apple"; "President Biden" -> "Biden"); "Boeing 737" [PRODUCT] and
    "Boeing 737" [ORG] stay apart."""
    _same_key(ctx, "name")


def _same_key(ctx: DocumentContext, kind: str) -> None:
    """Merge the names of each key of ``kind`` (``lex``, ``country`` or any other: ``name``)
    into the first name with it."""
    for key, group in ctx.by_key.items():
        if (key[0] if key[0] in ("lex", "country") else "name") == kind:
            for i in group[1:]:
                ctx.uf.merge(i.id, group[0].id)


# a name in brackets or after "also known as" right after another name is another name for it
_ALIAS_INTRO = re.compile(
    r"\s*(?:\((?:[^()]{0,80}?(?:known as|called|named|born|n[ée]e|formerly|originally|a\.k\.a\.|aka|"
    r"[A-Z][a-z]+(?: [A-Za-z]+)?:|meaning|literally)\s*)?"
    r"|(?:\s*\([^()]{0,60}\))?,\s+(?:also |better |commonly |popularly |formerly |previously |originally )?"
    r"(?:known as|called|nicknamed|a\.k\.a\.|aka)\s+)[\"'\u201c]?(?:[Tt]he\s+)?$")


def declared_alias(ctx: DocumentContext) -> None:
    """A name in brackets or after "known as" right after another name is that name's
    ("Christophe Aguirre Schwarz (born 1977), known as Zevs": "Zevs" -> "Christophe Aguirre
    Schwarz"; "Le Ventre de Paris (The Belly of Paris)"; a reference article's opening
    "John Henry Dearle or J. H. Dearle")."""
    text = ctx.text
    by_start = sorted(ctx.names, key=lambda i: i.mention.span.start)
    for n, i in enumerate(by_start):
        if not i.words or i.key[0] == "country":
            continue
        for j in by_start[n + 1 : n + 4]:
            gap = text[i.mention.span.end : j.mention.span.start]
            if _declares(text, gap, i, j, first=n == 0):
                ctx.uf.merge(j.id, i.id)
                break


def _declares(text: str, gap: str, i: Name, j: Name, *, first: bool) -> bool:
    """Whether ``gap`` between the names ``i`` and ``j`` says ``j`` is another name of ``i``."""
    lead_or = first and gap.strip() == "or"
    if len(gap) > 100 or not (lead_or or _ALIAS_INTRO.fullmatch(gap)):
        return False
    after = text[j.mention.span.end : j.mention.span.end + 2]
    if gap.strip() == "(" and (not re.match(r"\s*[),;]", after) or i.cls == "PERSON"
                               or j.cls in ("NORP", "LANGUAGE")):
        return False  # "X (Y of Z)"; "Derek Shepherd (Patrick Dempsey)"; "(French: ...)"
    if (i.cls == "PERSON") != (j.cls == "PERSON") or j.key[0] == "country":
        return False
    # "Springfield (Illinois)": a qualifier
    return not (i.cls in ("PLACE", "CITY") and j.cls in ("PLACE", "CITY") and gap.strip() == "("
                and known_place(j.text))


def last_word_same_class(ctx: DocumentContext, i: Name) -> bool:
    """A one-word name that is the last word of exactly one longer name of its class here
    ("Prima" -> "Louis Prima"); "Esch" -> "Carl von der Esch", but never "Pittsburgh" ->
    "Diocese of Pittsburgh", nor a known place into a longer place ("Pennsylvania" stays
    apart from "Western Pennsylvania")."""
    found = ctx.longer(i)
    return found is not None and ctx.merge_if_one(i, [c for c in found[0] if c.cls == i.cls])


def last_word_any_class(ctx: DocumentContext, i: Name) -> bool:
    """A one-word name that is the last word of exactly one longer name here, whatever
    label the model gave either ("Spurs" [ORG] -> "San Antonio Spurs" [GPE]; "Underwood"
    [GPE] -> "Carrie Underwood")."""
    found = ctx.longer(i)
    return found is not None and ctx.merge_if_one(i, found[0])


def surname_of_topic_person(ctx: DocumentContext, i: Name) -> bool:
    """A surname that several people here share is the article's subject's when the
    subject is one of them and the others are named only after the first sentence
    ("Franck Piccard (born 1965) is a skier. Piccard won. His son Ian Piccard ...":
    "Piccard" -> "Franck Piccard")."""
    found, topic = ctx.longer(i), ctx.topic
    if found is None or topic is None:
        return False
    people = [c for c in found[0] if c.cls == "PERSON"]
    first_end = ctx.extraction.sentences[0].end
    if any(ctx.uf.same(c.id, topic.id) for c in people) and all(
            ctx.uf.same(c.id, topic.id) or c.mention.span.start >= first_end for c in people):
        ctx.uf.merge(i.id, topic.id)
        return True
    return False


def first_of_two_surnames(ctx: DocumentContext, i: Name) -> bool:
    """The first of a person's two surnames, when no longer name ends with it
    ("Endara" -> "Guillermo David Endara Galimany")."""
    found = ctx.longer(i)
    if found is None or found[0] or found[1] or i.cls not in ("PERSON", "ORG", "NORP"):
        return False
    middle = [c for c in ctx.full.get("PERSON", []) if len(c.words) >= 3 and c.words[-2] == i.words[0]
              and c.words[-1] not in PLACE_KINDS]
    return ctx.merge_if_one(i, middle)


def bare_name(ctx: DocumentContext, i: Name) -> bool:
    """The bare name of exactly one province or company here, whatever label the model
    gave it ("Hubei" -> "Hubei Province", "Taito" [PERSON] -> "Taito" [ORG] / "Taito
    Corporation"); never a surname of a person here."""
    if len(i.words) != 1 or i.cls in ("COUNTRY", "CONCEPT") or any(
            c.cls == "PERSON" and c.words[-1] == i.words[0] for c in ctx.full.get("PERSON", [])):
        return False
    same_name = [c for c in ctx.by_first.get(i.words[0], ()) if (
        (c.cls == "PLACE" and len(c.words) == 2 and c.words[0] == i.words[0]
         and c.words[1] in SAME_PLACE_KINDS)
        or (c.cls == "ORG" != i.cls and c.words == i.words and not known_place(i.text)))]
    return ctx.merge_if_one(i, same_name)


def declared_acronym(ctx: DocumentContext, i: Name) -> bool:
    """An acronym already joined to the name it abbreviates (defined in brackets:
    "Interborough Rapid Transit Company (IRT)") is that name's: claimed, so that no later
    rule moves it to a longer name it starts ("IRT Dyre Avenue Line")."""
    if not is_acronym(i.text):
        return False
    acro = strip_name(i.text)
    return any(c is not i and len(c.words) >= 2 and ctx.uf.same(c.id, i.id)
               and acro in initials_variants(c.text) for c in ctx.names)


def short_name_fits(ctx: DocumentContext, i: Name) -> bool:
    """A short name of a person, organization, place or product that fits exactly one
    fuller name of its class here (``fits``): "Kishida" -> "Fumio Kishida", "Lockheed" ->
    "Lockheed Martin", "de la Rocha" -> "Zack de la Rocha"; the numbers must agree
    ("Boeing" never fits both "Boeing 737" and "Boeing 747")."""
    if not (len(i.words) < 3 or (i.cls == "PERSON" and i.words[0] in PARTICLES)) or \
            i.cls not in ("PERSON", "ORG", "PLACE", "PRODUCT"):
        return False
    near = sorted(set(ctx.edges.get((i.cls, i.words[0]), []) + ctx.edges.get((i.cls, i.words[-1]), [])))
    cands = [c for c in (ctx.full[i.cls][k] for k in near) if len(c.words) > len(i.words)
             and ctx.numbers[c.id] == ctx.numbers[i.id] and fits(i.words, c.words, i.cls)]
    return ctx.merge_if_one(i, cands)


def short_name_any_class(ctx: DocumentContext, i: Name) -> bool:
    """A short name the model gave another label that fits exactly one person's fuller
    name here, read as a person's name ("Zorya" [GPE] -> "Zorya Mishkin", "Burne-Jones"
    [ORG] -> "Edward Burne-Jones"), when that name reads as a person's: no place or
    organization word and no known place in it ("Pudu" stays apart from "Pudu Prison",
    "Rapid" from "Rapid Bucharest"); never a known place ("Paris" stays apart from "Paris
    Hilton")."""
    if len(i.words) >= 3 or i.cls in ("COUNTRY", "CONCEPT", "NORP", "PERSON") or i.key[0] != i.cls \
            or known_place(i.text):
        return False
    near = sorted(set(ctx.edges.get(("PERSON", i.words[0]), []) + ctx.edges.get(("PERSON", i.words[-1]), [])))
    cands = [c for c in (ctx.full["PERSON"][k] for k in near) if len(c.words) > len(i.words)
             and ctx.numbers[c.id] == ctx.numbers[i.id] and fits(i.words, c.words, "PERSON")
             and _reads_as_person(c.words, i.words)]
    return ctx.merge_if_one(i, cands)


def _reads_as_person(words: tuple[str, ...], short: tuple[str, ...]) -> bool:
    """Whether a name the model called a person has no word of a place's or an
    organization's name and, besides ``short``, no known place."""
    return not (set(words) & NOT_A_PERSON) and not any(
        known_place(w.title()) for k, w in enumerate(words)
        if w not in short and w not in PARTICLES and not (k and words[k - 1] in PARTICLES))


def acronym_initials(ctx: DocumentContext, i: Name) -> bool:
    """An acronym made of the initials of exactly one longer name here ("TFF" -> "Tears
    for Fears", "EADS" -> "European Aeronautic Defence and Space"); a country's prefix may
    stand before them ("USAF" -> "the Air Force").  Never a person."""
    if not is_acronym(i.text) or i.cls == "PERSON":
        return False
    acro = strip_name(i.text)
    named = [c for c in ctx.names if c.cls in ("ORG", "PLACE", "WORK_OF_ART", "EVENT", "PRODUCT")
             and len(c.words) >= 2]
    cands = [c for c in named if acro in initials_variants(c.text)]
    if not cands and len(acro) >= 4 and country(acro[:2]) is not None:
        cands = [c for c in named if c.cls == "ORG" and acro[2:] in initials_variants(c.text)]
    return ctx.merge_if_one(i, cands)


_DEFINED = re.compile(r"\s*\(([A-Z][A-Za-z.&\-]{1,11})\)")


def acronym_in_brackets(ctx: DocumentContext) -> None:
    """"Long Name (ABBR)" defines ABBR in the document: every "ABBR" there ->
    "Long Name" ("European Aeronautic Defence and Space Company (EADS)"); people only
    with people."""
    by_text: dict[str, list[Name]] = defaultdict(list)
    for i in ctx.names:
        by_text[strip_name(i.text)].append(i)
    for i in ctx.names:
        if len(i.words) < 2:
            continue
        m = _DEFINED.match(ctx.text[i.mention.span.end : i.mention.span.end + 16])
        if m and sum(c.isupper() for c in m.group(1)) >= max(2, len(m.group(1)) // 2):
            for j in by_text.get(strip_name(m.group(1)), []):
                if (j.cls == "PERSON") == (i.cls == "PERSON"):
                    ctx.uf.merge(j.id, i.id)


_MODEL = re.compile(r"(?:.*\s)?([A-Z]?\d{3}[A-Z]?)s?")  # "777", "Boeing 737s", "A330"
_VARIANT_OF = re.compile(r"(?:.*\s)?([A-Z]?\d{3}[A-Z]?)-\d{2,3}[A-Z]{0,3}s?")  # "777-200LR"


def model_of_its_variant(ctx: DocumentContext) -> None:
    """A model number and the one variant of it a document names are one product: "a new
    version of its 777 airliner ... The 777-200LR can fly" (an article about a variant
    calls it by its model too); a model with two variants here stays apart."""
    variants: dict[str, set[str]] = defaultdict(set)
    for i in ctx.names:
        m = _VARIANT_OF.fullmatch(i.text) if i.cls == "PRODUCT" else None
        if m:
            variants[m.group(1)].add(i.id)
    for i in ctx.names:
        m = _MODEL.fullmatch(i.text) if i.cls == "PRODUCT" else None
        if m and variants.get(m.group(1)):
            ids = sorted(variants[m.group(1)])
            ctx.merge_if_one(i, [ctx.known[v] for v in ids])


# how a group's word derives from the name of what it belongs to (adjective, noun)
_GROUP_OF = (
    lambda adj, noun: adj == noun + "n",  # "America" -> "American", "Karelia" -> "Karelian"
    lambda adj, noun: adj == noun[:-1] + "ean",  # "Europe" -> "European"
    lambda adj, noun: noun[-1] in "ya" and adj == noun[:-1] + "ian",  # "Sicily" -> "Sicilian"
    lambda adj, noun: adj == noun + "ish",  # "Jew" -> "Jewish"
    lambda adj, noun: adj == noun + "ic",  # "Islam" -> "Islamic"
    lambda adj, noun: noun in (adj + "ism", adj + "ity", adj + "s", adj + "men"),  # "Catholicism", "Muslims"
)


@lru_cache(maxsize=65536)
def _derives(adj: str, noun: str) -> bool:
    """Whether ``adj`` is the group word of ``noun`` (both lower-case).

    Example:
        >>> _derives("karelian", "karelia"), _derives("catholic", "catholicism"), _derives("german", "germ")
        (True, True, False)
    """
    return len(noun) >= 3 and adj != noun and any(f(adj, noun) for f in _GROUP_OF)


def group_of_its_name(ctx: DocumentContext) -> None:
    """A group's word is the name it derives from, when the document names exactly one such
    thing: "South American" -> "South America", "Catholic" -> "Catholicism", "Muslim" ->
    "Muslims" (the same words before the last, the last derived by a suffix); a group's
    one-word name the model tagged as an organization too ("Protestant" -> "Protestants")."""
    for i in ctx.names:
        if not i.words or not (i.cls == "NORP" or i.cls in ("ORG", "EVENT") and len(i.words) == 1):
            continue
        head, last = i.words[:-1], i.words[-1]
        found = [c for c in ctx.names if c is not i and c.cls not in ("PERSON", "COUNTRY")
                 and c.words[:-1] == head and len(c.words) == len(i.words) and _derives(last, c.words[-1])]
        roots = {ctx.uf.find(c.id) for c in found}
        if len(roots) == 1:
            ctx.uf.merge(i.id, next(iter(roots)))


def city_of_its_name_rule(ctx: DocumentContext) -> None:
    """A city named "X City" is the place "X" here when the gazetteer has one city called
    both ("New York" -> "New York City"; never "Kansas" -> "Kansas City", a state and
    two cities)."""
    for i in ctx.names:
        if i.cls == "PLACE" and len(i.words) >= 2 and i.words[-1] == "city":
            bare = ctx.by_key.get(("PLACE", *i.words[:-1]), [])
            if bare and city_of_its_name(i.text, bare[0].text):
                for j in bare:
                    ctx.uf.merge(j.id, i.id)


def given_name(ctx: DocumentContext) -> None:
    """A name given to a thing is that thing's ("The aircraft ... has been named the
    Worldliner": a ``sameAs`` relation of ``kg.naming.v1``, through a pronoun with one
    antecedent): "Worldliner" -> the aircraft.  A thing named like a person stays a thing;
    never a country or a nationality."""
    x = ctx.extraction
    pron = {m.id: m.refers_to for m in x.mentions if m.label == "PRON"}
    for r in x.relations:
        if r.predicate != SAME_AS:
            continue
        a, b = (ctx.known.get(pron[mid][0] if mid in pron and len(pron[mid]) == 1 else mid)
                for mid in (r.subject, r.object))
        # the model's label of a new name is a guess: a thing named like a person is still a thing
        if a is not None and b is not None and (a.cls != "PERSON" or b.cls == "PERSON") and not {
                a.cls, b.cls} & {"COUNTRY", "NORP"}:
            ctx.uf.merge(b.id, a.id)


def shared_key_across_documents(ctx: CollectionContext) -> None:
    """Clusters of different documents that share a lexicon entry or a country, else a name
    of two or more words ("Tim Cook" in one article -> "Tim Cook" in another), else (a
    cluster of one-word names only) a one-word name of the same class.  A one-word name
    merged into a longer one inside a document ("Sacramento" into "Sacramento Valley")
    does not link that cluster to other documents."""
    names, uf = ctx.names, ctx.uf
    by_key: dict[tuple[str, ...], str] = {}
    for _root, mids in sorted(ctx.clusters().items()):
        for k, mid in sorted(_cluster_keys(names, mids).items()):
            if k in by_key:
                uf.merge(mid, by_key[k])
            else:
                by_key[k] = mid


def _cluster_keys(names: Mapping[str, Name], mids: list[str]) -> dict[tuple[str, ...], str]:
    """The keys a cluster links by -> the first of its mentions with that key."""
    strong: dict[tuple[str, ...], str] = {}
    multi: dict[tuple[str, ...], str] = {}
    own: dict[tuple[str, ...], str] = {}
    for m in mids:
        i = names[m]
        if i.key[0] in ("lex", "country"):
            strong.setdefault(i.key, m)
        if len(i.words) >= 2:
            multi.setdefault(("name", "PERSON" if i.cls == "PERSON" else "OTHER", *i.words), m)
        own.setdefault(i.key, m)
    return strong or multi or own


def one_word_across_documents(ctx: CollectionContext) -> None:
    """A cluster of one-word names only that fits exactly one fuller name of its class in
    the collection: a person's last name, an organization's first word ("Kishida" in one
    article -> "Fumio Kishida" in another; two Bidens elsewhere keep "Biden" apart)."""
    names, uf = ctx.names, ctx.uf
    clusters = ctx.clusters()
    full_by_part: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)  # -> root -> a mention
    for root, mids in clusters.items():
        for mid in mids:
            i = names[mid]
            if len(i.words) >= 2 and i.cls in ("PERSON", "ORG"):
                part = i.words[-1] if i.cls == "PERSON" else i.words[0]
                full_by_part[(i.cls, part)].setdefault(root, mid)
    for mids in clusters.values():
        if all(len(names[m].words) == 1 and names[m].key[0] not in ("lex", "country") for m in mids):
            i = names[mids[0]]
            cands = full_by_part.get((i.cls, i.words[0]), {})
            if len(cands) == 1:
                uf.merge(i.id, next(iter(cands.values())))


# the order is the precedence (see the module's docstring)
IN_DOCUMENT: tuple[Rule | FirstMatch, ...] = (
    Rule("same-lexicon-entry", same_lexicon_entry),
    Rule("same-country", same_country),
    Rule("same-name", same_name),
    Rule("declared-alias", declared_alias),
    FirstMatch((
        NameRule("declared-acronym", declared_acronym),
        NameRule("last-word-same-class", last_word_same_class),
        NameRule("last-word-any-class", last_word_any_class),
        NameRule("surname-of-topic-person", surname_of_topic_person),
        NameRule("first-of-two-surnames", first_of_two_surnames),
        NameRule("bare-name", bare_name),
        NameRule("short-name-fits", short_name_fits),
        NameRule("short-name-any-class", short_name_any_class),
        NameRule("acronym-initials", acronym_initials),
    )),
    Rule("acronym-in-brackets", acronym_in_brackets),
    Rule("model-of-its-variant", model_of_its_variant),
    Rule("group-of-its-name", group_of_its_name),
    Rule("city-of-its-name", city_of_its_name_rule),
    Rule("given-name", given_name),
)
ACROSS_DOCUMENTS: tuple[CollectionRule, ...] = (
    CollectionRule("shared-key-across-documents", shared_key_across_documents),
    CollectionRule("one-word-across-documents", one_word_across_documents),
)


def rule_names() -> list[str]:
    """Every rule's name, in the order the rules run."""
    out: list[str] = []
    for step in IN_DOCUMENT:
        out += [r.name for r in step.rules] if isinstance(step, FirstMatch) else [step.name]
    return out + [r.name for r in ACROSS_DOCUMENTS]


def merge_in_document(x: Extraction, names: list[Name], uf: MergeLog, known: Mapping[str, Name]) -> None:
    """Apply ``IN_DOCUMENT`` to the names of one document."""
    ctx = DocumentContext.of(x, names, uf, known)
    for step in IN_DOCUMENT:
        if isinstance(step, Rule):
            uf.rule = step.name
        step.apply(ctx)


def document_clusters(x: Extraction, lexicon: Lexicon | None = None) -> list[list[Name]]:
    """The named mentions of one document grouped by ``IN_DOCUMENT`` alone, each group in
    mention order (``lexicon``: the shipped one by default)."""
    names = document_names(x, lexicon or shipped())
    uf = MergeLog()
    for i in names:
        uf.find(i.id)
    merge_in_document(x, names, uf, {i.id: i for i in names})
    by_id = {i.id: i for i in names}
    return [[by_id[m] for m in mids] for mids in uf.groups(i.id for i in names).values()]


def merge_across_documents(names: Mapping[str, Name], uf: MergeLog) -> None:
    """Apply ``ACROSS_DOCUMENTS`` to every name of the collection."""
    ctx = CollectionContext(names, uf)
    for rule in ACROSS_DOCUMENTS:
        uf.rule = rule.name
        rule.apply(ctx)


# -- what the rules share -------------------------------------------------------------


@lru_cache(maxsize=65536)
def initials_variants(text: str) -> frozenset[str]:
    """Initials of a name without its company suffix, with and without small words
    ("Antarctic Logistics & Expeditions LLC" -> "ALE", "Tears for Fears" -> "TF", "TFF")."""
    words = text.split()
    while len(words) > 2 and words[-1].lower().strip(".") in CORP_SUFFIXES:
        words = words[:-1]
    name = " ".join(words)
    return frozenset((initials(name), initials(name, keep_small=True)))


def topic_person(x: Extraction, names: list[Name]) -> Name | None:
    """The person a text is about: the first name in it, a person's full name, in its first
    sentence ("Franck Piccard (born 1965) is a French skier ...")."""
    if not names or not x.sentences:
        return None
    first = min(names, key=lambda i: i.mention.span.start)
    sent = x.sentences[0]
    if first.cls == "PERSON" and len(first.words) >= 2 and sent.start <= first.mention.span.start < sent.end:
        return first
    return None


def locative(text: str, m: Mention) -> bool:
    """Whether a name is used as a place here ("in Anand", "Anand, Gujarat")."""
    before = text[max(0, m.span.start - 12) : m.span.start]
    after = text[m.span.end : m.span.end + 24]
    wider = text[max(0, m.span.start - 20) : m.span.start]
    if re.search(r"\b(in|at|near|from|to|of|outside)\s+(the\s+)?$", before, re.I) and not re.search(
            r"\b(according|thanks|next|close)\s+to\s+$", wider, re.I):
        return True
    region = re.match(r",\s+((?:[A-Z][\w.\-]+\s?){1,3})", after)  # "Anand, Gujarat"
    return region is not None and (known_place(region.group(1).strip())
                                   or country(region.group(1).strip()) is not None)


# "Diocese of Pittsburgh" is not Pittsburgh; "Albany County" is not Albany
LINKS = {"of", "de", "del", "di", "du", "des", "von", "van", "for", "the", "and", "at", "in", "on"}
# a son's or a father's mark after a name
GENERATIONS = {"jr", "jr.", "sr", "sr.", "junior", "senior", "ii", "iii", "iv"}
# parts of people's surnames ("Zack de la Rocha", "Carl von der Esch")
PARTICLES = {"de", "del", "della", "di", "da", "das", "do", "dos", "du", "des", "la", "le", "van", "von",
             "der", "den", "ter", "ten", "bin", "ibn", "al", "el"}
# a province or island group is called by its bare name ("Hubei" = "Hubei Province")
SAME_PLACE_KINDS = {"province", "prefecture", "oblast", "governorate", "krai", "islands", "voivodeship"}
# the last word of an organization's name
ORG_HEADS = {"university", "college", "school", "academy", "institute", "company", "party", "council",
             "committee", "association", "club", "league", "church", "foundation", "fund", "trust", "bank",
             "agency", "ministry", "department", "society", "union", "records", "group", "orchestra",
             "band", "fellowship", "commission", "army", "navy", "brigade", "division", "regiment"}
# the last word of a place's name that is nobody's surname (unlike Park, Lake, Bay or Street)
PLACE_HEADS = {"airport", "river", "valley", "county", "district", "province", "region", "island", "islands",
               "mountains", "station", "bridge", "dam", "harbour", "harbor", "peninsula", "canal", "creek",
               "gulf", "municipality", "township", "village", "stadium", "airfield"}
# words of a place's or an organization's name, and titles that are no one's name
NOT_A_PERSON = ORG_HEADS | PLACE_HEADS | {
    "prison", "palace", "castle", "temple", "cathedral", "hospital", "fc", "gmina", "viscount",
    "baron", "earl", "duke", "count", "marquess", "lord"}
PLACE_KINDS = {"county", "city", "province", "district", "region", "state", "river", "valley", "lake",
               "bay", "island", "islands", "mountain", "mountains", "park", "airport", "station", "street",
               "road", "bridge", "dam", "harbour", "harbor", "port", "sea", "gulf", "peninsula", "forest",
               "municipality", "township", "village", "metropolitan", "area", "zone", "canal", "creek"}

# the kind of a site named after something ("Nabesna Glacier", "Vigra Church", "Wayne Gretzky
# Drive"): a short name never names it
SITE_KINDS = PLACE_KINDS | {"glacier", "gorge", "canyon", "drive", "avenue", "boulevard", "square", "site",
                            "wilderness", "church", "cathedral", "chapel", "monument", "memorial", "cemetery",
                            "reserve", "falls", "pass", "trail", "highway", "tunnel", "rim"}


def _cased(words: tuple[str, ...]) -> str:
    """Folded key words as a name is written: "new york" -> "New York", "usa" -> "USA"
    (a country's code is in capitals)."""
    return " ".join(w.upper() if len(w) <= 3 and len(words) == 1 else w.title() for w in words)


def _branch_or_site(short: tuple[str, ...], long: tuple[str, ...], cls: str) -> bool:
    """Whether the longer name is a branch of the shorter one's organization named by a
    place ("HGTV Canada", "Square Enix Europe"), or a site in the shorter one's known
    place ("Osaka Aquarium")."""
    if region_or_place(_cased(long[len(short):])):
        return True
    return cls == "PLACE" and known_place(_cased(short)) and not known_place(_cased(long))


def fits(short: tuple[str, ...], long: tuple[str, ...], cls: str) -> bool:
    """Whether a short name is a way of saying the longer one: a person's surname, first
    name, or first + last name; an organization's first words, or its last words after a
    place or nationality ("San Antonio Spurs" -> "Spurs", "Norwegian Parliament")."""
    if cls == "PERSON":
        return (long[-len(short):] == short or (len(short) == 1 and long[0] == short[0])
                or (len(short) == 2 and long[0] == short[0] and long[-1] == short[1])
                # given name and first surname ("Jefferson Madeira" -> "Jefferson Madeira da
                # Silva"), never a father's name for his son's ("Paul Smith Jr.")
                or (len(short) >= 2 and long[: len(short)] == short and not set(long) & GENERATIONS))
    if long[: len(short)] == short:
        # "Legislative Council" = "Legislative Council of Ceylon", but "Bank" is not "Bank of America"
        return not set(long[len(short):]) & SITE_KINDS and (
            long[len(short)] not in LINKS or (len(short) >= 2 and long[len(short)] in ("of", "for"))) \
            and not _branch_or_site(short, long, cls)
    if long[-len(short):] == short and long[-len(short) - 1] not in LINKS:
        head = _cased(long[: -len(short)])
        return known_place(head) or demonym_country(head) is not None
    return False
