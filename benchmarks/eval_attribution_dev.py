"""Arm attribution on the project's dev golds (arm-level gold statistics), with the gold arm inventory.

    python benchmarks/eval_attribution_dev.py [tests/data/reviewer_dev.jsonl ...] [--threshold T]

For every gold per-arm value (pct, events, total, mean, sd, median) the number is
located in its gold sentence among the candidates; the shipped model then decides
its arm. Counts: right arm, wrong arm, unattributed. Arms come from the gold (name,
role, description): this measures attribution alone, not arm detection.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".pkg"))

from stemfoot.extract.attribution import attribute, load_model  # noqa: E402
from stemfoot.extract.candidates import find_candidates, section_spans, split_sentences  # noqa: E402

_FIELDS = ("pct", "events", "total", "mean", "sd", "median")
_PART_FIELD = {"pct": {"percent"}, "events": {"events", "count"}, "total": {"total", "count"}, "mean": {"mean", "number"},
               "sd": {"sd"}, "median": {"median", "number"}}


def evaluate(paths: list[Path], threshold: float | None) -> dict:
    models = load_model()
    tally = {"right": 0, "wrong": 0, "unattributed": 0, "not_found": 0}
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                print(f"{path}:{n}: not JSON, skipped", file=sys.stderr)
                continue
            text, gold = rec.get("abstract") or "", rec.get("gold") or {}
            arms = [{"label": a.get("name") or f"arm {i}", "role": a.get("role"), "description": a.get("description")}
                    for i, a in enumerate(gold.get("arms") or [])]
            if not text or len(arms) < 2:
                continue
            sents = split_sentences(text)
            cands = find_candidates(text, sents)
            res = attribute(text, sents, cands, arms, section_spans(text), models=models, threshold=threshold)
            role_of = {a["label"]: a["role"] for a in arms}
            for st in gold.get("statistics") or []:
                s_text = (st.get("sentence") or "").strip()
                at = text.find(s_text[:60]) if s_text else -1
                lo, hi = (at, at + len(s_text)) if at >= 0 else (0, len(text))
                for role in ("intervention", "control"):
                    vals = st.get(role) or {}
                    for key in _FIELDS:
                        v = vals.get(key)
                        if not isinstance(v, (int, float)):
                            continue
                        hits = [a for a in res if lo <= a.candidate.start < hi and any(
                            p.field in _PART_FIELD[key] and abs(p.value - v) < 1e-6 for p in a.candidate.parts)]
                        if not hits:
                            tally["not_found"] += 1
                            continue
                        a = hits[0]
                        if a.target != "arm":
                            tally["unattributed"] += 1
                        elif role_of.get(a.arm) == role:
                            tally["right"] += 1
                        else:
                            tally["wrong"] += 1
    done = tally["right"] + tally["wrong"]
    tally["precision"] = round(tally["right"] / done, 3) if done else None
    tally["recall_of_found"] = round(tally["right"] / max(done + tally["unattributed"], 1), 3)
    return tally


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="*", type=Path, default=[Path("tests/data/reviewer_dev.jsonl"),
                                                            Path("tests/data/reviewer2_dev.jsonl"),
                                                            Path("tests/data/domain_dev.jsonl")])
    ap.add_argument("--threshold", type=float, default=None)
    args = ap.parse_args(argv)
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        print(f"{missing[0]}: no such file", file=sys.stderr)
        return 2
    print(json.dumps(evaluate(args.paths, args.threshold)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
