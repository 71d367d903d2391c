"""Percentages that are mean changes, not shares of patients.

"Ulcer area had decreased by a mean of 29.4%", "the mean reduction in ulcer area was 81.6% in group A",
"the mean wound area had decreased by 68%": each percentage is the mean of a continuous measure
(a relative change, in %), pooled as a mean difference; read as a share of patients it would be pooled
as a proportion. The number grammar types any "x%" as ``percent``; :func:`retype_percent_changes` retypes
the bare percentages that a verb of change and "by" governs ("increased by 19.4% in the ALDHbr group and
decreased by 2.1% in the placebo group", "decreased by 72.5%, 60.3% and 31.8% in G1, G2 and G3"), before a
decrease is signed; :func:`retype_mean_changes` then retypes, in one sentence, the bare percentages of a clause
that speaks of a mean (or average) change, and :func:`retype_median_changes` those of a clause that speaks of the
median of a change ("Median ulcer area reduction at week 8 was 71% versus 43%": two medians, not two shares).

It leaves a percentage alone where the clause is not about a mean change ("mean age 64 years; 45% were
men"), where the percentage has a denominator or a population ("45% of patients", "45% (9/20)",
"(n = 9)"), and after another kind of value in the clause ("mean reduction 4.2 cm2 and healing 60%").
Pure functions on text; no spaCy.
"""
from __future__ import annotations

from stemfoot.extract import vocabulary
from stemfoot.extract.pattern_data import load_patterns

#: This module's regexes, as data in patterns/mean_change.json (compiled once, here).
_RX = load_patterns("mean_change")
#: Kinds of value that make a later percentage in the clause a different result.
_OTHER_KINDS = {"events", "mean_sd", "mean", "median", "effect"}


def mean_change_scope(text: str, start: int) -> bool:
    """Whether the clause before offset ``start`` of a sentence reports a mean (or average) change (and not
    the share of patients with one: "the proportion with a mean ABI increase of 0.1 was 40%")."""
    clause = _clause_head(text, start)
    return bool(_RX.MEAN.search(clause) and _RX.CHANGE.search(clause) and not _RX.SHARE_WORDS.search(clause))


def _clause_head(text: str, start: int) -> str:
    """The words of the clause before offset ``start`` (``CLAUSE_END`` ends a clause)."""
    head = text[:start]
    return head[max((m.end() for m in _RX.CLAUSE_END.finditer(head)), default=0):]


def _clause_tail(text: str, end: int) -> str:
    """The words of the clause after offset ``end``, up to its end (``CLAUSE_END``)."""
    m = _RX.CLAUSE_END.search(text, end)
    return text[end:m.start() if m else len(text)]


def _as_mean(stat: dict) -> None:
    """A percentage retyped as the mean of a relative change (unit %)."""
    stat.update(kind="mean", mean=stat["percent"], percent=None)
    stat.setdefault("flags", []).append("mean_percent_change")


def retype_percent_changes(text: str, found: list[tuple[int, int, dict]]) -> list[int]:
    """Retype, in place, the bare percentages of ``found`` that a verb of change and "by" governs, and each later
    member of their list (a comma or "and (by)" between, no verb): kind ``mean`` (see :func:`_as_mean`). Not a
    percentage of people ("by 20% of patients", "(9/20)"), one in a clause of shares, risks, events or thresholds
    ("mortality decreased by 25%", "patients whose TcPO2 increased by 30%"), nor one that a threshold, the people
    who reached it or a comparison with another arm follows ("by 30% or more", "by 50% in 14 patients", "by 20%
    compared with controls"). Returns the indexes retyped."""
    done: list[int] = []
    prev: int | None = None  # the end of the last member retyped, while its list may go on
    for i in sorted(range(len(found)), key=lambda k: found[k][0]):
        a, b, stat = found[i]
        member = prev is not None and _RX.LIST_GAP.search(text[prev:a]) is not None \
            and not _RX.VERB_IN_GAP.search(text[prev:a])
        prev = None
        if stat.get("kind") != "percent" or stat.get("events") is not None or stat.get("percent") is None:
            continue
        if not (member or _RX.CHANGE_BY_LEAD.search(text[:a])) or _RX.SHARE_AFTER.match(text, b) \
                or _RX.NOT_CHANGE_WORDS.search(_clause_head(text, a)) or _RX.NOT_ARM_CHANGE_AFTER.match(_clause_tail(text, b)):
            continue
        _as_mean(stat)
        done.append(i)
        prev = b
    return done


