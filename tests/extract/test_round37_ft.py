"""Round 37's (early) full-text readers, without spaCy: "a (b)" table cells that nothing in the table names, means
with their n in brackets under "mean (n)", a space as a thousands mark in table cells, and a percent with its count
written "(n = k)" (or with a middle dot as its decimal point) in prose."""
from __future__ import annotations

from extract_support import table_by_label

from stemfoot.corpus.jats import build_table
from stemfoot.extract import tables
from stemfoot.extract.prose_pairs import sentence_pair, values


def _table(caption: str, header: list[str], rows: list[list[str]]) -> dict:
    return build_table("Table 2", caption, [], [header], rows)


# --- "a (b)" cells in a table that names no format --------------------------------------------------------------

def test_unlabelled_mean_needs_a_unit_a_change_or_numbers_no_count_gives():
    assert tables.unlabelled_mean(21, 9, "Hospital stay (days)", None)
    assert tables.unlabelled_mean(-434, 809, "Change in energy intake (kcal)", None)
    assert tables.unlabelled_mean(2.5, 1.1, "BMI (kg/m^2)", None)
    assert tables.unlabelled_mean(17.6, 11.9, "Ventilated days", None)  # two decimals: no count and percent
    assert tables.unlabelled_mean(-1.2, 3.0, "Pain score", None)  # a count is never negative
    # a count and its percent, or a percent and its count: left unread
    assert not tables.unlabelled_mean(12, 30, "Smokers", None)
    assert not tables.unlabelled_mean(24.2, 101, "Female", None)
    assert not tables.unlabelled_mean(12, 30, "Deaths, n", None)
    assert not tables.unlabelled_mean(3.5, 1.2, "Body fat (%)", None)  # "(%)" may be a count's percent
    assert tables.unlabelled_mean(-3.5, 1.2, "Change in body fat (%)", None)  # ... not a change's
    # the percent agrees with the arm's n: a count
    assert not tables.unlabelled_mean(10, 25, "Length of stay (days)", 40)


def test_a_table_that_names_no_format_reads_unit_rows_as_mean_sd_and_leaves_counts():
    t = _table("Outcomes by group", ["", "Group X", "Group Y"], [
        ["Severity score", "23.6 (3.8)", "22.6 (4.7)"],
        ["Hospital stay (days)", "21 (9)", "15.7 (6.2)"],
        ["Wound infection", "4 (20)", "6 (30)"],
    ])
    got = table_by_label(t)
    assert [(s["arm"], s["mean"], s["sd"]) for s in got["Hospital stay (days)"]] == [
        ("Group X", 21.0, 9.0), ("Group Y", 15.7, 6.2)]
    assert all("format_inferred" in s["flags"] for s in got["Hospital stay (days)"])
    assert [s["mean"] for s in got["Severity score"]] == [23.6, 22.6]
    assert "Wound infection" not in got  # whole numbers, no unit: a count (percent) or a mean (SD), unsaid


def test_a_table_that_names_its_format_keeps_it():
    t = _table("Values are n (%)", ["", "Group X", "Group Y"], [["Length of stay (days)", "4 (20)", "6 (30)"]])
    got = table_by_label(t)
    assert [(s["events"], s["mean"]) for s in got["Length of stay (days)"]] == [(4, None), (6, None)]


def test_change_rows_of_a_table_without_format_words():
    t = _table("Changes between baseline and year 1", ["", "Diet", "Drug", "Placebo", "P value"], [
        ["Change in weight (kg)", "-6.5 (6.0)", "-3.2 (5.3)", "-1.0 (3.6)", "<0.001"],
    ])
    got = table_by_label(t)["Change in weight (kg)"]
    assert [(s["arm"], s["mean"], s["sd"]) for s in got] == [
        ("Diet", -6.5, 6.0), ("Drug", -3.2, 5.3), ("Placebo", -1.0, 3.6)]


# --- a mean with its n in brackets ---------------------------------------------------------------------------------

def test_mean_n_cells_give_the_mean_and_the_group_size_not_an_sd():
    t = _table("Change at week 52", ["Item", "Drug / LS mean (n)", "Drug / SE", "Placebo / LS mean (n)",
                                     "Placebo / SE"], [
        ["Change in capacity", "-0.050 (36)", "0.049", "-0.199 (31)", "0.049"],
    ])
    got = table_by_label(t)["Change in capacity"]
    assert [(s["arm"], s["mean"], s["sd"], s["total"]) for s in got] == [
        ("Drug", -0.05, None, 36), ("Placebo", -0.199, None, 31)]
    # "(n)" without a mean word: the brackets may be a count's percent, and nothing changes
    t2 = _table("Adverse events", ["", "Drug (n)", "Placebo (n)"], [["Nausea", "12 (40)", "6 (20)"]])
    assert all(s["mean"] is None for s in table_by_label(t2).get("Nausea", []))


