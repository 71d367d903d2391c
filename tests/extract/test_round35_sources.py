"""Round 35 (src35): procedure-tied adverse events, a condition "present in" arm counts at entry, the "<head>-treated"
alias for the rules' arm, and median pairs in comparative prose.

Pure functions, no spaCy: invented sentences, arm mentions given by offsets."""
from __future__ import annotations

import pytest

from stemfoot.extract import arms, comparative_arms, event_subjects, stages


def _value(text: str, words: str, kind: str = "events", at: int = 0, **fields) -> dict:
    start = text.index(words, at)
    s0 = max(text.rfind(". ", 0, start) + 2, 0) if text.rfind(". ", 0, start) >= 0 else 0
    s1 = text.find(".", start + len(words) - 1)
    return {"kind": kind, "total": None, "flags": [], "outcome": None, **fields,
            "evidence": {"start": start, "end": start + len(words), "sentence_start": s0,
                         "sentence_end": (s1 + 1) if s1 >= 0 else len(text)}}


# --- procedure-tied adverse events -------------------------------------------------------------------------------

@pytest.mark.parametrize("text,words,event,total", [
    ("Marrow aspiration caused a haematoma in one patient.", "one patient", "a haematoma", None),
    ("Bone marrow aspiration, performed in all 48 patients to preserve blinding, caused transient pain in 6.", "6",
     "transient pain", 48),
    ("Harvest was complicated by haematoma in 2 patients.", "2 patients", "haematoma", None),
    # Not a procedure's subject: the events of the trial.
    ("Amputation caused death in 2 patients.", "2 patients", None, None),
    ("Aspiration pneumonia occurred in 2 patients.", "2 patients", None, None),
    # "all 4 patients" is fewer than the count: no denominator.
    ("Liposuction, performed in all 4 patients, caused bruising in 6.", "6", "bruising", None),
])
def test_procedure_caused_reads_the_event_and_its_denominator(text, words, event, total):
    st = _value(text, words, events=int(words.split()[0]) if words[0].isdigit() else 1)
    got = event_subjects.procedure_caused(text, st)
    assert (got[0] if got else None) == event
    if got:
        assert got[1] == total


def test_procedure_event_outcome_is_the_events_term_else_adverse_events():
    text = ("Bone marrow aspiration, performed in all 48 patients to preserve blinding, caused transient pain in 6. "
            "Marrow aspiration caused a haematoma in one patient.")
    pain, haematoma = _value(text, "6", events=6), _value(text, "one patient", events=1)
    pain["outcome"] = "pain_score"
    changed = event_subjects.subject_stage(text, [pain, haematoma])
    assert changed == [pain, haematoma]
    # "transient pain" is the golds' pain outcome (the vocabulary's), a haematoma an adverse event.
    assert (pain["outcome"], pain["total"]) == ("pain_score", 48)
    assert haematoma["outcome"] == "adverse_events" and haematoma["total"] is None


@pytest.mark.parametrize("text,expected", [
    ("Marrow (300 mL) was aspirated once per patient, and legs were followed for 6 months.", True),
    ("Marrow was aspirated once in each patient.", True),
    ("Marrow was aspirated in every patient of the cell group.", False),
])
def test_once_per_patient_harvest_beside_a_limb_arm_is_a_within_patient_design(text, expected):
    limb = [{"label": "bone marrow cells", "role": "intervention"}, {"label": "control legs", "role": "control"}]
    groups = [{"label": "cell group", "role": "intervention"}, {"label": "control group", "role": "control"}]
    assert stages.within_patient_design(text, limb) is expected
    # Without a limb arm "once per patient" is each treated patient's harvest, no design.
    assert stages.within_patient_design(text, groups) is False


