"""Date expressions -> typed literal values (``xsd:date``, ``xsd:gYearMonth``, ``xsd:gYear``).

Relative expressions ("next month", "April 10", "last year") are resolved against the
document's date with ``dateparser`` (``RELATIVE_BASE``); plain years and full dates take a
fast path that needs no parser.

Example:
    >>> normalize_date("13 March 1963")
    ('1963-03-13', 'date')
    >>> normalize_date("July 2012")
    ('2012-07', 'gYearMonth')
    >>> normalize_date("in 1992")
    ('1992', 'gYear')
    >>> normalize_date("April 10", base="2024-03-30")
    ('2024-04-10', 'date')
    >>> normalize_date("next month", base="2024-03-30")
    ('2024-04', 'gYearMonth')
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

__all__ = ["normalize_date"]

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_YEAR = r"(1[0-9]{3}|20[0-9]{2})"
_MON = r"([A-Za-z]{3,9})\.?"
_LEAD = re.compile(r"^(?:(?:in|on|at|by|from|since|until|circa|c\.|ca\.|around|about|"
                   r"early|late|mid|the)\s+|-)+", re.I)
# words that make an expression relative to the document's date
_RELATIVE = re.compile(r"\b(today|yesterday|tomorrow|tonight|next|last|this|ago|coming|previous|"
                       r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_DATATYPE = {"day": "date", "week": "date", "month": "gYearMonth", "year": "gYear"}


def _fast(text: str) -> tuple[str, str] | None:
    if m := re.fullmatch(_YEAR + r"s?", text):
        return (m.group(1), "gYear") if not text.endswith("s") else None
    if m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+" + _MON + r",?\s+" + _YEAR, text):
        day, mon, year = m.groups()
        return _ymd(year, mon, day)
    if m := re.fullmatch(_MON + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+" + _YEAR, text):
        mon, day, year = m.groups()
        return _ymd(year, mon, day)
    if m := re.fullmatch(_MON + r",?\s+" + _YEAR, text):
        mon, year = m.groups()
        n = _MONTHS.get(mon.lower())
        return (f"{year}-{n:02d}", "gYearMonth") if n else None
    if m := re.fullmatch(_YEAR + r"-(\d{2})-(\d{2})", text):
        return _ymd(m.group(1), m.group(2), m.group(3))
    return None


def _ymd(year: str, mon: str, day: str) -> tuple[str, str] | None:
    n = int(mon) if mon.isdigit() else _MONTHS.get(mon.lower())
    if not n or not 1 <= n <= 12 or not 1 <= int(day) <= 31:
        return None
    try:
        datetime(int(year), n, int(day))
    except ValueError:
        return None
    return f"{year}-{n:02d}-{int(day):02d}", "date"


@lru_cache(maxsize=8192)
def normalize_date(text: str, *, base: str | None = None) -> tuple[str, str] | None:
    """``(lexical value, xsd datatype local name)`` of a date expression, or ``None``.

    Args:
        text: the expression as written ("13 March 1963", "next month", "the 1990s").
        base: the document's date (ISO ``YYYY-MM-DD``); relative expressions need it and
            give ``None`` without it.
    """
    t = _LEAD.sub("", text.strip()).strip(" ,.;:()")
    if not t or len(t) > 40:
        return None
    fast = _fast(t)
    if fast is not None:
        return fast
    if re.fullmatch(r"\d{1,2}\s+[A-Za-z]+\.?,?\s+\d{4}|[A-Za-z]+\.?\s+\d{1,2},?\s+\d{4}", t):
        return None  # a full date that is no real day ("31 February 2001")
    if re.fullmatch(r"(?:1[0-9]|20)[0-9]0'?s", t):  # a decade is no date
        return None
    if m := re.fullmatch(_YEAR + r"\s*[-\u2013/]\s*\d{1,4}", t):  # "1997-8", "1992–2002": the start
        return m.group(1), "gYear"
    if not re.search(r"\d", t) and not _RELATIVE.search(t) and not any(
            w.lower().strip(".") in _MONTHS for w in t.split()):
        return None
    relative = bool(_RELATIVE.search(t)) or not re.search(_YEAR, t)
    base_dt = _parse_base(base)
    if relative and base_dt is None:
        return None
    return _dateparser(t, base_dt)


def _parse_base(base: str | None) -> datetime | None:
    if not base:
        return None
    try:
        return datetime.fromisoformat(base[:10])
    except ValueError:
        return None


def _dateparser(text: str, base: datetime | None) -> tuple[str, str] | None:
    parsed = _ddp(base).get_date_data(text)
    if parsed is None or parsed.date_obj is None:
        year = re.search(_YEAR, text)  # "the summer of 2004"
        return (year.group(1), "gYear") if year else None
    d, period = parsed.date_obj, parsed.period or "day"
    dtype = _DATATYPE.get(period, "date")
    if dtype == "gYear":
        return f"{d.year:04d}", dtype
    if dtype == "gYearMonth":
        return f"{d.year:04d}-{d.month:02d}", dtype
    return d.strftime("%Y-%m-%d"), dtype


@lru_cache(maxsize=64)
def _ddp(base: datetime | None):  # type: ignore[no-untyped-def]
    """A dateparser parser for English, relative to ``base`` (the document's date)."""
    from dateparser.date import DateDataParser

    settings: dict[str, object] = {"PREFER_DAY_OF_MONTH": "first"}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    return DateDataParser(languages=["en"], settings=settings)
