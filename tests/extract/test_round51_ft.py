"""Round 51 (full text): a row that names its own outcome and another format than the label-only heading above it
ends the heading's block ("VAS at rest, mm, mean (SD)" then "1 h" ... "24 h", then "Shoulder-tip pain at 6 h,
n (%)"): its counts are read under its own label, not as "VAS at rest ... / Shoulder-tip pain ...". Invented
tables."""
from stemfoot.corpus.jats import build_table
from stemfoot.extract.tables import normalise_layout, own_format_rows_unprefixed, table_statistics

HEADER = [["Outcome", "Bupivacaine (n = 40)", "Saline (n = 39)", "P value"]]


def _table(rows: list[list[str]]) -> dict:
    return build_table("Table 2", "Outcomes", [], HEADER, rows)


def test_a_count_row_under_a_mean_heading_is_its_own_outcome():
    t = _table([["VAS at rest, mm, mean (SD)", "", "", ""], ["1 h", "30.1 (14.0)", "41.2 (16.3)", "0.002"],
                ["6 h", "24.6 (15.3)", "38.9 (17.8)", "<0.001"],
                ["Shoulder-tip pain at 6 h, n (%)", "9 (22.5)", "20 (51.3)", "0.008"],
                ["PONV before discharge, n (%)", "8 (20.0)", "10 (25.6)", "0.55"]])
    assert own_format_rows_unprefixed(t)["row_prefixed"][1:] == [
        "VAS at rest, mm, mean (SD) / 1 h", "VAS at rest, mm, mean (SD) / 6 h", "Shoulder-tip pain at 6 h, n (%)",
        "PONV before discharge, n (%)"]
    got = {(s["outcome_label"], s["arm"]): (s["events"], s["total"])
           for s in table_statistics(normalise_layout(t)) if s["kind"] == "events"}
    assert got == {("Shoulder-tip pain at 6 h, n (%)", "Bupivacaine"): (9, 40),
                   ("Shoulder-tip pain at 6 h, n (%)", "Saline"): (20, 39),
                   ("PONV before discharge, n (%)", "Bupivacaine"): (8, 40),
                   ("PONV before discharge, n (%)", "Saline"): (10, 39)}


def test_a_mean_row_under_a_count_heading_is_its_own_outcome():
    t = _table([["Sex, n (%)", "", "", ""], ["Female", "20 (50.0)", "19 (48.7)", ""],
                ["Age, years, mean (SD)", "54.1 (9.0)", "55.0 (8.7)", ""], ["Smoker", "10 (25.0)", "9 (23.1)", ""]])
    assert own_format_rows_unprefixed(t)["row_prefixed"][1:] == [
        "Sex, n (%) / Female", "Age, years, mean (SD)", "Smoker"]


def test_rows_that_name_no_other_format_stay_under_the_heading():
    # a heading naming no format; a row naming the same format; a time row; a statistic-only sub-row; a lone
    # "n" or "HR" (a heart rate, not a hazard ratio) is no format of a row
    for heading, rows in (("Adverse events", ["Nausea, n (%)", "Pain score, mean (SD)"]),
                          ("Adverse events, n (%)", ["Nausea, n (%)", "Vomiting"]),
                          ("Pain, mean (SD)", ["At 6 h", "Mean (SD) change"]),
                          ("5 minutes after intubation, mean ± SD", ["HR", "SBP, mean (SD)"]),
                          ("Dominant hand affected, n (%)", ["No", "Yes"])):
        t = _table([[heading, "", "", ""]] + [[r, "1 (2.5)", "2 (5.1)", ""] for r in rows])
        assert own_format_rows_unprefixed(t) is t, heading
