"""The chain's orchestration: ingest into the corpus, extract the corpus, pool an outcome from it.

The one place where stages meet: the CLI and the report call these functions,
and the stage packages never import each other against the flow.
"""
from __future__ import annotations

import sqlite3
import time
import warnings
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

import sqlite_utils

from stemfoot.corpus import aliases, evidence
from stemfoot.metaanalysis.errors import MetaAnalysisError
from stemfoot.review.study_table import OUTCOME_DEFINITIONS, OutcomeData, TableOptions, study_table


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
    """Extract the studies of a corpus into its extraction tables (with PICO spans unless ``pico`` is off).

    Studies stream in from the database and records out to it: abstracts are
    read a page at a time, and records are written ``batch_size`` studies per
    transaction (each study's write atomic on its own), so memory stays flat
    in the number of studies. Studies with a stored full text have their prose
    extracted first, in one batch (held in memory until their record is written).
    """
    from stemfoot.extract.provenance import EXTRACTOR_VERSION  # spaCy: imported when extracting only
    from stemfoot.extract.run import extract_records

    started = time.perf_counter()
    study_ids = evidence.resolve_ids(db, ids)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    run_id = evidence.start_run(db, EXTRACTOR_VERSION, now)
    summary = RunSummary()
    full_texts = _full_text_prose(db, study_ids, n_process, batch_size)
    pending: deque[dict] = deque()  # studies read but not yet written: bounded by the extractor's lookahead

    def studies():
        for study in evidence.iter_studies(db, study_ids):
            pending.append(study)
            yield study["title"], study["abstract"]

    records = extract_records(studies(), n_process=n_process, batch_size=batch_size, pico=pico)
    batch: list[tuple[dict, dict]] = []
    for record in records:
        study = pending.popleft()
        if study["id"] in full_texts:
            record = _with_full_text(record, *full_texts.pop(study["id"]))
        batch.append((study, record))
        if len(batch) >= batch_size:
            _store_batch(db, batch, run_id, summary, on_study)
            batch = []
    _store_batch(db, batch, run_id, summary, on_study)
    summary.seconds = time.perf_counter() - started
    evidence.finish_run(db, run_id, {
            "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"), "studies": summary.studies,
            "failed": summary.failed, "flagged": summary.flagged, "statistics": summary.statistics,
    })
    return summary


def _store_batch(db: sqlite_utils.Database, batch: list[tuple[dict, dict]], run_id: int, summary: RunSummary,
                 on_study: Callable[[], None] | None) -> None:
    """Write a batch of studies' records in one transaction; a study whose write fails is stored as failed."""
    if not batch:
        return
    done = []
    with evidence.write_batch(db):
        for study, record in batch:
            key = study["pmid"] or study["local_id"] or str(study["id"])
            try:
                stamp = datetime.now(timezone.utc).isoformat(timespec="microseconds")
                # One savepoint per study: its rows, and its reviewed values found again by content, go
                # together; a failure keeps the study's previous extraction whole.
                moved = evidence.store_record(db, study["id"], key, study["abstract"] or "", record, run_id, stamp,
                                              then=aliases.rematch_study)
                summary.unmatched += sum(1 for status in moved.values() if status in aliases.UNRESOLVED)
            except sqlite3.OperationalError:
                raise  # a lock or a full disk: stop, one line (the CLI), previous extractions intact
            except Exception as exc:  # noqa: BLE001 - reported, the rest are stored
                record = {**record, "flags": ["failed"], "errors": [f"store: {exc}"]}
            done.append((key, record))
    for key, record in done:
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


