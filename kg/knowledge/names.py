"""Normalising surface forms into comparison keys; pure string functions."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TITLES = {
    "mr", "mrs", "ms", "dr", "prof", "sir", "dame", "president", "prime", "minister",
    "ceo", "chairman", "sen", "rep", "gov", "gen", "lt", "col", "capt", "judge", "justice",
    "king", "queen", "prince", "princess", "pope", "chancellor", "secretary", "mayor",
}
CORP_SUFFIXES = {
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc",
    "plc", "ag", "sa", "nv", "se", "gmbh", "lp", "llp", "holdings", "com",
}
_SMALL = {"of", "and", "the", "for", "de", "la", "du", "&"}
# what news writes before a company's name to say what it does ("Chipmaker Nvidia",
# "Drugmaker Pfizer", "Miner BHP"): words that are no part of a company's own name
COMPANY_DESCRIPTORS = frozenset({
    "chipmaker", "automaker", "carmaker", "drugmaker", "planemaker", "steelmaker", "toymaker",
    "truckmaker", "phonemaker", "miner", "lender", "insurer", "reinsurer", "retailer", "refiner",
    "shipbuilder", "conglomerate", "startup",
})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, accents stripped, ``’`` -> ``'``, whitespace and hyphens collapsed."""
    t = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    t = "".join(c for c in t if not unicodedata.combining(c))
    return re.sub(r"[\s\-\u2013\u2014]+", " ", t).strip().lower()


@lru_cache(maxsize=65536)
def strip_name(text: str) -> str:
    """The name without a leading article, trailing possessive or dotted acronym dots.

    Example:
        >>> strip_name("the U.S.'s")
        'US'
    """
    t = text.strip().replace("\u2019", "'")
    t = re.sub(r"^(the|a|an)\s+", "", t, flags=re.I)
    t = re.sub(r"'s?$", "", t)
    if re.fullmatch(r"(?:[A-Za-z]\.){2,}[A-Za-z]?\.?", t):
        t = t.replace(".", "")
    return t.strip(" ,;:\"'()[]").rstrip("?!") or t


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Words of titles that may precede a person's name (``TITLES`` and ``roles.json``)."""
    import json
    from importlib import resources

    with (resources.files("kg") / "data" / "roles.json").open("r", encoding="utf-8") as f:
        roles = json.load(f)
    return frozenset(TITLES | {w.strip(".") for k in roles if not k.startswith("_") for w in k.split()})


def strip_titles(text: str) -> str:
    """A person's name without leading titles ("Spokeswoman Sandy Angers" -> "Sandy Angers")."""
    parts = text.split()
    while len(parts) > 1 and parts[0].lower().strip(".") in title_words():
        parts = parts[1:]
    return " ".join(parts)


@lru_cache(maxsize=65536)
def key_words(text: str, label: str) -> tuple[str, ...]:
    """Comparison words of a name: folded, titles dropped for people, company suffixes
    dropped for organizations, a plural dropped from product names ("A380s")."""
    text = re.sub(r"^(?:pro|anti|ex|non|post|pre)-(?=[A-Z])", "", text.strip())  # "pro-Noriega"
    words = [w for w in re.split(r"[\s,]+", fold(strip_name(text))) if w]
    words = [w.strip(".") or w for w in words]
    if label == "PERSON":
        while len(words) > 1 and words[0].strip(".") in title_words():
            words = words[1:]
    if label == "ORG":
        while len(words) > 1 and words[-1].strip(".") in CORP_SUFFIXES:
            words = words[:-1]
    if label == "PRODUCT" and words:
        last = words[-1]
        if len(last) > 2 and last.endswith("s") and not last.endswith("ss"):
            words[-1] = last[:-1]
    return tuple(words)


def initials(text: str, *, keep_small: bool = False) -> str:
    """Initials of the words of a name; a dotted abbreviation gives all its letters and small
    words are skipped unless ``keep_small`` ("U.S. Air Force" -> "USAF", "Tears for Fears" ->
    "TF", or "TFF" with ``keep_small``)."""
    words = [w for w in re.split(r"[\s\-]+", strip_name(text))
             if w and (keep_small or w.lower() not in _SMALL)]
    return "".join(w.replace(".", "") if re.fullmatch(r"(?:[A-Za-z]\.){2,}", w) else w[0]
                   for w in words if w[0].isalpha()).upper()


@lru_cache(maxsize=65536)
def numbers(text: str) -> tuple[str, ...]:
    """The numbers in a name; names with different numbers never merge."""
    return tuple(re.findall(r"\d+", text))


def is_acronym(text: str) -> bool:
    t = strip_name(text)
    return 2 <= len(t) <= 8 and t.isupper() and t.isalpha()
