"""Wikidata relations between the entities of a document, by a small statistical classifier.

Every ordered pair of entities in a document (and every entity with a date in the same
sentence) is a candidate.  Its features are the two entity types (places refined through
the offline gazetteer ``kg.geo`` into country / region / city), whether the gazetteer puts
one inside the other, which is the document's main subject, how far apart they are, and
for the closest mentions in one sentence the words and the dependency path between them.
One logistic-regression weight vector per Wikidata property scores the candidate; a
relation is emitted when its probability reaches the property's threshold, with that
probability as confidence.

The weights live in ``kg/data/models/relations.json.gz``; ``scripts/train_relations.py``
reproduces them from Re-DocRED dev (and reports cross-validated figures).  Applying them
needs only numpy.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from itertools import repeat
from typing import Any

import numpy as np
from spacy.tokens import Token

from kg import geo
from kg.extract.dates import normalize_date
from kg.extract.docview import DocView
from kg.extract.mentions import value_mentions
from kg.extract.tokentable import TokenTable
from kg.knowledge.merge_rules import document_clusters
from kg.knowledge.places import demonym_country
from kg.model import Extraction, Mention, MentionRelation, Provenance, Sentence
from kg.registry import relation_patterns

NAME = "kg.wikidata-pairs.v1"
NAME_ALL = "kg.wikidata-pairs-all.v1"
MODEL_FILE = "relations.json.gz"
_MAX_GAP = 14  # tokens between two mentions for word features
_MAX_PATH = 6
# a document of more sentences pairs only what stands within _WINDOW sentences (and the main
# entity with everything): pairs grow linearly with its length, not as its square
_LONG, _WINDOW = 60, 5
_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
                  "LANGUAGE"}
_STOP = {"the", "a", "an", "of", "and", "'s", "’s", '"', "``", "''"}


@dataclass
class Cluster:
    """The mentions of one entity (or one date) in a document."""

    key: tuple[str, ...]
    type: str
    mentions: list[Mention] = field(default_factory=list)
    tokens: list[int] = field(default_factory=list)  # head token of each mention (and resolved pronouns)
    literal: tuple[str, str] | None = None  # (value, xsd datatype) of a date

    @property
    def rep(self) -> Mention:
        return self.mentions[0]


@dataclass(frozen=True, slots=True)
class Candidate:
    """An ordered pair of clusters with its features and the sentence that best shows it."""

    head: Mention
    tail: Mention
    literal: tuple[str, str] | None
    features: tuple[str, ...]
    span: Provenance


# -- clusters --------------------------------------------------------------------------
def _place_type(m: Mention) -> str:
    if m.label == "NORP":
        return "NORP_COUNTRY" if demonym_country(m.text) else "NORP"
    if m.label in ("GPE", "LOC", "FAC"):
        kind = geo.place_type(m.text)
        if kind is not None:
            return kind
    return m.label


def clusters(view: DocView) -> list[Cluster]:
    """The entities of the document (``entity_clusters``), then its dates (made once per
    document; treat them as read-only)."""
    found = view.memo.get("clusters")
    if found is None:
        found = view.memo["clusters"] = entity_clusters(view) + _date_clusters(view)
    return found  # type: ignore[return-value]


def entity_clusters(view: DocView) -> list[Cluster]:
    """The entities of the document: named mentions grouped by resolution's in-document
    merge rules (``kg.knowledge.merge_rules``), pronouns to their antecedent (made once
    per document; treat them as read-only)."""
    found = view.memo.get("entity-clusters")
    if found is None:
        found = view.memo["entity-clusters"] = _clusters(view)
    return found  # type: ignore[return-value]


def _clusters(view: DocView) -> list[Cluster]:
    # the mentions of one entity by resolution's in-document rules ("Schneider" -> "Willi
    # Schneider", "Lockheed" -> "Lockheed Martin"), typed by the fullest name's mention
    x = Extraction(view.document, tuple(view.sentences), tuple(view.mentions), ())
    by_key: dict[tuple[str, ...], Cluster] = {}
    for group in document_clusters(x):
        named = [i for i in group if i.mention.label in _ENTITY_LABELS]
        if named:
            best = max(named, key=lambda i: (len(i.words), -i.mention.span.start))
            by_key[("entity", named[0].id)] = Cluster(("entity", named[0].id), _place_type(best.mention),
                                                      [i.mention for i in named])
    out = sorted(by_key.values(), key=lambda c: min(m.span.start for m in c.mentions))
    owner: dict[str, Cluster] = {}
    for c in out:
        c.mentions.sort(key=lambda m: m.span.start)
        for m in c.mentions:
            owner[m.id] = c
            t = view.head_of(m)
            if t is not None:
                c.tokens.append(t)
    for i, ants in view.antecedents.items():
        if len(ants) == 1 and ants[0].id in owner:
            owner[ants[0].id].tokens.append(i)
    return [c for c in out if c.tokens]


def _date_clusters(view: DocView) -> list[Cluster]:
    """The document's dates, one cluster per normalised value ("4 July 1946", "July 4, 1946")."""
    base = view.document.date
    dates: dict[tuple[str, str], Cluster] = {}
    for d in value_mentions(view.doc, view.document.id, {}, labels=("DATE",)):
        value = normalize_date(d.text, base=base)
        if value is None:
            continue
        c = dates.setdefault(value, Cluster(("date", *value), "DATE", literal=value))
        c.mentions.append(d)
        t = view.head_of(d)
        if t is not None:
            c.tokens.append(t)
    return [c for c in dates.values() if c.tokens]


