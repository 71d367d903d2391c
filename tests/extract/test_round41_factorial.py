"""Round 41 (early41): a factorial trial's pooled sides read with the arm inventory: "main-effect" with a hyphen,
arms coded by letters, "than those who were not", sides whose own words name their member arms ("(Arms A and C)"),
factor words from the arms' descriptions where the labels are codes, a factor named by both of its sides ("with
ADSC versus with vehicle"), and a count and its bracketed percentage paired apart.

Pure functions, no spaCy: invented sentences."""
from __future__ import annotations

import pytest

from extract_support import bare_count
from stemfoot.extract.consistency import pooled_side
from stemfoot.extract.factor_sides import (arm_factor_sets, complements, factor_side_stage, factor_sets,
                                           named_factor, named_members, sides)


def _sentence(text: str) -> tuple[int, int]:
    return 0, len(text)


@pytest.mark.parametrize("text,flagged", [
    ("In a 2 x 2 factorial trial, in the main-effect analysis, MSC raised healing (60.2% vs 35.1%).", True),
    ("In a 2 x 2 factorial trial, healing was 30 of 52 in cell-given patients (Arms A and C) versus 17 of 52 "
     "(Arms B and D).", True),
    ("In a 2 x 2 factorial trial, patients given MSC healed more often than those who were not (33/51 vs 20/50).",
     True),
    ("In a 2 x 2 factorial trial, comparing the two gel groups with the two gauze groups, closure was 31/50 and "
     "18/50.", True),
    # Not a factorial trial; nor one cell's values named by one letter-coded arm.
    ("In the main-effect analysis, MSC raised healing (60.2% vs 35.1%).", False),
    ("In a 2 x 2 factorial trial, healing was 15 of 26 in Arm A and 9 of 26 in Arm C.", False),
])
def test_pooled_side_forms(text, flagged):
    assert pooled_side(text, _sentence(text)) is flagged


@pytest.mark.parametrize("words,members", [
    (" in patients given cells (Arms A and C) ", ["Arm A", "Arm C"]),
    (" without gel (arms II and IV) ", ["Arm II", "Arm IV"]),
    (" in groups 1 and 3 ", ["Group 1", "Group 3"]),
    # A code the inventory lacks, one arm twice, no pair, two pairs: none.
    (" (Arms A and E) ", None),
    (" (Arms A and A) ", None),
    (" in Arm A ", None),
    (" (Arms A and B; Arms C and D) ", None),
])
def test_named_members(words, members):
    labels = ["Arm A", "Arm B", "Arm C", "Arm D", "Arm I", "Arm II", "Arm III", "Arm IV", "Group 1", "Group 3"]
    assert named_members(words, labels) == members


def _arms(labels: list[str], descriptions: list[str | None] | None = None, n: int = 25) -> list[dict]:
    roles = ["intervention", "intervention", "active_comparator", "control"]
    descriptions = descriptions or [None] * len(labels)
    return [{"label": x, "role": r, "n_patients": n, "cell_type": None, "description": d}
            for x, r, d in zip(labels, roles, descriptions)]


def test_factor_words_come_from_descriptions_when_labels_are_codes():
    arms = _arms(["GA", "GB", "SA", "SB"], ["gel plus ADSC patch", "gel plus gauze", "saline plus ADSC patch",
                                            "saline plus gauze"])
    factors = arm_factor_sets(arms)
    assert factors["gel"] == frozenset({"GA", "GB"})
    assert factors["gauze"] == frozenset({"GB", "SB"})
    # Labels that name factors keep their own reading; an arm without a description gives none.
    assert arm_factor_sets(_arms(["MSC + gel", "MSC alone", "gel alone", "gauze"], ["x", "y", "z", "w"]))["msc"] \
        == frozenset({"MSC + gel", "MSC alone"})
    assert arm_factor_sets(_arms(["GA", "GB", "SA", "SB"], ["gel plus ADSC patch", None, "x", "y"])) == {}


def test_a_factor_named_by_both_its_sides_is_the_one_named_first():
    labels = ["ADSC + laser", "ADSC + sham", "vehicle + laser", "vehicle + sham"]
    factors = factor_sets(labels)
    roles = dict(zip(labels, ["intervention", "intervention", "active_comparator", "control"]))
    assert complements(factors["adsc"], factors["vehicle"], labels)
    assert not complements(factors["adsc"], factors["laser"], labels)
    assert named_factor("healing was with ADSC versus with vehicle", factors, roles) == factors["adsc"]
    assert named_factor("for vehicle versus ADSC it was", factors, roles) == factors["vehicle"]
    # Two different factors named: no one factor.
    assert named_factor("for ADSC and laser it was", factors, roles) is None


