"""Row-label column printed last, and one outcome down time-point rows (pure functions on table records)."""
from stemfoot.corpus.jats import build_table
from stemfoot.extract.outcome_query import answer_query, names_other_arm, _words
from stemfoot.extract.tables import article_table_statistics, corner_outcome, label_column_first, time_row


def test_label_column_last_is_moved_first():
    header = [["P value", "Ketorolac-Lidocaine mean±SD", "Lidocaine alone Mean±SD", "Variables"]]
    body = [["0.996", "34.25±7.99", "34.26±4.96", "Onset of tourniquet pain (min)"],
            ["0.001", "264±70.59", "12.13±3.78", "Duration of analgesia (min)"]]
    t = build_table("T1", "Pain", [], header, body)
    moved = label_column_first(t)
    assert moved["row_labels"] == ["Onset of tourniquet pain (min)", "Duration of analgesia (min)"]
    assert moved["header_joined"][0] == "Variables"
    # offsets move with their cells: each still points at its own text in the stored table text
    start, end = moved["cell_offsets"][1][3]
    assert moved["text"][start:end] == "12.13±3.78"
    stats = [s for s in article_table_statistics([t])[0] if s["kind"] == "mean_sd"]
    got = {(s["arm"], s["outcome_label"], s["mean"]) for s in stats}
    assert ("Lidocaine alone", "Duration of analgesia (min)", 12.13) in got
    # a table whose first column has words is left as it is
    plain = build_table("T2", None, [], [["Outcome", "A", "B"]], [["Pain", "1.2±0.3", "1.4±0.2"], ["Age", "40", "41"]])
    assert label_column_first(plain) is plain


def test_time_rows():
    for label in ("24 hours", "1 h post surgery", "Week 12", "Postoperative", "Pre-test", "Day 3", "T1", "30 min"):
        assert time_row(label), label
    for label in ("Hemoglobin", "Pain at 24 h", "Age (years)", "Complications"):
        assert not time_row(label), label
    t = build_table("T3", "Pain score during 24 hours", [], [["Variables Pain Score", "Drug", "Placebo"]], [])
    assert corner_outcome(t) == "Pain Score"
    assert corner_outcome(build_table("T4", "VAS pain", [], [["Variables", "Drug", "Placebo"]], [])) == "VAS pain"


def test_time_rows_are_one_outcome_answered_at_the_final_time():
    header = [["Variables Pain Score", "Drug (n=20)", "Placebo (n=20)"]]
    body = [["1 hour", "1.9±0.44", "6.26±1.38"], ["6 hours", "4.55±1.63", "5.48±1.08"],
            ["24 hours", "3.10±1.37", "3.83±0.83"]]
    stats = article_table_statistics([build_table("T3", "Average pain score", [], header, body)])[0]
    means = [s for s in stats if s["kind"] == "mean_sd"]
    assert {s["outcome_label"] for s in means} == {"Pain Score"}
    assert {s["timepoint"] for s in means} == {"1 hour", "6 hours", "24 hours"}
    q = {"id": 1, "study": "x", "outcome": "pain score", "intervention": "Drug", "comparator": "Placebo"}
    a = answer_query(q, stats)
    assert (a["intervention_mean"], a["comparator_mean"]) == (3.1, 3.83)


def test_label_with_the_other_arms_own_word_is_the_other_arm():
    own_i, own_c = _words("Lidocaine") - _words("Lidocaine + ketorolac"), _words("Lidocaine + ketorolac") - _words("Lidocaine")
    assert names_other_arm("Ketorolac-Lidocaine", own_i, own_c)
    assert not names_other_arm("Lidocaine alone", own_i, own_c)
    assert not names_other_arm("Ketorolac-Lidocaine", own_c, own_i)


def test_arm_column_folded_into_row_labels():
    from stemfoot.extract.tables import arm_column_merged

    header = [["Items", "Group", "Pre-test", "Post-test"]]
    body = [["VO2max", "Aerobic exercise", "25.12 ± 1.21", "33.07 ± 2.37"],
            ["VO2max", "Control", "27.13 ± 1.01", "27.05 ± 1.00"],
            ["Body fat (%)", "Aerobic exercise", "32.3 ± 1.6", "27.5 ± 1.1"],
            ["Body fat (%)", "Control", "32.4 ± 1.1", "33.1 ± 1.0"]]
    t = build_table("T1", "Change", [], header, body)
    merged = arm_column_merged(t)
    assert merged["row_prefixed"][1] == "VO2max / Control" and merged["row_labels"][1] == "Control"
    start, end = merged["cell_offsets"][0][2]
    assert merged["text"][start:end] == "33.07 ± 2.37"
    stats = article_table_statistics([t], ["aerobic exercise group", "control group"])[0]
    got = {(s["arm"], s["outcome_label"], s["timepoint"], s["mean"]) for s in stats if s["kind"] == "mean_sd"}
    assert ("Control", "Body fat (%)", "Post-test", 33.1) in got
    # no repeated outcome down the first column: not this layout
    single = build_table("T2", None, [], header, [body[0], body[2]])
    assert arm_column_merged(single) is single


