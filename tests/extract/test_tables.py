"""Table grids -> statistics records (cell shapes, headers, orientation, provenance)."""
from __future__ import annotations

from pathlib import Path

import pytest

from stemfoot.corpus.jats import build_table, parse_jats
from stemfoot.extract.tables import (
    article_table_statistics, clean_cell, column_outcomes, parse_cell, read_column, stat_hint, table_statistics,
)

DATA = Path(__file__).parent.parent / "data" / "fulltext"


@pytest.mark.parametrize("cell,shape,values", [
    ("12.3 ± 4.1^a", "pm", {"a": 12.3, "b": 4.1}),
    ("−1.71 (0.12)", "paren", {"a": -1.71, "b": 0.12}),
    ("12 (24.5)", "paren", {"a": 12, "b": 24.5}),
    ("8/20", "frac_pct", {"a": 8, "b": 20}),
    ("62/99 (62.6)", "frac_pct", {"a": 62, "b": 99, "c": 62.6}),
    ("25% (6/24)", "frac_pct", {"a": 6, "b": 24, "c": 25}),
    ("3.1 (2.0–4.5)", "paren_range", {"a": 3.1, "b": 2.0, "c": 4.5}),
    ("0.6 (0.3, 1.2)", "paren_range", {"a": 0.6, "b": 0.3, "c": 1.2}),
    ("43.3%", "pct", {"a": 43.3}),
    ("<0.001*", "p", {"a": 0.001, "op": "<"}),
    ("13 (n)", "count_n", {"a": 13}),
    ("2. 54 (2.337)", "paren", {"a": 2.54, "b": 2.337}),
    ("10.80±2.0 (4.90±1.88)", "pm_pair", {"a": 10.8, "b": 2.0, "c": 4.9, "d": 1.88}),
    ("69.3 (12.6)[52–107]", "paren_then_range", {"a": 69.3, "b": 12.6, "c": 52, "d": 107}),
    ("1,843.2 ± 235.6", "pm", {"a": 1843.2, "b": 235.6}),
    ("175/1,008 (17.4)", "frac_pct", {"a": 175, "b": 1008, "c": 17.4}),
    ("+ 1.9 (5.9)", "paren", {"a": 1.9, "b": 5.9}),
    ("+0.5 (0.6)", "paren", {"a": 0.5, "b": 0.6}),
    # a written plus sign before a decimal comma: 1.5, not 15
    ("+1,5 ± 0,3", "pm", {"a": 1.5, "b": 0.3}),
    ("+12,5%", "pct", {"a": 12.5}),
    ("1,5 ± 0,3", "pm", {"a": 1.5, "b": 0.3}),
    ("1,008", "num", {"a": 1008}),
    ("1,843.2", "num", {"a": 1843.2}),
    ("+0.5", "num", {"a": 0.5}),
    ("1,5", "num", {"a": 1.5}),
    # a thousands comma with decimals in the bracket is an SD, not a range 1 to 21.5; a range keeps its comma
    ("1,843.2 (1,021.5)", "paren", {"a": 1843.2, "b": 1021.5}),
    ("995.2 (1,104.7)", "paren", {"a": 995.2, "b": 1104.7}),
    ("12 (3,5)", "paren_range", {"a": 12, "b": 3, "c": 5}),
])
def test_cell_shapes(cell, shape, values):
    got = parse_cell(cell)
    assert got is not None and got[0] == shape
    for k, v in values.items():
        assert got[1][k] == pytest.approx(v) if k != "op" else got[1][k] == v


@pytest.mark.parametrize("cell", ["—", "NA", "", "visit", "1.00 (Ref.)"])
def test_non_statistics(cell):
    assert parse_cell(cell) is None


def test_markers_and_hints():
    assert clean_cell("35†") == "35" and clean_cell("4.13**") == "4.13"
    assert stat_hint("Mean ± SD") == "mean_sd" and stat_hint("n (%)") == "events"
    assert stat_hint("Mean (SE)") == "mean_se" and stat_hint("P value") == "p"
    assert stat_hint("Median (IQR)") == "median_iqr" and stat_hint("SD") == "sd"
    col = read_column(2, "T1 / EP group (n=19) Mean ± SD")
    assert (col.arm, col.n, col.stat, col.timepoint) == ("EP group", 19, "mean_sd", "T1")
    se = read_column(1, "Placebo (n = 42) / Adjusted mean change (SE)")
    assert se.stat == "mean_se" and se.arm and se.arm.startswith("Placebo")


