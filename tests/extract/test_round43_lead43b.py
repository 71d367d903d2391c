"""Round 43 (early, branch lead43b): design words are no group, pools named by a treatment component, whole-sample
counts and zeros.

- "this prospective single-arm (study)", "this phase I/II single-arm", "a pilot single-group": the design's words
  with its qualifiers before them name no arm (an arm of that name took every value of the series and the export
  gate held them all).

Invented phrases; pure functions (compiled patterns), no pipeline.
"""
from __future__ import annotations

import pytest

from stemfoot.extract.arms import _RX as ARMS_RX


@pytest.mark.parametrize("label", ["this prospective single-arm", "prospective single-arm", "this phase I/II single-arm",
                                   "a pilot single-group", "our open-label, single-arm", "a two-centre single-cohort",
                                   "this retrospective, uncontrolled single-arm"])
def test_design_words_with_their_qualifiers_are_no_arm(label: str) -> None:
    assert ARMS_RX.DESIGN_LABEL.match(label)


@pytest.mark.parametrize("label", ["the control group", "the prospective cohort", "the BM-MNC group", "the pilot group",
                                   "the two groups"])
def test_a_group_of_the_study_is_still_a_label(label: str) -> None:
    assert not ARMS_RX.DESIGN_LABEL.match(label)