# -- features ----------------------------------------------------------------------------
class _Sents:
    def __init__(self, view: DocView) -> None:
        self.starts = [s.start for s in view.sentences]
        self.doc = view.doc
        self.cache: dict[int, int] = {}

    def of(self, i: int) -> int:
        """The sentence of token ``i``."""
        s = self.cache.get(i)
        if s is None:
            s = self.cache[i] = max(0, bisect_right(self.starts, self.doc[i].idx) - 1)
        return s


def _min_gap(xs: list[int], ys: list[int]) -> int:
    """``min(abs(a - b) for a in xs for b in ys)``, by a merge of the sorted lists.

    Example:
        >>> _min_gap([10, 3], [7, 20, 12])
        2
    """
    xs, ys = sorted(xs), sorted(ys)
    i = j = 0
    best = abs(xs[0] - ys[0])
    while i < len(xs) and j < len(ys):
        d = xs[i] - ys[j]
        if abs(d) < best:
            best = abs(d)
        if d < 0:
            i += 1
        else:
            j += 1
    return best


def _closest_pair(hs: list[int], ts: list[int], sents: _Sents) -> tuple[int, int]:
    """The pair ``(a, b)``, ``a`` of ``hs``, ``b`` of ``ts``, fewest sentences apart, then
    fewest tokens; of equal pairs the first in ``hs`` then ``ts`` order (what ``min`` over
    every pair gives).  For each ``a`` only the nearest ``b`` on each side can be best:
    both distances grow as ``b`` moves away from ``a``.

    Example:
        >>> class S:
        ...     def of(self, i): return i // 10
        >>> _closest_pair([3, 25], [12, 28, 8], S())
        (25, 28)
    """
    order = sorted(range(len(ts)), key=lambda j: (ts[j], j))  # positions by value, then first
    values = [ts[j] for j in order]
    firsts: dict[int, int] = {}
    for j in order:
        firsts.setdefault(ts[j], j)
    best: tuple[int, int, int, int] | None = None
    pair = (hs[0], ts[0])
    for i, a in enumerate(hs):
        k = bisect_right(values, a)
        sa = sents.of(a)
        for b in {values[k - 1] if k else None, values[k] if k < len(values) else None}:
            if b is None:
                continue
            key = (abs(sa - sents.of(b)), abs(a - b), i, firsts[b])
            if best is None or key < best:
                best, pair = key, (a, b)
    return pair


