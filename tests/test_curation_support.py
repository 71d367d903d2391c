"""Shared builders for the curation tests: a corpus of the bundled trials and a `machine_values` table.

The extraction pipeline will provide `machine_values` as a view; these tests
stand in a table with the same columns, and rewrite it to simulate a re-extraction.
"""
from __future__ import annotations

import re
from pathlib import Path

import sqlite_utils

from stemfoot.corpus.db import open_db, transaction
from stemfoot.corpus.ingest.loader import ingest_file

BUNDLED = Path(__file__).resolve().parent.parent / "corpus" / "data" / "domain_dev.xml"
MV_COLUMNS = ("value_id", "study_id", "pmid", "field", "machine_value", "value_type", "source_sentence",
              "start", "end", "statistic_id", "arm", "outcome", "timepoint", "kind", "extractor_version")
QIN = "27219884"


def make_db(path: Path) -> sqlite_utils.Database:
    """The bundled corpus plus an (empty) machine_values table."""
    db = open_db(path)
    ingest_file(db, BUNDLED)
    with transaction(db) as conn:
        conn.execute("DROP VIEW IF EXISTS machine_values")
        conn.execute(f"CREATE TABLE machine_values ({', '.join(f'{c!r}' for c in MV_COLUMNS)})")
    return db


def huang_id(db: sqlite_utils.Database) -> str:
    return db.execute("SELECT local_id FROM studies WHERE year = 2005").fetchone()[0]


def _value(abstracts: dict, public_id: str, field: str, value: str, value_type: str, anchor: str,
           text: str | None = None, version: str = "v1", **context: str) -> dict:
    """A machine value whose sentence is the abstract sentence holding ``anchor``."""
    study_id, abstract = abstracts[public_id]
    sentence = next(s for s in re.split(r"(?<=[.!?])\s+", abstract) if anchor in s)
    offset = abstract.index(sentence) + sentence.index(anchor) + anchor.index(text or value)
    row = dict.fromkeys(MV_COLUMNS)
    row.update(
        value_id=f"{public_id}:{field}:{context.get('arm') or ''}:{context.get('outcome') or ''}",
        study_id=study_id, pmid=public_id, field=field, machine_value=value, value_type=value_type,
        source_sentence=sentence, start=offset, end=offset + len(text or value), extractor_version=version,
        **context,
    )
    return row


def machine_rows(db: sqlite_utils.Database, version: str = "v1", changes: dict | None = None,
                 drop: tuple[str, ...] = ()) -> list[dict]:
    """Realistic machine values for Qin 2016 and Huang 2005; ``changes`` maps value_id -> new machine value."""
    abstracts = {pub: (sid, abstract) for sid, pub, abstract in db.execute(
        "SELECT id, coalesce(pmid, local_id), abstract FROM studies")}
    huang = huang_id(db)
    healing = dict(outcome="ulcer healing", timepoint="3 months", kind="dichotomous")
    perfusion = dict(outcome="laser Doppler perfusion", timepoint="3 months", kind="continuous")
    rows = [
        _value(abstracts, QIN, "design", "rct", "design", "randomly apportioned", "randomly apportioned", version),
        _value(abstracts, QIN, "n_patients", "53", "int", "53 patients", version=version),
        _value(abstracts, QIN, "n_limbs", "72", "int", "72 limbs", version=version),
        _value(abstracts, QIN, "arm.n_patients", "28", "int", "28 patients; 34", version=version, arm="experimental group"),
        _value(abstracts, QIN, "arm.n_patients", "25", "int", "25 patients; 38", version=version, arm="control group"),
        _value(abstracts, QIN, "arm.role", "intervention", "arm.role", "experimental group (28", "experimental group",
               version=version, arm="experimental group"),
        _value(abstracts, QIN, "cell_type", "HUCMSC", "text", "also received HUCMSCs", "HUCMSC", version=version),
        _value(abstracts, huang, "statistic.events", "14", "int", "14 of 18 limb ulcers", version=version,
               statistic_id="S1", arm="transplant group", **healing),
        _value(abstracts, huang, "statistic.total", "18", "int", "14 of 18 limb ulcers", version=version,
               statistic_id="S1", arm="transplant group", **healing),
        _value(abstracts, huang, "statistic.percent", "77.8", "float", "(77.8%)", version=version,
               statistic_id="S1", arm="transplant group", **healing),
        _value(abstracts, huang, "statistic.p", "0.016", "float", "P = 0.016", version=version,
               statistic_id="S3", **healing),
        _value(abstracts, huang, "statistic.mean", "0.57", "float", "to 0.57 ± 0.14", version=version,
               statistic_id="S4", arm="transplant group", **perfusion),
        _value(abstracts, huang, "statistic.sd", "0.14", "float", "to 0.57 ± 0.14", version=version,
               statistic_id="S4", arm="transplant group", **perfusion),
    ]
    for row in rows:
        if changes and row["value_id"] in changes:
            row["machine_value"] = changes[row["value_id"]]
    return [row for row in rows if row["value_id"] not in drop]


def write_machine_values(db: sqlite_utils.Database, rows: list[dict]) -> None:
    """Replace the machine output, as a re-extraction does."""
    with transaction(db) as conn:
        conn.execute("DELETE FROM machine_values")
        conn.executemany(
            f"INSERT INTO machine_values VALUES ({', '.join('?' * len(MV_COLUMNS))})",
            [tuple(row[c] for c in MV_COLUMNS) for row in rows],
        )


def vid(public_id: str, field: str, arm: str = "", outcome: str = "") -> str:
    return f"{public_id}:{field}:{arm}:{outcome}"


def events(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT count(*) FROM curation_events").fetchone()[0]
