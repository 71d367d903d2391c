"""Round 46: a withheld worded zero whose clause names no arm and ties it to nothing only some arms had goes back to
the cohort (`export_gate.untied_zero_together`; gold rules 24 and 25). Invented sentences, after an allocation of
cells vs standard care."""
from __future__ import annotations

import pytest

from stemfoot.extract.export_gate import each_arm_zero_held, untied_zero_together

ALLOCATION = "Patients were randomised to cell injection (cell group, n = 30) or standard care (control group, n = 30). "


def _held_zero(sentence: str, zero: str, placement: str | None = "no_arm_named", held_target: str = "cohort",
               flags: tuple[str, ...] = ("event_count_bare", "event_count_zero"), events: int = 0) -> tuple[str, dict]:
    """The text and a worded zero of ``sentence`` (its words ``zero``) as the gate leaves it: withheld, with the
    rules' reading kept as ``gate.held``."""
    text = ALLOCATION + sentence
    s0 = len(ALLOCATION)
    start = text.index(zero, s0)
    st = {"kind": "events", "events": events, "outcome": None, "outcome_label": zero,
          "target": "unattributed", "arm": None, "arm_role": None,
          "flags": list(flags) + ["review_attribution", "export_gate"],
          "detail": {"event_placement": placement} if placement else {},
          "evidence": {"start": start, "end": start + len(zero), "text": zero,
                       "sentence_start": s0, "sentence_end": len(text)},
          "gate": {"p": 0.6, "held": {"target": held_target, "arm": None, "arm_role": None}}}
    return text, st


def _assert_stays_withheld(sentence: str, zero: str) -> None:
    text, st = _held_zero(sentence, zero)
    untied_zero_together(text, [st])
    assert st["target"] == "unattributed" and "export_gate" in st["flags"]


@pytest.mark.parametrize("sentence, zero, placement", [
    ("No dose-limiting toxicity occurred.", "No dose-limiting toxicity", "no_arm_named"),
    ("Fever occurred in 2 patients of the cell group, and no thrombosis or tumour formation was found.",
     "no thrombosis or tumour formation", "no_arm_named"),
    ("No patient developed an acute coronary event.", "No patient developed an acute coronary event", None),
    ("No treatment-related adverse events were observed.", "No treatment-related adverse events", "no_arm_named"),
    ("No ectopic tissue formation was detected on imaging.", "No ectopic tissue formation", "no_arm_named"),
])
def test_a_withheld_zero_of_all_patients_goes_back_to_the_cohort(sentence, zero, placement):
    text, st = _held_zero(sentence, zero, placement)
    untied_zero_together(text, [st])
    assert (st["target"], st["arm"]) == ("cohort", None)
    assert "export_gate" not in st["flags"] and "review_attribution" not in st["flags"]
    assert "untied_zero_together" in st["flags"]
    assert st["gate"]["released"]["target"] == "cohort" and "held" not in st["gate"]


@pytest.mark.parametrize("sentence, zero", [
    # tied to the cells or to a procedure only the cell arm had (stages.event_tie)
    ("No serious adverse events related to the cells occurred.", "No serious adverse events"),
    ("No harvest-site complications were recorded.", "No harvest-site complications"),
    ("No embolic events occurred after intra-arterial infusion.", "No embolic events"),
    ("No immune reactions to the allogeneic cells were observed.", "No immune reactions"),
    ("No immune reactions to XR-14 were detected.", "No immune reactions"),
    ("No serious adverse event related to UMC-T4 was observed.", "No serious adverse event"),
    ("No EPC-related adverse events were observed.", "No EPC-related adverse events"),
    ("No injection-site infection occurred.", "No injection-site infection"),
    ("No tumour was detected in any cell-treated patient.", "No tumour"),
    ("No nephropathy occurred in patients who had intra-arterial delivery.", "No nephropathy"),
    # said of each arm or each limb: the golds give a zero per arm (rule 24)
    ("No ectopic tissue formation was seen in any of the four arms.", "No ectopic tissue formation"),
    ("No dose-limiting toxicity was observed at any dose level.", "No dose-limiting toxicity"),
    ("No ulcer infection occurred in either foot.", "No ulcer infection"),
])
def test_a_zero_tied_to_what_some_arms_had_stays_withheld(sentence, zero):
    _assert_stays_withheld(sentence, zero)