def _spans_stats():
    table = parse_jats((DATA / "spans.nxml").read_bytes(), "spans")[0]["tables"][0]
    return table, table_statistics(table)


def test_hand_made_table_columns_and_timepoints():
    table, stats = _spans_stats()
    area = [s for s in stats if s["outcome_label"] == "Efficacy / Ulcer area, cm^2" and s["kind"] == "mean_sd"]
    assert {(s["arm"], s["timepoint"], s["mean"], s["sd"], s["total"]) for s in area} == {
        ("Drug A", "Baseline", 4.1, 1.2, 30), ("Drug A", "Week 12", 1.5, 0.9, 30),
        ("Placebo", "Baseline", 4.0, 1.3, 30), ("Placebo", "Week 12", 3.2, 1.1, 30)}
    assert all(s["p"] == 0.001 and s["p_operator"] == "<" for s in area)
    assert [s["baseline"] for s in area] == [True, False, True, False]
    heal = [s for s in stats if "Complete healing" in s["outcome_label"] and s["timepoint"] == "Week 12"]
    assert {(s["arm"], s["events"], s["total"], s["percent"]) for s in heal} == {
        ("Drug A", 12, 30, 40.0), ("Placebo", 6, 30, 20.0)}
    # "x (y)" rows under a caption saying "mean (SD)" are means.
    pain = [s for s in stats if s["outcome_label"].endswith("Pain score") and s["kind"] == "mean_sd"]
    assert pain and pain[0]["mean"] == 6.0 and pain[0]["sd"] == 2.0


def test_provenance_points_at_the_cell():
    table, stats = _spans_stats()
    for s in stats:
        ev = s["evidence"]
        assert ev["table"] == "Table 1"
        assert table["text"][ev["start"]:ev["end"]] == ev["cell"]
        assert ev["row_header"] and ev["column_header"]


def test_arms_as_rows_and_mean_sd_columns():
    rec = parse_jats((DATA / "PMC1216327.nxml").read_bytes(), "x")[0]
    fecal = table_statistics(rec["tables"][5])
    wgj = [s for s in fecal if s["arm"] == "White Grape Juice"]
    assert {(s["timepoint"], s["mean"], s["sd"]) for s in wgj} >= {(None, 3.59, 2.35)} or \
        any(s["mean"] == 3.59 and s["sd"] == 2.35 for s in wgj)
    assert all(s["kind"] == "mean_sd" for s in wgj)


def test_percent_alone_and_events_need_a_hint():
    header = [["", "Drug (n = 50)", "Control (n = 40)"]]
    body = [["Responders", "20 (40.0)", "10 (25.0)"], ["Score", "7 (3)", "8 (2)"]]
    stats = table_statistics(build_table("T", None, [], header, body))
    # "20 (40.0)" agrees with n = 50: events; "7 (3)" has no hint (and no unit, no decimals: round 37's
    # ``unlabelled_mean`` leaves it): nothing.
    assert [(s["arm"], s["events"], s["total"]) for s in stats] == [("Drug", 20, 50), ("Control", 10, 40)]


def test_se_columns_are_not_sd():
    header = [["", "Placebo (n = 99) / Mean change (SE)", "Drug (n = 101) / Mean change (SE)"]]
    stats = table_statistics(build_table("T", None, [], header, [["CGI-S", "-1.71 (0.12)", "-1.88 (0.12)"]]))
    assert all(s["sd"] is None and s["se"] == 0.12 and "se_not_sd" in s["flags"] for s in stats)


def test_change_from_baseline_and_separate_n_column():
    header = [["", "n", "Change from baseline, mean (SD)"]]
    body = [["Drug A", "30", "-2.5 (1.0)"], ["Placebo", "28", "-1.0 (1.2)"]]
    stats = table_statistics(build_table("T", "HbA1c", [], header, body), arms=["Drug A", "Placebo"])
    assert {(s["arm"], s["mean"], s["sd"], s["total"]) for s in stats} == {("Drug A", -2.5, 1.0, 30),
                                                                           ("Placebo", -1.0, 1.2, 28)}