def _path(table: TokenTable, a: int, b: int) -> str | None:
    """The dependency path between tokens ``a`` and ``b``: the arcs up from ``a``, the
    word at the top (a verb's, noun's or preposition's lemma, else its part of speech;
    nothing when it is ``a`` or ``b``), the arcs down to ``b``; ``None`` past ``_MAX_PATH``
    arcs: "nsubj<visit>dobj"."""
    found = table.meet(a, b)
    if found is None:
        return None
    t, down, k = found
    if k + len(down) > _MAX_PATH:
        return None
    pos = table.pos[t]
    lca = "" if t in (a, b) else (table.lemma[t] if pos in ("VERB", "AUX", "NOUN", "ADP") else pos)
    dep = table.dep
    left = "^".join(dep[x] for x in table.chain(a)[:k])
    right = "v".join(dep[x] for x in reversed(down))
    return f"{left}<{lca}>{right}"


def _between(view: DocView, lo: int, hi: int, types: dict[int, str]) -> list[str]:
    """The words of tokens ``lo:hi`` (lemmas, punctuation as written, numbers as "<NUM>"),
    a name as its type once ("<ORG>")."""
    table = view.table()
    out: list[str] = []
    last = None
    for i in range(lo, hi):
        if i in types:
            tag = f"<{types[i]}>"
            if tag != last:
                out.append(tag)
            last = tag
            continue
        last = None
        w = "<NUM>" if table.num[i] else table.text[i] if table.punct[i] else table.lemma[i]
        if w.strip():
            out.append(w)
    return out


def _neighbours(sent_of: dict[int, list[int]], main: int, n_sents: int) -> Callable[[int], list[int]]:
    """Which clusters each cluster is paired with, in order: every other one in a document
    of up to ``_LONG`` sentences; in a longer one those with an occurrence within
    ``_WINDOW`` sentences of one of its own, and the main entity.

    Example:
        >>> near = _neighbours({0: [0], 1: [1], 2: [70], 3: [72]}, 0, 80)
        >>> near(1), near(3)
        ([0], [0, 2])
    """
    everyone = sorted(sent_of)
    if n_sents <= _LONG:
        return lambda h: everyone
    by_sent: dict[int, set[int]] = {}
    for k, ss in sent_of.items():
        for s in ss:
            by_sent.setdefault(s, set()).add(k)

    def near(h: int) -> list[int]:
        found = {main} if main >= 0 else set()
        for s in set(sent_of[h]):
            for w in range(s - _WINDOW, s + _WINDOW + 1):
                found |= by_sent.get(w, set())
        if h == main:
            return everyone
        return sorted(found - {h})

    return near


@dataclass
class _Doc:
    """What every candidate pair of one document reads (built once by ``_document``)."""

    view: DocView
    cs: list[Cluster]
    sents: _Sents
    types: dict[int, str]  # token -> the type of the cluster whose mention covers it
    main: int  # the first entity cluster (the document's subject), -1 for none
    n_countries: int
    first_sent: set[int]  # the clusters occurring in the first sentence
    near: Callable[[int], list[int]]
    nearest: dict[tuple[int, str], int]  # (cluster, type) -> the nearest cluster of that type


def _token_types(view: DocView, cs: list[Cluster]) -> dict[int, str]:
    """Token -> the type of the first cluster with a mention over it ("Boeing" -> ORG)."""
    types: dict[int, str] = {}
    for c in cs:
        for m in c.mentions:
            for i in range(*view.token_range(m)):
                types.setdefault(i, c.type)
    return types


