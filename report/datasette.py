"""Browse the corpus in Datasette: metadata (titles, descriptions, facets, FTS, canned queries) and launch."""
from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from stemfoot.corpus.canned_queries import POOLABLE_2X2_SQL, STATISTICS_OF_OUTCOME_SQL, STUDIES_BY_CELL_TYPE_SQL
from stemfoot.corpus.errors import CorpusError

STATISTICS_COLUMNS = {
    "study": "PMID, or local id for records without one",
    "outcome": "Outcome id from the controlled vocabulary (schemas/outcomes.json)",
    "outcome_label": "The outcome as the abstract words it",
    "arm": "Arm label as the abstract words it",
    "arm_role": "intervention, control, active_comparator or single",
    "arm_n_patients": "Patients in the arm",
    "arm_cell_type": "Cell type given to the arm",
    "timepoint": "When the value was measured (baseline, follow-up, 6 months, ...)",
    "kind": "events, percent, mean_sd, mean, median, effect or p_value",
    "events": "Patients (or limbs, ulcers) with the event",
    "total": "Denominator of events",
    "percent": "Percentage as reported",
    "mean": "Mean", "sd": "Standard deviation", "median": "Median",
    "value": "Reported effect estimate", "ci_lower": "Lower 95% CI bound", "ci_upper": "Upper 95% CI bound",
    "effect_measure": "Measure of a reported effect (OR, RR, HR, ...)",
    "p": "p-value", "p_operator": "=, < or > as reported",
    "confidence": "Extractor confidence (0-1): for results, the export gate's calibrated P(right arm and outcome)",
    "start": "Start offset of the value in the abstract", "end": "End offset of the value in the abstract",
    "text": "The value as written", "sentence": "The source sentence",
}

def metadata(db_path: str | Path) -> dict[str, Any]:
    """Datasette metadata for the corpus database at ``db_path``."""
    name = Path(db_path).stem
    stats = {"description": "One row per extracted statistic, with its study, arm and source sentence.",
             "facets": ["outcome", "design", "arm_cell_type", "kind"], "columns": STATISTICS_COLUMNS,
             "units": {"percent": "percent"}, "sort": "year"}
    return {
        "title": "stemfoot evidence corpus",
        "description": "Clinical studies of stem-cell and cell therapy for diabetic foot: abstracts, "
                       "extracted designs, arms and outcome statistics, and reviewer curation.",
        "databases": {name: {
            "description": "SQLite corpus written by `stemfoot ingest` and `stemfoot extract`.",
            "tables": {
                "studies": {
                    "description": "One row per record (PubMed, RIS, CSV ...); full-text search on title and abstract.",
                    "fts_table": "studies_fts", "fts_pk": "id", "searchable_columns": ["title", "abstract"],
                    "facets": ["year", "source_format"], "sort_desc": "year",
                    "columns": {"pmid": "PubMed id (NULL when unverified)", "local_id": "Local id for records without a PMID",
                                "abstract": "Abstract text", "sections": "Structured-abstract sections (JSON offsets)",
                                "authors": "Authors (JSON list)", "year": "Publication year"},
                },
                "extracted_statistics": stats,
                "statistics": {"description": "Extracted outcome statistics (all extractor versions).",
                               "facets": ["outcome", "kind", "arm_role"], "units": {"percent": "percent"},
                               "columns": {k: v for k, v in STATISTICS_COLUMNS.items() if k not in ("study", "start", "end", "text", "sentence")}},
                "arms": {"description": "Trial arms with role, size, cell type and route.",
                         "facets": ["role", "cell_type", "route"],
                         "columns": {"role": STATISTICS_COLUMNS["arm_role"], "n_patients": "Patients in the arm",
                                     "n_limbs": "Limbs in the arm", "cell_type": "Cell type code", "route": "Route(s) of delivery"}},
                "current_extractions": {"description": "The newest extraction of each study: design, sizes, cell types.",
                                        "facets": ["design"],
                                        "columns": {"design": "rct, non_randomized_controlled, single_arm or other",
                                                    "n_patients": "Patients enrolled", "cell_types": "Cell types (JSON list)"}},
                "spans": {"description": "Where each extracted value was read: offsets into the abstract, full text or "
                                         "table, and the sentence (a view: `span_store` keeps offsets, not copies)."},
                "curation_events": {"description": "Reviewer decisions (append-only)."},
                "screening_events": {"description": "Include/exclude decisions with reasons (append-only)."},
            },
            "queries": {
                "statistics_for_outcome": {
                    "title": "All statistics for an outcome",
                    "description": "Every extracted statistic of one outcome (e.g. ulcer_healing), with its source sentence.",
                    "sql": STATISTICS_OF_OUTCOME_SQL,
                },
                "studies_by_cell_type": {
                    "title": "Studies by cell type",
                    "description": "How many studies used each cell type, and which.",
                    "sql": STUDIES_BY_CELL_TYPE_SQL,
                },
                "poolable_2x2": {
                    "title": "Poolable 2×2 data for an outcome",
                    "description": "Per study and timepoint: intervention and control events/total where both arms "
                                   "report counts with denominators (machine values; `stemfoot forest` also "
                                   "derives counts from percentages and applies reviewer curation).",
                    "sql": POOLABLE_2X2_SQL,
                },
            },
        }},
    }


