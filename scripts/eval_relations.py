"""Per-relation precision and recall on Re-DocRED dev (a development script).

    python scripts/eval_relations.py [--graph OUT/graph.ttl] [--shared ../shared] [--top 20]

Builds the Re-DocRED dev graph with ``kg build`` unless ``--graph`` is given, scores it
with ``../shared/eval/score_kg.py`` and prints, for the ``--top`` most frequent gold
properties, the relation precision and recall the scorer gives when only that property's
system triples and gold relations are kept.  Skips cleanly without ``../shared``.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pid(rel: dict) -> str | None:
    m = re.search(r"P\d+", rel["accept"][0])
    return m.group() if m else None


def per_relation(graph: Path, gold_path: Path, shared: Path, top: int) -> list[dict]:
    sys.path.insert(0, str(shared / "eval"))
    import score_kg  # type: ignore[import-not-found]

    docs = json.loads(gold_path.read_text())["documents"]
    freq = Counter(p for d in docs for r in d["relations"] if (p := _pid(r)))
    view = score_kg.GraphView([str(graph)])
    scopes = view.entities_by_doc([d["id"] for d in docs])
    every = list(view.relation_triples())
    rows = []
    for pid, n in freq.most_common(top):
        pat = re.compile(rf"(^|[/#:]){pid}$")
        view._relations = [t for t in every if any(pat.search(x) for x in view.predicate_strings(t[1]))]
        tot: Counter[str] = Counter()
        for d in docs:
            keep = dict(d, relations=[r for r in d["relations"] if _pid(r) == pid],
                        optional_relations=[r for r in d.get("optional_relations", []) if _pid(r) == pid])
            res = score_kg.score_document(view, keep, scopes.get(d["id"]))
            tot["gold"] += res["counts"]["gold_relations"]
            tot["found"] += res["counts"]["found_relations"]
            tot["correct"] += res["counts"]["correct_system_relations"]
            tot["judged"] += res["system_relations"]
        p = tot["correct"] / tot["judged"] if tot["judged"] else 0.0
        r = tot["found"] / tot["gold"] if tot["gold"] else 0.0
        rows.append({"property": pid, "gold": n, "system": tot["judged"], "precision": p, "recall": r,
                     "f1": 2 * p * r / (p + r) if p + r else 0.0})
    view._relations = every
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--graph", type=Path, default=None)
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    red = args.shared / "dev" / "redocred-dev"
    if not (red / "gold.json").exists() or not (args.shared / "eval" / "score_kg.py").exists():
        print(f"skipping: no Re-DocRED dev set or scorer under {args.shared}", file=sys.stderr)
        return 0
    graph = args.graph
    if graph is None:
        out = Path(tempfile.mkdtemp(prefix="kg-redocred-"))
        subprocess.run([sys.executable, "-m", "kg", "build", str(red / "docs"), "--out", str(out), "-q"],
                       check=True)
        graph = out / "graph.ttl"
    rows = per_relation(graph, red / "gold.json", args.shared, args.top)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"| {'property':8} | {'gold':>5} | {'system':>6} | {'precision':>9} | {'recall':>6} | {'F1':>5} |")
    print(f"|{'-' * 10}|{'-' * 7}|{'-' * 8}|{'-' * 11}|{'-' * 8}|{'-' * 7}|")
    for r in rows:
        print(f"| {r['property']:8} | {r['gold']:5d} | {r['system']:6d} | {r['precision']:9.3f} "
              f"| {r['recall']:6.3f} | {r['f1']:5.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
