"""Round 55 (full text): tables with the arms down the rows, read more widely. Invented tables.

- arm rows repeated under each outcome row are one arm's rows across footnote marks ("Enteral F^†", "Enteral F"),
  after empty title rows, when they are doses ("10 mg") or, where the caption speaks of the groups and no column
  names one, any words that are no time, statistic, total or answer; outcome rows that are times stay one outcome;
- a corner "Groups" over columns that name outcomes ("Testosterone (ng/mL)") puts the arms down the rows;
- a column counting people ("Subjects, n", "Patients analysed") gives each arm row its n;
- spelled-out times ("Three months after intervention") are times; a change column keeps the visit it reaches;
- outcome columns that all carry a unit put the arms down, and a "Mean (SD)" corner names their cells' format;
- answers and analysis sets in a second label column are sub-labels; a category block's 100% "Total" row gives no
  record; a negative sub-row ("/ Negative") answers a binary query less well than its positive sibling.
"""
import pytest

from stemfoot.corpus.jats import build_table
from stemfoot.extract.tables import (arm_rows_repeated, normalise_layout, read_column, table_statistics,
                                     time_row)


def _stats(caption: str, header: list[str], rows: list[list[str]], arms: list[str] | None = None) -> dict:
    t = normalise_layout(build_table("Table 2", caption, [], [header], rows))
    return {(s["outcome_label"], s["arm"], s["timepoint"]): (s["mean"], s["sd"], s["arm_n"])
            for s in table_statistics(t, arms) if s["kind"] != "p_value"}


BLOCKS = [["Total protein", "", "", ""], ["Enteral F^†", "6.43±0.83", "4.86±0.81", "0.36"],
          ["Parenteral F‡", "6.67±0.86", "5.73±1.04", "0.36"],
          ["Albumin", "", "", ""], ["Enteral F", "4.25±0.60", "2.66±0.46", "0.67"],
          ["Parenteral F", "4.33±0.52", "3.08±0.52", "0.67"],
          ["Transferrin", "", "", ""], ["Enteral F", "193±74", "95±51", "0.17"],
          ["Parenteral F", "224±65", "120±33", "0.17"]]


def test_arm_rows_across_footnote_marks_under_a_caption_naming_the_groups():
    got = _stats("Protein levels in the two groups", ["", "Day 0", "Day 7", "P-value"], BLOCKS)
    assert got[("Albumin", "Enteral F", "Day 7")] == (2.66, 0.46, None)
    assert got[("Albumin", "Parenteral F", "Day 7")] == (3.08, 0.52, None)
    assert got[("Total protein", "Parenteral F", "Day 0")] == (6.67, 0.86, None)


GRADES = [["Nausea", "", ""], ["Mild", "3", "4"], ["Severe", "1", "0"],
          ["Headache", "", ""], ["Mild", "5", "2"], ["Severe", "0", "1"],
          ["Dizziness", "", ""], ["Mild", "2", "2"], ["Severe", "1", "1"]]
TIMES = [["1 week after treatment", "", "<0.001"], ["PRF", "3.70 ± 0.59", ""], ["TENS", "2.13 ± 0.89", ""],
         ["1 month after treatment", "", "<0.001"], ["PRF", "2.16 ± 0.74", ""], ["TENS", "0.86 ± 0.68", ""],
         ["3 months after treatment", "", "<0.001"], ["PRF", "1.33 ± 0.88", ""], ["TENS", "0.20 ± 0.40", ""]]


@pytest.mark.parametrize("caption, header, rows", [
    ("Protein levels", ["", "Day 0", "Day 7", "P-value"], BLOCKS),  # word arm rows need a caption naming groups
    ("Adverse events in the two groups", ["", "Week 1", "Week 4"], GRADES),  # grades are no arms
    ("NRS score after treatment in the two groups", ["Groups", "NRS", "P"], TIMES),  # time outcome rows: one outcome
])
def test_repeated_rows_that_are_no_arms(caption: str, header: list[str], rows: list[list[str]]):
    assert not arm_rows_repeated(build_table("Table 2", caption, [], [header], rows)).get("arms_down")


def test_dose_rows_after_a_title_row_are_arms():
    rows = [["Lipids", "", ""], ["HDL-C", "", ""], ["Placebo", "19", "−6.33 (−14.31, 1.64)"],
            ["10 mg", "12", "11.69 (4.39, 18.99)"], ["600 mg", "19", "80.50 (73.05, 87.95)"],
            ["LDL-C", "", ""], ["Placebo", "19", "1.65 (−3.43, 6.73)"],
            ["10 mg", "12", "−11.94 (−18.31, −5.57)"], ["600 mg", "19", "−26.91 (−30.71, −23.11)"]]
    got = _stats("Changes on day 14", ["Dose", "n", "Mean % change from baseline (90% CI)"], rows)
    assert got[("HDL-C", "600 mg", "change from baseline")] == (80.5, None, 19)
    assert got[("LDL-C", "Placebo", "change from baseline")] == (1.65, None, 19)