def datasette_available() -> bool:
    return importlib.util.find_spec("datasette") is not None


def datasette_command(db_path: str | Path, port: int, metadata_path: str | Path, host: str = "127.0.0.1",
                      plugins_dir: str | Path | None = None) -> list[str]:
    """The command line that serves ``db_path`` with the metadata file (and the host-guard plugin)."""
    command = [sys.executable, "-m", "datasette", "serve", str(db_path), "--host", host, "--port", str(port),
               "--metadata", str(metadata_path)]
    return command + (["--plugins-dir", str(plugins_dir)] if plugins_dir is not None else [])


#: A Datasette plugin: answer only requests whose Host header names the loopback address and our port (a page
#: on another site that rebinds its DNS name to 127.0.0.1 sends its own name), and exit when the stemfoot
#: process that started this server is gone (even after `kill -9`, which it cannot catch).
_GUARD_PLUGIN = """
import os, threading, time
from datasette import hookimpl

ALLOWED = {allowed!r}
PARENT = {parent!r}


def _watch_parent():
    while True:
        if os.getppid() != PARENT:
            os._exit(0)
        time.sleep(0.5)


@hookimpl
def asgi_wrapper(datasette):
    threading.Thread(target=_watch_parent, daemon=True).start()

    def wrap(app):
        async def guarded(scope, receive, send):
            if scope.get("type") == "http":
                host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1").lower()
                if host not in ALLOWED:
                    await send({{"type": "http.response.start", "status": 421,
                                "headers": [(b"content-type", b"text/plain; charset=utf-8")]}})
                    await send({{"type": "http.response.body",
                                "body": b"Misdirected request: this server answers only to 127.0.0.1/localhost\\n"}})
                    return
            await app(scope, receive, send)
        return guarded
    return wrap
"""


def allowed_hosts(port: int) -> set[str]:
    """Host header values a loopback browser sends for this port."""
    return {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the kernel sends SIGTERM to the server when stemfoot dies, however it dies."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def serve(db_path: str | Path, port: int = 8001) -> int:
    """Run Datasette on 127.0.0.1 until it stops; Ctrl-C or SIGTERM stop it (status 0), else its exit status."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise CorpusError(f"{db_path}: no such database")
    if not datasette_available():
        raise CorpusError("datasette is not installed: pip install 'stemfoot[serve]'")
    with tempfile.TemporaryDirectory(prefix="stemfoot-serve-") as tmp:
        meta = Path(tmp) / "metadata.json"
        meta.write_text(json.dumps(metadata(db_path), indent=2), encoding="utf-8")
        plugins = Path(tmp) / "plugins"
        plugins.mkdir()
        (plugins / "stemfoot_host_guard.py").write_text(
            _GUARD_PLUGIN.format(allowed=sorted(allowed_hosts(port)), parent=os.getpid()), encoding="utf-8")
        proc = subprocess.Popen(datasette_command(db_path, port, meta, plugins_dir=plugins),
                                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
        # A kill of this process stops the server too (SIGKILL: the child's own watch, above).
        previous = signal.signal(signal.SIGTERM, _interrupt)
        previous_hup = signal.signal(signal.SIGHUP, _interrupt) if hasattr(signal, "SIGHUP") else None
        try:
            return proc.wait()
        except KeyboardInterrupt:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            return 0  # stopped on request
        finally:
            signal.signal(signal.SIGTERM, previous)
            if previous_hup is not None:
                signal.signal(signal.SIGHUP, previous_hup)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
