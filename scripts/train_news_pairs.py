"""Train the news pair classifier (``kg.news-pairs.v1``) on the news dev sets.

    python scripts/train_news_pairs.py [--shared ../shared] [--folds 5] [--sweep 0.3,0.4,0.5]
        [--out kg/data/models/news-pairs.json.gz] [--no-write]

1. Parses every document of crossre-news-dev and meantime-dev once with kg's own pipeline
   (the rules' relations, and the candidate pairs ``kg build`` sees) and caches them.
2. Labels each candidate: its two entities are aligned to gold entities by name, with the
   scorer's ``norm()``; the pair is related when the gold relates them (either direction),
   and its families are CrossRE's labels (physical, role, ...).
3. Cross-validates by document: for each of ``--folds`` folds, trains on the other folds and
   predicts the held-out documents; the whole set (every document predicted by a model that
   never saw it) is built into a graph with the rules' relations and scored with
   ``score_kg.py`` at each threshold of ``--sweep``: all of crossre-news-dev, its general
   and sports halves, and meantime-dev.
4. Trains on every document and writes the weights (JSON, gzip) that kg applies with numpy
   alone, with the threshold chosen (``--threshold``, default: the best swept threshold whose
   cross-validated precision is at least ``--min-precision`` on both crossre halves).

Needs scikit-learn (``pip install 'kg[train]'``) and ``../shared`` (skips with a message otherwise).
The Reuters text of crossre-news-dev is for development only: nothing of it is written
but the weights.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import pickle
import sys
import tempfile
import time
import zlib
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract import load_nlp  # noqa: E402
from kg.extract.patterns import DEFAULT_PATTERNS, news  # noqa: E402
from kg.extract.patterns.pairs import PairModel  # noqa: E402
from kg.extract.pipeline import extract_many  # noqa: E402
from kg.ingest import iter_documents  # noqa: E402
from kg.registry import relation_patterns  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_relations import gold_aligner  # noqa: E402  (written once, for both classifiers)

CAPTURE = "kg.train-news-capture.v0"
SETS = {"crossre": "crossre-news-dev", "meantime": "meantime-dev"}
_captured: dict[str, list[news.NewsCandidate]] = {}
_keys: dict[str, dict[str, str]] = {}
_read: dict[str, bool] = {}  # does the classifier read the document (news.news_text)


@relation_patterns.register(CAPTURE)
def _capture(view):  # type: ignore[no-untyped-def]
    _captured[view.document.id] = news.candidates(view)
    _keys[view.document.id] = news.cluster_keys(view)
    _read[view.document.id] = news.news_text(view)
    return iter(())


def parse(shared: Path, name: str, cache: Path, refresh: bool) -> dict:  # type: ignore[type-arg]
    path = cache / f"kg-train-news-{name}.pkl"
    if path.exists() and not refresh:
        with path.open("rb") as f:
            return pickle.load(f)
    docs = [d for d in iter_documents([shared / "dev" / SETS[name] / "docs"]) if not isinstance(d, Exception)]
    nlp = load_nlp()
    base = tuple(p for p in DEFAULT_PATTERNS if p != news.NAME) + (CAPTURE,)
    t0 = time.time()
    _captured.clear()
    _keys.clear()
    _read.clear()
    extractions = list(extract_many(docs, nlp, patterns=base))
    print(f"{name}: parsed {len(docs)} documents in {time.time() - t0:.0f} s", file=sys.stderr)
    data = {"extractions": extractions, "candidates": dict(_captured), "keys": dict(_keys),
            "read": dict(_read)}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        pickle.dump(data, f)
    return data


def families(types: list[str]) -> set[str]:
    return {t for t in types if t}


ALIGNED: dict[tuple[str, int], tuple[bool, bool]] = {}  # (doc, candidate) -> do both ends align to gold


def label(gold_doc: dict, cands: list[news.NewsCandidate]) -> list[set[str]]:  # type: ignore[type-arg]
    """Per candidate: {"related", family, ...} when the gold relates its two entities."""
    align = gold_aligner(gold_doc)
    gold: dict[frozenset[str], set[str]] = defaultdict(set)
    for r in gold_doc["relations"]:
        fams = families(r.get("types") or ([r["type"]] if r.get("type") else []))
        gold[frozenset((r["head"], r["tail"]))] |= {news.RELATED, *fams}
    out = []
    for k, c in enumerate(cands):
        a, b = align(c.left_names), align(c.right_names)
        ALIGNED[(gold_doc["id"], k)] = (a is not None, b is not None)
        out.append(set(gold.get(frozenset((a, b)), ())) if a and b and a != b else set())
    return out


def fold_of(doc_id: str, folds: int) -> int:
    return zlib.crc32(doc_id.encode()) % folds


def fit(rows: list[tuple[str, ...]], labels: list[set[str]], *, c: float, min_count: int) -> dict:  # type: ignore[type-arg]
    """Relatedness on every candidate, each family on the related ones -> model data."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts: Counter[str] = Counter(f for r in rows for f in set(r))
    feats = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: k for k, f in enumerate(feats)}

    def matrix(sel: list[int]):  # type: ignore[no-untyped-def]
        indptr, indices = [0], []
        for i in sel:
            ks = sorted({index[f] for f in rows[i] if f in index})
            indices.extend(ks)
            indptr.append(len(indices))
        return csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr),
                          shape=(len(sel), len(feats)))

    everything = list(range(len(rows)))
    related = [i for i in everything if news.RELATED in labels[i]]
    heads: list[tuple[str, list[int]]] = [(news.RELATED, everything)]
    fam_counts = Counter(f for i in related for f in labels[i] if f != news.RELATED)
    heads += [(fam, related) for fam, n in sorted(fam_counts.items()) if n >= 10]
    out_rels, weights = [], defaultdict(dict)
    cache: dict[int, object] = {}
    for name, sel in heads:
        key = len(sel)
        x = cache.get(key)
        if x is None:
            x = cache[key] = matrix(sel)
        y = np.array([name in labels[i] for i in sel], dtype=np.int8)
        if y.sum() < 3 or y.sum() == len(y):
            continue
        clf = LogisticRegression(C=c, solver="liblinear", max_iter=300,
                                 class_weight=None)
        clf.fit(x, y)
        k = len(out_rels)
        out_rels.append({"predicate": name, "bias": round(float(clf.intercept_[0]), 4), "threshold": 0.5,
                         "positives": int(y.sum())})
        for fi in np.flatnonzero(np.abs(clf.coef_[0]) >= 0.005):
            weights[feats[fi]][str(k)] = round(float(clf.coef_[0][fi]), 4)
    return {"relations": out_rels, "features": dict(sorted(weights.items()))}


