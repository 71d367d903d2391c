"""benchmarks/ft_missed_stages.py: the stage that loses an all-null full-text item, from its trace."""
from __future__ import annotations

from stemfoot.benchmarks.ft_missed_stages import _written, stage_of

ITEM = {"outcome_type": "continuous", "intervention_mean": "12.5", "comparator_mean": "10",
        "intervention_events": "", "comparator_events": "", "in_table": False}
TEXT = "Scores were 12.50 in A and 10 in B."


def _rec(arm: str | None, mean: float) -> dict:
    return {"arm": arm, "mean": mean}


def test_a_number_is_written_as_a_number_of_its_own():
    assert _written(12.5, "was 12.50 ± 3")
    assert not _written(12.5, "was 112.5 or 12.55")
    assert _written(-2.3, "a change of −2.3 points")
    assert not _written(12, "in 120 patients") and not _written(12, "a score of 12.5")
    assert _written(12, "12.0 kg, then 12.") and _written(1234.567, "an area of 1234.567 mm2")


def test_a_middle_dot_or_a_decimal_comma_is_a_decimal_point():
    assert _written(8.5, "a median of 8·5 days") and _written(5.24, "was 5,24 ± 1,1")
    assert not _written(5.24, "was 15,24 or 5,245") and not _written(5, "in 5,240 patients")


def test_the_first_stage_that_loses_the_item():
    assert stage_of(ITEM, {"outcome_type": "binary"}, [], [], TEXT) == "type"
    assert stage_of(ITEM, {}, [], [], "nothing here") == "not_in_article"
    assert stage_of(ITEM, {}, [], [_rec("A", 12.5)], TEXT) == "not_read_prose"
    assert stage_of({**ITEM, "in_table": True}, {}, [], [], TEXT) == "not_read_table"
    assert stage_of(ITEM, {}, [], [_rec(None, 12.5), _rec(None, 10.0)], TEXT) == "no_arm"
    a, b = _rec("A", 12.5), _rec("B", 10.0)
    assert stage_of(ITEM, {}, [{"recs": [a]}, {"recs": [b]}], [a, b], TEXT) == "different_places"
    assert stage_of(ITEM, {}, [{"recs": [a, b], "skip": "o_sim"}], [a, b], TEXT) == "place_skipped_o_sim"
    other = _rec("C", 9.0)
    assert stage_of(ITEM, {}, [{"recs": [a, b, other], "score": 0.4, "i_rec": a, "c_rec": other}],
                    [a, b, other], TEXT) == "arms_not_linked"
    assert stage_of(ITEM, {}, [{"recs": [a, b], "score": 0.1, "i_rec": a, "c_rec": b}], [a, b], TEXT) == "place_not_best"
