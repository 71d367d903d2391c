"""Read-only SQL over the corpus, for the `query` command and scripts."""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from stemfoot.corpus.db import SCHEMA_VERSION, _check_file
from stemfoot.corpus.errors import CorpusError


def _deny_attach(action: int, *args: Any) -> int:
    # ATTACH would create a file outside the corpus even on a read-only connection.
    return sqlite3.SQLITE_DENY if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH) else sqlite3.SQLITE_OK


def connect_readonly(path: str | Path) -> sqlite3.Connection:
    """A connection that cannot write: `mode=ro` plus `query_only`."""
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"{path}: no such database")
    _check_file(path)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    conn.execute("PRAGMA query_only = ON")
    conn.set_authorizer(_deny_attach)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        conn.close()
        raise CorpusError(f"{path}: database schema version {version} is newer than this stemfoot (supports up to {SCHEMA_VERSION})")
    return conn


def run_sql(path: str | Path, sql: str, params: dict[str, Any] | tuple = ()) -> tuple[list[str], list[tuple]]:
    """Run one statement read-only; a write is refused with a clear error."""
    conn = connect_readonly(path)
    try:
        cursor = conn.execute(sql, params)
        rows = cursor.fetchall()
        columns = [d[0] for d in cursor.description or []]
    except sqlite3.OperationalError as exc:
        message = str(exc)
        if "readonly" in message or "read-only" in message or "not authorized" in message:
            raise CorpusError(f"refused: the database is opened read-only and this statement writes ({message})") from exc
        raise CorpusError(f"SQL error: {message}") from exc
    except sqlite3.Warning as exc:  # e.g. more than one statement
        raise CorpusError(f"SQL error: {exc}") from exc
    except sqlite3.DatabaseError as exc:
        raise CorpusError(f"SQL error: {exc}") from exc
    finally:
        conn.close()
    return columns, rows
