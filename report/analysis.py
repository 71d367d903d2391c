"""Pool one outcome straight from the corpus: study table -> engine result."""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import sqlite_utils

from stemfoot.report.study_table import OutcomeData, study_table
from stemfoot.metaanalysis.errors import MetaAnalysisError

# +1: more is better (healing, perfusion); -1: less is better (amputation,
# death, pain). Outcomes not listed get neutral "higher with ..." labels.
OUTCOME_DIRECTION: dict[str, int] = {
    "ulcer_healing": 1, "limb_salvage": 1, "amputation_free_survival": 1, "overall_survival": 1,
    "abi": 1, "tbi": 1, "tcpo2": 1, "laser_doppler_perfusion": 1, "limb_perfusion": 1, "neovessels": 1,
    "skin_temperature": 1, "pain_free_walking_distance": 1, "pain_free_walking_time": 1,
    "claudication_distance": 1, "walking_distance": 1, "quality_of_life": 1,
    "amputation": -1, "mortality": -1, "ulcer_recurrence": -1, "adverse_events": -1, "rest_pain": -1,
    "pain_score": -1, "time_to_healing": -1, "rutherford_class": -1, "hba1c": -1,
}


class NotEnoughStudies(MetaAnalysisError):
    """Fewer than two studies can be pooled for the outcome."""


def favours(outcome: str) -> tuple[str, str]:
    """(left, right) labels under a forest plot whose right side means more of the outcome with cell therapy."""
    direction = OUTCOME_DIRECTION.get(outcome)
    if direction == 1:
        return "Favours control", "Favours cell therapy"
    if direction == -1:
        return "Favours cell therapy", "Favours control"
    return "Higher with control", "Higher with cell therapy"


@dataclass
class Analysis:
    """A pooled outcome: the study table, the engine's result and its warnings."""

    data: OutcomeData
    result: object  # RmaResult or FixedCountsResult
    method: str
    test: str
    warnings: list[str] = field(default_factory=list)

    @property
    def inverse_variance(self) -> bool:
        return self.method not in ("MH", "PETO")


def found_text(data: OutcomeData) -> str:
    """What was found for an outcome that cannot be pooled, for the error message."""
    pooled = ", ".join(data.table["study"]) if data.k else "none"
    text = f"{data.outcome}: {data.k} poolable {'study' if data.k == 1 else 'studies'} ({pooled}) for {data.measure}"
    text += "; at least 2 are needed."
    if data.left_out:
        text += " " + data.left_out_text()
    elif data.k == 0:
        text += " No study in the corpus reports this outcome" + (" (verified values only)" if data.only_verified else "") + "."
    return text


def analyse(
    db: sqlite_utils.Database, outcome: str, measure: str = "RR", method: str = "REML", test: str = "z",
    only_verified: bool = False,
) -> Analysis:
    """Build the study table for ``outcome`` and pool it; NotEnoughStudies when k < 2."""
    from stemfoot.metaanalysis.pooling import meta_analysis

    try:
        data = study_table(db, outcome, measure, only_verified)
    except ValueError as exc:
        raise MetaAnalysisError(str(exc)) from exc
    if data.k < 2:
        raise NotEnoughStudies(found_text(data))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = meta_analysis(data.table, measure.upper(), method.upper(), test)
    return Analysis(data, result, method.upper(), test, [str(w.message) for w in caught
                                                          if issubclass(w.category, UserWarning)])