def test_size_by_the_answered_records_arm_name():
    from stemfoot.extract.outcome_query import _label_size

    text = "Subjects were assigned to the aerobic exercise group (N=8), the half-bath group (N=8) and controls (N=8)."
    assert _label_size("Aerobic exercise", "intervention", [], text) == 8
    assert _label_size("Half bath", "intervention", [], text) == 8  # "half-bath" written with a hyphen
    assert _label_size("intervention group", "intervention", [], "2 patients in the intervention group") is None
    assert _label_size("1", "intervention", [], text) is None


def test_m_sd_initials_are_a_statistic_not_an_arm():
    from stemfoot.extract.tables import read_column

    col = read_column(1, "Post-treatment / NPC / (M/SD)")
    assert (col.arm, col.stat, col.timepoint) == ("NPC", "mean_sd", "Post-treatment")
    assert read_column(1, "Group M").arm == "Group M"


def test_time_column_gives_each_row_its_time_point():
    from stemfoot.extract.tables import time_column

    header = [["Group", "Time points", "IL-6 (pg/mL)", "TNF-α (pg/mL)"]]
    body = [["Treatment (n = 74)", "Baseline", "84.26 ± 12.47", "186.92 ± 36.55"],
            ["Treatment (n = 74)", "Week 1", "53.83 ± 27.64", "121.34 ± 27.66"],
            ["Treatment (n = 74)", "Week 2", "21.08 ± 15.39", "73.59 ± 36.72"],
            ["Control (n = 72)", "Baseline", "87.09 ± 12.47", "183.33 ± 43.35"],
            ["Control (n = 72)", "Week 1", "72.63 ± 25.58", "169.28 ± 35.91"],
            ["Control (n = 72)", "Week 2", "50.71 ± 19.07", "108.35 ± 45.49"]]
    t = build_table("T2", "Cytokines before and after treatment", [], header, body)
    assert time_column(t) == 1
    stats = [s for s in article_table_statistics([t])[0] if s["kind"] == "mean_sd"]
    assert {s["timepoint"] for s in stats} == {"Baseline", "Week 1", "Week 2"}
    q = {"id": 1, "study": "x", "outcome": "TNF-α levels", "intervention": "treatment", "comparator": "control"}
    a = answer_query(q, stats)
    assert (a["intervention_mean"], a["intervention_sd"], a["comparator_mean"]) == (73.59, 36.72, 108.35)
    # a column of words that are no times, or of numbers, is no time column
    plain = build_table("T3", None, [], [["Outcome", "Unit", "A", "B"]],
                        [["Pain", "cm", "1.2±0.3", "1.4±0.2"], ["Age", "years", "40", "41"]])
    assert time_column(plain) is None


def test_blank_labels_under_a_time_column_continue_the_outcome_above():
    from stemfoot.extract.tables import time_labels_filled

    header = [["Variable", "Time", "Group A (n=28)", "Group B (n=24)", "p-value (between groups)"]]
    body = [["Total cholesterol (mg/dl)", "Baseline", "284±8", "275±7", "0.388"],
            ["", "Month 3", "188±6", "172±6", "0.050"],
            ["", "p-value (within group)", "<0.001", "<0.001", ""],
            ["LDL-C (mg/dl)", "Baseline", "192±6", "185±5", "0.464"],
            ["", "Month 3", "110±5", "94±5", "0.015"]]
    t = build_table("T2", "Serum data", [], header, body)
    filled = time_labels_filled(t)
    assert filled["row_labels"][:2] == ["Total cholesterol (mg/dl)"] * 2 and filled["row_labels"][4] == "LDL-C (mg/dl)"
    stats = [s for s in article_table_statistics([t])[0] if s["kind"] == "mean_sd"]
    ldl = {(s["arm"], s["timepoint"]): s["mean"] for s in stats if s["outcome_label"] == "LDL-C (mg/dl)"}
    assert ldl == {("Group A", "Baseline"): 192, ("Group B", "Baseline"): 185, ("Group A", "Month 3"): 110,
                   ("Group B", "Month 3"): 94}
    q = {"id": 1, "study": "x", "outcome": "LDL-C", "intervention": "Group A", "comparator": "Group B"}
    a = answer_query(q, stats)
    assert (a["intervention_mean"], a["comparator_mean"]) == (110, 94)


