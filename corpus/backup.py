"""Online backup of a corpus that may be in use, through SQLite's backup API."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from stemfoot.corpus.db import _check_file
from stemfoot.corpus.errors import CorpusError


def backup(source: str | Path, target: str | Path, pages_per_step: int = 1024) -> int:
    """Copy ``source`` to ``target`` page by page; writers are not blocked for long.

    Returns the number of pages copied. The target must not exist, so a
    backup never overwrites a file.
    """
    source, target = Path(source), Path(target)
    if not source.exists():
        raise CorpusError(f"{source}: no such database")
    _check_file(source)
    if target.exists():
        raise CorpusError(f"{target}: already exists; choose a new backup file")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst, pages=pages_per_step)
        pages = dst.execute("PRAGMA page_count").fetchone()[0]
        check = dst.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise CorpusError(f"{target}: backup failed its integrity check ({check})")
    finally:
        dst.close()
        src.close()
    return pages
