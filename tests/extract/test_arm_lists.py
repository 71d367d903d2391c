"""Allocation lists of three or more arms (extract/arm_lists.py), the inventory stage that adds their arms
(arm_sizes.add_listed_arms), name variants as one alias, and the list-count guard (extract/list_guard.py).
No spaCy."""
from __future__ import annotations

import re

from stemfoot.extract import arm_sizes, list_guard
from stemfoot.extract.arm_inventory import find_mentions, make_arm
from stemfoot.extract.arm_lists import allocation_list, coded_series, coded_twins, group_list, matches, squash


def _labels(sentence: str, stated: int | None = None) -> list[tuple[str, tuple[str, ...]]]:
    return [(x.label, x.aliases) for x in allocation_list(sentence, 0, len(sentence), stated)]


def test_headed_items_read_whole() -> None:
    s = "75 neonates were randomly assigned to the breast feeding group, the massage group or the control group."
    assert [x for x, _ in _labels(s)] == ["breast feeding group", "massage group", "control group"]


def test_intro_count_gives_the_head() -> None:
    s = "75 neonates were randomly assigned to the three groups of breast feeding, massage, and control (25 in each)."
    assert [x for x, _ in _labels(s)] == ["breast feeding group", "massage group", "control group"]
    s = "Sixty patients were divided into three groups: BM-MNC, PB-MNC and standard care."
    assert [x for x, _ in _labels(s)] == ["BM-MNC group", "PB-MNC group", "standard care group"]


def test_an_adverb_or_a_ratio_before_the_list() -> None:
    # "assigned equally to": an adverb between the verb and its "to" still opens the list.
    s = "75 patients were assigned equally to the SVF+PRP group, the SVF group or the standard care group."
    assert [x for x, _ in _labels(s, 3)] == ["SVF+PRP group", "SVF group", "standard care group"]
    s = "Patients were allocated in a 1:1:1 ratio to the BM-MNC group, the PB-MNC group or the control group."
    assert [x for x, _ in _labels(s)] == ["BM-MNC group", "PB-MNC group", "control group"]


def test_plural_head_after_the_last_item() -> None:
    s = "Patients were randomised to the breastfeeding, massage and control groups."
    assert [x for x, _ in _labels(s)] == ["breastfeeding group", "massage group", "control group"]


def test_coded_labels_take_their_defining_names() -> None:
    s = ("The newborns were randomly allocated to the following groups (n = 25 for each): group 1, breastfeeding; "
         "group 2, massage; and group 3, control.")
    assert _labels(s) == [("group 1", ("breastfeeding",)), ("group 2", ("massage",)), ("group 3", ("control",))]


def test_sized_and_abbreviated_items() -> None:
    s = "Patients were randomized to low-dose MSC (n = 30), high-dose MSC (n = 30) or placebo (n = 30)."
    assert [x for x, _ in _labels(s)] == ["low-dose MSC", "high-dose MSC", "placebo"]
    s = ("Patients were randomly assigned to intramuscular (IM) injection of autologous bone marrow cells, "
         "intra-arterial (IA) infusion of the same product, or conservative treatment (CON).")
    assert _labels(s) == [("IM", ()), ("IA", ()), ("conservative treatment", ("CON",))]
    s = ("Patients were randomly divided into a control group (conventional dressing), a gel group (cells embedded "
         "in a gel applied topically once a week) and an injection group (cells injected once a week), with 32 each.")
    assert [x for x, _ in _labels(s)] == ["control group", "gel group", "injection group"]
    s = "Patients were randomized into the BMMSC group (n=21), the BMMNC group (n=21) and the normal saline (NS) group (n=21)."
    assert _labels(s)[2] == ("NS group", ("normal saline group",))