def test_every_arm_column_of_a_time_row_keeps_the_rows_outcome():
    # "Hemoglobin" over "1 hour" / "24 hours" rows: both arms' values belong to Hemoglobin at that time (the second
    # arm column once took the caption instead, because the first column's label replaced the row's)
    header = [["Variable", "Group A (n = 20)", "Group B (n = 20)"]]
    body = [["Hemoglobin", "", ""], ["1 hour", "11.2 ± 1.1", "10.9 ± 1.3"], ["24 hours", "10.8 ± 1.2", "10.1 ± 1.0"]]
    t = build_table("T2", "Laboratory values", [], header, body)
    stats = [s for s in article_table_statistics([t])[0] if s["kind"] == "mean_sd"]
    got = {(s["arm"], s["outcome_label"], s["timepoint"], s["mean"]) for s in stats}
    assert got == {("Group A", "Hemoglobin", "24 hours", 10.8), ("Group B", "Hemoglobin", "24 hours", 10.1),
                   ("Group A", "Hemoglobin", "1 hour", 11.2), ("Group B", "Hemoglobin", "1 hour", 10.9)}


def _recs(header, body, arms=None, caption=None):
    return [s for s in article_table_statistics([build_table("T9", caption, [], header, body)], arms)[0]
            if s["kind"] == "mean_sd"]


def test_separate_mean_and_sd_columns_per_arm():
    # two header rows: each arm spans a "Mean" (or "M") column and an "SD" column; each cell stays in provenance
    for mean_word in ("Mean", "M"):
        header = [["Outcome", "Drug (n = 20)", "Drug (n = 20)", "Placebo (n = 22)", "Placebo (n = 22)", "P"],
                  ["", mean_word, "SD", mean_word, "SD", ""]]
        body = [["HbA1c (%)", "7.1", "0.8", "7.9", "1.1", "0.01"], ["Weight (kg)", "80.2", "10.1", "82.0", "9.5", "0.4"]]
        got = {(s["arm"], s["outcome_label"], s["mean"], s["sd"], s["arm_n"]) for s in _recs(header, body)}
        assert ("Placebo", "Weight (kg)", 82.0, 9.5, 22) in got, mean_word
        rec = next(s for s in _recs(header, body) if s["arm"] == "Drug" and s["outcome_label"] == "HbA1c (%)")
        assert [c["cell"] for c in rec["evidence"]["cells"]] == ["7.1", "0.8"]
    # without a size in the arm's header, a lone "M" is still the mean (not an arm "M" under the subgroup "Drug")
    got = {(s["arm"], s["mean"], s["sd"]) for s in _recs([["Outcome", "Drug", "Drug", "Placebo", "Placebo"],
                                                         ["", "M", "SD", "M", "SD"]], [["HbA1c", "7.1", "0.8", "7.9", "1.1"]])}
    assert got == {("Drug", 7.1, 0.8), ("Placebo", 7.9, 1.1)}
    # an SE column is no SD (the SD is derived later, flagged)
    se = _recs([["Outcome", "Drug", "", "Placebo", ""], ["", "Mean", "SE", "Mean", "SE"]], [["HbA1c", "7.1", "0.8", "7.9", "1.1"]])
    assert {(s["arm"], s["sd"], s["se"]) for s in se} == {("Drug", None, 0.8), ("Placebo", None, 1.1)}
    assert all("se_not_sd" in s["flags"] for s in se)