def _nearest_of_type(cs: list[Cluster], near: Callable[[int], list[int]]) -> dict[tuple[int, str], int]:
    """(cluster, type) -> the cluster of that type nearest to it in tokens (the first of equals)."""
    nearest: dict[tuple[int, str], int] = {}
    for h in range(len(cs)):
        best: dict[str, tuple[int, int]] = {}
        for t in near(h):
            if t == h:
                continue
            d = _min_gap(cs[h].tokens, cs[t].tokens)
            if cs[t].type not in best or d < best[cs[t].type][0]:
                best[cs[t].type] = (d, t)
        for ty, (_, t) in best.items():
            nearest[(h, ty)] = t
    return nearest


def _document(view: DocView, cs: list[Cluster]) -> _Doc:
    """The shared facts of the document's clusters: main entity, neighbours, nearest ones."""
    sents = _Sents(view)
    sent_of = {c_i: [sents.of(t) for t in c.tokens] for c_i, c in enumerate(cs)}
    entities = [k for k, c in enumerate(cs) if c.literal is None]
    main = entities[0] if entities else -1
    n_countries = sum(1 for c in cs if c.type in ("COUNTRY", "NORP_COUNTRY") and c.literal is None)
    first_sent = {k for k, c in enumerate(cs) if 0 in sent_of[k]}
    near = _neighbours(sent_of, main, len(view.sentences))
    return _Doc(view, cs, sents, _token_types(view, cs), main, n_countries, first_sent, near,
                _nearest_of_type(cs, near))


def _pair_features(d: _Doc, h: int, t: int, sd: int, tp: str) -> list[str]:
    """The document-level features of the pair (h, t): types, sentences apart, main entity,
    first sentence, nearest of its type, only country, occurrences, gazetteer."""
    hc, tc = d.cs[h], d.cs[t]
    f = [f"tp={tp}", f"h={hc.type}", f"t={tc.type}", "bias"]
    f.append(f"sd={min(sd, 3)}")
    f.append(f"tp={tp}|sd={min(sd, 3)}")
    if h == d.main:
        f += ["h_main", f"tp={tp}|h_main"]
    if t == d.main:
        f += ["t_main", f"tp={tp}|t_main"]
    if t in d.first_sent:
        f.append(f"tp={tp}|t_first_sent")
    if d.nearest.get((h, tc.type)) == t:
        f += ["t_nearest", f"tp={tp}|t_nearest"]
    if d.nearest.get((t, hc.type)) == h:
        f += ["h_nearest", f"tp={tp}|h_nearest"]
    if tc.type in ("COUNTRY", "NORP_COUNTRY") and d.n_countries == 1:
        f += ["t_only_country", f"tp={tp}|t_only_country"]
    f.append(f"nh={min(len(hc.tokens), 4)}")
    f.append(f"nt={min(len(tc.tokens), 4)}")
    if tc.literal is None:
        f += _geo_features(hc, tc, tp)
    return f


def _pair_word_features(d: _Doc, hc: Cluster, tc: Cluster, a: int, b: int, tp: str) -> list[str]:
    """The order of two occurrences in one sentence and the words between them: "order=ht",
    "w=bear", "seq=ht:<DATE> in"; "far" past ``_MAX_GAP`` tokens."""
    lo, hi = sorted((a, b))
    order = "ht" if a < b else "th"
    f = [f"order={order}", f"tp={tp}|order={order}"]
    # the mention spans, so the words between exclude the names themselves
    words = _between(d.view, lo + 1, hi, d.types)
    words = [w for w in words if w not in (f"<{hc.type}>", f"<{tc.type}>") or len(words) < 3]
    gap = hi - lo - 1
    f.append(f"gap={min(gap, 10) // 2}")
    if gap > _MAX_GAP:
        return [*f, "far"]
    for w in sorted(set(words)):
        if w not in _STOP:
            f.append(f"w={w}")
            f.append(f"tp={tp}|w={w}|{order}")
    if len(words) <= 4:
        f.append(f"seq={order}:{' '.join(words)}")
        f.append(f"tp={tp}|seq={order}:{' '.join(words)}")
    return f


