"""Shared helpers for the fault suite (issue 15): real CLI processes, database fingerprints, small filesystems."""
from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from click.testing import CliRunner

from stemfoot.cli import cli

ROOT = Path(__file__).resolve().parent.parent
CLI = str(ROOT / "cli.py")
BUNDLED = str(ROOT / "corpus" / "data" / "domain_dev.xml")
ENV = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p), PYTHONUNBUFFERED="1")


def invoke(*args: str):
    """The CLI in this process (stdout and stderr apart)."""
    return CliRunner().invoke(cli, [str(a) for a in args])


def run(*args: str, timeout: float = 60, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """The CLI as a user runs it: a real process."""
    return subprocess.run([sys.executable, CLI, *map(str, args)], env=env or ENV, capture_output=True, text=True,
                          timeout=timeout, **kwargs)


def start(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, CLI, *map(str, args)], env=ENV, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def assert_one_line_error(stderr: str, *fragments: str) -> None:
    """Exit was non-zero (checked by the caller); the message is one `Error:` line, no traceback."""
    assert "Traceback" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, stderr
    for fragment in fragments:
        assert fragment in errors[0], errors[0]


def fingerprint(db: str | Path) -> str:
    """The database's logical content (every table's rows), independent of page layout."""
    conn = sqlite3.connect(f"file:{Path(db).resolve()}?mode=ro", uri=True)
    digest = hashlib.sha256()
    try:
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%' "
                                    "ORDER BY name"):
            for row in conn.execute(f"SELECT * FROM [{name}] ORDER BY rowid"):
                digest.update(repr(row).encode())
    finally:
        conn.close()
    return digest.hexdigest()


def integrity(db: str | Path) -> str:
    conn = sqlite3.connect(str(db))
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def count(db: str | Path, sql: str) -> int:
    conn = sqlite3.connect(str(db))
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def wait_for(predicate, timeout: float = 30, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def can_mount() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "geteuid") and os.geteuid() == 0


@contextmanager
def small_fs(path: Path, size: str = "2m") -> Iterator[Path]:
    """A real small tmpfs at ``path`` (root on Linux); the caller skips where it cannot be mounted."""
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    if done.returncode != 0:
        raise OSError(done.stderr.decode().strip() or "mount failed")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def fill(folder: Path, leave: int = 0) -> None:
    """Fill the filesystem of ``folder`` up to ``leave`` free bytes."""
    st = os.statvfs(folder)
    free = st.f_bavail * st.f_frsize
    if free > leave:
        with open(folder / "filler", "wb") as fh:
            try:
                fh.write(b"\0" * (free - leave))
            except OSError:
                pass
