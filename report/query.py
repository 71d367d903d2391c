"""`query`: the extracted statistics filtered, with the values after review (or only verified ones)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

from stemfoot.corpus.curation import has_reviews, study_id
from stemfoot.corpus.db import open_db
from stemfoot.corpus.query_filters import Filters, filtered_statistics
from stemfoot.review.decisions import Item, load_items
from stemfoot.review.effective import Values, added_statistics
from stemfoot.schemas import STATISTIC_VALUES

#: Column added after the statistics' own: the machine's values where a reviewer changed them.
MACHINE_COLUMN = "machine"


def _shown(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _overlay(rec: dict, items: dict[str, Item], values: Values, roles: dict[str, str | None]) -> bool:
    """Put the effective values into a row; False when none is left (all rejected, or none verified)."""
    changed, kept = [], False
    for name in STATISTIC_VALUES:
        machine = rec[name]
        if name == "p" and machine is not None and rec["p_operator"] not in (None, "="):
            machine = f"{rec['p_operator']}{machine:g}"
        chosen = values.effective(items.get(name))
        if chosen is None:
            value = None if (values.only_verified or name in items) else machine
        else:
            value = chosen[0]
        kept = kept or value is not None
        if (chosen is not None and chosen[1] in ("corrected", "added", "rejected")) or (value is None) != (machine is None):
            if str(_shown(value)) != str(_shown(machine)):
                changed.append(f"{name} {_shown(machine)}")
        if name == "p":
            if isinstance(value, str):
                op = value[:2] if value[:2] in ("<=", ">=") else value[0]
                rec["p"], rec["p_operator"] = float(value[len(op):]), op
            else:
                rec["p"], rec["p_operator"] = value, (rec["p_operator"] or "=") if value is not None else None
        else:
            rec[name] = value
    moved = next((i for i in items.values() if i.moved), None)
    if moved is not None:
        for name in ("arm", "outcome", "timepoint"):
            if getattr(moved, name) != rec[name]:
                changed.append(f"{name} {_shown(rec[name])}")
                rec[name] = getattr(moved, name)
        rec["arm_role"] = roles.get(rec["arm"]) if rec["arm"] else None
    elif rec["arm"] in roles:
        rec["arm_role"] = roles[rec["arm"]]
    rec[MACHINE_COLUMN] = "; ".join(changed)
    return kept


def query_statistics(path: str | Path, f: Filters, only_verified: bool = False) -> tuple[list[str], list[dict]]:
    """Rows of `extracted_statistics` matching ``f``, with the values after review.

    Corrections, acceptances and additions are applied, rejected values are
    empty, moved statistics show their new arm, outcome and timepoint, and the
    `machine` column lists the machine's values that a review changed
    (e.g. 'events 7; arm transplant group'). Statistics with no value left are
    left out, statistics a reviewer added are included. ``only_verified``: only
    values a reviewer accepted, corrected or added, and excluded studies left out.
    """
    db = open_db(path, create=False, readonly=True)
    if not only_verified and not has_reviews(db.conn):
        columns, records = filtered_statistics(path, f)
        for rec in records:
            rec[MACHINE_COLUMN] = ""
        return columns + [MACHINE_COLUMN], records
    columns, records = filtered_statistics(path, replace(f, outcome=None))  # a move may change the outcome
    # Only the listed studies' values: a search of a large corpus must not read all of it.
    listed = {study_id(db.conn, study) for study in {rec["study"] for rec in records}}
    items = load_items(db.conn, study_ids=sorted(i for i in listed if i is not None)) if listed else []
    if only_verified:
        from stemfoot.corpus.curation import excluded_studies

        excluded = {row["pmid"] for row in excluded_studies(db)}
        records = [r for r in records if r["study"] not in excluded]
    by_study: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_study[item.pmid].append(item)
    studies: dict[str, list[dict]] = {}
    for rec in records:
        studies.setdefault(rec["study"], []).append(rec)
    out = []
    for study, rows in studies.items():
        values = Values(by_study.get(study, []), only_verified)
        roles = {}
        for item in values.arm_items:
            chosen = values.effective(item) if item.field == "arm.role" else None
            if chosen is not None and chosen[0] is not None:
                roles[item.arm] = chosen[0]
        kept = []
        for rec in rows:
            if rec["statistic_id"] is None:  # a study without statistics (search)
                rec[MACHINE_COLUMN] = ""
                kept.append(rec)
            elif _overlay(rec, values.by_stat.get(rec["statistic_id"], {}), values, roles):
                kept.append(rec)
        for st in added_statistics(values, roles):
            rec = {**{c: None for c in columns}, **{k: rows[0][k] for k in ("study", "title", "year", "design")}}
            rec.update({k: v for k, v in st.items() if k in columns}, statistic_id=st["id"])
            rec[MACHINE_COLUMN] = "added by a reviewer"
            kept.append(rec)
        if f.outcome:
            kept = [r for r in kept if r["outcome"] == f.outcome]
        if f.search and not kept and not f.outcome:
            kept = [{**{c: None for c in columns}, **{k: rows[0][k] for k in ("study", "title", "year", "design")},
                     "rank": rows[0].get("rank"), MACHINE_COLUMN: ""}]
        out += kept
    return columns + [MACHINE_COLUMN], out
