"""Round 32: the abstract arm inventory (extract/arm_lists.py, extract/arm_sizes.py): arms named by dose level in
brackets, bare per-group sizes as a count of arms, "(detail; n = k)" items, Background-only arms, within-patient
legs, cells a group declined. Pure functions on new sentences; no spaCy pipeline is loaded."""
from stemfoot.extract.arm_lists import arm_count_checks, dose_bracket_labels
from stemfoot.extract.arm_sizes import (
    add_dose_label_arms, add_limb_arms, add_sized_list_arms, background_arms, bracketed_sized_items,
    drop_background_arms, said_role, within_patient)
from stemfoot.extract.candidates import split_sentences


def arm(text: str, label: str, role: str, n: int | None = None, **extra) -> dict:
    start = text.index(label) if label in text else 0
    return {"label": label, "role": role, "n_patients": n, "n_limbs": None, "description": None, "routes": [],
            "cell_type": None, "n_evidence": None, "evidence": {"start": start, "end": start + len(label), "text": label},
            **extra}


DOSES = ("Seventy-two patients with ischaemic ulcers were randomised to intramuscular ZT-4 at 1 × 10^6 (low-dose), "
         "4 × 10^6 (intermediate dose) or 1.6 × 10^7 cells (high dose) or to saline, 18 per group, with the others "
         "unblinded. Healing at 12 weeks was 5, 8, 11 and 3 in the three ZT-4 groups and the saline group.")


def test_dose_levels_in_brackets_are_read_in_an_allocation_sentence() -> None:
    s0, s1 = split_sentences(DOSES)[0]
    assert [x[0] for x in dose_bracket_labels(DOSES, s0, s1)] == ["low-dose", "intermediate dose", "high dose"]
    sized = "They were assigned to 2 mg/kg (low dose; n = 12) or 6 mg/kg (high dose; n = 11)."
    assert [(x[0], x[3]) for x in dose_bracket_labels(sized, 0, len(sized))] == [("low dose", 12), ("high dose", 11)]
    # Not an allocation sentence; one level only; a level twice.
    said = "Adverse events were rarer at 2 mg/kg (low dose) than at 6 mg/kg (high dose)."
    assert dose_bracket_labels(said, 0, len(said)) == []
    one = "Patients were randomised to 2 mg/kg (low dose) or placebo."
    assert dose_bracket_labels(one, 0, len(one)) == []


def test_a_bare_per_group_size_counts_the_arms_against_the_total() -> None:
    assert 4 in arm_count_checks(DOSES, 72)
    assert 4 not in arm_count_checks(DOSES, None)
    assert 3 in arm_count_checks("Sixty patients were randomised to A, B or C, with 20 patients in each group.", 60)
    # A size in a bracket is read by PER_ARM_TOTAL; a count that does not divide the total counts nothing.
    assert 4 not in arm_count_checks("Two patients per group were lost.", 90)


def test_dose_levels_become_the_arms_and_the_product_arm_their_grouping() -> None:
    arms = [arm(DOSES, "saline group", "control", 36), arm(DOSES, "ZT-4 groups", "intervention", 36),
            arm(DOSES, "low-dose", "active_comparator", source="candidates")]
    assert add_dose_label_arms(DOSES, split_sentences(DOSES), arms, "rct", 72) == ["arms_from_dose_brackets"]
    got = {a["label"]: (a["role"], a["n_patients"], a.get("members")) for a in arms}
    assert got == {"saline group": ("control", 18, None),
                   "ZT-4 groups": ("intervention", None, ["low-dose", "intermediate dose", "high dose"]),
                   "low-dose": ("intervention", 18, None), "intermediate dose": ("intervention", 18, None),
                   "high dose": ("intervention", 18, None)}


def test_dose_levels_the_count_does_not_confirm_change_nothing() -> None:
    # 72 over 18 is four arms; with a second control the levels and controls make five.
    arms = [arm(DOSES, "saline group", "control"), arm(DOSES, "standard care", "control"),
            arm(DOSES, "ZT-4 groups", "intervention")]
    assert add_dose_label_arms(DOSES, split_sentences(DOSES), arms, "rct", 72) == []
    assert len(arms) == 3 and not any(a.get("members") for a in arms)
    # Already the inventory: nothing to do.
    done = [arm(DOSES, "saline group", "control", 18), *(arm(DOSES, x, "intervention", 18) for x in
                                                          ("low-dose", "intermediate dose", "high dose"))]
    assert add_dose_label_arms(DOSES, split_sentences(DOSES), done, "rct", 72) == []
    assert add_dose_label_arms(DOSES, split_sentences(DOSES), arms, "single_arm", 72) == []


