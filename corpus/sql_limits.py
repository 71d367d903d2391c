"""Read-only SQL with limits: time, SQLite heap, rows and result bytes; read-only opening.

`open_readonly` opens a corpus so that nothing can write to it: a ``mode=ro``
URI built from the absolute path (so ``?``, ``#`` and ``%`` in a path are not
read as URI syntax), ``query_only``, and an authorizer that denies ATTACH,
every write and every pragma that is not pure introspection (so a statement
cannot lift a limit with ``PRAGMA hard_heap_limit`` or turn ``query_only``
off). On a read-only mount, where SQLite cannot create the WAL index
(``-shm``), it falls back to ``immutable=1``, but only when no un-checkpointed
``-wal`` exists: immutable mode ignores the WAL and would show stale data.

`run_limited` runs one `query --sql` statement under:

- a wall-clock limit enforced inside SQLite by a progress handler
  (`--sql-timeout`, default `DEFAULT_SQL_SECONDS`);
- a SQLite heap limit (`--sql-memory`, `sqlite3_hard_heap_limit64`, SQLite >=
  3.31, checked at run time) set for the statement
  and restored afterwards;
- a row cap (`--max-rows`) and a cap on the bytes of the result held in
  Python (`--max-result-size`), which also bound memory where the heap limit
  is unavailable.
"""
from __future__ import annotations

import ctypes
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from stemfoot.corpus.errors import CorpusError

DEFAULT_SQL_SECONDS = 30.0
DEFAULT_MAX_ROWS = 100_000
#: SQLite's own heap for the statement (sorts, GROUP BY, recursive CTEs, big strings).
DEFAULT_SQL_HEAP_BYTES = 512 << 20
#: Bytes of the result kept in Python (text/blob lengths plus 8 per number).
DEFAULT_MAX_RESULT_BYTES = 256 << 20
#: The progress handler runs every this many SQLite VM instructions (~tens of microseconds).
_PROGRESS_STEPS = 1000
HEAP_LIMIT_MIN_VERSION = (3, 31, 0)

#: Pragmas a reader may run: introspection only (their argument names a table or index).
_INTROSPECTION_PRAGMAS = {
    "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
    "foreign_key_check", "integrity_check", "quick_check", "collation_list", "function_list", "module_list",
    "pragma_list", "database_list", "compile_options",
}
#: Pragmas that read a setting; given a value they would set it, so only the bare form is allowed.
_READ_PRAGMAS = {"user_version", "schema_version", "application_id", "page_size", "page_count", "freelist_count",
                 "encoding", "journal_mode", "data_version", "foreign_keys", "query_only"}
_WRITE_ACTIONS = {
    sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH, sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE,
    sqlite3.SQLITE_DELETE, sqlite3.SQLITE_ALTER_TABLE, sqlite3.SQLITE_REINDEX, sqlite3.SQLITE_ANALYZE,
    sqlite3.SQLITE_CREATE_INDEX, sqlite3.SQLITE_CREATE_TABLE, sqlite3.SQLITE_CREATE_TEMP_INDEX,
    sqlite3.SQLITE_CREATE_TEMP_TABLE, sqlite3.SQLITE_CREATE_TEMP_TRIGGER, sqlite3.SQLITE_CREATE_TEMP_VIEW,
    sqlite3.SQLITE_CREATE_TRIGGER, sqlite3.SQLITE_CREATE_VIEW, sqlite3.SQLITE_CREATE_VTABLE,
    sqlite3.SQLITE_DROP_INDEX, sqlite3.SQLITE_DROP_TABLE, sqlite3.SQLITE_DROP_TEMP_INDEX,
    sqlite3.SQLITE_DROP_TEMP_TABLE, sqlite3.SQLITE_DROP_TEMP_TRIGGER, sqlite3.SQLITE_DROP_TEMP_VIEW,
    sqlite3.SQLITE_DROP_TRIGGER, sqlite3.SQLITE_DROP_VIEW, sqlite3.SQLITE_DROP_VTABLE,
}
_DENIED_FUNCTIONS = {"load_extension", "readfile", "writefile", "edit", "fts3_tokenizer"}


