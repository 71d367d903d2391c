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

A bracket of sized arm names after the group a sentence opens with gives the denominators of the "respectively"
list that follows (``bracket_totals``): "Among the 21 patients with ulcers at baseline (14 UCM-204, 7 sham),
complete healing occurred in 9 and 2, respectively" is 9 of 14 UCM-204 and 2 of 7 sham.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from stemfoot.extract.event_counts import disposes
from stemfoot.extract.numbers import COUNT, parse_count, static_rx
from stemfoot.extract.pattern_data import load_patterns

#: This module's regexes, as data in patterns/arm_counts.json (compiled once, here).
_RX = load_patterns("arm_counts", COUNT=COUNT)
#: How far back the count may start before the arm's name ("17 of the 124 (13.7%) ").
_LEAD_WINDOW = 34
#: How far back a list's "in" is looked for (``IN_LEAD``: "in" and the spaces up to the first count).
_IN_WINDOW = 8


@dataclass(frozen=True)
class ArmCount:
    """One count of events and the arm its own words name (offsets relative to the sentence)."""

    start: int
    end: int
    events: int
    total: int | None
    arm: str
    #: Whether the noun of people follows this item itself (the last item of a list always has it).
    headed: bool
    #: Whether its leading words make it a group's size ("among the 14 BMAC"): the list it opens sizes groups too.
    sizes: bool = False


def _item(text: str, mention: tuple[int, int, str], in_bracket: bool = False) -> ArmCount | None:
    """The count right before one arm mention, with the noun after it if there is one (``in_bracket``: an item of
    a bracket of sized names, which the guards against sizes would mark as sizes)."""
    m0, m1, arm = mention
    lead = _RX.LEAD.search(text, max(0, m0 - _LEAD_WINDOW), m0)
    if lead is None or lead.end() != m0:
        return None
    events = parse_count(lead.group("e"))
    total = parse_count(lead.group("t")) if lead.group("t") else None
    if events is None or (total is not None and events > total):
        return None
    if in_bracket:
        return ArmCount(lead.start(), m1, events, total, arm, False)
    sizes = bool(_RX.NOT_BEFORE.search(text, 0, lead.start())) or text.count("(", 0, m0) > text.count(")", 0, m0)
    tail = _RX.TAIL.match(text, m1)
    if tail is not None:
        return ArmCount(lead.start(), tail.end(), events, total, arm, True, sizes)
    if _RX.HEAD_END.search(text, m0, m1):
        # A role word of the inventory that holds the noun itself ("five control patients").
        return ArmCount(lead.start(), m1, events, total, arm, True, sizes)
    return ArmCount(lead.start(), m1, events, total, arm, False, sizes)


def _chains(text: str, items: list[ArmCount]) -> list[list[ArmCount]]:
    """Items joined by list words ("," "and" "versus"), each chain closed by an item with its noun; items no noun
    closes are dropped."""
    chains: list[list[ArmCount]] = []
    run: list[ArmCount] = []
    for it in items:
        run = [*run, it] if run and _RX.JOIN.fullmatch(text, run[-1].end, it.start) else [it]
        if it.headed:
            chains.append(run)
            run = []
    return chains


def arm_counts(text: str, mentions: Sequence[tuple[int, int, str]]) -> list[ArmCount]:
    """The counts of one sentence whose arm is named between the number and its noun, and those a bracket of
    sized arm names gives the denominators of (``bracket_totals``).

    ``mentions``: (start, end, arm key) of the arms the sentence names, offsets relative to it."""
    if not mentions:
        return []
    return (named_counts(text, mentions) if not disposes(text) else []) + bracket_totals(text, mentions)


