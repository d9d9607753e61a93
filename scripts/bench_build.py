"""Speed and memory of `kg build` against bare spaCy on the same texts, in one run.

    python scripts/bench_build.py [--docs DIR] [--repeat 3]

Uses ../shared/dev/meantime-dev/docs when present (else the project's seeds/, repeated),
and prints medians over --repeat runs and the ratios to bare `nlp.pipe` of the plain model.
Nothing is asserted: the machine is shared and noisy, so read the ratios.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "dev" / "meantime-dev" / "docs"


def _median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=Path, default=SHARED if SHARED.is_dir() else ROOT / "seeds")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    import spacy

    import kg
    from kg.extract.nlp import DEFAULT_MODELS
    from kg.extract.pipeline import extract_many, masked_text
    from kg.pipeline import collect_documents
    from kg.resolve import resolve

    docs, errors = collect_documents([args.docs])
    if len(docs) < 20:  # a small folder: repeat it so the timings mean something
        docs = [type(d)(**{**{f: getattr(d, f) for f in d.__slots__}, "id": f"{d.id}-{i}"})
                for i in range(20) for d in docs]
    texts = [masked_text(d) for d in docs]
    chars = sum(len(t) for t in texts)
    bare = None
    for name in DEFAULT_MODELS:
        try:
            bare = spacy.load(name)
            break
        except OSError:
            continue
    ours = kg.load_nlp()
    print(f"{len(docs)} documents, {chars:,} characters, median of {args.repeat} runs")
    t_bare = _median(lambda: list(bare.pipe(texts)), args.repeat)
    t_pipe = _median(lambda: list(ours.pipe(texts)), args.repeat)
    t_extract = _median(lambda: list(extract_many(docs, ours)), args.repeat)
    extractions = list(extract_many(docs, ours))
    t_resolve = _median(lambda: resolve(extractions), args.repeat)

    def full() -> None:
        with tempfile.TemporaryDirectory() as out:
            kg.build(docs, nlp=ours).write_all(out)

    t_full = _median(full, args.repeat)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [
        ("bare nlp.pipe (plain model)", t_bare),
        ("nlp.pipe with kg components", t_pipe),
        ("extract (parse + mentions + relations)", t_extract),
        ("resolve (entities, relations)", t_resolve),
        ("full build + 4 exports", t_full),
    ]
    for label, t in rows:
        print(f"  {label:40s} {t:7.2f} s   {t / t_bare:5.2f}x bare   {len(docs) / t:7.1f} docs/s")
    print(f"  peak resident memory {rss:,.0f} MiB")


if __name__ == "__main__":
    main()
