"""Values derived from reported parts only, each with its formula (Cochrane Handbook 6.5.2).

Nothing here guesses: a derivation needs every input stated, and one whose
inputs disagree (a percent that is not a whole number of events) is flagged.
"""
from __future__ import annotations

import math

#: Below this group size the Handbook uses the t distribution instead of 1.96 (6.5.2.2).
T_BASED_BELOW = 60


def events_from_percent(percent: float, n: int, decimals: int | None = None) -> tuple[int, str, list[str]] | None:
    """events = round(% × n / 100), flagged ``percent_not_whole`` when no whole number of events fits.

    The reported percent stands for an interval (± half a unit of its last decimal,
    ``decimals`` inferred from the number as written when not given); when no
    whole count of n falls in it, the percent and n disagree.
    """
    if percent is None or n is None or n <= 0 or not 0 <= percent <= 100:
        return None
    if decimals is None:
        written = f"{percent:g}"
        decimals = len(written.split(".")[1]) if "." in written else 0
    half = 0.5 * 10 ** (-decimals)
    exact = percent * n / 100
    events = int(math.floor(exact + 0.5))
    low, high = (percent - half) * n / 100, (percent + half) * n / 100
    flags = [] if math.ceil(low - 1e-9) <= math.floor(high + 1e-9) else ["percent_not_whole"]
    return events, f"round({percent:g}% × {n})", flags


def sd_from_se(se: float, n: int) -> tuple[float, str] | None:
    """SD = SE × √n (Handbook 6.5.2.2)."""
    if se is None or n is None or n <= 0 or se < 0:
        return None
    return se * math.sqrt(n), f"SE {se:g} × √{n}"


def ci_divisor(n: int) -> float:
    """2 × t(0.975, n−1) for n < 60, else 3.92 (Handbook 6.5.2.2)."""
    if n < T_BASED_BELOW:
        from scipy.stats import t as student_t  # slow to import; needed only here
        return 2 * float(student_t.ppf(0.975, n - 1))
    return 3.92


def sd_from_ci(lower: float, upper: float, n: int) -> tuple[float, str] | None:
    """SD of a group mean from its 95% CI: √n × (upper − lower) / divisor (Handbook 6.5.2.2)."""
    if lower is None or upper is None or n is None or n < 2 or upper < lower:
        return None
    d = ci_divisor(n)
    return math.sqrt(n) * (upper - lower) / d, f"√{n} × ({upper:g} − {lower:g}) / {d:.3f}"
