"""extract/footnote_sizes.py: both arms' numbers measured for one table row, from the footnote its label marks."""
from __future__ import annotations

from stemfoot.extract.footnote_sizes import (arm_column_count, column_pair, footnote_pair, footnote_text, label_marks,
                                             record_footnote_sizes)

GLUED = ("aMeasured during surgery in 75 midline and 74 transverse incisionsbMeasured at follow-up in 63 and 60 "
         "midline and transverse incisions, respectively")
TRANS, MID = "Transverse incision", "Midline incision"


def _rec(column: str, row: str = "Width of scar (mm) ± SD^b", table: str = "Table 2") -> dict:
    return {"evidence": {"table": table, "row_header": row, "column_header": column, "start": 1, "end": 5}}


def test_label_marks():
    assert label_marks("Width of scar (mm) ± SD^b") == {"b"}
    assert label_marks("POCD at 1 week †") == {"†"}
    assert label_marks("Width of scar (mm)") == set()


def test_label_marks_several_marks():
    """A label may point to several footnotes: each mark is looked up ("**" is one mark)."""
    assert label_marks("Width of scar (mm) ± SD^a,b") == label_marks("SD^ab") == label_marks("SD^a^b") == {"a", "b"}
    assert label_marks("HbA1c*†") == {"*", "†"}
    assert label_marks("HbA1c^a*") == {"a", "*"}
    assert label_marks("Pain **") == {"**"}
    assert label_marks("Area (cm^2)") == set()


def test_record_footnote_sizes_row_with_two_marks():
    """"SD^a,b": footnote a states no pair, b both arms' numbers: b's pair answers."""
    row = "Width of scar (mm) ± SD^a,b"
    got = record_footnote_sizes([{"label": "Table 2", "footnotes": [GLUED]}], _rec(MID, row), _rec(TRANS, row), MID,
                                TRANS)
    assert got is not None and got[:2] == (63, 60)


def test_footnote_text_glued_spaced_and_symbol_marks():
    assert footnote_text([GLUED], "b") == ["Measured at follow-up in 63 and 60 midline and transverse incisions, "
                                           "respectively"]
    assert footnote_text([GLUED], "a") == ["Measured during surgery in 75 midline and 74 transverse incisions"]
    assert footnote_text(["a n = 154 b n = 146"], "b") == ["n = 146"]
    assert footnote_text(["* n = 19 intervention group, n = 28 control group"], "*") == [
        "n = 19 intervention group, n = 28 control group"]
    assert footnote_text([GLUED], "c") == []
    # An article inside a sentence starts no footnote.
    assert footnote_text(["Data are a Mean of three values; b Measured in 5 and 6 x and y, respectively"], "a") == []


def test_footnote_pair_needs_both_arms():
    assert footnote_pair(footnote_text([GLUED], "b")[0], TRANS, MID) == (60, 63)
    assert footnote_pair(footnote_text([GLUED], "b")[0], MID, TRANS) == (63, 60)
    assert footnote_pair("n = 113 intervention; n = 112 control", "Intervention", "Control") == (113, 112)
    assert footnote_pair("n = 146", TRANS, MID) is None  # no arm named
    assert footnote_pair("Measured in 75 midline and 74 transverse incisions", TRANS, MID) is None  # no pairing said


def test_record_footnote_sizes_one_row_of_one_table():
    tables = [{"label": "Table 2", "footnotes": [GLUED]}]
    got = record_footnote_sizes(tables, _rec(TRANS), _rec(MID), TRANS, MID)
    assert got[:2] == (60, 63) and got[2]["table"] == "Table 2" and "63 and 60" in got[2]["text"]
    assert record_footnote_sizes(tables, _rec(TRANS), _rec(MID, row="Length (mm) ± SD^b"), TRANS, MID) is None
    assert record_footnote_sizes(tables, _rec(TRANS, row="Width^c"), _rec(MID, row="Width^c"), TRANS, MID) is None
    assert record_footnote_sizes([{"label": "Table 2", "footnotes": []}], _rec(TRANS), _rec(MID), TRANS, MID) is None
    assert record_footnote_sizes(tables, {"evidence": {"section": "results"}}, _rec(MID), TRANS, MID) is None


def test_column_pair_names_by_column_labels_or_none():
    """Two "n = k" counts: named by the columns' own labels (in either order), or unnamed in the columns' order."""
    heads = ("Stem cells", "Usual care")
    assert column_pair("Completers at 6 months (stem n = 39, usual care n = 36).", heads, 2, True) == (39, 36)
    assert column_pair("Completers (usual care n = 36; stem n = 39)", heads, 2, True) == (39, 36)
    assert column_pair("In patients with a week-12 visit (n=35 and n=33).", heads, 2, True) == (35, 33)
    assert column_pair("In patients with a week-12 visit (n=35 and n=33).", heads[::-1], 2, False) == (33, 35)


