"""Round 56 (full text): bare whole numbers as counts of patients, where the table writes its other values with a
spread or a percent. Invented tables.

"Wound infection | 4 | 6" among "Blood loss, mL | 324 ± 105 | 568 ± 209" rows: a mean there would carry its SD, so
the bare numbers count the patients with the event. Labels that name a unit, a statistic, a bound, a rating, a
percent or a count of people without an event keep their numbers unread (null beats a guess), and so does a table
with no spread or percent anywhere.
"""
import pytest

from stemfoot.corpus.jats import build_table
from stemfoot.extract.tables import normalise_layout, table_statistics

HEADER = ["Outcome", "Group I", "Group II", "P"]
MIXED = [["Blood loss, mL", "324 ± 105", "568 ± 209", "<0.001"],
         ["Hospital stay", "2.8 ± 1.5", "2.7 ± 1.6", "0.68"],
         ["Wound infection", "4", "6", "0.51"],
         ["Re-operation", "1", "5", "0.21"]]


def _events(rows: list[list[str]], header: list[str] = HEADER, caption: str = "Outcomes in the two groups") -> dict:
    t = normalise_layout(build_table("Table 2", caption, [], [header], rows))
    return {(s["outcome_label"], s["arm"]): (s["events"], s["total"])
            for s in table_statistics(t) if s["kind"] == "events"}


def test_whole_numbers_among_spread_rows_are_counts():
    got = _events(MIXED)
    assert got[("Wound infection", "Group I")] == (4, None)
    assert got[("Wound infection", "Group II")] == (6, None)
    assert got[("Re-operation", "Group II")] == (5, None)


def test_a_column_n_caps_the_counts():
    header = ["Outcome", "Group I (n = 3)", "Group II (n = 40)", "P"]
    got = _events(MIXED, header)
    assert got[("Re-operation", "Group I")] == (1, 3)
    assert got[("Re-operation", "Group II")] == (5, 40)
    # 4 infections among 3 patients are no count of patients: the whole row stays unread
    assert not any(key[0] == "Wound infection" for key in got)


def test_no_spread_or_percent_in_the_table_leaves_them_unread():
    rows = [["Wound infection", "4", "6", "0.51"], ["Re-operation", "1", "5", "0.21"]]
    assert _events(rows) == {}


@pytest.mark.parametrize("label", [
    "Parity", "Apgar score", "Minimum", "Age (years)", "Duration of surgery (min)", "Median", "Centres, n",
    "Participants assessed", "Total", "% College graduate", "Number of visits",
])
def test_labels_naming_no_event_keep_their_numbers_unread(label: str):
    got = _events(MIXED[:2] + [[label, "3", "4", "0.4"]])
    assert not any(key[0] == label for key in got)


def test_a_heading_in_percent_keeps_its_rows_unread_unless_it_says_n():
    rows = MIXED[:2] + [["Smokers (%)", "", "", ""], ["Current", "12", "15", "0.3"]]
    assert not any(key[0].endswith("Current") for key in _events(rows))
    rows = MIXED[:2] + [["Smokers, n (%)", "", "", ""], ["Current", "12", "15", "0.3"]]
    assert _events(rows)[("Smokers, n (%) / Current", "Group I")] == (12, None)
