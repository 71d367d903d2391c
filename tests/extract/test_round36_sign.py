"""Round 36 (early): signed median decreases and numbered dose codes as arm labels. Pure functions on sentence text
and hand-built claims or arms; no spaCy."""
from __future__ import annotations

import pytest

from stemfoot.extract.arm_lists import arm_count_checks, dose_bracket_labels
from stemfoot.extract.arm_sizes import add_dose_label_arms
from stemfoot.extract.candidates import split_sentences
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


def test_an_area_mean_decrease_in_percent_is_signed_with_its_ci_swapped():
    # gold_conventions 12 and 69: "ulcer area decreased by 62%" is a change of −62 (round 43).
    text = "Ulcer area decreased by a mean of 72.5% (95% CI 60.1–84.9) with cells."
    stat = {"kind": "mean", "mean": 72.5, "ci_lower": 60.1, "ci_upper": 84.9, "flags": []}
    found = [(text.index("72.5"), text.index(")") + 1, stat)]
    assert sign_decreases(text, found) == [0]
    assert (stat["mean"], stat["ci_lower"], stat["ci_upper"]) == (-72.5, -84.9, -60.1)


def test_reduced_by_stays_the_size_of_a_reduction():
    # DOWN_VERB leaves out "reduced by": the dev golds record "was reduced by X" as a reduction's size (bl24_19).
    text = "Wound area was reduced by a median of 72% (IQR 45–100) at 12 months."
    found = _claims(text, [("72%", _median(72, 45, 100))])
    assert sign_decreases(text, found) == []


# ---- "(dose 1) … (dose 3)" bracket labels (made-up wording, not a gold sentence)

CODES = ("Methods: Sixty-four patients were randomised to intramuscular QV-5 at 1 × 10^7 (dose I), 3 × 10^7 "
         "(dose II) or 1 × 10^8 cells (dose III), or to saline, 16 per arm. Results: Healing was 6, 8, 10 and 3 "
         "in the dose I, dose II, dose III and saline arms.")


@pytest.mark.parametrize("text, labels", [
    ("Patients were randomised to 1 × 10^6 (dose 1), 5 × 10^6 (dose 2) or 1 × 10^7 cells (dose 3), or placebo.",
     ["dose 1", "dose 2", "dose 3"]),
    ("They were allocated to 2 mg/kg (dose level A; n = 12) or 6 mg/kg (dose level B; n = 11).",
     ["dose level A", "dose level B"]),
])
def test_a_numbered_dose_code_in_an_allocation_bracket_is_a_dose_label(text, labels):
    assert [x[0] for x in dose_bracket_labels(text, 0, len(text))] == labels


@pytest.mark.parametrize("text", [
    # Not an allocation sentence; a dose code named once; a dose with a unit or a count in the bracket.
    "Adverse events were rarer at 1 × 10^6 (dose 1) than at 1 × 10^7 cells (dose 3).",
    "Patients were randomised to 1 × 10^6 cells (dose 1) or placebo.",
    "Patients were randomised to cells (dose 1 mg/kg) or cells (dose 2 mg/kg).",
    "Patients were randomised to cells (dose 10) or cells (dose 20).",
    "Patients were randomised to cells (dose 1), more cells (dose 1) or placebo.",
])
def test_no_dose_labels_without_two_distinct_codes_in_an_allocation(text):
    assert dose_bracket_labels(text, 0, len(text)) == []


def _arm(text: str, label: str, role: str, n: int | None = None) -> dict:
    start = text.index(label) if label in text else 0
    return {"label": label, "role": role, "n_patients": n, "n_limbs": None, "description": None, "routes": [],
            "cell_type": None, "n_evidence": None,
            "evidence": {"start": start, "end": start + len(label), "text": label}}


def test_dose_codes_become_sized_arms_when_the_count_confirms_them():
    # 64 over "16 per arm" is four arms: three dose codes and the saline control.
    assert 4 in arm_count_checks(CODES, 64)
    arms = [_arm(CODES, "saline", "control", 32)]
    assert add_dose_label_arms(CODES, split_sentences(CODES), arms, "rct", 64) == ["arms_from_dose_brackets"]
    assert {a["label"]: (a["role"], a["n_patients"]) for a in arms} == {
        "saline": ("control", 16), "dose I": ("intervention", 16), "dose II": ("intervention", 16),
        "dose III": ("intervention", 16)}


def test_dose_codes_the_count_does_not_confirm_change_nothing():
    # 64 patients and "20 per arm": no whole number of arms, so no arm is made of the codes.
    text = CODES.replace("16 per arm", "20 per arm")
    arms = [_arm(text, "saline", "control")]
    assert add_dose_label_arms(text, split_sentences(text), arms, "rct", 64) == []
    assert [a["label"] for a in arms] == ["saline"]
