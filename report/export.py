"""Export one JSON record per study, validated against ``schemas/study.schema.json``."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Iterator, TextIO

import sqlite_utils
from jsonschema import Draft202012Validator

from stemfoot.corpus import evidence
from stemfoot.corpus.csv_safety import SafeDictWriter
from stemfoot.corpus.errors import CorpusError

_STAT_KEYS = ("outcome", "outcome_label", "arm", "arm_role", "timepoint", "kind", "measure", "events", "total",
              "percent", "mean", "sd", "median", "q1", "q3", "range_low", "range_high", "value", "ci_lower",
              "ci_upper", "effect_measure", "p", "p_operator")
FORMATS = ("jsonl", "csv")
#: Keys of the ``pico`` object; spans are stored with field ``pico:<key>``.
PICO_KEYS = ("participants", "interventions", "comparators", "outcomes")


@lru_cache(maxsize=1)
def validator() -> Draft202012Validator:
    schema = json.loads(resources.files("stemfoot.schemas").joinpath("study.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def validate(record: dict) -> list[str]:
    """Schema violations of a record, as 'path: message' lines (empty when valid)."""
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
            for e in validator().iter_errors(record)]


def _evidence(span: dict | None) -> dict | None:
    if span is None:
        return None
    out = {"start": span["start"], "end": span["end"], "text": span["text"], "source": span["source"],
           "sentence": span["sentence"]}
    # Full-text provenance (migration 5): the section, or the table cell's label and headers.
    out.update({k: span[k] for k in ("section", "table_label", "row_header", "column_header") if span.get(k)})
    return out


def _pico(spans: dict[str, dict]) -> dict[str, list[dict]]:
    """The PICO phrases by facet, in text order (every facet present, possibly empty)."""
    pico: dict[str, list[dict]] = {key: [] for key in PICO_KEYS}
    for span in sorted(spans.values(), key=lambda s: (s["start"], s["end"])):
        if span["field"].startswith("pico:"):
            pico[span["field"][5:]].append({"text": span["text"], "start": span["start"], "end": span["end"]})
    return pico


def study_records(db: sqlite_utils.Database, ids: list[str] | None = None) -> Iterator[dict]:
    """Export records of the extracted studies (newest extraction of each)."""
    if "current_extractions" not in db.view_names():
        raise CorpusError("database has no extraction tables; run `extract` first")
    for row in evidence.current_extractions(db):
        key = row["pmid"] or row["local_id"] or str(row["study_id"])
        if ids and key not in ids:
            continue
        sid, version = row["study_id"], row["extractor_version"]
        spans = {s["id"]: s for s in evidence.rows_of(db, "spans", sid, version)}
        facets: dict[str, list[str]] = {}
        for f in evidence.rows_of(db, "facets", sid, version):
            facets.setdefault(f["facet"], [])
            if f["value"] not in facets[f["facet"]]:
                facets[f["facet"]].append(f["value"])
        stats = []
        for st in evidence.rows_of(db, "statistics", sid, version, "position"):
            stats.append({"id": st["id"], **{k: st[k] for k in _STAT_KEYS},
                          "flags": json.loads(st["flags"] or "[]"), "confidence": st["confidence"],
                          "evidence": _evidence(spans.get(st["span_id"]))})
        yield {
            "pmid": key,
            "title": row["title"],
            "year": row["year"],
            "design": row["design"],
            "design_evidence": _evidence(spans.get(row["design_span_id"])),
            "n_patients": row["n_patients"],
            "n_limbs": row["n_limbs"],
            "n_ulcers": row["n_ulcers"],
            "arms": [{k: a[k] for k in ("label", "role", "n_patients", "n_limbs", "cell_type", "route", "description")}
                     for a in evidence.rows_of(db, "arms", sid, version, "position")],
            "cell_types": json.loads(row["cell_types"] or "[]"),
            "source": facets.get("source", []),
            "routes": facets.get("route", []),
            "mobilisation": facets.get("mobilisation", []),
            "co_interventions": facets.get("co_intervention", []),
            "doses": facets.get("dose", []),
            "outcomes": [{"outcome": o["outcome"], "label": o["label"]} for o in evidence.rows_of(db, "outcomes", sid, version)],
            "statistics": stats,
            "pico": _pico(spans),
            "flags": json.loads(row["flags"] or "[]"),
            "errors": json.loads(row["errors"] or "[]"),
            "extractor_version": version,
        }


_CSV_COLUMNS = ("pmid", "title", "year", "design", "n_patients", "n_limbs", "n_ulcers", "cell_types", "arms",
                "statistics", "flags")


def write(db: sqlite_utils.Database, out: TextIO, fmt: str, ids: list[str] | None = None,
          invalid: list[str] | None = None) -> int:
    """Write the valid records; return how many.

    A record that fails the schema is not written: its id and first problem
    go to ``invalid`` (a list the caller reports), and the others are still
    exported. Without ``invalid`` the first such record raises CorpusError.
    CSV cells that a spreadsheet would run as a formula are neutralised
    (`stemfoot.corpus.csv_safety`).
    """
    if fmt not in FORMATS:
        raise CorpusError(f"unknown format {fmt!r} (use {' or '.join(FORMATS)})")
    writer = SafeDictWriter(out, fieldnames=_CSV_COLUMNS, lineterminator="\n") if fmt == "csv" else None
    if writer is not None:
        writer.writeheader()
    n = 0
    for record in study_records(db, ids):
        problems = validate(record)
        if problems:
            message = f"{record['pmid']}: export record does not match the schema: {problems[0]}"
            if invalid is None:
                raise CorpusError(message)
            invalid.append(message)
            continue
        if writer is None:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            # CSV: one row per study; nested lists stay JSON in their cells.
            writer.writerow({k: (json.dumps(record[k], ensure_ascii=False) if isinstance(record[k], (list, dict)) else record[k])
                             for k in _CSV_COLUMNS})
        n += 1
    return n
