"""Round ft23: time points in minutes and time points written with number words or ordinals (outcome-data)."""
from __future__ import annotations

from stemfoot.corpus.jats import build_table
from stemfoot.extract.outcome_query import answer_query, other_time, time_mentions, time_points
from stemfoot.extract.tables import read_column, table_statistics


def test_a_query_time_in_words_or_ordinals_is_its_digits() -> None:
    assert (1.0, "month") in time_mentions("pain during the first month of treatment")
    assert (7.0, "week") in time_points("systolic blood pressure at week seven")
    assert (6.0, "week") in time_points("6th week")
    assert other_time(time_points("pain during the first month"), time_points("Month 2"))
    assert not other_time(time_points("pain during the first month"), time_points("Month 1"))


def test_ordinals_and_number_words_away_from_a_unit_name_no_time() -> None:
    assert not time_points("first-line therapy") and not time_points("the second primary outcome")
    assert not time_points("two groups at months")  # no amount before or after the unit


def test_minutes_are_a_time_but_a_minutes_walk_test_is_not() -> None:
    assert time_points("240 min") == {(240.0, "minute")}
    assert (30.0, "minute") in time_mentions("CBF 30-minutes post-acetazolamide")
    assert not time_points("6-minute walk test") and not time_points("6 min walk distance")
    assert not other_time(time_points("Weight at 6 months"), time_points("30 min"))  # another unit family


def test_a_column_in_minutes_is_a_time_point_of_its_arm() -> None:
    col = read_column(1, "HIT / 240 min")
    assert (col.arm, col.timepoint) == ("HIT", "240 min")
    assert read_column(1, "6 min walk (m)").timepoint is None


def test_a_query_naming_no_time_reads_the_last_minute_column() -> None:
    header = [["", "HIT", "HIT", "MCT", "MCT"], ["", "0 min", "240 min", "0 min", "240 min"]]
    body = [["Total cholesterol (mg/dL)", "151.3 (21.0)", "164.8 (20.2)", "153.1 (29.1)", "167.1 (29.4)"]]
    table = build_table("Table 2", "Postprandial lipids, mean (SD)", [], header, body)
    stats = table_statistics(table)
    assert {s["timepoint"] for s in stats} == {"0 min", "240 min"}
    q = {"id": 1, "study": "PMC1", "outcome": "total cholesterol", "intervention": "HIT", "comparator": "MCT"}
    ans = answer_query(q, stats, [], tables=[table])
    assert (ans["intervention_mean"], ans["comparator_mean"]) == (164.8, 167.1)