def test_arms_as_rows_with_outcome_columns_keep_their_units():
    header = [["Group", "n", "HbA1c (%)", "HbA1c (%)", "Weight (kg)", "Weight (kg)"], ["", "", "Mean", "SD", "Mean", "SD"]]
    body = [["Drug", "20", "7.1", "0.8", "80.2", "10.1"], ["Placebo", "22", "7.9", "1.1", "82.0", "9.5"]]
    got = {(s["arm"], s["outcome_label"], s["mean"], s["sd"], s["arm_n"]) for s in _recs(header, body)}
    assert got == {("Drug", "HbA1c (%)", 7.1, 0.8, 20), ("Drug", "Weight (kg)", 80.2, 10.1, 20),
                   ("Placebo", "HbA1c (%)", 7.9, 1.1, 22), ("Placebo", "Weight (kg)", 82.0, 9.5, 22)}
    # "HbA1c": a letter after a digit in a header is part of the name, not a footnote marker
    got = {(s["arm"], s["outcome_label"]) for s in _recs(
        [["", "HbA1c (%)", "Weight (kg)"]], [["Drug", "7.1 ± 0.8", "80.2 ± 10.1"], ["Placebo", "7.9 ± 1.1", "82 ± 9"]],
        ["Drug", "Placebo"])}
    assert ("Drug", "HbA1c (%)") in got and ("Placebo", "Weight (kg)") in got


def test_arm_column_with_any_header_when_its_names_repeat_under_each_outcome():
    header = [["No.", "Position", "Mean", "SD", "Z", "P"]]
    body = [["Hospital stay (days)", "A", "18", "2.490", "−3.592", "0.000"],
            ["Hospital stay (days)", "B", "20.2", "3.857", "−3.592", "0.000"],
            ["Blood loss (mL)", "A", "159.2", "26.316", "−6.235", "0.000"],
            ["Blood loss (mL)", "B", "201.5", "38.038", "−6.235", "0.000"]]
    got = {(s["arm"], s["outcome_label"], s["mean"], s["sd"]) for s in _recs(header, body)}
    assert got == {("A", "Hospital stay (days)", 18, 2.49), ("B", "Hospital stay (days)", 20.2, 3.857),
                   ("A", "Blood loss (mL)", 159.2, 26.316), ("B", "Blood loss (mL)", 201.5, 38.038)}
    # the names must repeat in the same order under every outcome: otherwise the table is left as it is
    from stemfoot.extract.tables import arm_column_merged
    uneven = build_table("T8", None, [], header, [body[0], body[1], body[2]])
    assert arm_column_merged(uneven) is uneven


def test_time_rows_are_no_arms_beside_an_n_column():
    # "Post intervention" holds an arm word but is a time: the named columns stay the arms
    header = [["Variable", "N", "Mean ± SD / LPA", "Mean ± SD / FME", "P Value"]]
    body = [["Pain", "", "", "", ""], ["Baseline", "84", "54.6 ± 25.6", "58.9 ± 25.0", "0.489"],
            ["Post intervention", "73", "46.3 ± 24.2", "62.4 ± 24.5", "0.006"]]
    t = build_table("T3", None, [], header, body)
    t["row_prefixed"] = ["Pain", "Pain / Baseline", "Pain / Post intervention"]
    recs = [s for s in article_table_statistics([t])[0] if s["kind"] == "mean_sd"]
    got = {(s["arm"], s["timepoint"], s["mean"], s["arm_n"]) for s in recs}
    # the N column counts both arms: no arm's size
    assert ("FME", "Post intervention", 62.4, None) in got and ("LPA", "Baseline", 54.6, None) in got


def test_cells_with_their_own_n_and_percent_spreads():
    from stemfoot.extract.tables import parse_cell

    assert parse_cell("N = 52 97.57 (12.84)") == ("paren", {"a": 97.57, "b": 12.84, "cell_n": 52})
    assert parse_cell("79%n = 24") == ("pct", {"a": 79, "cell_n": 24})
    assert parse_cell("N = 52") is None
    assert parse_cell("0.79 ± 0.07 (12)")[0] == "pm_paren"
    header = [["", "Control mean (SD) / Baseline", "Intervention mean (SD) / Baseline"]]
    got = {(s["arm"], s["mean"], s["sd"], s["arm_n"]) for s in _recs(header, [["Weight (kg)", "N = 52 97.57 (12.84)", "N = 54 96.63 (13.96)"]])}
    assert got == {("Control", 97.57, 12.84, 52), ("Intervention", 96.63, 13.96, 54)}
    # "a ± b (c)": c is the n only where a header says "(n)"; under "(median)" the n stays the header's
    got = {(s["arm"], s["mean"], s["sd"], s["arm_n"]) for s in _recs(
        [["", "Control / T1 (n)", "Social Media / T1 (n)"]], [["MASRI", "90.4 ± 2.4 (12)", "84.2 ± 7.7 (11)"]])}
    assert got == {("Control", 90.4, 2.4, 12), ("Social Media", 84.2, 7.7, 11)}
    got = {(s["arm"], s["mean"], s["sd"], s["arm_n"]) for s in _recs(
        [["", "Group C (n = 7) / Ave ±SD (median)", "Group S (n = 7) / Ave ±SD (median)"]],
        [["Time to death (Min)", "21.0±9.57 (19)", "35.57±10.61 (37)"]])}
    assert got == {("Group C", 21.0, 9.57, 7), ("Group S", 35.57, 10.61, 7)}
    # "91% (21.1%)": a mean (SD) only where the label says so
    header = [["", "Active (n = 25)", "Sham (n = 27)"]]
    assert {(s["arm"], s["mean"], s["sd"]) for s in _recs(header, [["Adherence, mean (SD)", "91% (21.1%)", "93% (18.7%)"]])} == {
        ("Active", 91, 21.1), ("Sham", 93, 18.7)}
    assert _recs(header, [["Adherence", "91% (21.1%)", "93% (18.7%)"]]) == []


