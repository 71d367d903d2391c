"""Train, cross-check and ship the learned place ranker (extract/place_rank.py).

    python tools/train_place_rank.py benchmarks/data/place_rank_features.jsonl.gz \\
        --out extract/models/place_rank/ [--report benchmarks/results/place_rank_loso.json]

Input: the lines ``benchmarks/place_rank_features.py`` writes (every gold query of the full-text dev golds, both
forms: each scored place with its features and its arms' record values; the gold values; which place the hand
score answered from and whether that answer's values were right). A place is positive when its arms' records
hold the gold values of both arms (events for a binary item, means for a continuous one; a table percent counts
when it gives the gold events of the record's or the gold's n).

Leave-one-gold-out: for each gold set (both its forms held out together), a model trained on the other sets
re-ranks the held-out places, over a grid of ``hand_floor`` (the hand score a place needs to be weighed),
``floor`` (the probability the top place needs to answer) and ``margin`` (how much it must beat the hand
score's own place). An item's values count as right as the pipeline answered them when the choice is the hand
score's; else when the chosen place's records give the gold values (SDs too; a null answer is right when the
gold has no values). The setting with the most held-out items right, pooled, is shipped (ties: the larger
margin and floor, fewer changes); ``use`` is false when no setting beats the hand score. The shipped model is
trained on all sets. Fixed seed and rounding: same data, same file, byte for byte.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".pkg"))

from stemfoot.extract import place_rank  # noqa: E402
from stemfoot.extract.derive import events_from_percent  # noqa: E402
from stemfoot.tools.logistic_fit import fit_logistic  # noqa: E402

SEED = 13
C = 1.0
#: Held-out golds: never trained or tuned on (the trainer refuses them).
HELD_OUT = {"ft_dev_gold8", "ft_dev_gold9", "ft_dev_gold10", "ft_dev_gold11", "ft_dev_gold12", "ft_dev_gold15", "ft_dev_gold16",
            "ft_dev_gold17", "ft_dev_gold18", "ft_dev_gold19", "ft_dev_gold20", "ft_dev_gold21",
            "ft_dev_gold22", "ft_dev_gold23", "ft_dev_gold24", "ft_dev_gold25", "ft_dev_gold26", "ft_dev_gold27",
            "ft_dev_gold28", "ft_dev_gold29", "ft_dev_gold30", "ft_dev_gold31", "ft_dev_gold32", "ft_dev_gold33",
            "ft_dev_gold34", "ft_dev_gold35", "ft_dev_gold36", "ft_dev_gold37", "ft_dev_gold38", "ft_dev_gold39",
            "ft_dev_gold40", "ft_dev_gold41", "ft_dev_gold42", "ft_dev_gold43", "ft_dev_gold44",
            "ft_dev_gold45", "ft_dev_gold46", "ft_dev_gold47", "ft_dev_gold48", "ft_dev_gold49", "ft_dev_gold50", "ft_dev_gold51", "ft_dev_gold52", "ft_dev_gold53", "ft_dev_gold54",
            "ft_dev_gold55", "ft_dev_gold56", "ft_dev_gold57", "ft_dev_gold58", "ft_dev_gold59",
            "ft_dev_gold60", "ft_dev_gold61", "ft_dev_gold62", "ft_dev_gold63", "ft_dev_gold64", "ft_dev_gold65"}
HAND_FLOORS = [0.0, 0.1, 0.25]
FLOORS = [round(0.05 * i, 2) for i in range(0, 13)]
MARGINS = [0.0, 0.05, 0.1, 0.2, 0.3]
SIDES = (("i", "intervention"), ("c", "comparator"))


def load(path: Path) -> list[dict]:
    """Lines of a JSONL file (``.gz``: gzip-compressed)."""
    raw = gzip.decompress(path.read_bytes()).decode("utf-8") if path.suffix == ".gz" else path.read_text("utf-8")
    return [json.loads(l) for l in raw.splitlines() if l.strip()]


def _eq(a: object, b: float | None) -> bool:
    return a is not None and b is not None and round(float(a), 4) == b


def _events(vals: dict, n: int | None, gold_n: float | None, gold: float | None) -> bool:
    if _eq(vals.get("events"), gold):
        return True
    if vals.get("events") is None and vals.get("percent") is not None:
        for size in {x for x in (n, gold_n) if x}:
            got = events_from_percent(float(vals["percent"]), int(size))
            if got and _eq(got[0], gold):
                return True
    return False


def place_right(place: dict, line: dict, spread: bool = False) -> bool:
    """Whether the place's arms' records hold the gold values (``spread``: the SDs as well)."""
    g = line["gold"]
    if place["type"] != line["type"]:
        return False
    for short, side in SIDES:
        vals = place[short]
        if line["type"] == "binary":
            if not _events(vals, place[f"{short}_n"], g[f"{side}_group_size"], g[f"{side}_events"]):
                return False
        else:
            if not _eq(vals.get("mean"), g[f"{side}_mean"]):
                return False
            if spread and not (_eq(vals.get("sd"), g[f"{side}_sd"]) or vals.get("sd") is None and g[f"{side}_sd"] is None):
                return False
    return True


def gold_blank(line: dict) -> bool:
    """Whether the gold has no values (events / means / SDs) at all: then a null answer's values are right."""
    return all(v is None for k, v in line["gold"].items() if "group_size" not in k)


