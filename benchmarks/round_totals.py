"""Totals of ``benchmarks/measure_round.sh`` outputs, and the per-gold moves between two of them (start → final).

    python benchmarks/round_totals.py START_OUT [FINAL_OUT]

Abstract dev golds (``OUT/dev/<gold>.txt``): matched / extracted / gold of results on the right arm + outcome, with
the right timepoint, and arm sizes, summed over the golds; wrong = extracted − matched. Full-text dev golds
(``OUT/ft/<gold>_full.json`` and ``.answers.jsonl``): exact matches, binary and continuous, of the golds held out of
the place ranker (``HELD_OUT`` in tools/train_place_rank.py) and of the rest, with ``ft_item_classes``' classes and
wrong = wrong_numbers + one_arm_right + answered_blank_gold. Blind outputs are not read.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
from collections import Counter
from pathlib import Path

from stemfoot.tools.train_place_rank import HELD_OUT

FIELDS = ("results_arm_outcome", "results_timepoint", "arm_n")
WRONG_CLASSES = ("wrong_numbers", "one_arm_right", "answered_blank_gold")
GOLD_DIR = Path(__file__).resolve().parent / "data"

# The classes as benchmarks/ft_item_classes.py defines them (one definition of "wrong").
_spec = importlib.util.spec_from_file_location("ft_item_classes", Path(__file__).resolve().parent / "ft_item_classes.py")
_classes = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_classes)


def abstract_counts(out: Path) -> dict[str, dict[str, tuple[int, int, int]]]:
    """Per dev gold, the matched / extracted / gold counts of each field in ``FIELDS``."""
    counts: dict[str, dict[str, tuple[int, int, int]]] = {}
    for path in sorted((out / "dev").glob("*.txt")):
        if path.name == "summary.txt":
            continue
        row = {}
        for line in path.read_text("utf-8").splitlines():
            parts = line.split()
            if len(parts) == 4 and parts[0] in FIELDS and parts[3].count("/") == 2:
                row[parts[0]] = tuple(int(x) for x in parts[3].split("/"))
        if row:
            counts[path.stem] = row
    return counts


def fulltext_counts(out: Path, gold_dir: Path = GOLD_DIR) -> dict[str, dict]:
    """Per full-text dev gold (its items in ``gold_dir``), its exact matches by outcome type and its items' classes."""
    counts = {}
    for path in sorted((out / "ft").glob("*_full.json")):
        name = path.name.removesuffix("_full.json")
        exact = {k: tuple(v) for k, v in json.loads(path.read_text("utf-8"))["exact"].items()}
        golds = [json.loads(line) for line in (gold_dir / f"{name}.jsonl").read_text("utf-8").splitlines() if line.strip()]
        answers_path = out / "ft" / f"{name}_full.answers.jsonl"
        answers = [json.loads(line) for line in answers_path.read_text("utf-8").splitlines() if line.strip()]
        counts[name] = {"exact": exact, "classes": Counter(_classes.classify(g, a) for g, a in zip(golds, answers))}
    return counts


def _abstract_line(label: str, counts: dict) -> str:
    total = {f: [sum(c.get(f, (0, 0, 0))[i] for c in counts.values()) for i in range(3)] for f in FIELDS}
    return f"{label}: {len(counts)} golds; " + "; ".join(
        f"{f} {t[0]}/{t[1]}/{t[2]} wrong {t[1] - t[0]}" for f, t in total.items())


def _fulltext_lines(label: str, counts: dict) -> list[str]:
    lines = []
    for group, names in (("held out", [n for n in counts if n in HELD_OUT]),
                         ("the rest", [n for n in counts if n not in HELD_OUT])):
        right = {k: [sum(counts[n]["exact"].get(k, (0, 0))[i] for n in names) for i in (0, 1)]
                 for k in ("binary", "continuous")}
        classes = sum((counts[n]["classes"] for n in names), Counter())
        lines.append(f"{label} full text, {group} ({len(names)} golds): binary {right['binary'][0]}/{right['binary'][1]}"
                     f", continuous {right['continuous'][0]}/{right['continuous'][1]}, wrong "
                     f"{sum(classes[c] for c in WRONG_CLASSES)}; classes {dict(classes.most_common())}")
    return lines


def main(argv: list[str] | None = None, gold_dir: Path = GOLD_DIR) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("start", type=Path)
    ap.add_argument("final", type=Path, nargs="?")
    args = ap.parse_args(argv)
    runs = [args.start] + ([args.final] if args.final else [])
    abstracts = [abstract_counts(r) for r in runs]
    fulltexts = [fulltext_counts(r, gold_dir) for r in runs]
    for run, a, f in zip(runs, abstracts, fulltexts):
        print(_abstract_line(str(run), a))
        print("\n".join(_fulltext_lines(str(run), f)))
    if args.final:
        (a0, a1), (f0, f1) = abstracts, fulltexts
        for name in sorted(set(a0) | set(a1), key=lambda s: (len(s), s)):
            x, y = a0.get(name, {}).get(FIELDS[0]), a1.get(name, {}).get(FIELDS[0])
            if x != y and x and y:
                print(f"  {name}: {x} -> {y}, right {y[0] - x[0]:+d}, wrong {(y[1] - y[0]) - (x[1] - x[0]):+d}")
        for name in sorted(set(f0) | set(f1), key=lambda s: (len(s), s)):
            if f0.get(name, {}).get("exact") != f1.get(name, {}).get("exact"):
                print(f"  {name}: {f0.get(name, {}).get('exact')} -> {f1.get(name, {}).get('exact')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
