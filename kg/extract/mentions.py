"""spaCy entities -> Mentions, plus name variants the model missed."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from kg.extract.tokentable import TokenTable
from kg.knowledge.merge_rules import NOT_A_PERSON, PLACE_KINDS
from kg.knowledge.names import COMPANY_DESCRIPTORS, title_words
from kg.model import CharSpan, Mention, Provenance
from kg.vocab import VALUE_LABELS

_TRIM_LEFT = {"the", "a", "an", "The"}
_BAD_NAMES = {"advertisement", "advertisment", "date"}
_UNITS = {"GB", "MB", "KB", "TB", "GHz", "MHz", "mph", "km", "kg", "lb", "lbs"}


def _is_code(text: str) -> bool:
    """Currency codes (ISO 4217, from pycountry) and units are not entities."""
    if text in _UNITS:
        return True
    if len(text) == 3 and text.isupper():
        import pycountry

        return pycountry.currencies.get(alpha_3=text) is not None
    return False


def _uncased_name(text: str) -> bool:
    """Whether a span has letters that have a case, all in lower case, and no digit: no
    name the NER should have found ("seasonal", "clean-cut", "alternative rock"; "iPhone",
    "3com" and scripts without case stay)."""
    return text.islower() and not any(c.isdigit() for c in text)


def mention_id(doc_id: str, start: int, end: int) -> str:
    return f"{doc_id}#char={start},{end}"


_TRAILING = {"of", "and", "for", "the", "in", "at", "on", "to", "a", "&", "born", "upon"}
_SCORE = re.compile(r"\d{1,2}-\d{1,2}")  # a result after a team's name ("Argentina 2-1")


# a place's or an organization's last word: "Prince Edward Island" is no Prince Edward
_PLACE_OR_ORG_ENDS = NOT_A_PERSON | PLACE_KINDS
# parts of speech a name never ends with ("Hub grew", "Riksakten was", "Siam their")
_NOT_NAME_ENDS = {"AUX", "VERB", "PRON", "DET", "ADP", "SCONJ", "CCONJ", "PART", "ADV"}


def _function_word(table: TokenTable, i: int, label: str) -> bool:
    """Whether token ``i`` is a lower-case word of a kind no name ends with; a title may
    end with almost any word ("Born to run"), but not with a verb that tells of it or a
    possessive ("The Hub grew", "Siam their")."""
    if not (table.text[i].isalpha() and table.text[i].islower()):
        return False
    if label == "WORK_OF_ART":
        return table.tag[i] in ("VBD", "VBZ", "PRP$")
    return table.pos[i] in _NOT_NAME_ENDS


def _bracketed(text: list[str], start: int, end: int) -> tuple[int, int]:
    """The bounds of a name without an unmatched bracket: an unclosed one ends it ("Terje
    Halleland (Progress Party"), an unopened one starts it ("Gus) Shinn" -> "Shinn")."""
    for i in range(start + 1, end):
        if text[i] == "(" and ")" not in text[i:end]:
            end = i
            break
    for i in range(start, end - 1):
        if text[i] == "(":
            break
        if text[i] == ")":
            return i + 1, end
    return start, end


def _dangling_end(table: TokenTable, start: int, end: int, label: str) -> bool:
    """Whether the last token of ``start:end`` dangles: punctuation (a dot aside), a
    possessive, a space, a linking word, a function word or verb (``_function_word``), a
    score."""
    text, k = table.text, end - 1
    return bool(table.punct[k] and text[k] != "." or text[k] in ("'s", "’s", "'") or table.space[k]
                or table.lower[k] in _TRAILING and text[k].islower()
                or k > start and (_function_word(table, k, label) or _SCORE.fullmatch(text[k])))


def _trim(span: Span, table: TokenTable) -> Span | None:
    """A name span without articles, brackets, titles and dangling words around it:
    "the United States" -> "United States", "Terje Halleland (Progress Party" -> "Terje
    Halleland", "Co-Chief Executive Officer of Power Corporation" -> "Power Corporation",
    "Circuit Court of" -> "Circuit Court", "The Hub grew" -> "Hub" (a title's words stay)."""
    text, lower, punct, space = table.text, table.lower, table.punct, table.space
    start, end = _bracketed(text, span.start, span.end)
    of = next((i for i in range(start, end) if lower[i] == "of"), None)
    if of is not None and of > start and all(lower[i].strip(".") in title_words() or punct[i]
                                             or lower[i] in ("co", "-") for i in range(start, of)):
        start = of + 1
    while start < end and (lower[start] in _TRIM_LEFT or punct[start] or space[start]):
        start += 1
    while end > start and _dangling_end(table, start, end, span.label_):
        end -= 1
    if end - start >= 4 and text[end - 2] == "-" and _SCORE.fullmatch(
            text[end - 3] + "-" + text[end - 1]):
        end -= 3  # "Argentina 2 - 1" tokenized apart
    return span.doc[start:end] if start < end else None


def _make(doc_id: str, span: Span, label: str, extractor: str, conf: float, key: str | None,
          sent: int, text: str | None = None) -> Mention:
    """The mention of ``span`` (``text``: ``span.text``, when read already)."""
    start, end = span.start_char, span.end_char
    text = span.text if text is None else text
    while text and not text[0].isalnum():  # "``AirTran" -> "AirTran"
        text, start = text[1:], start + 1
    cs = CharSpan(doc_id, start, end, sent)
    return Mention(
        id=mention_id(doc_id, start, end),
        text=text,
        label=label,
        span=cs,
        provenance=Provenance(cs, extractor, conf),
        key=key or None,
    )


def _parts(ent: Span) -> list[Span]:
    """A place name with commas ("Everett, Washington") is one mention per part."""
    if ent.label_ not in ("GPE", "LOC") or not any(t.text == "," for t in ent):
        return [ent]
    out, start = [], ent.start
    for t in ent:
        if t.text == ",":
            out.append(ent.doc[start : t.i])
            start = t.i + 1
    out.append(ent.doc[start : ent.end])
    return [Span(ent.doc, p.start, p.end, label=ent.label_) for p in out if len(p)]


def _titled_person(span: Span, label: str, table: TokenTable) -> tuple[Span, str]:
    """A name after a title is a person's whatever the model's label: "Spokeswoman Sandy
    Angers" tagged ORG -> "Sandy Angers", "Chancellor Olaf Scholz" tagged ORG; never a
    place's or an organization's ("Prince Edward Island")."""
    lower, text = table.lower, table.text
    if label in ("ORG", "GPE", "NORP", "PERSON") and len(span) >= 3 \
            and lower[span.start].strip(".") in title_words() \
            and lower[span.end - 1] not in _PLACE_OR_ORG_ENDS \
            and all(text[i][:1].isupper() for i in range(span.start + 1, span.end)):
        return span[1:], "PERSON"
    if (label in ("ORG", "GPE") and 2 <= len(span) <= 3 and span.start > 0
            and lower[span.start - 1].strip(".") in title_words()
            and all(t.text[:1].isupper() and t.is_alpha for t in span)):
        return span, "PERSON"
    return span, label


def _described_company(span: Span, label: str, table: TokenTable) -> tuple[Span, str]:
    """A company's name after the word that says what it does is the company's whatever
    the model's label: "Chipmaker Nvidia" -> "Nvidia", "Drugmaker Pfizer" tagged PERSON ->
    the organization "Pfizer"."""
    text, start = table.text, span.start
    if (label in ("ORG", "PERSON") and len(span) >= 2 and table.lower[start] in COMPANY_DESCRIPTORS
            and text[start][:1].isupper() and text[start + 1][:1].isupper()):
        return span[1:], "ORG"
    return span, label


def entity_mentions(doc: Doc, doc_id: str, sent_of: dict[int, int],
                    table: TokenTable | None = None) -> list[Mention]:
    """One Mention per named entity (value entities — dates, numbers — are kept apart;
    ``table``: the document's token table, when made already)."""
    table = table or TokenTable(doc)
    out = []
    for ent in table.ents:
        if ent.label_ in VALUE_LABELS:
            continue
        for part in _parts(ent):
            span = _trim(part, table)
            if span is None:
                continue
            span, label = _described_company(*_titled_person(span, ent.label_, table), table)
            text = span.text
            if not (any(c.isalpha() for c in text) or label == "PRODUCT"):
                continue
            if text.lower().strip(". ") in _BAD_NAMES or "\n" in text or _is_code(text) or (
                    _uncased_name(text) and not ent.id_):  # a lexicon entry ("semiconductors") stays
                continue
            extractor = "kg.lexicon.v1" if ent.id_ else "kg.ner.v1"
            out.append(_make(doc_id, span, label, extractor, 0.9 if ent.id_ else 0.8, ent.id_,
                             sent_of.get(span.start, 0), text))
    return out


def value_mentions(doc: Doc, doc_id: str, sent_of: dict[int, int],
                   labels: tuple[str, ...] = ("DATE", "TIME")) -> list[Mention]:
    """Dates and times (``labels``): literals for relations and documents, not entity nodes."""
    return [
        _make(doc_id, e, e.label_, "kg.ner.v1", 0.8, None, sent_of.get(e.start, 0))
        for e in doc.ents
        if e.label_ in labels
    ]


def variant_mentions(doc: Doc, doc_id: str, found: list[Mention], sent_of: dict[int, int],
                     table: TokenTable | None = None) -> list[Mention]:
    """Occurrences the model missed of names it found elsewhere in the document: a person's
    surname ("Kishida" in "the Kishida-Biden summit") and any full name seen before
    (``table``: the document's token table, when made already)."""
    table = table or TokenTable(doc)
    covered: set[int] = set()
    for m in found:
        sp = table.char_range(m.span.start, m.span.end)
        if sp is not None:
            covered.update(range(*sp))
    by_text: dict[tuple[str, ...], Mention] = {}
    surnames: dict[str, list[Mention]] = {}
    for m in found:
        words = tuple(m.text.split())
        if m.label in ("PERSON", "ORG", "GPE", "PRODUCT") and words and words[0][:1].isupper():
            by_text.setdefault(words, m)
        if m.label == "PERSON" and len(words) >= 2:
            surnames.setdefault(words[-1], []).append(m)
    for name, ms in surnames.items():
        if len({x.text for x in ms}) == 1 or len({tuple(x.text.split()) for x in ms}) == 1:
            by_text.setdefault((name,), ms[0])
    out = []
    by_first: dict[str, list[tuple[tuple[str, ...], Mention]]] = {}  # longest names first
    for words, m in sorted(by_text.items(), key=lambda kv: -len(kv[0])):
        by_first.setdefault(words[0], []).append((words, m))
    texts = table.text
    for i in [i for i, text in enumerate(texts) if text in by_first]:  # a word that starts a name
        tok = doc[i]
        if i in covered or not tok.text[:1].isupper() or tok.pos_ not in ("PROPN", "NOUN", "ADJ", "X"):
            continue
        for words, m in by_first.get(tok.text, ()):
            n = len(words)
            if tuple(t.text for t in doc[i : i + n]) == words and not any(j in covered
                                                                          for j in range(i, i + n)):
                span = doc[i : i + n]
                out.append(_make(doc_id, span, m.label, "kg.namevariant.v1", 0.7, m.key, sent_of.get(i, 0)))
                covered.update(range(i, i + n))
                break
    return out


def pronoun_mention(doc_id: str, span: Span, antecedents: tuple[Mention, ...], sent: int,
                    conf: float) -> Mention:
    """An anaphor ("he", "they", "the company") that refers to ``antecedents``."""
    cs = CharSpan(doc_id, span.start_char, span.end_char, sent)
    return Mention(
        id=mention_id(doc_id, cs.start, cs.end),
        text=span.text,
        label="PRON",
        span=cs,
        provenance=Provenance(cs, "kg.coref.v1", conf),
        refers_to=tuple(a.id for a in antecedents),
    )


__all__ = ["entity_mentions", "mention_id", "pronoun_mention", "value_mentions", "variant_mentions"]
