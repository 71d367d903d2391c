"""Round 34 mends (mendsrc34): regressions of the round's source-grammar change, narrowed.

Pure functions, no spaCy: invented sentences, arm mentions given by offsets."""
from __future__ import annotations

import pytest

from stemfoot.extract import stages

ARMS = [{"label": "cell group", "role": "intervention", "n_patients": 25},
        {"label": "control group", "role": "control", "n_patients": 25}]


def _medians(text: str) -> list[float]:
    from stemfoot.extract.number_grammar import SentenceClaims, scan
    claims = SentenceClaims(text, 0)
    scan(claims, [])
    return [st["median"] for _, _, st in sorted(claims.found, key=lambda f: f[0]) if st and st["kind"] == "median"]


@pytest.mark.parametrize("text,medians", [
    # A bare median after "at / after / over / for / during (a)" is a follow-up length, even with a second arm.
    ("After a median 11 months in the gel arm vs 10 months in the saline arm, closure was 9/20 vs 4/20.", []),
    ("Over a median 7 months with SVF and 8 months with placebo, two patients died.", []),
    ("During median 6 months in the A arm and 5 months in the B arm, no ulcer recurred.", []),
    # The pair itself is still read.
    ("Time to closure was shorter (median 38 days with SVF vs 55 days with placebo).", [38, 55]),
])
def test_a_bare_median_pair_after_a_follow_up_lead_is_not_read(text, medians):
    assert _medians(text) == medians


def _count(text: str, words: str, events: int) -> dict:
    start = text.index(words)
    return {"kind": "events", "events": events, "total": None, "flags": [],
            "evidence": {"start": start, "end": start + len(words), "sentence_start": 0, "sentence_end": len(text)}}


@pytest.mark.parametrize("methods,sentence,words,events,expected", [
    # "given to all patients allocated to / randomised to / who ...": one arm's patients, not everyone.
    ("Filgrastim was given to all patients allocated to the cell arm for five days. ",
     "Myalgia during filgrastim treatment was reported by 4 patients.", "4 patients", 4, False),
    ("G-CSF was administered to all participants randomised to cell therapy. ",
     "Bone pain during G-CSF dosing occurred in 6 patients.", "6 patients", 6, False),
    ("G-CSF was given to all patients who received cells. ",
     "Bone pain during G-CSF dosing occurred in 6 patients.", "6 patients", 6, False),
    # Everyone had leukapheresis, but the event is the injection's, which only the cell arm had.
    ("All participants underwent leukapheresis. ",
     "Injection-site bruising was seen in 5 patients.", "5 patients", 5, False),
    ("All participants underwent leukapheresis. ",
     "Infusion-site swelling was seen in 5 patients.", "5 patients", 5, False),
    # Everyone had the procedure the event is tied to, or a placebo control had the delivery too: the sample's.
    ("All participants underwent bone marrow aspiration; controls received a saline infusion. ",
     "Puncture-site bruising was seen in 5 patients.", "5 patients", 5, True),
    ("All participants underwent leukapheresis. ",
     "Apheresis-related paraesthesia was seen in 5 patients.", "5 patients", 5, True),
    ("Lenograstim was given to all participants to keep the blind. ",
     "Myalgia during lenograstim treatment was reported by 11 patients.", "11 patients", 11, True),
])
def test_every_patient_procedure_needs_that_procedure(methods, sentence, words, events, expected):
    text = methods + sentence
    st = _count(text, words, events)
    sent = (len(methods), len(text))
    assert stages.every_patient_procedure_count(text, st, sent, [], ARMS, False) is expected


@pytest.mark.parametrize("text,value,outcome,expected", [
    # A pooled rate of the arms together is no arm's.
    ("Minor amputation occurred in 12% in both arms combined.", "12%", "amputation", False),
    ("Wound closure was 55% in both groups together at 24 weeks.", "55%", "ulcer_healing", False),
    ("Death occurred in 4% in both groups (pooled).", "4%", "mortality", False),
    ("Death occurred in 4% in both groups overall.", "4%", "mortality", False),
    # Said of each arm: still every arm's.
    ("Wound closure was 55% in both groups at 24 weeks.", "55%", "ulcer_healing", True),
    ("Death occurred in 4% in both groups, overall survival being alike.", "4%", "mortality", True),
])
def test_a_pooled_percentage_is_not_every_arms(text, value, outcome, expected):
    start = text.index(value)
    st = {"kind": "percent", "outcome": outcome, "flags": [],
          "evidence": {"start": start, "end": start + len(value), "sentence_start": 0, "sentence_end": len(text)}}
    assert stages.each_arm_count(text, st) is expected
