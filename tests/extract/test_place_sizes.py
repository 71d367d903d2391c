"""group_sizes: group sizes from the outcome's own place in a results table (cell n, "N = .." rows, "(N)" headers)."""
from __future__ import annotations

from extract_support import stored_table

from stemfoot.extract.group_sizes import cell_size, record_place_size, table_place_sizes
from stemfoot.extract.outcome_query import answer_query


MEDIANS = stored_table("Table 2", "Treatment outcomes", ["Outcomes", "Placebo n/N (%)", "Zinc n/N (%)", "P-value"], [
    ["Day-5 failure", "41/293 (14.0)", "42/298 (14.1)", "0.773"],
    ["Median (IQR) time to resolution (hours)", "Placebo median (N)", "Zinc median (N)", "P-value"],
    ["Lower chest wall indrawing", "24.4 (258)", "23.0 (257)", "0.011"],
    ["Nasal flaring", "13.4 (245)", "13.2 (243)", "0.574"]])

BLOCKS = stored_table("Table 1", "Changes in outcomes at four months", ["", "Control group mean (SD) / 4 months",
                                                                      "Intervention group mean (SD) / 4 months"], [
    ["Weight (kg)", "N = 48 96.65 (12.55)", "N = 45 93.78 (13.76)"],
    ["Diet", "N = 48", "N = 45"],
    ["Fat intake", "27.57 (10.25)", "24.22 (8.58)"],
    ["Physical activity", "N = 44", "N = 42"],
    ["MVPA", "28.00 (20.12)", "31.14 (21.18)"]])


def test_cell_size_needs_the_header_to_say_the_bracket_is_n():
    assert cell_size("24.4 (258)", "Placebo median (N)†") == 258
    assert cell_size("24.4 (25.8)", "Placebo median (N)") is None
    assert cell_size("24.4 (258)", "Placebo mean (SD)") is None  # a bracket under "(SD)" is no n
    assert cell_size("12 (8–20); n = 24", "Placebo") == 24


def test_table_place_sizes_reads_the_outcome_row_under_a_sub_header():
    got = table_place_sizes([MEDIANS], "time to recovery from lower chest wall indrawing", "zinc", "placebo")
    assert {s: n for s, (n, _) in got.items()} == {"intervention": 257, "comparator": 258}
    ev = got["comparator"][1]
    assert ev["text"] == "24.4 (258)" and ev["table"] == "Table 2" and ev["column_header"] == "Placebo median (N)"
    assert ev["end"] - ev["start"] == len("24.4 (258)")
    assert table_place_sizes([MEDIANS], "serum ferritin", "zinc", "placebo") is None  # no row names it


def test_table_place_sizes_skips_tables_of_the_sample_at_entry():
    entry = dict(MEDIANS, caption="Baseline characteristics of the children enrolled")
    assert table_place_sizes([entry], "lower chest wall indrawing", "zinc", "placebo") is None


def test_record_place_size_reads_the_cell_or_the_nearest_size_row_above():
    def rec(r: int, c: int) -> dict:
        start, end = BLOCKS["cell_offsets"][r][c]
        return {"evidence": {"table": "Table 1", "start": start, "end": end, "column_header": "x"}}

    assert record_place_size([BLOCKS], rec(2, 1))[0] == 48  # "Diet | N = 48" above "Fat intake"
    assert record_place_size([BLOCKS], rec(4, 2))[0] == 42  # the nearest block's, not the first
    assert record_place_size([BLOCKS], rec(0, 2))[0] == 45  # its own cell
    assert record_place_size([BLOCKS], {"evidence": {"section": "results", "start": 3, "end": 9}}) is None


def test_answer_query_takes_the_n_of_the_values_place_with_its_cell():
    def rec(arm: str, c: int, mean: float, sd: float) -> dict:
        start, end = BLOCKS["cell_offsets"][2][c]
        return {"kind": "mean_sd", "arm": arm, "mean": mean, "sd": sd, "total": None, "outcome_label": "Fat intake",
                "timepoint": "4 months", "flags": [],
                "evidence": {"source": "table", "table": "Table 1", "row_header": "Fat intake", "column_header": arm,
                             "cell": BLOCKS["rows"][2][c], "start": start, "end": end, "caption": BLOCKS["caption"]}}

    cands = [rec("Control group", 1, 27.57, 10.25), rec("Intervention group", 2, 24.22, 8.58)]
    q = {"id": 1, "study": "x", "outcome": "fat intake at four months", "intervention": "weight management",
         "comparator": "usual care (control)"}
    without = answer_query(q, cands)
    assert without["intervention_group_size"] is None and without["intervention_mean"] == 24.22
    got = answer_query(q, cands, tables=[BLOCKS])
    assert (got["intervention_group_size"], got["comparator_group_size"]) == (45, 48)
    assert {"N = 45", "N = 48"} <= {e["text"] for e in got["evidence"]}
