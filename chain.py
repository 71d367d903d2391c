"""The chain's orchestration: ingest into the corpus, extract the corpus, pool an outcome from it.

The one place where stages meet: the CLI and the report call these functions,
and the stage packages never import each other against the flow.
"""
from __future__ import annotations

import sqlite3
import time
import warnings
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

import sqlite_utils

from stemfoot.corpus import aliases, evidence
from stemfoot.corpus.db import transaction
from stemfoot.metaanalysis.errors import MetaAnalysisError
from stemfoot.extract.provenance import EXTRACTOR_VERSION
from stemfoot.extract.run import extract_records
from stemfoot.review.study_table import OutcomeData, study_table


@dataclass
class RunSummary:
    """What a corpus run did, for the CLI's summary line."""

    studies: int = 0
    failed: int = 0
    flagged: int = 0
    statistics: int = 0
    arms: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)
    unmatched: int = 0  # reviewed values not found again with certainty (see `review`)

    def line(self) -> str:
        text = (f"Extracted {self.studies} studies ({self.failed} failed, {self.flagged} flagged): "
                f"{self.statistics} statistics, {self.arms} arms in {self.seconds:.1f}s")
        if self.unmatched:
            text += (f"; {self.unmatched} reviewed value(s) not found again with certainty: "
                     "run `stemfoot review` to match them")
        return text


def extract_corpus(db: sqlite_utils.Database, ids: list[str] | None = None, *, n_process: int = 1,
                   batch_size: int = 64, pico: bool = True,
                   on_study: Callable[[], None] | None = None) -> RunSummary:
    """Extract the studies of a corpus into its extraction tables (with PICO spans unless ``pico`` is off)."""
    started = time.perf_counter()
    studies = evidence.studies_to_extract(db, ids)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    run_id = evidence.start_run(db, EXTRACTOR_VERSION, now)
    summary = RunSummary()
    records = extract_records(((s["title"], s["abstract"]) for s in studies), n_process=n_process,
                              batch_size=batch_size, pico=pico)
    for study, record in zip(studies, records):
        key = study["pmid"] or study["local_id"] or str(study["id"])
        try:
            stamp = datetime.now(timezone.utc).isoformat(timespec="microseconds")
            # One transaction per study: a kill or a failure keeps its previous extraction whole, and
            # its reviewed values are found again (by content) in the same transaction.
            with transaction(db) as conn:
                evidence.store_record(db, study["id"], key, study["abstract"] or "", record, run_id, stamp)
                moved = aliases.rematch_study(conn, study["id"])
            summary.unmatched += sum(1 for status in moved.values() if status in aliases.UNRESOLVED)
        except sqlite3.OperationalError:
            raise  # a lock or a full disk: stop, one line (the CLI), previous extractions intact
        except Exception as exc:  # noqa: BLE001 - reported, the rest are stored
            record = {**record, "flags": ["failed"], "errors": [f"store: {exc}"]}
        summary.studies += 1
        if "failed" in record["flags"] or record["errors"]:
            summary.failed += 1
            summary.failures.append(f"{key}: {'; '.join(record['errors']) or ', '.join(record['flags'])}")
        elif record["flags"]:
            summary.flagged += 1
        summary.statistics += len(record["statistics"])
        summary.arms += len(record["arms"])
        if on_study is not None:
            on_study()
    summary.seconds = time.perf_counter() - started
    evidence.finish_run(db, run_id, {
            "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"), "studies": summary.studies,
            "failed": summary.failed, "flagged": summary.flagged, "statistics": summary.statistics,
    })
    return summary


def outcome_table(db: sqlite_utils.Database, outcome: str, measure: str, only_verified: bool = False) -> OutcomeData:
    """The per-study table of ``outcome`` from the effective (reviewed) values: what `meta`, figures and the report pool."""
    try:
        return study_table(db, outcome, measure, only_verified)
    except ValueError as exc:
        raise MetaAnalysisError(str(exc)) from exc


class NotEnoughStudies(MetaAnalysisError):
    """Fewer than two studies can be pooled for the outcome."""


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

    data = outcome_table(db, outcome, measure, only_verified)
    if data.k < 2:
        raise NotEnoughStudies(found_text(data))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = meta_analysis(data.table, measure.upper(), method.upper(), test)
    return Analysis(data, result, method.upper(), test, [str(w.message) for w in caught
                                                          if issubclass(w.category, UserWarning)])
