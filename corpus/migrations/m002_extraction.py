"""Migration 2: tables for machine-extracted evidence.

Every extracted value has a stable id (see ``stemfoot.corpus.evidence.value_id``):
a hash of the study, the field and the normalised source span, so re-extracting
the same value gives the same id and reviewer decisions (a later curation
migration) can point at it. Machine output is keyed by (id, extractor_version);
re-extraction replaces the rows of its own extractor version only.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: sqlite-utils imports pandas, which light commands do without
    import sqlite_utils

_MACHINE = {"id": str, "extractor_version": str, "study_id": int}
_PK = ("id", "extractor_version")


_FK = [("study_id", "studies", "id")]


def apply(db: sqlite_utils.Database) -> None:
    """extraction_runs, extractions, spans, arms, outcomes, facets, statistics + views."""
    db["extraction_runs"].create(
        {"id": int, "extractor_version": str, "started": str, "finished": str,
         "studies": int, "failed": int, "flagged": int, "statistics": int},
        pk="id",
    )
    db["extractions"].create(
        {"study_id": int, "extractor_version": str, "run_id": int, "extracted_at": str,
         "design": str, "design_span_id": str,
         "n_patients": int, "n_patients_span_id": str, "n_patients_derived": str,
         "n_limbs": int, "n_limbs_span_id": str, "n_ulcers": int, "n_ulcers_span_id": str,
         "cell_types": str,  # JSON list of codes
         "flags": str,  # JSON list
         "errors": str},  # JSON list: components that failed on this study
        pk=("study_id", "extractor_version"),
        foreign_keys=[("study_id", "studies", "id"), ("run_id", "extraction_runs", "id")],
    )
    db["spans"].create(
        {**_MACHINE, "field": str, "source": str, "start": int, "end": int, "text": str,
         "sentence_start": int, "sentence_end": int, "sentence": str,
         "component": str, "confidence": float, "value": str},
        pk=_PK, foreign_keys=_FK,
    )
    db["arms"].create(
        {**_MACHINE, "position": int, "label": str, "role": str, "n_patients": int, "n_limbs": int,
         "description": str, "cell_type": str, "route": str, "span_id": str, "n_span_id": str},
        pk=_PK, foreign_keys=_FK,
    )
    db["outcomes"].create(
        {**_MACHINE, "outcome": str, "label": str, "span_id": str},
        pk=_PK, foreign_keys=_FK,
    )
    db["facets"].create(
        {**_MACHINE, "facet": str, "value": str, "detail": str, "span_id": str},
        pk=_PK, foreign_keys=_FK,
    )
    db["statistics"].create(
        {**_MACHINE, "position": int, "outcome": str, "outcome_label": str, "arm_id": str, "arm": str,
         "arm_role": str, "timepoint": str, "kind": str, "measure": str,
         "events": int, "total": int, "percent": float, "mean": float, "sd": float, "median": float,
         "q1": float, "q3": float, "range_low": float, "range_high": float, "value": float,
         "ci_lower": float, "ci_upper": float, "effect_measure": str, "p": float, "p_operator": str,
         "flags": str, "confidence": float, "span_id": str},
        pk=_PK, foreign_keys=_FK,
    )
    for table in ("spans", "arms", "outcomes", "facets", "statistics"):
        db[table].create_index(["study_id", "extractor_version"])
    db["extractions"].create_index(["study_id", "extracted_at"])
    # The newest extraction of each study: the rows every reader should see.
    db.create_view(
        "current_extractions",
        """
        SELECT e.* FROM extractions e
        WHERE e.extracted_at = (SELECT MAX(x.extracted_at) FROM extractions x WHERE x.study_id = e.study_id)
        """,
    )
    db.create_view(
        "extracted_statistics",
        """
        SELECT COALESCE(s.pmid, s.local_id) AS study, s.title, s.year, ce.design,
               st.id AS statistic_id, st.outcome, st.outcome_label, st.arm, st.arm_role,
               a.n_patients AS arm_n_patients, a.cell_type AS arm_cell_type, st.timepoint, st.kind,
               st.measure, st.events, st.total, st.percent, st.mean, st.sd, st.median, st.q1, st.q3,
               st.range_low, st.range_high, st.value, st.ci_lower, st.ci_upper, st.effect_measure,
               st.p, st.p_operator, st.flags, st.confidence, sp.start, sp."end", sp.text, sp.sentence,
               st.extractor_version
        FROM statistics st
        JOIN current_extractions ce ON ce.study_id = st.study_id AND ce.extractor_version = st.extractor_version
        JOIN studies s ON s.id = st.study_id
        LEFT JOIN arms a ON a.id = st.arm_id AND a.extractor_version = st.extractor_version
        LEFT JOIN spans sp ON sp.id = st.span_id AND sp.extractor_version = st.extractor_version
        """,
    )
