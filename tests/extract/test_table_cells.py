"""extract/table_cells.py: readings of a table cell, and the learned stage's switch (no spaCy)."""
from __future__ import annotations

from stemfoot.extract.table_cells import Reading, cell_readings, candidate_pairs, using, active_model


def test_a_cell_reads_as_the_types_its_form_allows():
    assert cell_readings("141 ± 13") == (Reading("continuous", "pm", mean=141.0, sd=13.0),)
    assert cell_readings("1.09 (SD 0.96)") == (Reading("continuous", "paren", mean=1.09, sd=0.96),)
    assert cell_readings("150.4(15.5)p = 0.017") == (Reading("continuous", "paren", mean=150.4, sd=15.5),)
    assert cell_readings("5 (33.3)") == (Reading("continuous", "paren", mean=5.0, sd=33.3),
                                         Reading("binary", "paren", events=5))
    assert cell_readings("12/40 (30%)") == (Reading("binary", "frac_pct", events=12, total=40),)
    assert cell_readings("148.82 (115.41–182.23)") == (Reading("continuous", "paren_range", mean=148.82),)
    assert cell_readings("NS") == ()


def test_pairs_of_one_row_under_the_arms_headers():
    table = {"label": "Table 2", "caption": "Outcomes", "header_joined": ["", "Drug A (n = 20)", "Placebo (n = 21)", "P"],
             "rows": [["Pain score", "3.1 ± 1.2", "4.5 ± 1.0", "0.01"]], "row_prefixed": ["Pain score"]}
    cands = candidate_pairs("pain score", "Drug A", "placebo", [table])
    assert any(c["i"] == (0, 1) and c["c"] == (0, 2) and c["ri"].mean == 3.1 for c in cands)
    assert not any(3 in (c["i"][1], c["c"][1]) for c in cands)  # the P column holds no arm's value


def test_the_stage_is_off_inside_using_none():
    with using(None):
        assert active_model() is None
