"""Round 35's full-text table readers, without spaCy: dose-code column headers as arms, a cell's bracketed N, format
rows as headings, bare means beside a difference column, and row-label shorthand spelled out for the outcome match."""
from __future__ import annotations

from stemfoot.corpus.jats import build_table
from stemfoot.extract.arm_link import arm_codes_used, code_definitions
from stemfoot.extract.tables import (difference_rows, format_row, normalise_layout, parse_cell, read_column,
                                     read_columns, spelled_labels, stat_hint, table_statistics)


def _stats(table: dict, arms: list[str] | None = None) -> list[dict]:
    return [s for s in table_statistics(normalise_layout(table), arms) if s["kind"] != "p_value"]


# --- dose-code column headers -------------------------------------------------------------------------------------

def test_a_dose_code_header_is_an_arm_not_a_time():
    col = read_column(2, "T0.25 (n = 25)")
    assert (col.arm, col.n, col.timepoint) == ("T0.25", 25, None)
    assert read_column(3, "T0.375 (n = 27)").arm == "T0.375"
    # "T1" alone is still a time point; so is "T0".
    assert read_column(1, "T1").timepoint == "T1" and read_column(1, "T1").arm is None
    assert read_column(1, "T0 (n = 20)").timepoint is not None


def test_dose_code_columns_give_every_arm_its_values():
    t = build_table("Table 2", "Effects", [], [["", "Control (n = 24)", "T0.25 (n = 25)", "T0.375 (n = 27)", "P value"]],
                    [["Sedative score", "0 ± 0", "0.1 ± 0.3", "0.2 ± 0.4", "0.163"]], "t2")
    got = {s["arm"]: (s["mean"], s["sd"], s["arm_n"]) for s in _stats(t)}
    assert got == {"Control": (0.0, 0.0, 24), "T0.25": (0.1, 0.3, 25), "T0.375": (0.2, 0.4, 27)}


def test_a_decimal_dose_code_is_an_arm_code_the_text_defines():
    text = ("Patients were allocated to receive no premedication (control group), or oral triazolam 0.25 mg "
            "(T0.25 group) or 0.375 mg (T0.375 group). Amnesia was more frequent in the T0.25 and T0.375 groups.")
    assert {"T0.25", "T0.375"} <= arm_codes_used(text)
    defs = code_definitions(text)
    assert "0.25 mg" in " ".join(defs["T0.25"])
    # A code does not stop at its decimal point ("T0" of "T0.25" is no code).
    assert "T0" not in defs


# --- cell grammars ------------------------------------------------------------------------------------------------

def test_a_bracketed_cell_n_after_the_statistic():
    # The bracketed form is marked: the table must announce it before the cell is read (below).
    assert parse_cell("40.4 (31.4%) (N = 189)") == ("paren", {"a": 40.4, "b": 31.4, "cell_n": 189.0,
                                                              "cell_n_bracketed": 1.0})
    assert parse_cell("12 (3.4) [n=20]")[1]["cell_n"] == 20.0
    assert parse_cell("55.7 (20.2) N=98")[1]["cell_n"] == 98.0  # the unbracketed form as before


def test_a_percent_change_format_is_no_sd():
    assert stat_hint("Mean Score (% Improvement from Baseline) (N)") == "mean_pct_change"
    assert stat_hint("Mean (% change)") == "mean_pct_change"
    assert stat_hint("Mean (SD)") == "mean_sd"
    col = read_column(1, "ETN + MTX / Mean Score (% Improvement from Baseline) (N)")
    assert (col.arm, col.timepoint, col.subgroup) == ("ETN + MTX", None, None)  # its "Baseline" is no time


