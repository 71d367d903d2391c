"""Mend41 (second read of early41): invented sentences on which round 41's rules misfired.

Pure functions, no spaCy."""
from __future__ import annotations

import pytest

from extract_support import bare_count
from stemfoot.extract.arms import ArmTagger
from stemfoot.extract.consistency import pooled_side
from stemfoot.extract.factor_sides import factor_side_stage
from stemfoot.extract.stages import _unnamed_run_over_arms, zero_arm_group


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
    ("Three patients in group B underwent a below-knee amputation, versus none in group C.", "group B", None),
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


LABELS = ["MSC + HBOT", "MSC alone", "HBOT alone", "standard care"]


def _arms() -> list[dict]:
    roles = ["intervention", "intervention", "active_comparator", "control"]
    return [{"label": x, "role": r, "n_patients": 25, "cell_type": None, "description": None}
            for x, r in zip(LABELS, roles)]


@pytest.mark.parametrize("words", ["HBOT monotherapy", "HBOT without cells", "HBOT only", "HBOT alone"])
def test_recipients_of_one_arm_are_no_factor_pool(words):
    text = f"In a factorial trial of MSC and HBOT, barotrauma occurred in 3 patients receiving {words}."
    st = bare_count(text, "3 patients", target="arm", arm="HBOT alone")
    factor_side_stage(text, _arms(), [st], True)
    assert st["arm"] == "HBOT alone"
    # The factor's recipients in several words still take its pool.
    text = ("In a factorial trial of MSC and HBOT, sinus pain was noted in 3 patients receiving hyperbaric oxygen "
            "therapy.")
    st = bare_count(text, "3 patients", target="arm", arm="HBOT alone")
    factor_side_stage(text, _arms(), [st], True)
    assert st["arm"] == "MSC + HBOT + HBOT alone (pooled)"


@pytest.mark.parametrize("sentence,pooled", [
    ("No barotrauma was seen, but infection occurred in 3 patients.", False),
    ("No barotrauma was seen but infection occurred in 3 patients.", False),
    ("Infection, unlike barotrauma, occurred in 3 patients.", False),
    ("Apart from barotrauma, infection occurred in 3 patients.", False),
    ("There was no barotrauma whereas infection occurred in 3 patients.", False),
    # The event's own words still tie it.
    ("Apart from infection, barotrauma occurred in 3 patients.", True),
    ("Middle-ear barotrauma occurred in 3 patients.", True),
    # A negated tie ties nothing.
    ("Non-HBOT-related maceration occurred in 3 patients.", False),
    ("Non HBOT-related maceration occurred in 3 patients.", False),
    ("Maceration not HBOT-related occurred in 3 patients.", False),
    ("HBOT-related maceration occurred in 3 patients.", True),
    ("Maceration after HBOT occurred in 3 patients.", True),
])
def test_a_factor_event_in_another_clause_or_negated_ties_no_count(sentence, pooled):
    text = "In a factorial trial of MSC and HBOT. " + sentence
    st = bare_count(text, "3 patients")
    st["evidence"]["sentence_start"] = text.index(sentence)
    factor_side_stage(text, _arms(), [st], True)
    assert (st.get("arm") == "MSC + HBOT + HBOT alone (pooled)") is pooled


ZLABELS = {"MSC group", "MNC group", "control group", "Group A", "Group B", "Group C"}


def _zero(text: str, printed: str) -> dict:
    a = text.index(printed)
    return {"kind": "events", "events": 0, "flags": ["event_count_zero"],
            "evidence": {"start": a, "end": a + len(printed), "text": printed}}


def _named(text: str, words: list[str]) -> list[tuple[int, int, str]]:
    out, at = [], 0
    for word in words:
        a = text.index(word, at)
        out.append((a, a + len(word), word))
        at = a + len(word)
    return out


@pytest.mark.parametrize("text,words,group", [
    ("No amputation occurred in Group A and Group B required 2.", ["Group A", "Group B"], ["Group A"]),
    ("No amputation occurred in Group A and in Group B two patients needed one.", ["Group A", "Group B"],
     ["Group A"]),
    ("No infection occurred in the MSC group, the MNC group had 2.", ["MSC group", "MNC group"], ["MSC group"]),
    ("No amputation occurred in Groups A and B had 3.", [], None),
    # A group that ends its clause, or goes on with other words, stays whole.
    ("No infection occurred in the MSC group or the MNC group but 3 did in the control group.",
     ["MSC group", "MNC group", "control group"], ["MSC group", "MNC group"]),
    ("No amputation occurred in Group A and Group B during follow-up.", ["Group A", "Group B"],
     ["Group A", "Group B"]),
    ("No amputation occurred in Groups A and B, versus 3 in Group C.", ["Group C"], ["Group A", "Group B"]),
])
def test_an_arm_starting_the_next_clause_is_no_arm_of_the_zero(text, words, group):
    printed = text.split(" occurred")[0]
    assert zero_arm_group(text, _zero(text, printed), len(text), _named(text, words), ZLABELS) == group


def _run(text: str, frags: list[str], kind: str = "percent") -> list[dict]:
    out = []
    for frag in frags:
        a = text.index(frag)
        out.append({"kind": kind, "timepoint": None, "flags": [],
                    "evidence": {"start": a, "end": a + len(frag), "text": frag, "sentence_start": 0,
                                 "sentence_end": len(text)}})
    return out


@pytest.mark.parametrize("text,frags,over_arms", [
    # Without "respectively", a run followed by another list, or said of the whole cohort, is no value per arm.
    ("Healing rates were 40%, 55% and 70% at weeks 4, 8 and 12.", ["40%", "55%", "70%"], False),
    ("Of the ulcers that healed, 30%, 50% and 20% were Wagner grade 1, 2 and 3.", ["30%", "50%", "20%"], False),
    ("Healing rose to 30%, 50% and 60% at the first, second and third visits.", ["30%", "50%", "60%"], False),
    ("Ulcers of grade 2 made up 30%, 50% and 20% of the cohort.", ["30%", "50%", "20%"], False),
    # A run with nothing else to follow still may be.
    ("Median time to closure was 42, 58, 66 and 81 days.", ["42", "58", "66", "81"], True),
    ("Healing was 40%, 55%, 62% and 70% at 12 weeks and did not change by 24 weeks.",
     ["40%", "55%", "62%", "70%"], True),
])
def test_an_unnamed_run_without_respectively_needs_nothing_else_to_follow(text, frags, over_arms):
    assert _unnamed_run_over_arms(text, (0, len(text)), _run(text, frags)) is over_arms


@pytest.mark.parametrize("after,arm", [
    (", all in the HBOT alone group.", "HBOT alone"),
    ("; all were in the HBOT alone group.", "HBOT alone"),
    (", all of whom were in the HBOT alone group.", "HBOT alone"),
    # A part of them in one arm: the count is the recipients' pool.
    (", 2 of them in the HBOT alone group.", "MSC + HBOT + HBOT alone (pooled)"),
    (".", "MSC + HBOT + HBOT alone (pooled)"),
])
def test_recipients_all_in_one_arm_stay_on_it(after, arm):
    text = "In a factorial trial of MSC and HBOT, ear pain was noted in 3 patients receiving HBOT" + after
    st = bare_count(text, "3 patients", target="arm", arm="HBOT alone")
    factor_side_stage(text, _arms(), [st], True)
    assert st["arm"] == arm


