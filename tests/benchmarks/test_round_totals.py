"""benchmarks/round_totals.py: a round's dev totals and per-gold moves from measure_round.sh outputs."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "round_totals.py"
_spec = importlib.util.spec_from_file_location("round_totals", _PATH)
round_totals = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(round_totals)

EVALUATE = """field                precision  recall  matched/extracted/gold
arm_n                   100.0%   80.0%  {n}
results_arm_outcome      95.0%   80.0%  {r}
results_timepoint        90.0%   75.0%  {t}
results_arm_outcome: g1: wrong/extra arm:A events '3 of 10' outcome=x tp=None
"""
ITEM = {"outcome_type": "binary", "intervention_events": "3", "comparator_events": "1",
        "intervention_group_size": "10", "comparator_group_size": "9", "intervention_mean": "", "comparator_mean": "",
        "intervention_standard_deviation": "", "comparator_standard_deviation": ""}


def _run(root: Path, dev: dict[str, tuple[str, str, str]], answers: dict[str, list[dict]]) -> Path:
    (root / "dev").mkdir(parents=True)
    (root / "ft").mkdir()
    for name, (n, r, t) in dev.items():
        (root / "dev" / f"{name}.txt").write_text(EVALUATE.format(n=n, r=r, t=t), "utf-8")
    (root / "dev" / "summary.txt").write_text("not read\n", "utf-8")
    for name, items in answers.items():
        right = sum(a.get("intervention_events") == 3 and a.get("comparator_events") == 1 for a in items)
        (root / "ft" / f"{name}_full.json").write_text(json.dumps({"exact": {"binary": [right, len(items)]}}), "utf-8")
        (root / "ft" / f"{name}_full.answers.jsonl").write_text("".join(json.dumps(a) + "\n" for a in items), "utf-8")
    return root


def test_totals_held_out_split_and_moves(tmp_path: Path, capsys) -> None:
    golds = tmp_path / "golds"
    golds.mkdir()
    for name in ("ft_dev_gold9", "ft_dev_gold2"):  # held out of the place ranker / tuned on
        (golds / f"{name}.jsonl").write_text(json.dumps(ITEM) + "\n" + json.dumps(ITEM) + "\n", "utf-8")
    right = {"intervention_events": 3, "comparator_events": 1, "intervention_group_size": 10,
             "comparator_group_size": 9}
    wrong = {**right, "comparator_events": 2}
    start = _run(tmp_path / "s", {"g1": ("4/4/5", "8/10/12", "7/10/12"), "g2": ("2/2/2", "5/5/6", "5/5/6")},
                 {"ft_dev_gold9": [right, {}], "ft_dev_gold2": [wrong, wrong]})
    final = _run(tmp_path / "f", {"g1": ("4/4/5", "9/10/12", "8/10/12"), "g2": ("2/2/2", "5/5/6", "5/5/6")},
                 {"ft_dev_gold9": [right, right], "ft_dev_gold2": [wrong, wrong]})
    assert round_totals.main([str(start), str(final)], gold_dir=golds) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (f"{start}: 2 golds; results_arm_outcome 13/15/18 wrong 2; results_timepoint 12/15/18 wrong 3; "
                      "arm_n 6/6/7 wrong 0")
    assert out[1] == (f"{start} full text, held out (1 golds): binary 1/2, continuous 0/0, wrong 0; "
                      "classes {'right': 1, 'missed_all': 1}")
    assert out[2] == (f"{start} full text, the rest (1 golds): binary 0/2, continuous 0/0, wrong 2; "
                      "classes {'one_arm_right': 2}")
    assert out[3].startswith(f"{final}: 2 golds; results_arm_outcome 14/15/18 wrong 1;")
    assert out[6:] == ["  g1: (8, 10, 12) -> (9, 10, 12), right +1, wrong -1",
                       "  ft_dev_gold9: {'binary': (1, 2)} -> {'binary': (2, 2)}"]
