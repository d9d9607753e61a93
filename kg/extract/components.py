"""spaCy pipeline components of kg."""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

# NER labels a lexicon entry may correct (the small model often calls companies GPE or
# PERSON and calls AI an ORG); LOC/FAC readings of an ambiguous name are kept.
_RELABEL = {"GPE", "PERSON", "NORP", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"}
_AIRCRAFT = re.compile(r"^(A3[0-9]{2}|7[0-9]7|A[0-9]{3}M?)(-[0-9]{3}[A-Z]{0,3})?s?$")
_VARIANT = re.compile(r"[0-9]{2,3}[A-Z]{0,3}s?")
_OPEN_QUOTES = {'"', "\u201c", "``"}
_CLOSE_QUOTES = {'"', "\u201d", "''"}
_QUOTES = _OPEN_QUOTES | _CLOSE_QUOTES


@Language.component("kg_sentences")
def kg_sentences(doc: Doc) -> Doc:
    """A line break ends a sentence (titles, headings and paragraphs stand alone)."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text or ("\n" in prev.whitespace_ and prev.text.strip()):
            tok.is_sent_start = True
    return doc


_EVENT_WORDS = {"olympics", "games", "championship", "championships", "cup", "war", "election", "elections",
                "festival", "awards", "award", "tournament", "open", "grand", "prix", "series", "expo",
                "summit", "conference", "congress", "world", "league"}
_PARTICLES = {"von", "van", "der", "den", "de", "da", "di", "del", "della", "du", "le", "la", "bin", "ibn",
              "al", "el", "ter", "zu", "dos", "das"}
# words a name ends with when a number follows it
_NUMBERED = {"flight", "no", "no.", "route", "highway", "road", "hot", "top", "interstate", "number",
             "channel"}
# the last word of a company's name after "and" ("Defence and Space Company")
_ORG_TAILS = {"company", "corporation", "group", "industries", "systems", "technologies", "services",
              "holdings", "partners", "associates", "sons", "co", "co.", "inc", "inc.", "ltd", "ltd."}
_SPAN_LABELS = {"ORG", "PERSON", "GPE", "LOC", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "NORP"}
# month and day names the model puts in front of a name ("September Treasury")
_CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
             "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
             "saturday", "sunday"}
# the legal form that ends a company's name
_LEGAL_FORMS = {"inc", "inc.", "corp", "corp.", "co", "co.", "ltd", "ltd.", "plc", "llc", "ag", "sa", "nv",
                "n.v.", "bhd", "gmbh", "spa", "s.p.a.", "pty"}


def _company_of_place(doc: Doc, start: int, end: int) -> int | None:
    """The index of "of" in "<company with a legal form> of <known place>", else ``None``."""
    from kg.geo import lookup

    for i in range(start + 2, end - 1):
        if doc[i].lower_ == "of" and doc[i - 1].lower_ in _LEGAL_FORMS:
            place = doc[i + 1 : end].text
            if lookup(place):
                return i
    return None


def _name_token(tok: Token, titles: frozenset[str]) -> bool:
    return (tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.ent_type_ == ""
            and tok.lower_.strip(".") not in titles and "\n" not in tok.whitespace_)


def _particle_name(e: Span, after: Span | None) -> bool:
    """A person's name cut at a particle or an O': "Ursula von der" + "Leyen", "O'" + "Leary"."""
    return (e.label_ == "PERSON" and after is not None and after.start == e.end and len(after) <= 2
            and (e[-1].lower_ in _PARTICLES or (len(e) > 1 and e[-1].text in ("'", "\u2019")
                                                and e[-2].text in ("O", "D"))))


def _year_of_event(e: Span, after: Span | None) -> bool:
    """A year right before an event's name: "2010" + "Winter Olympics"."""
    return (e.label_ in ("DATE", "CARDINAL") and len(e) == 1 and e[0].like_num and after is not None
            and after.start == e.end and after.label_ in ("EVENT", "ORG")
            and bool({t.lower_ for t in after} & _EVENT_WORDS))


def _names_after(doc: Doc, e: Span, nxt: int, titles: frozenset[str]) -> tuple[int, str] | None:
    """The (end, label) of ``e`` carried over the proper nouns right after it, up to token
    ``nxt`` ("the 2002" + "Winter Olympics" -> EVENT); ``None`` when a number followed by
    names that are no event stays what it is."""
    label, end = e.label_, e.end
    if not (label in _SPAN_LABELS or (label in ("DATE", "CARDINAL") and len(e) == 1 and e[0].like_num)):
        return end, label
    j = end
    while j < nxt and _name_token(doc[j], titles) and not doc[j - 1].whitespace_.count("\n"):
        j += 1
    if j == end:
        return end, label
    if label in ("DATE", "CARDINAL"):
        if not {t.lower_ for t in doc[end:j]} & _EVENT_WORDS:
            return None
        label = "EVENT"
    return j, label


def _numbered(doc: Doc, end: int, label: str, after: Span | None) -> bool:
    """A name ending in a word a number follows takes the number: "Air France Flight" +
    "447", "Billboard Hot" + "100", "New Hampshire Route" + "101"."""
    return (doc[end - 1].lower_ in _NUMBERED and end < len(doc) and doc[end].like_num
            and label in _SPAN_LABELS and (after is None or after.start > end or len(after) == 1))


def _org_tail(doc: Doc, end: int, nxt: int, titles: frozenset[str]) -> int:
    """The end of a company's name going on after "and" up to its last company word:
    "European Aeronautic Defence" + "and Space Company"."""
    if end + 2 >= len(doc) or doc[end].lower_ != "and":
        return end
    j = end + 1
    while j < nxt and _name_token(doc[j], titles):
        j += 1
    tail = max((k for k in range(end + 2, j + 1) if doc[k - 1].lower_ in _ORG_TAILS), default=None)
    return end if tail is None else tail


def _trimmed_start(doc: Doc, start: int, end: int, label: str) -> int:
    """The start after a leading "the" and, for an ORG or GPE, a month or day name in front
    of it: "September Treasury", "August National Association of ..."."""
    while start < end and doc[start].lower_ == "the":
        start += 1
    if label in ("ORG", "GPE") and end - start >= 2 and doc[start].lower_ in _CALENDAR \
            and doc[start + 1].text[:1].isupper():
        start += 1
    return start


def _repaired(doc: Doc, e: Span, start: int, end: int, label: str) -> list[Span]:
    """The entity over ``start:end``: a company "of" a place split in two ("Daniels
    Pharmaceuticals Inc of St. Petersburg"), none for a bare "the 2002", else ``e`` itself
    when unchanged."""
    split = _company_of_place(doc, start, end) if label == "ORG" else None
    if split is not None:
        return [Span(doc, start, split, label="ORG"), Span(doc, split + 1, end, label="GPE")]
    if label == "EVENT" and all(t.like_num or t.lower_ == "the" for t in doc[start:end]):
        return []  # "the 2002" alone is no event
    if (start, end, label) == (e.start, e.end, e.label_):
        return [e]
    return [Span(doc, start, end, label=label, span_id=e.id_)]


def _repair(doc: Doc, e: Span, after: Span | None, titles: frozenset[str]) -> tuple[list[Span], bool]:
    """The entities that replace ``e`` (the rules above, in order), and whether they take in
    the next entity ``after`` (which is then dropped)."""
    if _particle_name(e, after):
        return [Span(doc, e.start, after.end, label="PERSON")], True  # type: ignore[union-attr]
    if _year_of_event(e, after):
        return [Span(doc, e.start, after.end, label="EVENT")], True  # type: ignore[union-attr]
    nxt = after.start if after is not None else len(doc)
    carried = _names_after(doc, e, nxt, titles)
    if carried is None:
        return [e], False
    end, label = carried
    skip_next = False
    if _numbered(doc, end, label, after):
        skip_next = after is not None and after.start == end
        end += 1
    if label == "ORG":
        end = _org_tail(doc, end, nxt, titles)
    start = _trimmed_start(doc, e.start, end, label)
    return _repaired(doc, e, start, end, label), skip_next


_VERSION = re.compile(r"\d+\.\d+(\.\d+)*")
_ACRONYM = re.compile(r"[A-Z][A-Za-z.&\-]{1,9}")
_DEFINES = {"ORG", "GPE", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "NORP"}


def _version(doc: Doc, e: Span, after: Span | None) -> bool:
    """A version number right after a product's name: "iPod Software" + "1.1.1" (the
    model reads it as a date), "Mac OS" + "10.4"; two dots after any name, one after a
    product."""
    if after is None or after.start != e.end or len(after) != 1 or e.label_ not in _SPAN_LABELS:
        return False
    if e[-1].whitespace_ != " " or not _VERSION.fullmatch(after.text):
        return False
    return after.text.count(".") >= 2 or e.label_ == "PRODUCT"


def _split(doc: Doc, e: Span) -> list[Span]:
    """Two names the model joined by "and" when the word after it starts the name again:
    "Macbook and Macbook Pro" ("Boeing and Lockheed Martin" may be a joint venture's name,
    and stays)."""
    from kg.knowledge.merge_rules import PLACE_KINDS

    for i in range(e.start + 1, e.end - 1):
        tok, nxt = doc[i], doc[i + 1]
        if tok.lower_ == "and" and nxt.text == doc[e.start].text and nxt.text[:1].isupper():
            parts = [(e.start, i), (i + 1, e.end)]
            # each part named as a place ("... National Park and ... Protection Area")
            place = e.label_ == "ORG" and all(doc[b - 1].lower_ in PLACE_KINDS for _, b in parts)
            return [Span(doc, a, b, label="LOC" if place else e.label_) for a, b in parts]
    return [e]


def _listed(doc: Doc, e: Span) -> list[Span]:
    """Names of a list read as one.  The reference-text NER joins them at commas: split
    at a comma before a capitalised word that is no legal form ("Fear Factor, Deal or No
    Deal" -> "Fear Factor" | "Deal ...").  Any NER joins two one-word places by "and":
    split them when a side is a known place ("Palermo and Catania"), but never a place
    the gazetteer knows whole ("Trinidad and Tobago")."""
    from kg.extract.reference_ner import NER_USED
    from kg.knowledge.places import known_place

    if doc.user_data.get(NER_USED) == "reference":
        for i in range(e.start + 1, e.end - 1):
            tok, nxt = doc[i], doc[i + 1]
            if tok.text == "," and nxt.text[:1].isupper() and nxt.lower_.strip(".") not in _LEGAL_FORMS \
                    and e.label_ not in ("GPE", "LOC", "FAC") and nxt.lower_.strip(".") not in ("jr", "sr") \
                    and not any(t.text in _QUOTES for t in e):
                return [s for a, b in ((e.start, i), (i + 1, e.end))
                        for s in _listed(doc, Span(doc, a, b, label=e.label_))]
    if len(e) == 3 and e[1].lower_ == "and" and e[0].pos_ == e[2].pos_ == "PROPN":
        first, last = known_place(e[0].text), known_place(e[2].text)
        if (first and last or e.label_ in ("GPE", "LOC") and (first or last)) and not known_place(e.text):
            return [Span(doc, e.start, e.start + 1, label="GPE"), Span(doc, e.end - 1, e.end, label="GPE")]
    return [e]


def _name_word(tok: Token) -> bool:
    return tok.pos_ == "PROPN" and tok.text[:1].isupper() and "\n" not in tok.whitespace_


def _nicknamed(doc: Doc, ents: list[Span]) -> list[Span]:
    """A person's name with a nickname in quotes inside it is one name: 'Ettore "Raoul"
    Lovecchio', 'Conrad S. "Gus" Shinn' (the entities the model made of its pieces go)."""
    if not any(q in doc.text for q in _OPEN_QUOTES):
        return ents
    covering = {i: e for e in ents for i in range(e.start, e.end)}
    spans: list[tuple[int, int]] = []
    for i in range(1, len(doc) - 3):
        if doc[i].text not in _OPEN_QUOTES or doc[i + 2].text not in _CLOSE_QUOTES:
            continue
        left, nick, right = doc[i - 1], doc[i + 1], doc[i + 3]
        if not (nick.is_alpha and nick.text[:1].isupper() and _name_word(right)
                and (_name_word(left) or left.text[:-1].isalpha() and left.text.endswith("."))):
            continue
        start = covering[i - 1].start if i - 1 in covering else i - 1
        end = covering[i + 3].end if i + 3 in covering else i + 4
        if any(covering[k].label_ == "PERSON" for k in (i - 1, i + 3) if k in covering) or (
                i - 1 not in covering and i + 3 not in covering):
            spans.append((start, end))
    if not spans:
        return ents
    taken = {k for a, b in spans for k in range(a, b)}
    kept = [e for e in ents if not any(k in taken for k in range(e.start, e.end))]
    return kept + [Span(doc, a, b, label="PERSON") for a, b in spans]


_STREETS = {"street", "avenue", "road", "boulevard", "drive", "lane", "st", "st.", "ave", "ave.", "rd", "rd."}
_QUADRANTS = {"n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west"}
_ORDINAL = re.compile(r"\d+(st|nd|rd|th)?(/\d+(st|nd|rd|th)?)?")


def _numbered_streets(doc: Doc, ents: list[Span]) -> list[Span]:
    """A street named by its number takes the number: "33" + "Street NE", "118" + "Avenue"
    (the number's own entity, if any, goes; "2004" + "Street Fighter" is no street)."""
    starts = {e.start for e in ents if e[0].lower_ in _STREETS and e.start > 0
              and all(t.lower_ in _QUADRANTS for t in e[1:]) and _ORDINAL.fullmatch(doc[e.start - 1].text)}
    if not starts:
        return ents
    out = [e for e in ents if not any(e.start <= k - 1 < e.end for k in starts) or e.start in starts]
    return [Span(doc, e.start - 1, e.end, label=e.label_) if e.start in starts else e for e in out]


def _bracketed_acronyms(doc: Doc, ents: list[Span]) -> list[Span]:
    """The acronym a name defines in brackets right after it, when the model did not tag
    it: "the United States Air Force (USAF)" -> "USAF", with the name's label (never a
    person's: "John McCain (R-AZ)" is a party and a state)."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    out = []
    for e in ents:
        j = e.end
        if e.label_ not in _DEFINES or j + 2 >= len(doc) or doc[j].text != "(" or doc[j + 2].text != ")":
            continue
        tok = doc[j + 1]
        upper = sum(c.isupper() for c in tok.text)
        if tok.i in taken or not _ACRONYM.fullmatch(tok.text) or upper < max(2, len(tok.text) // 2):
            continue
        if tok.text[0] != next((t.text[0] for t in e if t.text[:1].isupper()), ""):
            continue  # the acronym starts as the name does ("EADS" for "European ...")
        out.append(Span(doc, tok.i, tok.i + 1, label=e.label_))
    return out


@Language.component("kg_spans")
def kg_spans(doc: Doc) -> Doc:
    """Repair entity boundaries the small model cuts short: a name goes on over the proper
    nouns right after it ("the 2002" + "Winter Olympics"), and a year in front of an event
    name belongs to it ("2010 Winter Olympics"); see ``_repair``.  A product's version
    number belongs to its name ("iPod Software 1.1.1"), two names joined by the model are
    split (``_split``), and an acronym defined in brackets is a name (``_bracketed_acronyms``)."""
    from kg.knowledge.names import title_words

    titles = title_words()
    ents = list(doc.ents)
    out: list[Span] = []
    skip_next = False
    for k, e in enumerate(ents):
        if skip_next:
            skip_next = False
            continue
        after = ents[k + 1] if k + 1 < len(ents) else None
        if _version(doc, e, after):
            out.append(Span(doc, e.start, after.end, label="PRODUCT"))  # type: ignore[union-attr]
            skip_next = True
            continue
        spans, skip_next = _repair(doc, e, after, titles)
        out.extend(s for sp in spans for part in _listed(doc, sp) for s in _split(doc, part))
    out = _nicknamed(doc, out)
    out = _numbered_streets(doc, out)
    out += _bracketed_acronyms(doc, out)
    doc.ents = sorted(out, key=lambda s: s.start)
    return doc


def _title_like(span: Span) -> bool:
    """Words of a title: starts with a capital, most longer words capitalised, no full stop."""
    words = [t.text for t in span if t.is_alpha]
    if not words or not span[0].text[:1].isupper() or any(t.text in (".", ";", ":") for t in span):
        return False
    long = [w for w in words if len(w) >= 4]
    return not long or sum(w[0].isupper() for w in long) / len(long) >= 0.75


def _sentence_case_title(span: Span) -> bool:
    """A title in sentence case, as foreign titles are written ('"Ne crois pas"', '"Todas as
    ruas do amor"'): a capital, then two to eight words; no digit, stop, comma, hyphen
    ('"Janus-headed"') or possessive.
    Read in reference text only: in news, such a phrase in quotes is what someone said."""
    words = [t for t in span if t.is_alpha]
    return (span[0].text[:1].isupper() and 2 <= len(words) <= 8 and len(words) >= len(span) - 2
            and not any(t.like_num or t.text in (",", ".", ";", ":", "-", "'s", "\u2019s") for t in span))


@Language.component("kg_titles")
def kg_titles(doc: Doc) -> Doc:
    """A short capitalised phrase in quotation marks is a title ('the single "Is It True?"',
    'a show called "Gros Plan"'): one WORK_OF_ART entity, replacing names found inside it.
    Then the labels that fit what the text says a name is (``fit_types``)."""
    from kg.extract.reference_ner import NER_USED

    reference = doc.user_data.get(NER_USED) == "reference"
    ents = list(doc.ents)
    i = 0
    while i < len(doc):
        if doc[i].text not in _OPEN_QUOTES:
            i += 1
            continue
        close = next((j for j in range(i + 1, min(len(doc), i + 14)) if doc[j].text in _CLOSE_QUOTES), None)
        if close is None or close == i + 1:
            i += 1
            continue
        inner = doc[i + 1 : close]
        titled = _title_like(inner) or reference and _sentence_case_title(inner)
        if doc[i + 1 : close].text.count("\n") == 0 and titled:
            crossing = [e for e in ents if e.start < inner.end and inner.start < e.end
                        and not (inner.start <= e.start and e.end <= inner.end)]
            exact = [e for e in ents if (e.start, e.end) == (inner.start, inner.end)]
            if not crossing and not exact:
                ents = [e for e in ents if not (inner.start <= e.start and e.end <= inner.end)]
                ents.append(Span(doc, inner.start, inner.end, label="WORK_OF_ART"))
        i = close + 1
    doc.ents = sorted(ents, key=lambda s: s.start)
    return fit_types(doc)


def _counted(doc: Doc, covering: list[Span], span: Span) -> bool:
    """Whether the one entity covering ``span`` is a count of it: a number the model
    tagged together with the name after it ("24 A320s")."""
    if len(covering) != 1 or covering[0].label_ not in ("CARDINAL", "QUANTITY"):
        return False
    e = covering[0]
    return e.end == span.end and e.start < span.start and all(t.like_num for t in doc[e.start : span.start])


class LexiconComponent:
    """Adds lexicon entities and corrects NER labels the lexicon knows better."""

    def __init__(self, nlp: Language, patterns: list[dict[str, Any]]) -> None:
        self.matcher = Matcher(nlp.vocab)
        self.info: dict[str, tuple[str, str]] = {}
        for n, p in enumerate(patterns):
            name = f"kg{n}"
            self.matcher.add(name, [p["pattern"]])
            self.info[name] = (p["label"], p["id"])

    def _matches(self, doc: Doc) -> list[Span]:
        spans = []
        for match_id, start, end in self.matcher(doc):
            label, key = self.info[doc.vocab.strings[match_id]]
            if label == "PRODUCT" and end < len(doc) and re.fullmatch(r"\d{1,2}[A-Za-z]?", doc[end].text):
                end += 1  # a version: "iPhone 4", "iOS 5"
                key = ""
            spans.append(Span(doc, start, end, label=label, span_id=key))
        # aircraft model numbers: "Boeing 787", "A380" anywhere, a bare "787" in a text
        # that names Boeing
        boeing_text = "Boeing" in doc.text
        for tok in doc:
            if not _AIRCRAFT.match(tok.text):
                continue
            start = tok.i
            if tok.i > 0 and doc[tok.i - 1].text in ("Boeing", "Airbus"):
                start = tok.i - 1
            elif not (tok.text.startswith("A") or boeing_text):
                continue
            end = tok.i + 1
            if end + 1 < len(doc) and doc[end].text == "-" and not tok.whitespace_ \
                    and not doc[end].whitespace_ and _VARIANT.fullmatch(doc[end + 1].text):
                end += 2  # a variant: "737-800", "777-200LR", "A330-300E"
            if end < len(doc) and doc[end].text in ("Dreamliner", "Dreamliners"):
                end += 1
            spans.append(Span(doc, start, end, label="PRODUCT"))
        return spans

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        for span in sorted(self._matches(doc), key=lambda s: (-(s.end - s.start), s.start)):
            covering = [e for e in ents if e.start < span.end and span.start < e.end]
            if not covering:
                ents.append(span)
                continue
            if len(covering) == 1 and (covering[0].start, covering[0].end) == (span.start, span.end):
                e = covering[0]
                if e.label_ in _RELABEL or e.label_ == span.label_ or (
                        span.label_ == "PRODUCT" and e.label_ == "CARDINAL"):
                    ents[ents.index(e)] = span
                continue
            if _counted(doc, covering, span):
                ents[ents.index(covering[0])] = span  # "24 A320s": the count is no part of it
                continue
            inside = all(e.start <= span.start and span.end <= e.end for e in covering)
            if inside:
                continue  # a longer NER name ("Apple Inc. shares") keeps its span
            if all(e.label_ in _RELABEL or e.label_ in ("DATE", "CARDINAL") for e in covering) and not any(
                e.label_ in ("PERSON",) and e.end - e.start > span.end - span.start for e in covering
            ):
                for e in covering:
                    ents.remove(e)
                ents.append(span)
        doc.ents = sorted(ents, key=lambda s: s.start)
        return doc


@Language.factory("kg_lexicon", default_config={"patterns": []})
def make_kg_lexicon(nlp: Language, name: str, patterns: list[dict[str, Any]]) -> LexiconComponent:
    return LexiconComponent(nlp, patterns)


# category nouns: what a descriptor says a name is ("X is a 1994 film", "the anthem X",
# "the Treaty of X"); a general lexicon of kinds, no names
_KINDS = {
    **dict.fromkeys(["film", "movie", "documentary", "song", "single", "anthem", "hymn", "ballad", "album",
                     "ep", "novel", "novella", "book", "poem", "play", "opera", "operetta", "musical",
                     "symphony", "concerto", "sonata", "painting", "sculpture", "sitcom", "miniseries",
                     "memoir", "autobiography", "biography", "manga", "comic", "anthology", "soundtrack",
                     "mixtape", "composition", "cantata", "oratorio", "story", "essay", "epic"],
                    "WORK_OF_ART"),
    **dict.fromkeys(["treaty", "charter", "pact", "accord", "accords", "convention", "constitution",
                     "declaration", "protocol", "statute", "act", "bill", "agreement", "armistice"], "LAW"),
    **dict.fromkeys(["alliance", "coalition", "organization", "organisation", "federation", "band",
                     "party", "company", "corporation", "association", "league"], "ORG"),
    **dict.fromkeys(["language", "dialect", "tongue"], "LANGUAGE"),
}
# kinds a name's own head word may give it ("Treaty of X", "Northern Alliance", "X Charter")
_NAME_HEADS = {w for w, lab in _KINDS.items() if lab in ("LAW", "LANGUAGE")} | {
    "alliance", "coalition", "organization", "organisation"}
# labels a descriptor may correct (a lexicon entry's or a value's label stays)
_TYPED = {"PERSON", "GPE", "LOC", "NORP", "ORG", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
# small words inside a title ("Land of the Free", "Pact of Steel")
_TITLE_LINKS = {"of", "the", "and", "in", "on", "for", "a", "an", "to", "de", "&"}
# endings of adjectives that name no group ("National", "Romantic", "Westernized"; unlike
# "Democratic", "Conservative" or "Pentecostal", which name a party or a church)
_ADJ_SUFFIXES = ("ional", "antic", "ized", "ised", "ous", "ful", "able", "ible", "less")


def _kind(tok: Token) -> str | None:
    """The label a category noun gives ("film" -> WORK_OF_ART, "treaty" -> LAW)."""
    if tok.pos_ not in ("NOUN", "PROPN") or not tok.text.islower():
        return None
    return _KINDS.get(tok.lemma_.lower()) or _KINDS.get(tok.lower_)


def _descriptor(ent: Span) -> str | None:
    """The label a descriptor gives a name: the head noun of its predicate ("X is a 1994
    film"), of its apposition ("X, a 1994 film by Y,") or a kind noun right before it ("the
    anthem X", "the 1941 treaty X"); "X is spoken in Y" is a language.

    Example: in "Silver Harbour is a 1994 film", "Silver Harbour" -> WORK_OF_ART.
    """
    doc, root = ent.doc, ent.root
    if ent.start > 0 and (kind := _kind(doc[ent.start - 1])) is not None:
        return kind  # "the song Blue Morning Light"
    for child in root.children:
        if child.dep_ == "appos" and (kind := _kind(child)) is not None:
            return kind
    head = root.head
    if root.dep_ in ("nsubjpass", "dobj") and head.lemma_ == "speak":
        return "LANGUAGE"  # "X is spoken in Y", "they speak X"
    if root.dep_ == "nsubj" and head.lemma_ == "be":
        attr = next((c for c in head.children if c.dep_ == "attr"), None)
        if attr is not None:
            return _kind(attr)
    return None


def _name_head(ent: Span) -> str | None:
    """The label the name's own head word gives: "Treaty of X", "X Charter", "Northern
    Alliance" (the last word before "of", else the last word)."""
    words = [t.lower_ for t in ent]
    if "of" in words[1:]:
        words = words[: words.index("of", 1)]
    if len(ent) < 2 or words[-1] not in _NAME_HEADS:
        return None
    return _KINDS[words[-1]]


def _title_after(doc: Doc, i: int) -> tuple[int, int] | None:
    """The capitalised title that starts at token ``i`` ("Land of Bright Rivers was ..." ->
    "Land of Bright Rivers"), as (start, end), else ``None``."""
    if i >= len(doc) or not doc[i].text[:1].isupper() or not doc[i].is_alpha:
        return None
    end = i + 1
    j = i + 1
    while j < len(doc) and j - i < 10 and "\n" not in doc[j - 1].whitespace_:
        t = doc[j]
        if t.text[:1].isupper() and (t.is_alpha or t.text[:1].isalpha()):
            end = j + 1
        elif t.lower_ not in _TITLE_LINKS:
            break
        j += 1
    return i, end


def _lone_adjective(ent: Span) -> bool:
    """One adjective that names no nationality or people ("the National movement", "the
    Romantic composers"): no entity."""
    from kg.knowledge.places import demonym_country

    if len(ent) != 1 or ent.label_ not in ("NORP", "ORG", "MISC") or ent.id_:
        return False
    tok = ent[0]
    return (tok.tag_ in ("JJ", "VBN", "NNP") and tok.dep_ in ("amod", "compound")
            and tok.head.pos_ == "NOUN" and tok.head.text.islower()
            and tok.lower_.endswith(_ADJ_SUFFIXES) and demonym_country(tok.text) is None)


def fit_types(doc: Doc) -> Doc:
    """Labels that fit what the text says a name is: a descriptor's or apposition's head
    noun, a kind noun before the name, the name's own head word; a title after a kind noun
    is a name even when the model found none; a lone adjective is no name.

    Example: "The anthem Land of Bright Rivers was written in 1920" gets a WORK_OF_ART
    "Land of Bright Rivers"; "He joined the National movement" gets no entity "National".
    """
    ents = [e for e in doc.ents if not _lone_adjective(e)]
    taken = {i for e in ents for i in range(e.start, e.end)}
    for tok in doc:  # "the anthem Land of Bright Rivers": a title the model missed
        kind = _kind(tok)
        if kind is None or kind == "LANGUAGE" or tok.i + 1 in taken:
            continue
        if tok.i == 0 or doc[tok.i - 1].tag_ not in ("DT", "PRP$", "CD", "JJ", "POS"):
            continue
        found = _title_after(doc, tok.i + 1)
        if found is not None and not taken & set(range(*found)):
            ents.append(Span(doc, found[0], found[1], label=kind))
            taken.update(range(*found))
    labels: dict[str, str] = {}
    for e in ents:
        if e.label_ in _TYPED and not e.id_:
            kind = _descriptor(e) or _name_head(e)
            if kind is not None and kind != e.label_:
                labels.setdefault(e.text, kind)
    out = [Span(doc, e.start, e.end, label=labels[e.text]) if e.text in labels and not e.id_
           and e.label_ in _TYPED else e for e in ents]
    doc.ents = sorted(out, key=lambda s: s.start)
    return doc
