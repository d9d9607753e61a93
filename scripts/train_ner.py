"""Fine-tune the small model's NER on Re-DocRED dev: the reference-text NER
(``kg.extract.reference_ner``), run by ``kg build`` on reference text only.

    python scripts/train_ner.py [--shared ../shared] [--cv 5] [--baseline] [--epochs 22]
        [--keep DIR [--reuse]] [--out kg/data/models/ner-reference.bin.gz]

1. Targets.  Each Re-DocRED document's gold mentions (core entities PERSON/LOC/ORG/MISC
   and the optional TIME/NUMBER ones) become entity spans.  A span keeps the small model's own
   label when that label is of the gold type's family (LOC: GPE/LOC/FAC/NORP; MISC:
   NORP/EVENT/WORK_OF_ART/LAW/LANGUAGE/PRODUCT/FAC; TIME: DATE/TIME; NUMBER: CARDINAL/...),
   else takes the family's default (LOC -> GPE; MISC -> EVENT for a dated or sporting name,
   WORK_OF_ART otherwise).  Tokens outside the gold are O, except where the small model
   finds a date or number the gold does not list: unknown there (the gold lists only some).
2. Rehearsal.  The small model's own predictions on news text (meantime-dev, the seeds)
   join every epoch, so the labels news needs (PRODUCT, NORP, MONEY, ...) survive.
3. Training.  Only the ``ner`` component is updated (in en_core_web_sm it has its own
   tok2vec, so tagger and parser are untouched); fixed seeds, sorted inputs.
4. ``--cv K``: K folds by document: train on K-1 folds, build the held-out fold through
   ``kg.builder.build_folder`` (the real ``kg build``) with the fold's model, score it with
   ``score_kg.py``, and pool the per-document results; ``--baseline`` does the same with
   the small model's NER.  Also prints the bare NER's exact mention F1 on held-out text.
5. ``--out``: trains on every document and writes the ``ner`` component's bytes, gzipped.

Needs ``../shared`` (skips with a message otherwise).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402
from spacy.tokens import Doc, Span  # noqa: E402
from spacy.training import Example  # noqa: E402
from spacy.util import fix_random_seed, minibatch  # noqa: E402

from kg.builder import build_folder  # noqa: E402
from kg.extract.nlp import DEFAULT_MODELS, load_nlp  # noqa: E402
from kg.extract.pipeline import masked_text  # noqa: E402
from kg.ingest import iter_documents  # noqa: E402

SEED = 13
FAMILY = {
    "PERSON": ({"PERSON"}, "PERSON"),
    "ORG": ({"ORG"}, "ORG"),
    "LOC": ({"GPE", "LOC", "FAC", "NORP"}, "GPE"),
    "MISC": ({"NORP", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "PRODUCT", "FAC"}, ""),
    "TIME": ({"DATE", "TIME"}, "DATE"),
    "NUMBER": ({"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"}, "CARDINAL"),
}
VALUES = {"DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"}
EVENTISH = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b|\b(Cup|Championships?|Games|Olympics|War|Battle|Festival|"
                      r"Tour|Open|Prix|Awards?|Election|Revolution|Series|League|Season)\b")


def base_model() -> Any:
    for name in DEFAULT_MODELS:
        try:
            return spacy.load(name)
        except OSError:
            continue
    sys.exit("no en_core_web_sm installed")


def label_for(gold_type: str, text: str, predicted: str | None) -> str:
    """The training label of a gold span (see the module's docstring)."""
    family, default = FAMILY.get(gold_type, (set(), "MISC"))
    if predicted in family:
        return predicted
    if gold_type == "MISC":
        return "EVENT" if EVENTISH.search(text) else "WORK_OF_ART"
    return default


def gold_example(nlp: Any, text: str, doc_gold: dict[str, Any]) -> Example:
    """The training example of one Re-DocRED document."""
    with nlp.select_pipes(enable=["ner"]):
        predicted = nlp(text)
    by_span = {(e.start, e.end): e.label_ for e in predicted.ents}
    spans: list[tuple[int, int, str, int]] = []
    for ent in doc_gold["entities"] + doc_gold.get("optional_entities", []):
        for start, end in ent["mentions"]:
            spans.append((start, end, ent["type"], 0 if ent["type"] in FAMILY and ent["type"] not in
                          ("TIME", "NUMBER") else 1))
    ref = Doc(nlp.vocab, words=[t.text for t in predicted], spaces=[bool(t.whitespace_) for t in predicted])
    taken = [False] * len(ref)
    ents: list[Span] = []
    missing: list[Span] = []
    # core mentions first, longer first, then optional ones; a span overlapping one taken is unknown
    for start, end, typ, _ in sorted(spans, key=lambda s: (s[3], s[0] - s[1], s[0])):
        span = ref.char_span(start, end) or ref.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        if any(taken[span.start:span.end]):
            if not all(taken[span.start:span.end]):
                missing.append(span)
            continue
        label = label_for(typ, span.text, by_span.get((span.start, span.end)))
        exact = ref.char_span(start, end) is not None
        (ents if exact else missing).append(Span(ref, span.start, span.end, label=label))
        for i in range(span.start, span.end):
            taken[i] = True
    for e in predicted.ents:  # a date or number the gold does not list: unknown
        if e.label_ in VALUES and not any(taken[e.start:e.end]):
            missing.append(ref[e.start:e.end])
    missing = [m for m in missing if not any(m.start < e.end and e.start < m.end for e in ents)]
    ref.set_ents(ents, missing=_disjoint(missing), default="outside")
    return Example(nlp.make_doc(text), ref)


def _disjoint(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, -len(s))):
        if not out or s.start >= out[-1].end:
            out.append(s)
    return out


