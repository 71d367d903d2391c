"""Round 43 (early, branch lead43b): design words are no group, pools named by a treatment component, whole-sample
counts and zeros.

- "this prospective single-arm (study)", "this phase I/II single-arm", "a pilot single-group": the design's words
  with its qualifiers before them name no arm (an arm of that name took every value of the series and the export
  gate held them all).

Invented phrases; pure functions (compiled patterns), no pipeline.
"""
from __future__ import annotations

import pytest

from stemfoot.extract.arms import _RX as ARMS_RX


@pytest.mark.parametrize("label", ["this prospective single-arm", "prospective single-arm", "this phase I/II single-arm",
                                   "a pilot single-group", "our open-label, single-arm", "a two-centre single-cohort",
                                   "this retrospective, uncontrolled single-arm"])
def test_design_words_with_their_qualifiers_are_no_arm(label: str) -> None:
    assert ARMS_RX.DESIGN_LABEL.match(label)


@pytest.mark.parametrize("label", ["the control group", "the prospective cohort", "the BM-MNC group", "the pilot group",
                                   "the two groups"])
def test_a_group_of_the_study_is_still_a_label(label: str) -> None:
    assert not ARMS_RX.DESIGN_LABEL.match(label)


# --- Zeros said of one factor's recipients in a factorial trial go to that factor's pool ---------------------------

from stemfoot.extract.factor_sides import factor_side_stage, zero_factor_words  # noqa: E402

_FACTORIAL = ("Patients were randomised to UCX-9 with HBOT (UCX+HBOT, n = 30), UCX-9 alone (UCX, n = 30), HBOT alone "
              "(HBOT, n = 30) or standard care (SC, n = 30). ")


def _arms() -> list[dict]:
    roles = {"UCX+HBOT": "intervention", "UCX": "intervention", "HBOT": "control", "SC": "control"}
    return [{"label": k, "role": r, "n_patients": 30, "cell_type": None, "description": None} for k, r in roles.items()]


def _zero(text: str, words: str, target: str = "cohort", arm: str | None = None, flags: tuple = ()) -> dict:
    start = text.index(words)
    return {"kind": "events", "events": 0, "total": None, "target": target, "arm": arm, "arm_role": None,
            "flags": ["event_count_zero", *flags], "evidence": {"start": start, "end": start + len(words),
                                                                  "sentence_start": 0, "sentence_end": len(text)}}


@pytest.mark.parametrize("sentence, zero, factor", [
    ("Barotrauma affected 5 patients, and no patient given UCX-9 had an allergic reaction.",
     "no patient given UCX-9 had an allergic reaction", "UCX-9"),
    ("No serious events related to cell harvest occurred in patients receiving PBMNC.", "No serious events", "PBMNC"),
    ("There were no injection reactions or graft-versus-host-like events among MSC recipients.",
     "There were no injection reactions", "MSC"),
])
def test_the_recipients_a_zero_is_said_of(sentence: str, zero: str, factor: str) -> None:
    start = sentence.index(zero)
    assert zero_factor_words(sentence, start, start + len(zero)) == factor


@pytest.mark.parametrize("sentence, zero", [
    ("No patient given HBOT alone had an allergic reaction.", "No patient given HBOT alone had an allergic reaction"),
    ("No serious events occurred in patients receiving PBMNC and HBOT.", "No serious events"),
    ("No serious events occurred in either group.", "No serious events"),
])
def test_no_factor_where_the_words_name_one_cell_or_every_arm(sentence: str, zero: str) -> None:
    start = sentence.index(zero)
    assert zero_factor_words(sentence, start, start + len(zero)) is None


def test_a_zero_of_one_factor_s_recipients_is_that_factor_s_pool() -> None:
    text = _FACTORIAL + "Middle-ear barotrauma affected 5 patients, and no patient given UCX-9 had an allergic reaction."
    arms = _arms()
    st = _zero(text, "no patient given UCX-9 had an allergic reaction")
    factor_side_stage(text, arms, [st], True)
    pool = next(a for a in arms if a.get("members"))
    assert st["target"] == "arm" and st["arm"] == pool["label"] and set(pool["members"]) == {"UCX+HBOT", "UCX"}
    assert "arm_by_factor_zero" in st["flags"]


