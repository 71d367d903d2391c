"""benchmarks/ft_answer_diff.py: which full-text items changed between two answer folders, and how."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "ft_answer_diff.py"
_spec = importlib.util.spec_from_file_location("ft_answer_diff", _PATH)
ft_answer_diff = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ft_answer_diff)

GOLD = {"outcome_type": "binary", "pmcid": 1, "prompt_id": 7, "outcome": "adverse events",
        "intervention_events": "3", "comparator_events": "5", "intervention_group_size": "20",
        "comparator_group_size": "20", "intervention_mean": "", "comparator_mean": "",
        "intervention_standard_deviation": "", "comparator_standard_deviation": ""}
NULL = {"intervention_group_size": 20, "comparator_group_size": 20}
RIGHT = {**NULL, "intervention_events": 3, "comparator_events": 5}
WRONG = {**NULL, "intervention_events": 1, "comparator_events": 1}


def test_each_transition():
    t = ft_answer_diff.transition
    assert t(GOLD, NULL, WRONG) == "null->numbers"
    assert t(GOLD, RIGHT, NULL) == "numbers->null"
    assert t(GOLD, RIGHT, WRONG) == "right->wrong"
    assert t(GOLD, WRONG, RIGHT) == "wrong->right"
    assert t(GOLD, WRONG, {**WRONG, "comparator_events": 2}) == "wrong->other wrong"
    assert t(GOLD, {**RIGHT, "comparator_group_size": 19}, RIGHT) == "right->right"
    assert t(GOLD, RIGHT, dict(RIGHT)) is None


def _two_runs(tmp_path, before: list[dict], after: list[dict]):
    """A Yun gold of two items and two run folders answering them; returns the gold's path."""
    gold = tmp_path / "annotations.jsonl"
    gold.write_text(json.dumps(GOLD) + "\n" + json.dumps(GOLD) + "\n", "utf-8")
    for d, answers in (("before", before), ("after", after)):
        (tmp_path / d).mkdir()
        (tmp_path / d / "yun_full.answers.jsonl").write_text("".join(json.dumps(a) + "\n" for a in answers), "utf-8")
    return gold


def test_folders_paired_by_position_and_name(tmp_path, capsys):
    gold = _two_runs(tmp_path, [NULL, RIGHT], [WRONG, RIGHT])
    changed = ft_answer_diff.compare(tmp_path / "before", tmp_path / "after", "full", gold)
    assert [(how, name) for how, name, *_ in changed] == [("null->numbers", "yun")]
    assert ft_answer_diff.main([str(tmp_path / "before"), str(tmp_path / "after"), "--yun", str(gold)]) == 0
    assert "null->numbers answered wrong 1" in capsys.readouterr().out


def test_a_lost_right_answer_is_tallied(tmp_path, capsys):
    gold = _two_runs(tmp_path, [RIGHT, WRONG], [NULL, NULL])
    ft_answer_diff.main([str(tmp_path / "before"), str(tmp_path / "after"), "--yun", str(gold)])
    out = capsys.readouterr().out
    assert "numbers->null 2" in out and "numbers->null was right 1" in out


def test_answer_files_of_different_lengths_are_an_error(tmp_path, capsys):
    gold = _two_runs(tmp_path, [RIGHT, WRONG], [NULL])
    assert ft_answer_diff.main([str(tmp_path / "before"), str(tmp_path / "after"), "--yun", str(gold)]) == 2
    err = capsys.readouterr().err
    assert "yun_full.answers.jsonl" in err and "answer 2 and 1 items" in err and err.count("\n") == 1
