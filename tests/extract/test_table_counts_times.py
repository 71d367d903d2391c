"""Times named by a heading's unit, counts where the notes define frequencies beside means, and "mean (+/− SD)"
notes (pure functions on table records, no spaCy)."""
from stemfoot.corpus.jats import build_table
from stemfoot.extract.tables import read_column, table_statistics, unit_heading_time


def test_a_heading_names_the_time_of_the_numbers_under_it():
    assert unit_heading_time(["Evaluated times (days)", "45", "n (%)"]) == ("45 days", ["n (%)"])
    assert unit_heading_time(["Time (weeks)", "12"]) == ("12 weeks", [])
    assert unit_heading_time(["Months", "6"]) == ("6 months", [])
    assert unit_heading_time(["Placebo", "12"]) is None  # no unit: a number under an arm says no time
    assert unit_heading_time(["Dose (mg)", "50"]) is None


def test_only_the_nearest_outer_part_and_no_lone_letter_names_the_time():
    # A unit heading two levels out is over its own level: the "1" under "Group" is an arm code, not day 1.
    assert unit_heading_time(["Days", "Group", "1"]) is None
    assert unit_heading_time(["Time (weeks)", "Arm", "2", "n (%)"]) is None
    # A lone one-letter unit is as likely a column label as hours; worded or bracketed under a time word it counts.
    assert unit_heading_time(["h", "1"]) is None
    assert unit_heading_time(["(h)", "24"]) is None
    assert unit_heading_time(["Time (h)", "24"]) == ("24 h", [])
    assert read_column(1, "Days / Group / 1").timepoint is None
    col = read_column(2, "Evaluated times (days) / 60 / n (%)")
    assert (col.arm, col.timepoint, col.stat) == (None, "60 days", "events")
    # arms down the rows, one column per time: each arm's count at each time, the caption the outcome
    header = [["FINAL PROTOCOL", "Evaluated times (days)", "Evaluated times (days)"], ["", "45", "180"],
              ["", "n (%)", "n (%)"]]
    body = [["2.5% NaOCl*", "13 (86.7)", "3 (20.0)"], ["EC40 varnish", "15 (100.0)", "5 (33.3)"]]
    stats = table_statistics(build_table("T1", "Specimens not leaking", [], header, body))
    assert {s["outcome_label"] for s in stats} == {"Specimens not leaking"}  # the corner names the arm rows
    got = {(s["arm"], s["timepoint"], s["events"]) for s in stats if s["kind"] == "events"}
    assert got == {("2.5% NaOCl", "45 days", 13), ("2.5% NaOCl", "180 days", 3), ("EC40 varnish", "45 days", 15),
                   ("EC40 varnish", "180 days", 5)}


def test_counts_where_the_notes_define_counts_beside_means():
    from stemfoot.extract.tables import share_of

    assert share_of(14, 77, 18) and share_of(0, 0, 18) and share_of(1, 5, 18)
    assert not share_of(8.8, 3.4, 18) and not share_of(14, 77, None) and not share_of(45, 12, 18)
    header = [["Variables", "Cuff control / n = 18", "Routine care / n = 18", "p values"]]
    body = [["Sedation", "14 (77)", "14 (77)", ">0.999"], ["SOFA score", "8.8 ± 3.4", "9.0 ± 3.7", "0.9"],
            ["Age", "61 (12)", "64 (15)", "0.5"]]
    notes = ["Data are frequencies (%) or mean ± SD"]
    stats = table_statistics(build_table("T1", "Patient characteristics", notes, header, body))
    got = {(s["outcome_label"], s["kind"], s["events"], s["mean"]) for s in stats if s["arm"] == "Routine care"}
    assert got == {("Sedation", "events", 14, None), ("SOFA score", "mean_sd", None, 9.0), ("Age", "mean_sd", None, 64)}
    # notes naming means only keep "a (b)" a mean (SD), whatever its numbers
    only_means = table_statistics(build_table("T1", None, ["Data are mean ± SD"], header, body))
    assert not [s for s in only_means if s["kind"] == "events"]


def test_notes_writing_plus_minus_as_plus_slash_minus_name_the_format():
    header = [["Serum Cytokine", "Day-0", "Day-14", "P value"]]
    body = [["IL-8 (pg/ml)", "181.0 (182.8)", "347.8 (123.9)", "0.020"]]
    notes = ["Values are mean (+/− SD)."]
    stats = table_statistics(build_table("T6", "Effects on serum cytokines.", notes, header, body))
    assert {(s["mean"], s["sd"]) for s in stats if s["kind"] == "mean_sd"} == {(181.0, 182.8), (347.8, 123.9)}
    # no format named: whole "a (b)" cells under a label with no unit stay unread (a unit or decimals on both
    # numbers read as mean (SD) since round 37, ``unlabelled_mean``)
    plain = table_statistics(build_table("T6", "Serum cytokines.", [], header, [["IL-8", "181 (182)", "347 (123)",
                                                                                  "0.020"]]))
    assert not [s for s in plain if s["kind"] == "mean_sd"]