def test_column_pair_null_beats_a_guess():
    heads = ("Cells plus gel", "Gel alone")
    assert column_pair("(n=35 and n=33)", heads, 3, True) is None  # a third arm column: order says nothing
    assert column_pair("(gel n = 35, n = 33)", heads, 2, True) is None  # one named by both columns, one by none
    assert column_pair("(cells n = 35, other n = 33)", heads, 2, True) is None  # a label no column has
    assert column_pair("(n = 35, n = 33, n = 30)", heads, 2, True) is None  # three counts
    assert column_pair("n = 35", heads, 2, True) is None


def test_arm_column_count_skips_tests_estimates_totals():
    assert arm_column_count(["", "A", "B", "Difference or OR (95% CI)", "p value"]) == 2
    assert arm_column_count(["Outcome", "A (n = 4)", "B (n = 5)", "Total (N = 9)", "P"]) == 2
    assert arm_column_count(["Outcome", "A", "B", "C"]) == 3


def test_record_footnote_sizes_unnamed_counts_in_column_order():
    """A row marked ‡ whose footnote gives the analysed n unnamed: the answered columns' order maps them."""
    table = {"label": "Table 2", "header_joined": ["", "Cells", "Gel", "p value"],
             "footnotes": ["*n (%) of all randomised patients (n=38 and n=37).",
                           "‡Mean (SD) in patients with a week-12 measurement (n=35 and n=33)."]}
    row = "Pain at week 12, VAS^‡"
    got = record_footnote_sizes([table], _rec("Cells", row), _rec("Gel", row), "Cells", "Gel")
    assert got is not None and got[:2] == (35, 33)
    got = record_footnote_sizes([table], _rec("Gel", row), _rec("Cells", row), "Gel", "Cells")
    assert got is not None and got[:2] == (33, 35)
    assert record_footnote_sizes([table], _rec("Cells", "Pain"), _rec("Gel", "Pain"), "Cells", "Gel") is None


def test_footnote_pair_reads_a_list_of_every_arm_by_label():
    """A three-arm table's footnote lists each arm's count by its label: the query's two arms take theirs (a
    hyphenated query name "High-dose CLV-204" matches "high dose"); a pair the labels cannot tell apart is null."""
    from stemfoot.extract.footnote_sizes import labelled_pair

    note = "Mean (SD) among patients with a 16-week pain assessment (low dose n=38, high dose n=39, placebo n=38)."
    assert footnote_pair(note, "High-dose CLV-204", "Placebo injections") == (39, 38)
    assert footnote_pair(note, "Low-dose CLV-204", "Placebo injections") == (38, 38)
    assert labelled_pair(note, "Placebo injections", "High-dose CLV-204") == (38, 39)
    assert labelled_pair(note, "Low-dose CLV-204", "High-dose CLV-204") is None  # "dose" names both: no guess
    assert labelled_pair("Lost to follow-up (low dose n = 2, placebo n = 3)", "Low-dose CLV-204", "Placebo") is None
    assert labelled_pair("At week 16 (n = 38, placebo n = 38)", "High-dose CLV-204", "Placebo") is None  # unnamed


def test_note_pair_reads_the_one_pair_a_tables_unmarked_notes_state():
    """Notes every row shares may state both arms' numbers analysed ("... in patients with 6-month data (UCM-27,
    n = 19; placebo, n = 18)"): the row's values take them when no marked footnote sizes it. Two sentences with
    two pairs (one per time), or a note sizing only some rows ("calculated only for ulcers that closed"), give
    nothing."""
    from stemfoot.extract.footnote_sizes import note_pair

    note = ["Changes are adjusted mean [95% confidence interval] from analysis of covariance in patients with 6-month "
            "data (UCM-27, n = 19; placebo, n = 18). ABI, ankle-brachial index."]
    assert note_pair(note, "UCM-27 cells", "Placebo")[:2] == (19, 18)
    assert note_pair(note, "Placebo", "UCM-27 cells")[:2] == (18, 19)
    two = ["POCD at 1 week (n = 19 intervention group, n = 28 control group). POCD at 12 weeks (n = 24 intervention "
           "group, n = 33 control group)."]
    assert note_pair(two, "intervention group", "control group") is None
    some = ["Time to closure was calculated only for ulcers that closed completely (Group A, n = 20; Group B, n = 12)."]
    assert note_pair(some, "Group A", "Group B", (("Group A", "Group B"), 2, True)) is None
    unnamed = ["Data are presented as the mean (standard deviation). LI (n = 23), UC (n = 22)"]
    assert note_pair(unnamed, "Low intensity (LI)", "Usual care (UC)", (("LI", "UC"), 2, True))[:2] == (23, 22)
    # a marked footnote is no shared note: "aPatients ... (BM-MNC n = 24, standard care n = 22)" is row a's only
    assert note_pair(["Values are mean ± SD.", "aPatients with non-compressible arteries excluded (BM-MNC n = 24, "
                      "standard care n = 22)."], "BM-MNC", "Standard care") is None
