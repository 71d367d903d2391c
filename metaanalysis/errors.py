"""Exceptions raised by the meta-analysis engine."""
from __future__ import annotations


class MetaAnalysisError(ValueError):
    """Input or model problem that makes a pooled result undefined."""


class ConvergenceError(MetaAnalysisError):
    """An iterative estimator did not converge (never silently replaced)."""
