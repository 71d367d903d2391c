"""Round 34 (src34): worded zeros whose words scope them to the treated arm or to everyone.

Pure functions, no spaCy: invented sentences, arm mentions given by offsets."""
from __future__ import annotations

import pytest

from stemfoot.extract import stages, zero_clauses

ARMS = [{"label": "cell group", "role": "intervention", "n_patients": 30},
        {"label": "control group", "role": "control", "n_patients": 30}]


def _zero(text: str, words: str) -> dict:
    start = text.index(words)
    return {"kind": "events", "events": 0, "total": None, "flags": ["event_count_bare", "event_count_zero"],
            "evidence": {"start": start, "end": start + len(words), "sentence_start": 0, "sentence_end": len(text)}}


@pytest.mark.parametrize("text,tied", [
    ("No procedure-related deaths occurred.", True),
    ("No cell-therapy-related deaths were reported.", True),
    ("There were no infusion-related allergic reactions.", True),
    ("No complications occurred at the harvest site.", True),
    ("No aspiration pneumonia occurred.", False),
    ("No falls during early mobilisation occurred.", False),
    ("No deaths occurred.", False),
    ("No treatment-related serious adverse events occurred.", False),
])
def test_event_tie_reads_the_cells_and_the_procedure(text, tied):
    assert stages.event_tie(text, 0, len(text)) is tied


@pytest.mark.parametrize("text,words,arms,expected", [
    # A procedure every arm did not have: the one treated arm's, beside a plain control.
    ("No procedure-related deaths occurred.", "No procedure-related deaths", ARMS, ("arm", "cell group")),
    ("No cell-therapy-related deaths were reported.", "No cell-therapy-related deaths", ARMS, ("arm", "cell group")),
    # A placebo or sham control undergoes the procedure too: everyone's.
    ("Patients received cells or placebo. No procedure-related deaths occurred.", "No procedure-related deaths",
     ARMS, ("cohort", None)),
    # Tied to "the study treatment", no arm named: left (the domain gold's statistics target; see extraction.md).
    ("No serious adverse event was attributed to study treatment.", "No serious adverse event", ARMS,
     ("unattributed", None)),
])
def test_scoped_zero_placement(text, words, arms, expected):
    target, arm, _ = stages.event_placement(text, _zero(text, words), (0, len(text)), [], arms)
    assert (target, arm) == expected


def test_a_zero_closing_a_count_of_an_arm_takes_the_counted_event():
    # "in 3 CLX-5 recipients and none of the placebo patients": the zero closes a list of the arms' counts, so
    # it is of what they count (the antibodies), on the arm its own words name.
    text = "Anti-donor HLA antibodies were detected in 3 CLX-5 recipients and none of the placebo patients."
    zero, = [c for c in zero_clauses.arm_zeros(text)]
    assert text[zero.start:zero.end] == "none of the placebo patients" and zero.arm_inside
    assert text[zero.head[0]:zero.head[1]] == "antibodies"
    # A list of percentages is read as before (the outcome stage reads the list's outcome).
    text = "Ulcers had healed by 12 weeks in 93% of G1 patients, 71% of G2 patients and none of the G3 patients."
    zero, = zero_clauses.arm_zeros(text)
    assert zero.head is None


def _count(text: str, words: str, events: int) -> dict:
    start = text.index(words)
    return {"kind": "events", "events": events, "total": None, "flags": [],
            "evidence": {"start": start, "end": start + len(words), "sentence_start": 0, "sentence_end": len(text)}}


