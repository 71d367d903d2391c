"""Full-text answers that changed between two runs, item by item (run it after a retrain, before merging it).

    python benchmarks/ft_answer_diff.py BEFORE_DIR AFTER_DIR [--form full|frag] [--yun YUN_ANNOTATIONS.jsonl]
        [--gold ft_dev_gold27 ...]

BEFORE_DIR and AFTER_DIR are output folders of ``ft_dev_golds.sh`` (or of ``bench_fulltext.py --out``, named
``<gold>_<form>.answers.jsonl``). Every gold both folders answered is paired by position (prompt ids can repeat) and
each item whose outcome numbers changed is listed under one of: ``null->numbers`` (no number before, some after),
``numbers->null``, ``right->wrong``, ``wrong->right``, ``wrong->other wrong``, ``right->right`` (numbers the same and
right, a group size changed). "right" is the numbers of the item's type right (``ft_item_classes``: ``right``,
``sizes_only``, ``sizes_only_blank``); a null answer to a blank gold is right. The tally line counts each transition;
``null->numbers`` with a wrong answer after is the retrain's lost deliberate nulls, ``numbers->null`` with a right
answer before its lost right answers.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

GOLD_DIR = Path(__file__).resolve().parent / "data"
_spec = importlib.util.spec_from_file_location("ft_item_classes", Path(__file__).resolve().parent / "ft_item_classes.py")
_classes = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_classes)
RIGHT = {"right", "sizes_only", "sizes_only_blank"}
ORDER = ("null->numbers", "numbers->null", "right->wrong", "wrong->right", "wrong->other wrong", "right->right")


def numbers(gold: dict, answer: dict) -> tuple:
    """The answer's outcome numbers for the gold's type (events, or means and SDs), rounded as the bench does."""
    fields = _classes.BINARY if gold["outcome_type"] == "binary" else _classes.CONTINUOUS
    return tuple(_classes._bench._ours(answer.get(_classes.ANSWER_FIELD.get(f, f))) for f in fields)


def transition(gold: dict, before: dict, after: dict) -> str | None:
    """How one item's answer changed (one of ``ORDER``), or None when its numbers and sizes are unchanged."""
    nb, na = numbers(gold, before), numbers(gold, after)
    sizes = [(before.get(f), after.get(f)) for f in _classes.SIZES]
    if nb == na and all(b == a for b, a in sizes):
        return None
    if nb == na:
        return "right->right" if _classes.classify(gold, after) in RIGHT else None
    null_b, null_a = all(v is None for v in nb), all(v is None for v in na)
    if null_b:
        return "null->numbers"
    if null_a:
        return "numbers->null"
    ok_b, ok_a = _classes.classify(gold, before) in RIGHT, _classes.classify(gold, after) in RIGHT
    if ok_b and not ok_a:
        return "right->wrong"
    if ok_a and not ok_b:
        return "wrong->right"
    return "wrong->other wrong"


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def compare(before: Path, after: Path, form: str, yun: Path | None = None,
            golds: list[str] | None = None) -> list[tuple[str, str, dict, dict, dict]]:
    """(transition, gold name, gold item, before, after) of each changed item of the golds both folders answered."""
    out = []
    for path in sorted(before.glob(f"*_{form}.answers.jsonl")):
        name = path.name.replace(f"_{form}.answers.jsonl", "")
        other = after / path.name
        gold_path = yun if name == "yun" else GOLD_DIR / f"{name}.jsonl"
        if golds and name not in golds or not other.exists() or gold_path is None or not gold_path.exists():
            continue
        rows = [_lines(gold_path), _lines(path), _lines(other)]
        if len({len(r) for r in rows}) > 1:  # items are paired by position: a short file would drop the rest
            raise ValueError(f"{path} and {other} answer {len(rows[1])} and {len(rows[2])} items of "
                             f"{gold_path}'s {len(rows[0])}: not the same run of that gold")
        for gold, b, a in zip(*rows):
            how = transition(gold, b, a)
            if how:
                out.append((how, name, gold, b, a))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 epilog="Transitions: " + ", ".join(ORDER))
    ap.add_argument("before", type=Path, help="answers before (an ft_dev_golds.sh OUTDIR)")
    ap.add_argument("after", type=Path, help="answers after")
    ap.add_argument("--form", choices=("full", "frag"), default="full")
    ap.add_argument("--yun", type=Path, metavar="GOLD", help="also Yun dev (yun_FORM.answers.jsonl) against this "
                    "annotations.jsonl (../shared/data/fulltext/yun_dev/annotations.jsonl)")
    ap.add_argument("--gold", nargs="*", help="only these golds (e.g. ft_dev_gold28)")
    args = ap.parse_args(argv)
    try:
        changed = compare(args.before, args.after, args.form, args.yun, args.gold)
    except ValueError as err:
        print(f"ft_answer_diff: {err}", file=sys.stderr)
        return 2
    tally = Counter(how for how, *_ in changed)
    for how in ORDER:
        for h, name, gold, b, a in changed:
            if h == how:
                print(f"{how:18s} {name} {gold.get('prompt_id')} PMC{gold['pmcid']} {gold['outcome'][:50]!r} "
                      f"{list(numbers(gold, b))} -> {list(numbers(gold, a))} "
                      f"({_classes.classify(gold, b)} -> {_classes.classify(gold, a)})")
    wrong_new = sum(1 for h, _, gold, _, a in changed if h == "null->numbers" and _classes.classify(gold, a) not in RIGHT)
    # A new null is a removed wrong number or a lost right one: the tally says which.
    right_lost = sum(1 for h, _, gold, b, _ in changed if h == "numbers->null" and _classes.classify(gold, b) in RIGHT)
    print(f"{args.form}: " + ", ".join(f"{how} {tally[how]}" for how in ORDER) +
          f"; null->numbers answered wrong {wrong_new}; numbers->null was right {right_lost}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