def test_stacked_statistic_subrows_merge_into_one_record_with_the_analysed_n():
    """An outcome row over "n", "LS mean (SE)", "95 % CI", "Treatment difference" sub-rows: one record per arm,
    the block's n (analysed) over the header's (randomised), no record for the between-arm row, no SD from a
    model-adjusted SE."""
    from stemfoot.extract.fulltext import derive_values

    table = build_table("Table 2", "LS mean (SE) change from baseline at 36 months", [],
                        [["", "Exenatide (n = 511)", "Glimepiride (n = 508)", "P value"]],
                        [["Body weight (kg)", "", "", ""],
                         ["n", "185", "201", ""],
                         ["LS mean (SE)", "−3.9 (0.33)", "1.3 (0.32)", ""],
                         ["95 % CI", "−4.6, −3.3", "0.7, 1.9", ""],
                         ["Treatment difference", "−5.2 (0.46)", "−5.2 (0.46)", "<0.0001"],
                         ["Waist circumference (cm)", "", "", ""],
                         ["n", "181", "199", ""],
                         ["LS mean (SE)", "−3.6 (0.38)", "0.9 (0.36)", ""]])
    stats = [s for s in table_statistics(table) if s["kind"] != "p_value"]
    got = {(s["outcome_label"], s["arm"]): s for s in stats}
    assert set(got) == {("Body weight (kg)", "Exenatide"), ("Body weight (kg)", "Glimepiride"),
                        ("Waist circumference (cm)", "Exenatide"), ("Waist circumference (cm)", "Glimepiride")}
    bw = got[("Body weight (kg)", "Exenatide")]
    assert (bw["mean"], bw["se"], bw["total"]) == (-3.9, 0.33, 185)
    assert got[("Waist circumference (cm)", "Glimepiride")]["total"] == 199
    assert "adjusted_mean" in bw["flags"]
    derive_values(bw)
    assert bw["sd"] is None and "sd" not in bw["derived"]


def test_unadjusted_se_still_gives_a_derived_sd():
    from stemfoot.extract.fulltext import derive_values

    table = build_table("Table 2", "Outcomes, mean (SE)", [], [["", "Drug (n = 25)", "Placebo (n = 25)"]],
                        [["Pain score", "3.0 (0.4)", "4.0 (0.5)"]])
    rec = next(s for s in table_statistics(table) if s["arm"] == "Drug")
    assert "adjusted_mean" not in rec["flags"]
    derive_values(rec)
    assert rec["sd"] == 2.0 and "sd" in rec["derived"]


def test_arms_down_the_rows_with_outcome_columns():
    # Named columns that are outcomes (no arm words, no n) over rows that are arms; a count column and the
    # percent column right of it are one outcome's events.
    header = [["Group", "The cases of diabetes", "The incidence of diabetes (%)", "Reversion rate (%)"]]
    body = [["The treatment group", "30", "16.5 %", "41.8 %"], ["The control group", "52", "28.9 %", "27.8 %"]]
    stats = table_statistics(build_table("T5", None, [], header, body))
    got = {(s["arm"], s["outcome_label"], s["kind"], s["events"], s["percent"]) for s in stats}
    # the columns' own words name the outcome, units kept ("of" and "(%)" are no statistic words to strip)
    assert ("The treatment group", "The cases of diabetes / The incidence of diabetes (%)", "events", 30, 16.5) in got
    assert ("The control group", "Reversion rate (%)", "percent", None, 27.8) in got
    assert column_outcomes([read_column(i, h) for i, h in enumerate(["CGI-I response^d", "Responders", "%"])]) == [
        "", "CGI-I response / Responders", "CGI-I response / Responders"]


def test_arms_sized_in_one_table_are_arms_in_the_others():
    first = build_table("T2", None, [], [["CGI-S", "n", "Mean change (SE)"]],
                        [["Placebo", "99", "-1.71 (0.12)"], ["Fluoxetine", "101", "-1.88 (0.12)"]])
    second = build_table("T2", None, [], [["CGI-I response", "Proportion responders", "%"]],
                         [["Placebo", "62/99", "62.6"], ["Fluoxetine", "79/101", "78.2"]])
    alone = table_statistics(second)
    assert {s["arm"] for s in alone if s["kind"] == "events"} == {"Proportion responders"}  # read the wrong way
    _, stats = article_table_statistics([first, second])
    assert [(s["arm"], s["events"], s["total"], s["outcome_label"]) for s in stats if s["kind"] == "events"] == [
        ("Placebo", 62, 99, "CGI-I response / Proportion responders"),
        ("Fluoxetine", 79, 101, "CGI-I response / Proportion responders")]