def with_news(x, rels, keys):  # type: ignore[no-untyped-def]
    """``x`` with the news relations of pairs the rules did not relate (as ``extract_doc``)."""
    from kg.extract.pipeline import _relation_order

    kept = news.drop_known_pairs([*x.relations, *rels], keys)
    return replace(x, relations=tuple(sorted(set(kept), key=_relation_order)))


def score(extractions, gold_path: Path, shared: Path, *,  # type: ignore[no-untyped-def]
          verbose: bool = False) -> dict:  # type: ignore[type-arg]
    from kg.builder import graph_of

    g = graph_of(extractions)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.ttl"
        g.write(path)
        sys.path.insert(0, str(shared / "eval"))
        import score_kg  # type: ignore[import-not-found]

        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            score_kg.main([str(path), "--gold", str(gold_path), "--json",
                           *(["--verbose"] if verbose else [])])
    return json.loads(buf.getvalue())


def per_label(result: dict, gold_path: Path) -> dict[str, tuple[int, int]]:  # type: ignore[type-arg]
    """CrossRE label -> (gold pairs, pairs found), from the scorer's missed relations."""
    total: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for d in json.loads(gold_path.read_text("utf-8"))["documents"]:
        for r in d["relations"]:
            total[r.get("type", "")] += 1
    for d in result["documents"]:
        for m in d["missed_relations"]:
            missed[m.split()[1]] += 1
    return {t: (n, n - missed[t]) for t, n in total.items()}


