"""Round 35 (early, afs35): amputation-free survival wordings, the design read past a Background sentence, and the
size of a cohort by patient choice.

Pure functions, no spaCy: invented sentences."""
from __future__ import annotations

import pytest

from stemfoot.extract import vocabulary
from stemfoot.extract.arm_sizes import cohort_comparison
from stemfoot.extract.candidates import split_sentences
from stemfoot.extract.design import classify


def _outcomes(text: str) -> list[tuple[str, str]]:
    return [(h.term.id, h.text) for h in vocabulary.outcomes().find(text)]


@pytest.mark.parametrize("text,phrase", [
    # Survival without the event is amputation-free survival: read as amputation or death, the number inverts.
    ("At 1 year, 14 cell patients (63.6%) were alive without major amputation.", "alive without major amputation"),
    ("The proportion free of major amputation and death at 6 months was 81%.", "free of major amputation and death"),
    ("Patients free from amputation or death: 70% vs 52%.", "free from amputation or death"),
    ("Twelve patients survived without major amputation.", "survived without major amputation"),
    ("Survival without amputation was 64% in the cell arm.", "Survival without amputation"),
    ("Nine patients were alive and amputation-free at 2 years.", "alive and amputation-free"),
])
def test_survival_without_amputation_is_amputation_free_survival(text, phrase):
    got = _outcomes(text)
    assert ("amputation_free_survival", phrase) in got
    # The words inside the phrase give no second, inverted outcome.
    assert not any(o in ("amputation", "mortality") and phrase.find(t) >= 0 for o, t in got)


@pytest.mark.parametrize("text,outcome", [
    # The event itself stays the event.
    ("Major amputation was needed in 3 patients.", "amputation"),
    ("Two patients died without amputation.", "mortality"),
    ("Amputation or death occurred in 5 patients.", "amputation"),
])
def test_the_events_themselves_keep_their_outcome(text, outcome):
    got = _outcomes(text)
    assert got and got[0][0] == outcome
    assert all(o != "amputation_free_survival" for o, _ in got)


BACKGROUND_CASES = [
    # A Background sentence about the evidence so far does not make the study randomised; its Methods decide.
    ("Background: Randomised evidence for cell therapy in limb ischaemia remains limited. Methods: In this "
     "prospective study with concurrent controls, 40 patients who chose cells were compared with 45 who received "
     "standard care.", "non_randomized_controlled"),
    ("Background: Randomised trials of cells are small. Methods: Patients who consented to cells (cell group, "
     "n = 30) were compared with concurrently treated patients (standard care group, n = 28).",
     "non_randomized_controlled"),
    # The Methods' own randomisation still makes an RCT.
    ("Background: Randomised data are scarce. Methods: 60 patients were randomised to cells or placebo.", "rct"),
    # A Background sentence naming the study is the study's design.
    ("Background: We conducted a randomised trial of cells in limb ischaemia. Methods: Sixty patients received cells "
     "or saline. Results: Healing was 50% vs 30%.", "rct"),
    ("Background: This randomised trial tested cells against saline. Methods: Sixty patients took part.", "rct"),
    # No Methods or Results after the Background: nothing else to read, the cue stands.
    ("Background: Randomised trial of cells versus placebo in 40 patients with ulcers.", "rct"),
    # An unstructured abstract reads as before.
    ("Randomised evidence is limited. Patients were randomly assigned to cells or placebo.", "rct"),
]


@pytest.mark.parametrize("text,design", BACKGROUND_CASES)
def test_a_background_sentence_about_other_evidence_sets_no_rct(text, design):
    assert classify(text)[0] == design


@pytest.mark.parametrize("text", [
    "Methods: 40 patients who chose cells (cell group) were followed with a conventional group.",
    "Methods: Patients given cells were compared with concurrently treated patients who declined.",
    "Methods: Cell recipients and patients followed concurrently on best medical therapy were compared.",
])
def test_usual_care_groups_and_concurrent_comparators_are_controls(text):
    assert classify(text)[0] == "non_randomized_controlled"


def test_a_single_arm_study_has_no_usual_care_group():
    text = "Methods: Twenty patients received intramuscular cells in this phase I study. Results: No adverse events."
    assert classify(text)[0] == "single_arm"


@pytest.mark.parametrize("verb", ["chose", "opted for", "elected", "consented to", "accepted"])
def test_a_cohort_by_patient_choice_and_its_comparison_take_their_sizes(verb):
    text = (f"Methods: In this prospective study with concurrent controls, 58 patients with ischaemic ulcers who {verb} "
            "autologous cell implantation (cell group) were compared with 61 patients who received conventional "
            "treatment over the same period (conventional group). Results: Healing was 60% vs 40%.")
    got = cohort_comparison(text, split_sentences(text))
    assert got is not None
    assert got[0]["n_patients"][0] == 58 and got[1]["n_patients"][0] == 61


def test_two_chosen_cohorts_before_the_comparison_give_no_sizes():
    text = ("Methods: 20 patients chose cells. 15 patients chose gel. Both were compared with 30 patients who "
            "received standard care.")
    assert cohort_comparison(text, split_sentences(text)) is None
