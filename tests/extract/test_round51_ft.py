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


# mendft51: a lead that runs through a heading listing several outcomes, then reports another of them
LISTED = (
    # (query, lead, skipped)
    ("Major amputation of the index limb by 24 weeks",
     "healing and amputation By weeks the index ulcer had healed completely in", True),
    ("Major amputation", "Ulcer healing and amputation: by weeks the index ulcer had healed in", True),
    ("Nausea", "Nausea and vomiting Vomiting occurred in", True),
    ("Death", "Healing, amputation and death Amputation was needed in", True),
    ("Wound infection", "Infection and dehiscence Wound dehiscence occurred in", True),
    ("Readmission", "Hospital stay and readmission The median length of hospital stay was", True),
    ("Rest pain score at 12 weeks", "Ulcer healing and pain At weeks, ulcers had healed completely in", True),
    # near-misses: the query's own member, the list's other member asked, the query naming both, the sentence naming
    # the query's member in other words or none of the members, a list running on in the sentence, arms not outcomes
    ("Complete ulcer healing at 24 weeks",
     "healing and amputation By weeks the index ulcer had healed completely in", False),
    ("Major amputation", "Ulcer healing and amputation Major amputation was required in", False),
    ("Major amputation", "Ulcer healing and amputation By weeks", False),
    ("Vomiting", "Nausea and vomiting Vomiting occurred in", False),
    ("Nausea and vomiting", "Nausea and vomiting Vomiting occurred in", False),
    ("Death", "Healing, amputation and death Two patients died and were amputated", False),
    ("Mortality", "Mortality and morbidity Death occurred in", False),
    ("Amputation", "Healing and amputation rates were", False),
    ("Hospital stay", "Hospital stay and readmission The median length of hospital stay was", False),
    ("Total duration of mechanical ventilation",
     "duration of mechanical ventilation and weaning time in the weaning group were significantly shorter", False),
    ("Major amputation", "Ulcer healing and amputation by weeks the index ulcer had healed in", False),
    ("Major amputation", "patients in the BM-MNC group and in the control group had healed", False),
    ("Pain", "Patients and methods Pain was rated in", False),
    ("Major amputation", "", False),
)


def test_other_listed_outcome():
    from stemfoot.extract.outcome_query import other_listed_outcome
    for query, lead, skipped in LISTED:
        assert other_listed_outcome(query, lead) is skipped, (query, lead)


def test_other_listed_outcome_title_case_and_references():
    from stemfoot.extract.outcome_query import other_listed_outcome
    # a title-case heading whose capital continues it, a figure reference, a bracket after the list
    assert not other_listed_outcome("serum concentrations of testosterone",
                                    "Blood Samples and Serum Hormones Venous blood samples")
    assert not other_listed_outcome("serum bilirubin", "uric acid (Figure and bilirubin (Figure")
    assert not other_listed_outcome("6-minute walk test", "or changes in walk test and balance (Berg Balance Scale), r =")
    assert other_listed_outcome("Major amputation", "Ulcer Healing and Amputation: by weeks the ulcer had healed in")
