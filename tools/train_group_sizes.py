"""Train, cross-check and ship the learned group-size chooser (extract/size_chooser.py).

    python tools/train_group_sizes.py benchmarks/data/group_size_features.jsonl.gz \\
        --out extract/models/group_sizes/ [--report benchmarks/results/group_sizes_loso.json] \\
        [--check benchmarks/data/group_size_features_check.jsonl.gz]

Input: the candidate lines ``benchmarks/group_size_features.py`` writes (every gold query of the full-text dev
golds, both forms: each side's candidate n with its features, the gold size, whether the answer's other fields
are right). A candidate is positive when it equals the gold size. At answer time the best candidate of a side
is the size when its probability reaches the threshold, else null.

Leave-one-gold-out: for each gold set (both its forms held out together), a model trained on the other sets
picks the held-out sizes; size fields right / wrong / null and item exact match (the answer's other fields as
the pipeline gave them, sizes as picked) against the rules' own sizes, over a grid of thresholds: ``keep`` (a
rules' size under it is null), ``switch`` (another candidate replaces a rules' size) and ``fill`` (a candidate
fills a side the rules left null; 1.01: never). The thresholds shipped give the most held-out items exactly
right, pooled; ties: most size fields right less wrong (null beats a guess), then fill equal to switch (as
before the fill threshold existed), then the fewest changes.
The shipped model is trained on all sets. Fixed seed and rounding: same data, same file, byte for byte.

The held-out golds of the place ranker (``train_place_rank.HELD_OUT``) are refused as training data; ``--check``
scores their feature lines (built the same way) under the shipped model, and under ``PRECEDENCE`` (a fixed order
of sources, no learning) for comparison, without fitting or choosing anything on them.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".pkg"))

from stemfoot.extract import size_chooser  # noqa: E402
from stemfoot.tools.logistic_fit import fit_logistic  # noqa: E402
from stemfoot.tools.train_place_rank import HELD_OUT  # noqa: E402

SEED = 13
C = 1.0
KEEP_GRID = [round(0.05 * i, 2) for i in range(0, 11)]
SWITCH_GRID = [round(0.5 + 0.05 * i, 2) for i in range(0, 11)]
#: Thresholds to fill a side the rules left null (1.01: never).
FILL_GRID = [0.5, 0.6, 0.7, 0.8, 0.9, 1.01]
#: Whether a switch must share a one-statement source with the other arm's size (``size_chooser.correct``).
PAIRED_GRID = (True, False)
SIDES = ("intervention", "comparator")


def load(path: Path) -> list[dict]:
    """Candidate lines of a JSONL file (``.gz``: gzip-compressed)."""
    raw = gzip.decompress(path.read_bytes()).decode("utf-8") if path.suffix == ".gz" else path.read_text("utf-8")
    return [json.loads(l) for l in raw.splitlines() if l.strip()]


def examples(lines: list[dict]) -> list[tuple[dict, int]]:
    """(features, label) of every candidate."""
    out = []
    for line in lines:
        for side in SIDES:
            gold = line["gold"][side]
            for n, f in line["sides"][side]:
                out.append((f, int(gold is not None and float(n) == gold)))
    return out


def fit(rows: list[tuple[dict, int]]) -> dict:
    """A logistic regression over the candidates, as the JSON spec ``size_chooser.probability`` reads."""
    return fit_logistic(rows, c=C, seed=SEED)


def corrected(model: dict, lines: list[dict], keep: float, switch: float,
              probs: list[dict] | None = None, fill: float | None = None,
              paired: bool = True) -> list[dict[str, int | None]]:
    """Per line: the rules' sizes as the model corrects them (``size_chooser.correct``)."""
    probs = probs or scores(model, lines)
    return [size_chooser.replay(line, model, keep, switch, p, fill, paired) for line, p in zip(lines, probs)]


def scores(model: dict, lines: list[dict]) -> list[dict[str, dict[int, float]]]:
    """Per line and side: each candidate's probability."""
    return [{s: {n: size_chooser.probability(model, f) for n, f in line["sides"][s]} for s in SIDES} for line in lines]


