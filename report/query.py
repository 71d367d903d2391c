"""`query`: the extracted statistics filtered, with reviewers' verified values when asked."""
from __future__ import annotations

from pathlib import Path

from stemfoot.corpus.db import open_db
from stemfoot.corpus.query_filters import Filters, filtered_statistics
from stemfoot.schemas import STATISTIC_VALUES
from stemfoot.review.decisions import effective_values


def query_statistics(path: str | Path, f: Filters, only_verified: bool = False) -> tuple[list[str], list[dict]]:
    """Rows of `extracted_statistics` matching ``f``.

    ``only_verified``: statistics with at least one value a reviewer
    accepted, corrected or added, showing the verified values (corrections
    replace machine values; values nobody verified are empty) and leaving out
    excluded studies.
    """
    columns, records = filtered_statistics(path, f)
    if not only_verified:
        return columns, records
    verified: dict[str, dict[str, str]] = {}
    for v in effective_values(open_db(path, create=False, readonly=True), only_verified=True):
        if v["statistic_id"] and v["field"].startswith("statistic."):
            verified.setdefault(v["statistic_id"], {})[v["field"].split(".", 1)[1]] = v
    out = []
    for rec in records:
        values = verified.get(rec["statistic_id"])
        if not values:
            continue
        for name in STATISTIC_VALUES:
            v = values.get(name)
            rec[name] = None if v is None else (v["number"] if v["number"] is not None else v["value"])
        out.append(rec)
    return columns, out
