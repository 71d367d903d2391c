"""Train, cross-check and ship the learned cell-pair scorer (extract/table_cells.py).

    python tools/train_table_cells.py benchmarks/data/table_cell_features.jsonl.gz \\
        --out extract/models/table_cells/model.json [--report benchmarks/results/table_cells_loso.json] \\
        [--check HELD_OUT_FEATURES.jsonl.gz]

Input: the lines ``benchmarks/table_cell_features.py`` writes (the tuned golds' queries, each
with its candidate cell pairs, their features and whether they read as the gold values). A pair is positive when
it does. Leave-one-gold-out: a model trained on the other sets scores the held-out set's pairs; its best pair per
query answers when its probability reaches a threshold. Per threshold, pooled over the held-out sets: queries
answered right (the gold's values), answered wrong (other values, or values for a blank gold). The threshold
shipped maximises right − ``WRONG_COST`` × wrong (a wrong number costs more than a missing one; ties: the higher
threshold); no setting with a right answer and that gain above zero ships ``use: false`` (threshold above 1). The
model shipped is trained on all the sets. ``--check``: the shipped model's figures on other lines (held-out golds),
reported, never trained on. Fixed seed and rounding: same data, same file, byte for byte.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".pkg"))

from stemfoot.extract.table_cells import probability  # noqa: E402
from stemfoot.tools.logistic_fit import fit_logistic  # noqa: E402
from stemfoot.tools.train_place_rank import HELD_OUT  # noqa: E402

SEED = 13
C = 0.5
WRONG_COST = 3
THRESHOLDS = [round(0.05 * i, 2) for i in range(4, 20)]


def load(path: Path) -> list[dict]:
    """Lines of a JSONL file (``.gz``: gzip-compressed)."""
    raw = gzip.decompress(path.read_bytes()).decode("utf-8") if path.suffix == ".gz" else path.read_text("utf-8")
    return [json.loads(line) for line in raw.splitlines() if line.strip()]


def fit(lines: list[dict]) -> dict:
    """A logistic model over every candidate pair of the lines."""
    return fit_logistic([(c["f"], int(c["ok"])) for line in lines for c in line["cands"]], c=C, seed=SEED)


def picks(model: dict, lines: list[dict]) -> list[tuple[float, bool, bool]]:
    """(probability, right, gold has values) of the best pair (the first of equals) of each query the stage is
    consulted for."""
    out = []
    for line in lines:
        if not line["cands"] or not line["consulted"]:
            continue
        p, _, ok = max(((probability(model, c["f"]), -k, c["ok"]) for k, c in enumerate(line["cands"])),
                       key=lambda t: t[:2])
        out.append((p, ok, line["gold_has_values"]))
    return out


def tally(scored: list[tuple[float, bool, bool]], threshold: float) -> dict[str, int]:
    """Queries answered right / wrong (blank golds answered among the wrong) at a threshold."""
    answered = [(ok, has) for p, ok, has in scored if p >= threshold]
    return {"right": sum(ok for ok, _ in answered), "wrong": sum(not ok for ok, _ in answered),
            "blank_gold_answered": sum(not has for _, has in answered), "queries": len(scored),
            "with_a_right_pair": None}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("features", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--report", type=Path)
    ap.add_argument("--check", type=Path, help="feature lines of held-out golds: scored, never trained on")
    args = ap.parse_args(argv)
    lines = load(args.features)
    sets = sorted({line["set"] for line in lines})
    if HELD_OUT & set(sets):
        raise SystemExit(f"error: held-out gold sets in the features: {sorted(HELD_OUT & set(sets))}")
    scored = []
    for held in sets:
        model = fit([line for line in lines if line["set"] != held])
        scored += picks(model, [line for line in lines if line["set"] == held])
    grid = {t: tally(scored, t) for t in THRESHOLDS}
    gain = {t: g["right"] - WRONG_COST * g["wrong"] for t, g in grid.items()}
    best = max(THRESHOLDS, key=lambda t: (gain[t], t))
    use = gain[best] > 0 and grid[best]["right"] > 0
    model = fit(lines)
    model.update(threshold=best if use else 1.01, use=use)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    with_right = sum(any(c["ok"] for c in line["cands"]) for line in lines if line["consulted"])
    report = {"sets": sets, "queries": len(lines), "consulted": sum(line["consulted"] for line in lines), "with_a_right_pair": with_right, "wrong_cost": WRONG_COST,
              "loso": {str(t): {**g, "with_a_right_pair": with_right} for t, g in grid.items()},
              "threshold": model["threshold"], "use": use}
    if args.check:
        check = load(args.check)
        report["check"] = {s: tally(picks(model, [line for line in check if line["set"] == s]), model["threshold"])
                           | {"with_a_right_pair": sum(any(c["ok"] for c in line["cands"]) for line in check
                                                       if line["set"] == s and line["consulted"])}
                           for s in sorted({line["set"] for line in check})}
    text = json.dumps(report, indent=1, sort_keys=True) + "\n"
    if args.report:
        args.report.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
