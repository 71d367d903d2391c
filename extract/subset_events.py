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


def _subset_pairs(text: str) -> list[tuple[re.Match[str], list[int | None], list[int | None]]]:
    """The ``SUBSET_PAIR`` matches of ``text`` whose two sides name arms and whose counts fit their sizes in order,
    with those counts and sizes."""
    out = []
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
            out.append((m, events, totals))
    return out


def subset_pair_sides(text: str) -> list[tuple[int, int, str]]:
    """(start, end, side words) of each count of a ``SUBSET_PAIR`` sentence: "Of the 11 treated legs and 6 control
    legs with ulcers, 8 and 2 healed" -> 8 with "treated legs", 2 with "control legs" (round 36: the sides' words
    say whose count each is)."""
    out = []
    for m, _, _ in _subset_pairs(text):
        for e, w, u in (("e1", "w1", "u1"), ("e2", "w2", "u2")):
            out.append((m.start(e), m.end(e), " ".join((m.group(w) + " " + (m.group(u) or "")).split())))
    return out


def subset_events(text: str) -> list[tuple[int, int, int, int]]:
    """(start, end, events, total) of each count a sentence gives among the subset sizes it opened with
    (``SUBSET_PAIR``: two arms' sizes then their two counts; ``SIZES_THEN_EVENTS``: a bracketed size per arm, then
    one count per arm). Nothing where the counts do not fit their sizes in order."""
    out: list[tuple[int, int, int, int]] = []
    for m, events, totals in _subset_pairs(text):
        out.extend((m.start(g), m.end(g), e, t) for g, e, t in zip(("e1", "e2"), events, totals))
    for m in _RX.SIZES_THEN_EVENTS.finditer(text):
        totals = [parse_count(c.group()) for c in static_rx(COUNT).finditer(m.group("totals"))]
        found = list(static_rx(COUNT).finditer(m.group("events")))
        events = [parse_count(c.group()) for c in found]
        if _ordered(events, totals):
            base = m.start("events")
            out.extend((base + c.start(), base + c.end(), e, t) for c, e, t in zip(found, events, totals))
    return out


#: Words of a subset's side that name no arm ("patients", "group").
_GENERIC_SIDE = frozenset({"patient", "participant", "subject", "group", "arm", "the"})


def _side_words(words: str) -> tuple[str, ...]:
    """A side's or an arm label's words, lower case and singular, generic words aside ("control legs" -> control,
    leg)."""
    out = []
    for w in re.findall(r"[\w+\-/]+", words.lower()):
        w = "foot" if w == "feet" else w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
        if w not in _GENERIC_SIDE:
            out.append(w)
    return tuple(out)


def side_arm(words: str, labels: list[str]) -> str | None:
    """The one arm label whose words are the side's words ("treated legs" -> "treated legs", "sham patients" ->
    "sham group"); None for none or several."""
    side = _side_words(words)
    hits = [label for label in labels if side and _side_words(label) == side]
    return hits[0] if len(hits) == 1 else None


def subset_side_stage(text: str, arms: list[dict], statistics: list[dict]) -> list[str]:
    """In place: each count of a "Of the 11 treated legs and 6 control legs with ulcers, 8 and 2 healed" sentence
    goes to the arm its side names (``subset_pair_sides``), where both sides name two different arms of the
    inventory: the clause reader gives both counts to the nearer arm named (round 36). Returns flags."""
    labels = [a["label"] for a in arms if not a.get("members")]
    roles = {a["label"]: a.get("role") for a in arms}
    sides = subset_pair_sides(text)
    moved = False
    for (s1, e1, w1), (s2, e2, w2) in zip(sides[::2], sides[1::2]):
        a1, a2 = side_arm(w1, labels), side_arm(w2, labels)
        if a1 is None or a2 is None or a1 == a2:
            continue
        for start, end, arm in ((s1, e1, a1), (s2, e2, a2)):
            for st in statistics:
                ev = st.get("evidence") or {}
                if st.get("kind") == "events" and ev.get("start") == start and st.get("arm") != arm:
                    st.update(target="arm", arm=arm, arm_role=roles.get(arm))
                    st["flags"] = [f for f in st.get("flags") or [] if f != "arm_by_clause"] + ["arm_by_subset_side"]
                    moved = True
    return ["arm_by_subset_side"] if moved else []

