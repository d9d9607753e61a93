"""What each relation pattern costs in the extraction stage, measured in one run.

    python scripts/bench_extract.py [--repeat 5] [--without kg.news-pairs.v1]

Parses the news dev sets once (the 60 Wikinews articles of ../shared/dev/meantime-dev and
the 209 Reuters parts of crossre-news-dev when present; else this project's own seed and
test articles), then times ``extract_doc`` (everything after parsing: mentions, pronouns,
every relation pattern) over all of them with the default patterns and without the ones
named by ``--without``, the two sides alternating, and prints the medians and their ratio,
and the parse time for scale.

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

from kg.extract import load_nlp  # noqa: E402
from kg.extract.patterns import DEFAULT_PATTERNS  # noqa: E402
from kg.extract.pipeline import extract_doc, masked_text  # noqa: E402
from kg.ingest import iter_documents  # noqa: E402
from kg.model import Document  # noqa: E402

SHARED = ROOT.parent / "shared" / "dev"


def documents() -> tuple[list[Document], str]:
    folders = [SHARED / "meantime-dev" / "docs", SHARED / "crossre-news-dev" / "docs"]
    found = [f for f in folders if f.is_dir()]
    if not found:
        found = [ROOT / "seeds"]
    docs = [d for d in iter_documents(found) if isinstance(d, Document)]
    return docs, ", ".join(str(f) for f in found)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--without", default="kg.news-pairs.v1", help="patterns to leave out, comma-separated")
    args = ap.parse_args(argv)
    docs, where = documents()
    nlp = load_nlp()
    t = time.perf_counter()
    parsed = list(nlp.pipe((masked_text(d) for d in docs), batch_size=16))
    parse_s = time.perf_counter() - t
    left_out = set(args.without.split(","))
    sides = {"all patterns": list(DEFAULT_PATTERNS),
             f"without {args.without}": [p for p in DEFAULT_PATTERNS if p not in left_out]}
    times: dict[str, list[float]] = {k: [] for k in sides}
    for _ in range(args.repeat):
        for name, patterns in sides.items():
            t = time.perf_counter()
            for d, doc in zip(docs, parsed, strict=True):
                extract_doc(d, doc, patterns=patterns)
            times[name].append(time.perf_counter() - t)
    print(f"{len(docs)} documents ({where}); parsing took {parse_s:.2f} s")
    med = {k: statistics.median(v) for k, v in times.items()}
    for name, s in med.items():
        print(f"  extraction, {name:<32} {s:6.2f} s  ({1000 * s / len(docs):.1f} ms a document)")
    a, b = med.values()
    print(f"  ratio: {a / b:.2f}x extraction; {(parse_s + a) / (parse_s + b):.2f}x parse + extraction")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
