"""Compare the export gate's threshold rules (tools/train_export_gate.py ``--rule``) by the doubly nested figure.

    python benchmarks/gate_threshold_rules.py tests/data/{blind3,...,reviewer2}_dev.jsonl [--rows rows.json]

For each rule spec: the threshold (and free parameters) it picks on all the sets, pooled leave-one-set-out P/R
there, the nested figure (per set, the threshold picked with the parameters fixed at those chosen on all sets,
from a leave-one-set-out of the other sets alone) and the doubly nested figure (per set, the free parameters
AND the threshold chosen on the other sets alone, each of those with its own leave-one-set-out scores), pooled,
per-set minimum precision and the spread of the per-set thresholds. The doubly nested figure is the honest one
for a rule with a parameter chosen on the dev data; for a rule without one it equals the nested figure. Fits
are shared by all rules (13 sets: 13 + 78 + 286). ``--rows``: a JSON cache of the labelled candidates
(written when absent, read when present), so that extraction runs once per code version.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".pkg"))

from stemfoot.tools import train_export_gate as tg  # noqa: E402

#: (label, rule spec) compared by default; a list value is chosen inside the training folds.
LEVELS = [0.75, 0.8, 0.85, 0.9]
BANDS = [0.05, 0.1, 0.2]
RULES = [("first", {"name": "first"}),
         ("wilson z chosen", {"name": "wilson", "z": [0.5, 1.0, 1.645, 2.326]}),
         ("marginal 0.85/0.1 fixed", {"name": "marginal", "marginal": 0.85, "band": 0.1}),
         ("marginal 0.85/0.1 n30", {"name": "marginal", "marginal": 0.85, "band": 0.1, "min_band": 30}),
         ("marginal lvl chosen n30", {"name": "marginal", "marginal": LEVELS, "band": 0.1, "min_band": 30}),
         ("marginal lvl+band n30", {"name": "marginal", "marginal": LEVELS, "band": BANDS, "min_band": 30}),
         ("marginal lvl+band n50", {"name": "marginal", "marginal": LEVELS, "band": BANDS, "min_band": 50})]


def load_rows(golds: list[str], cache: Path | None) -> dict[str, dict]:
    """Labelled candidates per set, from the cache when there is one."""
    if cache is not None and cache.exists():
        raw = json.loads(cache.read_text(encoding="utf-8"))
        return {n: {"gold": d["gold"], "rows": [tuple(r) for r in d["rows"]]} for n, d in raw.items()}
    data = {n: {"gold": d["gold"], "rows": d["rows"]} for n, d in tg.collect(golds).items()}
    if cache is not None:
        cache.write_text(json.dumps(data), encoding="utf-8")
    return data


def pooled(per_set: list[dict], n_gold: int) -> tuple[float, float]:
    """Pooled P/R (percent) of per-set figures."""
    m, e = sum(r["matched"] for r in per_set), sum(r["exported"] for r in per_set)
    return 100 * m / e, 100 * m / n_gold


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold", nargs="*", help="gold JSONL files (arm-level golds)")
    ap.add_argument("--rows", type=Path, help="JSON cache of the labelled candidates")
    ap.add_argument("--target", type=float, default=0.95)
    ap.add_argument("--sets", default="blind12_dev,blind11_dev", help="sets to show doubly nested P/R for")
    ap.add_argument("--json", type=Path, help="write the figures here")
    args = ap.parse_args(argv)
    data = load_rows(args.gold, args.rows)
    names = list(data)
    n_gold = sum(data[n]["gold"] for n in names)
    folds = tg.Folds(data)
    scored = folds.loso(names)
    every = [x for n in names for x in scored[n]]
    before = tg.figures(every, n_gold, 0.0, 2.0)
    print(f"pooled LOSO before the gate: {100 * before['precision']:.1f}/{100 * before['recall']:.1f}")
    shown = [s for s in args.sets.split(",") if s in data]
    out = []
    print(f"{'rule':<24} {'thr':>5} {'params':<24} {'LOSO P/R':>11} {'nested P/R':>11} {'2-nested P/R':>12} "
          f"{'min P':>6} " + " ".join(f"{s.replace('_dev', '') + ' P/R':>13}" for s in shown)
          + "  2-nested thresholds (params)")
    for label, spec in RULES:
        thr, kw = tg.threshold_by_spec(folds, names, args.target, spec)
        loso = tg.figures(every, n_gold, thr, 2.0)
        rule, _, _ = tg.parse_rule(spec)
        nest = [{"held_out": h, **tg.figures(scored[h], data[h]["gold"], t, 2.0), "threshold": t}
                for h, t, _ in tg.nested_within(folds, names, args.target, rule, kw)["per_set"]]
        dbl = tg.nested(folds, args.target, spec)
        per = {r["held_out"]: r for r in dbl["per_set"]}
        min_p = min(100 * (r["precision"] or 0) for r in dbl["per_set"])
        thrs = [r["threshold"] for r in dbl["per_set"]]
        free = [k for k, v in spec.items() if isinstance(v, list)]
        fold_params = ["/".join(f"{r['params'][k]:g}" for k in free) for r in dbl["per_set"]] if free else []
        out.append({"rule": label, "spec": spec, "threshold": thr, "params": kw, "loso": loso,
                    "nested": nest, "doubly_nested": dbl})
        np_, nr = pooled(nest, n_gold)
        dp, dr = pooled(dbl["per_set"], n_gold)
        params = ",".join(f"{k}={v:g}" for k, v in kw.items())
        print(f"{label:<24} {thr:5.2f} {params:<24} {100 * loso['precision']:5.1f}/{100 * loso['recall']:4.1f} "
              f"{np_:5.1f}/{nr:4.1f} {dp:6.1f}/{dr:4.1f} {min_p:6.1f} "
              + " ".join(f"{100 * (per[s]['precision'] or 0):7.1f}/{100 * (per[s]['recall'] or 0):4.1f}" for s in shown)
              + f"  {min(thrs):.2f}-{max(thrs):.2f} " + ",".join(f"{t:.2f}" for t in thrs)
              + (" (" + " ".join(fold_params) + ")" if fold_params else ""))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
