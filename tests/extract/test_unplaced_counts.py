"""Values the grammar reads that no earlier reading gave an arm or the cohort (issue 11, round 14): counts said
of every arm, counts tied to what one arm alone received, dose-finding values naming no cohort, and "was
reported by N patients" read as no citation.

Pure functions, no spaCy: invented sentences, arm mentions given by offsets."""
from __future__ import annotations

import re

import pytest

from stemfoot.extract import consistency, stages

ARMS = [{"label": "cell group", "role": "intervention", "n_patients": 20},
        {"label": "control group", "role": "control", "n_patients": 20}]


def _stat(text: str, value: str, kind: str = "events", events: int | None = 3, total: int | None = None) -> dict:
    start = text.index(value)
    return {"kind": kind, "events": events, "total": total, "flags": [],
            "evidence": {"start": start, "end": start + len(value), "sentence_start": 0, "sentence_end": len(text)}}


def _named(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), f"{m.group(1)} group") for m in re.finditer(r"\b(cell|control) (?:group|arm)", text)]


@pytest.mark.parametrize("text,value,events,total,expected", [
    ("Major amputation was required in 2 patients in each group.", "2 patients", 2, None, True),
    ("Haematoma occurred in 3 patients per arm.", "3 patients", 3, None, True),
    ("Four patients in each of the two groups died.", "Four patients", 4, None, True),
    # Said of the sample, or with a denominator whose arm is unclear.
    ("Major amputation was required in 2 patients in the cell group.", "2 patients", 2, None, False),
    ("Two patients died; each group lost one.", "Two patients", 2, None, False),
    ("Healing occurred in 5 of 20 in each group.", "5 of 20", 5, 20, False),
    # A zero has its own reading ("no deaths in either group").
    ("No deaths occurred in each group.", "No deaths", 0, None, False),
])
def test_each_arm_count(text, value, events, total, expected):
    assert stages.each_arm_count(text, _stat(text, value, events=events, total=total)) is expected


def _tied(text: str, value: str, arms: list[dict] | None = None, within: bool = False, events: int = 3,
          kind: str = "events") -> str | None:
    st = _stat(text, value, kind=kind, events=events)
    return stages.tied_event_arm(text, st, (0, len(text)), _named(text), arms or ARMS, within)


@pytest.mark.parametrize("text,value,expected", [
    # The procedure that obtains the cells, or the drug that mobilizes them: only the cell arm had it.
    ("Pain at the bone marrow harvest site was reported by 6 patients.", "6 patients", "cell group"),
    ("Bone pain during G-CSF administration occurred in 9 patients (26%).", "9 patients", "cell group"),
    ("Bruising at the liposuction site occurred in 3 patients.", "3 patients", "cell group"),
    ("Adverse events related to the cells occurred in 2 patients.", "2 patients", "cell group"),
    # No tie, another arm named in the clause, or more events than the arm has patients.
    ("Fever occurred in 3 patients.", "3 patients", None),
    ("Harvest-site pain occurred in 3 patients in the control group.", "3 patients", None),
    ("Harvest-site pain occurred in 25 patients.", "25 patients", None),
])
def test_tied_event_arm(text, value, expected):
    assert _tied(text, value, events=int(re.match(r"\d+", value).group())) == expected


def test_tied_event_needs_one_treated_arm_without_the_procedure_elsewhere():
    text = "Pain at the aspiration site was reported by 3 patients."
    # A placebo control is aspirated too; two cell arms leave the count's arm open; so do one patient's limbs.
    assert _tied("Patients received cells or placebo. " + text, "3 patients") is None
    two_cell = [ARMS[0], {"label": "other cell group", "role": "intervention", "n_patients": 20}, ARMS[1]]
    assert _tied(text, "3 patients", arms=two_cell) is None
    assert _tied(text, "3 patients", within=True) is None
    # A comparator named by the tie's word took it too.
    gcsf = [ARMS[0], {"label": "G-CSF alone", "role": "active_comparator", "n_patients": 20}]
    assert _tied("Bone pain from G-CSF occurred in 4 patients.", "4 patients", arms=gcsf) is None
    # A mean has no event to tie.
    assert _tied("TcPO2 at the injection site rose by 8 ± 3 mmHg.", "8 ± 3", kind="mean_sd") is None


def test_design_cohort():
    text = "Mean rest pain declined from 6.4 ± 1.7 to 3.1 ± 2.2."
    a, b = _stat(text, "6.4 ± 1.7", kind="mean_sd"), _stat(text, "3.1 ± 2.2", kind="mean_sd")
    assert stages.design_cohort([a, b], a, names_arm=False, n_arms=3)
    # The sentence (or the one before) names a cohort; or the values are as many as the cohorts (a list).
    assert not stages.design_cohort([a, b], a, names_arm=True, n_arms=3)
    assert not stages.design_cohort([a, b], a, names_arm=False, n_arms=2)