def _full_text_prose(db: sqlite_utils.Database, study_ids: list[int] | None, n_process: int,
                     batch_size: int) -> dict[int, tuple[dict, list[dict], list[tuple[str, int, str]]]]:
    """Study id -> (article, prose records, prose pieces) of the studies with a stored full text.

    All results/methods prose of the run goes through the abstract pipeline in one
    batch (PICO off: its spans are kept for abstracts only), so workers stay busy.
    """
    from stemfoot.corpus.fulltext import full_text_ids, load_article
    from stemfoot.extract.fulltext import prose_pieces
    from stemfoot.extract.run import extract_records

    wanted = full_text_ids(db) if study_ids is None else full_text_ids(db) & set(study_ids)
    articles = {sid: load_article(db, sid) for sid in sorted(wanted)}
    pieces = {sid: prose_pieces(a) for sid, a in articles.items() if a is not None}
    texts = [(None, text) for sid in pieces for text, _, _ in pieces[sid]]
    records = iter(list(extract_records(texts, n_process=n_process, batch_size=batch_size, pico=False)))
    return {sid: (articles[sid], [next(records) for _ in pieces[sid]], pieces[sid]) for sid in pieces}


def _with_full_text(record: dict, article: dict, piece_records: list[dict],
                    pieces: list[tuple[str, int, str]]) -> dict:
    """The abstract record plus what the full text adds (results prose, tables), in one record: one transaction."""
    from stemfoot.extract.fulltext import fulltext_statistics

    try:
        stats, arms = fulltext_statistics(article, record, piece_records, pieces)
    except Exception as exc:  # noqa: BLE001 - the abstract's evidence is still stored
        return {**record, "errors": record["errors"] + [f"full text: {type(exc).__name__}: {exc}"]}
    for st in stats:
        st["evidence"]["version"] = record["extractor_version"]
    return {**record, "statistics": record["statistics"] + stats, "arms": record["arms"] + arms,
            "flags": record["flags"] + [f for f in article.get("flags", []) if f not in record["flags"]]}


def table_options(protocol=None, outcome: str | None = None) -> TableOptions:
    """The study-table rules of a review protocol (:class:`metaanalysis.protocol.Protocol`) for ``outcome``.

    Without a protocol: the default rules (and reported effects are pooled when a study has no arm data).
    """
    if protocol is None:
        return TableOptions()
    from stemfoot.metaanalysis.protocol import ProtocolError, choose_timepoint

    spec = protocol.outcome(outcome)
    known = set(OUTCOME_DEFINITIONS.get(spec.id, {})) | {"any", "unspecified"}
    for d in spec.definitions:
        if d not in known:
            raise ProtocolError(f"{protocol.path}: outcome {spec.id}: definition {d!r} is not one of "
                                f"{', '.join(sorted(known))} (schemas/outcome_definitions.json)")
    rule = protocol.rule_for(spec.id)

    def choose(tps: list[str | None]) -> tuple[str | None, str]:
        c = choose_timepoint(tps, rule)
        return c.timepoint, c.reason

    def excluded(label: str, pmid: str) -> str | None:
        return protocol.excluded(pmid) or protocol.excluded(label)

    return TableOptions(protocol.experimental.roles, protocol.experimental.cell_types, protocol.control.roles,
                        protocol.control.cell_types, choose, spec.definitions, spec.synonyms, excluded)


def outcome_table(db: sqlite_utils.Database, outcome: str, measure: str, only_verified: bool = False, *,
                  protocol=None, multiarm: str = "combine") -> OutcomeData:
    """The per-study table of ``outcome`` from the effective (reviewed) values: what `meta`, figures and the report pool.

    ``protocol``: a :class:`metaanalysis.protocol.Protocol` (sides, definitions,
    timepoint rule, exclusions). ``multiarm``: 'combine' the experimental arms
    of a multi-arm trial (default) or 'split' the shared control among them.
    """
    try:
        data = study_table(db, outcome, measure, only_verified, table_options(protocol, outcome))
    except ValueError as exc:
        raise MetaAnalysisError(str(exc)) from exc
    if multiarm == "split":
        data.table = split_multiarm(data.table, data.kind)
    elif multiarm != "combine":
        raise MetaAnalysisError(f"multi-arm mode must be combine or split, not {multiarm!r}")
    return data


