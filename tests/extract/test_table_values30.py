"""Round 30 table values (no spaCy): counts the notes declare, "6 mo" time rows, grade sub-rows."""
from __future__ import annotations

import pytest

from stemfoot.corpus.jats import build_table
from stemfoot.extract.outcome_query import answer_query, grade_set, other_grade
from stemfoot.extract.tables import bare_count, count_notes, table_statistics, time_row


def test_count_notes_declare_bare_counts_unless_means_are_defined():
    assert count_notes("Major long-term outcome events. Data are number of events. None were significant.")
    assert count_notes("Values are numbers of patients.")
    assert count_notes("Figures are n")
    assert not count_notes("Data are number of patients (%) or mean ± SD")  # bare numbers may be means there
    assert not count_notes("Values are n (%)")  # a bare number beside "n (%)" cells says nothing by itself
    assert not count_notes("Adverse events")


def test_bare_count_from_the_notes_or_a_leading_count_label():
    assert bare_count(67, 251, "Non-perioperative stroke or TIA", False, True) == {"events": 67}
    assert bare_count(300, 251, "Non-perioperative stroke or TIA", False, True) == {"value": 300}  # more than the arm
    assert bare_count(39, 217, "N. of events", False) == {"events": 39}
    assert bare_count(12, 40, "Number of patients with relapse", False) == {"events": 12}
    assert bare_count(217, 217, "No. of patients", False) == {"value": 217}  # a size row, not a count of an outcome
    assert bare_count(5, 40, "Number of visits", False) == {"value": 5}  # visits are not people or events
    assert bare_count(39, 217, "Pain score", False) == {"value": 39}


def test_a_table_whose_footnote_says_number_of_events_gives_records():
    header = [["", "Endovascular treatment (n=251)", "Endarterectomy (n=253)"]]
    body = [["Disabling stroke or death", "117", "121"], ["Stroke", "33", "27"]]
    stats = table_statistics(build_table("Table 3", "Major long-term outcome events", ["Data are number of events."],
                                         header, body))
    got = {(s["outcome_label"], s["arm"], s["events"], s["total"]) for s in stats if s["kind"] == "events"}
    assert ("Disabling stroke or death", "Endovascular treatment", 117, 251) in got
    assert ("Stroke", "Endarterectomy", 27, 253) in got
    plain = table_statistics(build_table("Table 3", "Major long-term outcome events", [], header, body))
    assert not [s for s in plain if s["kind"] == "events"]  # undeclared bare numbers: no record


@pytest.mark.parametrize("label,expected", [
    ("6 mo", True), ("12 mo.", True), ("6-mo", True), ("2 yr", True), ("3 yrs", True), ("Mo 6", True),
    ("6 months", True), ("Week 12", True), ("BL", True), ("moderate", False), ("6 mothers", False), ("Money", False),
    ("BLT", False),
])
def test_time_rows_in_abbreviated_months_and_years(label, expected):
    assert time_row(label) is expected


def test_a_no_time_query_reads_the_last_abbreviated_time_row():
    header = [["Outcome", "Control (n = 300)", "Intervention (n = 403)"]]
    body = [["HADS depression score", "", ""], ["6 mo", "7.0 (4.4)", "6.3 (4.1)"], ["12 mo", "6.9 (4.6)", "6.2 (4.3)"]]
    stats = table_statistics(build_table("Table 3", "Main results, mean (SD)", [], header, body))
    assert {s["timepoint"] for s in stats} == {"6 mo", "12 mo"}
    assert all("time_row" in s["flags"] for s in stats)
    for i, s in enumerate(stats):
        s["id"] = i
    ans = answer_query({"outcome": "Depression score", "intervention": "Intervention", "comparator": "Control"}, stats)
    assert (ans["intervention_mean"], ans["comparator_mean"]) == (6.2, 6.9)


def test_grade_sets_of_queries_and_labels():
    assert grade_set("grade 3–4 thrombocytopenia and anemia") == {3, 4}
    assert grade_set("Grade III/IV neutropenia") == {3, 4}
    assert grade_set("grades 3 and 4 toxicity") == {3, 4}
    assert grade_set("grade ≥3 adverse events") == {3, 4, 5}
    assert grade_set("nausea") is None
    assert grade_set("III–IV", label=True) == {3, 4}
    assert grade_set("Grade 1-2", label=True) == {1, 2}
    assert grade_set("Anemia", label=True) is None


def test_other_grade_sub_rows_are_skipped():
    assert other_grade("grade 3–4 anemia", "Anemia / I–II")
    assert not other_grade("grade 3–4 anemia", "Anemia / III–IV")
    assert not other_grade("grade 3–4 anemia", "Anemia")  # no grade in the label: the match decides
    assert not other_grade("anemia", "Anemia / I–II")  # the query names no grade
    header = [["Toxicity", "Group A (n = 60)", "Group B (n = 61)"]]
    body = [["Anemia", "", ""], ["I–II", "41 (68.3)", "26 (42.6)"], ["III–IV", "6 (10.0)", "32 (52.5)"]]
    stats = table_statistics(build_table("Table 3", "Hematological toxicity", [], header, body))
    for i, s in enumerate(stats):
        s["id"] = i
    ans = answer_query({"outcome": "grade 3–4 anemia", "intervention": "Group B", "comparator": "Group A"}, stats)
    assert (ans["intervention_events"], ans["comparator_events"]) == (32, 6)


def test_a_bl_and_1_mo_time_column_reads_the_later_row():
    from stemfoot.extract.tables import normalise_layout

    header = [["", "", "Drug (N = 38)", "Placebo (N = 24)", "P value"]]
    body = [["Voiding subscore", "BL", "15.2 ± 5.6", "14.5 ± 6.7", "0.468"], ["", "1 mo", "12.7 ± 7.0", "6.0 ± 6.6", ""],
            ["Total symptom score", "BL", "25.8 ± 8.2", "25.5 ± 8.8", "0.776"], ["", "1 mo", "21.2 ± 8.6", "13.1 ± 9.5", ""]]
    stats = table_statistics(normalise_layout(build_table("Table 1", "Symptom scores", [], header, body)))
    for i, s in enumerate(stats):
        s["id"] = i
    ans = answer_query({"outcome": "Total symptom score", "intervention": "Drug", "comparator": "Placebo"}, stats)
    assert (ans["intervention_mean"], ans["comparator_mean"]) == (21.2, 13.1)
