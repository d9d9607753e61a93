"""Relations between the named things of one sentence of news, by a small statistical
classifier, where the rules say nothing (``kg.news-pairs.v1``).

Every pair of entities named in one sentence is a candidate (their closest mentions
there).  Its features are what a reader relies on: the two entity types (places refined
into country / region / city by the offline gazetteer), the dependency path between the
two names with the word at its top, the words between them, the words around them, the
arcs that attach each name (subject, object of "in", possessive, apposition, compound),
how many other names stand between, and whether the gazetteer puts one place inside the
other.  One logistic regression scores whether the sentence relates the pair; a relation
is written when that probability reaches the model's threshold, with it as confidence.

Its predicate says what was read: the verb on the path when ``kg/data/verbs.json`` maps
it to a relation (``beat`` -> ``defeats``, ``visit`` -> ``visits``), with the verb's
subject as the relation's subject; otherwise the relation family a second set of
regressions picks from the same features (``locatedIn``-like *physical* place, *role*
in an organization, *affiliation*, *part of*, *opposition*, *competition* result,
*comparison*), mapped to a predicate that fits the two types (two places are
``locatedIn`` only where the gazetteer puts one inside the other); otherwise the generic
``kgo:linkedInText`` ("linked in the text with"), which the sentence evidence explains.

The weights live in ``kg/data/models/news-pairs.json.gz``; ``scripts/train_news_pairs.py``
reproduces them from the dev sets and reports cross-validated figures.  Applying them
needs only numpy.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import numpy as np
from spacy.tokens import Token

from kg import geo
from kg.extract.docview import DocView
from kg.extract.patterns.lexicon import verbs
from kg.extract.patterns.pairs import (
    Cluster,
    PairModel,
    _between,
    _geo_features,
    _path,
    entity_clusters,
    first_sentence,
    reference_text,
)
from kg.extract.tokentable import TokenTable
from kg.model import Document, Mention, MentionRelation, Provenance
from kg.registry import relation_patterns

NAME = "kg.news-pairs.v1"
MODEL_FILE = "news-pairs.json.gz"
GENERIC = "linkedInText"
RELATED = "related"  # the model's relatedness output; the others are relation families
_MAX_GAP = 12
_PLACES = {"COUNTRY", "REGION", "CITY", "CONTINENT", "GPE", "LOC", "FAC", "NORP_COUNTRY"}
_STOP = {"the", "a", "an", '"', "``", "''"}
_AND = frozenset(("and", "or", "&"))


def cluster_keys(view: DocView) -> dict[str, str]:
    """Mention id -> the key of the entity it names in the document (``pairs.entity_clusters``;
    made once per document)."""
    found = view.memo.get("cluster-keys")
    if found is None:
        found = view.memo["cluster-keys"] = {m.id: repr(c.key) for c in entity_clusters(view)
                                             for m in c.mentions}
    return found  # type: ignore[return-value]


def _pair_key(keys: dict[str, str], a: str, b: str) -> frozenset[str]:
    """The two entities mentions ``a`` and ``b`` name, in either order."""
    return frozenset((keys.get(a, a), keys.get(b, b)))


def _known_pairs(relations: Iterable[MentionRelation], keys: dict[str, str]) -> set[frozenset[str]]:
    """The entity pairs that patterns other than the classifier relate."""
    return {_pair_key(keys, r.subject, r.object) for r in relations
            if r.provenance.extractor != NAME and not r.object_is_literal}


def drop_known_pairs(relations: Sequence[MentionRelation], keys: dict[str, str]) -> list[MentionRelation]:
    """``relations`` without the classifier's relations between two entities that another
    pattern already relates in the document (the rule's typed reading is kept)."""
    known = _known_pairs(relations, keys)
    return [r for r in relations if r.provenance.extractor != NAME or _pair_key(keys, r.subject, r.object)
            not in known]


@dataclass(frozen=True, slots=True)
class NewsCandidate:
    """Two entities named in one sentence (``left`` first in the text), with features."""

    left: Mention
    right: Mention
    left_names: tuple[str, ...]
    right_names: tuple[str, ...]
    left_type: str
    right_type: str
    features: tuple[str, ...]
    span: Provenance
    verb_relation: tuple[str, bool] | None  # the path's verb's relation; is the left name its subject
    place_relation: tuple[str, bool] | None = None  # ("locatedIn", left inside right?) by the gazetteer
    negated: bool = False  # the verb that joins the two is negated ("does not restrict")
    news_cues: bool = True  # the document is dated or reports speech: the generic predicate may be written


def _sentence_tokens(view: DocView) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for i, s in view.sent_of.items():
        out.setdefault(s, []).append(i)
    return out


def _path_tokens(table: TokenTable, a: int, b: int, limit: int = 6) -> list[int] | None:
    """The tokens strictly between ``a`` and ``b`` on the dependency path (``None``: longer)."""
    found = table.meet(a, b)
    if found is None:
        return None
    _, down, k = found
    path = [x for x in table.chain(a)[1 : k + 1] + down[:0:-1] if x != a and x != b]
    return path if len(path) <= limit else None


def _role_at(table: TokenTable, tok: int, verb: int) -> str:
    """How ``tok`` hangs from ``verb``: the arc just below the verb (with the preposition
    for a prepositional object: "prep_in")."""
    head = table.head
    t = tok
    while head[t] != t and head[t] != verb:
        t = head[t]
    if head[t] != verb:
        return "self" if tok == verb else "none"
    dep = table.dep[t]
    if dep in ("prep", "agent"):
        return f"{dep}_{table.lower[t]}"
    return dep


def _lca_verb(table: TokenTable, a: int, b: int) -> int | None:
    """The lowest common ancestor of ``a`` and ``b`` when it is a verb."""
    found = table.meet(a, b)
    return found[0] if found is not None and table.pos[found[0]] in ("VERB", "AUX") else None


def _attach(view: DocView, tok: int) -> tuple[str, str]:
    """The arc that attaches a name (climbing out of the name itself) and its head word
    (made once per token: a name is in many pairs)."""
    found = _memo_dict(view, "news-attach")
    if tok not in found:
        found[tok] = _attach_arc(view, tok)
    return found[tok]


def _memo_dict(view: DocView, name: str) -> dict:
    """The dictionary ``view.memo[name]``, made empty on first use (a per-document cache)."""
    found = view.memo.get(name)
    if found is None:
        found = view.memo[name] = {}
    return found  # type: ignore[return-value]


def _attach_arc(view: DocView, tok: int) -> tuple[str, str]:
    """``_attach`` made anew."""
    table, of = view.table(), view.tok_mention
    head = table.head
    t = tok
    m = of.get(tok)
    if m:
        while head[t] != t and of.get(head[t]) is m:
            t = head[t]
    word = table.lemma[head[t]] if head[t] != t else "<root>"
    return table.dep[t], word


def _sentence_features(view: DocView, sent: int) -> list[str]:
    """What kind of line a sentence is: the first, a headline in capitals, a results line
    (made once per sentence)."""
    made = _memo_dict(view, "news-sentence")
    found = made.get(sent)
    if found is not None:
        return found  # type: ignore[no-any-return]
    out = ["first_sentence"] if sent == 0 else []
    text = view.sentences[sent].text
    letters, upper, digits = _char_counts(text)
    if letters and upper > 0.8 * letters:
        out.append("upper_sentence")
    if digits > 0.15 * max(1, len(text)):
        out.append("numeric_sentence")
    made[sent] = out
    return out


_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_ASCII_UPPER = bytes(range(65, 91))
_ASCII_DIGITS = bytes(range(48, 58))


def _char_counts(text: str) -> tuple[int, int, int]:
    """How many characters of ``text`` are letters, capitals and digits (``str.isalpha``,
    ``isupper``, ``isdigit``), counted by bytes where the text is ASCII.

    Example:
        >>> _char_counts("UK 2-1"), _char_counts("Zürich ²")
        ((2, 2, 2), (6, 1, 1))
    """
    if not text.isascii():
        return sum(map(str.isalpha, text)), sum(map(str.isupper, text)), sum(map(str.isdigit, text))
    raw = text.encode("ascii")
    n = len(raw)
    return (n - len(raw.translate(None, _ASCII_LETTERS)), n - len(raw.translate(None, _ASCII_UPPER)),
            n - len(raw.translate(None, _ASCII_DIGITS)))


def _name_bounds(view: DocView, a: int, b: int) -> tuple[int, int, int]:
    """(last token of the left name, first and end token of the right name) of the pair of
    name heads ``a``, ``b`` ("[Nvidia] and [Arm Holdings]": the words between exclude them)."""
    lo, hi = (a, b) if a < b else (b, a)
    la, lb = view.tok_mention.get(a), view.tok_mention.get(b)
    left_end = view.token_range(la)[1] - 1 if la else lo
    right_start, right_end = view.token_range(lb) if lb else (hi, hi + 1)
    return left_end, right_start, right_end


def _word_features(tp: str, gap: int, words: list[str]) -> list[str]:
    """The words between the two names, and their sequence when short: "w=visit",
    "seq=, a unit of"; a pair too far apart is "far"."""
    f = [f"gap={min(gap, 12) // 2}", f"tp={tp}|gap={min(gap, 12) // 3}"]
    if gap <= _MAX_GAP:
        for w in sorted(set(words)):
            if w not in _STOP:
                f.append(f"w={w}")
                f.append(f"tp={tp}|w={w}")
        if len(words) <= 4:
            f.append(f"seq={' '.join(words)}")
            f.append(f"tp={tp}|seq={' '.join(words)}")
    else:
        f.append("far")
    return f


def _list_features(tp: str, others: AbstractSet[int], lo: int, hi: int, words: list[str]) -> list[str]:
    """How many other names stand between, and whether a comma or "and" does (a list of
    names: "Japan, the US and India")."""
    n_between = sum(1 for i in others if lo < i < hi)
    f = [f"between={min(n_between, 3)}", f"tp={tp}|between={min(n_between, 3)}"]
    if "," in words:
        f.append("comma")
    if not _AND.isdisjoint(words):
        f.append("and")
    return f


def _context_features(view: DocView, table: TokenTable, tp: str, lo: int, right_end: int,
                      sent: int) -> list[str]:
    """The word before the pair and the word after it in the sentence: "pre=<S>", "post='s"."""
    lower = table.lower
    sent_first = view.sentences[sent].start
    pre = lower[lo - 1] if lo > 0 and table.idx[lo - 1] >= sent_first else "<S>"
    post = lower[right_end] if right_end < len(lower) and view.sent_of.get(right_end) == sent else "</S>"
    return [f"pre={pre}", f"tp={tp}|pre={pre}", f"post={post}", f"tp={tp}|post={post}"]


def _path_word_features(view: DocView, table: TokenTable, tp: str, a: int, b: int) -> list[str]:
    """The content words on the dependency path between the names: "pw=chief", "pws=chief"."""
    inner = _path_tokens(table, a, b)
    if inner is None:
        return []
    f = []
    pos, lemma, of = table.pos, table.lemma, view.tok_mention
    words = [lemma[t] for t in inner if pos[t] in ("NOUN", "VERB", "ADP", "PROPN", "ADJ", "AUX")
             and of.get(t) is None]
    for w in sorted(set(words)):
        f.append(f"pw={w}")
        f.append(f"tp={tp}|pw={w}")
    if len(inner) <= 3:
        f.append(f"pws={' '.join(words)}")
    return f


def _path_features(table: TokenTable, tp: str, a: int, b: int) -> list[str]:
    """The dependency path, the word at its top and its length: "top=visit", "plen=2";
    "nopath" when longer than ``pairs._MAX_PATH``."""
    p = _path(table, a, b)
    if p is None:
        return ["nopath"]
    top = p[p.index("<") + 1 : p.index(">")]
    return [f"path={p}", f"tp={tp}|path={p}", f"top={top}", f"tp={tp}|top={top}",
            f"plen={min(p.count('^') + p.count('v'), 6)}"]


def _attach_features(view: DocView, tp: str, a: int, b: int) -> list[str]:
    """The arc and head word attaching each name: "ldep=nsubj", "rhead=in"."""
    f = []
    for side, tok in (("l", a), ("r", b)):
        dep, head = _attach(view, tok)
        f.append(f"{side}dep={dep}")
        f.append(f"{side}head={head}")
        f.append(f"tp={tp}|{side}dep={dep}|{side}head={head}")
    return f


def _verb_features(table: TokenTable, a: int, b: int) -> list[str]:
    """The verb joining the two names and the role of each: "verb=beat|roles=nsubj-dobj"."""
    verb = _lca_verb(table, a, b)
    if verb is None:
        return []
    roles = f"{_role_at(table, a, verb)}-{_role_at(table, b, verb)}"
    lemma = table.lemma[verb]
    return [f"verb={lemma}", f"roles={roles}", f"verb={lemma}|roles={roles}"]


def _features(view: DocView, a: int, b: int, lc: Cluster, rc: Cluster, others: AbstractSet[int],
              sent: int, types: dict[int, str]) -> tuple[str, ...]:
    """The features of the names at head tokens ``a`` (left) and ``b`` of sentence ``sent``:
    the type pair first ("tp=PERSON|ORG"), then each group above in a fixed order (the
    shipped weights read these exact strings)."""
    ta, tb = lc.type, rc.type
    tp = f"{ta}|{tb}"
    f = [f"tp={tp}", f"ut={'|'.join(sorted((ta, tb)))}", f"l={ta}", f"r={tb}", "bias"]
    lo, hi = (a, b) if a < b else (b, a)
    left_end, right_start, right_end = _name_bounds(view, a, b)
    words = _between(view, left_end + 1, right_start, types)
    f += _word_features(tp, max(0, right_start - left_end - 1), words)
    f += _list_features(tp, others, lo, hi, words)
    table = view.table()
    f += _context_features(view, table, tp, lo, right_end, sent)
    f += _path_word_features(view, table, tp, a, b)
    f += _path_features(table, tp, a, b)
    f += _attach_features(view, tp, a, b)
    f += _verb_features(table, a, b)
    f.append(f"names={min(len(others) + 2, 6)}")
    f += _sentence_features(view, sent)
    if ta in _PLACES and tb in _PLACES or (tb in _PLACES and ta not in ("PERSON",)):
        f += _geo_features(lc, rc, tp) + [x.replace("geo_", "rgeo_") for x in _geo_features(rc, lc, tp)]
    return tuple(f)


class _Pair(NamedTuple):
    """Two entities' closest head tokens ``a < b`` in sentence ``sent``, before features."""

    a: int
    b: int
    left: Cluster
    right: Cluster
    others: frozenset[int]  # the other names' head tokens in the sentence
    sent: int


def _heads_by_sentence(view: DocView, cs: list[Cluster]) -> dict[int, dict[int, list[int]]]:
    """Sentence -> cluster index -> the head tokens of its named mentions (pronouns left out)."""
    doc = view.doc
    heads: dict[int, dict[int, list[int]]] = {}
    for k, c in enumerate(cs):
        for m in c.mentions:
            head = view.head_of(m)
            if head is None:
                continue
            s = view.sent_of.get(head)
            if s is None:
                s = view.sent_index(doc[head])
            heads.setdefault(s, {}).setdefault(k, []).append(head)
    return heads


def _closest(ps: list[int], qs: list[int]) -> tuple[int, int]:
    """The pair ``(p, q)`` of ``ps`` and ``qs`` fewest tokens apart (of equals, the smallest)."""
    if len(ps) == 1 and len(qs) == 1:
        return ps[0], qs[0]
    return min(((p, q) for p in ps for q in qs), key=lambda pq: (abs(pq[0] - pq[1]), pq))


def _pairs(view: DocView, cs: list[Cluster]) -> Iterator[_Pair]:
    """Every two clusters named in one sentence, at their closest heads there."""
    for s, by_cluster in sorted(_heads_by_sentence(view, cs).items()):
        if len(by_cluster) < 2:
            continue
        all_heads = {t for ts in by_cluster.values() for t in ts}
        own = {k: set(ts) for k, ts in by_cluster.items()}
        ks = sorted(by_cluster)
        for x in range(len(ks)):
            for y in range(x + 1, len(ks)):
                i, j = ks[x], ks[y]
                a, b = _closest(by_cluster[i], by_cluster[j])
                if a > b:
                    a, b, i, j = b, a, j, i
                lm, rm = view.tok_mention.get(a), view.tok_mention.get(b)
                if lm is None or rm is None or lm.id == rm.id:
                    continue
                yield _Pair(a, b, cs[i], cs[j], frozenset(all_heads - own[i] - own[j]), s)


def _token_types(view: DocView, cs: list[Cluster]) -> dict[int, str]:
    """Token -> the type of the name it is part of."""
    types: dict[int, str] = {}
    for c in cs:
        for m in c.mentions:
            for i in range(*view.token_range(m)):
                types.setdefault(i, c.type)
    return types


def _candidate(view: DocView, p: _Pair, feats: tuple[str, ...], cues: bool) -> NewsCandidate:
    """The candidate of a pair: its features and what the path's verb and the gazetteer say."""
    table = view.table()
    lm, rm = view.tok_mention[p.a], view.tok_mention[p.b]
    verb = _lca_verb(table, p.a, p.b)
    return NewsCandidate(
        lm, rm, tuple(m.text for m in p.left.mentions), tuple(m.text for m in p.right.mentions),
        p.left.type, p.right.type, feats, view.sentence_provenance(p.sent, NAME, 0.0),
        _verb_relation(table, verb, p.a, p.b), _place_relation(lm, rm, p.left.type, p.right.type),
        verb is not None and any(table.dep[c] == "neg" for c in table.children(verb)), cues)


def _featured(view: DocView, known: AbstractSet[frozenset[str]] = frozenset(),
              ) -> list[tuple[_Pair, tuple[str, ...]]]:
    """Every pair of entities named in one sentence with its features (but the ``known``
    pairs of entity keys, ``cluster_keys``)."""
    cs = entity_clusters(view)
    if len(cs) < 2:
        return []
    types = _token_types(view, cs)
    pairs = _pairs(view, cs)
    if known:
        keys, of = cluster_keys(view), view.tok_mention
        pairs = (p for p in pairs if _pair_key(keys, of[p.a].id, of[p.b].id) not in known)
    return [(p, _features(view, p.a, p.b, p.left, p.right, p.others, p.sent, types)) for p in pairs]


def candidates(view: DocView) -> list[NewsCandidate]:
    """Every pair of entities named in one sentence, with its features."""
    found = _featured(view)
    cues = news_cues(view) if found else True
    return [_candidate(view, p, feats, cues) for p, feats in found]


# -- the model and the predicate ----------------------------------------------------------


@lru_cache(maxsize=1)
def shipped_model() -> tuple[PairModel, dict] | None:
    """The shipped weights and settings, or ``None`` when the package has none."""
    path = resources.files("kg") / "data" / "models" / MODEL_FILE
    if not path.is_file():
        return None
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        data = json.load(f)
    return PairModel.from_data(data), data.get("settings", {})


_override: list[tuple[PairModel, dict]] = []


class use_model:  # noqa: N801 (a context manager used like a function)
    """Apply ``model`` instead of the shipped weights (training and cross-validation)."""

    def __init__(self, model: PairModel, settings: dict | None = None) -> None:
        self.model = (model, settings or {})

    def __enter__(self) -> PairModel:
        _override.append(self.model)
        return self.model[0]

    def __exit__(self, *exc: object) -> None:
        _override.pop()


# a relation family and the two types -> (predicate, whether the left name is the subject)
def family_predicate(family: str, left: str, right: str) -> tuple[str, bool] | None:
    """The predicate of a relation family between entity types, and its direction.

    Example:
        >>> family_predicate("physical", "PERSON", "CITY")
        ('location', True)
        >>> family_predicate("physical", "CITY", "COUNTRY") is None
        True
        >>> family_predicate("role", "ORG", "PERSON")
        ('memberOf', False)
    """
    lp, rp = left in _PLACES, right in _PLACES
    if family == "physical":
        if lp and rp:
            return None  # two places: only the gazetteer says which holds the other
        if rp:
            return "location", True
        if lp:
            return "location", False
        return None
    if family == "role":
        if left == "PERSON" and rp:
            return "holdsOfficeIn", True
        if right == "PERSON" and lp:
            return "holdsOfficeIn", False
        if left == "PERSON" and right != "PERSON":
            return "memberOf", True
        if right == "PERSON" and left != "PERSON":
            return "memberOf", False
        return None
    if family == "general-affiliation":
        if left in ("NORP", "NORP_COUNTRY") and right not in ("NORP", "NORP_COUNTRY"):
            return "affiliatedWith", False
        return "affiliatedWith", True
    if family == "part-of":
        return "partOf", True
    if family == "opposite":
        return "opposes", True
    if family == "win-defeat":
        return "competesWith", True
    if family == "compare":
        return "comparedWith", True
    return None


def _place_relation(left: Mention, right: Mention, lt: str, rt: str) -> tuple[str, bool] | None:
    """``locatedIn`` between two places when the gazetteer puts one inside the other."""
    if lt not in _PLACES or rt not in _PLACES or "NORP_COUNTRY" in (lt, rt):
        return None
    if geo.is_within(left.text, right.text):
        return "locatedIn", True
    if geo.is_within(right.text, left.text):
        return "locatedIn", False
    return None


def _verb_relation(tokens: TokenTable, v: int | None, left: int, right: int) -> tuple[str, bool] | None:
    """The relation of the verb at the top of the path between two names, and whether the
    left name is its subject; ``None`` unless one name is the verb's subject (or agent) and
    the other its object (direct, or after the preposition the verb's entry names: "work
    with"), each directly or as a conjunct or apposition of the argument."""
    if v is None:
        return None
    table = verbs().get("verbs", {})
    head, dep = tokens.head, tokens.dep
    key = tokens.lemma[v]
    prt = [tokens.lower[t] for t in tokens.children(v) if dep[t] == "prt"]
    base = (table.get(f"{key} {prt[0]}") if prt else None) or table.get(key)

    def role(t: int) -> tuple[str, str | None] | None:
        while dep[t] in ("conj", "appos", "compound", "flat") and head[t] != v:
            t = head[t]
        if head[t] == v:
            if dep[t] in ("nsubj",):
                return "subj", base
            if dep[t] in ("dobj", "nsubjpass", "attr", "dative"):
                return "obj", base
            return None
        prep = head[t]  # a prepositional object: "worked with X", "was bought by X"
        if dep[t] == "pobj" and head[prep] == v:
            if dep[prep] == "agent":
                return "subj", base
            if dep[prep] == "prep":
                return "obj", table.get(f"{key} {tokens.lower[prep]}")
        return None

    lr, rr = role(left), role(right)
    if lr is None or rr is None:
        return None
    if lr[0] == "subj" and rr[0] == "obj" and rr[1]:
        return rr[1], True
    if rr[0] == "subj" and lr[0] == "obj" and lr[1]:
        return lr[1], False
    return None


@lru_cache(maxsize=8)
def _positions(relations: tuple[str, ...]) -> dict[str, int]:
    """Relation -> its column in a model's rows."""
    return {r: k for k, r in enumerate(relations)}


def relations_of(c: NewsCandidate, probs: Sequence[float] | np.ndarray, model: PairModel,
                 settings: dict) -> Iterator[MentionRelation]:
    """The relation ``model`` reads for one candidate (none below the threshold)."""
    index = _positions(model.relations)
    if RELATED not in index or c.negated:  # "X does not restrict Y" states no relation
        return
    p = float(probs[index[RELATED]])
    if p < float(settings.get("threshold", model.thresholds[index[RELATED]])):
        return
    conf = round(min(p, 0.99), 3)
    found = c.verb_relation or c.place_relation
    if found is None:
        families = [(float(probs[k]), r) for r, k in index.items() if r != RELATED]
        for _, fam in sorted(families, reverse=True)[:1]:
            found = family_predicate(fam, c.left_type, c.right_type)
    if found is None and (p < float(settings.get("generic_threshold", 0.0)) or not c.news_cues):
        return  # the generic predicate only where the model is surer, and in what shows news
    pred, left_first = found if found is not None else (GENERIC, True)
    subj, obj = (c.left, c.right) if left_first else (c.right, c.left)
    yield MentionRelation(subj.id, pred, obj.id, Provenance(c.span.span, NAME, conf))


_REPORTING = {"say", "tell"}  # "announce", "claim", "confirm" are as common in reference prose
_DATELINE = re.compile(r"^\s*(?:[^\n]*\n)?\s*[A-Z][A-Z.' -]{2,40}(?:,\s*[A-Za-z. ]{2,30})?\s+(?:\(\w+\)\s+)?"
                       r"(?:\d{4}-\d{2}-\d{2}|[A-Z][a-z]{2,8}\.? \d{1,2}\b|-)")


def document_dated(document: Document) -> bool:
    """Whether a document is dated: a publication date, or a dateline at its top
    ("LONDON 1996-08-30", "PARIS, March 3").

    Example:
        >>> bool(_DATELINE.match("LONDON 1996-08-30 - Gold rose.")), bool(_DATELINE.match("Gold rose."))
        (True, False)
    """
    return document.date is not None or bool(_DATELINE.match(document.text[:300]))


def dated(view: DocView) -> bool:
    """Whether the viewed document is dated (``document_dated``)."""
    return document_dated(view.document)


def reports(tokens: Iterable[Token]) -> bool:
    """Whether the tokens report what someone said or told."""
    return any(t.pos_ == "VERB" and t.lemma_.lower() in _REPORTING for t in tokens)


def news_cues(view: DocView) -> bool:
    """Whether the document shows what news shows: it is dated, or reports what someone
    said or told."""
    found = view.memo.get("news-cues")  # asked by news_text and by candidates: one pass over the text
    if found is None:
        found = view.memo["news-cues"] = dated(view) or _reports_in(view.table())
    return bool(found)


def _reports_in(table: TokenTable) -> bool:
    """``reports`` of a whole document, read from its token table (no Token made)."""
    return any(p == "VERB" and w in _REPORTING for p, w in zip(table.pos, table.lemma, strict=True))


# a first sentence that defines its subject: "X (born 1963) is a German politician"
_DEFINES = re.compile(r"^[^;:\"\u201c\u201d]{1,160}?\b(is|was|are|were)\s+(a|an|the|one)\b|"
                      r"\(\s*(born|b\.)", re.I)  # a quotation or a report ("X said Y was") defines nothing
_PARENS = re.compile(r"\([^()]*\)")


def _defines_subject(view: DocView) -> bool:
    """Whether the text opens the way a reference article does, by saying what its subject
    is: the first sentence's main verb is "be" with a noun phrase after it, or (parentheses
    aside) it reads "X ... is a/the ...", and reports nobody's words.

    Example:
        >>> bool(_DEFINES.search(_PARENS.sub("", "Wyeth (1882 - 1945) was an American artist.")))
        True
    """
    first = first_sentence(view)
    return first is not None and defines_subject(view.char_tokens(first.start, first.end), first.text)


def defines_subject(tokens: Sequence[Token], text: str) -> bool:
    """Whether a first sentence (its tokens and text) says what its subject is: no reporting
    verb, and "be" as its root with an attribute, or (parentheses aside) "X ... is a/the ..."."""
    if reports(tokens):
        return False
    if any(t.dep_ == "ROOT" and t.lemma_ == "be" and any(c.dep_ == "attr" for c in t.children)
           for t in tokens):
        return True
    return _DEFINES.search(_PARENS.sub("", text.strip())) is not None


def news_text(view: DocView) -> bool:
    """Whether the classifier reads the document: a dated one; one that is no reference
    article (``pairs.reference_text``, read by ``kg.wikidata-pairs.v1``); or one that
    reports speech and does not open by defining its subject ("X is a ...")."""
    if dated(view) or not reference_text(view):
        return True
    return news_cues(view) and not _defines_subject(view)


@relation_patterns.register(NAME)
def find_news_pairs(view: DocView) -> Iterator[MentionRelation]:
    """The classifier on news (``news_text``): dated articles, datelines, reported speech;
    never on reference articles (those are ``kg.wikidata-pairs.v1``'s)."""
    found = _override[-1] if _override else shipped_model()
    if found is None or not news_text(view):
        return
    model, settings = found
    # pairs the patterns before relate are left out: ``drop_known_pairs`` drops what it reads of them
    known = _known_pairs(view.found, cluster_keys(view)) if view.found else set()
    featured = _featured(view, known)
    if not featured or RELATED not in model.relations:
        return
    # all pairs scored at once; only those the model relates are completed into candidates
    probs = model.probabilities_many([feats for _, feats in featured])
    related = model.relations.index(RELATED)
    threshold = float(settings.get("threshold", model.thresholds[related]))
    cues = news_cues(view)
    for (p, feats), row in zip(featured, probs, strict=True):
        if float(row[related]) >= threshold:
            yield from relations_of(_candidate(view, p, feats, cues), row, model, settings)


__all__ = ["GENERIC", "NAME", "NewsCandidate", "candidates", "family_predicate", "find_news_pairs",
           "shipped_model", "use_model"]