def split_multiarm(table, kind: str):
    """Rows of trials with several experimental arms become one row per arm, the shared control split evenly."""
    import pandas as pd

    from stemfoot.metaanalysis.multiarm import BinaryArm, ContinuousArm, comparisons

    rows = []
    for row in table.to_dict("records"):
        arms = row.get("_arms")
        if not isinstance(arms, dict) or len(arms["t"]) < 2:
            rows.append(row)
            continue
        make = (lambda a: BinaryArm(a[1], a[2], a[0])) if kind == "binary" else \
            (lambda a: ContinuousArm(a[1], a[2], a[3], a[0]))
        for comp in comparisons(row["study"], [make(a) for a in arms["t"]], [make(a) for a in arms["c"]], "split"):
            new = {**row, "study": comp.label, "arms_t": comp.experimental.label, "arms_c": comp.control.label,
                   "multiarm": comp.how}
            for side, arm in (("t", comp.experimental), ("c", comp.control)):
                if kind == "binary":
                    new.update({f"events_{side}": int(arm.events), f"total_{side}": int(arm.total)})
                else:
                    new.update({f"mean_{side}": arm.mean, f"sd_{side}": arm.sd, f"n_{side}": int(arm.n)})
            rows.append(new)
    return pd.DataFrame(rows, columns=table.columns)


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
    sources: list[str] = field(default_factory=list)  # per pooled study: arm_binary | arm_continuous | reported_effect
    multiarm: str = "combine"
    protocol: object | None = None  # metaanalysis.protocol.Protocol
    force_small_study: bool = False

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
    only_verified: bool = False, *, protocol=None, multiarm: str = "combine", force_small_study: bool = False,
) -> Analysis:
    """Build the study table for ``outcome`` and pool it; NotEnoughStudies when k < 2."""
    data = outcome_table(db, outcome, measure, only_verified, protocol=protocol, multiarm=multiarm)
    return pool_data(data, method, test, protocol=protocol, multiarm=multiarm, force_small_study=force_small_study)


def pool_data(data: OutcomeData, method: str = "REML", test: str = "z", **settings) -> Analysis:
    """Pool a study table (arm rows and reported effects by generic inverse variance); NotEnoughStudies when k < 2."""
    from stemfoot.metaanalysis.pooling import pool

    if data.k < 2:
        raise NotEnoughStudies(found_text(data))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result, sources = pool(data.table, data.measure, method.upper(), test)
    return Analysis(data, result, method.upper(), test, [str(w.message) for w in caught
                                                         if issubclass(w.category, UserWarning)], sources, **settings)


SENSITIVITY = ("leave-one-out", "cumulative", "rct-only", "reviewed-only")


@dataclass
class Sensitivity:
    """A sensitivity analysis: a table of refits (leave-one-out, cumulative) or a re-pooled subset."""

    kind: str
    main: Analysis
    table: object | None = None  # pandas DataFrame of metafor's leave1out/cumul columns
    subset: Analysis | None = None
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (study, why) left out of the subset

    def heading(self) -> str:
        k = self.main.result.k
        if self.kind == "leave-one-out":
            return f"Sensitivity analysis: leave-one-out ({k} refits, each without one study)"
        if self.kind == "cumulative":
            return f"Sensitivity analysis: cumulative meta-analysis by publication year ({k} steps)"
        what = "RCTs only" if self.kind == "rct-only" else "studies whose values were all reviewed"
        gone = "; ".join(f"{s} ({why})" for s, why in self.dropped)
        kept = self.subset.result.k if self.subset is not None else k - len(self.dropped)
        return f"Sensitivity analysis: {what} (k = {kept} of {k})" + (f"; left out: {gone}" if gone else "")


