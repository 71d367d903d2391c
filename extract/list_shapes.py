"""List shapes: which arm, time and before/after role each value of a sentence's list takes (issue 11).

A sentence that lists values for several arms does it in a few shapes:

- one value per arm: "3.13%, 6.25% and 18.75%, respectively";
- one before -> after pair per arm: "from a to b and from c to d, respectively", "decreased from a to b in
  group A and from c to d in group B";
- arms x times, arm by arm: "at 4 and 12 weeks ... was x and y, respectively, versus u and v in the control
  group", "38% at week 12 and 64% at week 26 with cells, versus 21% and 40% with placebo";
- arms x times, time by time: "52% and 24% at week 4 and 89% and 51% at week 12".

:func:`fit_shape` takes the values' spans in order, the arms in the order the values follow (the sentence's
names, or the inventory's order when the sentence names none), the sentence's distinct times and its arm
mentions, and returns a :class:`Slot` per value only when the count of values and the words between them fit
one shape exactly; otherwise None, and the caller keeps what it had. Plain Python, no spaCy.
"""
from __future__ import annotations

from dataclasses import dataclass

from stemfoot.extract.pattern_data import load_patterns

_RX = load_patterns("list_shapes")


@dataclass(frozen=True)
class Slot:
    """Where one value of a list goes: an arm (label), a time (label or None) and a role (``baseline`` /
    ``follow-up`` for the ends of a before -> after pair, else None). ``shape`` names the shape read."""
    arm: str
    time: str | None
    role: str | None
    shape: str


def _gaps(text: str, values: list[tuple[int, int]]) -> list[str] | None:
    out = []
    for (_, a), (b, _) in zip(values, values[1:]):
        if b < a or not _RX.GAP.match(text[a:b]):
            return None
        out.append(text[a:b])
    return out


def _has(spans: list[tuple[int, int, str]], a: int, b: int) -> bool:
    return any(a <= s < b for s, _, _ in spans)


