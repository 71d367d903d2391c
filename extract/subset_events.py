"""Events counted among the subsets a sentence names first, joined to those subsets' sizes.

"Of the 11 treated and 6 control limbs with ulcers, 8 and 2 healed, respectively" gives 8/11 and 2/6; "Of the 40
patients with ulcers (10, 11, 9 and 10 per group, respectively), healing occurred in 7, 7, 5 and 2" gives 7/10,
7/11, 5/9 and 2/10. The k-th count is of the k-th size, and each count must be at most its size; else nothing is
read (the sizes stay denominators, ``consistency.denominator_count``, and the bare counts are no result: a count
without its total would be read as an arm's events over the whole arm).

Pure functions on one sentence's text, offsets inside it; the number grammar claims what no earlier reader read.
"""
from __future__ import annotations

import re

from stemfoot.extract.numbers import COUNT, parse_count, static_rx
from stemfoot.extract.pattern_data import load_patterns

_RX = load_patterns("subset_events", COUNT=COUNT)
_UNIT = re.compile(r"(?:limbs?|legs?|feet|foot|ulcers?|wounds?|patients?|participants?)", re.I)


def _unit(word: str) -> str:
    """A unit word's singular ("legs" and "leg", "feet" and "foot" are one unit)."""
    w = word.lower()
    return "foot" if w == "feet" else w.rstrip("s")


def _ordered(events: list[int | None], totals: list[int | None]) -> bool:
    """Whether each count is read and at most its size, the lists as long."""
    return len(events) == len(totals) >= 2 and all(
        e is not None and t is not None and e <= t for e, t in zip(events, totals))


def subset_events(text: str) -> list[tuple[int, int, int, int]]:
    """(start, end, events, total) of each count a sentence gives among the subset sizes it opened with
    (``SUBSET_PAIR``: two arms' sizes then their two counts; ``SIZES_THEN_EVENTS``: a bracketed size per arm, then
    one count per arm). Nothing where the counts do not fit their sizes in order."""
    out: list[tuple[int, int, int, int]] = []
    for m in _RX.SUBSET_PAIR.finditer(text):
        if not (m.group("verb1") or m.group("verb2")):
            continue  # "..., 8 and 2, respectively" with no event verb: what was counted is unsaid
        words = m.group("w1").split()
        units = [_unit(u) for u in (m.group("u1"), words[-1] if _UNIT.fullmatch(words[-1]) else None) if u]
        if _UNIT.fullmatch(" ".join(words)) or any(u != _unit(m.group("u2")) for u in units):
            continue  # "Of the 40 patients and 54 ulcers": no arm named, two units of one sample
        sides = (m.group("w1"), m.group("w2"))
        if any(_RX.NOT_ARM_SIDE.search(w) or not _RX.ARM_SIDE.search(w) for w in sides):
            continue  # "Of the 12 male and 8 female patients": subgroups of sex, not the arms
        events = [parse_count(m.group("e1")), parse_count(m.group("e2"))]
        totals = [parse_count(m.group("t1")), parse_count(m.group("t2"))]
        if _ordered(events, totals):
            out.extend((m.start(g), m.end(g), e, t) for g, e, t in zip(("e1", "e2"), events, totals))
    for m in _RX.SIZES_THEN_EVENTS.finditer(text):
        totals = [parse_count(c.group()) for c in static_rx(COUNT).finditer(m.group("totals"))]
        found = list(static_rx(COUNT).finditer(m.group("events")))
        events = [parse_count(c.group()) for c in found]
        if _ordered(events, totals):
            base = m.start("events")
            out.extend((base + c.start(), base + c.end(), e, t) for c, e, t in zip(found, events, totals))
    return out
