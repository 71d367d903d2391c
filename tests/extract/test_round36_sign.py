"""Round 36 (early): signed median decreases. Pure functions on sentence text and hand-built claims; no spaCy."""
from __future__ import annotations

import pytest

from stemfoot.extract.value_kinds import sign_decreases


def _median(median: float, low: float, high: float, iqr: bool = True) -> dict:
    keys = ("q1", "q3") if iqr else ("range_low", "range_high")
    return {"kind": "median", "median": median, keys[0]: low, keys[1]: high, "flags": []}


def _claims(text: str, values: list[tuple[str, dict]]) -> list[tuple[int, int, dict]]:
    """Each value's claim: from its printed number to the end of its bracket."""
    out, pos = [], 0
    for printed, stat in values:
        a = text.index(printed, pos)
        b = text.index(")", a) + 1 if "(" in text[a:a + len(printed) + 3] else a + len(printed)
        out.append((a, b, stat))
        pos = b
    return out


@pytest.mark.parametrize("text", [
    "At 16 weeks, ulcer area had decreased by a median of 88% (IQR 61–100) and 59% (IQR 22–94), respectively.",
    "Ulcer area at week 12 had decreased by a median of 88% (IQR 61–100) with the low dose and 59% (IQR 22–94) "
    "with placebo.",
    "Wound area fell by a median of 88% (IQR 61–100) and 59% (IQR 22–94).",
])
def test_an_area_median_decrease_is_signed_with_its_iqr_swapped(text):
    found = _claims(text, [("88%", _median(88, 61, 100)), ("59%", _median(59, 22, 94))])
    assert sign_decreases(text, found) == [0, 1]
    assert [(s["median"], s["q1"], s["q3"]) for _, _, s in found] == [(-88, -100, -61), (-59, -94, -22)]
    assert all(s["measure"] == "change" and "signed_decrease" in s["flags"] for _, _, s in found)


def test_a_median_decrease_with_a_range_swaps_the_range():
    text = "Rest pain VAS decreased by a median of 3 (range 1–6) points."
    found = _claims(text, [("3 (", _median(3, 1, 6, iqr=False))])
    assert sign_decreases(text, found) == [0]
    assert (found[0][2]["median"], found[0][2]["range_low"], found[0][2]["range_high"]) == (-3, -6, -1)


@pytest.mark.parametrize("text", [
    "Walking distance increased by a median of 88 m (IQR 61–100).",
    "The median reduction in ulcer area was 88% (IQR 61–100).",
    "The median ulcer area was 88 mm2 (IQR 61–100) after the ulcer had decreased in size.",
])
def test_a_median_no_decrease_verb_governs_keeps_its_sign(text):
    # An increase; a "reduction" named as the measure (gold_conventions 12: stored positive); a decrease elsewhere.
    found = _claims(text, [("88", _median(88, 61, 100))])
    assert sign_decreases(text, found) == []
    assert found[0][2]["median"] == 88


def test_an_area_mean_decrease_in_percent_stays_a_magnitude():
    text = "Ulcer area decreased by a mean of 72.5% (95% CI 60.1–84.9) with cells."
    stat = {"kind": "mean", "mean": 72.5, "ci_lower": 60.1, "ci_upper": 84.9, "flags": []}
    found = [(text.index("72.5"), text.index(")") + 1, stat)]
    assert sign_decreases(text, found) == []
    assert stat["mean"] == 72.5


def test_reduced_by_stays_the_size_of_a_reduction():
    # DOWN_VERB leaves out "reduced by": the dev golds record "was reduced by X" as a reduction's size (bl24_19).
    text = "Wound area was reduced by a median of 72% (IQR 45–100) at 12 months."
    found = _claims(text, [("72%", _median(72, 45, 100))])
    assert sign_decreases(text, found) == []
