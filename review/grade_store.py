"""GRADE domain overrides and indirectness calls as append-only reviewer events (migration m007)."""
from __future__ import annotations

import sqlite_utils

from stemfoot.corpus import appraisal as store
from stemfoot.corpus.db import transaction
from stemfoot.review.decisions import CurationError, now
from stemfoot.review.grade import DOMAINS


def record_override(db: sqlite_utils.Database, outcome: str, domain: str, levels: int | None, reason: str, *,
                    reviewer: str, source: str = "library") -> None:
    """Rate ``domain`` of ``outcome`` down by ``levels`` (0-2) for ``reason``; ``levels`` None returns the
    domain to the computed rating (indirectness: to 'not rated down'). A reason is always required."""
    if domain not in DOMAINS:
        raise CurationError(f"unknown GRADE domain {domain!r} (one of {', '.join(DOMAINS)})")
    if levels is not None and levels not in (0, 1, 2):
        raise CurationError(f"{outcome} {domain}: levels rated down must be 0, 1 or 2, not {levels}")
    if not (reason or "").strip():
        raise CurationError(f"{outcome} {domain}: a GRADE override needs a reason")
    with transaction(db) as conn:
        store.insert_grade_event(conn, {"outcome": outcome, "domain": domain, "levels": levels,
                                        "reason": reason.strip(), "reviewer": reviewer, "recorded_at": now(),
                                        "source": source})


def overrides(db: sqlite_utils.Database, outcome: str) -> tuple[dict[str, tuple[int, str]], tuple[int, str] | None]:
    """(overrides of computed domains, the indirectness call) in force for ``outcome``, for `grade_outcome`."""
    out: dict[str, tuple[int, str]] = {}
    indirect = None
    for e in store.current_grade_events(db.conn):
        if e["outcome"] != outcome or e["levels"] is None:
            continue
        reason = f"{e['reason']} ({e['reviewer']})"
        if e["domain"] == "indirectness":
            indirect = (e["levels"], f"Reviewer's judgement: {reason}")
        else:
            out[e["domain"]] = (e["levels"], reason)
    return out, indirect
