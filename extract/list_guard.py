"""Guards on values placed as a list: a list whose length fits no arm count, or that puts two of its values on
one arm, keeps no arm (null beats a guess).

A run of values joined by list words ("4.84, 0.92 and 6.16, respectively", "12 vs 9 vs 4") is placed by
order, whoever placed it (the rules, the list decoder, the model). Order means something only when the run
has one value per arm, or the same number per arm (two timepoints each): k equal to, or a multiple of, the
number of arms the sentence names or the inventory holds. Pure: values are the record's statistic dicts.
"""
from __future__ import annotations

#: Flags of placements that read the arm from the value's own clause or words, not from the list's order.
OWN_WORDS = ("arm_by_clause", "arm_by_denominator")


def fits(k: int, counts: list[int]) -> bool:
    """Whether k values can spread over arms in order: k is one of the arm counts (two or more) or a multiple
    of one (the same number of values per arm)."""
    return any(n >= 2 and k % n == 0 for n in counts)


def unfit_values(run: list[dict], named: int, inventory: int, kept: set[int]) -> list[dict]:
    """The values of one run to leave unattributed, when the run is spread over two or more arms (a run all on
    one arm is that arm's values over times or measures): every value placed by order when the run's length
    fits neither the ``named`` arms of its sentence nor the ``inventory``; else, in a run of one value per
    arm, the values that share an arm, outcome and time with another of the run. ``kept``: ids of values
    whose arm the text names at the value itself (never cleared)."""
    on_arm = [st for st in run if st.get("target") == "arm" and st.get("arm")]
    if len({st["arm"] for st in on_arm}) < 2:
        return []
    placed = [st for st in on_arm if id(st) not in kept and not any(f in st["flags"] for f in OWN_WORDS)]
    k = len(run)
    if not fits(k, [named, inventory]):
        return placed
    if k not in (named, inventory):
        # Several values per arm (two times each): two on one arm is what the list says.
        return []
    keys = [(st["arm"], st.get("outcome"), st.get("timepoint")) for st in on_arm]
    return [st for st in placed if keys.count((st["arm"], st.get("outcome"), st.get("timepoint"))) > 1]


def clear(values: list[dict]) -> None:
    """Leave values unattributed (in place), flagged ``list_count_mismatch`` for review."""
    for st in values:
        st["detail"] = {**(st.get("detail") or {}), "list_arm_dropped": st.get("arm")}
        st["target"], st["arm"], st["arm_role"] = "unattributed", None, None
        st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["list_count_mismatch",
                                                                               "review_attribution"]
