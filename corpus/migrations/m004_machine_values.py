"""Migration 4: `machine_values`, one row per reviewable machine value.

The curation layer reads only this view (see `stemfoot.review.decisions`); it
maps the newest extraction of each study onto that contract. Value ids are
stable across re-extraction of the same value: study-level fields are keyed
by the study's public id, arm and statistic fields by the extraction's own
span-derived ids.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: sqlite-utils imports pandas, which light commands do without
    import sqlite_utils

_STUDY = "COALESCE(s.pmid, s.local_id)"
_CURRENT = "JOIN current_extractions ce ON ce.study_id = {t}.study_id AND ce.extractor_version = {t}.extractor_version"
_SPAN = "LEFT JOIN spans sp ON sp.id = {span} AND sp.extractor_version = {t}.extractor_version"
_CONTEXT_NONE = "NULL AS statistic_id, NULL AS arm, NULL AS outcome, NULL AS timepoint, NULL AS kind"
# Evidence found in the title has the title as its sentence.
_PROVENANCE = ("COALESCE(sp.sentence, CASE WHEN sp.source = 'title' THEN s.title END) AS source_sentence, "
               "sp.start AS start, sp.\"end\" AS \"end\"")

#: Numeric fields of a statistic and their types.
_STATISTIC_FIELDS = {
    "events": "int", "total": "int", "percent": "float", "mean": "float", "sd": "float",
    "median": "float", "value": "float", "ci_lower": "float", "ci_upper": "float",
}


def _study_field(field: str, value_type: str) -> str:
    return f"""
    SELECT {_STUDY} || ':{field}' AS value_id, ce.study_id, {_STUDY} AS pmid, '{field}' AS field,
           CAST(ce.{field} AS TEXT) AS machine_value, '{value_type}' AS value_type,
           {_PROVENANCE}, {_CONTEXT_NONE}, ce.extractor_version
    FROM current_extractions ce JOIN studies s ON s.id = ce.study_id
    LEFT JOIN spans sp ON sp.id = ce.{field}_span_id AND sp.extractor_version = ce.extractor_version
    WHERE ce.{field} IS NOT NULL"""


def _facet(field: str) -> str:
    # One value per distinct code in a study; its first mention is the source.
    return f"""
    SELECT {_STUDY} || ':{field}:' || f.value AS value_id, f.study_id, {_STUDY} AS pmid, '{field}' AS field,
           f.value AS machine_value, 'text' AS value_type, {_PROVENANCE}, {_CONTEXT_NONE}, f.extractor_version
    FROM facets f {_CURRENT.format(t='f')} JOIN studies s ON s.id = f.study_id
    {_SPAN.format(span='f.span_id', t='f')}
    WHERE f.facet = '{field}' AND f.rowid = (
        SELECT MIN(g.rowid) FROM facets g
        WHERE g.study_id = f.study_id AND g.extractor_version = f.extractor_version
          AND g.facet = f.facet AND g.value = f.value)"""


def _arm_field(field: str, value_type: str, span: str) -> str:
    return f"""
    SELECT a.id || ':{field}' AS value_id, a.study_id, {_STUDY} AS pmid, 'arm.{field}' AS field,
           CAST(a.{field} AS TEXT) AS machine_value, '{value_type}' AS value_type, {_PROVENANCE},
           NULL AS statistic_id, a.label AS arm, NULL AS outcome, NULL AS timepoint, NULL AS kind, a.extractor_version
    FROM arms a {_CURRENT.format(t='a')} JOIN studies s ON s.id = a.study_id
    {_SPAN.format(span=f'a.{span}', t='a')}
    WHERE a.{field} IS NOT NULL"""


def _statistic_field(field: str, value_type: str) -> str:
    value = f"CAST(st.{field} AS TEXT)"
    if field == "p":  # bounds are part of the value: "<0.001"
        value = ("CASE WHEN st.p_operator IN ('<', '>', '<=', '>=') THEN st.p_operator || CAST(st.p AS TEXT) "
                 "ELSE CAST(st.p AS TEXT) END")
    return f"""
    SELECT st.id || ':{field}' AS value_id, st.study_id, {_STUDY} AS pmid, 'statistic.{field}' AS field,
           {value} AS machine_value, '{value_type}' AS value_type, {_PROVENANCE},
           st.id AS statistic_id, st.arm, st.outcome, st.timepoint, st.kind, st.extractor_version
    FROM statistics st {_CURRENT.format(t='st')} JOIN studies s ON s.id = st.study_id
    {_SPAN.format(span='st.span_id', t='st')}
    WHERE st.{field} IS NOT NULL"""


def machine_values_sql() -> str:
    parts = [
        _study_field("design", "design"),
        _study_field("n_patients", "int"),
        _study_field("n_limbs", "int"),
        _study_field("n_ulcers", "int"),
        _facet("cell_type"),
        _facet("route"),
        _arm_field("role", "arm.role", "span_id"),
        _arm_field("n_patients", "int", "n_span_id"),
        _arm_field("n_limbs", "int", "n_span_id"),
    ]
    parts += [_statistic_field(f, t) for f, t in {**_STATISTIC_FIELDS, "p": "float"}.items()]
    return "\nUNION ALL".join(parts)


def apply(db: sqlite_utils.Database) -> None:
    """The `machine_values` view over the extraction tables."""
    db.execute(f"CREATE VIEW machine_values AS {machine_values_sql()}")