def test_arm_column_outcome_written_once_carries_down_and_a_time_header_names_no_outcome():
    header = [["Variable", "Treatment", "Baseline", "Week 26 (LOCF)"]]
    body = [["Proinsulin : insulin ratio", "Drug", "0.45 ± 0.31", "0.33 ± 0.20"], ["", "Placebo", "0.44 ± 0.27", "0.46 ± 0.29"],
            ["HOMA-B (%)", "Drug", "71 ± 254.3", "99 ± 184.3"], ["", "Placebo", "56 ± 84.6", "91 ± 108.2"]]
    got = {(s["arm"], s["outcome_label"], s["timepoint"], s["mean"]) for s in _recs(header, body, caption="B-cell function")}
    assert ("Placebo", "Proinsulin : insulin ratio", "Week 26", 0.46) in got
    assert ("Placebo", "HOMA-B (%)", "Baseline", 56) in got
    assert all(label not in {"Week 26 (LOCF)", "LOCF", "B-cell function"} for _, label, _, _ in got)


def test_a_code_with_another_tail_is_another_measure():
    from stemfoot.extract.outcome_query import other_code

    assert other_code("HOMA-IR", "HOMA-B (%)") and other_code("IL-6 levels", "IL-10 (pg/mL)")
    assert not other_code("HOMA-IR", "HOMA-IR") and not other_code("IL-6 levels", "IL-6 (pg/mL)")
    assert not other_code("Pain", "HOMA-B (%)") and not other_code("TNF-α", "TNF-alpha")
    header = [["Variable", "Treatment", "Week 26"]]
    body = [["HOMA-B (%)", "Drug", "99 ± 184.3"], ["", "Placebo", "52 ± 107.3"],
            ["Proinsulin", "Drug", "0.3 ± 0.1"], ["", "Placebo", "0.4 ± 0.2"]]
    stats = _recs(header, body)
    q = {"id": 1, "study": "x", "outcome": "HOMA-IR", "intervention": "Drug", "comparator": "Placebo"}
    assert answer_query(q, stats)["intervention_mean"] is None
    q["outcome"] = "HOMA-B"
    assert answer_query(q, stats)["intervention_mean"] == 99


def test_arm_rows_repeated_under_each_outcome_are_read_arms_down():
    from stemfoot.extract.tables import arm_rows_repeated

    header = [["Parameters", "Initial Baseline", "Day 7", "Day 28"]]
    body = [["Total cholesterol (mg/dL)", "256.0 ± 24.3", "", ""],
            ["Placebo phase", "", "238.4 ± 18.8", "241.6 ± 27.2"],
            ["Treatment phase", "", "239.9 ± 29.6", "230.4 ± 22.3"],
            ["LDL (mg/dL)", "177.1 ± 22.8", "", ""],
            ["Placebo phase", "", "168.5 ± 22.9", "169.4 ± 27.0"],
            ["Treatment phase", "", "170.8 ± 27.7", "163.3 ± 27.0"]]
    t = build_table("T1", "Plasma lipids", [], header, body)
    read = arm_rows_repeated(t)
    assert read["row_prefixed"][5] == "LDL (mg/dL) / Treatment phase" and read["label_only"][3]
    stats = article_table_statistics([t])[0]
    got = {(s["arm"], s["outcome_label"], s["timepoint"], s["mean"]) for s in stats if s["kind"] == "mean_sd"}
    assert ("Treatment phase", "LDL (mg/dL)", "Day 28", 163.3) in got
    assert not any(s["mean"] == 256.0 for s in stats)  # the outcome row's pooled baseline is no arm's
    # letters that repeat under each outcome: sex or answers are no arms
    sexes = build_table("T2", None, [], header, [[("Pain" if i % 3 == 0 else "M" if i % 3 == 1 else "F"),
                                                    "", "1.0 ± 0.1", "2.0 ± 0.2"] for i in range(6)])
    assert arm_rows_repeated(sexes) is sexes
    # a table that is not outcome rows each followed by the same arm rows is left as it is
    plain = build_table("T3", None, [], header, body[:3] + [["Placebo phase", "", "1 ± 1", "2 ± 2"]] + body[3:])
    assert arm_rows_repeated(plain) is plain


