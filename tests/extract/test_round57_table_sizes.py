"""Round 57 (full text): the numbers analysed that a results table gives beside its cells, read onto each record's
size. Invented tables.

- an unnamed "n" column beside each arm's column ("Arm A | n | Arm B | n", or "N | Arm A | N | Arm B");
- a body row of sizes only ("Participants completing week 10 | (n = 81) | (n = 88)") for the rows below it, which
  also names a section of the table unless its words name the patients analysed;
- a row label's size pair in the arm columns' order ("6 months (n = 36/33)"), whose time stays the row's time.
"""
from stemfoot.corpus.jats import build_table
from stemfoot.extract.tables import label_sizes, normalise_layout, read_columns, size_row, table_statistics


def _stats(header: list[str], rows: list[list[str]], caption: str = "Outcomes at follow-up") -> dict:
    t = normalise_layout(build_table("Table 2", caption, [], [header], rows))
    return {(s["outcome_label"], s["arm"], s["timepoint"]): s for s in table_statistics(t) if s["kind"] != "p_value"}


def test_an_n_column_right_of_each_arm_sizes_its_rows():
    header = ["Outcome", "Time point", "Walking group", "n", "Usual care", "n", "P"]
    rows = [["Barthel index, mean (SD)", "Discharge", "71.4 (16.2)", "68", "63.8 (18.5)", "69", "0.011"],
            ["", "3 months", "84.6 (14.9)", "61", "79.2 (17.3)", "63", "0.061"],
            ["Discharged home, n (%)", "", "34 (50.0)", "68", "24 (34.8)", "69", "0.07"]]
    got = _stats(header, rows)
    barthel = got[("Barthel index, mean (SD)", "Walking group", "3 months")]
    assert (barthel["mean"], barthel["sd"], barthel["arm_n"]) == (84.6, 14.9, 61)
    assert got[("Barthel index, mean (SD)", "Usual care", "3 months")]["arm_n"] == 63
    home = got[("Discharged home, n (%)", "Usual care", None)]
    assert (home["events"], home["total"]) == (24, 69)


def test_an_n_column_left_of_each_arm():
    header = ["Outcome", "N", "Intervention", "N", "Control", "Mean difference"]
    rows = [["Quality of life, mean (SD)", "63", "5.64 (23.6)", "68", "7.15 (26.2)", "1.51"]]
    got = _stats(header, rows)
    assert got[("Quality of life, mean (SD)", "Intervention", None)]["arm_n"] == 63
    assert got[("Quality of life, mean (SD)", "Control", None)]["arm_n"] == 68


def test_one_n_column_stays_the_rows_total():
    # "Outcome | n | A | B": one n column beside two arms counts the row's patients, no arm's.
    t = normalise_layout(build_table("Table 2", "", [], [["Outcome", "n", "Arm A", "Arm B"]],
                                     [["Pain score, mean (SD)", "120", "3.1 (1.2)", "3.9 (1.4)"]]))
    cols = read_columns(t)
    assert [c.arm for c in cols] == [None, None, "Arm A", "Arm B"]


def test_a_row_of_sizes_re_bases_the_rows_below():
    header = ["Outcome", "iCBT (n = 96)", "Usual care (n = 94)"]
    rows = [["Response, n (%)", "42 (43.8)", "15 (16.0)"],
            ["Participants completing week 10", "(n = 81)", "(n = 88)"],
            ["GAD-7, mean (SD)", "6.2 (4.1)", "8.9 (4.6)"]]
    got = _stats(header, rows)
    assert got[("Response, n (%)", "iCBT", None)]["total"] == 96
    # The analysed set's words name no section: the outcome keeps its own label.
    gad = got[("GAD-7, mean (SD)", "iCBT", None)]
    assert (gad["mean"], gad["arm_n"]) == (6.2, 81)
    assert got[("GAD-7, mean (SD)", "Usual care", None)]["arm_n"] == 88


def test_a_row_of_sizes_names_its_section():
    header = ["Outcome", "Counselling", "Usual care"]
    rows = [["Statin users", "n = 268", "n = 1345"],
            ["Discontinued, % (n)", "28.0 (75)", "32.2 (433)"],
            ["Antidepressant users", "n = 392", "n = 723"],
            ["Discontinued, % (n)", "44.9 (176)", "42.7 (309)"]]
    got = _stats(header, rows)
    statin = got[("Statin users / Discontinued, % (n)", "Usual care", None)]
    assert (statin["events"], statin["total"]) == (433, 1345)
    anti = got[("Antidepressant users / Discontinued, % (n)", "Counselling", None)]
    assert (anti["events"], anti["total"]) == (176, 392)


def test_size_row_needs_sizes_in_arm_columns_only():
    t = normalise_layout(build_table("Table 2", "", [], [["Outcome", "A", "B", "P"]], [["x", "1", "2", "0.5"]]))
    cols = read_columns(t)
    assert size_row(["Completers", "(n = 81)", "(n = 88)", ""], cols) == {1: 81, 2: 88}
    assert size_row(["Completers", "(n = 81)", "", ""], cols) is None  # one arm's size alone
    assert size_row(["Completers", "(n = 81)", "(n = 88)", "0.04"], cols) is None  # a p value: a result row
    assert size_row(["Age", "61 (9)", "(n = 88)", ""], cols) is None


def test_a_row_labels_size_pair_in_column_order_and_its_time():
    header = ["Timepoint", "CD34+ cells", "Placebo", "Difference (95% CI)", "P"]
    rows = [["6 months (n = 36/33)", "14.6 (9.8)", "4.1 (8.7)", "10.5 (6.3 to 14.7)", "<0.001"],
            ["12 months (n = 30/23)", "16.2 (11.4)", "5.3 (10.2)", "10.9 (5.5 to 16.3)", "<0.001"]]
    got = _stats(header, rows, caption="Change in TcPO2 from baseline (mmHg)")
    six = got[("Change in TcPO2 from baseline (mmHg)", "CD34+ cells", "6 months")]
    assert (six["mean"], six["arm_n"]) == (14.6, 36)
    assert got[("Change in TcPO2 from baseline (mmHg)", "Placebo", "12 months")]["arm_n"] == 23
    cols = read_columns(normalise_layout(build_table("Table 3", "", [], [header], rows)))
    assert label_sizes("Stroke (n = 102/93)", cols) == {1: 102, 2: 93}
    three = read_columns(normalise_layout(build_table("T", "", [], [["x", "A", "B", "C"]], [["y", "1", "2", "3"]])))
    assert label_sizes("Stroke (n = 102/93)", three) == {}  # three arms: no pair to give them