def examples(lines: list[dict]) -> list[tuple[dict, int]]:
    """(features, label) of every place."""
    return [(p["f"], int(place_right(p, line))) for line in lines for p in line["places"]]


def fit(rows: list[tuple[dict, int]]) -> dict:
    """A logistic regression over the places, as the JSON spec ``place_rank.probability`` reads."""
    return fit_logistic(rows, c=C, seed=SEED)


def choose(line: dict, probs: list[float], hand_floor: float, floor: float, margin: float) -> int | None:
    """The place the ranker answers from (None: no values), as ``place_rank.rerank`` does."""
    places = line["places"]
    ok = [k for k, p in enumerate(places) if p["f"].get("hand", 0.0) >= hand_floor]
    if not ok:
        return None
    k = max(ok, key=lambda j: (probs[j], places[j]["f"].get("hand", 0.0)))
    hand = line["hand"]
    if hand is not None and hand in ok and probs[k] - probs[hand] < margin:
        k = hand
    return k if probs[k] >= floor else None


def item_right(line: dict, k: int | None) -> bool:
    """Whether the item's values are right when the answer comes from place ``k``."""
    if k == line["hand"]:
        return bool(line["values_right"])
    if k is None:
        return gold_blank(line)
    return place_right(line["places"][k], line, spread=True)


def tally(lines: list[dict], picks: list[int | None]) -> dict:
    """Items whose values are right, per type, and how many answers changed."""
    out: dict = {"binary": [0, 0], "continuous": [0, 0], "changed": 0, "nulled": 0}
    for line, k in zip(lines, picks):
        out[line["type"]][0] += int(item_right(line, k))
        out[line["type"]][1] += 1
        out["changed"] += int(k != line["hand"])
        out["nulled"] += int(k is None and line["hand"] is not None)
    out["right"] = out["binary"][0] + out["continuous"][0]
    return out


def main(argv: list[str] | None = None) -> int:
    """Choose the setting on leave-one-gold-out items, fit on all lines, write the model (and report)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("features", type=Path, nargs="+", help="place lines (benchmarks/place_rank_features.py)")
    ap.add_argument("--out", type=Path, default=Path(place_rank.MODEL_PATH).parent)
    ap.add_argument("--report", type=Path, help="write the leave-one-gold-out figures here (JSON)")
    args = ap.parse_args(argv)
    lines = [l for p in args.features for l in load(p)]
    sets = list(dict.fromkeys(l["set"] for l in lines))
    if HELD_OUT & set(sets):
        raise SystemExit(f"error: held-out gold sets in the features: {sorted(HELD_OUT & set(sets))}")
    by_set = {s: [l for l in lines if l["set"] == s] for s in sets}
    probs = {}
    for held in sets:
        model = fit(examples([l for l in lines if l["set"] != held]))
        probs[held] = [[place_rank.probability(model, p["f"]) for p in l["places"]] for l in by_set[held]]
    ordered = [l for s in sets for l in by_set[s]]
    ordered_p = [p for s in sets for p in probs[s]]
    hand = tally(ordered, [l["hand"] for l in ordered])
    curve = []
    for hf in HAND_FLOORS:
        for fl in FLOORS:
            for mg in MARGINS:
                t = tally(ordered, [choose(l, p, hf, fl, mg) for l, p in zip(ordered, ordered_p)])
                curve.append({"hand_floor": hf, "floor": fl, "margin": mg, **t})
    best = max(curve, key=lambda c: (c["right"], c["margin"], c["floor"], -c["changed"]))
    use = best["right"] > hand["right"]
    setting = {k: best[k] for k in ("hand_floor", "floor", "margin")}
    per_set = []
    for s in sets:
        for form in dict.fromkeys(l["form"] for l in by_set[s]):
            idx = [i for i, l in enumerate(by_set[s]) if l["form"] == form]
            ls = [by_set[s][i] for i in idx]
            picks = [choose(by_set[s][i], probs[s][i], **setting) for i in idx]
            per_set.append({"held_out": s, "form": form, "hand": tally(ls, [l["hand"] for l in ls]),
                            "model": tally(ls, picks)})
    spec = {**fit(examples(lines)), **setting, "use": use, "trained_on": sets, "seed": SEED, "C": C}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "model.json").write_text(json.dumps(spec, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    report = {**setting, "use": use, "pooled_hand": hand, "pooled_model": best, "per_set": per_set, "curve": curve}
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"hand_floor {setting['hand_floor']}, floor {setting['floor']}, margin {setting['margin']}, use {use} "
          "(most held-out items' values right, pooled)")
    print(f"{'held out':<14} {'form':<6} {'binary hand -> model':>22} {'continuous hand -> model':>26}  changed nulled")
    for row in per_set:
        h, m = row["hand"], row["model"]
        print(f"{row['held_out']:<14} {row['form']:<6} {h['binary'][0]:>8} -> {m['binary'][0]:>3}/{m['binary'][1]:<3}"
              f"      {h['continuous'][0]:>8} -> {m['continuous'][0]:>3}/{m['continuous'][1]:<3}"
              f"     {m['changed']:>3} {m['nulled']:>3}")
    print(f"pooled: hand {hand['right']} (binary {hand['binary']}, continuous {hand['continuous']}) -> model "
          f"{best['right']} (binary {best['binary']}, continuous {best['continuous']}), changed {best['changed']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