@pytest.mark.parametrize("methods,sentence,words,events,within,expected", [
    # Every patient was mobilised / had leukapheresis: a count of its events is the whole sample's.
    ("44 patients received G-CSF mobilisation and apheresis, and were randomised to cells or saline. ",
     "Bone pain during G-CSF treatment was reported by 17 patients (38.6%).", "17 patients", 17, False, True),
    ("All patients underwent leukapheresis. ", "Leukapheresis-related hypotension occurred in 2 patients.",
     "2 patients", 2, False, True),
    ("G-CSF was given to all participants to preserve blinding. ",
     "Bone pain during G-CSF administration was reported by 23 patients.", "23 patients", 23, False, True),
    # One leg treated, the other the control: a mobilisation done once per patient.
    ("The worse leg received cells; the other leg served as control. ",
     "Bone pain related to G-CSF occurred in 7 patients (29.2%).", "7 patients", 7, True, True),
    # Nothing says everyone had it: left (the treated arm's reading is `tied_event_arm`'s).
    ("Patients were randomised to cells or standard care. ",
     "Bone pain during G-CSF treatment was reported by 9 patients.", "9 patients", 9, False, False),
    # "All patients in the cell group" is one arm, not everyone.
    ("G-CSF was given to all patients in the cell group. ",
     "Bone pain during G-CSF treatment was reported by 9 patients.", "9 patients", 9, False, False),
    # Tied to the cells, or above the sample size.
    ("All patients underwent leukapheresis. ", "Cell-related fever occurred in 2 patients.", "2 patients", 2,
     False, False),
    ("All patients underwent leukapheresis. ", "Leukapheresis-related hypotension occurred in 70 patients.",
     "70 patients", 70, False, False),
    # "given to all patients allocated to / randomised to / who ...": one arm's patients, not everyone.
    ("Filgrastim was given to all patients allocated to the cell arm for five days. ",
     "Myalgia during filgrastim treatment was reported by 4 patients.", "4 patients", 4, False, False),
    ("G-CSF was administered to all participants randomised to cell therapy. ",
     "Bone pain during G-CSF dosing occurred in 6 patients.", "6 patients", 6, False, False),
    ("G-CSF was given to all patients who received cells. ",
     "Bone pain during G-CSF dosing occurred in 6 patients.", "6 patients", 6, False, False),
    # Everyone had leukapheresis, but the event is the injection's, which only the cell arm had.
    ("All participants underwent leukapheresis. ",
     "Injection-site bruising was seen in 5 patients.", "5 patients", 5, False, False),
    ("All participants underwent leukapheresis. ",
     "Infusion-site swelling was seen in 5 patients.", "5 patients", 5, False, False),
    # Everyone had the procedure the event is tied to, or a placebo control had the delivery too: the sample's.
    ("All participants underwent bone marrow aspiration; controls received a saline infusion. ",
     "Puncture-site bruising was seen in 5 patients.", "5 patients", 5, False, True),
    ("All participants underwent leukapheresis. ",
     "Apheresis-related paraesthesia was seen in 5 patients.", "5 patients", 5, False, True),
    ("Lenograstim was given to all participants to keep the blind. ",
     "Myalgia during lenograstim treatment was reported by 11 patients.", "11 patients", 11, False, True),
])
def test_counts_after_a_procedure_every_patient_had(methods, sentence, words, events, within, expected):
    text = methods + sentence
    st = _count(text, words, events)
    sent = (len(methods), len(text))
    assert stages.every_patient_procedure_count(text, st, sent, [], ARMS, within) is expected


@pytest.mark.parametrize("text,value,outcome,expected", [
    ("Limb salvage was 90% in each arm at 6 months.", "90%", "limb_salvage", True),
    ("One-year mortality was 7.1% in both groups.", "7.1%", "mortality", True),
    # A measure in per cent is a mean, not a rate of events.
    ("Mean HbA1c at entry was 8.4% in both arms.", "8.4%", "hba1c", False),
    ("Limb salvage was 90% overall.", "90%", "limb_salvage", False),
    # A pooled rate of the arms together is no arm's.
    ("Minor amputation occurred in 12% in both arms combined.", "12%", "amputation", False),
    ("Wound closure was 55% in both groups together at 24 weeks.", "55%", "ulcer_healing", False),
    ("Death occurred in 4% in both groups (pooled).", "4%", "mortality", False),
    ("Death occurred in 4% in both groups overall.", "4%", "mortality", False),
    # Said of each arm: still every arm's.
    ("Wound closure was 55% in both groups at 24 weeks.", "55%", "ulcer_healing", True),
    ("Death occurred in 4% in both groups, overall survival being alike.", "4%", "mortality", True),
])
def test_a_percentage_of_every_arm(text, value, outcome, expected):
    start = text.index(value)
    st = {"kind": "percent", "outcome": outcome, "flags": [],
          "evidence": {"start": start, "end": start + len(value), "sentence_start": 0, "sentence_end": len(text)}}
    assert stages.each_arm_count(text, st) is expected


def test_a_covariate_step_whose_outcome_the_model_reading_took_is_the_cohorts():
    # "each 10 mmHg increase in baseline TcPO2 was associated with healing (OR 1.58, ...)": the multivariable
    # reading took the outcome (flag predictor_effect); the estimate is a covariate's, so the cohort's (rule 14).
    from stemfoot.extract import covariates
    text = ("In logistic regression, each 10 mmHg increase in baseline TcPO2 was associated with healing "
            "(OR 1.58, 95% CI 1.12–2.23).")
    start = text.index("OR 1.58")
    st = {"kind": "effect", "value": 1.58, "effect_measure": "OR", "outcome": "ulcer_healing", "target": "unattributed",
          "flags": ["predictor_effect"],
          "evidence": {"start": start, "end": start + len("OR 1.58, 95% CI 1.12–2.23"), "sentence_start": 0,
                       "sentence_end": len(text)}}
    assert covariates.covariate_stage(text, [st], [], ["cell therapy group", "control group"]) == [0]
    assert st["target"] == "cohort" and st["outcome"] == "ulcer_healing"
    assert {"covariate_effect", "covariate_step"} <= set(st["flags"])


def _medians(text: str) -> list[float]:
    from stemfoot.extract.number_grammar import SentenceClaims, scan
    claims = SentenceClaims(text, 0)
    scan(claims, [])
    return [st["median"] for _, _, st in sorted(claims.found, key=lambda f: f[0]) if st and st["kind"] == "median"]


