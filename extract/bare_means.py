"""Bare means: a pair of values across two arms after a continuous measure's noun, without "mean" (round 34).

"The groups were similar in age (69.1 vs 70.4 years) and diabetes duration (17.2 vs 16.5 years)", "ABI at 24 weeks
was 0.71 in the treatment group vs 0.68 in the control group (NS)": the golds file each as a pair of arm means; the
number grammar reads a mean only after "mean"/"average". This reader takes the pair only in two shapes
(``BRACKET_PAIR``, ``ARM_PAIR``) after a noun of a continuous measure (``NOUN``: age, ABI, TcPO2, HbA1c, ulcer area
...), never in a sentence with another summary word, a spread, counts or rates (``OTHER_SUMMARY``: a median's or a
count's pair is not a mean) or whose subject is an outcome subgroup (``SUBGROUP_SUBJECT``: "Amputated patients had
lower ABI (0.41 vs 0.63)"), never for a change, gap or difference (``CHANGE_WORD`` between the noun and the pair,
``CHANGE_BEFORE`` before the noun: "The HbA1c reduction (1.2 vs 0.3)"), and only for values with a decimal or a
unit (a bare integer pair may be counts). Plain text, no spaCy.
"""
from __future__ import annotations

from collections.abc import Callable

from stemfoot.extract.numbers import NUM
from stemfoot.extract.pattern_data import load_patterns

_BASE = load_patterns("bare_means", NOUN="", UNIT="", NUM=NUM)
_RX = load_patterns("bare_means", NOUN=_BASE.NOUN.pattern, UNIT=_BASE.UNIT.pattern, NUM=NUM)


def pair_means(text: str, free: Callable[[int, int], bool]) -> list[tuple[int, int, str]]:
    """(start, end, raw number) of both values of each bare arm pair of a sentence ``text`` (see the module);
    ``free(start, end)`` says whether no other reader has claimed the characters. Both or neither."""
    if _RX.OTHER_SUMMARY.search(text) or _RX.SUBGROUP_SUBJECT.search(text):
        return []
    out: list[tuple[int, int, str]] = []
    for rx in (_RX.BRACKET_PAIR, _RX.ARM_PAIR):
        for m in rx.finditer(text):
            a, b = m.group("a"), m.group("b")
            if not ("." in a or "." in b or m.group("u1") or m.group("u2")):
                continue
            mid = m.groupdict().get("mid") or ""
            if _RX.CHANGE_WORD.search(mid) or _RX.CHANGE_BEFORE.search(text[max(0, m.start() - 60):m.start()]):
                continue
            spans = [(m.start(g), m.end(g), m.group(g)) for g in ("a", "b")]
            if all(free(s, e) for s, e, _ in spans):
                out.extend(spans)
    return out
