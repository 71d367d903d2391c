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
from stemfoot.review.effective import PICO_KEYS  # noqa: F401 - part of this module's interface

FORMATS = ("jsonl", "csv")


@lru_cache(maxsize=1)
def validator() -> Draft202012Validator:
    schema = json.loads(resources.files("stemfoot.schemas").joinpath("study.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def validate(record: dict) -> list[str]:
    """Schema violations of a record, as 'path: message' lines (empty when valid)."""
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
            for e in validator().iter_errors(record)]


def study_records(db: sqlite_utils.Database, ids: list[str] | None = None, effective: bool = True) -> Iterator[dict]:
    """Export records of the extracted studies (newest extraction of each), reviewed values applied.

    See :func:`stemfoot.review.effective.study_records`: values after review,
    the machine's beside any that changed, and the trial each report belongs to.
    """
    from stemfoot.review.effective import study_records as records

    yield from records(db, ids, effective=effective)


_CSV_COLUMNS = ("pmid", "title", "year", "design", "n_patients", "n_limbs", "n_ulcers", "cell_types", "arms",
                "statistics", "flags", "machine", "trial", "registrations", "excluded")


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
            record.setdefault("machine", {})
            writer.writerow({k: (json.dumps(record.get(k), ensure_ascii=False)
                                 if isinstance(record.get(k), (list, dict)) else record.get(k))
                             for k in _CSV_COLUMNS})
        n += 1
    return n