def _share_pair(text: str, end: int) -> bool:
    """Whether the percentage ending at ``end`` is followed by a next member of its pair that is a share of people
    ("HbA1c was 8.1% and 35% vs 15% of ulcers healed": 35% pairs with a share, so it is one too; only the next
    member is read, so 8.1% before it stays a level)."""
    m = _RX.NEXT_PERCENT.match(text, end)
    return bool(m and _RX.SHARE_AFTER.match(text, m.end()))


def retype_percent_levels(text: str, found: list[tuple[int, int, dict]]) -> list[int]:
    """Retype, in place, the bare percentages of ``found`` (sentence offsets) that are the level of a measure in
    percent ("mean HbA1c was 8.6%", "HbA1c 8.4% vs 8.6%"): the name of such a measure stands before the value with
    only linking words between (``LEVEL_GAP``: no threshold, change or other value), or the value follows one
    retyped so as the next member of its pair or list (``PAIR_GAP``). A share of people ("45% of patients"), a
    value whose pair or list goes on to one ("35% vs 15% of ulcers") and a threshold ("8% or higher") stay.
    Kind ``mean`` (unit %), flag ``percent_level``. Returns the indexes retyped."""
    done: list[int] = []
    prev: int | None = None  # the end of the last value retyped, while its pair or list may go on
    for i in sorted(range(len(found)), key=lambda k: found[k][0]):
        a, b, stat = found[i]
        member = prev is not None and _RX.PAIR_GAP.match(text[prev:a]) is not None
        prev = None
        if stat.get("kind") != "percent" or stat.get("events") is not None or stat.get("percent") is None \
                or _RX.SHARE_AFTER.match(text, b) or _RX.THRESHOLD_AFTER.match(text, b) or _share_pair(text, b):
            continue
        if not member:
            head = _clause_head(text, a)
            names = [h for h in vocabulary.outcomes().find(head) if h.term.id in vocabulary.outcome_ids("unit_percent")]
            if not names or not _RX.LEVEL_GAP.match(head[names[-1].end:]):
                continue
        # A level, not a change: flagged apart so the readers of changes leave it alone.
        stat.update(kind="mean", mean=stat["percent"], percent=None)
        stat.setdefault("flags", []).append("percent_level")
        done.append(i)
        prev = b
    return done


def retype_mean_changes(text: str, found: list[tuple[int, int, dict]]) -> list[int]:
    """Retype, in place, the bare percentages of ``found`` (sentence offsets, grammar statistics) that a
    clause about a mean change governs: kind ``mean``, the value in ``mean``, flag ``mean_percent_change``
    (the unit is %). Returns the indexes retyped."""
    done = []
    ordered = sorted(range(len(found)), key=lambda i: found[i][0])
    for pos, i in enumerate(ordered):
        a, b, stat = found[i]
        if stat.get("kind") != "percent" or stat.get("events") is not None or stat.get("percent") is None:
            continue
        if not mean_change_scope(text, a) or _RX.SHARE_AFTER.match(text, b):
            continue
        cut = a - len(_clause_head(text, a))
        # A percentage change retyped before (``retype_percent_changes``) is a member of the same list, not another
        # kind of value: "improved by a mean of 16.2% (SE 4.1) in the cell group and 3.4% (SE 5.3) in ...".
        if any(found[j][2].get("kind") in _OTHER_KINDS and found[j][0] >= cut and j not in done
               and "mean_percent_change" not in found[j][2].get("flags", [])
               and not _RX.TIME_LIST.search(text[:found[j][0]]) for j in ordered[:pos]):
            continue
        _as_mean(stat)
        done.append(i)
    return done