def test_a_groups_corner_over_outcome_columns_puts_the_arms_down():
    rows = [["Control", "3.74 ± 0.58", "7.16 ± 0.48"], ["PHZ", "9.41 ± 0.45", "4.52 ± 0.58"],
            ["PHZ+EP", "4.75 ± 0.56", "5.17 ± 0.47"]]
    got = _stats("Effect of EP", ["Groups", "Malondialdehyde (µmol/g)", "Testosterone (ng/mL)"], rows)
    assert got[("Testosterone (ng/mL)", "PHZ+EP", None)] == (5.17, 0.47, None)
    assert got[("Malondialdehyde (µmol/g)", "Control", None)] == (3.74, 0.58, None)


def test_a_groups_corner_over_coded_columns_keeps_them_arms():
    rows = [["Age, years", "54.1 ± 9.0", "55.0 ± 8.7"], ["BMI", "27.1 ± 3.0", "26.4 ± 2.9"]]
    got = _stats("Baseline", ["Group", "A", "B"], rows)
    assert got[("Age, years", "A", None)] == (54.1, 9.0, None)


def test_a_people_count_column_gives_each_arm_row_its_n():
    rows = [["Treatment", "65", "48.80 ± 4.38", "70.55 ± 3.94"], ["Control", "65", "48.00 ± 3.73", "65.40 ± 3.35"]]
    got = _stats("LVEF in the two groups", ["", "Subjects, n", "Baseline", "Week 12"], rows)
    assert got[("LVEF in the two groups", "Treatment", "Week 12")] == (70.55, 3.94, 65)
    assert read_column(1, "Patients analysed").stat == "n"
    assert read_column(1, "N (%)").stat == "events"  # counts with their percent, no size
    assert read_column(1, "Women").arm == "Women"  # a bare group of people may be an arm or a subgroup


def test_spelled_times_and_the_visit_of_a_change_column():
    assert read_column(1, "Three months after intervention").timepoint == "Three months"
    assert read_column(1, "Twelve weeks").arm is None
    assert time_row("Six months")
    assert read_column(1, "Change from baseline at week 12 (mean ± SE)").timepoint == \
        "change from baseline at week 12"
    assert read_column(1, "Change from baseline").timepoint == "change from baseline"


def test_unit_headed_outcome_columns_put_the_arms_down_under_a_format_corner():
    rows = [["Changes from baseline", "", ""], ["2× statin", "−6.7 (71.9)*", "−56.3 (256.0)†"],
            ["R10", "−16.7 (58.5)§", "−94.4 (242.0)§"], ["ES10/20", "−23.7 (70.2)§", "−133.3 (317.5)§"]]
    got = _stats("Changes in particle concentrations", ["Mean (SD)", "PLAC (ng/mL)", "LDL-P (nmol/L)"], rows)
    assert got[("Changes from baseline / LDL-P (nmol/L)", "ES10/20", None)] == (-133.3, 317.5, None)
    assert got[("Changes from baseline / PLAC (ng/mL)", "R10", None)] == (-16.7, 58.5, None)


def test_rows_of_days_under_unit_columns_are_no_arms():
    rows = [["0", "62.7 ± 23.1", "53.6 ± 15.6"], ["14", "55.2 ± 18.7", "50.1 ± 14.0"]]
    got = _stats("Liver enzymes", ["Day", "ALT (IU/L)", "AST (IU/L)"], rows)
    assert not any(arm in {"0", "14"} for _, arm, _ in got)


def test_analysis_sets_and_answers_in_a_second_label_column_are_sub_labels():
    header = ["Variable", "Variable", "Intervention / n", "Control / n"]
    rows = [["Catheter tip culture", "Negative", "37", "36"], ["Catheter tip culture", "Positive", "0", "5"],
            ["Urine culture", "Negative", "33", "24"], ["Urine culture", "Positive", "2", "6"]]
    t = normalise_layout(build_table("Table 4", "Culture results in both groups", [], [header], rows))
    assert not t.get("arms_down")
    assert t["row_prefixed"][1] == "Catheter tip culture / Positive"


def test_a_categories_total_row_at_100_percent_gives_no_record():
    header = [["Variable", "Intervention / %", "Intervention / n", "Control / %", "Control / n"]]
    rows = [["Culture", "", "", "", ""], ["Negative", "100", "37", "87.8", "36"], ["Positive", "0", "0", "12.2", "5"],
            ["Total", "100", "37", "100", "41"]]
    t = normalise_layout(build_table("Table 4", "Culture results", [], header, rows))
    labels = {s["outcome_label"] for s in table_statistics(t) if s["kind"] == "events"}
    assert "Culture / Positive" in labels and "Culture / Total" not in labels


def test_a_negative_sub_row_answers_a_binary_query_less_well():
    from stemfoot.extract.outcome_query import answer_query

    header = [["Variable", "Intervention (n = 37), n (%)", "Control (n = 41), n (%)"]]
    rows = [["Catheter tip culture", "", ""], ["Negative", "37 (100)", "36 (87.8)"], ["Positive", "0 (0)", "5 (12.2)"]]
    cands = table_statistics(normalise_layout(build_table("Table 4", "Culture results", [], header, rows)))
    q = {"id": 1, "study": "PMC1", "outcome": "Catheter tip culture", "intervention": "Intervention",
         "comparator": "Control"}
    a = answer_query(q, cands, [])
    assert (a["intervention_events"], a["comparator_events"]) == (0, 5)
    q["outcome"] = "Negative catheter tip culture"  # a query for the people without it may take the negative row
    a = answer_query(q, cands, [])
    assert (a["intervention_events"], a["comparator_events"]) == (37, 36)
