"""Round 59 (issue 11): readings blind63's report found missing, made general (no spaCy; invented sentences).

- a level said of every arm with its unit between ("2.9 cm² in each arm", "64 years in both groups");
- a count named with its arm keeps its bracketed percentage ("5 of 18 (27.8%) placebo recipients");
- a threshold is no count of events ("at least one postoperative complication");
- "one randomly selected leg … and the other with saline" is a within-patient design;
- units randomised "eight per arm" make a cluster trial whose bare enrolment list sizes the arms;
- "… 81.6% ± 15.2% … and 55.4% ± 24.9% …; difference 26.2 percentage points" is a mean difference;
- a lone mean up to seven words after "mean" ("Mean pain-free walking distance at 1 year was 210 m")."""
from __future__ import annotations

import pytest

from stemfoot.extract import stages
from stemfoot.extract.arm_counts import named_counts
from stemfoot.extract.arm_sizes import cluster_enrolment_bare, within_patient
from stemfoot.extract.candidates import split_sentences
from stemfoot.extract.event_counts import event_counts
from stemfoot.extract.number_grammar import _RX as GRAMMAR
from stemfoot.extract.place_rank import stated_in


def _level(text: str, value: str, kind: str = "mean") -> dict:
    start = text.index(value)
    return {"kind": kind, "outcome": None, "flags": [],
            "evidence": {"start": start, "end": start + len(value), "sentence_start": 0, "sentence_end": len(text)}}


@pytest.mark.parametrize("text,value,expected", [
    ("Mean baseline ulcer area was 2.9 cm² in each arm.", "2.9", True),
    ("HbA1c at entry was 8.4% in both arms.", "8.4", True),
    ("Mean age was 64 years in both groups.", "64", True),
    ("Median TcPO2 was 22 mmHg in both groups.", "22", True),
    # Pooled over the arms, or of one arm, it is no arm's each.
    ("Median TcPO2 was 22 mmHg in both groups combined.", "22", False),
    ("Mean age was 64 years in the cell group.", "64", False),
    # More than two words between, or a number, and the words are no unit.
    ("Mean age was 64 years and 3 months in both groups.", "64", False),
])
def test_a_level_of_every_arm_with_its_unit_between(text, value, expected):
    kind = "median" if text.startswith("Median") else "mean"
    assert stages.each_arm_count(text, _level(text, value, kind)) is expected


def _marks(text: str, names: dict[str, str]) -> list[tuple[int, int, str]]:
    return sorted((text.index(n), text.index(n) + len(n), arm) for n, arm in names.items())


def test_a_bracketed_percentage_between_the_count_and_its_arm_is_the_counts():
    text = "Wound infection occurred in 7 (10.9%) MSC and 6 (18.8%) placebo patients."
    got = named_counts(text, _marks(text, {"MSC": "MSC group", "placebo": "placebo group"}))
    assert [(text[c.start:c.end], c.events, c.total, c.arm) for c in got] == [
        ("7 (10.9%) MSC", 7, None, "MSC group"), ("6 (18.8%) placebo patients", 6, None, "placebo group")]
    text = "Death occurred in 5 of 18 (27.8%) placebo recipients."
    got = named_counts(text, _marks(text, {"placebo": "placebo group"}))
    assert [(text[c.start:c.end], c.events, c.total) for c in got] == [("5 of 18 (27.8%) placebo recipients", 5, 18)]


@pytest.mark.parametrize("text,want", [
    ("19 patients in the ONS group and 30 in the control group had at least one postoperative complication.",
     [19, 30]),
    ("More than one infection occurred in 4 patients.", [4]),  # the patients are counted, "one" is not
    ("At most two dressing changes were needed.", []),
    # A count of events as before.
    ("Two cases of hypotension occurred.", [2]),
])
def test_a_threshold_is_no_count_of_events(text, want):
    assert [c.events for c in event_counts(text)] == want


def test_the_other_limb_with_its_verb_left_out():
    text = ("Eighteen patients received G-CSF; in each patient, one randomly selected leg was injected with the cells "
            "(PBMNC legs) and the other with saline (saline legs).")
    assert within_patient(text, split_sentences(text))
    # "the other" of two groups is no limb.
    text = ("One randomly selected group received the cells and the other with saline was observed.")
    assert not within_patient(text, split_sentences(text))


def test_units_randomised_per_arm_make_a_cluster_trial_for_a_bare_enrolment():
    text = ("Sixteen diabetic foot clinics were randomised, eight per arm, to a stem cell gel (gel clinics) or usual "
            "care (usual-care clinics). The clinics enrolled 86 and 78 patients.")
    assert [n for n, _, _ in cluster_enrolment_bare(text)] == [86, 78]
    # Without a cluster design the list sizes nothing.
    assert cluster_enrolment_bare("The clinics enrolled 86 and 78 patients.") == []


def test_points_after_an_earlier_clause_of_means_of_its_outcome_are_a_mean_difference():
    text = ("Mean percentage area reduction at 8 weeks was 81.6% ± 15.2% with sheets and 55.4% ± 24.9% with foam; "
            "difference 26.2 percentage points (95% CI 13.0 to 39.4).")

    def stat(frag: str, kind: str, **kw) -> dict:
        a = text.index(frag)
        return {"kind": kind, "flags": [], "outcome": "wound_area", **kw,
                "evidence": {"start": a, "end": a + len(frag), "sentence_start": 0, "sentence_end": len(text)}}
    stats = [stat("81.6% ± 15.2%", "mean_sd"), stat("55.4% ± 24.9%", "mean_sd"),
             stat("26.2 percentage points", "effect", value=26.2, effect_measure="RD")]
    stats[2]["flags"].append("rd_from_points")
    stages.effect_context(text, stats, [])
    assert stats[2]["effect_measure"] == "MD"
    # Means of another outcome in the earlier clause say nothing of it.
    for st in stats[:2]:
        st["outcome"] = "age"
    stats[2].update(effect_measure="RD", flags=["rd_from_points"])
    stages.effect_context(text, stats, [])
    assert stats[2]["effect_measure"] == "RD"


@pytest.mark.parametrize("text,value", [
    ("Mean pain-free walking distance at 1 year was 210 m in the cell group.", "210"),
    ("The mean ABI was 0.62.", "0.62"),
])
def test_a_lone_mean_up_to_seven_words_after_mean(text, value):
    assert [m.group("m") for m in GRAMMAR.MEAN_ALONE.finditer(text)] == [value]


@pytest.mark.parametrize("row,said,want", [
    ({"events": 19, "percent": 30.2}, [{"events": 19}], True),      # the cell's percentage aside
    ({"events": 19, "percent": 30.2}, [{"events": 18}], False),
    ({"mean": 5.1, "sd": 1.2}, [{"mean": 5.1, "sd": 1.3}], False),  # every number both state must agree
    ({"percent": 30.2}, [{"percent": 30.2}], True),                 # a percentage alone still counts
    ({"percent": 30.2}, [{"events": 19}], False),                   # nothing shared: no match
])
def test_a_series_row_is_matched_on_the_numbers_both_state(row, said, want):
    assert stated_in(row, said) is want
