"""Pairs of values in the bracket of a comparative that names its arm: "more frequent with B (x vs y)" -> x is B's.

"Infusion-related headache was more frequent with iloprost (12 vs 3 patients)": the comparative is true of the arm
it names, so the pair's first value is that arm's and the second the other side's (the arm named after a "than"
past the bracket, else the one other arm of a two-arm trial). The inventory's order says nothing here (the cell arm
comes first in the inventory, the comparator first in this pair).

Round 35 (`than_pair_arms`, `without_pair_arms`): "Ulcers healed faster after intra-arterial than after
intramuscular delivery (median 9 vs 13 weeks)" (each side named before its "than", a route word naming the arm whose
allocation item it describes, `route_arms`), "Group A healed faster than Group B (median 56 vs 70 days)", and "10
weeks (range 4–22) with BM-MNC and 16 weeks (range 8–24) without" (the side without is the other arm of two).

Pure functions over text, statistic dicts and arm mentions ((start, end, label); no spaCy; tests in
tests/extract/test_round32_sources.py and tests/extract/test_round35_sources.py).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from stemfoot.extract.pattern_data import load_patterns

_RX = load_patterns("comparative_arms")
#: Kinds of one arm's value.
VALUE_KINDS = {"events", "percent", "mean_sd", "mean", "median"}


def _sentence(st: dict) -> tuple[int, int]:
    ev = st["evidence"]
    return ev.get("sentence_start", 0), ev.get("sentence_end", 0)


def _pairs(values: list[dict]) -> Iterator[tuple[int, int]]:
    """Index pairs (a, b) of values next to each other in the text, of one kind and in one sentence."""
    order = sorted(range(len(values)), key=lambda k: values[k]["evidence"]["start"])
    for a, b in zip(order, order[1:]):
        x, y = values[a], values[b]
        if x["kind"] in VALUE_KINDS and y["kind"] == x["kind"] and _sentence(x) == _sentence(y):
            yield a, b


def comparative_pair_arms(text: str, values: list[dict], mentions: list[tuple[int, int, str]],
                          arms: list[str]) -> dict[int, str]:
    """Value index -> arm for each pair "<comparative> <arm> (x vs y)" (module doc); ``arms``: the base arms'
    labels. Nothing where the other side is not settled (three or more arms and no "than" arm)."""
    out: dict[int, str] = {}
    for a, b in _pairs(values):
        x, y = values[a], values[b]
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


def _route(word: str) -> str:
    """A route word without hyphen, spaces or adverb ending: "intra-arterially" -> "intraarterial"."""
    return re.sub(r"ly$", "", re.sub(r"[-\s]", "", word.lower()))


def route_arms(text: str, labels: list[str]) -> dict[str, str]:
    """Route -> arm label, from the allocation items a route word describes up to their label's bracket
    ("intramuscular autologous bone marrow MSCs (Arm I, n = 20)", ``ROUTE_TO_BRACKET``; the last route word before
    the bracket only). A route the text gives two arms names none."""
    seen: dict[str, set[str]] = {}
    lower = {label.lower(): label for label in labels}
    for m in _RX.ROUTE_WORD.finditer(text):
        b = _RX.ROUTE_TO_BRACKET.match(text, m.end())
        if not b or _RX.ROUTE_WORD.search(text, m.end(), b.start("label")):
            continue
        name = b.group("label").strip().lower()
        label = lower.get(name) or lower.get(f"{name} group") or lower.get(f"{name} arm")
        if label is not None:
            seen.setdefault(_route(m.group()), set()).add(label)
    return {route: next(iter(arms)) for route, arms in seen.items() if len(arms) == 1}


def than_pair_arms(text: str, values: list[dict], mentions: list[tuple[int, int, str]],
                   arms: list[str]) -> dict[int, str]:
    """Value index -> arm for each pair "<A> … <comparative> than <B> (x vs y)" (``THAN_PAIR``, ``SIDE_TO_PAIR``):
    x is A's, y is B's. A side is an arm mention or a route word that names one arm (`route_arms`); A is the one
    arm named before the "than" other than B. Nothing when a side is not settled, or when the words before the
    "than" name several arms or pool them (``POOLED_SIDE``: "Arms I and II combined")."""
    routes = route_arms(text, arms)
    sides = list(mentions) + [(m.start(), m.end(), routes[_route(m.group())]) for m in _RX.ROUTE_WORD.finditer(text)
                              if _route(m.group()) in routes]
    out: dict[int, str] = {}
    for a, b in _pairs(values):
        x, y = values[a], values[b]
        xs, xe, ys = x["evidence"]["start"], x["evidence"]["end"], y["evidence"]["start"]
        if not _RX.PAIR_GAP.match(text[xe:ys]):
            continue
        s0 = _sentence(x)[0]
        second = [m for m in sides if s0 <= m[0] and m[1] <= xs and _RX.SIDE_TO_PAIR.match(text[m[1]:xs])]
        if not second:
            continue
        b0, _, other = max(second)
        than = _RX.THAN_PAIR.search(text, s0, b0)
        if than is None or than.end() != b0:
            continue
        first = [m for m in sides if s0 <= m[0] and m[1] <= b0 and m[2] != other and ";" not in text[m[1]:b0]]
        if not first or len({m[2] for m in first}) > 1 or _RX.POOLED_SIDE.search(text, s0, than.start()):
            # "Arms I and II combined ... than in Arm III": a pooled side, no one arm's.
            continue
        subject = max(first)[2]
        if subject in arms and other in arms:
            out[a], out[b] = subject, other
    return out


def without_pair_arms(text: str, values: list[dict], mentions: list[tuple[int, int, str]],
                      arms: list[str]) -> dict[int, str]:
    """Value index -> arm for "x with <A> and y without" in a trial of two arms (``WITH_ARM_AFTER``,
    ``WITHOUT_AFTER``): x is A's, y the other arm's."""
    out: dict[int, str] = {}
    if len(set(arms)) != 2:  # two arms of one label: "without" names neither
        return out
    for a, b in _pairs(values):
        x, y = values[a], values[b]
        xe, ys, ye = x["evidence"]["end"], y["evidence"]["start"], y["evidence"]["end"]
        if not _RX.WITHOUT_AFTER.match(text[ye:_sentence(y)[1] or len(text)]):
            continue
        named = [m for m in mentions if xe <= m[0] < ys and _RX.WITH_ARM_AFTER.match(text[xe:m[0]])]
        if not named or named[0][2] not in arms:
            continue
        subject = named[0][2]
        out[a], out[b] = subject, next(label for label in arms if label != subject)
    return out


def comparative_arms_stage(text: str, statistics: list[dict], mentions: list[tuple[int, int, str]],
                            roles: dict[str, str | None]) -> list[int]:
    """In place: the pairs :func:`comparative_pair_arms` reads take those arms where attribution only guessed
    them by order or left them open (flag ``arm_by_comparative``). Returns the indexes changed."""
    base = [label for label in roles]
    values = [st for st in statistics if st["kind"] in VALUE_KINDS and st.get("target") != "cohort"]
    index = {id(st): i for i, st in enumerate(statistics)}
    changed: list[int] = []
    pairs = {**without_pair_arms(text, values, mentions, base), **than_pair_arms(text, values, mentions, base),
             **comparative_pair_arms(text, values, mentions, base)}
    for k, arm in pairs.items():
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