def test_harvest_event_of_a_limb_design_goes_to_the_cohort_not_the_treated_limb():
    text = ("Marrow was aspirated once per patient. Marrow aspiration caused a haematoma in one patient.")
    base = [{"label": "bone marrow cells", "role": "intervention", "n_patients": 22},
            {"label": "control legs", "role": "control", "n_patients": 22}]
    st = _value(text, "one patient", events=1, target="arm", arm="bone marrow cells")
    sent = (st["evidence"]["sentence_start"], st["evidence"]["sentence_end"])
    marrow = text.index("Marrow aspiration")
    # "Marrow" of "Marrow aspiration" names the procedure, no arm ("bone marrow cells"'s key word).
    named = [(marrow, marrow + 6, "bone marrow cells")]
    assert stages.every_patient_procedure_count(text, st, sent, named, base, True)
    assert not stages.every_patient_procedure_count(text, st, sent, named, base, False)
    moved = stages.cohort_over_guess(text, [st], [(marrow, marrow + 6)], 2, set(),
                                     stages.within_patient_design(text, base), base)
    assert moved == [st] and st["target"] == "cohort" and "cohort_by_event_words" in st["flags"]
    # A count whose sentence names an arm outside the procedure's words stays.
    text2 = "Marrow was aspirated once per patient. Marrow aspiration caused a haematoma in one treated leg."
    st2 = _value(text2, "one treated leg", events=1, target="arm", arm="bone marrow cells")
    leg = text2.index("treated leg")
    assert stages.cohort_over_guess(text2, [st2], [(leg, leg + 11)], 2, set(), True, base) == []


def test_every_arm_procedure_reads_an_apposition_naming_everyone():
    text = "Bone marrow aspiration, performed in all 48 patients to preserve blinding, caused transient pain in 6."
    assert stages.every_arm_procedure_kinds(text) == {"harvest"}
    # One arm's patients: not everyone.
    assert stages.every_arm_procedure_kinds(
        "Bone marrow aspiration, performed in all patients allocated to cells, caused pain in 6.") == set()


# --- a condition present in arm counts at entry -------------------------------------------------------------------

def test_present_in_gives_the_condition_and_baseline_to_each_listed_count():
    text = "Results: Gangrene was present in 22 PBMNC (37.9%) and 19 conventional patients (31.1%)."
    a = _value(text, "22 PBMNC (37.9%)", events=22)
    b = _value(text, "19 conventional patients (31.1%)", events=19)
    assert event_subjects.subject_stage(text, [a, b]) == [a, b]
    for st in (a, b):
        assert (st["outcome"], st["timepoint"], st["measure"]) == ("tissue_loss", "baseline", "baseline")
        assert "baseline_by_wording" in st["flags"]


@pytest.mark.parametrize("text,words", [
    # An event during the trial, not a state at entry.
    ("Gangrene was recorded in 3 patients.", "3 patients"),
    # No baseline characteristic of the vocabulary ("ischaemic ulcers" is what healed later).
    ("Ischaemic ulcers were present in 18 legs.", "18 legs"),
    # A follow-up time after the count.
    ("Gangrene was present in 5 patients at 6 months.", "5 patients"),
])
def test_present_in_leaves_other_counts(text, words):
    st = _value(text, words, events=int(words.split()[0]))
    assert event_subjects.subject_stage(text, [st]) == []
    assert st["outcome"] is None


def test_present_in_keeps_another_outcome():
    text = "Gangrene was present in 22 patients."
    st = _value(text, "22 patients", events=22, outcome="amputation")
    assert event_subjects.present_subject(text, st) is None


# --- the "<head>-treated" alias for the rules' arm ---------------------------------------------------------------

def test_head_treated_mention_names_the_arm_of_that_head():
    text = "Transient hypotension occurred in 4 alprostadil-treated patients."
    at = text.index("treated")
    assert arms.head_treated_arm(text, at, ["CD34+ group", "alprostadil group"]) == "alprostadil group"
    # No arm of that head, or no hyphened head: nothing.
    assert arms.head_treated_arm(text, at, ["CD34+ group", "control group"]) is None
    plain = "Transient hypotension occurred in 4 treated patients."
    assert arms.head_treated_arm(plain, plain.index("treated"), ["alprostadil group"]) is None
    # The head must be the whole word before the hyphen.
    other = "Pain occurred in 4 prostadil-treated patients."
    assert arms.head_treated_arm(other, other.index("treated"), ["dil group"]) is None


# --- median pairs in comparative prose ---------------------------------------------------------------------------

ROUTES = ("Methods: Sixty patients were randomised to intramuscular autologous bone marrow cells (Arm I, n = 20), "
          "intra-arterial infusion of the same cells (Arm II, n = 21) or conservative treatment (Arm III, n = 19). ")