def _governing_verb(tok: Token) -> Token | None:
    """The verb above ``tok`` ("[born] in Ohio" for Ohio), ``None`` below a non-verb root."""
    gov = tok.head
    while gov.pos_ not in ("VERB", "AUX") and gov.head.i != gov.i:
        gov = gov.head
    return gov if gov.pos_ in ("VERB", "AUX") else None


def _same_sentence_features(d: _Doc, hc: Cluster, tc: Cluster, a: int, b: int, tp: str) -> list[str]:
    """The features of two occurrences in one sentence: the words between, the word before,
    the dependency path and the verb governing the head's occurrence."""
    doc = d.view.doc
    lo = min(a, b)
    f = _pair_word_features(d, hc, tc, a, b, tp)
    before = doc[lo - 1].lower_ if lo > 0 else "<S>"
    f.append(f"tp={tp}|pre={before}")
    p = _path(d.view.table(), a, b)
    if p is not None:
        f.append(f"path={p}")
        f.append(f"tp={tp}|path={p}")
    gov = _governing_verb(doc[a])
    if gov is not None:
        f.append(f"tp={tp}|hverb={gov.lemma_.lower()}")
    return f


def _candidate(d: _Doc, h: int, t: int) -> Candidate | None:
    """The candidate (h, t) at their closest occurrences (``None``: a date in another sentence)."""
    hc, tc = d.cs[h], d.cs[t]
    a, b = _closest_pair(hc.tokens, tc.tokens, d.sents)
    sd = abs(d.sents.of(a) - d.sents.of(b))
    if tc.literal is not None and sd > 0:
        return None
    tp = f"{hc.type}|{tc.type}"
    f = _pair_features(d, h, t, sd, tp)
    if sd == 0:
        f += _same_sentence_features(d, hc, tc, a, b, tp)
    doc = d.view.doc
    where = d.view.provenance(doc[a] if sd else doc[min(a, b)], NAME, 0.0)
    return Candidate(hc.rep, tc.rep, tc.literal, tuple(f), where)


def candidates(view: DocView) -> Iterator[Candidate]:
    """Every candidate pair of the document, with its features: each entity cluster with
    each of its neighbours (``_neighbours``) of another key."""
    cs = clusters(view)
    if len(cs) < 2:
        return
    d = _document(view, cs)
    for h, hc in enumerate(cs):
        if hc.literal is not None:
            continue
        for t in d.near(h):
            if t == h or cs[t].key == hc.key:
                continue
            cand = _candidate(d, h, t)
            if cand is not None:
                yield cand


def _geo_features(hc: Cluster, tc: Cluster, tp: str) -> list[str]:
    out: list[str] = []
    hn, tn = hc.rep.text, tc.rep.text
    if tc.type in ("COUNTRY", "NORP_COUNTRY", "REGION", "CITY", "CONTINENT") and \
            hc.type not in ("PERSON",):
        tname = tn
        if tc.type == "NORP_COUNTRY":
            c = demonym_country(tn)
            tname = c[1] if c else tn
        if geo.is_within(hn, tname):
            out += ["geo_in", f"tp={tp}|geo_in"]
        elif geo.is_within(hn, tname, likeliest=False):
            out += ["geo_in_any", f"tp={tp}|geo_in_any"]
        elif hc.type in ("CITY", "REGION", "COUNTRY") and geo.lookup(hn) and geo.lookup(tname):
            out += ["geo_not_in", f"tp={tp}|geo_not_in"]
    if hc.type in ("COUNTRY", "REGION", "CITY") and tc.type in ("CITY", "REGION"):
        if geo.is_within(tn, hn):
            out += ["geo_contains", f"tp={tp}|geo_contains"]
    return out