def test_an_item_with_a_detail_before_its_size_is_a_sized_item() -> None:
    text = ("Forty patients were randomised 1:1 to KM-3 (5 × 10^5 cells/kg; n = 20) or vehicle (buffered saline; "
            "n = 20). Ulcers closed in 9 KM-3 and 4 vehicle patients.")
    s0, s1 = split_sentences(text)[0]
    assert [(x[0], x[1]) for x in bracketed_sized_items(text, s0, s1)] == [("KM-3", 20), ("vehicle", 20)]
    arms = [arm(text, "vehicle patients", "control")]
    assert add_sized_list_arms(text, split_sentences(text), arms, "rct", 40) == ["arms_from_sized_list"]
    assert [(a["label"], a["role"]) for a in arms] == [("vehicle patients", "control"), ("KM-3", "intervention")]


def test_cells_a_group_declined_make_no_cell_arm() -> None:
    received = "patients who refused or were unfit for bone marrow aspiration"
    assert said_role("comparison group", received, received) is None
    assert said_role("usual care group", received, received) == "control"
    assert said_role("standard-of-care arm", "", "autologous marrow cells") == "control"
    # Cells the arm did receive still make it active.
    assert said_role("treated group", "bone marrow cells", "bone marrow cells") == "intervention"
    assert said_role("cells plus standard care group", "", "") == "intervention"


def test_an_arm_named_only_in_the_background_is_dropped() -> None:
    text = ("Background: Matched controls are hard to find for rare limb ischaemia. Methods: Twelve patients received "
            "PB-MNC. Results: Rest pain fell in 9 PB-MNC patients.")
    sections = [(0, 70, "background"), (71, 115, "methods"), (116, len(text), "results")]
    arms = [arm(text, "controls", "control"), arm(text, "PB-MNC patients", "intervention")]
    stats = [{"arm": "controls", "arm_role": "control"}]
    assert background_arms(text, sections, arms) == ["controls"]
    assert drop_background_arms(text, sections, arms, stats) == ["arm_dropped_background"]
    assert [a["label"] for a in arms] == ["PB-MNC patients"] and stats[0]["arm"] is None
    # Named again in the Methods, or no sections: kept.
    later = text.replace("Twelve patients received", "Twelve controls and twelve patients received")
    assert background_arms(later, sections, [arm(later, "controls", "control")]) == []
    assert background_arms(text, [], [arm(text, "controls", "control")]) == []


def test_the_leg_with_the_worse_ulcer_and_the_contralateral_leg_are_two_limb_arms() -> None:
    text = ("Methods: Fourteen patients with bilateral ulcers received BMAC into the leg with the deeper ulcer "
            "(BMAC leg), while the contralateral leg received dressings only (control leg). Results: 9 of 14 BMAC "
            "legs and 4 of 14 control legs healed.")
    sentences = split_sentences(text)
    assert within_patient(text, sentences)
    arms: list[dict] = []
    assert add_limb_arms(text, sentences, arms, []) == ["arm_from_limb_name", "arm_from_limb_name"]
    assert [(a["label"], a["role"]) for a in arms] == [("BMAC legs", "intervention"), ("control legs", "control")]


def test_a_denial_stops_at_the_clause_verb() -> None:
    received = "patients unfit for bypass were randomised to 100 million marrow cells plus standard care"
    assert said_role("MC group", "standard care", received) == "intervention"


def test_a_suspended_stem_names_an_arm_written_with_a_space() -> None:
    from stemfoot.extract.arm_inventory import build_inventory, find_mentions
    text = "Healing occurred in 4, 6 and 2 patients in the low-, high-dose and placebo groups, respectively."
    arms = [{"label": "low dose", "role": "intervention"}, {"label": "high dose", "role": "intervention"},
            {"label": "placebo group", "role": "control"}]
    named = [(text[m.start:m.end], m.arm) for m in find_mentions(text, build_inventory(text, arms))]
    assert ("low-", "low dose") in named and ("high-dose", "high dose") in named