def rehearsal_example(nlp: Any, text: str) -> Example:
    """The small model's own prediction on ``text`` as the target."""
    with nlp.select_pipes(enable=["ner"]):
        predicted = nlp(text)
    ref = Doc(nlp.vocab, words=[t.text for t in predicted], spaces=[bool(t.whitespace_) for t in predicted])
    ref.set_ents([Span(ref, e.start, e.end, label=e.label_) for e in predicted.ents], default="outside")
    return Example(nlp.make_doc(text), ref)


def train(train_set: list[Example], rehearsal: list[Example], epochs: int, seed: int = SEED) -> bytes:
    """Fine-tune a fresh copy of the small model's NER; its bytes (without the vocab)."""
    fix_random_seed(seed)
    nlp = base_model()
    rng = random.Random(seed)
    optimizer = nlp.resume_training()
    with nlp.select_pipes(enable=["ner"]):
        for epoch in range(epochs):
            t = time.perf_counter()
            batch_in = train_set + rehearsal
            rng.shuffle(batch_in)
            losses: dict[str, float] = {}
            for batch in minibatch(batch_in, size=8):
                nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses)
            seconds = time.perf_counter() - t
            print(f"    epoch {epoch + 1}: loss {losses.get('ner', 0.0):.0f} ({seconds:.0f} s)", flush=True)
    return nlp.get_pipe("ner").to_bytes(exclude=["vocab"])


def mention_f1(nlp: Any, texts: list[str], golds: list[dict[str, Any]], data: bytes | None) -> float:
    """Exact-span F1 of the bare NER against the core gold mentions (labels aside)."""
    from kg.extract.reference_ner import reference_recognizer

    ner = reference_recognizer(nlp, data) if data is not None else nlp.get_pipe("ner")
    tp = n_sys = n_gold = 0
    for text, gold in zip(texts, golds, strict=True):
        doc = ner(nlp.make_doc(text))
        sys_spans = {(e.start_char, e.end_char) for e in doc.ents if e.label_ not in VALUES}
        gold_spans = {tuple(m) for e in gold["entities"] for m in e["mentions"]}
        tp += len(sys_spans & gold_spans)
        n_sys += len(sys_spans)
        n_gold += len(gold_spans)
    p, r = tp / max(n_sys, 1), tp / max(n_gold, 1)
    return 2 * p * r / (p + r) if p + r else 0.0


def score_fold(scorer: Path, docs_dir: Path, ids: list[str], gold: dict[str, Any], nlp: Any,
               work: Path) -> list[dict[str, Any]]:
    """Build the documents ``ids`` with ``nlp`` and score them: the scorer's per-document results."""
    out = work / "out"
    build_folder(out, [docs_dir / f"{i}.txt" for i in ids], nlp=nlp, fresh=True, store=False)
    sub = work / "gold.json"
    keep = set(ids)
    sub.write_text(json.dumps({**gold, "documents": [d for d in gold["documents"] if d["id"] in keep]}))
    res = subprocess.run([sys.executable, str(scorer), str(out / "graph.ttl"), "--gold", str(sub),
                          "--json", "--verbose"], check=True, capture_output=True, text=True)
    return list(json.loads(res.stdout)["documents"])


def pooled(results: list[dict[str, Any]]) -> dict[str, float]:
    """The scorer's micro-averages over per-document results."""
    tot: dict[str, float] = defaultdict(float)
    for r in results:
        for k, v in r["counts"].items():
            tot[k] += v
        tot["dups"] += r["duplicates"]
        tot["fp"] += len(r["false_positive_entities"])
    m = tot["matched_entities"]
    p = m / (m + tot["dups"] + tot["fp"]) if m else 0.0
    r_ = m / tot["gold_entities"] if tot["gold_entities"] else 0.0
    mp = tot["matched_mentions"] / tot["system_mentions"] if tot["system_mentions"] else 0.0
    mr = tot["matched_mentions"] / tot["gold_mentions"] if tot["gold_mentions"] else 0.0
    typed = sum(r["entity_type_accuracy"] * r["counts"]["matched_entities"] for r in results) / m \
        if m else 0.0
    return {"P": p, "R": r_, "F1": 2 * p * r_ / (p + r_) if p + r_ else 0.0, "dups": tot["dups"],
            "type": typed, "mentionF1": 2 * mp * mr / (mp + mr) if mp + mr else 0.0}


