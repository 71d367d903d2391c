"""List shapes (issue 11): the pure function that spreads a sentence's list over arms, times and roles."""
from __future__ import annotations

import re

from stemfoot.extract.list_shapes import after_time_lead, fit_shape, lead_ok, one_side_list, whole_run
from stemfoot.extract import stages

# the separator the pipeline passes (stages' patterns), not a copy of it
NAME_SEP = stages._RX.NAME_SEP


def spans(text: str, *values: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for v in values:
        i = text.index(v, pos)
        out.append((i, i + len(v)))
        pos = i + len(v)
    return out


def mention(text: str, word: str, arm: str, nth: int = 0) -> tuple[int, int, str]:
    i = [m.start() for m in re.finditer(re.escape(word), text)][nth]
    return (i, i + len(word), arm)


def time(text: str, word: str, label: str) -> tuple[int, int, str]:
    i = text.index(word)
    return (i, i + len(word), label)


def cells(slots):
    return [(s.arm, s.time, s.role) for s in slots]


def test_one_value_per_arm():
    t = "The amputation rates were 3.13%, 6.25% and 18.75%, respectively."
    slots = fit_shape(t, spans(t, "3.13%", "6.25%", "18.75%"), ["A", "B", "C"])
    assert cells(slots) == [("A", None, None), ("B", None, None), ("C", None, None)]
    assert slots[0].shape == "per_arm"


def test_count_that_fits_no_shape_gives_nothing():
    t = "The amputation rates were 3.13%, 6.25% and 18.75%, respectively."
    assert fit_shape(t, spans(t, "3.13%", "6.25%", "18.75%"), ["A", "B"]) is None
    assert fit_shape(t, spans(t, "3.13%", "6.25%"), ["A", "B", "C"]) is None


def test_values_over_times_are_not_spread_over_arms():
    # "ABI at 3 and 6 months was a and b": two values, two times, two arms: the values may run over the times.
    t = "ABI at 3 months and 6 months was 0.61 and 0.66, respectively."
    times = [time(t, "3 months", "3 months"), time(t, "6 months", "6 months")]
    assert fit_shape(t, spans(t, "0.61", "0.66"), ["A", "B"], times) is None


def test_before_after_pairs_one_per_arm():
    t = "ABI at 6 months improved from 0.41 ± 0.13 to 0.58 ± 0.16 and from 0.43 ± 0.12 to 0.47 ± 0.14, respectively."
    slots = fit_shape(t, spans(t, "0.41 ± 0.13", "0.58 ± 0.16", "0.43 ± 0.12", "0.47 ± 0.14"), ["cells", "control"])
    assert cells(slots) == [("cells", None, "baseline"), ("cells", None, "follow-up"),
                            ("control", None, "baseline"), ("control", None, "follow-up")]


def test_pairs_named_in_their_own_clauses():
    t = "VAS decreased from 7.4 to 3.1 in group A and from 7.2 to 6.0 in group B."
    ms = [mention(t, "group A", "A"), mention(t, "group B", "B")]
    slots = fit_shape(t, spans(t, "7.4", "3.1", "7.2", "6.0"), ["A", "B"], [], ms)
    assert [s.arm for s in slots] == ["A", "A", "B", "B"]
    # Named the other way round between the values: the order given is not the sentence's.
    assert fit_shape(t, spans(t, "7.4", "3.1", "7.2", "6.0"), ["B", "A"], [], ms) is None


def test_pairs_that_do_not_alternate_give_nothing():
    t = "Area fell from 5.2 to 2.1 to 0.6 and from 5.0 to 4.1, respectively."
    assert fit_shape(t, spans(t, "5.2", "2.1", "0.6", "5.0", "4.1"), ["A", "B"]) is None
    # Three pairs for two arms.
    t = "from 1 to 2, from 3 to 4 and from 5 to 6, respectively"
    assert fit_shape(t, spans(t, "1", "2", "3", "4", "5", "6"), ["A", "B"]) is None


def test_arms_by_time_arm_by_arm():
    t = ("At 1 month and 3 months, the walking distance of the observation group was 186 m and 312 m, "
         "respectively, versus 152 m and 201 m in the control group.")
    times = [time(t, "1 month", "1 month"), time(t, "3 months", "3 months")]
    ms = [mention(t, "observation group", "obs"), mention(t, "control group", "ctrl")]
    slots = fit_shape(t, spans(t, "186 m", "312 m", "152 m", "201 m"), ["obs", "ctrl"], times, ms)
    assert cells(slots) == [("obs", "1 month", None), ("obs", "3 months", None),
                            ("ctrl", "1 month", None), ("ctrl", "3 months", None)]
    assert slots[0].shape == "arms_by_time"


def test_arms_by_time_named_after_each_block():
    t = "Area decreased by 38% at week 12 and 64% at week 26 with cells, versus 21% and 40% with placebo."
    times = [time(t, "week 12", "12 weeks"), time(t, "week 26", "26 weeks")]
    ms = [mention(t, "cells", "cells"), mention(t, "placebo", "placebo")]
    slots = fit_shape(t, spans(t, "38%", "64%", "21%", "40%"), ["cells", "placebo"], times, ms)
    assert cells(slots) == [("cells", "12 weeks", None), ("cells", "26 weeks", None),
                            ("placebo", "12 weeks", None), ("placebo", "26 weeks", None)]


def test_times_by_arm_time_by_time():
    t = "Area reduction in the MSC and control groups was 52% and 24% at week 4 and 89% and 51% at week 12, respectively."
    times = [time(t, "week 4", "4 weeks"), time(t, "week 12", "12 weeks")]
    ms = [mention(t, "MSC", "msc"), mention(t, "control", "ctrl")]
    slots = fit_shape(t, spans(t, "52%", "24%", "89%", "51%"), ["msc", "ctrl"], times, ms)
    assert cells(slots) == [("msc", "4 weeks", None), ("ctrl", "4 weeks", None),
                            ("msc", "12 weeks", None), ("ctrl", "12 weeks", None)]
    assert slots[0].shape == "times_by_arm"


def test_arms_by_time_without_a_cue_gives_nothing():
    # Four values, two arms, two times, but nothing says which way the blocks run.
    t = "Scores at 4 weeks and 12 weeks were 5, 6, 7 and 8."
    times = [time(t, "4 weeks", "4 weeks"), time(t, "12 weeks", "12 weeks")]
    assert fit_shape(t, spans(t, "5", "6", "7", "8"), ["A", "B"], times) is None


def test_clause_break_or_repeated_arm_gives_nothing():
    t = "Healing was 60%; amputation was 10%."
    assert fit_shape(t, spans(t, "60%", "10%"), ["A", "B"]) is None
    t = "Healing was 60% and 10%, respectively."
    assert fit_shape(t, spans(t, "60%", "10%"), ["A", "A"]) is None
    assert fit_shape(t, spans(t, "60%", "10%"), ["A"]) is None


def test_lead_and_whole_run():
    t = "Bone pain and fever occurred in 6 and 2 patients, respectively."
    assert not lead_ok(t, 0, t.index("6"), named=False)
    assert lead_ok(t, 0, t.index("6"), named=True)
    t = "Compared with controls, the MSC group had 60% vs 20%."
    assert not lead_ok(t, 0, t.index("60%"), named=True)
    t = "The change was 5.1, 9.3 and 12.0 mmHg in cohorts 1, 2 and 3, respectively."
    assert not whole_run(t, 0, t.index("9.3"), t.index("12.0") + 4, len(t))
    assert not whole_run(t, 0, t.index("5.1"), t.index("9.3") + 3, len(t))
    assert whole_run(t, 0, t.index("5.1"), t.index("12.0") + 4, len(t))


def test_names_on_one_side_as_a_list():
    t = "Healing in groups A, B and C was 90%, 83% and 47%, respectively."
    ms = [(t.index("A,"), t.index("A,") + 1, "A"), (t.index("B "), t.index("B ") + 1, "B"), (t.index("C "), t.index("C ") + 1, "C")]
    assert one_side_list(t, spans(t, "90%", "83%", "47%"), ms, NAME_SEP)
    t = "Amputation occurred in 3 in group A, and one in group B."
    ms = [mention(t, "group A", "A"), mention(t, "group B", "B")]
    assert not one_side_list(t, spans(t, "3", "one"), ms, NAME_SEP)


def test_a_leading_time_phrase_is_no_part_of_the_list():
    t = "At 16 weeks, 58% and 27% of wounds had closed in the cell-sheet and dressing groups, respectively."
    lead = after_time_lead(t, 0, t.index("58%"), [time(t, "At 16 weeks", "16 weeks")])
    assert lead == t.index("58%")
    assert whole_run(t, lead, t.index("58%"), t.index("27%") + 3, len(t))
    assert not whole_run(t, 0, t.index("58%"), t.index("27%") + 3, len(t))   # "16 weeks," read as a value before
    t = "At 8 and 16 weeks, 30% and 58% of wounds had closed with cell sheets versus 12% and 27% with dressings."
    times = [time(t, "8", "8 weeks"), time(t, "16 weeks", "16 weeks")]
    assert after_time_lead(t, 0, t.index("30%"), times) == t.index("30%")
    assert lead_ok(t, t.index("30%"), t.index("30%"), named=False)
    t = "Results: At 16 weeks, 58% and 27% had closed, respectively."   # a section heading the sentence kept
    assert after_time_lead(t, 0, t.index("58%"), [time(t, "At 16 weeks", "16 weeks")]) == t.index("58%")
    # A time inside the clause's words, not leading it, leaves the lead as it is.
    t = "Closure by 16 weeks, 58% and 27%, respectively."
    assert after_time_lead(t, 0, t.index("58%"), [time(t, "16 weeks", "16 weeks")]) == 0


def test_arms_by_time_list_after_a_leading_time_phrase():
    t = "At 8 and 16 weeks, 30% and 58% of wounds had closed in the sheet group versus 12% and 27% in the dressing group."
    values = []
    for v in ("30%", "58%", "12%", "27%"):
        i = t.index(v)
        values.append({"kind": "percent", "outcome": "ulcer_healing", "timepoint": "8 weeks", "measure": None,
                       "flags": [], "target": "unattributed", "arm": None,
                       "evidence": {"start": i, "end": i + len(v), "sentence_start": 0, "sentence_end": len(t)}})
    mentions = [mention(t, "sheet group", "sheet"), mention(t, "dressing group", "dressing")]
    arms = [{"label": "sheet", "role": "intervention"}, {"label": "dressing", "role": "control"}]
    placed = stages.shape_lists(t, values, mentions, arms, {"sheet": "intervention", "dressing": "control"}, set())
    assert len(placed) == 1
    assert [(v["arm"], v["timepoint"]) for v in values] == [
        ("sheet", "8 weeks"), ("sheet", "16 weeks"), ("dressing", "8 weeks"), ("dressing", "16 weeks")]