@pytest.mark.parametrize("text,medians", [
    # Two arms' medians with no verb and no interval: each arm's.
    ("Time to healing did not differ (median 84 days with ALDHbr vs 91 days with BM-MNC; P = 0.71).", [84, 91]),
    ("Time to healing was shorter (median, 42 days in the A arm and 70 days in the B arm).", [42, 70]),
    # A lone median with no second arm is a follow-up length, not read here.
    ("Patients were followed for a median 14 months.", []),
    # A bare median after "at / after / over / for / during (a)" is a follow-up length, even with a second arm.
    ("After a median 11 months in the gel arm vs 10 months in the saline arm, closure was 9/20 vs 4/20.", []),
    ("Over a median 7 months with SVF and 8 months with placebo, two patients died.", []),
    ("During median 6 months in the A arm and 5 months in the B arm, no ulcer recurred.", []),
    # The pair itself is still read.
    ("Time to closure was shorter (median 38 days with SVF vs 55 days with placebo).", [38, 55]),
])
def test_a_bare_median_pair(text, medians):
    assert _medians(text) == medians


def test_a_count_done_on_a_named_arm():
    # "Two minor amputations were performed on saline limbs and none on SVF limbs": the count's arm follows its verb.
    text = "Two minor amputations were performed on saline limbs and none on SVF limbs."
    st = _count(text, "Two minor amputations", 2)
    named = [(text.index("saline limbs"), text.index("saline limbs") + 12, "saline limb"),
             (text.index("SVF limbs"), text.index("SVF limbs") + 9, "SVF limb")]
    assert stages.arm_right_after(text, st, named, [st]) == "saline limb"
    zero, = zero_clauses.arm_zeros(text)
    assert text[zero.start:zero.end] == "none on SVF limbs" and text[zero.head[0]:zero.head[1]] == "amputations"


def _tp_stats(text: str, values: list[str]) -> list[dict]:
    out, pos = [], 0
    for v in values:
        a = text.index(v, pos)
        pos = a + len(v)
        out.append({"kind": "events", "flags": [], "timepoint": None,
                    "evidence": {"start": a, "end": pos, "sentence_start": 0, "sentence_end": len(text)}})
    return out


@pytest.mark.parametrize("text,values,times", [
    # Each pair takes the time that closes it.
    ("Ulcers healed in 19/30 (63.3%) and 5/15 (33.3%) patients, respectively, at 6 months and in 22/30 (73.3%) and "
     "6/15 (40.0%) at 12 months.", ["19/30 (63.3%)", "5/15 (33.3%)", "22/30 (73.3%)", "6/15 (40.0%)"],
     ["6 months", "6 months", "12 months", "12 months"]),
    # A time that opens a clause still leads it.
    ("At 4 weeks, healing was 4/20 and 2/20, and at 12 weeks, 12/20 and 6/20.", ["4/20", "2/20", "12/20", "6/20"],
     ["4 weeks", "4 weeks", "12 weeks", "12 weeks"]),
])
def test_each_pair_takes_its_time(text, values, times):
    stats = _tp_stats(text, values)
    stages.timepoint_stage(text, stats)
    assert [st["timepoint"] for st in stats] == times


def test_a_count_after_a_mean_is_of_its_own_state():
    # "Mean age was 68.0 (SD 9.6) years and 37 patients (69.8%) had rest pain at baseline": the count is not a member
    # of age's list (a count after a mean), and its state at entry names its outcome.
    from stemfoot.extract import baseline
    text = "Results: Mean age was 68.0 (SD 9.6) years and 37 patients (69.8%) had rest pain at baseline."
    a, b = text.index("68.0 (SD 9.6) years"), text.index("37 patients (69.8%)")
    stats = [{"kind": "mean_sd", "flags": [], "evidence": {"start": a, "end": a + len("68.0 (SD 9.6) years")}},
             {"kind": "events", "flags": [], "evidence": {"start": b, "end": b + len("37 patients (69.8%)")}}]
    sent = (0, len(text))
    first = baseline.characteristic_of(text, sent, stats, 0)
    assert first is not None and first.id == "age"
    assert baseline.characteristic_of(text, sent, stats, 1, first) is None
    state = baseline.entry_state(text, baseline.windows(text, sent, stats, 1)[1])
    assert state is not None and state.term.id == "rest_pain"


@pytest.mark.parametrize("text, value, expected", [
    # Round 44: the verb that says the counted events happened may stand between the count and "in each group".
    ("Two deaths occurred in each group, none judged related to treatment.", "Two deaths", True),
    ("Major amputation by 12 months occurred in 3 and 5 patients, and 2 deaths were recorded in each group.",
     "2 deaths", True),
    ("Local infection occurred in one patient of each group.", "one patient", True),
    # A count of the sample, and a verb that says no event happened, are no count of each arm.
    ("Two deaths occurred during follow-up, in the placebo group.", "Two deaths", False),
    ("Two deaths were adjudicated by the committee in each group.", "Two deaths", False),
])
def test_a_count_whose_verb_stands_before_in_each_group_is_every_arms(text: str, value: str, expected: bool) -> None:
    start = text.index(value)
    st = {"kind": "events", "events": 2, "total": None, "flags": [],
          "evidence": {"start": start, "end": start + len(value), "sentence_start": 0, "sentence_end": len(text)}}
    assert stages.each_arm_count(text, st) is expected