@pytest.mark.parametrize("kw", [
    {"placement": "treated_arms"},  # the rules read a tie: not a statement about all patients
    {"placement": "counted_no_arm", "flags": ("event_count_zero", "zero_of_counted")},  # counted_zero_together's
    {"held_target": "arm"},  # the rules put it on an arm
    {"events": 2},
])
def test_other_withheld_values_stay_withheld(kw):
    text, st = _held_zero("No dose-limiting toxicity occurred.", "No dose-limiting toxicity", **kw)
    untied_zero_together(text, [st])
    assert st["target"] == "unattributed" and "export_gate" in st["flags"]


def test_a_zero_the_gate_kept_is_left_as_it_is():
    text, st = _held_zero("No dose-limiting toxicity occurred.", "No dose-limiting toxicity")
    st.update(target="cohort", flags=["event_count_zero", "cohort_by_event_words"], gate={"p": 0.9})
    untied_zero_together(text, [st])
    assert st["target"] == "cohort" and st["flags"] == ["event_count_zero", "cohort_by_event_words"]


@pytest.mark.parametrize("sentence, zero", [
    # a reaction of the immune system is one to the cells: rule 24 gives the treated arms, half the golds the
    # whole sample (the conventions disagree): held
    ("Fever occurred in 2 patients of the cell group; no allergic reactions were seen.", "no allergic reactions"),
    ("No rejection or other serious adverse reactions were observed.", "No rejection"),
    ("No hypersensitivity reaction was recorded.", "No hypersensitivity reaction"),
])
def test_a_zero_of_an_immune_reaction_stays_withheld(sentence, zero):
    _assert_stays_withheld(sentence, zero)


# each_arm_zero_held: a zero exported on the cohort whose clause says it of every arm is withheld (rule 24).

def _cohort_zero(sentence: str, zero: str) -> tuple[str, dict]:
    text, st = _held_zero(sentence, zero)
    st.update(target="cohort", flags=["event_count_zero", "cohort_by_event_words"], gate={"p": 0.9})
    return text, st


@pytest.mark.parametrize("sentence, zero", [
    ("Two patients died, and no wound infections were recorded in either group.", "no wound infections"),
    ("Minor amputations were frequent, but no major amputation was required in any group.",
     "no major amputation"),
    ("No patient in either cell group had fever.", "No patient"),
    ("No ectopic tissue formation was seen in any of the four arms.", "No ectopic tissue formation"),
])
def test_a_cohort_zero_said_of_every_arm_is_withheld(sentence, zero):
    text, st = _cohort_zero(sentence, zero)
    each_arm_zero_held(text, [st])
    assert (st["target"], st["arm"]) == ("unattributed", None)
    assert "zero_of_each_arm" in st["flags"] and "review_attribution" in st["flags"]
    assert st["gate"]["held"]["target"] == "cohort"


@pytest.mark.parametrize("sentence, zero, target", [
    ("No dose-limiting toxicity occurred.", "No dose-limiting toxicity", "cohort"),  # of all patients
    # the every-arm words are another clause's
    ("Fever occurred in both groups; no deaths occurred.", "no deaths", "cohort"),
    ("No major amputation was required in either group.", "No major amputation", "arm"),  # already on an arm
])
def test_other_zeros_are_left_as_they_are(sentence, zero, target):
    text, st = _cohort_zero(sentence, zero)
    st["target"] = target
    each_arm_zero_held(text, [st])
    assert st["target"] == target and "zero_of_each_arm" not in st["flags"]


# stages: a zero tied to a procedure every patient had, in a limb design, is the whole sample's.

LIMB_DESIGN = ("In this within-patient trial, 16 patients with bilateral critical limb ischaemia received bone "
               "marrow cells into one leg (treated limbs, n = 16) and saline into the other (control limbs, n = 16); "
               "marrow was aspirated once per patient. ")


def test_a_harvest_zero_of_a_limb_design_is_the_whole_sample_s():
    from stemfoot.extract.run import extract_records

    text = LIMB_DESIGN + "No complications occurred at the harvest site."
    (rec,) = extract_records([("t", text)], pico=False)
    zeros = [st for st in rec["statistics"] if st["kind"] == "events" and st.get("events") == 0]
    assert zeros and all(st["target"] == "cohort" and st.get("arm") is None for st in zeros)


