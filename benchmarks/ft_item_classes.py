"""Full-text items by what went wrong, from the answer files of ``ft_dev_golds.sh`` (or ``bench_fulltext.py --out``).

    python benchmarks/ft_item_classes.py OUTDIR [--form full|frag] [--list CLASS] [--yun YUN_ANNOTATIONS.jsonl]

Classes of each gold item (Yun et al.'s fields of its type): ``right``; ``sizes_only`` (the numbers right, a group
size wrong; ``sizes_only_blank`` when the numbers are rightly blank); ``answered_blank_gold`` (numbers given where
the gold has none); ``missed_all`` (no number where the gold has some); ``one_arm_right`` (half the numbers right);
``wrong_numbers``. Answers are paired with gold items by position in the gold file (prompt ids can repeat).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
from collections import Counter, defaultdict
from pathlib import Path

BINARY = ("intervention_events", "comparator_events")
CONTINUOUS = ("intervention_mean", "intervention_standard_deviation", "comparator_mean",
              "comparator_standard_deviation")
SIZES = ("intervention_group_size", "comparator_group_size")
ANSWER_FIELD = {"intervention_standard_deviation": "intervention_sd", "comparator_standard_deviation": "comparator_sd"}
GOLD_DIR = Path(__file__).resolve().parent / "data"


# The bench's own reading of gold and answer numbers, so that "right" here is right there ("NR" and "\u22122.3" are
# blank golds for both).
_spec = importlib.util.spec_from_file_location("bench_fulltext", Path(__file__).resolve().parent / "bench_fulltext.py")
_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_bench)


def classify(gold: dict, answer: dict) -> str:
    """The class of one item (see the module docstring)."""
    fields = BINARY if gold["outcome_type"] == "binary" else CONTINUOUS
    got = {f: _bench._ours(answer.get(ANSWER_FIELD.get(f, f))) for f in fields}
    want = {f: _bench._gold(gold[f]) for f in fields}
    sizes_ok = all(_bench._gold(gold[f]) == _bench._ours(answer.get(f)) for f in SIZES)
    if got == want:
        if sizes_ok:
            return "right"
        return "sizes_only_blank" if all(v is None for v in want.values()) else "sizes_only"
    if all(v is None for v in want.values()):
        return "answered_blank_gold"
    if all(v is None for v in got.values()):
        return "missed_all"
    right = sum(got[f] == want[f] for f in fields)
    return "one_arm_right" if 2 * right >= len(fields) else "wrong_numbers"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--form", choices=("full", "frag"), default="full")
    ap.add_argument("--list", help="print the items of this class")
    ap.add_argument("--yun", metavar="GOLD", help="also Yun dev's answers (yun_FORM.answers.jsonl) against this "
                    "annotations.jsonl (../shared/data/fulltext/yun_dev/annotations.jsonl)")
    args = ap.parse_args(argv)
    counts: Counter = Counter()
    items: dict[str, list[str]] = defaultdict(list)
    paths = sorted(Path(args.outdir).glob(f"ft_dev_gold*_{args.form}.answers.jsonl"))
    if args.yun:
        paths += sorted(Path(args.outdir).glob(f"yun_{args.form}.answers.jsonl"))
    for path in paths:
        name = path.name.replace(f"_{args.form}.answers.jsonl", "")
        gold_path = Path(args.yun) if name == "yun" else GOLD_DIR / f"{name}.jsonl"
        if not gold_path.exists():
            continue
        golds = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
        answers = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for gold, answer in zip(golds, answers):
            cls = classify(gold, answer)
            counts[cls] += 1
            items[cls].append(f"{name} {gold.get('prompt_id')} PMC{gold['pmcid']} {gold['outcome'][:60]!r}")
    for cls, n in counts.most_common():
        print(f"{cls:22s} {n}")
    for line in items.get(args.list or "", []):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
