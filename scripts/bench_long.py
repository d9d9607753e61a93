"""How a document's build time grows with its length, measured in one run.

    python scripts/bench_long.py [--sizes 10000,25000,100000,400000] [--repeat 1] [--set meantime]

One long undated document per size, made of distinct articles joined with blank lines: the
Wikinews articles of ../shared/dev/meantime-dev (``--set redocred``: the Wikipedia leads of
redocred-dev, which the reference-text patterns read) when present, else this project's own
seed and test articles, repeated.  For each size it
prints the seconds of parsing (spaCy, in pieces of ``kg.extract.pipeline.PIECE``
characters), of extraction after parsing, and of resolution, and each stage's seconds per
10,000 characters: flat figures down a column mean the stage is linear in the length.

Nothing is asserted: the machine is shared and noisy, so read the ratios.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.builder import graph_of  # noqa: E402
from kg.extract import load_nlp  # noqa: E402
from kg.extract.nlp import NlpSpec  # noqa: E402
from kg.extract.pipeline import extract_batch, use_pipeline  # noqa: E402
from kg.model import Document  # noqa: E402

SHARED = ROOT.parent / "shared" / "dev"
SETS = {"meantime": "meantime-dev", "redocred": "redocred-dev"}  # news; encyclopedia leads


def articles(name: str) -> tuple[list[str], str]:
    folder = SHARED / SETS[name] / "docs"
    if folder.is_dir():
        texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
        if texts:
            return texts, f"{len(texts)} articles of {folder}"
    own = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "data").rglob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in own], "this project's own articles (no ../shared)"


def long_text(texts: list[str], size: int) -> str:
    out: list[str] = []
    n = 0
    while n < size:
        t = texts[len(out) % len(texts)].strip()
        out.append(t)
        n += len(t) + 2
    return "\n\n".join(out)[:size]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,25000,100000,400000")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--set", choices=sorted(SETS), default="meantime",
                    help="whose articles to join (meantime: news; redocred: encyclopedia leads)")
    args = ap.parse_args(argv)
    texts, where = articles(args.set)
    print(f"texts: {where}")
    spec = NlpSpec()
    use_pipeline(spec, load_nlp())
    print(f"{'characters':>10} {'parse s':>8} {'extract s':>9} {'resolve s':>9}"
          "   per 10k: parse extract resolve")
    for size in (int(s) for s in args.sizes.split(",")):
        doc = Document(f"long-{size}", long_text(texts, size))
        runs = []
        for _ in range(args.repeat):
            batch = extract_batch([doc], spec)
            if batch.errors:
                print(f"{size:>10} error: {batch.errors[0]}")
                break
            t = time.perf_counter()
            graph_of(batch.extractions)
            runs.append((batch.parse_seconds, batch.extract_seconds, time.perf_counter() - t))
        if not runs:
            continue
        p, e, r = (statistics.median(x) for x in zip(*runs, strict=True))
        k = size / 10_000
        print(f"{size:>10} {p:>8.2f} {e:>9.2f} {r:>9.2f}   {p / k:>13.2f} {e / k:>7.2f} {r / k:>7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