def test_arm_column_with_outcome_rows_that_leave_it_blank():
    from stemfoot.extract.tables import arm_column_merged

    header = [["Outcome of interest", "Arm", "Means ± SD / Baseline", "Means ± SD / Post-treatment"]]
    body = [["Positive affect", "", "1.58 ± 0.93", ""], ["", "R", "", "2.25 ± 0.9"], ["", "M", "", "1.94 ± 1.0"],
            ["Pain", "", "2.29 ± 1.2", ""], ["", "R", "", "2.00 ± .79"], ["", "M", "", "1.58 ± 1.2"]]
    t = build_table("T1", "Group means and SDs", [], header, body)
    merged = arm_column_merged(t)
    assert merged["row_prefixed"][4] == "Pain / R" and merged["label_only"][3] and merged["arms_down"]
    stats = article_table_statistics([t])[0]
    got = {(s["arm"], s["outcome_label"], s["mean"], s["sd"]) for s in stats if s["kind"] == "mean_sd"}
    assert got == {("R", "Positive affect", 2.25, 0.9), ("M", "Positive affect", 1.94, 1.0),
                   ("R", "Pain", 2.0, 0.79), ("M", "Pain", 1.58, 1.2)}  # "M" is an arm here, not "mean"


def test_second_label_column_under_a_spanning_corner():
    from stemfoot.extract.tables import label_columns_joined

    header = [["Scored items", "Scored items", "Control group (CG)", "Intervention group (IG)", "P"]]
    body = [["Key-feature test (%), mean (SD)", "Key-feature test (%), mean (SD)", "", "", ""],
            ["", "t0", "31.0 (12.9)", "34.8 (17.1)", ".34"],
            ["", "t1", "68.8 (16.3)", "92.2 (4.7)", "<.001"]]
    t = build_table("T1", "Scores", [], header, body)
    joined = label_columns_joined(t)
    assert joined["row_prefixed"][2] == "Key-feature test (%), mean (SD) / t1" and joined["label_only"][0]
    stats = article_table_statistics([t])[0]
    got = {(s["arm"], s["timepoint"], s["mean"]) for s in stats if s["kind"] == "mean_sd"}
    assert ("Intervention group", "t1", 92.2) in got  # the initials "(IG)" are the same arm
    # two label columns with different titles are another layout
    other = build_table("T2", None, [], [["Outcome", "Time"] + header[0][2:]], body)
    assert label_columns_joined(other) is other


def test_header_and_cell_forms():
    from stemfoot.extract.tables import column_hint, parse_cell, read_column

    assert column_hint("Scores, mean (SD) or n (%)") is None  # alternatives: the rows say which
    col = read_column(2, "Scores, mean (SD) or n (%) / Control group (CG)")
    assert (col.arm, col.stat, col.subgroup) == ("Control group", None, None)
    assert column_hint("OR (95% CI)") == "effect" and column_hint("Mean (SD)") == "mean_sd"
    assert parse_cell("2.00 ± .79") == ("pm", {"a": 2.0, "b": 0.79})
    assert parse_cell("55.7 (20.2) N=98") == ("paren", {"a": 55.7, "b": 20.2, "cell_n": 98.0})
    assert time_row("6 months, mean (SD)") and not time_row("Pain, mean (SD)")
    assert time_row("Pre-") and time_row("Post") and not time_row("Preeclampsia")
    col = read_column(1, "Group / AFO Group (n=13)Mean ± SD")  # the outer "Group" heads the arm columns
    assert (col.arm, col.n, col.stat, col.subgroup) == ("AFO Group", 13, "mean_sd", None)


def test_count_with_percent_sign_under_a_bare_arm_header():
    header = [["", "All patients (n = 108)", "8 pulses (n = 57)", "15 pulses (n = 51)", "p value"]]
    body = [["Syncope (pts)", "5 (4.6%)", "1 (1.8%)", "4 (7.8%)", "0.186"], ["Acceleration", "-12 (-7%)", "3", "4", ""]]
    stats = article_table_statistics([build_table("T2", "Safety data", [], header, body)])[0]
    got = {(s["arm"], s["outcome_label"], s["events"], s["total"]) for s in stats if s["kind"] == "events"}
    assert got == {("8 pulses", "Syncope (pts)", 1, 57), ("15 pulses", "Syncope (pts)", 4, 51)}  # no total arm


