"""Meta-analysis engine reproducing R metafor 3.8 (see docs/metaanalysis.md).

Entry points: :func:`meta_analysis` (a DataFrame of studies), :func:`rma_uni`
(yi/vi arrays, optional moderators), :func:`mantel_haenszel`, :func:`peto`,
and the sensitivity/bias tools :func:`leave1out`, :func:`cumul`,
:func:`subgroup`, :func:`regtest`, :func:`trimfill`, :func:`funnel_data`.
"""
from stemfoot.metaanalysis.bias import funnel_data, regtest, trimfill
from stemfoot.metaanalysis.errors import ConvergenceError, MetaAnalysisError
from stemfoot.metaanalysis.frame import meta_analysis, prepare
from stemfoot.metaanalysis.mantel_haenszel import mantel_haenszel, peto
from stemfoot.metaanalysis.model import rma_uni
from stemfoot.metaanalysis.sensitivity import cumul, leave1out, subgroup

__all__ = [
    "ConvergenceError", "MetaAnalysisError", "cumul", "funnel_data", "leave1out", "mantel_haenszel",
    "meta_analysis", "peto", "prepare", "regtest", "rma_uni", "subgroup", "trimfill",
]
