"""The order of arms whose labels are ranks ("Group I", "Group II"; "Arm 1", "Arm 2"; "group A", "group B").

Abstracts list such arms' values in their rank order: "amputation rates of the two groups were 16.7% and 2.8%,
respectively" after "randomised to group I (conventional) and group II (cells)" is group I's value first, whatever
the arms' roles. The readers that otherwise fall back on results order (cell arms first, the control last) use this
order instead when every arm has a rank of one kind.
"""
from __future__ import annotations

from stemfoot.extract.pattern_data import load_patterns

_RX = load_patterns("arm_ordinals")
_ROMAN = {"I": 1, "V": 5, "X": 10}


def _roman(s: str) -> int | None:
    """The value of a Roman numeral up to XXXIX, or None when the letters are no well-formed numeral."""
    total, prev = 0, 0
    for ch in reversed(s.upper()):
        v = _ROMAN[ch]
        total += -v if v < prev else v
        prev = max(prev, v)
    return total if total > 0 else None


def rank(label: str) -> tuple[str, int] | None:
    """(kind, rank) of a ranked arm label: kind "number", "roman" or "letter"; None for other labels."""
    m = _RX.ORDINAL_LABEL.match(label.strip())
    if m is None:
        return None
    token = m.group("after") or m.group("short") or m.group("before")
    if token.isdigit():
        return "number", int(token)
    if len(token) == 1 and token.upper() in "ABCDEF":
        return "letter", "ABCDEF".index(token.upper()) + 1
    value = _roman(token)
    return ("roman", value) if value is not None else None


def ordinal_order(labels: list[str]) -> list[str] | None:
    """The labels in rank order when every one is ranked, of one kind, with distinct ranks; else None."""
    ranks = [rank(label) for label in labels]
    if len(labels) < 2 or any(r is None for r in ranks) or len({r[0] for r in ranks}) != 1 \
            or len({r[1] for r in ranks}) != len(ranks):
        return None
    return [label for _, label in sorted(zip((r[1] for r in ranks), labels))]
