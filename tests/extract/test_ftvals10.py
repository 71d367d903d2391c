"""Round 10 outcome-data value rules: percent-first cells, acronyms without function words,
one-sex queries, strata read as arms, SDs from an SE marked derived (no spaCy)."""
from __future__ import annotations

from stemfoot.corpus.jats import build_table
from stemfoot.extract.outcome_query import (
    answer_query, bare_label, expand_acronyms, outcome_similarity, sex_arms, strata_as_arms,
)
from stemfoot.extract.tables import parse_cell, stat_hint, table_statistics, time_row


def test_percent_first_cells_give_the_count_in_brackets():
    assert parse_cell("64% (245)") == ("pct_paren", {"a": 64.0, "b": 245.0})
    assert stat_hint("% (n)") == stat_hint("% (Events)") == stat_hint("% Male (n)") == "pct_events"
    assert stat_hint("n (%)") == "events"
    header = [["", "NRT (n = 418)", "Bupropion (n = 409)"]]
    body = [["Abstinent % (n)", "24.2 (101)", "26.7 (109)"], ["Died", "64% (267)", "61% (250)"],
            ["Wrong", "50% (100)", "50% (300)"]]  # 300 of 409 is not 50 %: no record
    stats = table_statistics(build_table("T", None, [], header, body))
    got = [(s["outcome_label"], s["arm"], s["events"], s["percent"]) for s in stats]
    assert got == [("Abstinent % (n)", "NRT", 101, 24.2), ("Abstinent % (n)", "Bupropion", 109, 26.7),
                   ("Died", "NRT", 267, 64.0), ("Died", "Bupropion", 250, 61.0)]


def test_percent_first_cell_without_a_size_needs_the_header():
    header = [["", "A", "B"]]
    stats = table_statistics(build_table("T", None, [], header, [["Died", "64% (245)", "61% (98)"]]))
    assert stats == []  # no n to check the count against, no header saying "% (n)": null beats a guess
    header = [["", "A", "B"], ["", "% (Events)", "% (Events)"]]
    stats = table_statistics(build_table("T", None, [], header, [["Died", "64% (245)", "61% (98)"]]))
    assert [(s["arm"], s["events"]) for s in stats] == [("A", 245), ("B", 98)]


def test_percent_first_cells_are_checked_and_no_arm_word_is_dropped():
    from stemfoot.extract.tables import read_column

    # "No treatment" is an arm; only a header part made of statistic words ("Events") is no arm name.
    assert read_column(2, "No treatment % (n)").arm == "No treatment"
    assert read_column(1, "Exercise % (n)").arm == "Exercise" and read_column(1, "% (Events)").arm is None
    # A capital "(N)" is the number analysed, not the cells' count.
    assert stat_hint("% (N)") is None and stat_hint("% (n)") == "pct_events"
    # A percent outside 0-100, or a count above the arm's n, is no count with its percentage.
    header = [["", "A (n = 20)", "B (n = 20)"], ["", "% (n)", "% (n)"]]
    body = [["Change in weight", "-12.3 (4)", "10.0 (2)"], ["Died", "150% (30)", "10% (2)"]]
    got = [(s["outcome_label"], s["arm"], s["events"]) for s in table_statistics(build_table("T", None, [], header, body))
           if s.get("events") is not None]
    assert got == [("Change in weight", "B", 2), ("Died", "B", 2)]


def test_abbreviated_months_and_years_are_time_points_of_columns():
    from stemfoot.extract.tables import read_column

    assert read_column(1, "Intervention / 12 mo").timepoint == "12 mo"
    assert not time_row("Mood")


def test_acronyms_leave_out_function_words():
    q = "Physical aspect of Functional Assessment of Cancer Therapy-Breast"
    assert expand_acronyms("FACT / Physical", q) == "Functional Assessment of Cancer Therapy / Physical"
    assert outcome_similarity(q, ["FACT / Physical"]) > outcome_similarity(q, ["FACT / Functional"])
    q = "Anxiety aspect of the Hospital anxiety and depression scale"
    assert outcome_similarity(q, ["HADS / Anxiety"]) > outcome_similarity(q, ["HADS / Depression"])


def test_generic_outcome_labels_defer_to_the_caption():
    assert bare_label("Primary outcome (RS6) % (n)") and bare_label("Secondary endpoint")
    assert not bare_label("Pain (VAS)") and not bare_label("HbA1c (%)")


