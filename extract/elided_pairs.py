"""Elided second pairs: a pair of bare counts that reuses the arms of the pair written just before it at another time
(round 35, blind39 cause H).

"Complete ulcer healing occurred in 20 of 30 EPC patients and 11 of 30 BMT patients at 6 months and in 24 and
14, respectively, at 12 months": 24 is the EPC arm's count at 12 months and 14 the BMT arm's. The grammar claims the
two bare counts (``elided_counts``, flag ``event_count_elided_pair``); after attribution ``elided_pair_stage`` gives
each the arm and outcome of the first pair's member in its place and the second time. The totals are not copied: the
text does not write them (gold convention 25, a total only where written). Pure functions on text, no spaCy.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from stemfoot.extract.event_counts import EventCount
from stemfoot.extract.numbers import COUNT, parse_count
from stemfoot.extract.pattern_data import load_patterns

_RX = load_patterns("elided_pairs", COUNT=COUNT)
FORM = "elided_pair"
#: The flag the grammar gives a count of that form (``number_grammar._claim_counts``: ``event_count_<form>``).
FLAG = f"event_count_{FORM}"
_TIME_WORDS = re.compile(r"(?:at|by|after|within)\s+", re.I)
#: A literal every ``ELIDED_PAIR`` match holds, with the pattern's flags: most sentences lack it, and the full
#: pattern (led by the count grammar) is tried at every character, ~10x slower than this.
_RESPECTIVELY = re.compile("respectively", re.I)


@dataclass(frozen=True)
class ElidedPair:
    """One elided second pair (offsets in the text read): the first pair's counts, the second pair's, its time."""

    first: tuple[tuple[int, int], tuple[int, int]]
    second: tuple[tuple[int, int], tuple[int, int]]
    values: tuple[int, int]
    time: str


def elided_pairs(text: str) -> list[ElidedPair]:
    """Every elided second pair of ``text`` (``ELIDED_PAIR``) whose counts parse."""
    out: list[ElidedPair] = []
    if not _RESPECTIVELY.search(text):
        return out
    for m in _RX.ELIDED_PAIR.finditer(text):
        values = parse_count(m.group("f1")), parse_count(m.group("f2"))
        if None in values:
            continue
        time = _TIME_WORDS.sub("", m.group("t2"), count=1).strip()
        first, second = (m.span("e1"), m.span("e2")), (m.span("f1"), m.span("f2"))
        out.append(ElidedPair(first, second, values, time))  # type: ignore[arg-type]
    return out


def elided_counts(text: str) -> list[EventCount]:
    """The second pairs' counts as event counts for the grammar to claim (form ``elided_pair``)."""
    return [EventCount(a, b, v, form=FORM) for p in elided_pairs(text) for (a, b), v in zip(p.second, p.values)]


def elided_pair_stage(text: str, statistics: list[dict]) -> list[str]:
    """In place: each elided count takes the arm and outcome of the first pair's count in its place and the second
    time; where that count has no arm, or the two first counts share one, it stays for review. Returns the
    record's flags."""
    by_start = {st["evidence"]["start"]: st for st in statistics if st.get("evidence") and st["kind"] == "events"}
    moved = False
    for p in elided_pairs(text):
        firsts = [by_start.get(a) for a, _ in p.first]
        seconds = [by_start.get(a) for a, _ in p.second]
        if any(st is None for st in firsts + seconds) or any(FLAG not in (st.get("flags") or []) for st in seconds):
            continue
        arms = [st.get("arm") for st in firsts]
        ok = all(st.get("target") == "arm" and st.get("arm") for st in firsts) and arms[0] != arms[1]
        for first, st in zip(firsts, seconds):
            st["timepoint"] = p.time
            if ok:
                st.update(target="arm", arm=first["arm"], arm_role=first.get("arm_role"), outcome=first.get("outcome"),
                          outcome_label=first.get("outcome_label"))
                st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["arm_by_elided_pair"]
            else:
                st.update(target="unattributed", arm=None, arm_role=None)
                st["flags"] = [f for f in st["flags"] if f != "review_attribution"] + ["review_attribution"]
            moved = True
    return ["elided_pair_values"] if moved else []
