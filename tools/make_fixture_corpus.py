"""Write the curated fixture corpus the pooling, plot, report and query tests read (no NLP at test time).

    python tools/make_fixture_corpus.py --db out/stemfoot.db --out tests/data/curated_corpus.jsonl

``--db`` is the bundled corpus ingested and extracted at schema version 4
(`make demo`'s database from the commit that added this file). Each line is
``{"table": ..., "row": {...}}``; tests/fixture_corpus.py loads it into a
database built by the first four migrations and migrates it from there, so the
fixture keeps working as the schema grows and as the extractor changes.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path

#: The data tables of schema version 4, parents first; FTS rows are rebuilt by triggers.
TABLES = ("studies", "ingest_runs", "extraction_runs", "extractions", "spans", "arms", "outcomes", "facets",
          "statistics", "curation_events", "screening_events")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args()
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    if conn.execute("PRAGMA user_version").fetchone()[0] != 4:
        raise SystemExit(f"{args.db}: the fixture is written from a schema version 4 database")
    with open(args.out, "w", encoding="utf-8") as fh:
        for table in TABLES:
            for row in conn.execute(f"SELECT * FROM [{table}] ORDER BY rowid"):
                fh.write(json.dumps({"table": table, "row": dict(row)}, ensure_ascii=False, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
