"""benchmarks/ft_item_classes.py: what went wrong with one full-text item (Yun et al.'s fields of its type)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "ft_item_classes.py"
_spec = importlib.util.spec_from_file_location("ft_item_classes", _PATH)
ft_item_classes = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ft_item_classes)
classify = ft_item_classes.classify

BLANK = {"intervention_events": "", "comparator_events": "", "intervention_mean": "", "comparator_mean": "",
         "intervention_standard_deviation": "", "comparator_standard_deviation": ""}


def _gold(**fields: str) -> dict:
    return {"outcome_type": "continuous", **BLANK, "intervention_group_size": "30", "comparator_group_size": "28",
            **fields}


def _answer(**fields: object) -> dict:
    return {"intervention_group_size": 30, "comparator_group_size": 28, **fields}


def test_numbers_compare_as_numbers_and_as_the_bench_reads_them():
    gold = _gold(intervention_mean="-1.50", comparator_mean="2")
    assert classify(gold, _answer(intervention_mean=-1.5, comparator_mean=2.0)) == "right"
    # a gold the bench cannot read as a number ("NR") is a blank gold here too; a unicode minus is a minus
    assert classify(_gold(intervention_mean="NR"), _answer()) == "right"
    assert classify(_gold(intervention_mean="\u22121.5"), _answer(intervention_mean=-1.5)) == "right"


def test_sizes_wrong_with_numbers_right_or_rightly_blank():
    gold = _gold(intervention_mean="4", comparator_mean="5")
    assert classify(gold, _answer(intervention_mean=4, comparator_mean=5, comparator_group_size=58)) == "sizes_only"
    assert classify(_gold(), _answer(comparator_group_size=None)) == "sizes_only_blank"


def test_missed_wrong_and_half_right():
    gold = _gold(intervention_mean="4", comparator_mean="5", intervention_standard_deviation="1",
                 comparator_standard_deviation="2")
    assert classify(gold, _answer()) == "missed_all"
    assert classify(gold, _answer(intervention_mean=4, intervention_sd=1, comparator_mean=9, comparator_sd=9)) \
        == "one_arm_right"
    assert classify(gold, _answer(intervention_mean=7, intervention_sd=1, comparator_mean=9, comparator_sd=9)) \
        == "wrong_numbers"
    assert classify(_gold(), _answer(intervention_mean=3)) == "answered_blank_gold"


def test_binary_items_read_events_only():
    gold = {**_gold(intervention_events="12", comparator_events="7"), "outcome_type": "binary"}
    assert classify(gold, _answer(intervention_events=12, comparator_events=7, intervention_mean=99)) == "right"
