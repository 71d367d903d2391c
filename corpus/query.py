"""Read-only SQL over the corpus, for the `query` command and scripts."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlite3


def connect_readonly(path: str | Path) -> sqlite3.Connection:
    """A connection that cannot write (see `stemfoot.corpus.sql_limits.open_readonly`)."""
    from stemfoot.corpus.db import lock_timeout
    from stemfoot.corpus.sql_limits import open_readonly

    return open_readonly(path, timeout=lock_timeout())


def run_sql(path: str | Path, sql: str, params: dict[str, Any] | tuple = (), **limits: Any) -> tuple[list[str], list[tuple]]:
    """Run one statement read-only within limits (`stemfoot.corpus.sql_limits.run_limited`).

    A write is refused with a clear error; ``limits`` are run_limited's
    (max_seconds, heap_bytes, max_rows, max_result_bytes).
    """
    from stemfoot.corpus.sql_limits import run_limited

    result = run_limited(path, sql, params, **limits)
    return result.columns, result.rows