def _median_head(text: str, start: int) -> str:
    """The words of the clause before offset ``start``, cut also where a new subject begins after a comma
    (``MEDIAN_CLAUSE_BREAK``: "..., and complete healing occurred in")."""
    head = _clause_head(text, start)
    # Searched in the sentence, not the head: cut at ``start``, "71% in the cell group, and " would lose the "43%"
    # after it and read as a break before a new subject.
    begin = start - len(head)
    cut = max((m.end() for m in _RX.MEDIAN_CLAUSE_BREAK.finditer(text, begin) if m.end() <= start), default=begin)
    return text[cut:start]


def median_nearest(head: str) -> bool:
    """Whether "median" is the last summary word of ``head`` (``SUMMARY``; also value_kinds': a median's interval
    or range, no mean)."""
    words = _RX.SUMMARY.findall(head)
    return bool(words) and words[-1].lower() == "median"


def median_change_scope(text: str, start: int) -> bool:
    """Whether the clause before offset ``start`` reports the median of a change ("Median ulcer area reduction at
    week 8 was", "median percentage area reduction at week 6 was"): "median" is its summary word nearest before the
    value, of no follow-up, age, time or number of its own, with a change named as a noun after it (not "was reduced
    by") and no share or between-arm word."""
    head = _median_head(text, start)
    words = list(_RX.SUMMARY.finditer(head))
    if not words or words[-1].group().lower() != "median":
        return False
    rest = head[words[-1].end():]
    return not _RX.NOT_MEDIAN_OF.match(rest) and bool(_RX.CHANGE_NOUN.search(rest)) \
        and not _RX.SHARE_WORDS.search(rest) and not _RX.BETWEEN_ARMS.search(rest)


def retype_median_changes(text: str, found: list[tuple[int, int, dict]]) -> list[int]:
    """Retype, in place, the bare percentages of ``found`` that a clause about the median of a change governs
    (``median_change_scope``; "Median ulcer area reduction at week 8 was 71% versus 43%"): kind ``median``, the
    value in ``median`` (a relative change, unit %; a reduction stays positive, gold_conventions 12). Not after
    another kind of value between "median" and it ("median reduction 4.2 cm2 and healing 60%"), nor after a verb
    of its own past the list's last member ("71% in the cell group and healing was 60%"); not a share of people
    (also as a list's first member: "70% vs 20% of ulcers"), a threshold ("occurred in 65%", "of at least 50%";
    ``NOT_MEDIAN_BEFORE``; "50% or greater", ``NOT_MEDIAN_AFTER``) or a between-arm difference ("28% greater in the
    cell group than"; ``COMPARATIVE_AFTER``). Returns the indexes retyped."""
    done: list[int] = []
    ordered = sorted(range(len(found)), key=lambda i: found[i][0])
    for pos, i in enumerate(ordered):
        a, b, stat = found[i]
        if stat.get("kind") != "percent" or stat.get("events") is not None or stat.get("percent") is None:
            continue
        if not median_change_scope(text, a) or _RX.SHARE_AFTER.match(text, b) or _RX.SHARE_LIST_AFTER.match(text, b) \
                or _RX.NOT_MEDIAN_BEFORE.search(text[:a]) or _RX.NOT_MEDIAN_AFTER.match(_clause_tail(text, b)) \
                or _RX.COMPARATIVE_AFTER.match(_clause_tail(text, b)):
            continue
        head = _median_head(text, a)
        cut = a - len(head) + max(m.end() for m in _RX.SUMMARY.finditer(head))
        # The earlier members of its own list ("71% versus 43%") are retyped already; any other value is another
        # result.
        if any(found[j][0] >= cut and j not in done and found[j][2].get("kind") != "p_value" for j in ordered[:pos]):
            continue
        # A verb after the list's last member starts another clause: "71% in the cell group and healing was 60%".
        members = [found[j][1] for j in done if found[j][0] >= cut]
        if members and _RX.VERB_IN_GAP.search(text, max(members), a):
            continue
        stat.update(kind="median", median=stat["percent"], percent=None)
        stat.setdefault("flags", []).append("median_percent_change")
        done.append(i)
    return done
