"""Arm inventory check: do a record's extracted arms stand one to one for its gold arms?

    PYTHONPATH=<wt>/.pkg python benchmarks/arm_inventory_check.py tests/data/*_dev.jsonl [--quiet]

One line per gold file (records whose inventory is right / records), then one line per failure with its
kind, the gold arm names and the extracted labels. The check counts what the results scoring
(`tools/evaluate.py`) needs of the inventory, no more:

- a combined grouping (``members``: "all MSC-treated patients") is no arm of its own and is not counted;
- the number of remaining arms must equal the gold's;
- when the gold arms have distinct role classes (active / control; a two-arm trial, a single arm), the
  scoring places results by role, so the extracted role classes must be the gold's (a single arm named
  after its cell type is right);
- otherwise (two active arms and a control, dose arms) the name matching of ``map_arms`` must take every
  gold arm, one to one, and each pair must agree on role class.

Failure kinds: ``none`` (no arms), ``missing`` (fewer arms), ``extra`` (more), ``role`` (right count,
wrong role classes), ``unmapped`` (right count, names do not map one to one).
"""
from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

from stemfoot.tools.evaluate import load_gold
from stemfoot.tools.train_arm_model import inventory_failure


def check(paths: list[str], n_process: int = 1) -> tuple[list[str], list[tuple]]:
    """Summary lines per file and the failures (file, id, kind, gold names, extracted labels)."""
    from stemfoot.extract.run import extract_records

    lines, failures = [], []
    for path in paths:
        recs = load_gold(path)
        outs = extract_records(((r.get("title"), r["abstract"]) for r in recs), pico=False, n_process=n_process)
        kinds: collections.Counter = collections.Counter()
        for rec, out in zip(recs, outs):
            gold_arms = rec["gold"].get("arms") or []
            kind = inventory_failure(gold_arms, out["arms"])
            if kind:
                kinds[kind] += 1
                failures.append((Path(path).stem, rec.get("id"), kind, [g.get("name") for g in gold_arms],
                                 [(a.get("label"), a.get("role")) for a in out["arms"] if not a.get("members")]))
        bad = sum(kinds.values())
        detail = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
        lines.append(f"{Path(path).stem:<16} {len(recs) - bad:>3}/{len(recs):<3} right" + (f"  ({detail})" if detail else ""))
    return lines, failures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="+")
    ap.add_argument("--quiet", action="store_true", help="summary lines only")
    ap.add_argument("--n-process", type=int, default=1)
    args = ap.parse_args(argv)
    lines, failures = check(args.gold, args.n_process)
    total = sum(int(l.split()[1].split("/")[1]) for l in lines)
    print("\n".join(lines))
    print(f"{'all':<16} {total - len(failures):>3}/{total:<3} right")
    if not args.quiet:
        for f in failures:
            print(*f, sep="\t")
    return 0


if __name__ == "__main__":
    sys.exit(main())
