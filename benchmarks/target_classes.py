"""Gold results by target class, and how the extraction exports each (issue 11, round 25).

Classes: ``arm`` (one arm's value), ``every`` (a zero on two or more arms of one outcome: "no deaths in
either group"), ``pooled`` (a pooled group's), ``cohort`` (the whole sample's), ``between`` (an effect comparing
arms), ``any`` (older golds: arm not stated). For each gold result: ``right`` (exported on its target, as
``tools/evaluate.py`` scores), ``other`` (its value and outcome exported on another target), ``held`` (its value
left unattributed), ``missed`` (no extracted value states it).

    python benchmarks/target_classes.py tests/data/blind29_dev.jsonl ... [--gate off] [--target-model off]
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".pkg"))

from stemfoot.extract import export_gate, target_model  # noqa: E402
from stemfoot.extract.run import extract_records  # noqa: E402
from stemfoot.tools import evaluate as ev  # noqa: E402

CLASSES = ("arm", "every", "pooled", "cohort", "between", "any")
FATES = ("right", "other", "held", "missed")


def atom_class(atom: dict, atoms: list[dict]) -> str:
    """The target class of one gold result."""
    if atom["target"] != "arm":
        return atom["target"]
    if atom["kind"] != "events" or atom.get("events") != 0:
        return "arm"
    twins = {b["arm"] for b in atoms if b["target"] == "arm" and b["outcome"] == atom["outcome"]
             and b["kind"] == "events" and b.get("events") == 0}
    return "every" if len(twins) >= 2 else "arm"


def fates(rec: dict, out: dict) -> Counter:
    """(class, fate) counts of one record's gold results."""
    mapping = ev.arm_mapping(rec["gold"], out)
    atoms = ev.result_atoms(rec["gold"])
    stats = ev.exported_results(out)
    claimed = [s for s in stats if s["_target"] != "unattributed"]
    held = [s for s in stats if s["_target"] == "unattributed"]
    hit = ev.greedy_match(atoms, claimed, lambda a, st: ev.result_right(a, st, mapping))
    c = Counter()
    for i, a in enumerate(atoms):
        same = [s for s in claimed if ev._values_match(a, s) and (not a["outcome"] or s.get("outcome") == a["outcome"])]
        fate = ("right" if i in hit else "other" if same else
                "held" if any(ev._values_match(a, s) for s in held) else "missed")
        c[(atom_class(a, atoms), fate)] += 1
    return c


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("golds", nargs="+")
    ap.add_argument("--gate", choices=("on", "off"), default="on")
    ap.add_argument("--target-model", choices=("on", "off"), default="on")
    args = ap.parse_args(argv)
    if args.target_model == "off":
        target_model.SWITCH.enabled = False
    print("gold".ljust(14) + "".join(f"{k:>20}" for k in CLASSES) + "   (right/other/held/missed)")
    total = Counter()
    for path in args.golds:
        records = ev.load_gold(path)
        texts = ((r.get("title"), r["abstract"]) for r in records)
        if args.gate == "off":
            with export_gate.disabled():
                outs = list(extract_records(texts, pico=False))
        else:
            outs = list(extract_records(texts, pico=False))
        c = Counter()
        for r, o in zip(records, outs):
            c.update(fates(r, o))
        total.update(c)
        print(Path(path).stem.ljust(14) + "".join(f"{'/'.join(str(c[(k, f)]) for f in FATES):>20}" for k in CLASSES))
    print("all".ljust(14) + "".join(f"{'/'.join(str(total[(k, f)]) for f in FATES):>20}" for k in CLASSES))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
