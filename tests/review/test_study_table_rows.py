"""A trial's row from per-arm values (pure: no database, no NLP)."""
import pytest

from stemfoot.review.study_table import _arm_row, _Skip, _Stat, _Study


def _study() -> _Study:
    return _Study(1, "1", "Qin 2016", 2016, design="rct", arm_roles={"cells": "intervention", "control": "control"},
                  arm_n={"cells": 30, "control": 30})


def _events(arm: str, role: str, **values: float) -> _Stat:
    return _Stat(1, "amputation", arm, None, "events" if "events" in values else "percent", role=role, values=values)


def test_a_count_and_the_percentage_restating_it_are_counted_once():
    stats = [_events("cells", "intervention", events=3, total=30), _events("cells", "intervention", percent=10.0),
             _events("control", "control", events=9, total=30)]
    row = _arm_row({1: _study()}, stats, "binary")
    assert (row["events_t"], row["total_t"], row["events_c"], row["total_c"]) == (3, 30, 9, 30)


def test_two_different_values_of_one_arm_leave_the_trial_out_instead_of_adding_up():
    stats = [_events("cells", "intervention", events=2), _events("cells", "intervention", events=2, total=21),
             _events("control", "control", events=7, total=30)]
    with pytest.raises(_Skip, match="2 different values for cells"):
        _arm_row({1: _study()}, stats, "binary")


def test_two_arms_on_one_side_are_still_combined():
    study = _Study(1, "1", "Lu 2011", 2011, arm_roles={"low": "intervention", "high": "intervention",
                                                        "control": "control"},
                   arm_n={"low": 10, "high": 10, "control": 10})
    stats = [_events("low", "intervention", events=2), _events("low", "intervention", percent=20.0),
             _events("high", "intervention", events=3), _events("control", "control", events=5)]
    row = _arm_row({1: study}, stats, "binary")
    assert (row["events_t"], row["total_t"], row["multiarm"]) == (5, 20, "2 experimental arms combined")
    # Each arm's label stands next to its own numbers, once.
    assert row["arms_t"] == "low; high" and row["_arms"]["t"] == [("low", 2, 10), ("high", 3, 10)]
