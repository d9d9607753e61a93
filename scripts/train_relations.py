"""Train the entity-pair relation classifier (``kg.wikidata-pairs.v1``) on Re-DocRED dev.

    python scripts/train_relations.py [--shared ../shared] [--folds 5]
        [--out kg/data/models/relations.json.gz]

1. Parses every document once with kg's own pipeline (the same mentions, DocView and
   candidate pairs ``kg build`` sees) and caches the candidates.
2. Labels each candidate with the gold relations of the gold entities its two clusters
   align to, matching names with the scorer's ``norm()`` (dates by value or year).
3. Cross-validates by document: for each of ``--folds`` folds, trains one-vs-rest logistic
   regressions on the other folds, predicts the held-out documents, and scores the whole
   graph (every document predicted by a model that never saw it) with ``score_kg.py``.
4. Trains on every document and writes the weights (JSON, gzip) that kg applies with
   numpy alone.

Needs scikit-learn (training only) and ``../shared`` (skips with a message otherwise).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import pickle
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract import load_nlp  # noqa: E402
from kg.extract.patterns import DEFAULT_PATTERNS, pairs  # noqa: E402
from kg.extract.pipeline import extract_many  # noqa: E402
from kg.ingest import iter_documents  # noqa: E402
from kg.registry import relation_patterns  # noqa: E402
from kg.vocab import predicates  # noqa: E402

CAPTURE = "kg.train-capture.v0"
_captured: dict[str, tuple[list[pairs.Candidate], dict[str, tuple[str, ...]]]] = {}


@relation_patterns.register(CAPTURE)
def _capture(view):  # type: ignore[no-untyped-def]
    names = {c.rep.id: tuple(m.text for m in c.mentions) for c in pairs.clusters(view)}
    _captured[view.document.id] = (list(pairs.candidates(view)), names)
    return iter(())


def norm(name: str) -> str:  # the scorer's name normalisation (../shared/eval/score_kg.py)
    s = name.strip().lower().replace("\u2019", "'")
    s = re.sub(r"'s$", "", s)
    s = re.sub(r"^(the|a|an)\s+", "", s)
    s = s.replace(".", "") if re.fullmatch(r"([a-z]\.)+[a-z]?\.?", s) else s
    s = re.sub(r"[\s\-\u2013\u2014]+", " ", s)
    return s.strip(" ,;:\"'()[]")


def year_of(s: str) -> str | None:
    m = re.search(r"\b(1[0-9]{3}|20[0-9]{2})\b", s)
    return m.group(1) if m else None


def parse_all(docs_dir: Path, cache: Path, refresh: bool,  # type: ignore[no-untyped-def]
              ner_cv: Path | None = None):
    if cache.exists() and not refresh:
        with cache.open("rb") as f:
            return pickle.load(f)
    docs = [d for d in iter_documents([docs_dir]) if not isinstance(d, Exception)]
    base = tuple(p for p in DEFAULT_PATTERNS if p != pairs.NAME) + (CAPTURE,)
    t0 = time.time()
    if ner_cv is None:
        extractions = list(extract_many(docs, load_nlp(), patterns=base))
    else:  # each document parsed by the reference NER of the fold that held it out
        by_id = {}
        for fold in sorted(ner_cv.glob("fold*")):
            held = set((fold / "held.txt").read_text().split())
            nlp = load_nlp(reference_ner=fold / "ner.bin.gz")
            for x in extract_many([d for d in docs if d.id in held], nlp, patterns=base):
                by_id[x.document.id] = x
        extractions = [by_id[d.id] for d in docs]
    print(f"parsed {len(docs)} documents in {time.time() - t0:.0f}s", file=sys.stderr)
    data = {"extractions": extractions, "captured": dict(_captured)}
    with cache.open("wb") as f:
        pickle.dump(data, f)
    return data


def gold_aligner(gold_doc: dict) -> Callable[[tuple[str, ...]], str | None]:  # type: ignore[type-arg]
    """The gold entity a system entity's names align to (by the scorer's ``norm``; most
    votes, core entities first), or ``None``."""
    ents = gold_doc["entities"] + gold_doc.get("optional_entities", [])
    core = {e["id"] for e in gold_doc["entities"]}
    by_name: dict[str, set[str]] = defaultdict(set)
    for e in ents:
        for n in e["names"]:
            by_name[norm(n)].add(e["id"])

    def align(texts: tuple[str, ...]) -> str | None:
        votes: Counter[str] = Counter()
        for n in {norm(t) for t in texts}:
            for g in by_name.get(n, ()):
                votes[g] += 1
        return max(sorted(votes), key=lambda g: (g in core, votes[g])) if votes else None

    return align


def label(gold_doc: dict, cands: list[pairs.Candidate], names: dict[str, tuple[str, ...]],
          wd_to_pred: dict[str, str]) -> list[set[str]]:
    ents = gold_doc["entities"] + gold_doc.get("optional_entities", [])
    gnames = {e["id"]: {norm(n) for n in e["names"]} for e in ents}
    align = gold_aligner(gold_doc)
    gold: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in gold_doc["relations"]:
        p = re.search(r"P\d+", r["accept"][0])
        if p and p.group() in wd_to_pred:
            gold[(r["head"], r["tail"])].add(wd_to_pred[p.group()])
    out = []
    for c in cands:
        h = align(names.get(c.head.id, (c.head.text,)))
        labels: set[str] = set()
        if h is not None:
            if c.literal is None:
                t = align(names.get(c.tail.id, (c.tail.text,)))
                labels = set(gold.get((h, t), ()))
            else:
                value = c.literal[0]
                for (gh, gt), ps in gold.items():
                    if gh != h:
                        continue
                    tn = gnames.get(gt, set())
                    years = {year_of(n) for n in tn} - {None}
                    if norm(value) in tn or norm(c.tail.text) in tn or (years and year_of(value) in years):
                        labels |= ps
        out.append(labels)
    return out


def type_pairs(
    rows: list[tuple[str, ...]], labels: list[set[str]], rel: str, min_count: int = 2
) -> list[str]:
    """The (head type, tail type) pairs seen at least ``min_count`` times with ``rel``."""
    seen: Counter[str] = Counter(r[0] for r, ls in zip(rows, labels, strict=True) if rel in ls)
    return sorted(tp for tp, n in seen.items() if n >= min_count)


def train(rows: list[tuple[str, ...]], labels: list[set[str]], rels: list[str], *, c: float, min_count: int,
          jobs: int = 2):
    """One-vs-rest logistic regressions -> the JSON-ready model data."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts: Counter[str] = Counter(f for r in rows for f in set(r))
    feats = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: k for k, f in enumerate(feats)}
    indptr, indices = [0], []
    for r in rows:
        ks = sorted({index[f] for f in r if f in index})
        indices.extend(ks)
        indptr.append(len(indices))
    x = csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr), shape=(len(rows), len(feats)))
    from joblib import Parallel, delayed

    def fit_one(rel: str):  # type: ignore[no-untyped-def]
        y = np.array([rel in ls for ls in labels], dtype=np.int8)
        if y.sum() < 3:
            return None
        clf = LogisticRegression(C=c, solver="liblinear", max_iter=200)
        clf.fit(x, y)
        return rel, int(y.sum()), float(clf.intercept_[0]), clf.coef_[0]

    fitted = Parallel(n_jobs=jobs, prefer="threads")(delayed(fit_one)(rel) for rel in rels)
    weights: dict[str, dict[str, float]] = defaultdict(dict)
    out_rels = []
    for item in fitted:
        if item is None:
            continue
        rel, npos, bias, coef = item
        k = len(out_rels)
        out_rels.append({"predicate": rel, "bias": round(bias, 4), "threshold": 0.5, "positives": npos,
                         "type_pairs": type_pairs(rows, labels, rel)})
        for fi in np.flatnonzero(np.abs(coef) >= 0.005):
            weights[feats[fi]][str(k)] = round(float(coef[fi]), 4)
    return {"relations": out_rels, "features": dict(sorted(weights.items()))}


