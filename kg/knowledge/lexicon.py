"""The entity lexicons: the shipped ones (``kg/data/lexicons/*.jsonl``) and a user's
(``--lexicon FILE``), read and checked once into a ``Lexicon``.

One entry a line, JSON: ``{"label": "ORG", "name": "Nvidia", "aliases": ["NVIDIA"],
"match": "exact"}`` (``"match": "lower"`` matches any case; blank lines and lines
starting with ``#`` are skipped).  The same ``Lexicon`` gives the spaCy matcher its
patterns (``kg.extract.nlp.load_nlp``) and resolution its keys, canonical names and
aliases (``kg.resolve.entities``), so a user's entry names its entity exactly as a
shipped one does.

Example:
    >>> e = LexiconEntry.of({"label": "ORG", "name": "Kessler Motors", "aliases": ["KM"]})
    >>> e.key, e.names
    ('org:kessler_motors', ('Kessler Motors', 'KM'))
    >>> shipped().with_entries([e]).names()[e.key]
    'Kessler Motors'
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from kg.errors import InputError

__all__ = ["MATCHES", "Lexicon", "LexiconEntry", "lexicon_paths", "read_lexicon", "shipped", "slug"]

MATCHES = ("exact", "lower")
_EXPECTED = 'expected {"label": ..., "name": ..., "aliases": [...], "match": "exact"|"lower"}'


def slug(text: str) -> str:
    """A name in lower-case letters and digits joined by ``_``.

    Example:
        >>> slug("Kessler Motors, Inc.")
        'kessler_motors_inc'
    """
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One named thing: its type label, canonical name, other names and how they match."""

    label: str
    name: str
    aliases: tuple[str, ...] = ()
    match: str = "exact"

    @classmethod
    def of(cls, rec: Any) -> LexiconEntry:
        """The entry of a parsed JSON line.

        Raises:
            ValueError: ``rec`` is not a valid entry (the message says what is wrong).

        Example:
            >>> LexiconEntry.of({"label": "ORG", "name": ""})
            Traceback (most recent call last):
            ValueError: "name" must be a non-empty string
        """
        if not isinstance(rec, dict):
            raise ValueError(_EXPECTED)
        for k in ("label", "name"):
            if not isinstance(rec.get(k), str) or not rec[k].strip():
                raise ValueError(f'"{k}" must be a non-empty string')
        aliases = rec.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise ValueError('"aliases" must be a list of non-empty strings')
        match = rec.get("match", "exact")
        if match not in MATCHES:
            raise ValueError('"match" must be "exact" or "lower"')
        unknown = sorted(set(rec) - {"label", "name", "aliases", "match"})
        if unknown:
            raise ValueError(f"unknown field {unknown[0]!r}; {_EXPECTED}")
        return cls(rec["label"], rec["name"], tuple(aliases), match)

    @property
    def key(self) -> str:
        """``<label>:<slug of the name>``: the id the matcher gives its spans."""
        return f"{self.label.lower()}:{slug(self.name)}"

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name, then the aliases."""
        return (self.name, *self.aliases)

    def record(self) -> dict[str, Any]:
        """The entry as a JSON object (what a lexicon line holds)."""
        return {"label": self.label, "name": self.name, "aliases": list(self.aliases), "match": self.match}


def read_lexicon(path: Path) -> list[LexiconEntry]:
    """The entries of a lexicon file.

    Raises:
        InputError: the file is unreadable, or a line is not a valid entry (the error
            names the file and the line: ``lexicon.jsonl:3: "name" must be ...``).
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(str(path),
                         f"cannot read lexicon ({getattr(err, 'strerror', None) or err})") from None
    entries = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            entries.append(LexiconEntry.of(json.loads(line)))
        except json.JSONDecodeError:
            raise InputError(f"{path}:{n}", f"not JSON; {_EXPECTED}") from None
        except ValueError as err:
            raise InputError(f"{path}:{n}", str(err)) from None
    return entries


def lexicon_paths() -> list[Path]:
    """The lexicon files shipped with kg, sorted by name."""
    folder = resources.files("kg") / "data" / "lexicons"
    return sorted(Path(str(p)) for p in folder.iterdir() if str(p).endswith(".jsonl"))


@dataclass(frozen=True)
class Lexicon:
    """Lexicon entries in order: the shipped ones, then the user's.

    Resolution reads it through ``names`` (key -> canonical name; a later entry with the
    same key wins, so a user's entry renames a shipped one) and ``by_words`` (label and
    normalised name -> key; the first entry wins, so a shipped entry keeps its names).
    """

    entries: tuple[LexiconEntry, ...] = ()

    def with_entries(self, entries: Iterable[LexiconEntry]) -> Lexicon:
        """This lexicon with ``entries`` added after its own."""
        extra = tuple(entries)
        return self if not extra else Lexicon((*self.entries, *extra))

    def with_files(self, paths: Sequence[Path]) -> Lexicon:
        """This lexicon with the entries of ``paths`` added.

        Raises:
            InputError: a file is unreadable or holds a bad entry.
        """
        return self.with_entries(e for p in paths for e in read_lexicon(Path(p)))

    def names(self) -> Mapping[str, str]:
        """Key -> canonical name."""
        return self._names

    def by_words(self) -> Mapping[tuple[str, tuple[str, ...]], str]:
        """(label, the name's key words) -> key, for every name and alias."""
        return self._by_words

    def makers(self) -> frozenset[str]:
        """The one-word organization names ("Airbus": "Airbus A380" is the A380)."""
        return self._makers

    @cached_property
    def _names(self) -> dict[str, str]:
        return {e.key: e.name for e in self.entries}

    @cached_property
    def _by_words(self) -> dict[tuple[str, tuple[str, ...]], str]:
        from kg.knowledge.names import key_words

        out: dict[tuple[str, tuple[str, ...]], str] = {}
        for e in self.entries:
            for n in e.names:
                out.setdefault((e.label, key_words(n, e.label)), e.key)
        return out

    @cached_property
    def _makers(self) -> frozenset[str]:
        return frozenset(words[0] for (lab, words) in self._by_words if lab == "ORG" and len(words) == 1)


@cache
def shipped() -> Lexicon:
    """The lexicons shipped with kg (``kg/data/lexicons``), read once."""
    return Lexicon(tuple(e for p in lexicon_paths() for e in read_lexicon(p)))
