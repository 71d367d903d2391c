"""Write evidence records into the corpus tables (migration 2), idempotently."""
from __future__ import annotations

import hashlib
import json
import re

import sqlite_utils

from stemfoot.extract.provenance import EXTRACTOR_VERSION

_STAT_FIELDS = ("events", "total", "percent", "mean", "sd", "median", "q1", "q3", "range_low", "range_high",
                "value", "ci_lower", "ci_upper", "effect_measure", "p", "p_operator")
_MACHINE_TABLES = ("statistics", "arms", "outcomes", "facets", "spans")


def value_id(study: str, field: str, evidence: dict) -> str:
    """Stable id of an extracted value: study + field + normalised source span.

    Independent of the extractor version and of the run, so the same value found
    again gets the same id and reviewer decisions stay attached to it.
    """
    text = re.sub(r"\s+", " ", (evidence.get("text") or "").strip().lower())
    span = f"{evidence.get('source', 'abstract')}|{evidence['start']}|{evidence['end']}|{text}"
    return hashlib.sha1(f"{study}|{field}|{span}".encode("utf-8")).hexdigest()[:16]


def clear(db: sqlite_utils.Database, study_id: int, version: str = EXTRACTOR_VERSION) -> None:
    """Drop this extractor version's machine output for a study (nothing a reviewer wrote)."""
    for table in (*_MACHINE_TABLES, "extractions"):
        db.execute(f"DELETE FROM [{table}] WHERE study_id = ? AND extractor_version = ?", [study_id, version])


def store_record(db: sqlite_utils.Database, study_id: int, study: str, abstract: str,
                 record: dict, run_id: int, extracted_at: str) -> None:
    """Replace a study's machine output of this extractor version with ``record``."""
    version = record["extractor_version"]
    clear(db, study_id, version)
    spans: dict[str, dict] = {}

    def span(field: str, ev: dict | None, value: object) -> str | None:
        if ev is None:
            return None
        sid = value_id(study, field, ev)
        text_source = abstract if ev.get("source", "abstract") == "abstract" else None
        sentence = text_source[ev["sentence_start"]:ev["sentence_end"]] if text_source is not None else None
        spans[sid] = {
            "id": sid, "extractor_version": version, "study_id": study_id, "field": field,
            "source": ev.get("source", "abstract"), "start": ev["start"], "end": ev["end"], "text": ev.get("text"),
            "sentence_start": ev["sentence_start"], "sentence_end": ev["sentence_end"], "sentence": sentence,
            "component": ev["component"], "confidence": ev["confidence"], "value": json.dumps(value),
        }
        return sid

    design = record["design"]
    design_span = span("design", design["evidence"], design["value"])
    totals = {}
    for key in ("n_patients", "n_limbs", "n_ulcers"):
        item = record.get(key)
        totals[key] = item["value"] if item else None
        totals[f"{key}_span_id"] = span(key, item["evidence"], item["value"]) if item else None
    arms = []
    arm_ids: dict[str, str] = {}
    for pos, arm in enumerate(record["arms"]):
        aid = value_id(study, "arm", arm["evidence"])
        arm_ids[arm["label"]] = aid
        arms.append({
            "id": aid, "extractor_version": version, "study_id": study_id, "position": pos,
            "label": arm["label"], "role": arm["role"], "n_patients": arm["n_patients"], "n_limbs": arm["n_limbs"],
            "description": arm["description"], "cell_type": arm["cell_type"],
            "route": "; ".join(arm["routes"]) or None,
            "span_id": span("arm", arm["evidence"], arm["label"]),
            "n_span_id": span("arm_n", arm.get("n_evidence"), arm["n_patients"]),
        })
    outcomes = []
    for o in record["outcomes"]:
        sid = span("outcome", o["evidence"], o["outcome"])
        outcomes.append({"id": sid, "extractor_version": version, "study_id": study_id,
                         "outcome": o["outcome"], "label": o["label"], "span_id": sid})
    facets = []
    for facet, items in record["facets"].items():
        for item in items:
            sid = span(facet, item["evidence"], item["value"])
            fid = value_id(study, f"facet:{facet}", item["evidence"])
            detail = {k: v for k, v in item.items() if k not in {"value", "evidence"}}
            facets.append({"id": fid, "extractor_version": version, "study_id": study_id, "facet": facet,
                           "value": item["value"], "detail": json.dumps(detail) if detail else None, "span_id": sid})
    stats = []
    for pos, st in enumerate(record["statistics"]):
        field = f"statistic:{st['kind']}"
        sid = span(field, st["evidence"], {k: st[k] for k in _STAT_FIELDS if st.get(k) is not None})
        stats.append({
            "id": sid, "extractor_version": version, "study_id": study_id, "position": pos,
            "outcome": st["outcome"], "outcome_label": st["outcome_label"], "arm_id": arm_ids.get(st["arm"]),
            "arm": st["arm"], "arm_role": st["arm_role"], "timepoint": st["timepoint"], "kind": st["kind"],
            "measure": st["measure"], **{k: st[k] for k in _STAT_FIELDS},
            "flags": json.dumps(st["flags"]), "confidence": st["evidence"]["confidence"], "span_id": sid,
        })
    for item in record["pico"]:
        span(f"pico:{item['facet']}", item["evidence"], item["evidence"]["text"])
    db["spans"].insert_all(spans.values(), replace=True)
    db["arms"].insert_all(arms, replace=True)
    db["outcomes"].insert_all(outcomes, replace=True)
    db["facets"].insert_all(facets, replace=True)
    db["statistics"].insert_all(stats, replace=True)
    db["extractions"].insert({
        "study_id": study_id, "extractor_version": version, "run_id": run_id, "extracted_at": extracted_at,
        "design": design["value"], "design_span_id": design_span,
        **totals, "n_patients_derived": (record.get("n_patients") or {}).get("derived"),
        "cell_types": json.dumps(record["cell_types"]), "flags": json.dumps(record["flags"]),
        "errors": json.dumps(record["errors"]),
    }, replace=True)