class _Fixed:
    """A stand-in model that returns precomputed (out-of-fold) probabilities."""

    def __init__(self, model: pairs.PairModel, probs) -> None:  # type: ignore[no-untyped-def]
        self.model, self.probs = model, probs

    def predict(self, features, p=None):  # type: ignore[no-untyped-def]
        return [(self.model.relations[j], float(self.probs[j]))
                for j in range(len(self.model.relations)) if self.probs[j] >= self.model.thresholds[j]]


def tune(oof, docs, labels, doc_of, rels, *, beta: float) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Per relation, the threshold with the best F-beta over the out-of-fold candidates
    (beta < 1 weighs precision more); relations never worth emitting get 1.0."""
    import numpy as np

    start = {}
    for i, d in enumerate(doc_of):
        start.setdefault(d, i)
    for d in docs:
        start.setdefault(d, 0)
    probs = np.concatenate([oof[d] for d in docs])
    idx = np.concatenate([np.arange(start[d], start[d] + len(oof[d])) for d in docs]).astype(int)
    y = np.array([[r in labels[i] for r in rels] for i in idx], dtype=bool)
    out = {}
    for j, r in enumerate(rels):
        best, best_t = 0.0, 1.0
        for t in np.arange(0.2, 0.95, 0.05):
            pred = probs[:, j] >= t
            tp = float((pred & y[:, j]).sum())
            if not tp:
                continue
            p, rc = tp / pred.sum(), tp / max(1, y[:, j].sum())
            f = (1 + beta**2) * p * rc / (beta**2 * p + rc)
            if f > best:
                best, best_t = f, float(t)
        out[r] = round(best_t, 2)
    return out


def predict(model: pairs.PairModel, cands: list[pairs.Candidate]):
    return [model.probabilities(c.features) for c in cands]


def score(extractions, gold_path: Path, shared: Path, out: Path | None = None) -> dict:
    from kg.graph import to_rdf
    from kg.resolve import resolve
    from kg.vocab import DEFAULT_BASE

    g = to_rdf(resolve(extractions), base=DEFAULT_BASE)
    path = out or Path("/tmp/kg-train-cv.ttl")
    g.serialize(destination=str(path), format="turtle")
    sys.path.insert(0, str(shared / "eval"))
    import score_kg  # type: ignore[import-not-found]

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        score_kg.main([str(path), "--gold", str(gold_path), "--json", "--verbose"])
    return json.loads(buf.getvalue())


def with_relations(x, cands, probs, model: pairs.PairModel):
    rels = []
    for cand, _p in zip(cands, probs, strict=True):
        rels.extend(pairs.relations_of(cand, model))
    return replace(x, relations=tuple(sorted(set(x.relations) | set(rels), key=lambda r: (
        r.provenance.span.start, r.subject, r.predicate, r.object, r.provenance.extractor))))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c", type=float, default=0.5)
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--min-positives", type=int, default=15)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/kg-train-relations.pkl"))
    ap.add_argument("--refresh", action="store_true", help="re-parse instead of using the cache")
    ap.add_argument("--ner-cv", type=Path, default=None,
                    help="parse each document with the reference NER that never saw it: the folder "
                         "`train_ner.py --cv K --keep DIR` wrote (fold*/ner.bin.gz, fold*/held.txt)")
    ap.add_argument("--no-cv", action="store_true")
    ap.add_argument("--tune", action="store_true", help="per-relation thresholds from out-of-fold F-beta")
    ap.add_argument("--beta", type=float, default=0.7)
    ap.add_argument("--sweep", default="", help="comma-separated global thresholds to score (CV)")
    ap.add_argument("--out", type=Path, default=ROOT / "kg" / "data" / "models" / pairs.MODEL_FILE)
    ap.add_argument("--report", type=Path, default=None, help="write the CV summary as JSON here")
    args = ap.parse_args(argv)
    red = args.shared / "dev" / "redocred-dev"
    if not (red / "gold.json").exists():
        print(f"skipping: no Re-DocRED dev set under {red}", file=sys.stderr)
        return 0
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("skipping: training needs scikit-learn (pip install scikit-learn)", file=sys.stderr)
        return 0
    gold_path = red / "gold.json"
    gold = {d["id"]: d for d in json.loads(gold_path.read_text())["documents"]}
    data = parse_all(red / "docs", args.cache, args.refresh, args.ner_cv)
    extractions = data["extractions"]
    wd_to_pred = {str(p.wikidata).rsplit("/", 1)[-1]: p.name for p in predicates().values() if p.wikidata}
    docs = [x.document.id for x in extractions]
    rows, labels, doc_of = [], [], []
    for x in extractions:
        cands, names = data["captured"].get(x.document.id, ([], {}))
        ls = label(gold[x.document.id], cands, names, wd_to_pred) if x.document.id in gold \
            else [set()] * len(cands)
        rows.extend(c.features for c in cands)
        labels.extend(ls)
        doc_of.extend([x.document.id] * len(cands))
    pos = Counter(r for ls in labels for r in ls)
    rels = sorted(r for r, n in pos.items() if n >= args.min_positives)
    print(f"{len(rows)} candidates, {sum(1 for ls in labels if ls)} positive; {len(rels)} relations "
          f"with >= {args.min_positives} positives", file=sys.stderr)

    def fit(keep: set[str], thr: dict[str, float] | None = None):  # type: ignore[no-untyped-def]
        idx = [i for i, d in enumerate(doc_of) if d in keep]
        md = train([rows[i] for i in idx], [labels[i] for i in idx], rels, c=args.c, min_count=args.min_count)
        for r in md["relations"]:
            r["threshold"] = round((thr or {}).get(r["predicate"], args.threshold), 3)
        return pairs.PairModel.from_data(md), md

    summary: dict = {}
    thresholds = {r: args.threshold for r in rels}
    if not args.no_cv:
        import numpy as np

        order = sorted(docs)
        random.Random(13).shuffle(order)
        fold_of = {d: k % args.folds for k, d in enumerate(order)}
        by_doc = {x.document.id: x for x in extractions}
        oof: dict[str, np.ndarray] = {}  # out-of-fold probabilities, columns in ``rels`` order
        for k in range(args.folds):
            t0 = time.time()
            model, _ = fit({d for d in docs if fold_of[d] != k})
            col = [model.relations.index(r) if r in model.relations else -1 for r in rels]
            for d in docs:
                if fold_of[d] == k:
                    cands = data["captured"].get(d, ([], {}))[0]
                    p = np.array([model.probabilities(c.features) for c in cands]).reshape(len(cands), -1)
                    oof[d] = np.stack([p[:, j] if j >= 0 else np.zeros(len(cands)) for j in col], axis=1) \
                        if len(cands) else np.zeros((0, len(rels)))
            print(f"fold {k}: trained in {time.time() - t0:.0f}s", file=sys.stderr)
        if args.tune:
            thresholds = tune(oof, docs, labels, doc_of, rels, beta=args.beta)

        def cv_graph(thr: dict[str, float]):
            out = []
            for d in docs:
                cands = data["captured"].get(d, ([], {}))[0]
                m = pairs.PairModel(tuple(rels), np.array([thr[r] for r in rels], dtype=np.float32),
                                    np.zeros(len(rels), dtype=np.float32), {}, np.zeros((0, len(rels))))
                new = [r for c, p in zip(cands, oof[d], strict=True)
                       for r in pairs.relations_of(c, _Fixed(m, p))]
                out.append(replace(by_doc[d], relations=tuple(sorted(
                    set(by_doc[d].relations) | set(new), key=lambda r: (
                        r.provenance.span.start, r.subject, r.predicate, r.object, r.provenance.extractor)))))
            return out

        sweep = [float(t) for t in args.sweep.split(",")] if args.sweep else []
        for t in sweep:
            res = score(cv_graph({r: t for r in rels}), gold_path, args.shared)
            print(f"cross-validated, threshold {t}:",
                  json.dumps({k: round(v, 3) for k, v in res["summary"].items() if k.startswith("relation")}))
        res = score(cv_graph(thresholds), gold_path, args.shared, Path("/tmp/kg-train-cv.ttl"))
        summary = {"cross_validated": res["summary"], "folds": args.folds}
        print("cross-validated:", json.dumps({k: round(v, 3) if isinstance(v, float) else v
                                             for k, v in res["summary"].items()}))
        if args.report:
            args.report.write_text(json.dumps(summary, indent=2))
    model, md = fit(set(docs), thresholds)
    md["_about"] = {"trained_on": "Re-DocRED dev (500 documents), scripts/train_relations.py",
                    "C": args.c, "min_count": args.min_count, "threshold": args.threshold,
                    **({"cross_validated": {k: round(v, 4) for k, v in summary["cross_validated"].items()
                                            if isinstance(v, float)}} if summary else {})}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as f:
        json.dump(md, f, separators=(",", ":"), sort_keys=True)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB, {len(md['relations'])} relations, "
          f"{len(md['features'])} features)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
