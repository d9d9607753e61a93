"""Date expressions -> typed literal values, relative to the document's date."""

from __future__ import annotations

import pytest

from kg.extract.dates import normalize_date


@pytest.mark.parametrize(
    "text,base,expected",
    [("13 March 1963", None, ("1963-03-13", "date")),
     ("March 13, 1963", None, ("1963-03-13", "date")),
     ("Sept. 3, 1999", None, ("1999-09-03", "date")),
     ("July 2012", None, ("2012-07", "gYearMonth")),
     ("1992", None, ("1992", "gYear")),
     ("in 1992", None, ("1992", "gYear")),
     ("1997-8", None, ("1997", "gYear")),
     ("2024-04-10", None, ("2024-04-10", "date")),
     ("the summer of 2004", None, ("2004", "gYear")),
     ("April 10", "2024-03-30", ("2024-04-10", "date")),
     ("next month", "2024-03-30", ("2024-04", "gYearMonth")),
     ("yesterday", "2024-03-30", ("2024-03-29", "date")),
     ("last year", "2024-03-30", ("2023", "gYear")),
     ("the 1990s", None, None),
     ("31 February 2001", None, None),
     ("next month", None, None),  # relative, and no document date to resolve it against
     ("Friday", None, None),
     ("several years", "2024-03-30", None)],
)
def test_dates_normalize(text, base, expected):
    assert normalize_date(text, base=base) == expected