def sensitivity(a: Analysis, kind: str) -> Sensitivity:
    """Leave-one-out, cumulative by year, RCTs only, or only studies with every value reviewed."""
    from stemfoot.metaanalysis.sensitivity import cumul, leave1out

    if kind not in SENSITIVITY:
        raise MetaAnalysisError(f"sensitivity analysis must be one of {', '.join(SENSITIVITY)}, not {kind!r}")
    if kind in ("leave-one-out", "cumulative"):
        if not a.inverse_variance:
            raise MetaAnalysisError(f"{kind} needs an inverse-variance method (FE or a tau^2 estimator), not {a.method}")
        if kind == "leave-one-out":
            return Sensitivity(kind, a, leave1out(a.result))
        years = a.data.table.set_index("study").loc[a.result.labels, "year"] if "year" in a.data.table else None
        if years is None or years.isna().any():
            raise MetaAnalysisError("cumulative by year needs a year for every study (a 'year' column)")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return Sensitivity(kind, a, cumul(a.result, order=years.astype(float).to_numpy()))
    t = a.data.table
    column = "design" if kind == "rct-only" else "reviewed"
    if column not in t:
        raise MetaAnalysisError(f"{kind} needs a {column!r} column" + (" (pool from --db)" if column == "reviewed" else ""))
    keep = (t["design"] == "rct") if kind == "rct-only" else t["reviewed"].astype(bool)
    why = (lambda r: f"design {r['design']}") if kind == "rct-only" else (lambda r: "unreviewed values")
    dropped = [(r["study"], why(r)) for _, r in t[~keep].iterrows()]
    from copy import copy

    data = copy(a.data)
    data.table = t[keep].reset_index(drop=True)
    sub = pool_data(data, a.method, a.test, multiarm=a.multiarm, protocol=a.protocol,
                    force_small_study=a.force_small_study)
    return Sensitivity(kind, a, subset=sub, dropped=dropped)


def outcome_answers(db: sqlite_utils.Database, queries: list[dict]) -> tuple[list[dict], list[str]]:
    """Answers to outcome-data queries (one per query, in order) from the stored extractions, and warnings.

    A study that is not in the corpus, or not extracted, gets an all-null answer: null beats a guess.
    """
    from stemfoot.corpus.fulltext import extracted_statistics, find_study, load_article, study_abstract
    from stemfoot.extract.outcome_query import answer_query
    from stemfoot.extract.group_sizes import article_table_sizes

    cache: dict[int, tuple[list[dict], list[dict]]] = {}
    texts: dict[int, str] = {}
    parts: dict[int, list[tuple[str, str]]] = {}
    table_sizes: dict[int, list[tuple[str, int, str]]] = {}
    tables: dict[int, list[dict]] = {}
    answers, warnings_ = [], []
    for q in queries:
        sid = find_study(db, str(q.get("study") or ""))
        if sid is None:
            warnings_.append(f"query {q.get('id')}: no study {q.get('study')!r} in the corpus; answered with nulls")
        elif sid not in cache:
            cache[sid] = extracted_statistics(db, sid)
            article = load_article(db, sid)
            abstract, body = study_abstract(db, sid), article and article["full_text"]
            texts[sid] = "\n\n".join(x for x in (abstract, body) if x)
            parts[sid] = [(name, x) for name, x in (("abstract", abstract), ("full_text", body)) if x]
            table_sizes[sid] = article_table_sizes((article or {}).get("tables") or [])
            tables[sid] = (article or {}).get("tables") or []
            if not cache[sid][0] and not cache[sid][1]:
                warnings_.append(f"query {q.get('id')}: study {q.get('study')} has no extracted evidence; run `extract`")
        candidates, arms = cache.get(sid, ([], [])) if sid is not None else ([], [])
        answers.append(answer_query(q, candidates, arms, text=texts.get(sid) if sid is not None else None,
                                    sections=parts.get(sid) if sid is not None else None,
                                    table_sizes=table_sizes.get(sid) if sid is not None else None,
                                    tables=tables.get(sid) if sid is not None else None))
    return answers, warnings_
