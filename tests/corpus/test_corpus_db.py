"""Opening, versioning and migrating the corpus database."""
from __future__ import annotations

import sqlite3

import pytest
import sqlite_utils

from stemfoot.corpus import db as corpus_db
from stemfoot.corpus.db import SCHEMA_VERSION, open_db, transaction
from stemfoot.corpus.errors import CorpusError


def test_new_database_is_at_current_version_in_wal_mode(tmp_path):
    db = open_db(tmp_path / "c.db")
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {"studies", "studies_fts", "ingest_runs", "pubmed_fetch_state"} <= set(db.table_names())


def test_older_database_is_migrated_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    corpus_db.MIGRATIONS[0](old)  # what the first release created
    old.execute("PRAGMA user_version = 1")
    old.execute("INSERT INTO studies (pmid, title, first_seen, last_updated, content_hash) VALUES ('1', 'Old', 'x', 'x', 'h')")
    old.conn.commit()
    old.close()
    db = open_db(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("SELECT title FROM studies WHERE pmid = '1'").fetchone()[0] == "Old"


def test_newer_database_is_refused(tmp_path):
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(CorpusError, match=f"schema version {SCHEMA_VERSION + 1} is newer than this stemfoot"):
        open_db(path)


def test_non_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database")
    with pytest.raises(CorpusError, match="not a SQLite database"):
        open_db(path)
    assert path.read_text() == "these are my notes, not a database"


def test_missing_database_without_create(tmp_path):
    with pytest.raises(CorpusError, match="no such database"):
        open_db(tmp_path / "absent.db", create=False)


def test_transaction_rolls_back_on_error(tmp_path):
    db = open_db(tmp_path / "c.db")
    with pytest.raises(RuntimeError):
        with transaction(db) as conn:
            conn.execute("INSERT INTO studies (title, first_seen, last_updated, content_hash) VALUES ('t', 'x', 'x', 'h')")
            raise RuntimeError("boom")
    assert db.execute("SELECT count(*) FROM studies").fetchone()[0] == 0