# -- the model ---------------------------------------------------------------------------
@dataclass(frozen=True)
class PairModel:
    """Per-relation logistic regression weights over string features."""

    relations: tuple[str, ...]  # kg predicate names
    thresholds: np.ndarray
    bias: np.ndarray
    index: dict[str, int]
    weights: np.ndarray  # (features, relations)
    type_pairs: tuple[frozenset[str], ...] = ()  # per relation, the "tp=HEAD|TAIL" features seen in training

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> PairModel:
        rels = tuple(r["predicate"] for r in data["relations"])
        feats = data["features"]
        index = {f: k for k, f in enumerate(feats)}
        w = np.zeros((len(feats), len(rels)), dtype=np.float32)
        for k, f in enumerate(feats):
            for j, v in feats[f].items():
                w[k, int(j)] = v
        return cls(rels, np.array([r["threshold"] for r in data["relations"]], dtype=np.float32),
                   np.array([r["bias"] for r in data["relations"]], dtype=np.float32), index, w,
                   tuple(frozenset(r.get("type_pairs", ())) for r in data["relations"]))

    def probabilities(self, features: tuple[str, ...]) -> np.ndarray:
        # rows in index order: a feature tuple's order can follow a set's (which changes with
        # the hash seed of the process) and float32 sums depend on their order
        rows = sorted(self.index[f] for f in features if f in self.index)
        z = self.bias + (self.weights[rows].sum(axis=0) if rows else 0.0)
        return 1.0 / (1.0 + np.exp(-z))

    def probabilities_many(self, features: Sequence[tuple[str, ...]]) -> np.ndarray:
        """``probabilities`` of many feature tuples at once, one row each (the same sums,
        row by row in index order)."""
        get = self.index.get
        rows = []
        for fs in features:
            row = sorted(map(get, fs, repeat(-1, len(fs))))  # an unknown feature is -1: sorted first
            rows.append(row[bisect_right(row, -1):] if row and row[0] < 0 else row)
        if rows and all(rows):  # the usual case: a row never without a known feature
            starts = np.cumsum([0] + [len(r) for r in rows[:-1]])
            z = self.bias + np.add.reduceat(self.weights[[i for r in rows for i in r]], starts, axis=0)
            return 1.0 / (1.0 + np.exp(-z))
        z = np.tile(self.bias, (len(rows), 1))
        hit = [k for k, r in enumerate(rows) if r]
        if hit:
            flat = [i for k in hit for i in rows[k]]
            starts = np.cumsum([0] + [len(rows[k]) for k in hit[:-1]])
            z[hit] = self.bias + np.add.reduceat(self.weights[flat], starts, axis=0)
        return 1.0 / (1.0 + np.exp(-z))

    @cached_property
    def _padded(self) -> np.ndarray:
        """The weights and a row of zeros after them (``probabilities_each``'s padding)."""
        return np.vstack([self.weights, np.zeros((1, self.weights.shape[1]), dtype=self.weights.dtype)])

    def probabilities_each(self, features: Sequence[tuple[str, ...]], batch: int = 256) -> np.ndarray:
        """``probabilities`` of each feature tuple, one row each, bit for bit: each row's
        weights are added one after another in index order, as ``sum(axis=0)`` adds them,
        the shorter rows padded with zeros (``batch`` rows at a time)."""
        get = self.index.get
        rows = [sorted(i for i in map(get, fs) if i is not None) for fs in features]
        out = np.empty((len(rows), len(self.relations)), dtype=self.weights.dtype)
        for lo in range(0, len(rows), batch):
            chunk = rows[lo : lo + batch]
            idx = np.full((len(chunk), max(map(len, chunk))), len(self.weights), dtype=np.intp)
            for k, r in enumerate(chunk):
                idx[k, : len(r)] = r
            z = self.bias + self._padded[idx].sum(axis=1)
            out[lo : lo + len(chunk)] = 1.0 / (1.0 + np.exp(-z))
        return out

    def predict(self, features: tuple[str, ...], p: np.ndarray | None = None) -> list[tuple[str, float]]:
        """The relations over their thresholds (``p``: the ``probabilities``, when known)."""
        if p is None:
            p = self.probabilities(features)
        tp = features[0] if features else ""
        return [(self.relations[j], float(p[j])) for j in np.flatnonzero(p >= self.thresholds)
                if not self.type_pairs or not self.type_pairs[j] or tp in self.type_pairs[j]]