def test_bare_counts_where_the_table_says_it_counts_patients():
    from stemfoot.extract.tables import bare_count

    assert bare_count(0, 27, "Adverse events (e.g., intravascular or intrathecal injection) (n)", False) == {"events": 0}
    assert bare_count(3, 27, "Deaths, n", False) == {"events": 3}
    assert bare_count(30, 27, "Deaths, n", False) == {"value": 30}  # more than the arm has: not a count of it
    assert bare_count(0, 251, "Cranial nerve palsy", True) == {"events": 0}  # "0 | 22 (9 %)"
    assert bare_count(4, 251, "Cranial nerve palsy", True) == {"value": 4}  # only a zero goes without its percent
    assert bare_count(2.5, 27, "Doses (n)", False) == {"value": 2.5}
    assert bare_count(0, None, "Deaths (n)", False) == {"value": 0}  # no n for the arm: no record


def test_zero_beside_counts_and_count_rows_in_a_table():
    from stemfoot.extract.tables import row_stat_hint

    header = [["Outcome", "Catheter (n=29)", "Needle (n=27)", "p-value"]]
    body = [["Hypotension or bradycardia (n)", "0", "1", "NA"], ["Cranial nerve palsy", "0", "2 (7 %)", ""],
            ["Score", "4", "5", ""]]
    stats = table_statistics(build_table("T", None, [], header, body))
    got = {(s["outcome_label"], s["arm"], s["events"], s["total"]) for s in stats if s["kind"] == "events"}
    assert got == {("Hypotension or bradycardia (n)", "Catheter", 0, 29), ("Hypotension or bradycardia (n)", "Needle", 1, 27),
                   ("Cranial nerve palsy", "Catheter", 0, 29), ("Cranial nerve palsy", "Needle", 2, 27)}
    assert not [s for s in stats if s["outcome_label"] == "Score"]  # bare numbers in an undeclared row: no record
    # lower-case "or" in a label is no odds ratio
    assert row_stat_hint("Hypotension or bradycardia (n)") is None and row_stat_hint("OR (95% CI)") == "effect"


def test_table_arm_sizes_from_headers_size_rows_and_arm_rows():
    from stemfoot.extract.tables import table_arm_sizes

    t1 = build_table("Table 1", "Baseline", [], [["Parameter", "HIP", "IV sucrose", "p-value"]],
                     [["Number of patients (Randomized)", "18", "22", ""], ["Age (years)", "76 (66–83)", "66 (58–76)", "0.10"]])
    t2 = build_table("Table 4", "Adverse events", [], [["Parameter", "HIP (18)", "IV sucrose (22)"]], [["Constipation", "5", "4"]])
    t3 = build_table("Table 2", None, [], [["Group", "Deaths"]],
                     [["PA+/HE− (n = 992)", "452"], ["Total (n = 2040)", "1014"], ["LABA (drug n = 56; placebo n = 60)", "3"]])
    t4 = build_table("Table 3", None, [], [["", "Children / Placebo (n = 42)", "Children / Drug (n = 40)"]], [["Score", "1", "2"]])
    got = {(a, n) for a, n, _ in table_arm_sizes([t1, t2, t3, t4])}
    assert got == {("HIP", 18), ("IV sucrose", 22), ("PA+/HE−", 992)}  # no total, no subgroup, no two-arm row
    t5 = build_table("Table 1", "Demographics", [], [["", "Group I (block)", "Group II (no block)"]],
                     [["Age", "53 ± 13", "45 ± 13"], ["Total cases", "26", "25"]])
    assert {(a, n) for a, n, _ in table_arm_sizes([t5])} == {("Group I block", 26), ("Group II no block", 25)}
    t6 = build_table("Table 1", None, [], [["", "Fluoroscopy group", "Control group"]],
                     [["Sample size (total knees)", "52", "52"], ["Age (years)", "70", "71"]])
    assert {(a, n) for a, n, _ in table_arm_sizes([t6])} == {("Fluoroscopy group", 52), ("Control group", 52)}
    # "N (%) of participants | 46 (55) | 38 (45)": each arm's count and its share of the sample
    t7 = build_table("Table 1", None, [], [["Characteristic", "Lifestyle activity (LPA)", "Education (FME)"]],
                     [["N (%) of participants", "46 (55)", "38 (45)"], ["Age, years", "46.4 ± 11.6", "49.0 ± 10.2"]])
    assert {n for _, n, _ in table_arm_sizes([t7])} == {46, 38}


