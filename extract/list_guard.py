"""Guards on values placed as a list: a list whose length fits no arm count, or that puts two of its values on
one arm, keeps no arm (null beats a guess).

A run of values joined by list words ("4.84, 0.92 and 6.16, respectively", "12 vs 9 vs 4") is placed by
order, whoever placed it (the rules, the list decoder, the model). Order means something only when the run
has one value per arm, or the same number per arm (two timepoints each): k equal to, or a multiple of, the
number of arms the sentence names or the inventory holds. Pure: values are the record's statistic dicts.
"""
from __future__ import annotations

from stemfoot.extract.pattern_data import load_patterns

_RX = load_patterns("list_guard")
#: Between two values of one list ("14 ± 5, 10 ± 4 and 2 ± 3"): the statistics grammar's own list gap.
_LIST_GAP = load_patterns("statistics").LIST_GAP

#: Flags of placements that read the arm from the value's own clause or words, not from the list's order.
OWN_WORDS = ("arm_by_clause", "arm_by_denominator")


def joined_run(text: str, spans: list[tuple[int, int]], index: int) -> int:
    """How many values the list holding value ``index`` has: neighbours (``spans``, in text order) joined by list
    words and punctuation only ("4.84, 0.92 and 6.16"; not "52% and 24% at week 4")."""
    size = 1
    for k in range(1, len(spans)):
        # A bracket after a value is its own detail ("52.5% [21/40] vs 55.0%"), not a word between list items.
        if _LIST_GAP.match(_RX.VALUE_BRACKET.sub("", text[spans[k - 1][1]:spans[k][0]])):
            size += 1
            continue
        if k > index:
            break
        size = 1
    return size


def fits(k: int, counts: list[int]) -> bool:
    """Whether k values can spread over arms in order: k is one of the arm counts (two or more) or a multiple
    of one (the same number of values per arm)."""
    return any(n >= 2 and k % n == 0 for n in counts)


def unfit_values(run: list[dict], named: int, inventory: int, kept: set[int],
                 positions: list[str | None] | None = None) -> list[dict]:
    """The values of one run to leave unattributed, when the run is spread over two or more arms (a run all on
    one arm is that arm's values over times or measures). A run holding more values than the ``named`` arms
    of its sentence and the ``inventory``, and no multiple of either: every value placed by order, except one
    on the arm its sentence names at its own position (``positions``: the inventory arm each name of the
    sentence's group list is, in order, when that list is as long as the run: "4.84, 0.92 and 6.16 in the
    breastfeeding, massage and control groups" keeps the control's value where the inventory lacks an arm).
    Else, unless a multiple, the values that share an arm, outcome and time with another of the run (a list
    shorter than an over-full inventory may still spread over distinct arms). ``kept``: ids of values whose
    arm the text names at the value itself (never cleared)."""
    on_arm = [st for st in run if st.get("target") == "arm" and st.get("arm")]
    if len({st["arm"] for st in on_arm}) < 2:
        return []
    placed = [st for st in on_arm if id(st) not in kept and not any(f in st["flags"] for f in OWN_WORDS)]
    k = len(run)
    if fits(k, [named, inventory]) and k not in (named, inventory):
        # Several values per arm (two times each): two on one arm is what the list says.
        return []
    if k > max(named, inventory):
        # More values than arms and no multiple of them: some arm would take two.
        if positions is not None and len(positions) == k:
            return [st for st, arm in zip(run, positions) if any(st is p for p in placed) and st["arm"] != arm]
        return placed
    keys = [(st["arm"], st.get("outcome"), st.get("timepoint")) for st in on_arm]
    return [st for st in placed if keys.count((st["arm"], st.get("outcome"), st.get("timepoint"))) > 1]


def arm_count_known(stated: int | None, sizes: list[int | None], total: int | None) -> bool:
    """Whether the study's number of arms is known: the text states it, or the inventory's arm sizes, all known,
    add up to the stated total. Only then does a list that fits no arm count prove a misplacement; else the
    list may count something other than arms (subgroups, a lesion and a patient count)."""
    if stated is not None:
        return True
    return total is not None and bool(sizes) and None not in sizes and sum(sizes) == total


def ordered(text: str, run: list[dict], s0: int, s1: int) -> bool:
    """Whether a run is a list placed by order: its sentence says "respectively" or its values are joined by
    "vs"/"versus" ("Minor amputations were performed in 4 and 9 patients, and one major amputation occurred in
    the control group" is no such list)."""
    if _RX.RESPECTIVELY.search(text, s0, s1):
        return True
    return any(_RX.VERSUS.search(text, a["evidence"]["end"], b["evidence"]["start"]) for a, b in zip(run, run[1:]))


def outcome_lists(run: list[dict]) -> list[list[dict]]:
    """A run's values by outcome, two or more each: "9 versus 14 patients [amputation] and 8 patients died"
    is a list of two amputation counts and a death count, not a list of three."""
    by: dict[str | None, list[dict]] = {}
    for st in run:
        by.setdefault(st.get("outcome"), []).append(st)
    return [group for group in by.values() if len(group) >= 2]


def clear(values: list[dict]) -> None:
    """Leave values unattributed (in place), flagged ``list_count_mismatch`` for review."""
    for st in values:
        st["detail"] = {**(st.get("detail") or {}), "list_arm_dropped": st.get("arm")}
        st["target"], st["arm"], st["arm_role"] = "unattributed", None, None
        st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["list_count_mismatch",
                                                                               "review_attribution"]
