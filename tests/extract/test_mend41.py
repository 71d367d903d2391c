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


def test_an_abbreviation_full_stop_does_not_end_a_pooled_side_clause():
    text = ("In a 2 x 2 factorial trial, healing was 27 of 40 with MSC vs. MSC-free patients at 15 of 40 "
            "(main-effect analysis).")
    at = text.index("27 of 40")
    assert pooled_side(text, (0, len(text)), at, at + 8)
    # A real full stop the splitter missed still ends it.
    text = ("In a 2 x 2 factorial trial, healing occurred in 15, 12, 9 and 6 patients in Arms A to D. Healing was 27 "
            "of 40 with cells (Arms A and B) versus 15 of 40 without (Arms C and D).")
    at = text.index("15, 12")
    assert not pooled_side(text, (0, len(text)), at, at + 2)