def test_no_list_of_arms() -> None:
    # A comma inside one arm's description, bare phrases with no mark of an arm, a two-arm list, a clause.
    assert _labels("31 pts randomised to G-CSF mobilised, immunoselected CD34+ cells im or standard therapy (SMT).") == []
    assert _labels("Patients were randomised to SVF, PRP or standard care for 12 weeks.") == []
    assert _labels("Patients were randomised to cells or placebo and followed.") == []
    assert _labels("Patients were randomised to cells, and 20 were followed up or lost.") == []
    # The text states two arms: a three-item list is no list of its arms.
    assert _labels("Patients were assigned to the A group, the B group or the C group.", stated=2) == []


def test_name_variants_are_one_name() -> None:
    assert squash("the breast-feeding group") == squash("Breastfeeding") == "breastfeeding"
    listed = allocation_list(s := "Infants were assigned to the breast feeding group, the massage group or the "
                                  "control group.", 0, len(s))
    assert matches(["breastfeeding group"], listed[0]) and not matches(["massage"], listed[0])


def test_alias_matches_the_closed_up_variant() -> None:
    text = "Pain was lowest with breastfeeding and with breast-feeding alike."
    arm = make_arm(text, "bf", "breast feeding group", "intervention", ["breast feeding"])
    spans = [text[m.start:m.end] for m in find_mentions(text, [arm])]
    assert spans == ["breastfeeding", "breast-feeding"]


def _arm(label: str, role: str = "intervention") -> dict:
    return {"label": label, "role": role, "cell_type": None, "n_patients": None, "n_limbs": None,
            "description": None, "routes": [], "n_evidence": None, "evidence": {"start": 0, "end": 1}}


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text)]


def test_listed_arms_complete_the_inventory() -> None:
    text = ("75 neonates were randomly assigned to the breast feeding group, the massage group or the control group. "
            "Pain was 4.84, 0.92 and 6.16 in the breastfeeding, massage and control groups, respectively.")
    arms = [_arm("control group", "control")]
    assert arm_sizes.add_listed_arms(text, _sentences(text), arms, "rct", []) == ["arms_from_listed_arms"]
    assert [(a["label"], a["role"]) for a in arms] == [
        ("control group", "control"), ("breast feeding group", "intervention"), ("massage group", "intervention")]
    # The two-arm reader no longer cuts a garbled arm ("group massage group") out of the list.
    assert arm_sizes.randomised_to_arms(text, _sentences(text)) == []


def test_listed_arms_need_every_known_arm_listed() -> None:
    text = "Patients were randomly assigned to the A group, the B group or the C group."
    arms = [_arm("cells"), _arm("placebo", "control")]
    assert arm_sizes.add_listed_arms(text, _sentences(text), arms, "rct", []) == []
    assert len(arms) == 2
    assert arm_sizes.add_listed_arms(text, _sentences(text), [_arm("A group")], "single_arm", []) == []


def test_coded_arm_takes_the_listed_name() -> None:
    text = ("Infants were randomly allocated to the following groups: group 1, breastfeeding; group 2, massage; "
            "and group 3, control.")
    arms = [_arm("group 1")]
    arm_sizes.add_listed_arms(text, _sentences(text), arms, "rct", [])
    assert [(a["label"], a["role"], a["description"]) for a in arms] == [
        ("group 1", "intervention", "breastfeeding"), ("group 2", "intervention", "massage"),
        ("group 3", "control", "control")]


def test_a_name_two_coded_arms_share_is_their_grouping() -> None:
    text = ("Sixty patients were randomised into three groups: G1 received SVF in a gel, G2 received SVF with PRP, and "
            "G3 received saline dressings. Healing was faster in G2 than in G1 or G3. Bruising occurred in 4 patients "
            "receiving SVF.")
    arms = [_arm("SVF")]
    assert arm_sizes.add_listed_arms(text, _sentences(text), arms, "rct", []) == ["arms_from_listed_arms"]
    assert [(a["label"], a["role"], a.get("members")) for a in arms] == [
        ("SVF", "intervention", ["G1", "G2"]), ("G1", "intervention", None), ("G2", "intervention", None),
        ("G3", "control", None)]
    # A name only one listed arm holds is no grouping: the known arm stays as it was.
    text = text.replace("G2 received SVF with PRP", "G2 received PRP")
    arms = [_arm("SVF")]
    arm_sizes.add_listed_arms(text, _sentences(text), arms, "rct", [])
    assert [a.get("members") for a in arms if a["label"] == "SVF"] == [None]


