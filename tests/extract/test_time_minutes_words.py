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


def test_minutes_after_a_word_name_an_arm_not_a_time() -> None:
    # "Laser 10 min" vs "Laser 20 min": a dose of each arm; read as a time both arms were "Laser" (no answer).
    assert (read_column(1, "Laser 10 min (n = 18)").arm, read_column(1, "Laser 10 min (n = 18)").timepoint) == (
        "Laser 10 min", None)
    header = [["", "Laser 10 min (n = 18)", "Laser 20 min (n = 18)", "Sham (n = 18)"]]
    table = build_table("Table 2", "Wound area (cm2) at 4 weeks, mean (SD)", [], header,
                        [["Wound area", "3.1 (1.0)", "2.4 (0.9)", "4.2 (1.2)"]])
    q = {"id": 1, "study": "PMC1", "outcome": "wound area", "intervention": "Laser 10 min", "comparator": "Laser 20 min"}
    ans = answer_query(q, table_statistics(table), [], tables=[table])
    assert (ans["intervention_mean"], ans["comparator_mean"]) == (3.1, 2.4)


def test_a_length_or_a_frequency_is_no_time() -> None:
    for text in ("2-minute step test", "12-min treadmill test", "at least 150 min/week of activity",
                 "walking 30 minutes per day", "30 min daily walking", "dressing changed every second day",
                 "injections every 2 weeks"):
        assert not time_points(text), text
    assert time_points("30 min after the ingestion") == {(30.0, "minute")}
    assert time_points("the second week") == {(2.0, "week"), (14.0, "day")}
    # A query naming a test's length keeps the last-time default of month columns.
    header = [["", "Exercise (n = 30)", "Exercise (n = 30)", "Usual care (n = 30)", "Usual care (n = 30)"],
              ["", "6 months", "12 months", "6 months", "12 months"]]
    table = build_table("Table 2", "Outcomes, mean (SD)", [], header,
                        [["HbA1c (%)", "7.9 (1.0)", "7.4 (0.9)", "8.0 (1.1)", "8.1 (1.0)"]])
    q = {"id": 1, "study": "PMC1", "outcome": "HbA1c (%) with >=150 min/week of exercise", "intervention": "Exercise",
         "comparator": "Usual care"}
    ans = answer_query(q, table_statistics(table), [], tables=[table])
    assert (ans["intervention_mean"], ans["comparator_mean"]) == (7.4, 8.1)


def test_a_fasting_query_reads_the_zero_minute_column_of_a_test() -> None:
    header = [["", "BMMNC", "BMMNC", "BMMNC", "Control", "Control", "Control"],
              ["", "0 min", "30 min", "120 min", "0 min", "30 min", "120 min"]]
    table = build_table("Table 2", "Oral glucose tolerance test, mean (SD)", [], header,
                        [["Glucose (mmol/L)", "7.1 (1.2)", "10.2 (2.0)", "9.0 (1.8)", "7.5 (1.1)", "10.9 (2.1)", "9.9 (1.7)"]])
    stats = table_statistics(table)
    q = {"id": 1, "study": "PMC1", "outcome": "fasting plasma glucose", "intervention": "BMMNC", "comparator": "Control"}
    ans = answer_query(q, stats, [], tables=[table])
    assert (ans["intervention_mean"], ans["comparator_mean"]) == (7.1, 7.5)
    ans = answer_query({**q, "outcome": "plasma glucose"}, stats, [], tables=[table])
    assert (ans["intervention_mean"], ans["comparator_mean"]) == (9.0, 9.9)  # no time named: the last, as before


def test_a_query_naming_a_time_the_table_lacks_is_not_answered_by_the_baseline_column() -> None:
    header = [["", "PRP (n = 20)", "PRP (n = 20)", "PRP (n = 20)", "Saline (n = 20)", "Saline (n = 20)", "Saline (n = 20)"],
              ["", "Baseline", "Month 1", "Month 3", "Baseline", "Month 1", "Month 3"]]
    table = build_table("Table 2", "Pain (VAS), mean (SD)", [], header,
                        [["VAS", "7.0 (1.0)", "4.0 (1.1)", "2.0 (0.9)", "7.1 (1.2)", "5.9 (1.0)", "5.0 (1.1)"]])
    stats = table_statistics(table)
    q = {"id": 1, "study": "PMC1", "outcome": "VAS pain during the second month", "intervention": "PRP",
         "comparator": "Saline"}
    assert answer_query(q, stats, [], tables=[table])["intervention_mean"] is None  # null beats the baseline
    ans = answer_query({**q, "outcome": "VAS pain at the third month"}, stats, [], tables=[table])
    assert (ans["intervention_mean"], ans["comparator_mean"]) == (2.0, 5.0)


def test_minutes_under_a_visit_keep_the_visit() -> None:
    # A meal test at baseline and at 12 months: "12 months / 0 min" is not "Baseline / 0 min" (one place, the first).
    assert read_column(3, "Cells (n = 12) / 12 months / 0 min").timepoint == "12 months, 0 min"
    assert read_column(1, "HIT / 240 min").timepoint == "240 min"
    visits, minutes = ["Baseline", "Baseline", "12 months", "12 months"], ["0 min", "120 min", "0 min", "120 min"]
    header = [["", *["Cells (n = 12)"] * 4, *["Control (n = 12)"] * 4], ["", *visits * 2], ["", *minutes * 2]]
    table = build_table("Table 2", "Glucose during a meal test, mean (SD)", [], header, [[
        "Glucose (mmol/L)", "8.0 (1.0)", "12.0 (2.0)", "7.0 (1.0)", "10.0 (2.0)", "8.1 (1.0)", "12.1 (2.0)", "8.2 (1.0)",
        "12.5 (2.0)"]])
    stats = table_statistics(table)
    q = {"id": 1, "study": "PMC1", "outcome": "fasting glucose", "intervention": "Cells", "comparator": "Control"}
    for outcome, want in (("fasting glucose", (7.0, 8.2)), ("glucose at 12 months", (7.0, 8.2)), ("glucose", (10.0, 12.5))):
        ans = answer_query({**q, "outcome": outcome}, stats, [], tables=[table])
        assert (ans["intervention_mean"], ans["comparator_mean"]) == want, outcome