@pytest.mark.parametrize("sentence,cited", [
    ("Pain at the harvest site was reported by 6 patients.", False),
    ("Bone pain was reported in nine patients.", False),
    ("A similar healing rate was reported in a previous trial.", True),
    ("Healing in 40% was reported by Smith et al.", True),
])
def test_reported_by_patients_is_no_citation(sentence, cited):
    fact = {"arm": "cell group", "sentence": (0, len(sentence)), "section": "results"}
    assert bool(consistency.cited_results([fact], sentence)) is cited


def _placed(start: int, arm: str | None, flags: tuple[str, ...] = ("arm_by_list",)) -> dict:
    return {"kind": "mean_sd", "target": "arm" if arm else "unattributed", "arm": arm, "flags": list(flags),
            "evidence": {"start": start, "end": start + 3}}


def test_placed_order_continues_the_last_placed_list():
    values = [_placed(5, "A"), _placed(10, "B"), _placed(15, "C"), _placed(40, None)]
    assert stages.placed_order(values, [(0, 30)], 3) == ["A", "B", "C"]
    # The nearest sentence with placed lists decides, even when an older one would give an order.
    later = values + [_placed(32, "B"), _placed(34, "B")]
    assert stages.placed_order(later, [(0, 30), (30, 38)], 3) is None
    # Values placed by other readings, or too few values, give no order.
    assert stages.placed_order([_placed(5, "A", ("arm_by_clause",)), _placed(10, "B", ())], [(0, 30)], 2) is None
    assert stages.placed_order(values[:2], [(0, 30)], 3) is None


def test_placed_order_needs_the_same_arms_in_turn():
    # "from a, b, c to d, e, f": the same three arms twice.
    twice = [_placed(i * 3, arm) for i, arm in enumerate("ABCABC")]
    assert stages.placed_order(twice, [(0, 30)], 3) == ["A", "B", "C"]
    # A list of four arms does not say which two a list of two values is.
    four = [_placed(i * 3, arm) for i, arm in enumerate("ABCD")]
    assert stages.placed_order(four, [(0, 30)], 2) is None


@pytest.mark.parametrize("text,value,expected", [
    ("Antibodies developed in one patient in the cell group without consequences.", "one patient", "cell group"),
    ("Fever occurred in 2 cases in the control group.", "2 cases", "control group"),
    ("Antibodies developed in 2 patients (both in the cell group).", "2 patients", "cell group"),
    # Other words between the value and the arm: the arm is not said to hold it.
    ("Fever occurred in 2 cases, compared with none in the control group.", "2 cases", None),
    ("Fever occurred in 2 cases.", "2 cases", None),
    # The mention is the start of a longer name, which may be another arm's.
    ("Fever occurred in 2 cases in the cell group-plus-PRP arm.", "2 cases", None),
])
def test_arm_right_after(text, value, expected):
    st = _stat(text, value)
    assert stages.arm_right_after(text, st, _named(text), [st]) == expected


def test_arm_right_after_skips_the_last_value_of_a_list():
    text = "Healing was seen in 6/20 and 14/22 patients in the cell group."
    first, last = _stat(text, "6/20", events=6, total=20), _stat(text, "14/22", events=14, total=22)
    assert stages.arm_right_after(text, last, _named(text), [first, last]) is None
    # Two values in one clause, each followed by its own arm, are no list.
    text = "Bone pain occurred in 8 patients in the cell group and mild pain in 5 patients in the control group."
    first, last = _stat(text, "8 patients", events=8), _stat(text, "5 patients", events=5)
    assert stages.arm_right_after(text, last, _named(text), [first, last]) == "control group"
    text = "Healing was seen in 14/22 patients in the cell group and the control group, respectively."
    last = _stat(text, "14/22", events=14, total=22)
    assert stages.arm_right_after(text, last, _named(text), [last]) is None


@pytest.mark.parametrize("text,value,expected", [
    # Round 23: the arm a value was measured with, after at most a unit.
    ("The mean change in toe pressure was +9.8 (14.1) mmHg with the cell group versus +1.2 mmHg with placebo.",
     "+9.8 (14.1)", "cell group"),
    ("Healing was 60% with the control arm.", "60%", "control group"),
    # "with" after other words is no arm the value was measured with.
    ("Healing was 60% in patients with the control arm's dressing.", "60%", None),
    ("Healing was 60%, compared with the control group.", "60%", None),
])
def test_arm_right_after_with(text, value, expected):
    st = _stat(text, value, kind="percent")
    assert stages.arm_right_after(text, st, _named(text), [st]) == expected


