"""Find the parts of an article that are not prose: metadata lines, titles, ad markers,
bare section headings.  Pure functions over the text; offsets always index the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_META_LINE = re.compile(
    r"[ \t]*(?P<key>date|published|dateline|title|url|source|author|id)[ \t]*[:=]?[ \t]+",
    re.I,
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ][0-9:]+Z?)?")
_AD_MARKER = re.compile(
    r"^\W*(advert\w*|sponsored(?: content)?|ad|promoted|story continues below"
    r"(?: advertisement)?|continue reading(?: below)?|read more)\W*$",
    re.I,
)
_TERMINAL = re.compile(r"[.!?:;,\"'\u201d)\]]\s*$")


@dataclass(frozen=True, slots=True)
class Layout:
    """What ``analyse_layout`` found: metadata and regions not to extract from."""

    title: str | None
    date: str | None
    url: str | None
    skip: tuple[tuple[int, int], ...]


def _lines(text: str, start: int = 0) -> list[tuple[int, int, str]]:
    r"""The lines of ``text`` from offset ``start`` on, as (start, end, body) without the
    line break; a line that ``start`` cuts counts from ``start`` (the rest of a header line).

    Example:
        >>> _lines("date 2024-03-30 Hi.\nOk.", 16)
        [(16, 19, 'Hi.'), (20, 23, 'Ok.')]
    """
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        end = pos + len(body)
        if pos >= start or end > start:
            s = max(pos, start)
            out.append((s, end, text[s:end]))
        pos += len(line)
    return out


def _is_ad(body: str) -> bool:
    """An ad marker ("Advertisement", "Story continues below", ...): never a title."""
    return bool(_AD_MARKER.match(body.strip()))


@lru_cache(maxsize=4096)
def parse_date(value: str) -> str | None:
    """An ISO date (YYYY-MM-DD) for a line that is only a date, else ``None``."""
    value = value.strip()
    if not value or len(value) > 40 or not re.search(r"\d", value):
        return None
    m = _ISO_DATE.fullmatch(value)
    if m:
        return value[:10]
    if len(re.findall(r"[A-Za-z]+", value)) > 4:
        return None
    import dateparser  # heavy import, only when a candidate line is seen

    parsed = dateparser.parse(
        value, languages=["en"], settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["year"]}
    )
    return parsed.date().isoformat() if parsed else None


def _is_heading(body: str) -> bool:
    words = body.split()
    if not 1 <= len(words) <= 10 or _TERMINAL.search(body):
        return False
    caps = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return caps >= max(1, int(0.6 * len(words)))


def _is_title(first: tuple[int, int, str], lines: list[tuple[int, int, str]]) -> bool:
    """A first line of at most 20 words, without a full stop, followed by a blank line."""
    body = first[2].strip()
    if not body or _is_ad(body) or len(body.split()) > 20 or _TERMINAL.search(body) or not body[:1].isupper():
        return False
    after = [ln for ln in lines if ln[0] > first[0]]
    return bool(after) and not after[0][2].strip()


def analyse_layout(text: str, *, title: str | None = None, date: str | None = None) -> Layout:
    """Find the title, date and skip regions of ``text``.

    A leading ``date 2024-03-30`` (or ``title: ...``, ``url: ...``) header is metadata; a
    short first line followed by a line that is only a date is the title and the date line
    is metadata; ad markers and short capitalised lines standing alone between blank lines
    are skipped.

    Example:
        >>> lay = analyse_layout(" date 2024-03-30 Text starts here.")
        >>> lay.date, lay.skip
        ('2024-03-30', ((0, 17),))
    """
    skip: list[tuple[int, int]] = []
    url = None
    pos = 0
    # 1. leading "key value" metadata, possibly on the same line as the text
    while True:
        m = _META_LINE.match(text, pos)
        if not m:
            break
        key = m.group("key").lower()
        rest_end = text.find("\n", m.end())
        rest_end = len(text) if rest_end < 0 else rest_end
        if key == "date":
            d = _ISO_DATE.match(text, m.end())
            if not d:
                break
            date = date or d.group(0)[:10]
            end = d.end()
        elif key in ("title", "url", "source", "author", "id") and ":" in m.group(0):
            value = text[m.end() : rest_end].strip()
            if key == "title":
                title = title or value
            elif key == "url":
                url = value
            end = rest_end
        else:
            break
        while end < len(text) and text[end] in " \t\r\n":
            end += 1
        skip.append((pos, end))
        pos = end

    lines = _lines(text, pos)
    nonblank = [ln for ln in lines if ln[2].strip()]
    # a header line's remainder ("date 2024-03-30 When Japan met ...") is text, not a title
    inline = bool(nonblank) and nonblank[0][0] == pos and pos > 0 and text[pos - 1] not in "\r\n"
    # 2. title line + date line (news-wire layout)
    start_idx = 0
    if len(nonblank) >= 2 and not inline and not _is_ad(nonblank[0][2]):
        first, second = nonblank[0], nonblank[1]
        dated = parse_date(second[2])
        if dated and len(first[2].split()) <= 25 and not first[2].rstrip().endswith("."):
            title = title or first[2].strip()
            date = date or dated
            skip.append((second[0], second[1]))
            start_idx = 2
        elif title is None and _is_title(first, lines):
            title = first[2].strip()  # a short headline standing alone above the text
            start_idx = 1
    # 3. ad markers and bare headings (a short capitalised paragraph of one line)
    for i, (s, e, body) in enumerate(lines):
        if not body.strip() or any(a <= s < b for a, b in skip):
            continue
        if _is_ad(body):
            skip.append((s, e))
            continue
        if nonblank and (s, e, body) in nonblank[:start_idx]:
            continue
        if nonblank and (s, e, body) == nonblank[0] and title is None:
            continue
        prev_blank = i == 0 or not lines[i - 1][2].strip()
        next_blank = i + 1 >= len(lines) or not lines[i + 1][2].strip()
        if prev_blank and next_blank and i > 0 and _is_heading(body.strip()):
            skip.append((s, e))
    return Layout(title=title, date=date, url=url, skip=tuple(sorted(skip)))