def test_row_count():
    from stemfoot.extract.tables import row_count

    cells = ("46", "1,122", "46 (55)", "46 (55.2%)")
    assert [row_count(c, "N (%) of participants") for c in cells] == [46, 1122, 46, 46]
    # a count and its share in a row that states no share is a subgroup's ("Women | 23 (46)", "Patients | 12 (24)")
    assert row_count("23 (46)", "Women") is None and row_count("12 (24%)", "Patients") is None
    assert row_count("46", "Patients") == 46
    assert [row_count(c) for c in ("46 (155)", "46.4 ± 11.6", "12/40", "")] == [None, None, None, None]


def test_statistic_adjective_in_a_sub_header_is_no_arm():
    # "Weekly docetaxel / Adjusted mean (SE)": the arm is the upper header, "Adjusted" qualifies the mean.
    from stemfoot.extract.tables import read_column

    col = read_column(1, "Weekly docetaxel / Adjusted mean (SE)")
    assert col.arm == "Weekly docetaxel" and col.subgroup is None and col.stat == "mean_se"
    assert read_column(2, "Placebo / LS mean").arm == "Placebo"
    assert read_column(2, "Geometric mean / Drug A").arm == "Drug A"
    # An arm whose own name has such a word is kept when no statistic follows it.
    assert read_column(2, "Adjusted dose group / Mean ± SD").arm == "Adjusted dose group"


def test_percent_sign_in_a_cell_outweighs_a_mean_sd_caption():
    from stemfoot.extract.tables import percent_cell

    assert percent_cell("3 (6.4%)") and percent_cell("12 [30 %]")
    assert not percent_cell("3.5 (6.4%)") and not percent_cell("3 (6.4)") and not percent_cell("3 ± 6.4")
    header = [["", "Group S (n=47)", "Group D (n=46)", "P Value"]]
    body = [["Nausea", "17 (36.2%)", "7 (15.2%)", "0.021"], ["Vomiting", "3 (6.4%)", "1 (2.2%)", "0.6"],
            ["Pain score", "3 (1.2)", "4 (1.5)", "0.1"]]
    stats = table_statistics(build_table("T", "Side effects. Data are mean ± SD or n (%)", [], header, body))
    recs = {(r["outcome_label"], r["arm"]): r for r in stats}
    assert recs[("Vomiting", "Group S")]["events"] == 3 and recs[("Vomiting", "Group S")].get("sd") is None
    assert recs[("Nausea", "Group D")]["events"] == 7
    assert recs[("Pain score", "Group S")]["mean"] == 3 and recs[("Pain score", "Group S")]["sd"] == 1.2


def test_mean_sd_then_range_needs_a_hint():
    from stemfoot.extract.tables import _interpret, _table_hint

    shape, values = parse_cell("69.3 (12.6)[52–107]")
    assert _interpret(shape, values, "mean_sd", None) == ({"mean": 69.3, "sd": 12.6}, [])
    assert _interpret(shape, values, None, None) is None  # unlabelled: could be a median (IQR) [range]
    # "Values are expressed as mean, SD, and range": the footnote names mean and SD.
    assert _table_hint({"caption": "Surgical variables", "footnotes": ["Values are expressed as mean, SD, and range"]}) \
        == "mean_sd"


def test_a_ratio_of_two_named_terms_is_a_measure_read_as_the_table_says():
    from stemfoot.extract.tables import column_hint, row_stat_hint

    for label in ("Waist/Hip ratio", "LF:HF ratio", "Urinary albumin-to-creatinine ratio", "BIA ratio ECM/BCM"):
        assert row_stat_hint(label) is None and column_hint(label) is None, label
    for label in ("HR (95% CI)", "Hazard ratio (95% CI)", "Odds ratio", "RR", "Treatment difference"):
        assert row_stat_hint(label) == "effect", label
    header = [["", "Diet", "Control"]]
    body = [["Waist/Hip ratio", "0.91 (0.05)", "0.93 (0.06)"], ["Odds ratio", "0.8 (0.6–1.1)", ""]]
    stats = table_statistics(build_table("Table 2", "Mean (SD) values at 12 weeks", [], header, body))
    got = {(s["outcome_label"], s["arm"], s["mean"], s["sd"]) for s in stats if s["kind"] == "mean_sd"}
    assert got == {("Waist/Hip ratio", "Diet", 0.91, 0.05), ("Waist/Hip ratio", "Control", 0.93, 0.06)}


