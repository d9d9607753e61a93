"""Build and score the dev sets in ../shared (seed, meantime-dev, redocred-dev, crossre-news-dev).

    python scripts/eval_dev.py [seed] [meantime] [redocred] [crossre]

Each set is built from scratch into a temporary folder with `kg build` and scored with
../shared/eval/score_kg.py.  Skips cleanly (exit 0) when ../shared is not there.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SETS = {
    "seed": (ROOT / "seeds", SHARED / "gold" / "seed.gold.json"),
    "meantime": (SHARED / "dev" / "meantime-dev" / "docs", SHARED / "dev" / "meantime-dev" / "gold.json"),
    "redocred": (SHARED / "dev" / "redocred-dev" / "docs", SHARED / "dev" / "redocred-dev" / "gold.json"),
    "crossre": (SHARED / "dev" / "crossre-news-dev" / "docs",
                SHARED / "dev" / "crossre-news-dev" / "gold.json"),
}


def main(argv: list[str]) -> int:
    scorer = SHARED / "eval" / "score_kg.py"
    if not scorer.exists():
        print(f"skipped: {scorer} not found (the dev sets live outside the repository)")
        return 0
    kg = Path(sys.executable).with_name("kg")
    unknown = [a for a in argv if a not in SETS]
    if unknown:
        print(f"usage: python scripts/eval_dev.py [{'] ['.join(SETS)}]  (unknown: {unknown[0]})")
        return 2
    for name in argv or list(SETS):
        docs, gold = SETS[name]
        with tempfile.TemporaryDirectory() as out:
            t = time.perf_counter()
            subprocess.run([str(kg), "build", str(docs), "--out", out, "-q"], check=False)
            seconds = time.perf_counter() - t
            print(f"== {name}: built in {seconds:.0f} s")
            subprocess.run([sys.executable, str(scorer), f"{out}/graph.ttl", "--gold", str(gold)],
                           check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
