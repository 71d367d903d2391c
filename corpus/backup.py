"""Online backup of a corpus that may be in use, through SQLite's backup API."""
from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from stemfoot.corpus.db import _check_file
from stemfoot.corpus.errors import CorpusError
from stemfoot.corpus.safe_io import OutputError, _disk_error, _fsync_dir
from stemfoot.corpus.sql_limits import open_readonly


def backup(source: str | Path, target: str | Path, pages_per_step: int = 1024) -> int:
    """Copy ``source`` to ``target`` page by page; writers are not blocked for long.

    Returns the number of pages copied. The target must not exist, so a
    backup never overwrites a file. The copy is made in a temporary file
    beside ``target``, checked, and only then given its name: a failure
    (disk full, a kill) leaves no half-written backup behind.
    """
    source, target = Path(source), Path(target)
    if not source.exists():
        raise CorpusError(f"{source}: no such database")
    _check_file(source)
    if target.exists():
        raise CorpusError(f"{target}: already exists; choose a new backup file")
    if not target.parent.is_dir():
        raise OutputError(f"{target}: folder {target.parent} does not exist")
    src = open_readonly(source)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        src.close()
        raise _disk_error(target, exc, False) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst, pages=pages_per_step)
            pages = dst.execute("PRAGMA page_count").fetchone()[0]
            check = dst.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise CorpusError(f"{target}: backup failed its integrity check ({check})")
        except sqlite3.OperationalError as exc:
            full = "full" in str(exc)
            raise OutputError(f"{target}: {'disk full while writing' if full else f'cannot write ({exc})'}; "
                              "nothing was written") from None
        finally:
            dst.close()
        try:
            os.link(tmp, target)  # fails if the name appeared meanwhile: never overwrite
        except FileExistsError:
            raise CorpusError(f"{target}: already exists; choose a new backup file") from None
        except OSError:  # a filesystem without hard links: check, then rename
            if target.exists():
                raise CorpusError(f"{target}: already exists; choose a new backup file") from None
            os.replace(tmp, target)
        _fsync_dir(target.parent)
    finally:
        src.close()
        tmp.unlink(missing_ok=True)
    return pages