def row(name: str, s: dict[str, float]) -> str:
    return (f"{name:10s} P {s['P']:.3f} R {s['R']:.3f} F1 {s['F1']:.3f}  dups {int(s['dups']):4d}  "
            f"type {s['type']:.3f}  mention F1 {s['mentionF1']:.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--cv", type=int, default=0, help="cross-validate with this many folds")
    ap.add_argument("--folds", type=str, default="", help="only these folds (comma-separated, with --cv)")
    ap.add_argument("--baseline", action="store_true", help="also score the small model's NER per fold")
    ap.add_argument("--epochs", type=int, default=22)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--keep", type=Path, default=None, help="keep each fold's weights and build here")
    ap.add_argument("--reuse", action="store_true", help="score the fold weights --keep holds, untrained")
    ap.add_argument("--out", type=Path, default=None,
                    help="train on every document and write the weights here")
    args = ap.parse_args(argv)
    dev = args.shared / "dev" / "redocred-dev"
    scorer = args.shared / "eval" / "score_kg.py"
    if not (dev / "gold.json").exists() or not scorer.exists():
        print(f"skipped: {dev} or {scorer} not found (the dev sets live outside the repository)")
        return 0
    t0 = time.perf_counter()
    gold = json.loads((dev / "gold.json").read_text())
    docs = sorted(gold["documents"], key=lambda d: d["id"])
    texts = [(dev / "docs" / f"{d['id']}.txt").read_text(encoding="utf-8") for d in docs]
    nlp = base_model()
    examples = [gold_example(nlp, t, d) for t, d in zip(texts, docs, strict=True)]
    news = [args.shared / "dev" / "meantime-dev" / "docs", ROOT / "seeds"]
    found = iter_documents([p for p in news if p.exists()])
    news_docs = sorted((d for d in found if not isinstance(d, Exception)), key=lambda d: d.id)
    rehearsal = [rehearsal_example(nlp, masked_text(d)) for d in news_docs]
    print(f"{len(examples)} Re-DocRED documents, {len(rehearsal)} rehearsal documents "
          f"({time.perf_counter() - t0:.0f} s)", flush=True)

    if args.cv:
        k = args.cv
        chosen = [int(x) for x in args.folds.split(",")] if args.folds else list(range(k))
        tuned: list[dict[str, Any]] = []
        base: list[dict[str, Any]] = []
        for fold in chosen:
            held = [i for i in range(len(docs)) if i % k == fold]
            train_set = [examples[i] for i in range(len(docs)) if i % k != fold]
            t = time.perf_counter()
            kept = args.keep / f"fold{fold + 1}" / "ner.bin.gz" if args.keep else None
            if args.reuse and kept is not None and kept.exists():
                print(f"fold {fold + 1}/{k}: the weights in {kept}", flush=True)
                data = gzip.decompress(kept.read_bytes())
            else:
                print(f"fold {fold + 1}/{k}: training on {len(train_set)} documents", flush=True)
                data = train(train_set, rehearsal, args.epochs, args.seed)
            ids = [docs[i]["id"] for i in held]
            bare = (mention_f1(nlp, [texts[i] for i in held], [docs[i] for i in held], None),
                    mention_f1(nlp, [texts[i] for i in held], [docs[i] for i in held], data))
            with tempfile.TemporaryDirectory() as tmp:
                work = args.keep / f"fold{fold + 1}" if args.keep else Path(tmp)
                work.mkdir(parents=True, exist_ok=True)
                weights = work / "ner.bin.gz"
                weights.write_bytes(gzip.compress(data, mtime=0))
                (work / "held.txt").write_text("\n".join(ids) + "\n")
                res = score_fold(scorer, dev / "docs", ids, gold, load_nlp(reference_ner=weights), work)
            tuned += res
            line = row(f"fold {fold + 1}", pooled(res))
            if args.baseline:
                with tempfile.TemporaryDirectory() as tmp:
                    work = args.keep / f"base{fold + 1}" if args.keep else Path(tmp)
                    work.mkdir(parents=True, exist_ok=True)
                    b = score_fold(scorer, dev / "docs", ids, gold, load_nlp(reference_ner=False), work)
                base += b
                line += f"   (base F1 {pooled(b)['F1']:.3f} dups {int(pooled(b)['dups'])})"
            print(f"{line}   bare NER mention F1 {bare[0]:.3f} -> {bare[1]:.3f} "
                  f"({time.perf_counter() - t:.0f} s)", flush=True)
        print(row("pooled", pooled(tuned)))
        if base:
            print(row("base", pooled(base)))
    if args.out:
        t = time.perf_counter()
        print(f"training on all {len(examples)} documents", flush=True)
        data = train(examples, rehearsal, args.epochs, args.seed)
        args.out.write_bytes(gzip.compress(data, mtime=0))
        print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - t:.0f} s)")
    print(f"total {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
