"""Round 40 (early): product-recipient pools (lead 3).

- A value said of the recipients of the product every treated arm got ("in 7 MSC recipients", "8 patients receiving
  HUC-17", "in patients given the product", "9 of the 60 cell recipients", "28 of 40 MSC-treated patients") is the
  treated arms' pooled record (gold conventions 6, 40, 44, 58), not one dose arm's, the cohort's or no arm's; not for
  a co-treatment ("patients receiving ESWT"), a product one treated arm lacks, or in a factorial trial.
- A value's words start after "and in" before it ("… receiving HUC-17 and in 3 receiving vehicle"): the earlier
  count's words are not this one's.

Pure functions on invented sentences and dicts; no spaCy.
"""
from __future__ import annotations

import pytest

from stemfoot.extract.pooled_sides import pool_of, pooled_side_stage, recipient_pool, value_words


def _arm(label, role, description=None, cell_type=None, members=None):
    return {"label": label, "role": role, "description": description, "cell_type": cell_type, "members": members,
            "n_patients": 30}


def _st(text, frag, arm=None, target=None, kind="events", events=0, **kw):
    s = text.index(frag)
    return {"kind": kind, "events": events, "target": target or ("arm" if arm else "unattributed"), "arm": arm,
            "arm_role": None, "flags": [],
            "evidence": {"start": s, "end": s + len(frag), "text": frag, "sentence_start": 0, "sentence_end": len(text)},
            **kw}


# Two doses of a coded product and a vehicle; the allocation list wrote the product once, in the first arm's words.
DOSES = [_arm("low-dose arm", "intervention", "perilesional KTX-31 at 2 × 10^7 cells"),
         _arm("high-dose arm", "intervention", "6 × 10^7 cells"),
         _arm("vehicle arm", "control", "vehicle arm")]
TREATED = ["low-dose arm", "high-dose arm"]


# --- recipient_pool ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("words", [
    "Injection-site swelling occurred in 6 KTX-31 recipients and in ",
    "Injection-site pain occurred in 8 patients receiving KTX-31 and in ",
    "No ectopic bone was detected in patients given KTX-31.",
    "No anti-HLA antibodies developed in patients who received the product.",
    "Headache was reported by 5 of the 60 cell recipients",
    "Taken together, 31 of 60 KTX-31-treated patients healed",
    "No infusion reaction occurred in recipients of the study cells.",
])
def test_the_recipients_of_the_treated_arms_product_are_their_pool(words):
    assert recipient_pool(words, DOSES, TREATED)


def test_a_plural_code_matches_the_dose_labels_that_hold_it():
    arms = [_arm("ADSC-150", "intervention"), _arm("ADSC-300", "intervention"), _arm("placebo", "control")]
    assert recipient_pool("Fever developed in 6 patients receiving ADSCs and in ", arms, ["ADSC-150", "ADSC-300"])


@pytest.mark.parametrize("words", [
    # A co-treatment some arms got, not the cells.
    "Petechiae were noted in 7 patients receiving ESWT.",
    "Local erythema occurred in 3 patients treated with PRP.",
    # One arm's own word for a placebo or vehicle.
    "Fever occurred in 2 vehicle recipients.",
])
def test_no_pool_for_what_is_not_the_treated_arms_product(words):
    assert not recipient_pool(words, DOSES, TREATED)


def test_no_pool_for_a_product_one_treated_arm_lacks():
    arms = [_arm("group A", "intervention", "BM-MNC by intramuscular injection"),
            _arm("group B", "intervention", "PB-MNC by intramuscular injection"),
            _arm("group C", "control", "standard care")]
    assert not recipient_pool("Bruising occurred in 4 patients given BM-MNC.", arms, ["group A", "group B"])
    # The cells themselves are both arms' product.
    assert recipient_pool("No serious event occurred in patients given cells.", arms, ["group A", "group B"])


def test_no_pool_for_a_product_an_untreated_arm_is_named_for():
    arms = [_arm("MSC high", "intervention"), _arm("MSC low", "intervention"), _arm("MSC vehicle", "control")]
    assert not recipient_pool("Fever occurred in 4 MSC recipients.", arms, ["MSC high", "MSC low"])


def test_no_pool_for_a_code_where_the_treated_arms_are_of_distinct_cell_types():
    arms = [_arm("arm 1", "intervention", cell_type="BM-MNC"), _arm("arm 2", "intervention", cell_type="CD133+"),
            _arm("arm 3", "control")]
    assert not recipient_pool("Bone pain occurred in 4 BM-MNC recipients.", arms, ["arm 1", "arm 2"])


