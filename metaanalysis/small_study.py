"""When to run small-study tests: Egger's test and trim-and-fill only with >= 10 studies.

The Cochrane Handbook (v6.4, 13.3.5.4) advises against tests for funnel-plot
asymmetry with fewer than 10 studies, as their power is too low to tell chance
from real asymmetry. :func:`small_study_tests` wraps :func:`bias.regtest` and
:func:`bias.trimfill` (unchanged) and returns why a test was not computed.
"""
from __future__ import annotations

from dataclasses import dataclass

from stemfoot.metaanalysis.bias import RegTestResult, TrimFillResult, regtest, trimfill
from stemfoot.metaanalysis.errors import MetaAnalysisError
from stemfoot.metaanalysis.results import RmaResult

MIN_K = 10


@dataclass(frozen=True)
class SmallStudyTests:
    """Egger's test and trim-and-fill, or None with the reason each was not computed."""

    egger: RegTestResult | None
    trimfill: TrimFillResult | None
    egger_reason: str | None
    trimfill_reason: str | None
    forced: bool


def gate_reason(k: int, min_k: int = MIN_K, force: bool = False) -> str | None:
    """None if the tests may run for ``k`` studies, else the reason they do not."""
    if force or k >= min_k:
        return None
    return (f"not computed: {k} {'study' if k == 1 else 'studies'}, fewer than {min_k} "
            "(Cochrane Handbook 13.3.5.4; force to override)")


def small_study_tests(res: RmaResult, *, min_k: int = MIN_K, force: bool = False, egger_model: str = "rma",
                      trimfill_estimator: str = "L0") -> SmallStudyTests:
    """Egger's test (``regtest``) and trim-and-fill on ``res`` when k >= ``min_k`` (or ``force``).

    With ``force`` below the threshold, a test that the data still cannot
    support (Egger with k < 3, a model with moderators) gives its reason
    instead of raising.
    """
    reason = gate_reason(res.k, min_k, force)
    if reason is not None:
        return SmallStudyTests(None, None, reason, reason, force)
    egger = tf = None
    egger_reason = tf_reason = None
    try:
        egger = regtest(res, model=egger_model)
    except MetaAnalysisError as err:
        egger_reason = f"not computed: {err}"
    try:
        tf = trimfill(res, estimator=trimfill_estimator)
    except MetaAnalysisError as err:
        tf_reason = f"not computed: {err}"
    return SmallStudyTests(egger, tf, egger_reason, tf_reason, force)
