"""The curated fixture corpus: the bundled six abstracts with a frozen extraction (tools/make_fixture_corpus.py).

Pooling, plot, report, query and serve tests read it instead of running the
NLP, so a change to the extractor cannot break a forest-plot test.
"""
from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from stemfoot.corpus.db import MIGRATIONS, open_db

FIXTURE = Path(__file__).parent / "data" / "curated_corpus.jsonl"
FIXTURE_VERSION = 4


def build_fixture_corpus(path: Path) -> Path:
    """The fixture corpus at ``path``, migrated to the current schema."""
    db = sqlite_utils.Database(path)
    for migration in MIGRATIONS[:FIXTURE_VERSION]:
        migration(db)
    with db.conn:
        for line in FIXTURE.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            row = rec["row"]
            db.conn.execute(f"INSERT INTO [{rec['table']}] ({', '.join(f'[{c}]' for c in row)}) "
                            f"VALUES ({', '.join('?' for _ in row)})", list(row.values()))
        db.conn.execute(f"PRAGMA user_version = {FIXTURE_VERSION}")
    db.conn.close()
    open_db(path).conn.close()  # runs the later migrations
    return path