def test_format_rows_head_the_rows_under_them():
    assert format_row(["Mean Score (% Improvement from Baseline) (N)"] * 2) == "mean_pct_change"
    assert format_row(["12.1", "Mean (SD)"]) is None  # a number: a value row
    assert format_row(["Drug", "Placebo"]) is None  # words that name no format
    t = build_table("Table 1", "Scores", [], [["Instrument/", "ETN + MTX", "DMARD + MTX", "P value"]],
                    [["SF-36 PCS", "Mean Score (% Improvement from Baseline) (N)",
                      "Mean Score (% Improvement from Baseline) (N)", ""],
                     ["Baseline", "30.5 (0%) (N = 193)", "30.1 (0%) (N = 100)", ""],
                     ["Week 16", "40.4 (31.4%) (N = 189)", "37.3 (22.8%) (N = 96)", "0.003"],
                     ["HAQ Proportion", "Proportion (%)", "Proportion (%)", ""],
                     ["Week 16", "100/193 (51.8%)", "39/100 (39.0%)", "0.048"]], "t1")
    stats = _stats(t)
    week16 = {s["arm"]: (s["mean"], s["sd"], s["arm_n"]) for s in stats
              if s["timepoint"] == "Week 16" and s["kind"] == "mean"}
    assert week16 == {"ETN + MTX": (40.4, None, 189), "DMARD + MTX": (37.3, None, 96)}  # the % is no SD
    assert all(s["outcome_label"] == "SF-36 PCS" for s in stats if s["kind"] == "mean")
    counts = [s for s in stats if s["kind"] == "events"]
    assert {(s["arm"], s["events"], s["total"]) for s in counts} == {("ETN + MTX", 100, 193), ("DMARD + MTX", 39, 100)}
    assert all(s["outcome_label"] == "HAQ Proportion" for s in counts)


def test_a_mean_sd_cell_with_its_announced_n_keeps_its_sd():
    t = build_table("Table 1", "Scores", [], [["", "A", "B"]],
                    [["Pain, mean (SD) (N)", "4.1 (1.2) (N = 30)", "5.0 (1.4) (N = 29)"]], "t1")
    got = {s["arm"]: (s["mean"], s["sd"], s["arm_n"]) for s in _stats(t)}
    assert got == {"A": (4.1, 1.2, 30), "B": (5.0, 1.4, 29)}


def test_an_unannounced_bracketed_cell_n_is_not_read():
    # No "(N)" in the header, the label or a format row: the cell stays unread (a place only this grammar finds
    # answered wrongly on data the reader was not built on).
    t = build_table("Table 1", "Scores", [], [["", "A", "B"]],
                    [["Pain, mean ± SD", "−0.59 ± 0.09 (N = 52)", "−0.28 ± 0.08 (N = 50)"]], "t1")
    assert not [s for s in _stats(t) if s["mean"] is not None]
    # The unbracketed cell N is read as before.
    t = build_table("Table 1", "Scores", [], [["", "A", "B"]],
                    [["Pain, mean (SD)", "4.1 (1.2) N=30", "5.0 (1.4) N=29"]], "t1")
    assert {s["arm"]: s["arm_n"] for s in _stats(t)} == {"A": 30, "B": 29}


# --- bare means beside a difference column --------------------------------------------------------------------------

def _ldl_table(diff_header: str = "GMC vs usual care (95% CI)", label: str = "ANCOVA") -> dict:
    return build_table("Table 1", "Completers", [], [["Model", "GMC (n=117)", "Usual care (n=78)", diff_header, "p"]],
                       [[label, "82.3", "93.5", "−11.2 (−19.2 to −3.3)", "0.006"],
                        ["Baseline", "94.8", "96.9", "", ""]], "t1")


def test_an_arm_against_arm_interval_column_is_an_effect():
    assert read_column(3, "GMC vs usual care (95% CI)").stat == "effect"
    assert read_column(3, "GMC vs usual care (95% CI)").arm is None
    assert stat_hint("Drug vs placebo") is None  # no interval: the header says nothing of its cells


def test_bare_numbers_beside_a_difference_are_means():
    t = _ldl_table()
    assert difference_rows(normalise_layout(t), read_columns(normalise_layout(t))) == {0}
    got = {s["arm"]: (s["kind"], s["mean"], s["sd"], s["arm_n"]) for s in _stats(t)}
    assert got == {"GMC": ("mean", 82.3, None, 117), "Usual care": ("mean", 93.5, None, 78)}


def test_bare_numbers_stay_unread_without_a_difference():
    # A ratio column, a percent row, or no interval in the row: no means (null beats a guess).
    def means(t: dict) -> list[dict]:
        return [s for s in _stats(t) if s["mean"] is not None]

    assert not means(_ldl_table("OR (95% CI)"))
    assert not means(_ldl_table(label="Smokers, %"))  # the row's percents, as before
    assert not means(_ldl_table(label="Median LOS"))
    t = build_table("Table 1", "x", [], [["", "A (n=10)", "B (n=12)", "Difference (95% CI)"]],
                    [["Score", "8.1", "9.3", "NS"]], "t1")
    assert not means(t)


