"""A query's time against a place's time (outcome-data): another time in the same unit family answers nothing."""
from __future__ import annotations

from stemfoot.extract.outcome_query import other_time, time_points


def test_a_query_after_6_months_is_not_answered_at_3_months() -> None:
    assert other_time(time_points("Recurrence after 6 months"), time_points("3 months"))
    assert other_time(time_points("Pain score at week 12"), time_points("Week 4"))


def test_the_same_time_in_other_spellings_is_the_same_measurement() -> None:
    assert not other_time(time_points("Recurrence after 6 months"), time_points("6-month follow-up"))
    assert not other_time(time_points("HbA1c at 1 year"), time_points("12 months"))
    assert not other_time(time_points("Pain at week 4"), time_points("Day 28"))


def test_times_in_other_unit_families_or_no_time_decide_nothing() -> None:
    assert not other_time(time_points("Weight at 6 months"), time_points("26 weeks"))  # may be one visit
    assert not other_time(time_points("Weight"), time_points("3 months"))
    assert not other_time(time_points("Weight at 6 months"), time_points("end of treatment"))
