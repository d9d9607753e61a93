"""Country names and codes from ``country_converter`` (a maintained table of regular
expressions for every country's names, short forms and demonyms)."""

from __future__ import annotations

import logging
import re
from functools import lru_cache


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    import country_converter as coco

    logging.getLogger("country_converter").setLevel(logging.ERROR)
    logging.getLogger("country_converter.country_converter").setLevel(logging.ERROR)
    return coco.CountryConverter()


@lru_cache(maxsize=65536)
def country(name: str) -> tuple[str, str] | None:
    """``(ISO3 code, short name)`` if ``name`` names a country, else ``None``.

    Example:
        >>> country("the U.S.")
        ('USA', 'United States')
    """
    text = re.sub(r"^(the)\s+", "", name.strip(), flags=re.I).strip()
    if not text or len(text) > 60 or not text[:1].isupper():
        return None
    cc = _converter()
    code = cc.convert(text, to="ISO3", not_found=None)
    if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{3}", code) or code == text:
        return None
    short = cc.convert(text, to="name_short", not_found=None)
    return code, str(short)