# --- pool_of and value_words ---------------------------------------------------------------------------------------

def test_pool_of_reads_the_value_own_words_and_the_recipients():
    text = "Injection-site swelling occurred in 7 KTX-31 recipients and in no vehicle patient."
    st = _st(text, "7 KTX-31 recipients", "low-dose arm", events=7)
    labels = [a["label"] for a in DOSES]
    assert pool_of(text, st, [(st["evidence"]["start"], st["evidence"]["end"])], labels, TREATED, DOSES) == "treated"
    # In a factorial trial the factor sides are read together elsewhere.
    assert pool_of(text, st, [(st["evidence"]["start"], st["evidence"]["end"])], labels, TREATED, DOSES,
                   factorial=True) is None


def test_the_words_of_a_second_count_start_after_and_in():
    text = "Injection-site pain occurred in 8 patients receiving KTX-31 and in 3 receiving vehicle."
    first, second = _st(text, "8 patients", events=8), _st(text, "3 receiving", events=3)
    second["evidence"]["end"] = second["evidence"]["start"] + 1
    spans = [(s["evidence"]["start"], s["evidence"]["end"]) for s in (first, second)]
    assert value_words(text, second, spans) == ("", " receiving vehicle.")
    labels = [a["label"] for a in DOSES]
    assert pool_of(text, first, spans, labels, TREATED, DOSES) == "treated"
    assert pool_of(text, second, spans, labels, TREATED, DOSES) is None


# --- pooled_side_stage ---------------------------------------------------------------------------------------------

def test_a_dose_arm_count_of_the_product_recipients_goes_to_the_pool():
    text = "Injection-site pain occurred in 8 patients receiving KTX-31 and in 3 receiving vehicle."
    arms = [dict(a) for a in DOSES]
    first = _st(text, "8 patients", "low-dose arm", events=8)
    second = _st(text, "3 receiving", "vehicle arm", events=3)
    second["evidence"]["end"] = second["evidence"]["start"] + 1
    assert pooled_side_stage(text, arms, [first, second]) == ["pooled_side_values"]
    assert first["arm"] == "low-dose arm + high-dose arm (pooled)" and "arm_by_pooled_words" in first["flags"]
    assert second["arm"] == "vehicle arm"
    assert arms[-1]["members"] == TREATED


def test_a_cohort_zero_of_the_recipients_goes_to_the_pool_once():
    text = "No allergic reaction was observed in cell recipients."
    arms = [dict(a) for a in DOSES]
    st = _st(text, "No allergic reaction", target="cohort")
    assert pooled_side_stage(text, arms, [st]) == ["pooled_side_values"]
    assert (st["target"], st["arm"]) == ("arm", "low-dose arm + high-dose arm (pooled)")


def test_a_cohort_value_stays_without_the_treated_pool():
    # Untreated pool words, or a pool of some doses only: the cohort's value is not made unplaced.
    arms = [dict(a) for a in DOSES] + [_arm("saline arm", "control")]
    for text, frag in (("No deaths occurred in the two control arms.", "No deaths"),
                       ("No deaths occurred in the pooled higher-dose recipients.", "No deaths")):
        st = _st(text, frag, target="cohort")
        pooled_side_stage(text, arms, [st])
        assert st["target"] == "cohort" and st["arm"] is None


def test_the_recipient_words_pool_nothing_in_a_factorial_trial():
    text = "Bone pain occurred in 4 patients given BM-MNC."
    arms = [_arm("BM-MNC + HBOT", "intervention"), _arm("BM-MNC alone", "intervention"),
            _arm("HBOT alone", "control"), _arm("standard care", "control")]
    st = _st(text, "4 patients", events=4)
    assert pooled_side_stage(text, arms, [st], factorial=True) == []
    assert st["target"] == "unattributed"


# --- lead 6: rest pain written "rest-pain", and a bare scale after rest pain ---------------------------------------

from stemfoot.extract import vocabulary  # noqa: E402
from stemfoot.extract.outcome_refs import BARE_SCALE_FLAG, bare_scale_outcomes  # noqa: E402


@pytest.mark.parametrize("phrase, outcome", [
    ("rest-pain VAS (mm)", "rest_pain"),
    ("Median rest-pain score fell", "rest_pain"),
    ("Rest-pain relief at 6 months", "rest_pain"),
    ("resting pain", "rest_pain"),
    ("pain at rest", "rest_pain"),
    # A generic pain score stays one.
    ("Pain VAS fell", "pain_score"),
    ("wound pain on a visual analogue scale", "pain_score"),
])
def test_rest_pain_is_read_with_or_without_its_hyphen(phrase, outcome):
    assert vocabulary.outcomes().lookup(phrase).id == outcome


