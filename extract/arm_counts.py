"""Counts whose arm is named inside the count, between the number and its noun of people (issue 11, round 25).

"One EPC patient developed a groin haematoma", "Anti-HLA antibodies developed in 2 UCM-204 recipients", "in 1
cell-group patient and 5 standard-care patients", "Two Group C patients and one Group B patient underwent ...", "in
14 Group A, 11 Group B and 5 Group C patients" (a list whose noun closes its last item), "17 of 24 UC-MSC patients".

Pure functions on one sentence's text and the places it names the study's arms (``arm_inventory.find_mentions``,
so the inventory's aliases and role words decide): an item is a count, the name of exactly one arm and the noun,
with nothing else between them. Words that name no arm, or a pool of arms ("2 cell-treated patients" beside two
cell arms: no alias names one), make no item: never a guess. Counts that size a group rather than count events are
left alone: in a sentence that allocates or loses patients (``event_counts.disposes``), after "the",
"among", "of" or inside a bracket ("among the 21 CD34 patients", "(14 UCM-204, 7 sham)"), before a "respectively"
list, or bare counts of a subgroup ("21 CD34 patients and 18 SMT patients with tissue loss").
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from stemfoot.extract.event_counts import disposes
from stemfoot.extract.numbers import COUNT, parse_count
from stemfoot.extract.pattern_data import load_patterns

#: This module's regexes, as data in patterns/arm_counts.json (compiled once, here).
_RX = load_patterns("arm_counts", COUNT=COUNT)
#: How far back the count may start before the arm's name ("17 of the 124 ").
_LEAD_WINDOW = 24


@dataclass(frozen=True)
class ArmCount:
    """One count of events and the arm its own words name (offsets relative to the sentence)."""

    start: int
    end: int
    events: int
    total: int | None
    arm: str
    #: Where the arm's name lies (``start``..``end`` holds it).
    name: tuple[int, int]
    #: Whether the noun of people follows this item itself (the last item of a list always has it).
    headed: bool


def _item(text: str, mention: tuple[int, int, str]) -> ArmCount | None:
    """The count right before one arm mention, with the noun after it if there is one."""
    m0, m1, arm = mention
    lead = _RX.LEAD.search(text, max(0, m0 - _LEAD_WINDOW), m0)
    if lead is None or lead.end() != m0:
        return None
    events = parse_count(lead.group("e"))
    total = parse_count(lead.group("t")) if lead.group("t") else None
    if events is None or (total is not None and events > total):
        return None
    if _RX.NOT_BEFORE.search(text, 0, lead.start()) or text.count("(", 0, m0) > text.count(")", 0, m0):
        return None
    tail = _RX.TAIL.match(text, m1)
    if tail is not None:
        return ArmCount(lead.start(), tail.end(), events, total, arm, (m0, m1), True)
    if _RX.HEAD_END.search(text, m0, m1):
        # A role word of the inventory that holds the noun itself ("five control patients").
        return ArmCount(lead.start(), m1, events, total, arm, (m0, m1), True)
    return ArmCount(lead.start(), m1, events, total, arm, (m0, m1), False)


def _chains(text: str, items: list[ArmCount]) -> list[list[ArmCount]]:
    """Items joined by list words ("," "and" "versus"), each chain closed by an item with its noun."""
    chains: list[list[ArmCount]] = []
    run: list[ArmCount] = []
    for it in items:
        if run and not run[-1].headed and _RX.JOIN.fullmatch(text, run[-1].end, it.start):
            run.append(it)
        elif run and run[-1].headed and _RX.JOIN.fullmatch(text, run[-1].end, it.start):
            chains.append(run)
            run = [it]
        else:
            if run and run[-1].headed:
                chains.append(run)
            run = [it]
        if it.headed:
            chains.append(run)
            run = []
    return chains


def arm_counts(text: str, mentions: Sequence[tuple[int, int, str]]) -> list[ArmCount]:
    """The counts of one sentence whose arm is named between the number and its noun.

    ``mentions``: (start, end, arm key) of the arms the sentence names, offsets relative to it."""
    if not mentions or disposes(text):
        return []
    items = [it for it in (_item(text, m) for m in sorted(mentions)) if it is not None]
    out: list[ArmCount] = []
    for chain in _chains(text, items):
        if len({it.arm for it in chain}) != len(chain):
            # One arm twice in a list counts times or subgroups of that arm, not one count per arm.
            continue
        end = chain[-1].end
        if _RX.RESPECTIVELY.search(text, end):
            continue
        if all(it.total is None for it in chain) and _RX.SUBGROUP_AFTER.match(text, end):
            continue
        out.extend(chain)
    return out
