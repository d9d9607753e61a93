"""What each relation pattern costs in the extraction stage, measured in one run.

    python scripts/bench_extract.py [--repeat 5] [--without kg.news-pairs.v1]
    python scripts/bench_extract.py --against ../wt-old [--repeat 5]

Parses the news dev sets once as a build parses them (``pipeline.parse_texts``): the 60
Wikinews articles of ../shared/dev/meantime-dev and the 209 Reuters parts of
crossre-news-dev when present, else this project's own seed and test articles.  Then
times ``extract_doc`` (everything after parsing: mentions, pronouns, every relation
pattern) over all of them with the default patterns and without the ones named by
``--without``, the two sides alternating, and prints the medians and their ratio, and the
parse time for scale.

``--against TREE`` compares this checkout with another one (``git worktree add ../wt-old
fe3b2ab^``, say: the commit before the news pair classifier): the documents are parsed
once, here, and both checkouts' ``extract_doc`` (each with its own default patterns, then
without ``--without``) run in one worker process each on those same parsed documents, in
turn, ``--repeat`` times; it prints the medians and the ratio of this one to the other.

Nothing is asserted: the machine is shared and noisy, so read the ratios.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "dev"


def documents() -> tuple[list[Any], str]:
    from kg.ingest import iter_documents
    from kg.model import Document

    folders = [SHARED / "meantime-dev" / "docs", SHARED / "crossre-news-dev" / "docs"]
    found = [f for f in folders if f.is_dir()]
    if not found:
        found = [ROOT / "seeds"]
    docs = [d for d in iter_documents(found) if isinstance(d, Document)]
    return docs, ", ".join(str(f) for f in found)


def _parse(nlp: Any, docs: list[Any]) -> list[Any]:
    """The documents parsed as a build parses them (``parse_texts`` where the checkout has it)."""
    from kg.extract import pipeline

    texts = (pipeline.masked_text(d) for d in docs)
    if hasattr(pipeline, "parse_texts"):
        return list(pipeline.parse_texts(nlp, texts, batch_size=16, documents=docs))
    return list(nlp.pipe(texts, batch_size=16))


def _time(docs: list[Any], parsed: list[Any], patterns: list[str]) -> float:
    from kg.extract.pipeline import extract_doc

    t = time.perf_counter()
    for d, doc in zip(docs, parsed, strict=True):
        extract_doc(d, doc, patterns=patterns)
    return time.perf_counter() - t


def worker(tree: str, docbin: str, without: str) -> int:
    """Time ``tree``'s extraction of the parsed documents in ``docbin`` once per line read:
    prints the seconds with its default patterns, then without ``without``."""
    sys.path.insert(0, tree)
    from spacy.tokens import DocBin

    from kg.extract import load_nlp
    from kg.extract.patterns import DEFAULT_PATTERNS

    docs, _ = documents()
    parsed = list(DocBin().from_disk(docbin).get_docs(load_nlp().vocab))
    left_out = set(without.split(",")) if without else set()
    sides = [list(DEFAULT_PATTERNS), [p for p in DEFAULT_PATTERNS if p not in left_out]]
    _time(docs, parsed, sides[0])  # warm the caches (models, gazetteer, lexicons)
    print("ready", flush=True)
    for _ in sys.stdin:
        print(" ".join(f"{_time(docs, parsed, s):.4f}" for s in sides), flush=True)
    return 0


def _workers(trees: dict[str, Path], docbin: Path, without: str) -> dict[str, subprocess.Popen]:
    """One worker process per checkout, each ready (its models loaded, its caches warm)."""
    procs = {k: subprocess.Popen([sys.executable, __file__, "--worker", str(tree), "--docbin", str(docbin),
                                  "--without", without],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
             for k, tree in trees.items()}
    for p in procs.values():
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    return procs


def _rounds(procs: dict[str, subprocess.Popen], repeat: int, without: str) -> dict[str, list[float]]:
    """``repeat`` rounds, each worker in turn (which goes first alternates from round to
    round): its seconds with and without ``without``."""
    times: dict[str, list[float]] = {}
    for n in range(repeat):
        for k, p in sorted(procs.items(), reverse=n % 2 == 1):
            assert p.stdin is not None and p.stdout is not None
            p.stdin.write("go\n")
            p.stdin.flush()
            every, fewer = (float(x) for x in p.stdout.readline().split())
            times.setdefault(k, []).append(every)
            times.setdefault(f"{k} without {without}", []).append(fewer)
    for p in procs.values():
        assert p.stdin is not None
        p.stdin.close()
        p.wait()
    return times


def _against(other: Path, repeat: int, without: str) -> int:
    """This checkout vs ``other`` on the same parsed documents, in turn."""
    from spacy.tokens import DocBin

    from kg.extract import load_nlp

    docs, where = documents()
    t = time.perf_counter()
    parsed = _parse(load_nlp(), docs)
    parse_s = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "docs.spacy"
        DocBin(store_user_data=True, docs=parsed).to_disk(path)
        times = _rounds(_workers({"this": ROOT, "other": other.resolve()}, path, without), repeat, without)
    print(f"{len(docs)} documents ({where}); parsing took {parse_s:.2f} s")
    print(f"  this: {ROOT}; other: {other.resolve()}")
    med = {k: statistics.median(v) for k, v in times.items()}
    for name, s in med.items():
        print(f"  extraction, {name:<40} {s:6.2f} s  ({1000 * s / len(docs):.1f} ms a document)")
    for side in ("this", "other"):
        print(f"  {side}: {med[side] / med[f'{side} without {without}']:.2f}x without {without}")
    print(f"  ratio this / other: {med['this'] / med['other']:.2f}x extraction; "
          f"{(parse_s + med['this']) / (parse_s + med['other']):.2f}x parse + extraction")
    # the two sides of one round run a second apart: their ratio is less swayed by the
    # machine's load drifting over the run than the ratio of the medians
    rounds = [a / b for a, b in zip(times["this"], times["other"], strict=True)]
    print(f"  ratio this / other, round by round: median {statistics.median(rounds):.2f}x "
          f"(from {min(rounds):.2f}x to {max(rounds):.2f}x over {len(rounds)} rounds)")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--without", default="kg.news-pairs.v1", help="patterns to leave out, comma-separated")
    ap.add_argument("--against", type=Path, help="another checkout to compare with")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--docbin", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return worker(args.worker, args.docbin, args.without)
    sys.path.insert(0, str(ROOT))
    if args.against:
        return _against(args.against, args.repeat, args.without)
    from kg.extract import load_nlp
    from kg.extract.patterns import DEFAULT_PATTERNS

    docs, where = documents()
    nlp = load_nlp()
    t = time.perf_counter()
    parsed = _parse(nlp, docs)
    parse_s = time.perf_counter() - t
    left_out = set(args.without.split(","))
    sides = {"all patterns": list(DEFAULT_PATTERNS),
             f"without {args.without}": [p for p in DEFAULT_PATTERNS if p not in left_out]}
    times: dict[str, list[float]] = {k: [] for k in sides}
    for _ in range(args.repeat):
        for name, patterns in sides.items():
            times[name].append(_time(docs, parsed, patterns))
    print(f"{len(docs)} documents ({where}); parsing took {parse_s:.2f} s")
    med = {k: statistics.median(v) for k, v in times.items()}
    for name, s in med.items():
        print(f"  extraction, {name:<32} {s:6.2f} s  ({1000 * s / len(docs):.1f} ms a document)")
    a, b = med.values()
    print(f"  ratio: {a / b:.2f}x extraction; {(parse_s + a) / (parse_s + b):.2f}x parse + extraction")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