class SqlLimitError(CorpusError):
    """A query stopped at a stated limit: one line with the limit and the option that raises it."""


class SqlRefused(CorpusError):
    """A statement that would write or change a setting, refused on a read-only connection."""


def _schema() -> tuple[int, bytes]:
    """The adapter to the corpus schema module (the one call into existing code; re-point after moves)."""
    from stemfoot.corpus.db import SCHEMA_VERSION, SQLITE_MAGIC
    return SCHEMA_VERSION, SQLITE_MAGIC


def readonly_authorizer(action: int, arg1: Any, arg2: Any, dbname: Any, source: Any) -> int:
    """Deny writes, ATTACH/DETACH, non-introspection pragmas and file-touching functions."""
    if action == sqlite3.SQLITE_UPDATE and arg1 in ("sqlite_master", "sqlite_schema"):
        # SQLite asks this while preparing a table-valued pragma (pragma_table_info(...)); a real
        # schema write is impossible anyway (mode=ro, query_only, writable_schema denied below).
        return sqlite3.SQLITE_OK
    if action in _WRITE_ACTIONS:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_PRAGMA:
        name = (arg1 or "").lower()
        if name in _INTROSPECTION_PRAGMAS or (name in _READ_PRAGMAS and arg2 is None):
            return sqlite3.SQLITE_OK
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in _DENIED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def readonly_uri(path: str | Path, immutable: bool = False) -> str:
    """``file:`` URI of the absolute path, percent-encoded, with ``mode=ro`` (and ``immutable=1``)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    return uri + "&immutable=1" if immutable else uri


def _wal_has_data(path: Path) -> bool:
    wal = Path(f"{path}-wal")
    return wal.exists() and wal.stat().st_size > 0


def open_readonly(path: str | Path, *, timeout: float = 30.0, allow_immutable: bool = True) -> sqlite3.Connection:
    """A connection that cannot write or attach; see the module docstring for the read-only-mount fallback."""
    path = Path(path)
    schema_version, magic = _schema()
    if not path.is_file():
        raise CorpusError(f"{path}: no such database" if not path.exists() else f"{path}: not a file")
    with path.open("rb") as fh:
        if fh.read(len(magic)) != magic:
            raise CorpusError(f"{path}: not a SQLite database")
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(readonly_uri(path), uri=True, timeout=timeout)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.OperationalError as exc:
        if conn is not None:
            conn.close()
        if not allow_immutable:
            raise CorpusError(f"{path}: cannot open read-only ({exc})") from None
        if _wal_has_data(path):
            raise CorpusError(f"{path}: cannot open read-only ({exc}), and its -wal file holds changes not yet "
                              "in the database; open it once where its folder is writable, or copy it") from None
        try:
            conn = sqlite3.connect(readonly_uri(path, immutable=True), uri=True, timeout=timeout)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc2:
            raise CorpusError(f"{path}: cannot open read-only ({exc2})") from None
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        raise CorpusError(f"{path}: cannot open as SQLite database ({exc})") from None
    if version > schema_version:
        conn.close()
        raise CorpusError(f"{path}: database schema version {version} is newer than this stemfoot "
                          f"(supports up to {schema_version}); upgrade stemfoot")
    conn.execute("PRAGMA query_only = ON")
    conn.set_authorizer(readonly_authorizer)
    return conn


# ---------------------------------------------------------------- heap limit


def _version_tuple() -> tuple[int, ...]:
    return tuple(int(p) for p in sqlite3.sqlite_version.split(".")[:3])


def _heap_api() -> Callable[[int], int] | None:
    """`sqlite3_hard_heap_limit64` of the SQLite this Python links, or None."""
    if _version_tuple() < HEAP_LIMIT_MIN_VERSION:
        return None
    try:
        import _sqlite3

        fn = ctypes.CDLL(_sqlite3.__file__).sqlite3_hard_heap_limit64
    except (ImportError, OSError, AttributeError):
        return None
    fn.restype, fn.argtypes = ctypes.c_int64, [ctypes.c_int64]
    return fn  # type: ignore[no-any-return]


def heap_limit_available() -> bool:
    return _heap_api() is not None


@contextmanager
def sqlite_heap_limit(max_bytes: int | None) -> Iterator[bool]:
    """Cap SQLite's heap (process-wide) for the block, restoring the previous limit; yields whether applied.

    The cap is never raised above one already in force.
    """
    api = _heap_api() if max_bytes else None
    if api is None:
        yield False
        return
    previous = api(-1)
    api(max_bytes if previous <= 0 else min(previous, max_bytes))  # type: ignore[type-var]
    try:
        yield True
    finally:
        api(previous)


# ---------------------------------------------------------------- running


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple]
    seconds: float


_TEXT = (str, bytes)
#: Rows fetched and checked at a time: a limit is checked before the next chunk is held.
_CHUNK = 128


def _size(rows: list[tuple]) -> int:
    """Bytes the rows hold: text and blobs by length, any other value 8 (per chunk: one pass in C-level calls)."""
    texts = [value for row in rows for value in row if value.__class__ in _TEXT]  # sqlite3 gives exactly these
    cells = sum(map(len, rows))
    return 8 * (cells - len(texts)) + sum(map(len, texts))


def run_limited(path: str | Path, sql: str, params: dict[str, Any] | tuple = (), *,
                max_seconds: float = DEFAULT_SQL_SECONDS, max_rows: int = DEFAULT_MAX_ROWS,
                heap_bytes: int | None = DEFAULT_SQL_HEAP_BYTES,
                max_result_bytes: int = DEFAULT_MAX_RESULT_BYTES,
                clock: Callable[[], float] = time.monotonic) -> QueryResult:
    """Run one read-only statement within the limits; every failure is one line.

    A result with more than ``max_rows`` rows is refused rather than cut
    silently (the user adds LIMIT or raises --max-rows).
    """
    conn = open_readonly(path)
    start = clock()
    deadline = start + max_seconds
    conn.set_progress_handler(lambda: 1 if clock() > deadline else 0, _PROGRESS_STEPS)
    try:
        with sqlite_heap_limit(heap_bytes):
            try:
                cursor = conn.execute(sql, params)
                columns = [d[0] for d in cursor.description or []]
                rows: list[tuple] = []
                held = 0
                while chunk := cursor.fetchmany(_CHUNK):
                    rows += chunk
                    held += _size(chunk)
                    if len(rows) > max_rows:
                        raise SqlLimitError(f"{path}: the query returns more than {max_rows:,} rows "
                                            f"(limit {max_rows:,}; add LIMIT or raise it with --max-rows)")
                    if held > max_result_bytes:
                        raise SqlLimitError(f"{path}: the query result exceeds {max_result_bytes >> 20} MiB "
                                            f"(limit {max_result_bytes >> 20} MiB; raise it with --max-result-size)")
                    if clock() > deadline:
                        raise sqlite3.OperationalError("interrupted")
            except MemoryError:
                raise SqlLimitError(f"{path}: the query needs more than {(heap_bytes or 0) >> 20} MiB of SQLite "
                                    f"memory (limit {(heap_bytes or 0) >> 20} MiB; raise it with --sql-memory)") from None
            except sqlite3.OperationalError as exc:
                message = str(exc)
                if message == "interrupted" or clock() > deadline:
                    raise SqlLimitError(f"{path}: the query ran longer than {max_seconds:g} s and was stopped "
                                        f"(limit {max_seconds:g} s; raise it with --sql-timeout)") from None
                if "not authorized" in message or "readonly" in message or "read-only" in message:
                    raise SqlRefused(f"refused: the database is opened read-only and this statement writes, "
                                     f"attaches or changes a setting ({message})") from None
                raise CorpusError(f"SQL error: {message}") from None
            except (sqlite3.Warning, sqlite3.ProgrammingError) as exc:  # e.g. two statements
                raise CorpusError(f"SQL error: {exc}") from None
            except sqlite3.DatabaseError as exc:
                message = str(exc)
                if "not authorized" in message:
                    raise SqlRefused(f"refused: the database is opened read-only and this statement writes, "
                                     f"attaches or changes a setting ({message})") from None
                raise CorpusError(f"SQL error: {message}") from None
    finally:
        conn.close()
    return QueryResult(columns, rows, clock() - start)
