"""Round 42 (branch lead42a): leading denominators, zeros of the other arm, effect typing, outcome labels.
Invented sentences, no spaCy."""
from __future__ import annotations

import pytest

from stemfoot.extract import event_counts as ec


def _values(text: str) -> list[tuple[int, int | None]]:
    return [(c.events, c.total) for c in ec.of_total_events(text)]


@pytest.mark.parametrize("text,want", [
    # a verb of having, not only of healing
    ("Of the 64 treated patients, 5 reported transient calf pain after injection.", [(5, 64)]),
    ("Of the 20 patients in group B who had angiography, 14 showed new collateral vessels.", [(14, 20)]),
    # a condition with a number (a threshold, not a second size)
    ("Among the 12 patients with baseline TcPO2 below 30 mmHg, 8 healed.", [(8, 12)]),
    ("Among the 10 patients with ulcers larger than 5 cm2, 4 healed by week 16.", [(4, 10)]),
    # a disposition in the subset's own relative clause says who the subset is
    ("Among the 15 control patients who crossed over to cell therapy, 9 healed within 3 months.", [(9, 15)]),
])
def test_leading_denominator_read(text, want):
    assert _values(text) == want


@pytest.mark.parametrize("text", [
    "Of the 40 patients randomised, 36 completed the study.",     # a disposition outside the subset's clause
    "Of the 50 patients who were screened, 44 were randomised.",  # the count's own clause disposes
    "Of the 30 patients with 45 ulcers, 20 healed.",              # a second size, not a condition
    "Of the 12 patients with ulcers below 3 cm2, 15 healed.",     # more events than the subset holds
])
def test_leading_denominator_refused(text):
    assert _values(text) == []