def test_a_mean_of_percentages_is_no_count():
    from stemfoot.extract.tables import column_hint

    assert column_hint("Mean percentage (%)") == "mean" and column_hint("Mean (%)") == "mean"
    assert column_hint("n (%)") == "events" and column_hint("Female (%)") == "events"
    header = [["Group", "Mean initial volume", "Mean percentage (%)", "P -value"]]
    body = [["PR", "15.73", "12.96 (6.77)", "0.0056"], ["MR", "15.05", "24.26 (9.99)", "0.0056"]]
    stats = table_statistics(build_table("Table 1", "Remaining filling material", [], header, body), ["PR group", "MR group"])
    assert not [s for s in stats if s["kind"] == "events"]
    got = {(s["arm"], s["mean"], s["sd"]) for s in stats if s["kind"] == "mean_sd"}
    assert got == {("PR", 12.96, 6.77), ("MR", 24.26, 9.99)}
    # under a header that says count (percent), a number with decimals is still no count
    stats = table_statistics(build_table("Table 3", None, [], [["", "A, n (%)", "B, n (%)"]], [["Healed", "12.5 (40)", "10 (33)"]]))
    assert {(s["arm"], s["events"]) for s in stats if s["kind"] == "events"} == {("B", 10)}


def test_a_percent_unit_in_a_table_of_means_needs_the_arms_n_to_be_a_count():
    from stemfoot.extract.tables import unit_percent

    assert unit_percent("Body fat (%)") and not unit_percent("Female, n (%)") and not unit_percent("Age (years)")
    header = [["", "Cycling", "Walking (n = 20)"]]
    body = [["Body fat loss (%)", "22 (3)", "18 (4)"], ["Female (%)", "12 (40)", "10 (50)"],
            ["Women, n (%)", "12 (40)", "10 (50)"]]
    stats = table_statistics(build_table("Table 2", "Mean (SD) values achieved", [], header, body))
    got = {(s["outcome_label"], s["arm"], s["kind"], s["mean"] if s["kind"] == "mean_sd" else s["events"]) for s in stats}
    # 18 of 20 is no 4 %: the caption's mean (SD); 10 of 20 is 50 %: a count; without the arm's n, no record
    assert got == {("Body fat loss (%)", "Walking", "mean_sd", 18), ("Female (%)", "Walking", "events", 10),
                   ("Women, n (%)", "Cycling", "events", 12), ("Women, n (%)", "Walking", "events", 10)}


def test_minimum_and_maximum_columns_are_a_range_not_arms():
    """"Groups | Mean±SD | Minimum | Maximum": arms down the rows, each with its mean and SD; the range columns give
    no arm called "Minimum"."""
    header = [["Groups", "Mean±SD", "Minimum", "Maximum"]]
    body = [["C (control)", "37.39±4.97^a", "31.20", "45.10"], ["PA", "38.68±4.62^ac", "33.00", "48.90"]]
    stats = table_statistics(build_table("T", "The microhardness values in the groups", [], header, body))
    assert {(s["arm"], s["mean"], s["sd"]) for s in stats} == {("C (control)", 37.39, 4.97), ("PA", 38.68, 4.62)}
    assert stats[0]["evidence"]["cell"] == "37.39±4.97^a" and stats[0]["evidence"]["column_header"] == "Mean±SD"


def test_thousands_commas_in_a_count_over_its_denominator():
    header = [["Outcome", "Control (n = 1,008)", "Intervention (n = 1,013)"]]
    body = [["LBW, unadjusted", "175/1,008 (17.4)", "130/1,013 (12.8)"]]
    stats = table_statistics(build_table("T", None, [], header, body))
    assert {(s["arm"], s["events"], s["total"]) for s in stats} == {("Control", 175, 1008), ("Intervention", 130, 1013)}


def test_a_plus_sign_before_a_decimal_comma_in_a_table_of_changes():
    header = [["Outcome", "Cells", "Placebo"]]
    body = [["Change in HbA1c, mean ± SD", "+1,5 ± 0,3", "+0,4 ± 0,2"]]
    stats = table_statistics(build_table("T", None, [], header, body))
    assert {(s["arm"], s["mean"], s["sd"]) for s in stats} == {("Cells", 1.5, 0.3), ("Placebo", 0.4, 0.2)}