def test_group_corner_puts_the_arms_in_the_rows():
    header = [["Animal group", "Day 0", "Day 6", "Day 13"]]
    body = [["FSGS + water", "", "142±4.3", "121±5.7"], ["FSGS + enalapril", "", "101±4.1", "90±9.6"]]
    stats = article_table_statistics([build_table("T1", "Systolic blood pressure (mmHg)", [], header, body)])[0]
    got = {(s["arm"], s["outcome_label"], s["timepoint"], s["mean"]) for s in stats if s["kind"] == "mean_sd"}
    assert ("FSGS + enalapril", "Systolic blood pressure (mmHg)", "Day 13", 90.0) in got


def test_statistic_sub_rows_take_the_outcome_row_above():
    from stemfoot.extract.tables import stat_rows_prefixed, sub_row

    assert sub_row("Mean (SD) change, kg") and sub_row("Change at end point (%)") and sub_row("LS mean (SE)")
    assert not any(sub_row(x) for x in ("Body weight, n", "Baseline HA1C (%)", "Week 12", "Change in weight (kg)",
                                        "25(OH)D (ng/ml)"))
    header = [["Parameters", "Sulodexide (N = 20)", "Placebo (N = 20)", "P value"]]
    body = [["Baseline BW (kg)", "72.9 ± 13.59", "66.16 ± 13.11", "0.119"],
            ["Change at end point (kg)", "0.24 ± 1.04", "−0.36 ± 1.44", "0.144"],
            ["Baseline HA1C (%)", "7.41 ± 1.63", "6.89 ± 0.94", "0.232"],
            ["Change at end point (%)", "−0.1 ± 1.49", "−0.05 ± 0.66", "0.897"]]
    t = stat_rows_prefixed(build_table("T2", "Changes from baseline", [], header, body))
    assert t["row_prefixed"][1:] == ["BW (kg) / Change at end point (kg)", "Baseline HA1C (%)",
                                     "HA1C (%) / Change at end point (%)"]
    # rows of statistics only ("Minimum", "Maximum", "Mean"): no outcome row above them, no prefix
    stats = build_table("T3", "Duration of surgery (min)", [], header, [[x, "54", "49", "0.30"] for x in ("Minimum", "Maximum")]
                        + [["Mean", "67.3±9.65", "64.3±8.5", "0.30"]])
    assert stat_rows_prefixed(stats)["row_prefixed"] == ["Minimum", "Maximum", "Mean"]


def test_time_named_unit_first_and_ratio_rows():
    from stemfoot.extract.outcome_query import ratio_other_half, time_points

    assert time_points("Day 28") == {(28.0, "day"), (4.0, "week")} == time_points("at week 4")
    assert time_points("Week 12 / Mean") == time_points("12 weeks")
    assert ratio_other_half("HDL-cholesterol at week 4", "LDL/HDL")
    assert ratio_other_half("total cholesterol", "Total Cholesterol/HDL") and ratio_other_half("LDL-cholesterol", "LDL/HDL")
    assert not ratio_other_half("LDL/HDL ratio", "LDL/HDL") and not ratio_other_half("BMI", "BMI (kg/m2)")
    assert not ratio_other_half("total cholesterol", "Total Cholesterol (mg/dL)")


def test_percent_of_an_unknown_n_is_checked_against_the_answered_size():
    header = [["", "Synbiotic", "Placebo"]]
    body = [["Diarrhea", "178 (2.0%)", "258 (3.1%)"], ["Vomiting", "4 (1.0%)", "6 (1.6%)"]]
    t = build_table("T1", "Fecal scores", [], header, body)
    stats = [s for s in article_table_statistics([t])[0] if s["kind"] == "events"]
    assert {(s["arm"], s["events"]) for s in stats if s["outcome_label"] == "Diarrhea"} == {("Synbiotic", 178), ("Placebo", 258)}
    assert all("percent_of_unknown_n" in s["flags"] for s in stats)
    for s in stats:
        s["evidence"] = {**s["evidence"], "start": 0, "end": 1}
    q = {"id": 1, "study": "x", "outcome": "diarrhea", "intervention": "Synbiotic", "comparator": "Placebo"}
    text = "399 dogs were given the synbiotic and 374 dogs the placebo."
    ans = answer_query(q, stats, text=text, tables=[t], table_sizes=[("Synbiotic", 399, "x"), ("Placebo", 374, "x")])
    assert ans["intervention_events"] is None and ans["comparator_events"] is None  # 178 of 399 is no 2.0 %
    fits = answer_query(q, stats, text=text.replace("399", "8900").replace("374", "8323"), tables=[t],
                        table_sizes=[("Synbiotic", 8900, "x"), ("Placebo", 8323, "x")])
    assert (fits["intervention_events"], fits["comparator_events"]) == (178, 258)
    assert {s["arm"]: s["events"] for s in stats if s["outcome_label"] == "Vomiting"} == {"Synbiotic": 4, "Placebo": 6}


