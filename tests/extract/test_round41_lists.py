"""Round 41 (early41): runs of one value per arm that the list reader skipped: a run of time-to-event medians
before a unit of time ("49, 56, 63 and 77 days") is no list of times, and a worded zero clause after a list of counts
("…in 1, 1, 2 and 3 patients, and no patient required major amputation") is a statement of its own, not the run's
next item.

Pure functions, no spaCy: invented sentences."""
from __future__ import annotations

from stemfoot.extract.stages import value_lists, worded_clause_zero


def _st(text: str, frag: str, kind: str, **values) -> dict:
    a = text.index(frag)
    base = {"kind": kind, "events": None, "total": None, "timepoint": None, "measure": None, "flags": []}
    return {**base, **values, "evidence": {"start": a, "end": a + len(frag), "text": frag, "sentence_start": 0,
                                           "sentence_end": len(text)}}


def test_medians_before_a_unit_of_time_are_the_run_not_times():
    text = "Median time to closure was 42, 58, 66 and 81 days."
    vals = [_st(text, x, "median") for x in ("42", "58", "66", "81")]
    assert value_lists(text, vals, []) == [vals]
    # A list of times elsewhere in the sentence still makes its lists run over time.
    text = "Median ulcer area at 4, 8 and 12 weeks was 3.1, 2.2 and 1.4 cm2."
    vals = [_st(text, x, "median") for x in ("3.1", "2.2", "1.4")]
    assert value_lists(text, vals, []) == []
    # Counts read from the times themselves stay a list of times.
    text = "Ulcers were assessed at 1, 3 and 6 months."
    vals = [_st(text, x, "events", events=int(x)) for x in ("1", "3", "6")]
    assert value_lists(text, vals, []) == []


def test_a_worded_zero_clause_does_not_extend_a_run_of_counts():
    text = "Minor amputation was needed in 2, 1, 3 and 4 patients, and no patient needed major amputation."
    counts = [_st(text, x, "events", events=int(x)) for x in ("2", "1", "3", "4")]
    zero = _st(text, "no patient needed major amputation", "events", events=0)
    assert value_lists(text, counts + [zero], []) == [counts]


def test_worded_clause_zero():
    text = "no patient died; 0 deaths; 3 deaths"
    assert worded_clause_zero(_st(text, "no patient died", "events", events=0))
    assert not worded_clause_zero(_st(text, "0 deaths", "events", events=0))
    assert not worded_clause_zero(_st(text, "3 deaths", "events", events=3))
