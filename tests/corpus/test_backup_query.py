"""Online backup while another process writes, and read-only SQL."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stemfoot.corpus.backup import backup
from stemfoot.corpus.db import open_db
from stemfoot.corpus.errors import CorpusError
from stemfoot.corpus.ingest.loader import ingest_file
from stemfoot.corpus.query import run_sql

BUNDLED = Path(__file__).resolve().parents[2] / "corpus" / "data" / "domain_dev.xml"

WRITER = """
import sys, time
from stemfoot.corpus.db import open_db, transaction
db = open_db(sys.argv[1])
print("ready", flush=True)
deadline = time.time() + float(sys.argv[2])
i = 0
while time.time() < deadline:
    with transaction(db) as conn:
        conn.execute("INSERT INTO studies (title, first_seen, last_updated, content_hash) VALUES (?, 'x', 'x', 'h')", (f"w{i}",))
    i += 1
print(i, flush=True)
"""


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "c.db"
    db = open_db(path)
    ingest_file(db, BUNDLED)
    db.close()
    return path


def test_backup_while_another_process_writes(corpus, tmp_path):
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(corpus), "2.0"], stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "ready"
    time.sleep(0.3)
    target = tmp_path / "backup.db"
    assert backup(corpus, target) > 0
    written = int(writer.stdout.readline())
    assert writer.wait(timeout=30) == 0
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    copied = copy.execute("SELECT count(*) FROM studies").fetchone()[0]
    assert 6 <= copied <= 6 + written
    final = sqlite3.connect(corpus).execute("SELECT count(*) FROM studies").fetchone()[0]
    assert final == 6 + written


def test_backup_never_overwrites(corpus, tmp_path):
    target = tmp_path / "exists.db"
    target.write_text("precious")
    with pytest.raises(CorpusError, match="already exists"):
        backup(corpus, target)
    assert target.read_text() == "precious"


def test_readonly_sql_refuses_writes(corpus):
    for sql in ("DELETE FROM studies", "DROP TABLE studies", "UPDATE studies SET title = 'x'",
                "INSERT INTO studies (title) VALUES ('x')"):
        with pytest.raises(CorpusError, match="refused: the database is opened read-only"):
            run_sql(corpus, sql)
    columns, rows = run_sql(corpus, "SELECT count(*) AS n FROM studies")
    assert (columns, rows) == (["n"], [(6,)])


def test_readonly_sql_refuses_attach_writes(corpus, tmp_path):
    with pytest.raises(CorpusError):
        run_sql(corpus, f"ATTACH DATABASE '{tmp_path / 'evil.db'}' AS evil")
    assert not (tmp_path / "evil.db").exists()
