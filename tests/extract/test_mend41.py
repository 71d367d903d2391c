"""Mend41 (second read of early41): invented sentences on which round 41's rules misfired.

Pure functions, no spaCy."""
from __future__ import annotations

import pytest

from stemfoot.extract.arms import ArmTagger
from stemfoot.extract.consistency import pooled_side
from stemfoot.extract.factor_sides import factor_side_stage
from stemfoot.extract.stages import zero_arm_group


def _mention(text: str, word: str) -> dict:
    a = text.index(word)
    return {"start": a, "end": a + len(word), "label": word, "how": "mention"}


@pytest.mark.parametrize("text,word,description", [
    # Debridement and revascularisation are what an arm is given in the Methods, not outcome events.
    ("The control group underwent standard debridement and offloading.", "control group",
     "standard debridement and offloading"),
    ("Group A underwent endovascular revascularization followed by cell injection.", "Group A",
     "endovascular revascularization followed by cell injection"),
    # An amputation after the arm's mention is still an outcome event, no description.
    ("Two patients in group B underwent toe amputation, compared with none in group A.", "group B", None),
])
def test_treatments_after_underwent_stay_descriptions(text, word, description):
    assert ArmTagger._description(text, [_mention(text, word)]) == description