def tally(lines: list[dict], chosen: list[dict[str, int | None]]) -> dict:
    """Size fields right (a null where the gold has none is right) / wrong / null where the gold has a size;
    item exact match per type."""
    t = {"right": 0, "wrong": 0, "null": 0}
    exact: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for line, got in zip(lines, chosen):
        ok_sizes = True
        for side in SIDES:
            gold, ours = line["gold"][side], got[side]
            ok = (None if ours is None else float(ours)) == gold
            ok_sizes &= ok
            t["right" if ok else "wrong" if ours is not None else "null"] += 1
        # An events count derived from a percent with the rules' n changes with n: count such items as they were.
        derived = bool(line.get("derived_events")) and got != {s: line["answered"][s] for s in SIDES}
        exact[line["type"]][0] += int(line["others_right"] and ok_sizes and not derived)
        exact[line["type"]][1] += 1
    t["exact"] = {k: v for k, v in sorted(exact.items())}
    return t


def rule_choice(lines: list[dict]) -> list[dict[str, int | None]]:
    """The size the rules answered on each side of each line (None where they gave none)."""
    return [{s: (None if line["answered"][s] is None else int(line["answered"][s])) for s in SIDES} for line in lines]


#: Yun's convention as a fixed order of sources (the n analysed for the outcome, then the outcome's own table, then
#: the randomised n): the alternative to the learned chooser that ``--check`` reports.
PRECEDENCE = ("analysed", "flow", "arm_analysed", "record", "place", "table_same", "pct_pair", "statement", "table_header", "table_row",
              "respectively", "alloc", "each", "text_pair", "crossover", "single", "rule")


def precedence_choice(lines: list[dict]) -> list[dict[str, int | None]]:
    """Per line: on each side the candidate whose best source comes first in ``PRECEDENCE`` (the rules' pick on a
    tie; null where the rules gave none and no ordered source gives one)."""
    rank = {src: k for k, src in enumerate(PRECEDENCE)}
    out = []
    for line, rule in zip(lines, rule_choice(lines)):
        got = {}
        for side in SIDES:
            best = None
            for n, f in line["sides"][side]:
                r = min((rank[k[4:]] for k in f if k.startswith("src_") and k[4:] in rank), default=None)
                if r is not None and (best is None or (r, int(n) != rule[side]) < best[0]):
                    best = ((r, int(n) != rule[side]), int(n))
            got[side] = best[1] if best else None
        out.append(got)
    return out


def check(model: dict, lines: list[dict]) -> list[dict]:
    """Per held-out set and form: size fields and items under the rules, the shipped model and ``PRECEDENCE``."""
    rows = []
    for held in dict.fromkeys(l["set"] for l in lines):
        for form in dict.fromkeys(l["form"] for l in lines if l["set"] == held):
            ls = [l for l in lines if l["set"] == held and l["form"] == form]
            rows.append({"held_out": held, "form": form, "rules": tally(ls, rule_choice(ls)),
                         "model": tally(ls, [size_chooser.replay(l, model) for l in ls]),
                         "precedence": tally(ls, precedence_choice(ls))})
    return rows


def _print_rows(rows: list[dict], cols: tuple[str, ...]) -> None:
    print(f"{'held out':<14} {'form':<5} " + " ".join(f"{c + ' R/W/N':>16}" for c in cols) + "  exact " + " -> ".join(cols))
    for row in rows:
        figs = " ".join(f"{row[c]['right']:>8}/{row[c]['wrong']:>3}/{row[c]['null']:>3}" for c in cols)
        ex = " ".join(k + " " + "->".join(str(row[c]["exact"][k][0]) for c in cols) + f"/{row[cols[0]]['exact'][k][1]}"
                      for k in row[cols[0]]["exact"])
        print(f"{row['held_out']:<14} {row['form']:<5} {figs}  {ex}")


