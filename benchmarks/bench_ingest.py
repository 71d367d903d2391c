"""Benchmark: ingest synthetic PubMed XML, next to a bare parse of the same file.

Goal (foundation issue): 10,000 records in under 20 s on 2 cores, within 2x
of a bare parse. The bare parse walks every element (tag, attributes, text)
and frees each record, as the ingest parser does, but builds nothing.

    python benchmarks/bench_ingest.py [--records 10000] [--workdir DIR]

Needs stemfoot importable (``pip install -e .``, or PYTHONPATH pointing at a
folder whose ``stemfoot`` links to the checkout).
"""
from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Callable

from defusedxml.ElementTree import iterparse as defused_iterparse

from stemfoot.corpus.db import open_db
from stemfoot.corpus.ingest.loader import ingest_paths
# A sibling script: `python benchmarks/bench_ingest.py` puts benchmarks/ on sys.path.
from synth_pubmed import write_pubmed_xml


def bare_parse(path: Path, iterparse: Callable) -> int:
    """Touch every element of the file and free each record; return the record count."""
    records = touched = 0
    for _, elem in iterparse(str(path)):
        touched += len(elem.tag) + len(elem.attrib) + len(elem.text or "")
        if elem.tag == "PubmedArticle":
            records += 1
            elem.clear()
    return records


def timed(step: Callable[[], object]) -> tuple[float, float, object]:
    """Wall and CPU seconds of one call, and its result."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = step()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description="Ingest N synthetic PubMed records and compare with a bare parse.")
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="Bare parses are timed this many times; best kept.")
    parser.add_argument("--workdir", type=Path, help="Where the XML file and database go (default: a temp dir).")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        xml_path = write_pubmed_xml(workdir / f"synthetic_{args.records}.xml", args.records)
        size_mb = xml_path.stat().st_size / 1e6
        db_path = workdir / "bench.db"
        for leftover in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
            leftover.unlink(missing_ok=True)

        rows: list[tuple[str, float, float]] = []
        for name, iterparse in (("bare parse, xml.etree iterparse", ET.iterparse),
                                ("bare parse, defusedxml iterparse", defused_iterparse)):
            best = min((timed(lambda: bare_parse(xml_path, iterparse)) for _ in range(args.repeat)),
                       key=lambda t: t[0])
            assert best[2] == args.records, f"{name}: {best[2]} records, expected {args.records}"
            rows.append((name, best[0], best[1]))

        held = _time_write_lock()
        db = open_db(db_path)
        wall, cpu, summary = timed(lambda: ingest_paths(db, [xml_path]))
        assert summary.new == args.records, f"first ingest: {summary.line()}"
        rows.append(("ingest_paths, empty database", wall, cpu))
        wall, cpu, summary = timed(lambda: ingest_paths(db, [xml_path]))
        assert summary.unchanged == args.records, f"re-ingest: {summary.line()}"
        rows.append(("ingest_paths again, all unchanged", wall, cpu))
        db.conn.close()

    # The ingest parses with defusedxml, so that pass is the baseline. CPU seconds
    # are shown too: on a shared machine they wobble less than wall seconds.
    base_wall, base_cpu = rows[1][1], rows[1][2]
    print(f"{args.records:,} synthetic PubMed records ({size_mb:.0f} MB); Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, {platform.machine()}")
    print(f"{'step':<36} {'wall s':>7} {'CPU s':>7} {'records/s':>10} {'x bare':>7} {'x bare CPU':>10}")
    for name, wall, cpu in rows:
        print(f"{name:<36} {wall:>7.2f} {cpu:>7.2f} {args.records / wall:>10,.0f} "
              f"{wall / base_wall:>7.2f} {cpu / base_cpu:>10.2f}")
    print("write lock held (stage, then swap): " + ", ".join(f"{s:.2f} s" for s in held)
          + " (first ingest, re-ingest); the rest of each ingest leaves the corpus free to other writers")


def _time_write_lock() -> list[float]:
    """Time each write transaction of the loader (the swap): how long other writers would wait."""
    from contextlib import contextmanager

    from stemfoot.corpus.ingest import loader

    held: list[float] = []
    original = loader.transaction

    @contextmanager
    def timed_transaction(db):
        start = time.perf_counter()
        with original(db) as conn:
            yield conn
        held.append(time.perf_counter() - start)

    loader.transaction = timed_transaction
    return held


if __name__ == "__main__":
    main()
