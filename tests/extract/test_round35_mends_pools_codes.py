"""Round 35 mends (helper mendB35): an acronym pool ("the two TO groups") only of the arms the acronym names, "no
<word> patient(s)" an arm's zero only where it ends its clause or has an event.
Plain text and dicts, no spaCy pipeline; invented inputs."""
import pytest

from stemfoot.extract.pooled_sides import pool_of, pooled_side_stage
from stemfoot.extract.zero_clauses import arm_zeros


def _arm(label, role, members=None):
    return {"label": label, "role": role, "members": members, "n_patients": None}


def _st(text, frag, arm=None, kind="events", events=0):
    s = text.index(frag)
    return {"kind": kind, "events": events, "target": "arm" if arm else "unattributed", "arm": arm, "arm_role": None,
            "flags": [], "evidence": {"start": s, "end": s + len(frag), "sentence_start": 0, "sentence_end": len(text)}}


# --- bug 5: "the two <ACRONYM> groups" pools only the arms the acronym names --------------------------------------

FACTORIAL = [_arm("ADSC + HBO group", "intervention"), _arm("ADSC + WC group", "intervention"),
             _arm("HBO alone group", "active_comparator"), _arm("WC alone group", "control")]


def test_acronym_of_other_arms_is_no_pool_of_the_cell_arms():
    text = "Ear barotrauma was reported by 4 patients in the two HBO groups."
    arms = [dict(a) for a in FACTORIAL]
    stats = [_st(text, "4 patients", "ADSC + HBO group", events=4)]
    pooled_side_stage(text, arms, stats)
    assert len(arms) == 4 and not any(a.get("members") for a in arms)
    assert "arm_by_pooled_words" not in stats[0]["flags"]
    assert pool_of(text, stats[0], [], [a["label"] for a in FACTORIAL],
                   ["ADSC + HBO group", "ADSC + WC group"]) is None


def test_acronym_of_exactly_the_cell_arms_is_their_pool():
    text = "Donor-site pain was reported by 6 patients in the two ADSC groups."
    arms = [dict(a) for a in FACTORIAL]
    stats = [_st(text, "6 patients", "ADSC + HBO group", events=6)]
    pooled_side_stage(text, arms, stats)
    assert stats[0]["arm"] == "ADSC + HBO group + ADSC + WC group (pooled)"
    assert arms[-1]["members"] == ["ADSC + HBO group", "ADSC + WC group"]


def test_acronym_no_label_holds_still_names_the_treated_pool():
    text = "Donor-site pain was reported by 6 patients in the two SVF groups."
    labels = ["low-dose arm", "high-dose arm", "saline arm"]
    assert pool_of(text, _st(text, "6 patients"), [], labels, labels[:2]) == "treated"


# --- bug 6: "no <word> patient(s)" is an arm's zero only where it ends its clause ----------------------------------

@pytest.mark.parametrize("text", [
    "Rash occurred in 3 MSC patients and no vehicle patients needed topical steroids.",
    "Rash occurred in 3 MSC patients and no vehicle patient withdrew from the study.",
    "Rash occurred in 3 MSC patients and no new patients were recruited after May.",
    "Rash occurred in 3 MSC patients and no febrile patients required a transfusion.",
])
def test_no_word_patients_beginning_a_clause_is_no_arm_zero(text):
    assert not [z for z in arm_zeros(text) if text[z.start:z.end].startswith("no ")]


@pytest.mark.parametrize("text", [
    "Rash occurred in 3 MSC patients and no vehicle patients.",
    "Rash occurred in 3 MSC patients and in no vehicle recipient, respectively.",
    "Rash occurred in 3 MSC patients, and no vehicle patient had wound infection.",
])
def test_no_word_patients_ending_its_clause_is_the_arms_zero(text):
    zs = [z for z in arm_zeros(text) if text[z.start:z.end].startswith("no ")]
    assert len(zs) == 1 and zs[0].events == 0 and zs[0].arm_inside