def _scale_values(text, frags, outcome="pain_score"):
    s0 = text.rindex(". ") + 2 if ". " in text else 0
    out = []
    for frag in frags:
        s = text.index(frag, s0)
        out.append({"kind": "median", "outcome": outcome, "flags": [],
                    "evidence": {"start": s, "end": s + len(frag), "sentence_start": s0, "sentence_end": len(text)}})
    return out


@pytest.mark.parametrize("text", [
    "Rest pain resolved completely in 11 patients and partially in 4. The visual analogue scale score fell from 7 to 3.",
    "Mean rest pain on the visual analogue scale (VAS) fell in both arms. The between-group difference in VAS was 9.",
    "Pain at rest improved in most patients. The NRS fell from 7 to 3.",
])
def test_a_bare_scale_after_rest_pain_is_rest_pain(text):
    values = _scale_values(text, ["7" if "from 7" in text else "9"])
    bare_scale_outcomes(text, values)
    assert values[0]["outcome"] == "rest_pain" and BARE_SCALE_FLAG in values[0]["flags"]


@pytest.mark.parametrize("text", [
    # The scale's sentence names its pain: its own measure.
    "Rest pain resolved in 11 patients. Wound pain on the visual analogue scale fell from 7 to 3.",
    "Rest pain resolved in 11 patients. Pain VAS fell from 7 to 3.",
    # The pain named last is no rest pain.
    "Rest pain resolved in 11 patients, and bone pain during G-CSF occurred in 4. The VAS score fell from 7 to 3.",
    # No pain named before.
    "Ulcers healed in 11 patients. The VAS score fell from 7 to 3.",
])
def test_no_rest_pain_without_a_bare_scale_after_rest_pain(text):
    values = _scale_values(text, ["7"])
    bare_scale_outcomes(text, values)
    assert values[0]["outcome"] == "pain_score" and values[0]["flags"] == []


# --- lead 8: the one treated arm named by its product --------------------------------------------------------------

from stemfoot.extract.pooled_sides import recipient_arm_stage  # noqa: E402

TWO = [_arm("BM-MNC group", "intervention", "intramuscular autologous BM-MNCs plus standard care"),
       _arm("control group", "control", "standard care alone")]
HEALED = "The ulcer healed completely in 19/30 (63.3%) patients given BM-MNCs and in 9/29 (31.0%) controls."


def test_a_value_of_the_treated_arms_recipients_is_that_arm():
    first, second = _st(HEALED, "19/30 (63.3%)", events=19), _st(HEALED, "9/29 (31.0%)", "control group", events=9)
    assert recipient_arm_stage(HEALED, [dict(a) for a in TWO], [first, second]) == ["recipient_arm_values"]
    assert (first["target"], first["arm"]) == ("arm", "BM-MNC group") and "arm_by_recipients" in first["flags"]
    assert second["arm"] == "control group"


def test_a_source_prefixed_label_holds_the_product():
    text = "New collaterals were seen in 14 of 35 MSC recipients (40.0%) and in 3 of 33 placebo recipients (9.1%)."
    arms = [_arm("UC-MSC group", "intervention"), _arm("placebo group", "control")]
    st = _st(text, "14 of 35 MSC recipients (40.0%)", events=14)
    recipient_arm_stage(text, arms, [st, _st(text, "3 of 33 placebo recipients (9.1%)", "placebo group", events=3)])
    assert st["arm"] == "UC-MSC group"


@pytest.mark.parametrize("text, frag", [
    # The other arm is named in the value's words.
    ("Healing occurred in 19/30 control patients given BM-MNCs later.", "19/30"),
    # A co-treatment, not the arm's product.
    ("Healing occurred in 19/30 patients receiving PRP.", "19/30"),
    # No recipient words.
    ("Healing occurred in 19/30 patients.", "19/30"),
])
def test_no_recipient_arm_without_the_products_recipients(text, frag):
    st = _st(text, frag, events=19)
    assert recipient_arm_stage(text, [dict(a) for a in TWO], [st]) == []
    assert st["target"] == "unattributed"