# --- a space as the thousands mark -----------------------------------------------------------------------------------

def test_a_space_as_thousands_mark_joins_the_number():
    assert tables.clean_cell("10 059") == "10059"
    assert tables.clean_cell("£11 795 (8902–14 724)") == "£11795 (8902-14724)"
    assert tables.clean_cell("1 234 567") == "1234567"
    assert tables.parse_cell("10 808 (55.2)") == ("paren", {"a": 10808.0, "b": 55.2})
    # not a thousands mark: a group of other than three digits, a leading zero, or a decimal part after it
    assert tables.clean_cell("12 (30)") == "12 (30)"
    assert tables.clean_cell("0 123") == "0 123"
    assert tables.clean_cell("2 100.5") == "2 100.5"
    assert tables.clean_cell("12 34") == "12 34"


def test_a_size_row_with_thousands_spaces_gives_the_arm_sizes():
    t = _table("Outcomes", ["", "Drug", "Placebo"], [
        ["Number of patients", "10 059", "10 049"],
        ["Bleeding", "303 (3.7)", "199 (2.4)"],
    ])
    sizes = {arm: n for arm, n, _ in tables.table_arm_sizes([t])}
    assert sizes == {"Drug": 10059, "Placebo": 10049}


# --- "p% (n = k)" in prose -------------------------------------------------------------------------------------------

def test_a_percent_with_its_count_written_n_equals():
    vals = values("Progression was seen in 18.1% (n = 13) of the A group and 31.8% (n = 21) of the B group.")
    assert [(v.events, v.percent) for v in vals] == [(13, 18.1), (21, 31.8)]
    pair = sentence_pair("Progression at 2 years was 18.1% (n = 13) in the alpha group and 31.8% (n = 21) in the "
                         "beta group (p = 0.06).", "Alpha tablets", "Beta tablets")
    assert pair is not None
    assert (pair[0].events, pair[1].events) == (13, 21)


def test_a_middle_dot_is_a_decimal_point_in_a_percent():
    vals = values("Progression was 18·1% (n = 13) with alpha and 31·8% (n = 21) with beta.")
    assert [(v.events, v.percent) for v in vals] == [(13, 18.1), (21, 31.8)]
    assert [v.percent for v in values("rates were 12·5% and 7·25%")] == [12.5, 7.25]


# --- a time column before the outcome column -------------------------------------------------------------------------

def test_times_then_outcomes_in_two_label_columns_under_arm_columns():
    t = _table("Strength and endurance (mean±SD)", ["Category", "", "Group X", "Group Y"], [
        ["Pre-test", "strength", "22.6±2.6", "19.4±1.6"],
        ["Pre-test", "endurance", "48.9±4.1", "52.7±2.8"],
        ["Post-test", "strength", "38.5±3.0", "21.7±2.3"],
        ["Post-test", "endurance", "71.8±8.4", "51.8±9.0"],
        ["Difference", "strength", "15.9±3.7", "2.3±7.6"],
        ["Difference", "endurance", "22.9±1.3", "-0.6±6.7"],
    ])
    got = [(s["arm"], s["timepoint"], s["outcome_label"], s["mean"])
           for s in tables.table_statistics(tables.normalise_layout(t), []) if s["kind"] != "p_value"]
    assert ("Group X", "Post-test", "strength", 38.5) in got
    assert ("Group Y", "Pre-test", "endurance", 52.7) in got
    assert len(got) == 8  # the difference rows give no arm's value
    # the same shape with no arm words over the value columns: left to the other layout steps
    t2 = _table("Strength", ["Category", "", "Week 1", "Week 2"], t["rows"][:4])
    assert tables.time_column_first(t2) is t2


def test_a_capital_with_digits_names_a_measure_not_a_sub_row():
    assert not tables.sub_row("Change in E2 (pg/ml)")
    assert not tables.sub_row("Vitamin B12")
    assert tables.sub_row("Mean (SD) change, kg")
    assert tables.sub_row("Change at T1")  # "T1" may be a time point
