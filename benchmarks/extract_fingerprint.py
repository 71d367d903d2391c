"""Dump extraction records to JSON (to check a speed change leaves output byte-identical) and time them.

    python benchmarks/extract_fingerprint.py abstracts OUT.json --data DIR_OF_TXT [--limit 300] [--no-pico]
    python benchmarks/extract_fingerprint.py golds OUT.json tests/data/*_dev.jsonl
    python benchmarks/extract_fingerprint.py fulltext OUT.json --db CORPUS.db   (the db is copied, not changed)

Each mode writes every record (in order, keys sorted) and prints the CPU time
of the extraction (``time.process_time``, one process) and a SHA-256 of the
dump; ``--profile FILE`` also writes a cProfile of it. Run before and after a
change and ``cmp`` the dumps.
"""
from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path


def _abstracts(args: argparse.Namespace) -> list[tuple[str | None, str]]:
    files = sorted(Path(args.data).glob("*.txt"))[:args.limit]
    return [(None, f.read_text("utf-8", errors="replace")) for f in files]


def _golds(args: argparse.Namespace) -> list[tuple[str | None, str]]:
    items = []
    for path in args.inputs:
        for line in Path(path).read_text("utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                items.append((rec.get("title"), rec.get("abstract") or ""))
    return items


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["abstracts", "golds", "fulltext"])
    ap.add_argument("out")
    ap.add_argument("inputs", nargs="*", help="gold JSONL files (mode golds)")
    ap.add_argument("--data", default="../shared/data/numeric/pico_corpus_mutinda/pico_corpus_brat_annotated_files")
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--db", help="a corpus with stored full texts (mode fulltext)")
    ap.add_argument("--no-pico", action="store_true")
    ap.add_argument("--profile", help="write a cProfile of the extraction here")
    args = ap.parse_args(argv)
    warnings.filterwarnings("ignore", message=r".*W036")
    from stemfoot.extract.pico import load_pico_model
    from stemfoot.extract.pipeline import load_pipeline
    from stemfoot.extract.run import extract_records

    nlp = load_pipeline()
    if not args.no_pico:
        load_pico_model()
    list(nlp.pipe(["A randomized trial of 20 patients (n = 10 vs 10) with p < 0.05 at 12 weeks."]))
    records: list[dict] = []
    prof = cProfile.Profile() if args.profile else None
    with tempfile.TemporaryDirectory() as tmp:
        if args.mode == "fulltext":
            import sqlite_utils

            from stemfoot import chain
            from stemfoot.corpus import evidence

            db_path = Path(tmp) / "corpus.db"
            shutil.copy(args.db, db_path)
            db = sqlite_utils.Database(db_path)
            real = evidence.store_record

            def keep(db, study_id, study, abstract, record, *rest, **kw):  # noqa: ANN001, ANN202
                records.append(json.loads(json.dumps(record, sort_keys=True, default=str)))
                return real(db, study_id, study, abstract, record, *rest, **kw)

            evidence.store_record = keep
            started = time.process_time()
            if prof:
                prof.enable()
            chain.extract_corpus(db, pico=not args.no_pico)
        else:
            items = _abstracts(args) if args.mode == "abstracts" else _golds(args)
            started = time.process_time()
            if prof:
                prof.enable()
            records = list(extract_records(items, pico=not args.no_pico))
        if prof:
            prof.disable()
        cpu = time.process_time() - started
    for rec in records:
        rec.pop("extracted_at", None)
    dump = json.dumps(records, sort_keys=True, default=str, indent=0)
    Path(args.out).write_text(dump, "utf-8")
    if prof:
        prof.dump_stats(args.profile)
    n = len(records)
    print(f"{args.mode}: {n} records, CPU {cpu:.2f} s ({1000 * cpu / max(n, 1):.1f} ms each), "
          f"sha256 {hashlib.sha256(dump.encode()).hexdigest()[:16]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