@lru_cache(maxsize=1)
def shipped_model() -> PairModel | None:
    """The shipped weights, or ``None`` when the package has none."""
    path = resources.files("kg") / "data" / "models" / MODEL_FILE
    if not path.is_file():
        return None
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        return PairModel.from_data(json.load(f))


_override: list[PairModel] = []


class use_model:  # noqa: N801 (a context manager used like a function)
    """Apply ``model`` instead of the shipped weights (for training and cross-validation)."""

    def __init__(self, model: PairModel) -> None:
        self.model = model

    def __enter__(self) -> PairModel:
        _override.append(self.model)
        return self.model

    def __exit__(self, *exc: object) -> None:
        _override.pop()


def relations_of(candidate: Candidate, model: PairModel,
                 probs: np.ndarray | None = None) -> Iterator[MentionRelation]:
    """The relations ``model`` finds for one candidate (``probs``: its probabilities, when known)."""
    for pred, p in model.predict(candidate.features, probs):
        prov = Provenance(candidate.span.span, NAME, round(min(p, 0.99), 3))
        if candidate.literal is not None:
            value, dtype = candidate.literal
            yield MentionRelation(candidate.head.id, pred, value, prov, object_is_literal=True,
                                  datatype=dtype)
        else:
            yield MentionRelation(candidate.head.id, pred, candidate.tail.id, prov)


def _apply(view: DocView) -> Iterator[MentionRelation]:
    model = _override[-1] if _override else shipped_model()
    if model is None:
        return
    cands = list(candidates(view))
    if not cands:
        return
    for cand, probs in zip(cands, model.probabilities_each([c.features for c in cands]), strict=True):
        yield from relations_of(cand, model, probs)


@relation_patterns.register(NAME)
def find_pairs(view: DocView) -> Iterator[MentionRelation]:
    """The classifier on reference text: documents without a publication date.

    It is trained on encyclopedia lead sections, where background facts (country, located
    in, citizenship) are what the text states; in dated news articles the same facts are
    incidental and the deterministic rules of ``kg.wikidata.v1`` suffice; so is a text
    with a dateline (``news.dated``).  Register
    ``kg.wikidata-pairs-all.v1`` in the pattern list to apply it to every document.
    """
    from kg.extract.patterns.news import dated

    if dated(view) or not reference_text(view):
        return  # news: kg.news-pairs.v1's
    yield from _apply(view)


_DEFINITION = re.compile(
    r"\b(is|was|are|were)\s+(a|an|the|one)\b|\(\s*(born|b\.|c\.|\d)|\b(consists?|refers?|reigned|is|was)\b",
    re.I)


def first_sentence(view: DocView) -> Sentence | None:
    """The document's first sentence after its title (``None`` when it has none)."""
    sents = [s for s in view.sentences if s.text.strip()]
    if view.document.title and len(sents) > 1 and sents[0].text.strip() == view.document.title.strip():
        sents = sents[1:]
    return sents[0] if sents else None


def reference_text(view: DocView) -> bool:
    """Whether the document reads like a reference article: its first sentence (after a
    title) defines its subject ("X (born 1963) is a German politician")."""
    first = first_sentence(view)
    return first is not None and bool(_DEFINITION.search(first.text))


@relation_patterns.register(NAME_ALL)
def find_pairs_everywhere(view: DocView) -> Iterator[MentionRelation]:
    """The classifier on every document, news included."""
    yield from _apply(view)


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))
