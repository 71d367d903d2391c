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


def test_a_row_naming_only_a_side_of_the_heading_outcome_stays_under_it():
    # mendft51: where, how long, how severe, in whom — a side of the heading's outcome, in another format
    for heading, rows in (("Pain scores, mean (SD)", ["At rest, mean (SD)", "On movement, median (IQR)"]),
                          ("Pain scores, mean (SD)", ["At rest", "On coughing, median (IQR)"]),
                          ("Postoperative complications, n (%)", ["Wound infection", "Mean (SD) duration"]),
                          ("Postoperative complications, n (%)", ["Wound infection", "Duration, days, mean (SD)"]),
                          ("Postoperative ileus, n (%)", ["Yes", "Duration, h, median (IQR)"]),
                          ("Nausea, n (%)", ["Mild", "Severe", "Severity score, median (IQR)"]),
                          ("Headache, n (%)", ["Any", "Severity, median (range)"]),
                          ("Hypoglycaemia episodes, mean (SD)", ["Per patient",
                                                                 "Patients with at least one episode, n (%)"]),
                          ("Rescue analgesia, n (%)", ["Any", "Cumulative dose, mg, median (IQR)"]),
                          ("Pain, mean (SD)", ["1 h", "Number of episodes, median (IQR)"]),
                          ("Adverse events, n (%)", ["Nausea", "Total number of events, mean (SD)"]),
                          ("Satisfaction, n (%)", ["Satisfied", "Score, median (IQR)"]),
                          # a unit-only heading, a difference or change row, a time row in another format
                          ("VAS, mm", ["1 h", "Rescue analgesia, n (%)"]),
                          ("Pain, mean (SD)", ["1 h", "Difference, mean (95% CI)"]),
                          ("HbA1c, %, mean (SD)", ["Baseline", "Change from baseline, mean (SE)"]),
                          ("Pain, mean (SD)", ["1 h", "At 24 h, n (%)"])):
        t = _table([[heading, "", "", ""]] + [[r, "1 (2.5)", "2 (5.1)", ""] for r in rows])
        assert own_format_rows_unprefixed(t) is t, (heading, rows)


def test_a_row_naming_another_outcome_in_another_format_ends_the_block():
    for heading, rows in (("Pain, mean (SD)", ["1 h", "Time to first analgesic request, min, median (IQR)"]),
                          ("Hospital stay, days, median (IQR)", ["Total", "ICU stay, days, mean (SD)"]),
                          ("Pain, mean (SD)", ["1 h", "Rescue analgesia, n (%)"]),
                          ("Blood loss, mean (SD)", ["Intraoperative", "Transfusion, n (%)"])):
        t = _table([[heading, "", "", ""]] + [[r, "1 (2.5)", "2 (5.1)", ""] for r in rows])
        assert own_format_rows_unprefixed(t)["row_prefixed"][1:] == [f"{heading} / {rows[0]}", rows[1]], heading


def test_names_own_outcome():
    from stemfoot.extract.tables import names_own_outcome
    assert names_own_outcome("Shoulder-tip pain at 6 h, n (%)")
    assert names_own_outcome("Age, years, mean (SD)")
    assert not names_own_outcome("Mean (SD) duration")
    assert not names_own_outcome("On movement, median (IQR)")
