"""Round 38 (early): an adverse event tied to the cells or to a procedure of obtaining them, in a trial where two or
more arms but not all were treated, is one pooled record of the treated arms (gold conventions 40 and 44).
Pure functions on invented sentences and hand-built values and arms; no spaCy."""
from __future__ import annotations

import pytest

from stemfoot.extract.export_gate import every_arm_together
from stemfoot.extract.stages import procedure_pool


def _arms(*spec: tuple[str, str, int | None]) -> list[dict]:
    return [{"label": label, "role": role, "n_patients": n} for label, role, n in spec]


THREE = _arms(("G1", "intervention", 18), ("G2", "intervention", 18), ("G3", "control", 17))
TWO_DOSES = _arms(("low-dose group", "intervention", 15), ("high-dose group", "intervention", 15),
                  ("control group", "control", 15))
TWO = _arms(("cell group", "intervention", 20), ("control group", "control", 20))
ALL_TREATED = _arms(("G1", "intervention", 10), ("G2", "intervention", 10), ("G3", "intervention", 10))


def _event(text: str, printed: str, events: int, timepoint: str | None = None) -> dict:
    a = text.index(printed)
    return {"kind": "events", "events": events, "timepoint": timepoint, "flags": [],
            "evidence": {"start": a, "end": a + len(printed), "text": printed, "sentence_start": 0,
                         "sentence_end": len(text)}}


