"""Run extraction over abstracts or over a corpus database."""
from __future__ import annotations

import multiprocessing as mp
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Iterable, Iterator

import sqlite_utils

from stemfoot.corpus.errors import CorpusError
from spacy.tokens import Doc

from stemfoot.extract.pico import load_pico_model
from stemfoot.extract.pico_evidence import pico_evidence, tag_pico
from stemfoot.extract.pipeline import clip, load_pipeline, process
from stemfoot.extract.provenance import EXTRACTOR_VERSION
from stemfoot.extract.record import build_record, empty_record, precheck
from stemfoot.corpus.evidence import clear, store_record


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

    def line(self) -> str:
        return (f"Extracted {self.studies} studies ({self.failed} failed, {self.flagged} flagged): "
                f"{self.statistics} statistics, {self.arms} arms in {self.seconds:.1f}s")


def _docs(texts: list[str], n_process: int, batch_size: int, pico: bool) -> Iterator[object]:
    """Docs in order (PICO-tagged if ``pico``); a text that breaks the pipeline yields the exception instead."""
    chunk = max(256, batch_size * n_process * 4)
    for i in range(0, len(texts), chunk):
        part = texts[i:i + chunk]
        docs: list[object]
        try:
            docs = list(process(part, n_process=n_process, batch_size=batch_size))
        except Exception:  # noqa: BLE001 - retry one by one to find the culprit
            docs = []
            for text in part:
                try:
                    docs.append(next(iter(process([text]))))
                except Exception as exc:  # noqa: BLE001
                    docs.append(exc)
        if pico:
            tag_pico([d for d in docs if isinstance(d, Doc)], batch_size)
        yield from docs


def _records_serial(items: list[tuple[str | None, str | None]], n_process: int, batch_size: int,
                    pico: bool) -> Iterator[dict]:
    prepared = []
    for title, abstract in items:
        text, flags = clip(abstract)
        problems = precheck(text)
        prepared.append((title, text, flags + problems, bool(problems)))
    docs = _docs([t for _, t, _, skip in prepared if not skip], n_process, batch_size, pico)
    for title, _, flags, skip in prepared:
        if skip:
            yield empty_record(flags, title)
            continue
        doc = next(docs)
        if isinstance(doc, Exception):
            record = empty_record(flags + ["failed"], title)
            record["errors"].append(f"pipeline: {type(doc).__name__}: {doc}")
            yield record
            continue
        try:
            record = build_record(doc, title, flags)
            record["pico"] = pico_evidence(doc)
            yield record
        except Exception as exc:  # noqa: BLE001 - one bad record never stops a run
            record = empty_record(flags + ["failed"], title)
            record["errors"].append(f"record: {type(exc).__name__}: {exc}")
            yield record


def _records_chunk(args: tuple[list[tuple[str | None, str | None]], int, bool]) -> list[dict]:
    items, batch_size, pico = args
    return list(_records_serial(items, 1, batch_size, pico))


def extract_records(items: Iterable[tuple[str | None, str | None]], *, n_process: int = 1,
                    batch_size: int = 64, pico: bool = True) -> Iterator[dict]:
    """One evidence record per (title, abstract), in order; bad input gives a flagged record.

    ``pico`` also runs the shipped PICO tagger over each abstract (``record["pico"]``).

    With ``n_process > 1`` forked workers (which inherit the loaded pipeline) each
    run ``nlp.pipe`` over a chunk and send back records, not Docs: a Doc with its
    extensions costs more to serialise than to extract.
    """
    items = list(items)
    if n_process <= 1 or len(items) < 2 * batch_size or "fork" not in mp.get_all_start_methods():
        yield from _records_serial(items, 1, batch_size, pico)
        return
    load_pipeline()
    if pico:
        load_pico_model()
    chunks = [(items[i:i + batch_size], batch_size, pico) for i in range(0, len(items), batch_size)]
    with mp.get_context("fork").Pool(n_process) as pool:
        for records in pool.imap(_records_chunk, chunks):
            yield from records


def select_studies(db: sqlite_utils.Database, ids: list[str] | None = None) -> list[dict]:
    """Studies to extract: all, or those whose PMID or local id is in ``ids``."""
    rows = list(db.query("SELECT id, pmid, local_id, title, abstract FROM studies ORDER BY id"))
    if not ids:
        return rows
    by_key = {r["pmid"]: r for r in rows if r["pmid"]} | {r["local_id"]: r for r in rows if r["local_id"]}
    missing = [i for i in ids if i not in by_key]
    if missing:
        raise CorpusError(f"no study with id {', '.join(missing)}")
    return [by_key[i] for i in dict.fromkeys(ids)]


def extract_corpus(db: sqlite_utils.Database, ids: list[str] | None = None, *, n_process: int = 1,
                   batch_size: int = 64, pico: bool = True,
                   on_study: Callable[[], None] | None = None) -> RunSummary:
    """Extract the studies of a corpus into its extraction tables (with PICO spans unless ``pico`` is off)."""
    started = time.perf_counter()
    studies = select_studies(db, ids)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with db.conn:
        run_id = db["extraction_runs"].insert({"extractor_version": EXTRACTOR_VERSION, "started": now}).last_pk
    summary = RunSummary()
    records = extract_records(((s["title"], s["abstract"]) for s in studies), n_process=n_process,
                              batch_size=batch_size, pico=pico)
    for study, record in zip(studies, records):
        key = study["pmid"] or study["local_id"] or str(study["id"])
        try:
            stamp = datetime.now(timezone.utc).isoformat(timespec="microseconds")
            store_record(db, study["id"], key, study["abstract"] or "", record, run_id, stamp)
        except Exception as exc:  # noqa: BLE001 - reported, the rest are stored
            clear(db, study["id"], record["extractor_version"])
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
    with db.conn:
        db["extraction_runs"].update(run_id, {
            "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"), "studies": summary.studies,
            "failed": summary.failed, "flagged": summary.flagged, "statistics": summary.statistics,
        })
    return summary