def test_no_recipient_arm_beside_two_treated_arms_or_in_a_factorial_trial():
    st = _st(HEALED, "19/30 (63.3%)", events=19)
    three = TWO + [_arm("PB-MNC group", "intervention", "PB-MNCs")]
    assert recipient_arm_stage(HEALED, [dict(a) for a in three], [st]) == []
    assert recipient_arm_stage(HEALED, [dict(a) for a in TWO], [st], factorial=True) == []
    # A value already on an arm keeps it.
    placed = _st(HEALED, "19/30 (63.3%)", "control group", events=19)
    recipient_arm_stage(HEALED, [dict(a) for a in TWO], [placed])
    assert placed["arm"] == "control group"


# --- a summary word leading a pooled side's bracketed pair ------------------------------------------------------

from stemfoot.extract.pooled_sides import comparison_side  # noqa: E402


@pytest.mark.parametrize("lead", ["median ", "mean ", "Median, ", ""])
def test_a_summary_word_in_the_bracket_keeps_the_comparison_sides(lead):
    text = f"The two cell arms combined healed faster than the vehicle arm ({lead}9 vs 13 weeks; P = .02)."
    first, second = _st(text, "9 vs", kind="median"), _st(text, "13 weeks", kind="median")
    first["evidence"]["end"] = first["evidence"]["start"] + 1
    second["evidence"]["end"] = second["evidence"]["start"] + 2
    spans = [(s["evidence"]["start"], s["evidence"]["end"]) for s in (first, second)]
    assert comparison_side(text, first, spans).strip() == "The two cell arms combined healed faster"
    assert comparison_side(text, second, spans).strip() == "the vehicle arm"


def test_other_words_in_the_bracket_are_no_pair_of_the_sides():
    text = "The two cell arms combined healed faster than the vehicle arm (at week 12, 9 vs 13 patients)."
    first = _st(text, "9 vs")
    first["evidence"]["end"] = first["evidence"]["start"] + 1
    assert comparison_side(text, first, [(first["evidence"]["start"], first["evidence"]["end"])]) is None


# --- "<procedure> caused no <event>" and its pool ---------------------------------------------------------------

from stemfoot.extract.event_counts import zero_events  # noqa: E402
from stemfoot.extract.stages import procedure_pool  # noqa: E402


@pytest.mark.parametrize("text, zero", [
    ("Marrow aspiration caused no haematoma requiring treatment.", "no haematoma"),
    ("Liposuction caused no donor-site complications, and erythema was seen in 2 patients in each cell arm.",
     "no donor-site complications"),
    ("The harvest resulted in no infection.", "no infection"),
])
def test_a_procedure_that_caused_no_event_is_a_zero_of_that_event(text, zero):
    assert [text[z.start:z.end] for z in zero_events(text) if z.events == 0] == [zero]


def test_a_zero_does_not_run_on_past_a_comma_and():
    text = "There were no wound complications, and erythema was seen in 2 patients."
    assert all(", and" not in text[z.start:z.end] for z in zero_events(text))


def _arms(*spec):
    return [{"label": label, "role": role, "n_patients": n} for label, role, n in spec]


def _event(text, printed, events):
    a = text.index(printed)
    return {"kind": "events", "events": events, "timepoint": None, "flags": [],
            "evidence": {"start": a, "end": a + len(printed), "text": printed, "sentence_start": 0,
                         "sentence_end": len(text)}}


SVF3 = _arms(("Arm I", "intervention", 20), ("Arm II", "intervention", 20), ("Arm III", "control", 20))


def test_every_arm_words_of_the_next_clause_leave_the_procedure_zero_its_pool():
    text = "Liposuction caused no donor-site complications, and erythema was seen in 2 patients in each SVF arm."
    assert procedure_pool(text, _event(text, "no donor-site complications", 0), SVF3, [], False) == ["Arm I", "Arm II"]
    # In the event's own words they still make it every arm's.
    text = "No donor-site complication occurred in either SVF arm."
    assert procedure_pool(text, _event(text, "No donor-site complication", 0), SVF3, [], False) is None


def test_no_procedure_pool_where_some_arms_cells_are_allogeneic():
    text = ("Patients received autologous BM-MNCs (Group A), allogeneic UC-MSCs (Group B) or standard care (Group C). "
            "Marrow aspiration caused no complications.")
    assert procedure_pool(text, _event(text, "no complications", 0), SVF3, [], False) is None
    # A tie to the cells is every treated arm's whatever their source.
    text = text.replace("Marrow aspiration caused no complications.", "Cell-related fever occurred in 3 patients.")
    assert procedure_pool(text, _event(text, "3 patients", 3), SVF3, [], False) == ["Arm I", "Arm II"]