# --- row-label shorthand -----------------------------------------------------------------------------------------

def test_a_change_sign_is_spelled_as_each_direction():
    assert spelled_labels("ΔPLT") == ["platelets change", "platelets decrease", "platelets increase"]
    assert spelled_labels("∆ weight") == ["weight change", "weight decrease", "weight increase"]
    assert spelled_labels("SBP (mmHg)") == ["systolic blood pressure (mmHg)"]
    assert spelled_labels("Hb, g/dL") == ["hemoglobin, g/dL"]
    # Nothing to spell: no form; a word that only contains an abbreviation is left alone; no effect abbreviation.
    assert spelled_labels("HbA1c") == [] and spelled_labels("Weight") == [] and spelled_labels("HR") == []


def test_case_control_rows_under_a_change_label():
    t = build_table("Table 3", "Variable Difference Between the Two Groups", [], [["Variable", "Mean ± SD"]],
                    [["ΔHb", ""], ["Case", "1.9267 ± 1.02877"], ["Control", "1.9533 ± 1.25817"],
                     ["ΔPLT", ""], ["Case", "19.73 ± 26.042"], ["Control", "15.87 ± 17.449"]], "t3")
    stats = _stats(t, ["Case", "Control"])
    plt = {s["arm"]: s["mean"] for s in stats if s["outcome_label"] == "ΔPLT"}
    assert plt == {"Case": 19.73, "Control": 15.87}


# --- arm rows with time columns ------------------------------------------------------------------------------------

def test_a_time_after_an_event_is_no_arm():
    # (Number-word times, "Six months after intervention", were read as times in ftcell35 and dropped in
    # ftcellsel35: "One year" columns then answered a blank held-out gold.)
    for header, time in (("3 months after intervention", "3 months"), ("6 months after intervention", "6 months")):
        col = read_column(2, header)
        assert (col.arm, col.timepoint) == (None, time)
    # An arm with its time keeps its arm.
    assert read_column(1, "Intervention 12 weeks").arm == "Intervention"
    assert read_column(1, "Usual ACT / 30 min after treatment").arm == "Usual ACT"


def test_plural_arm_rows_under_time_columns():
    t = build_table("Table 3", "Mean of scores", [], [["Constructs", "Constructs", "Pre-test",
                                                        "3 months after intervention",
                                                        "6 months after intervention", "P-value"]],
                    [["Temptation to smoke", "Controls", "3.65±0.64", "3.72 ± 0.60", "3.77 ± 0.71", "0.04"],
                     ["Temptation to smoke", "Interventions", "3.91 ± 0.78", "3.27 ± 0.92", "3.02 ± 1.10", "0.003"],
                     ["ANCOVA test", "", "P = 0.405", "P = 0.001", "P = 0.001", "-"]], "t3")
    got = {(s["arm"], s["timepoint"]): s["mean"] for s in _stats(t)}
    assert got[("Interventions", "6 months")] == 3.02 and got[("Controls", "6 months")] == 3.77
    assert got[("Controls", "Pre-test")] == 3.65
    assert all(s["outcome_label"] == "Temptation to smoke" for s in _stats(t))


def test_an_effect_size_column_is_no_arm_and_no_third_mean():
    assert read_column(6, "Cohen's d").stat == "effect" and read_column(6, "Cohen's d").arm is None
    t = build_table("Table 3", "Differences", [], [["Variable", "LPA", "FME", "Mean difference (95% CI)", "Cohen's d"]],
                    [["Tender points", "16.0 ± 2.3", "16.8 ± 2.0", ".8 (-.35 to 1.9)", ".37"]], "t3")
    assert {s["arm"]: s["mean"] for s in _stats(t)} == {"LPA": 16.0, "FME": 16.8}
    # Three bare numbers beside one difference: which two it subtracts is not said (null beats a guess).
    t = build_table("Table 1", "x", [], [["", "A (n=10)", "B (n=12)", "C (n=11)", "Difference (95% CI)"]],
                    [["Score", "8.1", "9.3", "7.7", "1.2 (0.1 to 2.3)"]], "t1")
    assert not [s for s in _stats(t) if s["mean"] is not None]