def dump(path: Path, where, labels, oof, model_rels, data) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    """The out-of-fold candidates as TSV: set, doc, probability, label, families, the two
    names and types, the sentence, path features, which ends align to gold."""
    texts = {x.document.id: x for name in SETS for x in data[name]["extractions"]}
    with path.open("w", encoding="utf-8") as f:
        for i, key in enumerate(where):
            set_name, doc_id, k = key
            c = data[set_name]["candidates"][doc_id][k]
            sent = next((s.text for s in texts[doc_id].sentences if s.index == c.span.span.sent), "")
            p = float(oof[key][model_rels.index(news.RELATED)])
            aligned = "".join("ab"[j] for j, ok in enumerate(ALIGNED.get((doc_id, k), (0, 0))) if ok)
            ref = PairModel(model_rels, np.full(len(model_rels), 0.5, dtype=np.float32),
                            np.zeros(len(model_rels), dtype=np.float32), {}, np.zeros((0, len(model_rels))))
            pred = [r.predicate for r in news.relations_of(c, oof[key], ref, {"threshold": 0.0})]
            cols = [set_name, doc_id, f"{p:.3f}", "+" if news.RELATED in labels[i] else "-",
                    ",".join(sorted(labels[i] - {news.RELATED})), c.left.text, c.left_type, c.right.text,
                    c.right_type, sent.replace("\n", " ")[:300],
                    " ".join(x for x in c.features if x.startswith(("path=", "seq="))), aligned,
                    pred[0] if pred else ""]
            f.write("\t".join(cols) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c", type=float, default=0.15)
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--sweep", default="0.3,0.35,0.4,0.45,0.5,0.55,0.6")
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--min-precision", type=float, default=0.5)
    ap.add_argument("--generic-threshold", type=float, default=0.0,
                    help="the probability the generic predicate (kgo:linkedInText) needs")
    ap.add_argument("--train-on", default="crossre", help="comma-separated: crossre, meantime")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()))
    ap.add_argument("--refresh", action="store_true")
    ap.add_argument("--no-cv", action="store_true")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--dump", type=Path, default=None, help="write the out-of-fold candidates here (TSV)")
    ap.add_argument("--out", type=Path, default=ROOT / "kg" / "data" / "models" / news.MODEL_FILE)
    args = ap.parse_args(argv)
    if not (args.shared / "eval" / "score_kg.py").exists():
        print(f"skipping: {args.shared}/eval/score_kg.py not found "
              "(the dev sets live outside the repository)")
        return 0
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("skipping: training needs scikit-learn (pip install 'kg[train]')", file=sys.stderr)
        return 0
    data = {name: parse(args.shared, name, args.cache, args.refresh) for name in SETS}
    golds = {name: {d["id"]: d for d in json.loads(
        (args.shared / "dev" / SETS[name] / "gold.json").read_text("utf-8"))["documents"]} for name in SETS}
    rows: list[tuple[str, ...]] = []
    labels: list[set[str]] = []
    where: list[tuple[str, str, int]] = []  # (set, doc id, candidate index)
    train_sets = args.train_on.split(",")
    for name in SETS:
        for doc_id, cands in sorted(data[name]["candidates"].items()):
            ls = label(golds[name][doc_id], cands) if doc_id in golds[name] else [set()] * len(cands)
            for k, (cand, lab) in enumerate(zip(cands, ls, strict=True)):
                rows.append(cand.features)
                labels.append(lab)
                where.append((name, doc_id, k))
    n_pos = sum(1 for ls in labels if news.RELATED in ls)
    print(f"{len(rows)} candidates, {n_pos} related", file=sys.stderr)
    import numpy as np

    def build(probs: dict[tuple[str, str, int], np.ndarray], model: PairModel, threshold: float,
              name: str) -> list:  # type: ignore[type-arg]
        out = []
        settings = {"threshold": threshold, "generic_threshold": args.generic_threshold}
        for x in data[name]["extractions"]:
            if not data[name]["read"].get(x.document.id, True):
                out.append(x)
                continue
            cands = data[name]["candidates"].get(x.document.id, [])
            rels = [r for k, c in enumerate(cands)
                    for r in news.relations_of(c, probs[(name, x.document.id, k)], model, settings)]
            out.append(with_news(x, rels, data[name]["keys"].get(x.document.id, {})))
        return out

    if not args.no_cv:
        oof: dict[tuple[str, str, int], np.ndarray] = {}
        model_rels: tuple[str, ...] = ()
        for fold in range(args.folds):
            train_idx = [i for i, (s, d, _) in enumerate(where) if s in train_sets
                         and fold_of(d, args.folds) != fold]
            test_idx = [i for i, (s, d, _) in enumerate(where) if fold_of(d, args.folds) == fold]
            md = fit([rows[i] for i in train_idx], [labels[i] for i in train_idx], c=args.c,
                     min_count=args.min_count)
            model = PairModel.from_data(md)
            if not model_rels:
                model_rels = model.relations
            for i in test_idx:
                p = model.probabilities(rows[i])
                oof[where[i]] = np.array([p[model.relations.index(r)] if r in model.relations else 0.0
                                          for r in model_rels])
            print(f"fold {fold}: trained on {len(train_idx)}, predicted {len(test_idx)}", file=sys.stderr)
        if args.dump:
            dump(args.dump, where, labels, oof, model_rels, data)
        ref = PairModel(model_rels, np.full(len(model_rels), 0.5, dtype=np.float32),
                        np.zeros(len(model_rels), dtype=np.float32), {}, np.zeros((0, len(model_rels))))
        print(f"{'threshold':>9s}  {'crossre P/R':>13s}  {'general P/R':>13s}  {'sports P/R':>13s}  "
              f"{'meantime P/R':>13s}")
        results = {}
        for t in [float(v) for v in args.sweep.split(",") if v]:
            line = [f"{t:9.2f}"]
            res = {}
            for name, gold in (("crossre", "gold.json"), ("general", "gold-general.json"),
                               ("sports", "gold-sports.json"), ("meantime", "gold.json")):
                set_name = "meantime" if name == "meantime" else "crossre"
                xs = build(oof, ref, t, set_name)
                s = score(xs, args.shared / "dev" / SETS[set_name] / gold, args.shared)
                res[name] = s
                recall = s["relation_recall" if name == "meantime" else "relation_pair_recall"]
                line.append(f"{s['relation_precision']:.3f}/{recall:.3f}")
            results[t] = res
            print("  ".join(f"{x:>13s}" for x in line), flush=True)
        if args.threshold is None:
            ok = [t for t, r in results.items()
                  if r["crossre"]["relation_precision"] >= args.min_precision
                  and r["general"]["relation_precision"] >= args.min_precision]
            args.threshold = min(ok) if ok else max(results)
        print(f"threshold: {args.threshold}", file=sys.stderr)
        gold_path = args.shared / "dev" / SETS["crossre"] / "gold.json"
        rules_only = score(data["crossre"]["extractions"], gold_path, args.shared, verbose=True)
        before = per_label(rules_only, gold_path)
        after = per_label(score(build(oof, ref, args.threshold, "crossre"), gold_path, args.shared,
                                verbose=True), gold_path)
        print(f"recall per CrossRE label (crossre-news-dev, cross-validated at {args.threshold}):")
        print(f"  {'label':24s} {'pairs':>6s} {'rules only':>11s} {'with kg.news-pairs.v1':>22s}")
        for t, (n, found) in sorted(after.items(), key=lambda kv: -kv[1][0]):
            if n >= 10:
                print(f"  {t:24s} {n:6d} {before[t][1] / n:11.3f} {found / n:22.3f}")
    if args.no_write:
        return 0
    train_idx = [i for i, (s, _, _) in enumerate(where) if s in train_sets]
    md = fit([rows[i] for i in train_idx], [labels[i] for i in train_idx], c=args.c, min_count=args.min_count)
    md["settings"] = {"threshold": args.threshold if args.threshold is not None else 0.5,
                      "generic_threshold": args.generic_threshold,
                      "trained_on": [SETS[s] for s in train_sets], "c": args.c, "min_count": args.min_count}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out, "wt", encoding="utf-8") as f:
        json.dump(md, f, sort_keys=True, separators=(",", ":"))
    print(f"wrote {args.out} ({len(md['features'])} features, heads: "
          f"{', '.join(r['predicate'] for r in md['relations'])})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
