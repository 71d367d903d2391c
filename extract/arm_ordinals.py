"""The order of arms whose labels are ranks ("Group I", "Group II"; "Arm 1", "Arm 2"; "group A", "group B").

Abstracts list such arms' values in their rank order: "amputation rates of the two groups were 16.7% and 2.8%,
respectively" after "randomised to group I (conventional) and group II (cells)" is group I's value first, whatever
the arms' roles. The readers that otherwise fall back on results order (cell arms first, the control last) use this
order instead when every arm has a rank of one kind.
"""
from __future__ import annotations

from stemfoot.extract.pattern_data import load_patterns

_RX = load_patterns("arm_ordinals")
# The numerals I..XX (no trial has more arms); "IIX" or "VV" is no numeral.
_ROMAN = {numeral: value for value, numeral in enumerate(
    ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
    + ["X" + n for n in ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]], start=1)}


def _roman(s: str) -> int | None:
    """The value of a well-formed Roman numeral up to XX, or None."""
    return _ROMAN.get(s.upper())


def rank(label: str) -> tuple[str, int] | None:
    """(kind, rank) of a ranked arm label: kind "number", "roman" or "letter"; None for other labels."""
    m = _RX.ORDINAL_LABEL.match(label.strip())
    if m is None:
        return None
    token = m.group("after") or m.group("short") or m.group("before")
    if token.isdigit():
        return "number", int(token)
    if len(token) == 1 and token in "ABCDEF":
        # Upper case only: "a group" is an article, not group A.
        return "letter", "ABCDEF".index(token) + 1
    value = _roman(token)
    return ("roman", value) if value is not None else None


def ordinal_order(labels: list[str]) -> list[str] | None:
    """The labels in rank order when every one is ranked, of one kind, and the ranks run from the first (1, 2, 3;
    A, B; I, II); else None: "group E" and "group C" are initials (of experimental and control), not ranks."""
    ranks = [rank(label) for label in labels]
    if len(labels) < 2 or any(r is None for r in ranks) or len({r[0] for r in ranks}) != 1 \
            or sorted(r[1] for r in ranks) != list(range(1, len(ranks) + 1)):
        return None
    return [label for _, label in sorted(zip((r[1] for r in ranks), labels))]