def _value(start: int, arm: str | None, flags: tuple[str, ...] = (), outcome: str = "pain_score") -> dict:
    return {"kind": "mean", "target": "arm" if arm else "unattributed", "arm": arm, "arm_role": None,
            "outcome": outcome, "timepoint": None, "flags": list(flags), "evidence": {"start": start, "end": start + 3}}


def test_guard_clears_a_list_longer_than_the_arms() -> None:
    run = [_value(0, "massage", ("arm_by_model",)), _value(5, None), _value(10, "control")]
    dropped = list_guard.unfit_values(run, named=2, inventory=2, kept=set())
    assert dropped == [run[0], run[2]]
    list_guard.clear(dropped)
    assert [st["arm"] for st in run] == [None, None, None]
    assert "list_count_mismatch" in run[0]["flags"] and run[0]["detail"]["list_arm_dropped"] == "massage"


def test_guard_clears_two_values_on_one_arm() -> None:
    run = [_value(0, "A"), _value(5, "A"), _value(10, "C")]
    assert list_guard.unfit_values(run, named=3, inventory=3, kept=set()) == run[:2]
    # Named at the value itself: kept.
    assert list_guard.unfit_values(run, named=3, inventory=3, kept={id(run[0])}) == [run[1]]


def test_guard_keeps_fitting_lists() -> None:
    one_each = [_value(0, "A"), _value(5, "B"), _value(10, "C")]
    assert list_guard.unfit_values(one_each, named=3, inventory=3, kept=set()) == []
    # Two values per arm (two timepoints): a multiple of the arms.
    two_each = [_value(0, "A"), _value(5, "A"), _value(10, "B"), _value(15, "B")]
    assert list_guard.unfit_values(two_each, named=0, inventory=2, kept=set()) == []
    # A clause naming the arm decides, whatever the list's length.
    clause = [_value(0, "A", ("arm_by_clause",)), _value(5, "B", ("arm_by_clause",)), _value(10, "B", ("arm_by_clause",))]
    assert list_guard.unfit_values(clause, named=2, inventory=2, kept=set()) == []
    # One arm's values over three times ("... 5.8, 4.3 and 2.4 cm2 in the SC group"): no spread over arms.
    one_arm = [_value(0, "SC"), _value(5, "SC"), _value(10, "SC")]
    assert list_guard.unfit_values(one_arm, named=2, inventory=2, kept=set()) == []
    # Two outcomes of one arm ("12 healed and 6 improved"), then one of another: no value doubles another.
    mixed = [_value(0, "A", outcome="healing"), _value(5, "A", outcome="improved"), _value(10, "B")]
    assert list_guard.unfit_values(mixed, named=3, inventory=3, kept=set()) == []



def test_guard_reads_each_outcome_of_a_run_as_its_list() -> None:
    run = [_value(0, "A", outcome="amputation"), _value(5, "B", outcome="amputation"), _value(10, "A", outcome="death")]
    assert [[st["outcome"] for st in g] for g in list_guard.outcome_lists(run)] == [["amputation", "amputation"]]


def test_guard_reads_only_ordered_lists() -> None:
    text = "Pain was 4, 1 and 6, respectively. Amputations: 4 and 9, and one in the control group. Rates 3 vs 5."
    def at(word: str, occurrence: int = 0) -> dict:
        start = [m.start() for m in re.finditer(re.escape(word), text)][occurrence]
        return {"evidence": {"start": start, "end": start + len(word)}}
    assert list_guard.ordered(text, [at("4"), at("1")], 0, 34)
    assert not list_guard.ordered(text, [at("4", 1), at("9")], 35, 86)
    assert list_guard.ordered(text, [at("3"), at("5")], 87, len(text))


