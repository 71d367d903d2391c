"""Round 32 mends to the arm inventory (extract/arm_sizes.py, extract/arm_lists.py): a Background sentence that
names the study's own arms, cells an arm received after a phrase that denies it something else, dose levels in a
later sentence or with a non-ASCII dash. Pure functions on invented sentences; no spaCy pipeline is loaded."""
from stemfoot.extract.arm_lists import dose_bracket_labels
from stemfoot.extract.arm_sizes import (
    add_dose_label_arms, background_arms, drop_background_arms, received_cells, said_role)
from stemfoot.extract.candidates import split_sentences


def arm(text: str, label: str, role: str, n: int | None = None, **extra) -> dict:
    start = text.index(label) if label in text else 0
    return {"label": label, "role": role, "n_patients": n, "n_limbs": None, "description": None, "routes": [],
            "cell_type": None, "n_evidence": None, "evidence": {"start": start, "end": start + len(label), "text": label},
            **extra}


def _sections(text: str) -> list[tuple[int, int, str]]:
    m, r = text.index("Methods:"), text.index("Results:")
    return [(0, m - 1, "background"), (m, r - 1, "methods"), (r, len(text), "results")]


def test_a_background_sentence_naming_this_studys_arms_drops_none() -> None:
    text = ("Background: Grafted stromal cells may speed closure of neuropathic ulcers; here we contrasted an "
            "SVF-gel arm with a dressing-only arm. Methods: Thirty-two patients were randomised 1:1. Results: "
            "Closure by week 16 occurred in 11 of 16 gel-treated patients versus 5 of 16 controls.")
    sections = _sections(text)
    arms = [arm(text, "SVF-gel arm", "intervention"), arm(text, "dressing-only arm", "control")]
    stats = [{"arm": "SVF-gel arm", "arm_role": "intervention"}, {"arm": "dressing-only arm", "arm_role": "control"}]
    assert background_arms(text, sections, arms) == []
    assert drop_background_arms(text, sections, arms, stats, "rct") == []
    assert [a["label"] for a in arms] == ["SVF-gel arm", "dressing-only arm"]
    assert [s["arm"] for s in stats] == ["SVF-gel arm", "dressing-only arm"]


def test_a_background_drop_never_leaves_a_controlled_design_one_arm() -> None:
    # No this-study cue, but dropping both leaves a randomised trial armless: keep them.
    text = ("Background: An SVF-gel arm fared better than a dressing-only arm in earlier pilots. Methods: "
            "Thirty-two patients were randomised 1:1. Results: Closure occurred in 11 of 16 versus 5 of 16.")
    sections = _sections(text)
    arms = [arm(text, "SVF-gel arm", "intervention"), arm(text, "dressing-only arm", "control")]
    assert background_arms(text, sections, arms) == ["SVF-gel arm", "dressing-only arm"]
    assert drop_background_arms(text, sections, arms, [], "rct") == []
    assert len(arms) == 2
    # A within-patient design's limb arms come later: the Background's arm still goes.
    legs = ("Background: Matched controls are hard to recruit. Methods: In 14 patients, one leg was randomly "
            "assigned to SVF-gel and the other leg to dressing alone. Results: 9 gel-treated legs healed.")
    kept = [arm(legs, "controls", "control")]
    assert drop_background_arms(legs, _sections(legs), kept, [], "rct") == ["arm_dropped_background"]
    # Without a controlled design (or with arms enough left) the cited trial's arms still go.
    assert drop_background_arms(text, sections, arms, [], "single_arm") == ["arm_dropped_background"]
    assert arms == []


def test_cells_given_after_a_denied_treatment_make_the_arm_active() -> None:
    received = "18 patients ineligible for angioplasty given intra-arterial PB-MNC plus wound care (arm X)"
    assert "PB-MNC" in received_cells(received)
    assert said_role("arm X", received, received) == "intervention"
    other = "patients not suitable for bypass and injected with autologous marrow cells"
    assert "marrow" in received_cells(other)
    assert said_role("treated arm", "", other) == "intervention"
    # A phrase that does deny the cells still blanks them.
    denied = "patients unwilling to undergo marrow aspiration"
    assert said_role("comparison arm", denied, denied) is None


DOSE_TWO = ("In an earlier pilot, volunteers were assigned to 1 mg (low dose) or 3 mg (high dose) of the "
            "carrier alone. Forty-five patients were randomised to RX-9 at 1 × 10^6 (low\u2011dose), "
            "3 × 10^6 (middle\u2013dose) or 9 × 10^6 cells (high dose), 15 per group. Healing was 4, 7 and 10.")


def test_dose_levels_with_any_dash_in_a_later_sentence_become_arms() -> None:
    s = split_sentences(DOSE_TWO)
    assert [x[0] for x in dose_bracket_labels(DOSE_TWO, *s[1])] == ["low\u2011dose", "middle\u2013dose", "high dose"]
    assert len(dose_bracket_labels(DOSE_TWO, *s[0])) == 2  # two levels, but the trial has three arms of 15
    arms = [arm(DOSE_TWO, "RX-9", "intervention")]
    assert add_dose_label_arms(DOSE_TWO, s, arms, "rct", 45) == ["arms_from_dose_brackets"]
    got = {a["label"]: (a["role"], a["n_patients"], a.get("members")) for a in arms}
    assert got == {"RX-9": ("intervention", None, ["low\u2011dose", "middle\u2013dose", "high dose"]),
                   "low\u2011dose": ("intervention", 15, None), "middle\u2013dose": ("intervention", 15, None),
                   "high dose": ("intervention", 15, None)}
