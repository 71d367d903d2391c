"""Means with their 95% CIs and captions naming means and SDs (pure functions on table records)."""
from stemfoot.corpus.jats import build_table
from stemfoot.extract.tables import article_table_statistics, read_column


def _means(table: dict) -> dict:
    return {(s["arm"], s["outcome_label"], s["timepoint"]): (s["mean"], s["sd"])
            for s in article_table_statistics([table])[0] if s["kind"] in {"mean", "mean_sd"}}


def test_a_mean_95_ci_header_reads_the_mean_and_no_sd():
    header = [["", "Fixed (n = 40) Mean (95% CI)", "Flexible (n = 41) Mean (95% CI)", "Mean difference (95% CI)"]]
    body = [["Total oocytes", "4.8 (4.1-5.7)", "4.6 (3.9-5.4)", "0.2 (-0.8 to 1.1)"]]
    stats = article_table_statistics([build_table("T3", "Outcomes", [], header, body)])[0]
    got = {(s["arm"], s["mean"], s["sd"], s["ci_lower"], s["ci_upper"]) for s in stats if s["kind"] == "mean"}
    assert got == {("Fixed", 4.8, None, 4.1, 5.7), ("Flexible", 4.6, None, 3.9, 5.4)}  # the difference is no arm
    # a sub-column "Men mean (CI)" under an arm: "CI" is no part of a name
    assert read_column(1, "Control group / Men mean (CI)").stat == "mean_ci"
    assert "CI" not in (read_column(1, "Control group / Men mean (CI)").arm or "")


def test_a_footnote_saying_mean_95_ci_reads_the_interval_cells_as_means():
    header = [["", "Metformin (n=206)", "Placebo (n=206)", "Metformin vs placebo", "p Value"]]
    body = [["Weight (kg)", "1.6 (1.1 to 2.1)", "4.2 (3.6 to 4.7)", "−2.6 (−3.3 to −1.9)", "<0.001"],
            ["Cardiac index", "0.6 (0.4 to 0.7)", "0.2 (0.0 to 0.3)", "0.4 (0.2 to 0.6)", "0.01"]]
    noted = build_table("T2", "Changes in outcomes to 18 months", ["Results are presented as mean (95% CI)."], header, body)
    got = _means(noted)
    assert got[("Metformin", "Weight (kg)", None)] == (1.6, None)
    assert got[("Placebo", "Cardiac index", None)] == (0.2, None)
    # without a note or header naming the format an interval cell stays unread (a median (IQR) looks the same)
    assert not _means(build_table("T2", "Changes in outcomes", [], header, body))
    # a note that also defines SDs: "a ± b" cells stay mean ± SD, the interval cells are means
    both = build_table("T4", "Change at month 6", ["Baseline data are reported as means±s.d.",
                                                   "Adjusted change is reported as means (95% confidence intervals)."],
                       [["Measure", "PCD", "DSME"]],
                       [["Weight (kg) / Baseline", "101.8±16.7", "104.0±20.1"],
                        ["Adjusted change", "−7.3 (−9.0, −5.6)", "−2.2 (−3.9, −0.5)"]])
    got = _means(both)
    assert (101.8, 16.7) in got.values() and (-7.3, None) in got.values()


def test_a_caption_saying_means_and_sds_reads_bare_bracket_cells():
    header = [["Outcome measure", "SHE", "MBB"]]
    body = [["CES-D total score", "16.65 (9.85)", "12.67 (8.85)"]]
    got = _means(build_table("T7", "Unadjusted means (and SDs) of self-report outcome measures", [], header, body))
    assert got[("MBB", "CES-D total score", None)] == (12.67, 8.85)
    # no format named: whole numbers under a label with no unit stay unread (decimals on both numbers read as
    # mean (SD) since round 37, ``unlabelled_mean``)
    assert not _means(build_table("T7", "Self-report outcome measures", [], header,
                                  [["CES-D total score", "16 (9)", "12 (8)"]]))