def _rec(arm: str, mean: float, label: str = "TAT", table: str = "Table 2") -> dict:
    return {"kind": "mean_sd", "arm": arm, "mean": mean, "sd": 1.0, "total": None, "outcome_label": label,
            "timepoint": None, "evidence": {"table": table, "row_header": label, "cell": str(mean)}}


def test_a_query_about_one_sex_reads_that_sex_arms():
    recs = [_rec("Female ILI", -4.8), _rec("Female DSE", 0.2), _rec("Male ILI", -8.0), _rec("Male DSE", 0.1)]
    assert [(r["arm"], r["mean"]) for r in sex_arms("Total adipose tissue in women", recs)] == [
        ("ILI", -4.8), ("DSE", 0.2)]
    assert [r["arm"] for r in sex_arms("Total adipose tissue in men", recs)] == ["ILI", "DSE"]
    assert sex_arms("Total adipose tissue", recs) is recs
    assert sex_arms("Adipose tissue in men and women", recs) is recs
    plain = [_rec("ILI", 1.0), _rec("DSE", 2.0)]
    assert sex_arms("Total adipose tissue in women", plain) is plain  # no split by sex


def test_strata_read_as_arms_are_turned_round():
    recs = [_rec("ICU", 75, "Success [Micafungin]"), _rec("Non-ICU", 108, "Success [Micafungin]"),
            _rec("ICU", 73, "Success [Liposomal amphotericin B]"), _rec("Non-ICU", 98, "Success [Liposomal amphotericin B]")]
    out = strata_as_arms(recs, "micafungin (100 mg/day)", "liposomal amphotericin B")
    assert [(r["arm"], r["outcome_label"], r["mean"]) for r in out] == [
        ("Micafungin", "Success [ICU]", 75), ("Micafungin", "Success [Non-ICU]", 108),
        ("Liposomal amphotericin B", "Success [ICU]", 73), ("Liposomal amphotericin B", "Success [Non-ICU]", 98)]
    # arms that name the query's: the brackets are real subgroups, left alone
    real = [_rec("Micafungin", 1, "Success [ICU]"), _rec("Liposomal amphotericin B", 2, "Success [ICU]")]
    assert strata_as_arms(real, "micafungin", "liposomal amphotericin B") == real


def test_an_sd_computed_from_an_se_is_answered_and_marked_derived():
    # Issue 10: an SD from an SE (SD = SE x sqrt(n), Cochrane Handbook 6.5.2) is given where the article reports the
    # parts, and the answer's `derived` says so (Yun et al.'s gold leaves such SDs blank; the reviewer's need wins).
    header = [["", "Group I / Posttherapy (mean ± SE)", "Group II / Posttherapy (mean ± SE)"]]
    rows = [["VAS", "1.54 ± 0.31", "3.08 ± 0.41"]]
    cands = table_statistics(build_table("Table 2", "VAS scores", [], header, rows))
    for c in cands:
        c["total"] = 26
    q = {"id": 1, "study": "PMC1", "outcome": "VAS pain score", "intervention": "Group I", "comparator": "Group II"}
    a = answer_query(q, cands, [])
    assert (a["intervention_mean"], a["comparator_mean"]) == (1.54, 3.08)
    assert a["intervention_sd"] == round(0.31 * 26 ** 0.5, 4) and a["comparator_sd"] == round(0.41 * 26 ** 0.5, 4)
    assert set(a["derived"]) == {"intervention_sd", "comparator_sd"}


def test_arm_codes_spelling_the_query_arm_initials():
    from stemfoot.extract.outcome_query import arm_similarity, initials_code

    assert initials_code("bupivacaine plus dexamethasone", "Group B+D")
    assert initials_code("bupivacaine plus dexamethasone", "BD group")
    assert not initials_code("bupivacaine", "Group B")  # one letter: no code
    assert not initials_code("bupivacaine plus dexamethasone", "Group B")
    assert arm_similarity("bupivacaine plus dexamethasone", "Group B+D", "intervention") >= 0.9
    assert arm_similarity("bupivacaine", "Group B+D", "comparator") < 0.5


def test_a_fatty_acid_name_is_no_count_of_people():
    from stemfoot.extract.tables import read_column

    # "n" before a number counts people ("n = 14"); "n-3" (omega-3 fatty acids) names the arm.
    col = read_column(3, "n-3 (n = 14) / Follow-up")
    assert (col.arm, col.n, col.timepoint) == ("n-3", 14, "Follow-up")
    assert read_column(1, "Placebo (n = 11)").arm == "Placebo" and read_column(1, "n (%)").arm is None