def test_coded_arm_and_its_defining_name_are_one_arm() -> None:
    text = ("Arm 1: intramuscular SVF (n=15); Arm 2: intramuscular ADSC (n=15); Arm 3: best medical therapy (n=15). "
            "Results: 43 patients completed follow-up (Arm 1, 14; Arm 2, 15; Arm 3, 14).")
    arms = [_arm("Arm 1"), _arm("Arm 2"), _arm("Arm 3", "control"), {**_arm("best medical therapy", "control"),
                                                                   "n_patients": 15}]
    stats = [{"arm": "best medical therapy", "arm_role": "control"}, {"arm": "Arm 1", "arm_role": "intervention"}]
    assert arm_sizes.merge_coded_twins(text, arms, stats) == ["arm_merged_into_coded"]
    assert [a["label"] for a in arms] == ["Arm 1", "Arm 2", "Arm 3"]
    assert arms[2]["description"] == "best medical therapy" and arms[2]["n_patients"] == 15
    assert stats[0] == {"arm": "Arm 3", "arm_role": "control"}
    # "group 3, control" and "the control group"; a name two codes share names neither.
    assert coded_twins("group 1, breastfeeding; group 2, massage; and group 3, control.",
                       ["group 1", "group 2", "group 3", "control group"]) == {"control group": "group 3"}
    assert coded_twins("group 1 (cells) and group 2 (cells).", ["group 1", "group 2", "cells"]) == {}


def test_two_named_groups_read_no_three_value_list() -> None:
    text = "Pain was 4.84, 0.92 and 6.16 in the massage and control groups, respectively."
    spans = [m.span() for m in re.finditer(r"\d\.\d+", text)]
    assert list_guard.joined_run(text, spans, 0) == 3
    text = "Reduction in the MSC and control groups was 52% and 24% at week 4 and 89% and 51% at week 12."
    spans = [m.span() for m in re.finditer(r"\d+%|\b4\b", text)]
    assert [list_guard.joined_run(text, spans, i) for i in range(5)] == [2, 2, 3, 3, 3]
    text = "Mortality was similar (52.5% [21/40] vs 55.0% [22/40]) in the two groups, respectively."
    spans = [m.span() for m in re.finditer(r"\d+\.\d%", text)]
    assert list_guard.joined_run(text, spans, 0) == 2


def test_guard_keeps_values_on_the_arm_named_at_their_position() -> None:
    # Three values, an inventory of two (the massage arm missing): the control's value stays, the rest go.
    run = [_value(0, "control"), _value(5, "breastfeeding", ("arm_by_model",)), _value(10, "control")]
    positions = ["breastfeeding", None, "control"]
    assert list_guard.unfit_values(run, named=2, inventory=2, kept=set(), positions=positions) == run[:2]
    text = "Pain was 4.84, 0.92 and 6.16 in the breastfeeding, massage and control groups, respectively."
    assert [x.label for x in group_list(text, 0, len(text))] == ["breastfeeding group", "massage group", "control group"]


def test_guard_needs_a_known_arm_count() -> None:
    # A stated arm count (even one the inventory falls short of), or sizes adding up to the stated total.
    assert list_guard.arm_count_known(3, [10, 12], None)
    assert list_guard.arm_count_known(None, [10, 12, 8], 30)
    # No count stated, and sizes short of the total or unknown: the list may count something other than arms.
    assert not list_guard.arm_count_known(None, [10, 12], 30)
    assert not list_guard.arm_count_known(None, [10, None], 10)
    assert not list_guard.arm_count_known(None, [10, 12], None)


def test_a_bracket_short_name_labels_a_long_or_numbered_item() -> None:
    s = ("Patients were assigned 1:1:1 to intramuscular ABC 100 × 10^6 cells (LD), ABC 200 × 10^6 cells (HD) or "
         "placebo. Healing was 40% in LD and 45% in HD.")
    assert _labels(s[:s.index(" Healing")], 3)[0] == ("LD", ("intramuscular ABC 100 × 10^6 cells",))
    s = "Patients were randomised to 100 million cells (XY-7 100M), 200 million cells (XY-7 200M), or placebo."
    assert [x for x, _ in _labels(s)] == ["XY-7 100M", "XY-7 200M", "placebo"]
    # A size after the name in one bracket: the name is the arm's, when the text goes on by it.
    s = ("Patients were randomised to topical gel with cells (GEL + MSC; n = 20), gel alone (n = 20) or dressing "
         "(n = 20). Healing was faster with GEL + MSC.")
    assert [x for x, _ in _labels(s)] == ["GEL + MSC", "gel alone", "dressing"]