def test_a_zero_copied_onto_each_arm_stays_where_it_is() -> None:
    text = _FACTORIAL + "No serious events occurred in patients receiving UCX-9."
    arms = _arms()
    copies = [_zero(text, "No serious events", "arm", a, ("arm_by_event_words",)) for a in ("UCX+HBOT", "UCX")]
    factor_side_stage(text, arms, copies, True)
    assert [c["arm"] for c in copies] == ["UCX+HBOT", "UCX"]


def test_not_outside_a_factorial_trial() -> None:
    text = _FACTORIAL + "No patient given UCX-9 had an allergic reaction."
    st = _zero(text, "No patient given UCX-9 had an allergic reaction")
    factor_side_stage(text, _arms(), [st], False)
    assert st["target"] == "cohort"


# --- "X affected N patients": the event as the subject of "affected" is a count of N ------------------------------

from stemfoot.extract.number_grammar import bare_event_counts  # noqa: E402


@pytest.mark.parametrize("sentence, count", [
    ("Transient bone pain during G-CSF administration affected 14 patients, and one patient had a rash.", 14),
    ("Donor-site ecchymosis affected 8 patients; there were no infections at the harvest site.", 8),
    ("Bone pain during mobilisation affected 7 of 26 patients.", 7),
])
def test_an_event_that_affected_n_patients_is_a_count(sentence: str, count: int) -> None:
    assert count in [e for _, _, e, _ in bare_event_counts(sentence)]


def test_affected_without_people_is_no_count() -> None:
    assert bare_event_counts("Diabetes affected 14% of the population and 3 regions.") == []


# --- Recipients of the cells by their name pool the treated arms ------------------------------------------------------

from stemfoot.extract.pooled_sides import recipient_pool  # noqa: E402

_DOSE_ARMS = [{"label": "low-dose group", "role": "intervention", "description": "2 × 10^7 cells", "cell_type": "MSC"},
              {"label": "high-dose group", "role": "intervention", "description": "6 × 10^7 cells", "cell_type": "MSC"},
              {"label": "placebo group", "role": "control", "description": "placebo", "cell_type": None}]


@pytest.mark.parametrize("words", ["occurred among the 30 patients given mesenchymal stem cells.",
                                   "in 4 patients treated with bone marrow mononuclear cells",
                                   "in patients receiving endothelial progenitor cells."])
def test_the_cells_named_in_full_pool_the_treated_arms(words: str) -> None:
    assert recipient_pool(words, _DOSE_ARMS, ["low-dose group", "high-dose group"])


def test_not_where_an_untreated_arm_got_cells_too() -> None:
    arms = [*_DOSE_ARMS[:2], {"label": "BM-MNC group", "role": "active_comparator", "description": "bone marrow cells",
                              "cell_type": "BM-MNC"}]
    assert not recipient_pool("in patients given mesenchymal stem cells.", arms, ["low-dose group", "high-dose group"])


def test_not_where_the_treated_arms_got_different_cells() -> None:
    arms = [{"label": "MSC group", "role": "intervention", "description": "mesenchymal stem cells", "cell_type": "MSC"},
            {"label": "BM-MNC group", "role": "intervention", "description": "marrow cells", "cell_type": "BM-MNC"},
            {"label": "control group", "role": "control", "description": "standard care", "cell_type": None}]
    assert not recipient_pool("in 3 patients given mesenchymal stem cells.", arms, ["MSC group", "BM-MNC group"])


# --- A single-arm series' change written "increased by a mean of x" is the whole sample's --------------------------

from stemfoot.extract.single_arm import changed_by, whole_sample_reason  # noqa: E402


def _value(text: str, words: str, kind: str) -> dict:
    start = text.index(words)
    return {"kind": kind, "flags": [], "measure": None, "evidence": {"start": start, "end": start + len(words),
                                                                     "sentence_start": 0}}


