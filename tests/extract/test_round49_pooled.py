"""Round 49 (lead49a): pooled groups. "Combining both doses" is a pool's words, as "Pooling both doses" is
(pooled_sides): the value goes to the grouping of the treated arms, never one member. Invented sentences."""
from __future__ import annotations

import pytest

from stemfoot.extract.pooled_sides import pool_of

DOSE_LABELS = ["high-dose group", "low-dose group", "placebo group"]


def _pct(text: str, frag: str) -> dict:
    s = text.index(frag)
    return {"kind": "percent", "target": "arm", "arm": None, "arm_role": None, "total": None, "flags": [],
            "evidence": {"start": s, "end": s + len(frag), "sentence_start": 0, "sentence_end": len(text)}}


@pytest.mark.parametrize("text, frag, other, expect", [
    ("Combining both doses, amputation-free survival was 88% versus 63% with placebo.", "88%", "63%", "treated"),
    ("Combining the two ABX-7 groups, closure was 50% compared with 25%.", "50%", "25%", "treated"),
    # The placebo side of the pooled comparison keeps its arm.
    ("Combining both doses, amputation-free survival was 88% versus 63% with placebo.", "63%", "88%", None),
    # Combining treatments is no pool of arms.
    ("Combining cells with offloading, healing was 70% versus 40%.", "70%", "40%", None),
])
def test_combining_the_doses_is_a_pool(text: str, frag: str, other: str, expect: str | None) -> None:
    spans = [(text.index(other), text.index(other) + len(other))]
    assert pool_of(text, _pct(text, frag), spans, DOSE_LABELS) == expect