def test_route_words_name_the_arm_whose_allocation_item_they_describe():
    labels = ["Arm I", "Arm II", "Arm III"]
    assert comparative_arms.route_arms(ROUTES, labels) == {"intramuscular": "Arm I", "intraarterial": "Arm II"}
    # A route that two items share names neither.
    both = ("randomised to intramuscular cells (Arm I, n = 20) or intramuscular placebo (Arm II, n = 20). ")
    assert comparative_arms.route_arms(both, labels) == {}
    # Only the last route word before a bracket: "intramuscular cells or intravenous saline (placebo)".
    mixed = "randomised to intramuscular cells or intravenous saline (placebo group, n = 20). "
    assert comparative_arms.route_arms(mixed, ["cell group", "placebo group"]) == {"intravenous": "placebo group"}


def test_than_pair_by_route_words():
    text = ROUTES + "Ulcers healed faster after intra-arterial than after intramuscular delivery (median 9 vs 13 weeks)."
    at = text.index("(median")
    x, y = _value(text, "9", kind="median", at=at), _value(text, "13", kind="median", at=at)
    got = comparative_arms.than_pair_arms(text, [x, y], [], ["Arm I", "Arm II", "Arm III"])
    assert got == {0: "Arm II", 1: "Arm I"}


def test_than_pair_by_arm_names():
    text = "Group A healed faster than Group B (median 56 vs 70 days)."
    x, y = _value(text, "56", kind="median"), _value(text, "70", kind="median")
    a, b = text.index("Group A"), text.index("Group B")
    mentions = [(a, a + 7, "Group A"), (b, b + 7, "Group B")]
    assert comparative_arms.than_pair_arms(text, [x, y], mentions, ["Group A", "Group B", "Group C"]) == {
        0: "Group A", 1: "Group B"}
    # No "than" right before the second side: nothing.
    text2 = "Group A and Group B healed (median 56 vs 70 days)."
    a, b = text2.index("Group A"), text2.index("Group B")
    x, y = _value(text2, "56", kind="median"), _value(text2, "70", kind="median")
    assert comparative_arms.than_pair_arms(text2, [x, y], [(a, a + 7, "Group A"), (b, b + 7, "Group B")],
                                           ["Group A", "Group B", "Group C"]) == {}


def test_without_pair_in_a_two_arm_trial():
    text = "Time to healing was 10 weeks (range 4–22) with BM-MNC and 16 weeks (range 8–24) without."
    x = _value(text, "10 weeks (range 4–22)", kind="median")
    y = _value(text, "16 weeks (range 8–24)", kind="median")
    m = text.index("BM-MNC")
    mentions = [(m, m + 6, "BM-MNC group")]
    assert comparative_arms.without_pair_arms(text, [x, y], mentions, ["BM-MNC group", "control group"]) == {
        0: "BM-MNC group", 1: "control group"}
    # Two arms under one label (no other arm to name): nothing, and no error.
    assert comparative_arms.without_pair_arms(text, [x, y], mentions, ["BM-MNC group", "BM-MNC group"]) == {}
    # Three arms: "without" names no one arm.
    assert comparative_arms.without_pair_arms(text, [x, y], mentions, ["BM-MNC group", "PB group", "control"]) == {}
    # Not at the clause's end: "without ulcers" is a subgroup.
    text3 = "Healing took 10 weeks (range 4–22) with BM-MNC and 16 weeks (range 8–24) without ulcers."
    x = _value(text3, "10 weeks (range 4–22)", kind="median")
    y = _value(text3, "16 weeks (range 8–24)", kind="median")
    m = text3.index("BM-MNC")
    assert comparative_arms.without_pair_arms(text3, [x, y], [(m, m + 6, "BM-MNC group")],
                                              ["BM-MNC group", "control group"]) == {}


def test_than_pair_leaves_a_pooled_first_side():
    # "Arms I and II combined" is a pooled side: its pair is no one arm's (bl24_15 restated 3/13 on Arm III).
    text = "Healing in Arms I and II combined was significantly greater than in Arm III (20/29 vs 3/13; P = 0.006)."
    x, y = _value(text, "20/29"), _value(text, "3/13")
    a, b = text.index("II combined"), text.index("Arm III")
    mentions = [(a, a + 2, "Arm II"), (b, b + 7, "Arm III")]
    assert comparative_arms.than_pair_arms(text, [x, y], mentions, ["Arm I", "Arm II", "Arm III"]) == {}