def _named(text: str, names: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    out = []
    for word, arm in names:
        a = text.index(word)
        out.append((a, a + len(word), arm))
    return out


@pytest.mark.parametrize("text,printed,events,arms,members", [
    ("Donor-site haematoma occurred in 4 patients.", "4 patients", 4, THREE, ["G1", "G2"]),
    ("No complications of the marrow harvest were seen.", "No complications", 0, THREE, ["G1", "G2"]),
    ("Transient bone pain after G-CSF was reported by 6 patients, and fever by 2.", "6 patients", 6, TWO_DOSES,
     ["low-dose group", "high-dose group"]),
    ("Cell-related fever occurred in 3 patients.", "3 patients", 3, TWO_DOSES, ["low-dose group", "high-dose group"]),
])
def test_a_procedure_or_cell_event_of_some_treated_arms_is_their_pool(text, printed, events, arms, members):
    assert procedure_pool(text, _event(text, printed, events), arms, [], False) == members


def test_a_cell_tie_pools_a_count_even_beside_a_placebo_control():
    text = "Cell-related reactions occurred in 4 patients of this placebo-controlled study."
    arms = _arms(("LD", "intervention", 10), ("HD", "intervention", 10), ("placebo", "control", 10))
    assert procedure_pool(text, _event(text, "4 patients", 4), arms, [], False) == ["LD", "HD"]


@pytest.mark.parametrize("text,printed", [
    # A zero tied to the cells alone stays each treated arm's: the golds differ (rules 24 and 40).
    ("No serious adverse event was attributed to the study cells.", "No serious adverse event"),
    # Two zero statements read as one: two facts.
    ("Marrow aspiration caused no complications, and no infusion reactions were seen.",
     "no complications, and no infusion reactions"),
])
def test_no_pool_for_a_zero_tied_to_the_cells_alone_or_read_over_two_events(text, printed):
    arms = _arms(("LD", "intervention", 10), ("HD", "intervention", 10), ("control", "control", 10))
    assert procedure_pool(text, _event(text, printed, 0), arms, [], False) is None


@pytest.mark.parametrize("text,printed,events,arms,names,factorial,timepoint", [
    # Two arms: the one treated arm's (other readers place it).
    ("Donor-site haematoma occurred in 4 patients.", "4 patients", 4, TWO, [], False, None),
    # Every arm treated: no pool beside an untreated arm.
    ("Donor-site haematoma occurred in 4 patients.", "4 patients", 4, ALL_TREATED, [], False, None),
    # An arm named in the clause keeps the value.
    ("Donor-site haematoma occurred in 4 G2 patients.", "4 G2 patients", 4, THREE, [("G2", "G2")], False, None),
    # Every arm: each arm's zero (rule 24), not a pool.
    ("No harvest complication occurred in either group.", "No harvest complication", 0, THREE, [], False, None),
    # A sham control undergoes the procedure too.
    ("Harvest-site pain occurred in 3 patients of this sham-controlled trial.", "3 patients", 3, THREE, [], False,
     None),
    # Words that every patient had it.
    ("All patients underwent marrow aspiration. Harvest-site pain occurred in 3 patients.", "3 patients", 3, THREE,
     [], False, None),
    # No tie to the cells or to a procedure of obtaining them ("injection" is any arm's).
    ("Injection-site pain occurred in 7 patients.", "7 patients", 7, THREE, [], False, None),
    # A factorial trial: its factor sides are read elsewhere.
    ("Donor-site haematoma occurred in 4 patients.", "4 patients", 4, THREE, [], True, None),
    # A result at a time is no adverse-event line.
    ("Harvest-site pain persisted in 3 patients at 6 months.", "3 patients", 3, THREE, [], False, "6 months"),
    # More events than the treated arms hold.
    ("Donor-site haematoma occurred in 40 patients.", "40 patients", 40, THREE, [], False, None),
])
def test_no_pool_where_an_arm_is_named_every_arm_had_it_or_no_tie(text, printed, events, arms, names, factorial,
                                                                  timepoint):
    st = _event(text, printed, events, timepoint)
    assert procedure_pool(text, st, arms, _named(text, names), factorial) is None


def test_a_mention_inside_the_tie_words_names_no_arm():
    # "Marrow" of "marrow aspiration" may read as a marrow arm's mention: inside the tie it names none.
    text = "Marrow aspiration caused pain in 3 patients."
    arms = _arms(("marrow", "intervention", 10), ("blood", "intervention", 10), ("control", "control", 10))
    assert procedure_pool(text, _event(text, "3 patients", 3), arms, [(0, 6, "marrow")], False) == ["marrow", "blood"]


def test_one_count_of_a_list_and_a_tail_about_the_counted_events_are_no_pool():
    text = "Serious adverse events occurred in 4, 6 and 5 patients, none of which was related to the cells."
    values = [_event(text, "4", 4), _event(text, "6", 6), _event(text, "5 patients", 5)]
    arms = _arms(("A", "intervention", 20), ("B", "intervention", 20), ("C", "control", 20))
    assert all(procedure_pool(text, v, arms, [], False, values) is None for v in values)
    text = "Serious adverse events occurred in 11 patients, none of which was related to the cells."
    assert procedure_pool(text, _event(text, "11 patients", 11), arms, [], False) is None


def test_a_zeros_copies_on_each_treated_arm_are_no_list():
    text = "No harvest-site reactions occurred."
    zero = _event(text, "No harvest-site reactions", 0)
    copy = {**zero, "flags": list(zero["flags"])}
    arms = _arms(("A", "intervention", 20), ("B", "intervention", 20), ("C", "control", 20))
    assert procedure_pool(text, zero, arms, [], False, [zero, copy]) == ["A", "B"]


@pytest.mark.parametrize("text,printed", [
    ("No patient in either cell-treated group had a donor-site complication.", "No patient"),
    ("There were no harvest complications in any of the three groups.", "no harvest complications"),
])
def test_every_arm_words_with_words_between_are_each_arms(text, printed):
    assert procedure_pool(text, _event(text, printed, 0), THREE, [], False) is None


def test_an_unsized_arm_is_no_inventory_to_pool_over():
    text = "Harvest-site pain occurred in 7 patients."
    arms = _arms(("A", "intervention", 26), ("B", "intervention", 26), ("B alone", "control", None))
    assert procedure_pool(text, _event(text, "7 patients", 7), arms, [], False) is None


def test_a_count_beside_a_worded_zero_is_no_list():
    text = "Leukapheresis-related hypotension occurred in 2 patients, and no splenic event occurred."
    count, zero = _event(text, "2 patients", 2), _event(text, "no splenic event", 0)
    assert procedure_pool(text, count, TWO_DOSES, [], False, [count, zero]) == ["low-dose group", "high-dose group"]


# every_arm_together: the copies of one zero said of every arm are exported together.

def _copy(arm: str, kept: bool, flags: tuple[str, ...] = ("every_arm",), start: int = 10) -> dict:
    st = {"kind": "events", "events": 0, "outcome": None, "evidence": {"start": start, "end": start + 30},
          "flags": list(flags)}
    if kept:
        st.update(target="arm", arm=arm, arm_role=None, gate={"p": 0.9})
    else:
        st.update(target="unattributed", arm=None, arm_role=None,
                  gate={"p": 0.4, "held": {"target": "arm", "arm": arm, "arm_role": "control"}})
        st["flags"] += ["review_attribution", "export_gate"]
    return st


def test_a_withheld_copy_of_an_every_arm_zero_follows_the_kept_one():
    kept, held = _copy("cell arm", True), _copy("sham arm", False)
    every_arm_together([kept, held])
    assert (held["target"], held["arm"], held["arm_role"]) == ("arm", "sham arm", "control")
    assert "export_gate" not in held["flags"] and "review_attribution" not in held["flags"]
    assert "every_arm_together" in held["flags"]


def test_every_copy_withheld_or_another_statement_stays_withheld():
    a, b = _copy("cell arm", False), _copy("sham arm", False)
    every_arm_together([a, b])
    assert a["target"] == b["target"] == "unattributed"
    # A kept copy of another zero (another span) does not release this one.
    other, held = _copy("cell arm", True, start=60), _copy("sham arm", False)
    every_arm_together([other, held])
    assert held["target"] == "unattributed"
    # Not a zero said of every arm.
    kept, held = _copy("cell arm", True, flags=()), _copy("sham arm", False, flags=())
    every_arm_together([kept, held])
    assert held["target"] == "unattributed"