def test_an_injection_zero_of_a_limb_design_stays_the_treated_leg_s():
    from stemfoot.extract.run import extract_records

    text = LIMB_DESIGN + "No complications related to the cell injections were observed."
    (rec,) = extract_records([("t", text)], pico=False)
    zeros = [st for st in rec["statistics"] if st["kind"] == "events" and st.get("events") == 0]
    assert zeros and all(st["target"] != "cohort" for st in zeros)


@pytest.mark.parametrize("sentence, zero", [
    ("No differences in safety were observed.", "No differences in safety"),  # a negated comparison
    ("No significant difference in deaths was observed (6 vs 7).", "No significant difference in deaths"),
    # an endpoint's name in a list of end points
    ("Secondary end points (complete protection, no vomiting, no nausea) were similar.", "no vomiting"),
    ("No serious adverse events related to denosumab occurred.", "No serious adverse events"),  # a named product
])
def test_words_that_state_no_count_of_all_patients_stay_withheld(sentence, zero):
    _assert_stays_withheld(sentence, zero)


def test_a_zero_with_a_denominator_is_no_statement_of_all_patients():
    text, st = _held_zero("Positive margins were found in 0 of 34 patients given ablation.", "0 of 34")
    st["total"] = 34
    untied_zero_together(text, [st])
    assert st["target"] == "unattributed" and "export_gate" in st["flags"]


def test_each_arm_words_of_a_bracketed_aside_are_not_the_zero_s():
    text, st = _cohort_zero("There were two deaths (one in each arm), neither related to treatment.", "neither")
    each_arm_zero_held(text, [st])
    assert st["target"] == "cohort" and "zero_of_each_arm" not in st["flags"]


# Second read (mendlead46a): over-reach found on unseen text (EBM-NLP) and on invented near-misses.

@pytest.mark.parametrize("sentence, zero", [
    # a treated subset in words, not only "cell-treated"
    ("No local infection occurred in the treated limbs.", "No local infection"),
    ("No wound infection occurred in treated patients.", "No wound infection"),
    # one group named in words the arm detector did not resolve
    ("Moreover, pruritus was not observed after day 15 in the pimecrolimus 1% cream group, whereas it was reported "
     "in most patients of the other group.", "pruritus"),
    # a cause tie to what only some patients had
    ("No patients developed a problem from having a normal-looking appendix not removed at laparoscopy.",
     "No patients developed a problem"),
    ("No amputation resulting from the cell injections was recorded.", "No amputation"),
    # negated comparisons of two words
    ("There was no statistically significant difference in deaths.", "no statistically significant difference"),
    ("No between-group differences in amputation were found.", "No between-group differences"),
])
def test_second_read_zeros_tied_to_some_or_stating_no_count_stay_withheld(sentence, zero):
    _assert_stays_withheld(sentence, zero)


@pytest.mark.parametrize("sentence, zero", [
    ("No deaths occurred in the whole group during follow-up.", "No deaths"),  # the whole sample, not one group
    ("No serious adverse events caused by the study drug were reported.", "No serious adverse events"),
    ("No dose-limiting toxicity was observed in all age groups.", "No dose-limiting toxicity"),  # not arms
])
def test_second_read_zeros_of_all_patients_still_go_back_to_the_cohort(sentence, zero):
    text, st = _held_zero(sentence, zero)
    untied_zero_together(text, [st])
    assert (st["target"], st["arm"]) == ("cohort", None) and "untied_zero_together" in st["flags"]


@pytest.mark.parametrize("sentence, zero", [
    ("No deaths occurred across both groups during follow-up.", "No deaths"),  # a total over arms (rule 52)
    ("No dose-limiting toxicity was observed in all age groups.", "No dose-limiting toxicity"),  # not arms
    ("No limb was lost in any risk group.", "No limb was lost"),
])
def test_second_read_cohort_zeros_not_said_of_every_arm_stay_on_the_cohort(sentence, zero):
    text, st = _cohort_zero(sentence, zero)
    each_arm_zero_held(text, [st])
    assert st["target"] == "cohort" and "zero_of_each_arm" not in st["flags"]