def test_alone_and_control_words_mark_bare_items() -> None:
    s = "Patients were allocated to cells plus oxygen (C + O), cells alone, oxygen alone, or standard care, 20 per arm."
    assert [x for x, _ in _labels(s)] == ["cells plus oxygen", "cells alone", "oxygen alone", "standard care"]
    # Unmarked phrases are still no list.
    s = "Patients were randomised to G-CSF mobilised, immunoselected CD34+ cells or SMT."
    assert _labels(s) == []


def test_a_series_of_bare_codes_lists_the_arms() -> None:
    text = ("Sixty patients were randomised into four groups: G1 received cells intramuscularly, G2 by intra-arterial "
            "infusion, G3 by both routes, and G4 (control) received standard care only. Healing was 50%, 55%, 60% "
            "and 20% in G1, G2, G3 and G4, respectively. Each cell group did better than G4.")
    series = coded_series(text, 0, text.index(". ") + 1)
    assert [(x.label, x.aliases) for x in series] == [
        ("G1", ("received cells intramuscularly",)), ("G2", ("by intra-arterial infusion",)),
        ("G3", ("by both routes",)), ("G4", ("control received standard care only",))]
    arms = [_arm("cell group")]
    assert arm_sizes.add_listed_arms(text, _sentences(text), arms, "rct", []) == ["arms_from_listed_arms"]
    assert [(a["label"], a["role"], a.get("members")) for a in arms] == [
        ("cell group", "intervention", ["G1", "G2", "G3"]), ("G1", "intervention", None),
        ("G2", "intervention", None), ("G3", "intervention", None), ("G4", "control", None)]
    # Codes the text never names again, or not numbered from 1, are no series.
    assert coded_series("Patients were randomised to G1 (a), G2 (b) or G3 (c).", 0, 55) == []
    assert coded_series("Patients were randomised to G2 (a), G3 (b) or G4 (c). G2 G3 G4.", 0, 55) == []


def test_a_role_only_control_takes_the_listed_code() -> None:
    text = ("Patients were randomised to G1 (1 × 10^6 cells/kg), G2 (2 × 10^6 cells/kg) or G3 (placebo). "
            "Healing was 60% in G1, 50% in G2 and 20% in G3.")
    arms = [_arm("G1"), _arm("placebo group", "control")]
    stats = [{"arm": "placebo group"}]
    assert arm_sizes.add_listed_arms(text, _sentences(text), arms, "rct", stats) == ["arms_from_listed_arms"]
    assert [(a["label"], a["role"]) for a in arms] == [("G1", "intervention"), ("G3", "control"),
                                                       ("G2", "intervention")]
    assert stats == [{"arm": "G3"}]


def test_alone_beside_a_control_is_a_comparator() -> None:
    listed = allocation_list("Patients were randomised to cells in gel (n = 9), gel alone (n = 9) or saline (n = 9).",
                             0, 80)
    assert arm_sizes.listed_roles(listed) == ["intervention", "active_comparator", "control"]
    listed = allocation_list("Patients were randomised to cells (n = 9), standard care alone (n = 9) or placebo (n = 9).",
                             0, 85)
    assert arm_sizes.listed_roles(listed) == ["intervention", "control", "control"]


def test_a_per_group_size_after_the_last_item_marks_every_item() -> None:
    s = "Sixty patients were randomly assigned to XY-MSC, AB-MNC or saline (n = 20 per group)."
    assert [x for x, _ in _labels(s)] == ["XY-MSC", "AB-MNC", "saline"]
    s = "Sixty patients were randomly assigned to XY-MSC, AB-MNC or CD-MNC (n = 20)."
    assert _labels(s) == []
