"""Meta-analysis engine reproducing R metafor 3.8 (see docs/metaanalysis.md).

Entry points: :func:`meta_analysis` (a DataFrame of studies), :func:`rma_uni`
(yi/vi arrays, optional moderators), :func:`mantel_haenszel`, :func:`peto`,
and the sensitivity/bias tools :func:`leave1out`, :func:`cumul`,
:func:`subgroup`, :func:`regtest`, :func:`trimfill`, :func:`funnel_data`.
They are imported on first access (PyMARE/SciPy take seconds to import, and
the CLI must start fast for commands that do not pool).
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    "ConvergenceError": "errors", "MetaAnalysisError": "errors",
    "funnel_data": "bias", "regtest": "bias", "trimfill": "bias",
    "meta_analysis": "pooling", "prepare": "pooling",
    "mantel_haenszel": "mh_peto", "peto": "mh_peto",
    "rma_uni": "model",
    "cumul": "sensitivity", "leave1out": "sensitivity", "subgroup": "sensitivity",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"stemfoot.metaanalysis.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'stemfoot.metaanalysis' has no attribute {name!r}")
