"""Round 34's full-text stages, without spaCy: section titles spanned down a first column over the row labels of a
second; a statistic word in a header is never an arm."""
from __future__ import annotations

from stemfoot.corpus.jats import build_table
from stemfoot.extract.tables import normalise_layout, section_column, table_statistics


def _tmt_table() -> dict:
    header = [["", "", "Safe group (n=12)", "Caution group (n=26)"]]
    body = [["TMT", "TMT-A (second)", "46.88 ± 13.45", "62.65 ± 30.39"],
            ["TMT", "TMT-B (second)", "103.18 ± 54.15", "165.43 ± 61.23"],
            ["MOCA-K", "Total (score)", "27.12 ± 1.70", "23.42 ± 4.10"],
            ["MOCA-K", "Naming", "2.92 ± 0.29", "2.81 ± 0.57"]]
    return build_table("Table 2", "Neuropsychological tests", [], header, body, "t2")


def test_section_column_keeps_each_rows_own_label():
    t = _tmt_table()
    assert section_column(t["header_joined"], t["rows"])
    norm = normalise_layout(t)
    assert norm["row_prefixed"][:2] == ["TMT / TMT-A (second)", "TMT / TMT-B (second)"]
    means = {(s["outcome_label"], s["arm"]): s["mean"] for s in table_statistics(norm, ["Safe group", "Caution group"])}
    assert means[("TMT / TMT-B (second)", "Caution group")] == 165.43  # TMT-B is not answered with TMT-A's cells
    assert means[("TMT / TMT-A (second)", "Safe group")] == 46.88


def test_section_column_leaves_other_layouts():
    # A named corner, a second column of numbers, or arms cycling under each outcome: not a section column.
    t = _tmt_table()
    assert not section_column(["Test", "", "A", "B"], t["rows"])
    assert not section_column(["", "", "A", "B"], [["X", "12", "1", "2"], ["X", "14", "1", "2"]])
    arms = [["Pain", "Drug", "1 ± 2", "3"], ["Pain", "Placebo", "1 ± 2", "3"],
            ["Sleep", "Drug", "1 ± 2", "3"], ["Sleep", "Placebo", "1 ± 2", "3"]]
    assert not section_column(["", "", "Week 4", "Week 8"], arms)
    # Every row its own title (no span): nothing to fold.
    assert not section_column(["", "", "A", "B"], [["X", "a", "1", "2"], ["Y", "b", "1", "2"]])


def test_a_statistic_word_in_a_header_is_never_an_arm():
    from stemfoot.extract.tables import read_column

    for header, arm, stat, time in [("Standard Deviation", None, "sd", None), ("Std. Dev.", None, "sd", None),
                                    ("Program X S.D", "Program X", "sd", None),
                                    ("Program X / Baseline / Standard Deviation", "Program X", "sd", "Baseline"),
                                    ("Control group / Baseline / S.D.", "Control group", "sd", "Baseline"),
                                    ("Experimental / Post-test / M", "Experimental", "mean", "Post-test"),
                                    ("Intervention / St. Dev", "Intervention", "sd", None),
                                    ("Control / Standard error of mean", "Control", "mean_se", None)]:
        col = read_column(1, header)
        assert (col.arm, col.stat, col.timepoint) == (arm, stat, time), header
    assert read_column(1, "Massage (M)").arm == "Massage M"  # an "M" inside an arm's name stays


def test_two_level_header_reads_each_arms_post_columns():
    header = [["", "Program A", "Program A", "Program A", "Program A", "Control", "Control", "Control", "Control"],
              ["", "Baseline", "Baseline", "Post", "Post", "Baseline", "Baseline", "Post", "Post"],
              ["Variable", "Mean", "Standard Deviation", "Mean", "Standard Deviation", "Mean", "S.D.", "Mean", "S.D."]]
    body = [["Weight (kg)", "70.1", "5.2", "68.3", "4.9", "71.0", "6.1", "70.8", "6.0"]]
    t = build_table("Table 2", "Outcomes", [], header, body, "t2")
    got = {(s["arm"], s["timepoint"]): (s["mean"], s["sd"])
           for s in table_statistics(normalise_layout(t), ["Program A", "Control"])}
    assert got == {("Program A", "Baseline"): (70.1, 5.2), ("Program A", "Post"): (68.3, 4.9),
                   ("Control", "Baseline"): (71.0, 6.1), ("Control", "Post"): (70.8, 6.0)}
