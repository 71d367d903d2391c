"""Round 31's second read of the merged diff: its inputs, invented wording, as tests (no spaCy)."""
from stemfoot.extract import vocabulary
from stemfoot.extract.arm_lists import bracket_arm_labels
from stemfoot.extract.arm_roles import comparator_role, comparator_roles
from stemfoot.extract.outcome_refs import corresponding_outcomes
from stemfoot.extract.outcome_scope import describes_follow_up


def _ids(text: str) -> list[str]:
    return [h.term.id for h in vocabulary.outcomes().find(text)]


def test_closed_needs_an_ulcer_or_wound_subject():
    assert _ids("The trial was closed early because of slow recruitment.") == []
    assert _ids("Enrollment was closed after 40 patients had been randomised.") == []
    assert _ids("All wounds healed. The trial was closed early.") == ["ulcer_healing"]  # not the trial's closing
    assert _ids("Nine wounds (40.9%) had closed by week 16") == ["ulcer_healing"]


def test_background_care_is_not_the_comparator():
    assert comparator_role("Group B", "G-CSF plus standard care") is None
    assert comparator_role("Group B", "topical insulin with conventional dressings") is None
    assert comparator_role("Group B", "pain control with analgesics") is None
    assert comparator_role("Group C", "standard care only") == "control"


def test_a_drug_arm_with_standard_care_keeps_its_role():
    text = ("Group A received autologous bone marrow mononuclear cells plus standard care, group B received G-CSF plus "
            "standard care, and group C received standard care only.")
    arms = [{"label": "Group A", "role": "intervention", "cell_type": "BM-MNC"},
            {"label": "Group B", "role": "intervention"}, {"label": "Group C", "role": "control"}]
    comparator_roles(text, arms)
    assert [a["role"] for a in arms] == ["intervention", "intervention", "control"]


def test_an_active_comparator_is_not_demoted_by_its_dressing_words():
    text = "Arm 1 received adipose-derived stem cells; arm 2 received PRP alone under a foam dressing."
    arms = [{"label": "Arm 1", "role": "intervention", "cell_type": "ADSC"},
            {"label": "Arm 2", "role": "active_comparator", "description": "foam dressing"}]
    comparator_roles(text, arms)
    assert arms[1]["role"] == "active_comparator"


def test_bracket_labels_are_case_free_and_never_strata():
    t = "Patients were randomly assigned to cells (Group A) or to dressing alone (Group B)."
    assert bracket_arm_labels(t, 0, len(t)) == ["Group A", "Group B"]
    t = ("Forty patients were randomised (20 in each group); randomisation was stratified by age (younger age group) "
         "and by ulcer size (large-ulcer group).")
    assert bracket_arm_labels(t, 0, len(t)) == []


def _st(text: str, span: str, kind: str, outcome: str | None = None) -> dict:
    start = text.index(span)
    return {"kind": kind, "outcome": outcome, "flags": [],
            "evidence": {"start": start, "end": start + len(span), "sentence_start": text.rfind(". ", 0, start) + 2}}


def test_a_count_over_a_follow_up_period_is_that_period_result():
    text = "Over a mean follow-up of 12 months, 2 of 20 versus 8 of 20 patients."
    assert not describes_follow_up(text, _st(text, "2 of 20", "events"), (0, len(text)))
    text = "Median follow-up was 21 months (IQR 14-30)."
    assert describes_follow_up(text, _st(text, "21 months", "median"), (0, len(text)))


def test_corresponding_counts_restate_counts_where_the_sentence_gives_both():
    text = ("With cells, ulcers healed in 16/40 (40%) and amputation followed in 2/40 (5%). "
            "In diabetics the corresponding figures were 10/25 and 1/25.")
    vals = [_st(text, "16/40", "events", "ulcer_healing"), _st(text, "(40%)", "percent", "ulcer_healing"),
            _st(text, "2/40", "events", "amputation"), _st(text, "(5%)", "percent", "amputation"),
            _st(text, "10/25", "events"), _st(text, "1/25", "events")]
    corresponding_outcomes(text, vals, [])
    assert [v["outcome"] for v in vals[-2:]] == ["ulcer_healing", "amputation"]