def main(argv: list[str] | None = None) -> int:
    """Choose keep/switch on leave-one-gold-out items, fit on all lines, write the model (and report)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("features", type=Path, nargs="+", help="candidate lines (benchmarks/group_size_features.py)")
    ap.add_argument("--out", type=Path, default=Path(size_chooser.MODEL_PATH).parent)
    ap.add_argument("--report", type=Path, help="write the leave-one-gold-out figures here (JSON)")
    ap.add_argument("--check", type=Path, nargs="*", default=[],
                    help="feature lines of held-out golds: scored under the shipped model, never trained on")
    args = ap.parse_args(argv)
    lines = [l for p in args.features for l in load(p)]
    sets = list(dict.fromkeys(l["set"] for l in lines))
    if HELD_OUT & set(sets):
        raise SystemExit(f"error: held-out gold sets in the features: {sorted(HELD_OUT & set(sets))}")
    ordered = [l for held in sets for l in lines if l["set"] == held]
    models = {held: fit(examples([l for l in lines if l["set"] != held])) for held in sets}

    by_set = {held: [l for l in lines if l["set"] == held] for held in sets}
    probs = {held: scores(models[held], by_set[held]) for held in sets}

    def held_out(keep: float, switch: float, fill: float, paired: bool) -> list[dict[str, int | None]]:
        return [c for held in sets for c in corrected(models[held], by_set[held], keep, switch, probs[held], fill, paired)]

    def exact_sum(t: dict) -> int:
        return sum(v[0] for v in t["exact"].values())

    curve = []
    for keep in KEEP_GRID:
        for switch in SWITCH_GRID:
            for fill in (f for f in FILL_GRID if f >= switch):
                for paired in PAIRED_GRID:
                    curve.append({"keep": keep, "switch": switch, "fill": fill, "paired": paired,
                                  **tally(ordered, held_out(keep, switch, fill, paired))})
    # Most held-out items exactly right, then most size fields right less wrong (null beats a guess), then a fill
    # threshold equal to switch and the paired condition kept (the chooser as before: held-out ties say nothing about
    # a change), then the fewest changes to the rules.
    best = max(curve, key=lambda c: (exact_sum(c), c["right"] - c["wrong"], -c["wrong"], c["fill"] == c["switch"],
                                     c["paired"], c["fill"], c["switch"], -c["keep"]))
    keep, switch, fill, paired = best["keep"], best["switch"], best["fill"], best["paired"]
    per_set = []
    for held in sets:
        for form in dict.fromkeys(l["form"] for l in lines if l["set"] == held):
            ls = [l for l in lines if l["set"] == held and l["form"] == form]
            per_set.append({"held_out": held, "form": form, "rules": tally(ls, rule_choice(ls)),
                            "model": tally(ls, corrected(models[held], ls, keep, switch, fill=fill, paired=paired))})
    report = {"keep": keep, "switch": switch, "fill": fill, "paired": paired, "pooled_rules": tally(ordered, rule_choice(ordered)),
              "pooled_precedence": tally(ordered, precedence_choice(ordered)),
              "pooled_model": {k: v for k, v in best.items() if k not in ("keep", "switch", "fill", "paired")}, "per_set": per_set,
              "curve": [{k: c[k] for k in ("keep", "switch", "fill", "paired", "right", "wrong", "null")} | {"exact": exact_sum(c)}
                        for c in curve]}
    spec = {**fit(examples(lines)), "keep": keep, "switch": switch, "fill": fill, "paired": paired, "trained_on": sets, "seed": SEED, "C": C}
    held = [l for path in args.check for l in load(path)]
    if held:
        report["held_out_check"] = check(spec, held)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "model.json").write_text(json.dumps(spec, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"keep {keep}, switch {switch}, fill {fill}, paired {paired} (most held-out items exactly right, pooled)")
    print(f"{'held out':<14} {'form':<9} {'rules R/W/N':>14} {'model R/W/N':>14}  exact rules -> model")
    for row in per_set:
        r, m = row["rules"], row["model"]
        ex = " ".join(f"{k} {r['exact'][k][0]}->{m['exact'][k][0]}/{m['exact'][k][1]}" for k in m["exact"])
        print(f"{row['held_out']:<14} {row['form']:<9} {r['right']:>4}/{r['wrong']:>3}/{r['null']:>3}   "
              f"{m['right']:>4}/{m['wrong']:>3}/{m['null']:>3}   {ex}")
    r, m = report["pooled_rules"], report["pooled_model"]
    print(f"pooled rules: right {r['right']} wrong {r['wrong']} null {r['null']} exact {r['exact']}")
    print(f"pooled model: right {m['right']} wrong {m['wrong']} null {m['null']} exact {m['exact']}")
    p = report["pooled_precedence"]
    print(f"pooled precedence (no learning): right {p['right']} wrong {p['wrong']} null {p['null']} exact {p['exact']}")
    if held:
        _print_rows(report["held_out_check"], ("rules", "model", "precedence"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
