"""Round 45 (lead45b): a per-arm rate with its own 95% CI, named by its arm, beside another arm's, is that arm's
percentage, not a between-arm effect (``value_kinds.arm_shares_with_ci``)."""
from __future__ import annotations

import re

import pytest

from stemfoot.extract.value_kinds import arm_shares_with_ci

_PCT_CI = re.compile(r"(\d+(?:\.\d+)?)%\s*\(95% CI [^)]*\)")


def _reads(text: str) -> list[bool]:
    return [arm_shares_with_ci(text, m.start(1), m.end(1), m.end()) for m in _PCT_CI.finditer(text)]


@pytest.mark.parametrize("text", [
    "Amputation-free survival at 12 months was 81.0% (95% CI 60.1–91.7) in the cell group and 60.5% (95% CI "
    "41.3–75.5) in the control group (hazard ratio 0.40, 95% CI 0.15 to 0.99).",
    "The limb salvage rate at 1 year was 88.2% (95% CI 70.0–95.9) with BM-MNC cells and 64.0% (95% CI 42.1–79.8) with "
    "placebo.",
    "The healing rate was 62% (95% CI 48–75) in the cell arm and 30% (95% CI 18–44) in the sham arm.",
])
def test_each_arms_rate_with_its_own_ci(text):
    assert _reads(text) == [True, True]


@pytest.mark.parametrize("text", [
    # a percentage of a mean: left to ci_mean
    "The mean percentage reduction in ulcer area was 81.4% (95% CI 74.0–88.8) in the cell arm and 58.7% (95% CI "
    "49.5–67.9) in the vehicle arm.",
    # one estimate, no second arm's
    "Amputation-free survival at 3 years was 64.7% (95% CI 47.9–77.6) in treated patients.",
    # a difference's estimates
    "The absolute risk difference was 30% (95% CI 2–58) in the cell group and 10% (95% CI -5 to 25) in the sham group.",
    # a reduction "by"
    "Cells reduced the amputation rate by 45% (95% CI 12–65) in the cell group and by 20% (95% CI 5–30) in diabetics.",
    # no arm named after the interval
    "Amputation-free survival was 80.0% (95% CI 60.0–90.0) at 1 year and 70.0% (95% CI 50.0–80.0) at 2 years.",
])
def test_no_arm_rate(text):
    assert not any(_reads(text))


# mendlead45b (second read): a between-arm change named by the arm it favours is no arm's rate.

@pytest.mark.parametrize("text, reads", [
    # a comparative after the interval
    ("The risk of major amputation was 45% (95% CI 20-62) lower in the cell group and the healing rate 30% (95% CI "
     "10-50) higher in the cell group.", [False, False]),
    # a relative reduction per treated arm, against placebo
    ("The relative reduction in amputation risk was 45% (95% CI 20-62) in the CD34+ group and 30% (95% CI 5-50) in "
     "the BMAC group compared with placebo.", [False, False]),
    # an excess over the comparator, in two analysis sets
    ("The healing rate excess over standard care was 28% (95% CI 9-47) in per-protocol patients and 24% (95% CI "
     "6-42) in all patients.", [False, False]),
    # the arm's rate, then the absolute gain: only the first is the arm's
    ("The healing rate was 62% (95% CI 48-75) in the cell group, an absolute gain of 32% (95% CI 12-50) in the cell "
     "group.", [True, False]),
])
def test_a_change_named_by_its_arm_is_no_arms_rate(text, reads):
    assert _reads(text) == reads