def test_evaluation_numbers_are_time_points_under_an_arm():
    from stemfoot.extract.tables import read_column

    col = read_column(1, "Group 1 / Evaluation 2")
    assert (col.arm, col.timepoint, col.subgroup) == ("Group 1", "Evaluation 2", None)


def test_before_after_query_reads_one_arms_row_at_two_times():
    from stemfoot.extract.outcome_query import within_group_records

    header = [["", "Treatment Group / Pre", "Treatment Group / Post", "Placebo Group / Pre", "Placebo Group / Post"]]
    body = [["Total sulfate (plasma)", "1150 ± 254", "1346 ± 236", "1170 ± 200", "1160 ± 210"]]
    t = build_table("T6", "Metabolites (mean ± SD)", [], header, body)
    stats = [s for s in article_table_statistics([t])[0] if s["kind"] == "mean_sd"]
    got = within_group_records(stats, "Vitamin/mineral supplements", "baseline")
    assert [(r["arm"], r["timepoint"], r["mean"]) for r in got] == [
        ("Vitamin/mineral supplements", "Post", 1346.0), ("baseline", "Post", 1150.0)]
    assert got[1]["evidence"]["cell"] == "1150 ± 254"  # the comparator's value keeps its own cell
    q = {"id": 1, "study": "x", "outcome": "Total sulfate (plasma)", "intervention": "Vitamin/mineral supplements",
         "comparator": "baseline"}
    ans = answer_query(q, stats, tables=[t])
    assert (ans["intervention_mean"], ans["comparator_mean"]) == (1346.0, 1150.0)
    # two active arms and a query that names neither: no side is taken
    two = [{**s, "arm": s["arm"].replace("Placebo", "Exercise").replace("Treatment", "Yoga")} for s in stats]
    assert within_group_records(two, "Vitamin/mineral supplements", "baseline") == []


def test_a_unit_headed_column_of_bare_numbers_gives_each_row_its_time():
    from stemfoot.extract.tables import time_column

    header = [["Outcome", "Week", "Cells (n = 31)", "Placebo (n = 30)"]]
    body = [["Six-minute walk, m", "8", "301 (52)", "288 (49)"],
            ["", "16", "344 (61)", "297 (55)"],
            ["Rest pain score", "16", "2.1 (1.4)", "3.9 (1.8)"]]
    t = build_table("T3", "Functional outcomes", ["Values are mean (SD)."], header, body)
    assert time_column(t) == 1
    stats = [s for s in article_table_statistics([t])[0] if s["kind"] == "mean_sd"]
    walk = {(s["arm"], s["timepoint"]): s["mean"] for s in stats if s["outcome_label"] == "Six-minute walk, m"}
    assert walk == {("Cells", "8 week"): 301, ("Placebo", "8 week"): 288, ("Cells", "16 week"): 344,
                    ("Placebo", "16 week"): 297}
    q = {"id": 1, "study": "x", "outcome": "Six-minute walk distance at 16 weeks", "intervention": "cells",
         "comparator": "placebo"}
    a = answer_query(q, stats)
    assert (a["intervention_mean"], a["intervention_sd"], a["comparator_mean"]) == (344, 61, 297)
    # numbers under a header that is no time unit stay values; one number repeated is no list of times
    other = build_table("T4", None, [], [["Outcome", "Dose", "A", "B"]],
                        [["Pain", "10", "1.2±0.3", "1.4±0.2"], ["Age", "20", "40", "41"]])
    assert time_column(other) is None
    same = build_table("T5", None, [], [["Outcome", "Week", "A", "B"]],
                       [["Pain", "12", "1.2±0.3", "1.4±0.2"], ["Age", "12", "40", "41"]])
    assert time_column(same) is None