def test_a_side_naming_the_other_side_lacks_the_factor():
    assert sides([" with ADSC ", " with vehicle "], frozenset({"adsc"}), frozenset({"vehicle"})) == (True, False)
    assert sides([" with vehicle ", " with ADSC "], frozenset({"adsc"}), frozenset({"vehicle"})) == (False, True)
    # Without the other side's words, two "with" sides say the same thing: none.
    assert sides([" with ADSC ", " with vehicle "], frozenset({"adsc"})) is None


def _value(text: str, token: str, kind: str = "events", total: int | None = None, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(token, start + 1)
    return {"kind": kind, "total": total, "target": "unattributed", "arm": None,
            "flags": ["pooled_side", "review_attribution"],
            "evidence": {"start": start, "end": start + len(token), "sentence_start": 0, "sentence_end": len(text)}}


def test_coded_arms_take_the_members_their_sides_name():
    text = ("In a 2 x 2 factorial trial, healing was 30 of 50 in patients given cells (Arms A and C) versus 17 of 50 "
            "in those given sham (Arms B and D) (P = 0.01).")
    arms = _arms(["Arm A", "Arm B", "Arm C", "Arm D"])
    values = [_value(text, "30 of 50", total=50), _value(text, "17 of 50", total=50)]
    assert factor_side_stage(text, arms, values, True) == ["factor_side_values"]
    assert [v["arm"] for v in values] == ["Arm A + Arm C (pooled)", "Arm B + Arm D (pooled)"]
    assert all("arm_by_factor_side" in v["flags"] for v in values)
    # A total one arm could hold is no pool: both stay unplaced.
    values = [_value(text, "30 of 50", total=25), _value(text, "17 of 50", total=25)]
    factor_side_stage(text, _arms(["Arm A", "Arm B", "Arm C", "Arm D"]), values, True)
    assert [v["target"] for v in values] == ["unattributed", "unattributed"]


def test_coded_arms_read_by_descriptions_and_first_named_side():
    text = "In a factorial trial, for gel versus saline, closure was 26/50 (52.0%) and 21/50 (42.0%) (OR 1.5)."
    arms = _arms(["GA", "GB", "SA", "SB"], ["gel plus ADSC patch", "gel plus gauze", "saline plus ADSC patch",
                                            "saline plus gauze"])
    values = [_value(text, "26/50", total=50), _value(text, "21/50", total=50)]
    factor_side_stage(text, arms, values, True)
    assert [v["arm"] for v in values] == ["GA + GB (pooled)", "SA + SB (pooled)"]


def test_count_and_bracketed_percentage_are_paired_apart():
    text = ("In a factorial trial, patients given MSC healed more often than those who were not (33/50 [66.0%] vs "
            "20/50 [40.0%]; RR 1.6).")
    arms = _arms(["MSC + gel", "MSC alone", "gel alone", "gauze"])
    values = [_value(text, "33/50", total=50), _value(text, "66.0%", kind="percent"),
              _value(text, "20/50", total=50), _value(text, "40.0%", kind="percent")]
    factor_side_stage(text, arms, values, True)
    assert [v["arm"] for v in values] == ["MSC + gel + MSC alone (pooled)"] * 2 + ["gel alone + gauze (pooled)"] * 2


def test_not_a_factorial_trial_places_nothing():
    text = "Healing was 30 of 50 in patients given cells (Arms A and C) versus 17 of 50 (Arms B and D)."
    values = [_value(text, "30 of 50", total=50), _value(text, "17 of 50", total=50)]
    assert factor_side_stage(text, _arms(["Arm A", "Arm B", "Arm C", "Arm D"]), values, False) == []
    assert [v["target"] for v in values] == ["unattributed", "unattributed"]


# Factor recipients and factor-tied events (round 41).

def test_coded_arms_are_named_by_the_words_their_codes_define():
    from stemfoot.extract.factor_sides import arm_names
    text = ("Patients were allocated to Arm I (MSC plus topical oxygen therapy [TOT] given daily), Arm II (MSC "
            "alone), Arm III (TOT alone) or Arm IV (gauze alone).")
    assert arm_names(text, {"label": "Arm I", "description": "Arm I"}) == "MSC plus topical oxygen therapy [TOT] given daily"
    assert arm_names(text, {"label": "Arm II", "description": None}) == "MSC alone"
    # A description that says more than the label is used as it is; an uncoded label gives nothing more.
    assert arm_names(text, {"label": "Arm I", "description": "MSC + TOT"}) == "MSC + TOT"
    assert arm_names(text, {"label": "gauze", "description": "gauze"}) is None
    arms = [{"label": f"Arm {c}", "description": f"Arm {c}"} for c in ("I", "II", "III", "IV")]
    assert arm_factor_sets(arms, text)["tot"] == frozenset({"Arm I", "Arm III"})


def _coded_trial(tail: str) -> tuple[str, list[dict]]:
    text = ("In a 2 x 2 factorial trial, patients were allocated to cells plus topical oxygen (Arm A), cells alone "
            "(Arm B), sham plus topical oxygen (Arm C) or sham alone (Arm D). " + tail)
    arms = [{"label": f"Arm {c}", "role": r, "n_patients": 20, "description": f"Arm {c}", "cell_type": None}
            for c, r in zip("ABCD", ["intervention", "intervention", "active_comparator", "control"])]
    return text, arms


def test_recipients_named_in_several_words_take_the_factor_pool():
    text, arms = _coded_trial("Skin irritation occurred in 3 patients receiving topical oxygen.")
    st = bare_count(text, "3 patients")
    factor_side_stage(text, arms, [st], True)
    assert st["arm"] == "Arm A + Arm C (pooled)" and "arm_by_factor_recipients" in st["flags"]


def test_recipients_written_after_a_count_move_it_off_one_member_arm():
    labels = ["MSC + gel", "MSC alone", "gel alone", "gauze"]
    text = "In a factorial trial, itching occurred in 3 patients receiving gel, and none had a rash."
    arms = _arms(labels)
    st = bare_count(text, "3 patients", target="arm", arm="gel alone")
    factor_side_stage(text, arms, [st], True)
    assert st["arm"] == "MSC + gel + gel alone (pooled)"
    # A count whose words name one arm after the factor stays where it was.
    text = "In a factorial trial, itching occurred in 3 patients receiving gel alone."
    st = bare_count(text, "3 patients", target="arm", arm="gel alone")
    factor_side_stage(text, _arms(labels), [st], True)
    assert st["arm"] == "gel alone"
    text = "In a factorial trial, itching occurred in 3 patients receiving gel alone in one centre."
    st = bare_count(text, "3 patients", target="arm", arm="gel alone")
    factor_side_stage(text, _arms(labels), [st], True)
    assert st["arm"] == "gel alone"


@pytest.mark.parametrize("sentence,pooled", [
    ("Gel-related maceration occurred in 4 patients.", True),
    ("Gel-associated itching was seen in 4 patients.", True),
    ("Healing occurred in 12 and gel-related maceration in 4 patients.", True),
    ("Maceration after gel occurred in 4 patients.", True),
    ("Middle-ear barotrauma occurred in 4 patients.", False),
    # A list's count, words after an earlier count with no "and", a tie to no factor, or to the word of neither
    # side: stays unplaced.
    ("Gel-related maceration occurred in 4 patients, 3 and 2 in the others.", False),
    ("Gel-related maceration occurred in 4 patients receiving gel alone.", False),
    ("Gel-related maceration occurred in 4 patients in the gel alone group.", False),
    ("Healing occurred in 12, gel-related maceration in 4 patients.", False),
    ("Dressing-related maceration occurred in 4 patients.", False),
    ("Maceration occurred in 4 patients.", False),
])
def test_an_event_tied_to_one_factor_takes_its_pool(sentence, pooled):
    labels = ["MSC + gel", "MSC alone", "gel alone", "gauze"]
    text = "In a factorial trial of MSC and gel. " + sentence
    st = bare_count(text, "4 patients")
    st["evidence"]["sentence_start"] = text.index(sentence)
    factor_side_stage(text, _arms(labels), [st], True)
    assert (st.get("arm") == "MSC + gel + gel alone (pooled)") is pooled


# A factorial trial's cell procedure events pooled over the cell factor's arms (round 41).

def _factorial_arms(labels: list[str], descriptions: list[str]) -> list[dict]:
    roles = ["intervention", "active_comparator", "intervention", "control"]
    return [{"label": x, "role": r, "n_patients": 20, "description": d} for x, r, d in zip(labels, roles, descriptions)]


CODED = _factorial_arms(["GP", "GD", "SP", "SD"], ["G-CSF plus ADSC patch", "G-CSF plus dressing",
                                                   "saline plus ADSC patch", "saline plus dressing"])


def _ae(text: str, printed: str, events: int) -> dict:
    a = text.index(printed)
    s0 = text.rfind(". ", 0, a) + 2 if ". " in text[:a] else 0
    return {"kind": "events", "events": events, "timepoint": None, "flags": [],
            "evidence": {"start": a, "end": a + len(printed), "text": printed, "sentence_start": s0,
                         "sentence_end": len(text)}}


def test_factorial_cell_procedure_event_is_the_cell_factor_pool():
    from stemfoot.extract.stages import procedure_pool
    text = ("In this factorial trial, patients got G-CSF or saline and an ADSC patch or a dressing. 3 patients had "
            "bleeding at the liposuction site.")
    assert procedure_pool(text, _ae(text, "3 patients", 3), CODED, [], True) == ["GP", "SP"]
    # Read as no factorial, the G-CSF placebo ("saline") makes the procedure any arm's, as before round 41.
    assert procedure_pool(text, _ae(text, "3 patients", 3), CODED, [], False) is None


def test_factorial_procedure_of_the_other_factor_or_a_cell_sham_is_no_pool():
    from stemfoot.extract.stages import procedure_pool
    # The other factor's treatment named as the tie ("after G-CSF", G-CSF is a factor of GP and GD).
    text = "In this factorial trial, bone pain after G-CSF was reported by 6 patients."
    assert procedure_pool(text, _ae(text, "6 patients", 6), CODED, [], True) is None
    # A sham of the cells (the side without them): the procedure may be every arm's.
    arms = _factorial_arms(["ADSC + laser", "vehicle + laser", "ADSC + sham", "vehicle + sham"],
                           ["", "", "", ""])
    text = "In this factorial trial with a vehicle, 3 patients had bleeding at the liposuction site."
    assert procedure_pool(text, _ae(text, "3 patients", 3), arms, [], True) is None
    # Treated arms that are not one factor's arms: no pool.
    arms = _factorial_arms(["ADSC + laser", "ADSC alone", "laser alone", "dressing"], ["", "", "", ""])
    arms[1]["role"], arms[2]["role"] = "active_comparator", "intervention"
    text = "In this factorial trial, 3 patients had bleeding at the liposuction site."
    assert procedure_pool(text, _ae(text, "3 patients", 3), arms, [], True) is None


def test_cell_factor():
    from stemfoot.extract.factor_sides import cell_factor
    assert cell_factor(arm_factor_sets(CODED)) == frozenset({"GP", "SP"})
    assert cell_factor(factor_sets(["BM-MNC + HBOT", "BM-MNC alone", "HBOT alone", "care"])) == \
        frozenset({"BM-MNC + HBOT", "BM-MNC alone"})
    # No factor names cells.
    assert cell_factor(factor_sets(["PRP + HBOT", "PRP alone", "HBOT alone", "care"])) is None


def test_cells_sham():
    from stemfoot.extract.stages import cells_sham
    factors = arm_factor_sets(CODED)
    cells = frozenset({"GP", "SP"})
    assert not cells_sham("patients got G-CSF or saline", factors, cells)
    assert cells_sham("patients got a placebo patch", factors, cells)
    assert not cells_sham("no such word", factors, cells)


def test_an_event_only_one_factor_causes_takes_its_pool():
    labels = ["MSC + HBOT", "MSC alone", "HBOT alone", "gauze"]
    text = "In a factorial trial of MSC and HBOT. Middle-ear barotrauma occurred in 4 patients."
    st = bare_count(text, "4 patients")
    st["evidence"]["sentence_start"] = text.index("Middle")
    factor_side_stage(text, _arms(labels), [st], True)
    assert st["arm"] == "MSC + HBOT + HBOT alone (pooled)" and "arm_by_factor_tie" in st["flags"]


def test_copies_of_an_every_arm_zero_are_not_pooled_copy_by_copy():
    labels = ["MSC + gel", "MSC alone", "gel alone", "gauze"]
    text = "In a factorial trial, no itching occurred in 0 patients receiving gel."
    copies = []
    for arm in labels:
        st = bare_count(text, "0 patients", target="arm", arm=arm)
        st["flags"].append("every_arm")
        copies.append(st)
    factor_side_stage(text, _arms(labels), copies, True)
    assert [st["arm"] for st in copies] == labels


def test_a_full_stop_the_splitter_missed_ends_a_pooled_side_clause():
    text = ("In a 2 x 2 factorial trial, healing occurred in 15, 12, 9 and 6 patients in Arms A to D. Healing was 27 "
            "of 40 with cells (Arms A and B) versus 15 of 40 without (Arms C and D).")
    at = text.index("15, 12")
    assert not pooled_side(text, (0, len(text)), at, at + 2)
    at = text.index("27 of 40")
    assert pooled_side(text, (0, len(text)), at, at + 8)


def test_a_treatment_named_in_full_names_its_abbreviated_factor():
    labels = ["MSC+HBO group", "MSC group", "HBO group", "usual-care group"]
    text = "In a factorial trial, ear pain was reported by 5 patients receiving hyperbaric oxygen."
    st = bare_count(text, "5 patients")
    factor_side_stage(text, _arms(labels), [st], True)
    assert st["arm"] == "MSC+HBO group + HBO group (pooled)" and "arm_by_factor_recipients" in st["flags"]
