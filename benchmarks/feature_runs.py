"""The command line shared by the feature builders of the learned full-text stages.

``group_size_features.py`` and ``place_rank_features.py`` each turn ``bench_fulltext.py --keep`` runs
(set, form, gold, database) into one JSON line per gold query; this writes them, gzip with a fixed header
so the same runs give the same file byte for byte.
"""
from __future__ import annotations

import argparse
import gzip
import json
from collections.abc import Callable
from pathlib import Path

RowsFor = Callable[[str, str, Path, Path], list[dict]]


def main(rows_for: RowsFor, summary: Callable[[list[dict]], str], description: str,
         argv: list[str] | None = None) -> int:
    """Parse ``--run SET FORM GOLD DB`` (repeatable) and ``--out``; write every run's rows."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--run", nargs=4, action="append", metavar=("SET", "FORM", "GOLD", "DB"), required=True)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    lines = []
    for set_name, form, gold, db in args.run:
        rows = rows_for(set_name, form, Path(gold), Path(db))
        lines += rows
        print(f"{set_name} {form}: {summary(rows)}")
    data = "".join(json.dumps(r, sort_keys=True, separators=(",", ":")) + "\n" for r in lines).encode("utf-8")
    # A fixed gzip header (no time stamp): the same runs write the same file.
    args.out.write_bytes(gzip.compress(data, mtime=0) if args.out.suffix == ".gz" else data)
    return 0
