"""Percentages that are mean changes, not shares of patients.

"Ulcer area had decreased by a mean of 29.4%", "the mean reduction in ulcer area was 81.6% in group A",
"the mean wound area had decreased by 68%": each percentage is the mean of a continuous measure
(a relative change, in %), pooled as a mean difference; read as a share of patients it would be pooled
as a proportion. The number grammar types any "x%" as ``percent``; :func:`retype_mean_changes` then
retypes, in one sentence, the bare percentages of a clause that speaks of a mean (or average) change.

It leaves a percentage alone where the clause is not about a mean change ("mean age 64 years; 45% were
men"), where the percentage has a denominator or a population ("45% of patients", "45% (9/20)",
"(n = 9)"), and after another kind of value in the clause ("mean reduction 4.2 cm2 and healing 60%").
Pure functions on text; no spaCy.
"""
from __future__ import annotations

from stemfoot.extract.pattern_data import load_patterns

#: This module's regexes, as data in patterns/mean_change.json (compiled once, here).
_RX = load_patterns("mean_change")
#: Kinds of value that make a later percentage in the clause a different result.
_OTHER_KINDS = {"events", "mean_sd", "mean", "median", "effect"}


def mean_change_scope(text: str, start: int) -> bool:
    """Whether the clause before offset ``start`` of a sentence reports a mean (or average) change (and not
    the share of patients with one: "the proportion with a mean ABI increase of 0.1 was 40%")."""
    head = text[:start]
    cut = max((m.end() for m in _RX.CLAUSE_END.finditer(head)), default=0)
    clause = head[cut:]
    return bool(_RX.MEAN.search(clause) and _RX.CHANGE.search(clause) and not _RX.SHARE_WORDS.search(clause))


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
        cut = max((m.end() for m in _RX.CLAUSE_END.finditer(text[:a])), default=0)
        if any(found[j][2].get("kind") in _OTHER_KINDS and found[j][0] >= cut and j not in done
               and not _RX.TIME_LIST.search(text[:found[j][0]]) for j in ordered[:pos]):
            continue
        stat.update(kind="mean", mean=stat["percent"], percent=None)
        stat.setdefault("flags", []).append("mean_percent_change")
        done.append(i)
    return done
