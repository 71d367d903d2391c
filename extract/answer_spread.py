"""Which dispersion a full-text answer's SD field takes.

Yun et al.'s gold convention: a mean reported with a standard error is answered with its mean and a blank SD; no
SD is derived from an SE (SE × √n), since which n the SE was computed on (randomised, analysed, a model's) the
article rarely says. An SD derived from a confidence interval is another matter and stays.
"""
from __future__ import annotations

#: The formula prefix ``derive.sd_from_se`` writes: an SD computed from an SE.
SE_FORMULA_PREFIX = "SE "


def derived_from_se(formula: str | None) -> bool:
    """Whether a recorded derivation ("SE 0.31 × √26") computed an SD from an SE."""
    return bool(formula) and str(formula).startswith(SE_FORMULA_PREFIX)


def answer_sd(rec: dict) -> float | None:
    """The SD a full-text answer gives for a value's record: its reported SD, or None when the record's SD was
    computed from an SE (the mean stays, the SD is blank) or the record holds only an SE."""
    sd = rec.get("sd")
    if sd is None:
        return None
    if derived_from_se((rec.get("derived") or {}).get("sd")):
        return None
    return sd


def se_sd_note(rec: dict, n: int | None) -> str | None:
    """What an SE would give as an SD (SE × √n), for the answer's ``derived`` notes only: the reviewer who pools
    the study can take it (Issue 10), while the SD field stays blank by the gold's convention. None without an SE
    and an n, or for a model-adjusted mean (its SE is not SD/√n of the group)."""
    from stemfoot.extract.derive import sd_from_se

    formula = (rec.get("derived") or {}).get("sd")
    if derived_from_se(formula) and rec.get("sd") is not None:
        return f"{formula} = {rec['sd']:g} (an SE: not answered as the SD)"
    if rec.get("se") is None or not n or "adjusted_mean" in (rec.get("flags") or []):
        return None
    got = sd_from_se(rec["se"], int(n))
    return f"{got[1]} = {round(got[0], 4):g} (an SE: not answered as the SD)" if got else None
