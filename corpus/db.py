"""Open, create and migrate the SQLite evidence corpus."""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

if TYPE_CHECKING:  # imported in open_db: sqlite-utils imports pandas and numpy (~0.5 s)
    import sqlite_utils

from stemfoot.corpus.errors import CorpusError
from stemfoot.corpus.migrations import (
    m001_studies, m002_extraction, m003_curation, m004_machine_values, m005_fulltext, m006_trials, m007_appraisal,
    m008_value_aliases, m009_scale, m010_span_offsets,
)

#: Each migration brings the database from version i to i + 1 (index i).
#: Append new migrations; never edit one that has shipped.
Migration = Callable[["sqlite_utils.Database"], None]


MIGRATIONS: list[Migration] = [m.apply for m in (
    m001_studies, m002_extraction, m003_curation, m004_machine_values, m005_fulltext, m006_trials, m007_appraisal,
    m008_value_aliases, m009_scale, m010_span_offsets,
)]
SCHEMA_VERSION = len(MIGRATIONS)
SQLITE_MAGIC = b"SQLite format 3\x00"


#: Seconds a command waits for another writer's lock (`--lock-timeout`, env STEMFOOT_LOCK_TIMEOUT).
DEFAULT_LOCK_TIMEOUT = 30.0


_lock_timeout: float | None = None


def set_lock_timeout(seconds: float | None) -> None:
    """Set the lock wait of this process (the CLI's --lock-timeout); None: back to the environment's."""
    global _lock_timeout
    _lock_timeout = seconds


def lock_timeout() -> float:
    """The lock wait in force: `set_lock_timeout`, else $STEMFOOT_LOCK_TIMEOUT, else 30 s."""
    import os

    if _lock_timeout is not None:
        return _lock_timeout
    try:
        value = float(os.environ.get("STEMFOOT_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT
    return value if value >= 0 else DEFAULT_LOCK_TIMEOUT


def _check_file(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    if head != SQLITE_MAGIC:
        raise CorpusError(f"{path}: not a SQLite database")


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite_utils.Database, path: str | Path = "database") -> int:
    """Apply pending migrations, each in its own transaction; return the version."""
    current = schema_version(db)
    if current > SCHEMA_VERSION:
        raise CorpusError(
            f"{path}: database schema version {current} is newer than this stemfoot "
            f"(supports up to {SCHEMA_VERSION}); upgrade stemfoot"
        )
    for version in range(current, SCHEMA_VERSION):
        with db.conn:
            MIGRATIONS[version](db)
            db.execute(f"PRAGMA user_version = {version + 1}")
    return SCHEMA_VERSION


def open_db(path: str | Path, *, create: bool = True, readonly: bool = False) -> sqlite_utils.Database:
    """Open (and migrate) the corpus at ``path``.

    WAL mode and a busy timeout let an ingest and a review import run at once.
    """
    import sqlite_utils

    path = Path(path)
    _check_file(path)
    if not path.exists() and not create:
        raise CorpusError(f"{path}: no such database")
    if readonly:
        from stemfoot.corpus.sql_limits import open_readonly

        # A percent-encoded URI (a '#' or '?' in the path is not URI syntax), and on a read-only
        # mount the immutable fallback: reading commands work where nothing can be written.
        conn = open_readonly(path, timeout=lock_timeout())
        conn.set_authorizer(None)  # query_only still refuses writes; readers may use temp tables
        return sqlite_utils.Database(conn)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=lock_timeout())
        db = sqlite_utils.Database(conn)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA journal_mode = WAL")
        migrate(db, path)
    except sqlite3.OperationalError as exc:
        import os

        if path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
            raise CorpusError(f"{path}: the database (or its folder) is read-only; this command writes to it "
                              "(reading commands such as show, stats, query, report and export still work)") from exc
        raise CorpusError(f"{path}: {describe_operational_error(exc)}") from exc
    except sqlite3.DatabaseError as exc:
        raise CorpusError(f"{path}: cannot open as SQLite database ({exc})") from exc
    return db


def open_for_counts(path: str | Path) -> "sqlite3.Connection | sqlite_utils.Database":
    """An existing corpus for read-only counts (`stats`): a read-only plain connection when its schema is
    current, so the command does not import sqlite-utils (and pandas); else :func:`open_db` read-only."""
    from stemfoot.corpus.sql_limits import open_readonly

    path = Path(path)
    _check_file(path)
    conn = open_readonly(path)
    if schema_version(conn) == SCHEMA_VERSION:  # type: ignore[arg-type]
        return conn
    conn.close()
    return open_db(path, create=False, readonly=True)


def describe_operational_error(exc: sqlite3.OperationalError) -> str:
    """One line for a SQLite failure a user can act on (lock, full disk, read-only file)."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return (f"the database is locked by another stemfoot process; waited {lock_timeout():g} s "
                "(wait and retry, or raise --lock-timeout)")
    if "full" in text:
        return "disk full while writing the database; nothing of this command was kept (free space and retry)"
    if "readonly" in text or "read-only" in text:
        return "the database (or its folder) is read-only; this command writes to it"
    if "unable to open" in text:
        return f"cannot open the database file ({text})"
    return f"SQLite error ({text})"


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite3.Connection]:
    """One write transaction, taken up front so concurrent writers queue on the busy timeout.

    Use raw ``conn.execute`` inside: sqlite-utils' write helpers commit on
    their own, which would split the transaction.
    """
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def dict_rows(cursor: sqlite3.Cursor) -> Iterator[dict]:
    """The rows of an executed cursor as dicts keyed by column name."""
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row))


def insert_row(conn: sqlite3.Connection, table: str, row: dict) -> int:
    """INSERT one row (columns from its keys); its rowid."""
    names = list(row)
    return conn.execute(f"INSERT INTO [{table}] ({', '.join(f'[{n}]' for n in names)}) "
                        f"VALUES ({', '.join('?' for _ in names)})", [row[n] for n in names]).lastrowid