def fit_shape(text: str, values: list[tuple[int, int]], arms: list[str],
              times: list[tuple[int, int, str]] | None = None,
              mentions: list[tuple[int, int, str]] | None = None) -> list[Slot] | None:
    """A slot for each value (``values``: (start, end) in ``text``, in order) or None when no shape fits.

    ``arms``: the k arms in the order their values come (k >= 2, distinct). ``times``: the sentence's time
    mentions (start, end, label), in order; their distinct labels are the t times. ``mentions``: the arm
    mentions (start, end, arm) of the sentence; one between two values must name the arm of the value before
    or after it (else the order given is not the sentence's). Shapes, all exact:

    - before -> after pairs (every other gap a "to"/"→" link, no comparison in it): n = 2k, pair j is arm j's;
    - no links, n = k, fewer than two times: value j is arm j's;
    - no links, n = k x t (k, t >= 2): arm by arm when a gap between arm blocks has "versus"/"respectively"/an
      arm name and no gap inside a block has one; time by time when a gap between time blocks names a time
      and no gap inside a block has a time; exactly one of the two readings must hold.
    """
    times = times or []
    mentions = mentions or []
    n, k = len(values), len(arms)
    if k < 2 or len(set(arms)) != k or n < 2:
        return None
    gaps = _gaps(text, values)
    if gaps is None:
        return None
    spans = [(values[i][1], values[i + 1][0]) for i in range(n - 1)]
    links = [bool(_RX.PAIR_TO.search(g)) and not _RX.NOT_A_PAIR.search(g) and not _has(mentions, a, b)
             for g, (a, b) in zip(gaps, spans)]
    labels = list(dict.fromkeys(t[2] for t in times))
    if any(links):
        # One pair per arm: links exactly at gaps 0, 2, 4, ...; the gaps between pairs are no links.
        if n != 2 * k or any(link != (i % 2 == 0) for i, link in enumerate(links)):
            return None
        slots = [Slot(arms[i // 2], None, "baseline" if i % 2 == 0 else "follow-up", "pairs") for i in range(n)]
    elif n == k:
        if len(labels) >= 2:
            # "ABI at 3 and 6 months was a and b": the values may run over the times, not the arms.
            return None
        slots = [Slot(arms[i], None, None, "per_arm") for i in range(n)]
    elif len(labels) >= 2 and n == k * len(labels):
        t = len(labels)

        def arm_gap(g: str, a: int, b: int) -> bool:
            return bool(_RX.ARM_BREAK.search(g)) or _has(mentions, a, b)

        def time_gap(a: int, b: int) -> bool:
            return _has(times, a, b)

        # Arm by arm: blocks of t values; time by time: blocks of k values.
        by_arm = (any(arm_gap(gaps[i], *spans[i]) for i in range(t - 1, n - 1, t))
                  and not any(arm_gap(gaps[i], *spans[i]) for i in range(n - 1) if (i + 1) % t))
        by_time = (any(time_gap(*spans[i]) for i in range(k - 1, n - 1, k))
                   and not any(time_gap(*spans[i]) for i in range(n - 1) if (i + 1) % k))
        if by_arm == by_time:
            return None
        if by_arm:
            slots = [Slot(arms[i // t], labels[i % t], None, "arms_by_time") for i in range(n)]
        else:
            slots = [Slot(arms[i % k], labels[i // k], None, "times_by_arm") for i in range(n)]
    else:
        return None
    if not _names_agree(values, slots, mentions):
        return None
    # A name inside a value's own words must be that value's arm.
    for (a, b), slot in zip(values, slots):
        if any(a <= s < b and arm != slot.arm for s, _, arm in mentions):
            return None
    return slots


def _names_agree(values: list[tuple[int, int]], slots: list[Slot], mentions: list[tuple[int, int, str]]) -> bool:
    """Arms named among the values name them one way throughout: each names the values before it ("from a
    to b in group A and from c to d in group B"; no name before the first value then) or each names the
    values after it ("in group A from a to b, and in group B from c to d"; no name after the last value)."""
    r0, r1 = values[0][0], values[-1][1]
    inside = [m for m in mentions if r0 <= m[0] < r1 and not any(a <= m[0] < b for a, b in values)]
    if not inside:
        return True
    before = [m for m in mentions if m[0] < r0]
    after = [m for m in mentions if m[0] >= r1]

    def arm_before(pos: int) -> str:
        return [sl for (a, _), sl in zip(values, slots) if a < pos][-1].arm

    def arm_after(pos: int) -> str:
        return [sl for (a, _), sl in zip(values, slots) if a > pos][0].arm
    names_back = not before and all(arm == arm_before(s) for s, _, arm in inside + after)
    names_on = not after and all(arm == arm_after(s) for s, _, arm in before + inside)
    return names_back or names_on


def lead_ok(text: str, clause_start: int, first_value: int, named: bool) -> bool:
    """Whether the words before a list's first value (from its clause's start) leave the arms' order as
    given: no comparator opening the clause ("Compared with controls, ..."); and, when the sentence names
    no arm (the order is the inventory's), no list of subjects the values could run over ("Bone pain and
    fever occurred in 6 and 2 patients, respectively")."""
    lead = text[clause_start:first_value]
    if _RX.COMPARED_LEAD.search(lead):
        return False
    return named or not _RX.SUBJECT_LIST.search(lead)


def after_time_lead(text: str, clause_start: int, first_value: int, times: list[tuple[int, int, str]]) -> int:
    """Where a list's lead starts once a leading time phrase is passed ("At 12 weeks, 60% and 30% ...", "At 4 and
    12 weeks, ..."): the time says when, not which arm, and its number is no value of the list. ``times``: the
    clause's time mentions (start, end, label); ``clause_start`` itself when the clause opens with none."""
    pos = clause_start
    for start, end, _ in sorted(times):
        if not clause_start <= start < first_value or not _RX.TIME_LEAD_GAP.fullmatch(text, pos, start):
            break
        pos = end
    tail = _RX.TIME_LEAD_END.match(text, pos, first_value) if pos > clause_start else None
    return tail.end() if tail else clause_start


def gap_ok(gap: str) -> bool:
    """Whether ``gap`` may stand between two values of one list (no ";", a short stretch)."""
    return _RX.GAP.match(gap) is not None


def whole_run(text: str, clause_start: int, first_value: int, last_end: int, clause_end: int) -> bool:
    """Whether a run of values is the whole list: no number joined to it by list words right before its
    first value or right after its last ("5.1, 9.3 and 12.0 mmHg" where 5.1 was not read with the others)."""
    return (_RX.LIST_BEFORE.search(text[clause_start:first_value]) is None
            and _RX.LIST_AFTER.match(text[last_end:clause_end]) is None)


def one_side_list(text: str, values: list[tuple[int, int]], mentions: list[tuple[int, int, str]],
                  name_sep) -> bool:
    """Whether the arm names of a one-value-per-arm list lie all before its values or all after them, joined
    by list words only (``name_sep``: a pattern for the words between two names): "in groups A, B and C
    was a, b and c"; not "a in cohort 1, and b in cohort 2" (each value's own clause decides those)."""
    r0, r1 = values[0][0], values[-1][1]
    ms = sorted(mentions)
    if not ms or not (all(m[1] <= r0 for m in ms) or all(m[0] >= r1 for m in ms)):
        return False
    return all(name_sep.match(text[a[1]:b[0]]) for a, b in zip(ms, ms[1:]))
