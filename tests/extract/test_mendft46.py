"""Second read of round 46 (branch ft46): invented header shapes for ``group_sizes.header_pair`` and
``over_randomised`` beyond the dev golds'. No spaCy."""
from stemfoot.extract.group_sizes import header_pair, over_randomised


def _ev(col: str, table: str = "Table 2", row: str = "Ulcer area, cm2") -> dict:
    return {"table": table, "row_header": row, "column_header": col}


def test_randomised_headers_with_fewer_analysed_in_a_footnote_keep_the_choosers_smaller_n():
    # headers state the randomised n; the chooser took the footnote's analysed 43 | 41: nothing larger, no change
    pair = header_pair(_ev("Cells (n = 48)"), _ev("Placebo (n = 47)"), 48, 47)
    assert pair == (48, 47)
    assert not over_randomised((43, 41), pair)
    assert not over_randomised((48, 41), pair)  # one arm's analysed n stays: no larger n to undo
    assert not over_randomised((48, 47), pair)


def test_three_arm_table_two_named_columns():
    low, high, pbo = _ev("Low dose (n = 30)"), _ev("High dose (n = 31)"), _ev("Placebo (n = 29)")
    assert header_pair(high, pbo, 31, 29) == (31, 29)
    assert header_pair(low, pbo, 30, 29) == (30, 29)
    # the chooser's both doses together (61) for one dose's values: that dose's own column n
    assert over_randomised((61, 29), (31, 29))


def test_timepoint_blocks():
    # each arm's n per time block: the values' own time's n
    assert header_pair(_ev("Week 26 (n = 40) / Cells"), _ev("Week 26 (n = 38) / Placebo"), 40, 38) == (40, 38)
    # an arm header and a time block each with an n: two sizes in one header, no pair
    assert header_pair(_ev("Cells (n = 43) / Week 26 (n = 40)"), _ev("Placebo (n = 41) / Week 26 (n = 38)"),
                       40, 38) is None
    # a block n spanning both arms ("Week 12 (N = 80)" over both columns) is no arm's n
    assert header_pair(_ev("Week 12 (N = 80) / Cells"), _ev("Week 12 (N = 80) / Placebo"), 80, 80) is None


def test_limbs_or_ulcers_counted_in_the_header():
    # the header counts limbs, not patients: the chooser's patients are fewer, so they stay
    pair = header_pair(_ev("Cells (n = 52 limbs)"), _ev("Placebo (n = 50 limbs)"), 52, 50)
    assert pair is not None and not over_randomised((45, 44), pair)


def test_a_total_column_beside_the_arms():
    # a comparator value read from the "Total (N = 84)" column is no arm's header
    assert header_pair(_ev("Cells (n = 43)"), _ev("Total (N = 84)"), 43, 84) is None
    # a spanning total level over each arm's own n: two sizes, no pair
    assert header_pair(_ev("All (N = 84) / Cells (n = 43)"), _ev("All (N = 84) / Placebo (n = 41)"), 43, 41) is None


def test_a_binary_cell_with_its_own_denominator_is_not_its_headers():
    # "12/40 (30%)" under "Cells (n = 43)": the record's total is the cell's 40, not the header's 43
    assert header_pair(_ev("Cells (n = 43)", row="Healed, n/N (%)"), _ev("Placebo (n = 41)", row="Healed, n/N (%)"),
                       40, 38) is None
