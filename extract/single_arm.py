"""Whole-sample values of a single-arm series: what is said of everyone enrolled, not of the treatment's outcome.

In a study with one treated group and no comparator the arm and the sample are the same patients, so the words
alone cannot say which a value belongs to; the golds' convention (blind17 on) does: who was enrolled (baseline
traits), a before → after pair over everyone ("ABI rose from 0.41 ± 0.12 to 0.52 ± 0.15") and a zero-event
statement about all patients ("No donor-site complications were observed") are the cohort's; outcome rates,
healing, survival and adverse-event counts are the arm's.
"""
from __future__ import annotations

from stemfoot.extract.event_counts import worded_zero
from stemfoot.extract.pattern_data import load_patterns

#: This module's regexes, as data in patterns/single_arm.json (compiled once, here): TO_AFTER_BEFORE, CHANGE_LEAD.
_RX = load_patterns("single_arm")


def _after_of_pair(text: str, st: dict, statistics: list[dict]) -> bool:
    """``st`` is the after value of a before → after pair: the value before it in its sentence is of its kind,
    marked baseline, and "to" joins them; or it continues such a pair's afters ("from 19.5 ± 8.2 mmHg at baseline
    to 28.9 ± 9.6 mmHg at 3 months and 33.4 ± 10.8 mmHg at 12 months": ``AND_AFTER``), the later follow-up of the
    same patients."""
    ev = st["evidence"]
    before = [x for x in statistics if x is not st and x["evidence"].get("sentence_start") == ev.get("sentence_start")
              and x["evidence"]["end"] <= ev["start"]]
    if not before:
        return False
    prev = max(before, key=lambda x: x["evidence"]["end"])
    if prev["kind"] != st["kind"]:
        return False
    gap = text[prev["evidence"]["end"]:ev["start"]]
    if prev.get("measure") == "baseline":
        return _RX.TO_AFTER_BEFORE.match(gap) is not None
    # A value said of other patients or limbs is no later visit ("to 0.62 at 3 months, and 0.45 in the untreated
    # contralateral limb"); the timepoint reader cannot tell (it gives "at week 4, 1.1 at week 8" week 4).
    other = _RX.OTHER_SAMPLE.match(text, ev["end"]) is not None
    return not other and _RX.AND_AFTER.match(gap) is not None and _after_of_pair(text, prev, statistics)


def changed_by(text: str, st: dict) -> bool:
    """Whether a mean is a change by its lead words ("increased by a mean of 12.4 mmHg (95% CI 8.6 to 16.2)",
    "decreased by 74.6% (SD 22.1)", ``CHANGE_LEAD``), which the reader of a mean with its interval or bracketed SD
    does not mark."""
    ev = st["evidence"]
    return st["kind"] in {"mean", "mean_sd"} and _RX.CHANGE_LEAD.search(text, max(0, ev["start"] - 40),
                                                                         ev["start"]) is not None


def whole_sample_reason(text: str, st: dict, statistics: list[dict]) -> str | None:
    """Why a single-arm study's value is the whole sample's (a flag-like reason), or None when it is the arm's
    outcome. ``statistics`` are the record's values (the before of a pair is found among them)."""
    flags = st.get("flags") or []
    if "baseline_characteristic" in flags:
        return "baseline_trait"
    if st.get("measure") == "baseline":
        return "before_of_pair"
    if st.get("measure") == "follow-up" or _after_of_pair(text, st, statistics):
        return "after_of_pair"
    if st.get("measure") == "change" or changed_by(text, st):
        # "Overall, ulcer area had fallen by 2.6 cm2 (95% CI 1.8 to 3.4)": a change with no before/after pair is the
        # whole sample's (gold_conventions 13).
        return "change_whole_sample"
    if worded_zero(st):
        # "No donor-site complications ... were observed": a worded zero says no patient had it.
        return "zero_all_patients"
    return None
