"""Pairs of values in the bracket of a comparative that names its arm: "more frequent with B (x vs y)" -> x is B's.

"Infusion-related headache was more frequent with iloprost (12 vs 3 patients)": the comparative is true of the arm
it names, so the pair's first value is that arm's and the second the other side's (the arm named after a "than"
past the bracket, else the one other arm of a two-arm trial). The inventory's order says nothing here (the cell arm
comes first in the inventory, the comparator first in this pair).

Pure functions over text, statistic dicts and arm mentions ((start, end, label); no spaCy; tests in
tests/extract/test_round32_sources.py).
"""
from __future__ import annotations

from stemfoot.extract.pattern_data import load_patterns

_RX = load_patterns("comparative_arms")
#: Kinds of one arm's value.
VALUE_KINDS = {"events", "percent", "mean_sd", "mean", "median"}


def _sentence(st: dict) -> tuple[int, int]:
    ev = st["evidence"]
    return ev.get("sentence_start", 0), ev.get("sentence_end", 0)


def comparative_pair_arms(text: str, values: list[dict], mentions: list[tuple[int, int, str]],
                          arms: list[str]) -> dict[int, str]:
    """Value index -> arm for each pair "<comparative> <arm> (x vs y)" (module doc); ``arms``: the base arms'
    labels. Nothing where the other side is not settled (three or more arms and no "than" arm)."""
    out: dict[int, str] = {}
    order = sorted(range(len(values)), key=lambda k: values[k]["evidence"]["start"])
    for a, b in zip(order, order[1:]):
        x, y = values[a], values[b]
        if x["kind"] not in VALUE_KINDS or y["kind"] != x["kind"] or _sentence(x) != _sentence(y):
            continue
        xs, xe, ys, ye = x["evidence"]["start"], x["evidence"]["end"], y["evidence"]["start"], y["evidence"]["end"]
        if not _RX.PAIR_GAP.match(text[xe:ys]):
            continue
        s0, s1 = _sentence(x)
        before = [m for m in mentions if s0 <= m[0] and m[1] <= xs and _RX.BRACKET_OPEN.match(text[m[1]:xs])]
        if not before:
            continue
        start, end, subject = max(before)
        if not _RX.COMPARATIVE_BEFORE_ARM.search(text[max(s0, start - 60):start]):
            continue
        close = text.find(")", ye, s1)
        than = [m for m in mentions if close >= 0 and m[0] > close and _RX.THAN_ARM.match(text[ye:m[0]])
                and m[2] != subject]
        others = [label for label in arms if label != subject]
        other = than[0][2] if than else (others[0] if len(arms) == 2 and subject in arms else None)
        if other is None:
            continue
        out[a], out[b] = subject, other
    return out


def comparative_arms_stage(text: str, statistics: list[dict], mentions: list[tuple[int, int, str]],
                            roles: dict[str, str | None]) -> list[int]:
    """In place: the pairs :func:`comparative_pair_arms` reads take those arms where attribution only guessed
    them by order or left them open (flag ``arm_by_comparative``). Returns the indexes changed."""
    base = [label for label in roles]
    values = [st for st in statistics if st["kind"] in VALUE_KINDS and st.get("target") != "cohort"]
    index = {id(st): i for i, st in enumerate(statistics)}
    changed: list[int] = []
    for k, arm in comparative_pair_arms(text, values, mentions, base).items():
        st = values[k]
        if st.get("arm") == arm:
            continue
        guessed = st.get("target") == "unattributed" or any(f.startswith("arm_by_order") for f in st["flags"])
        if not guessed:
            continue
        st["target"], st["arm"], st["arm_role"] = "arm", arm, roles.get(arm)
        st["flags"] = [f for f in st["flags"] if f != "review_attribution" and not f.startswith("arm_by_")] + [
            "arm_by_comparative"]
        changed.append(index[id(st)])
    return changed