def bracket_totals(text: str, mentions: Sequence[tuple[int, int, str]]) -> list[ArmCount]:
    """"Among the 21 patients with ulcers at baseline (14 UCM-204, 7 sham), complete healing occurred in 9 and 2,
    respectively": each count of the "respectively" list with its arm and that arm's size from the bracket. The
    bracket must follow the group the sentence opens with ("Among/Of/In the N ...") and hold nothing but one
    sized name per arm; the list must have one count per item, none above its size, no noun but one of people
    after it ("9 and 4 adverse events", "4 and 2 points") and say no disposition ("28 and 27, respectively,
    completed follow-up")."""
    out: list[ArmCount] = []
    for open_at in (i for i, ch in enumerate(text) if ch == "("):
        close = text.find(")", open_at)
        if close < 0 or not _RX.GROUP_LEAD.search(text, 0, open_at + 1):
            continue
        sized = [(it, m) for m in sorted(mentions) if open_at < m[0] < close
                 for it in [_item(text, m, in_bracket=True)] if it is not None]
        if len(sized) < 2 or len({it.arm for it, _ in sized}) != len(sized) or not _only_items(text, open_at + 1,
                                                                                                close, sized):
            continue
        listed = _RX.COUNT_LIST.search(text, close)
        if listed is None or not _RX.RESPECTIVELY.search(text, listed.end()) or disposes(text[close:]):
            continue
        if _RX.NOT_PEOPLE_AFTER.match(text, listed.end("list")):
            # "9 and 4 adverse events", "by 4 and 2 points": the bracket's sizes in patients divide none of them.
            continue
        counts = [(c.start(), c.end(), parse_count(c.group()))
                  for c in static_rx(COUNT).finditer(text, *listed.span("list"))]
        if len(counts) != len(sized) or any(v is None or v > it.events for (_, _, v), (it, _) in zip(counts, sized)):
            continue
        out.extend(ArmCount(a, b, v, it.events, it.arm, True) for (a, b, v), (it, _) in zip(counts, sized))
    return out


def _only_items(text: str, start: int, end: int, sized: list[tuple[ArmCount, tuple[int, int, str]]]) -> bool:
    """Whether text[start:end] holds the sized names and list separators only."""
    pos = start
    for it, m in sized:
        if not _RX.BRACKET_SEP.fullmatch(text, pos, it.start):
            return False
        pos = m[1]
    return _RX.BRACKET_SEP.fullmatch(text, pos, end) is not None


def _quiet_list(text: str, start: int, size: int) -> bool:
    """Whether a list of ``size`` arm-named counts starting at ``start`` is read in a sentence with no event word:
    two arms or more after "in" (``IN_LEAD``), in a clause with no form of "be" before it (``BE_LEAD``: "was
    available in", "was 64.2 years in", "were obtained in" name the groups, not who reached an outcome)."""
    if size < 2 or not _RX.IN_LEAD.search(text, max(0, start - _IN_WINDOW), start):
        return False
    clause = max((m.end() for m in _RX.CLAUSE_END.finditer(text, 0, start)), default=0)
    return _RX.BE_LEAD.search(text, clause, start) is None


def named_counts(text: str, mentions: Sequence[tuple[int, int, str]], lists_only: bool = False) -> list[ArmCount]:
    """The counts whose arm is named between the number and its noun (single, pairs and lists).

    ``lists_only``: keep only lists that name two or more arms after "in" ("covered the wound bed in 28 SVF-PRP and
    17 PRP patients"), for a sentence with no word that says an event happened: a count per named arm where the
    outcome was seen is an outcome count there, while a lone "in 12 BMAC patients" may be the group a value was
    measured in, a list that is the subject ("36 SVF and 35 standard-care patients were treated per protocol")
    sizes the groups, and one after a form of "be" ("was available in 27 A and 25 B patients") names the groups
    something was done to or measured in (``_quiet_list``: ``IN_LEAD``, ``BE_LEAD``)."""
    items = [it for it in (_item(text, m) for m in sorted(mentions)) if it is not None]
    out: list[ArmCount] = []
    for chain in _chains(text, items):
        if lists_only and not _quiet_list(text, chain[0].start, len(chain)):
            continue
        if any(it.sizes for it in chain):
            # "Among the 14 BMAC and 12 control patients": the words before a list's first count size all of it.
            continue
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