def _modifier_named(text: str) -> list[tuple[int, int, str]]:
    names = (("high-dose", "high"), ("low-dose", "low"), ("placebo patients", "placebo"), ("placebo", "placebo"),
             ("saline", "saline"), ("BM-MNC", "bmmnc"))
    out, taken = [], []
    for word, arm in names:
        for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w])", text):
            if not any(a <= m.start() < b for a, b in taken):
                out.append((m.start(), m.end(), arm))
                taken.append((m.start(), m.end()))
    return sorted(out)


@pytest.mark.parametrize("text,value,expected", [
    # Round 23: each count of the list names its own arm, and the counted noun closes the list.
    ("Major amputations occurred in 1 low-dose, 2 high-dose and 3 placebo patients.", "1", "low"),
    ("Major amputations occurred in 1 low-dose, 2 high-dose and 3 placebo patients.", "2", "high"),
    ("Major amputations occurred in 1 low-dose, 2 high-dose and 3 placebo patients.", "3", "placebo"),
    ("Two saline limbs and no BM-MNC limb required major amputation.", "Two", "saline"),
    ("Healing was seen in 53.1% of low-dose-treated and 29.0% of placebo-treated patients.", "29.0%", "placebo"),
    # A group's size, an arm named twice, a list the noun does not close, a name that goes on.
    ("Of 20 low-dose patients, 15 healed.", "20", None),
    ("Amputation occurred in 1 low-dose and 2 low-dose patients.", "1", None),
    ("Amputation occurred in 1 low-dose, and the high-dose arm had none.", "1", None),
    ("Amputation occurred in 1 low-dose-plus-saline patient.", "1", None),
    # A mean is no count of people.
    ("TcPO2 rose by 8 high-dose patients' mmHg.", "8", None),
])
def test_arm_before_noun(text, value, expected):
    start = text.index(value + " ") if value + " " in text else text.index(value)
    kind = "mean_sd" if "TcPO2" in text else "percent" if value.endswith("%") else "events"
    st = {"kind": kind, "events": 1, "total": None, "flags": [],
          "evidence": {"start": start, "end": start + len(value), "sentence_start": 0, "sentence_end": len(text)}}
    assert stages.arm_before_noun(text, st, _modifier_named(text)) == expected


@pytest.mark.parametrize("text,value", [
    # A comparison between the arms, not a value of the arm named after "with".
    ("TcPO2 was 6.2 ± 3.1 mmHg higher with the cell group than with the control group.", "6.2 ± 3.1 mmHg"),
    ("Major amputation was 18% lower with the cell group than with the control group.", "18%"),
    ("TcPO2 was higher by 6.2 mmHg with the cell group than with the control group.", "6.2 mmHg"),
    ("Toe pressure improved, with a mean difference of 8.6 mmHg with the cell group (95% CI 1.3 to 15.9).", "8.6"),
])
def test_arm_right_after_with_is_no_comparison(text, value):
    st = _stat(text, value, kind="mean_sd")
    assert stages.arm_right_after(text, st, _named(text), [st]) is None


@pytest.mark.parametrize("st,arm,expected", [
    # "67.5% (27/40) with SVF" in a factorial of four arms of 20: a pooled side's count.
    ({"kind": "events", "events": 27, "total": 40}, "cell group", True),
    ({"kind": "events", "events": 12, "total": 20}, "cell group", False),
    ({"kind": "events", "events": 25, "total": None}, "cell group", True),
    # No size known: nothing to check against.
    ({"kind": "events", "events": 27, "total": 40}, "other group", False),
])
def test_exceeds_arm(st, arm, expected):
    arms = [*ARMS, {"label": "other group", "role": "control", "n_patients": None}]
    assert stages.exceeds_arm(st, arm, arms) is expected


@pytest.mark.parametrize("text,label,expected", [
    # The statistics tagger carries the last sentence's outcome over to a sentence that names none.
    ("Major amputation occurred in 1, 2 and 6 patients. One IA patient developed a femoral pseudoaneurysm.",
     "Major amputation", True),
    ("Major amputation occurred in 1 low-dose and 2 placebo patients.", "major amputation", False),
])
def test_outcome_carried(text, label, expected):
    start = text.rindex(". ") + 2 if expected else text.index("1 low-dose")
    st = {"kind": "events", "events": 1, "outcome": "amputation", "outcome_label": label,
          "evidence": {"start": start, "end": start + 3, "sentence_start": text.rindex(". ") + 2 if expected else 0,
                       "sentence_end": len(text)}}
    assert stages.outcome_carried(text, st) is expected