@pytest.mark.parametrize("text, words, kind", [
    ("TcPO2 increased by a mean of 12.4 mmHg (95% CI 8.6 to 16.2).", "12.4 mmHg (95% CI 8.6 to 16.2)", "mean"),
    ("Overall, ulcer area decreased by 74.6% (SD 22.1) at week 12.", "74.6% (SD 22.1)", "mean_sd"),
    ("The ABI rose by an average of 0.11 ± 0.05.", "0.11 ± 0.05", "mean_sd"),
])
def test_a_mean_after_a_verb_of_change_is_the_whole_sample_s_change(text: str, words: str, kind: str) -> None:
    st = _value(text, words, kind)
    assert changed_by(text, st) and whole_sample_reason(text, st, [st]) == "change_whole_sample"


@pytest.mark.parametrize("text, words, kind", [
    ("The mean TcPO2 was 42.1 mmHg (95% CI 38.0 to 46.2) at 12 months.", "42.1 mmHg (95% CI 38.0 to 46.2)", "mean"),
    ("Ulcer area decreased by week 12 in 9 patients.", "9 patients", "events"),
])
def test_a_level_or_a_count_is_no_change(text: str, words: str, kind: str) -> None:
    assert not changed_by(text, _value(text, words, kind))


# --- mend43b (second read, on text nobody tuned on): narrowings of the round's rules -----------------------------------

@pytest.mark.parametrize("sentence", [
    "In the affected limb, 12 and 9 patients in the cell and control groups, respectively.",
    "Ulcers of the affected foot were present in 12 and 9 patients.",
    "The affected 12 patients were analysed.",
])
def test_affected_as_an_adjective_makes_no_event_count(sentence: str) -> None:
    # "the affected limb" says whose limb, not that an event happened: no count list or count is read as events.
    assert bare_event_counts(sentence) == []


def test_affected_as_the_verb_before_a_count_list_is_still_an_event_cue() -> None:
    assert [e for _, _, e, _ in bare_event_counts("Barotrauma affected 5 and 2 patients, respectively.")] == [5, 2]


@pytest.mark.parametrize("sentence, zero", [
    ("No amputation occurred in the UCX arms, whereas 2 occurred in patients receiving HBOT.", "No amputation"),
    ("No patient died, compared with 3 deaths among HBOT recipients.", "No patient died"),
    ("No serious events occurred, but 4 infections were seen in patients receiving PBMNC.", "No serious events"),
])
def test_recipients_of_another_statement_are_not_the_zero_s(sentence: str, zero: str) -> None:
    # A contrast or another count between the zero and the recipients: they are the other statement's people.
    start = sentence.index(zero)
    assert zero_factor_words(sentence, start, start + len(zero)) is None


def test_a_time_may_stand_between_a_zero_and_its_recipients() -> None:
    sentence = "No serious events occurred within 30 days in patients receiving PBMNC."
    assert zero_factor_words(sentence, 0, len("No serious events")) == "PBMNC"


@pytest.mark.parametrize("words", ["in patients given high-dose mesenchymal stem cells.",
                                   "in 3 patients treated with low-dose stem cells.",
                                   "in patients given intramuscular mononuclear cells."])
def test_cells_named_with_a_dose_or_route_are_one_arm_s_not_the_pool(words: str) -> None:
    assert not recipient_pool(words, _DOSE_ARMS, ["low-dose group", "high-dose group"])


def test_cells_named_with_a_word_of_one_treated_arm_s_label_are_not_the_pool() -> None:
    arms = [{"label": "autologous group", "role": "intervention", "description": None, "cell_type": "MSC"},
            {"label": "allogeneic group", "role": "intervention", "description": None, "cell_type": "MSC"},
            {"label": "control group", "role": "control", "description": "standard care", "cell_type": None}]
    treated = ["autologous group", "allogeneic group"]
    assert not recipient_pool("in patients given allogeneic stem cells.", arms, treated)
    assert recipient_pool("in patients given mesenchymal stem cells.", arms, treated)
