"""Ingest bibliographic files into the corpus: detect, parse, dedupe, upsert."""
from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import re
import sqlite3
import tempfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

import sqlite_utils

from stemfoot.corpus.csv_safety import DEFAULT_CSV_FIELD_LIMIT, csv_field_error, raise_csv_field_limit
from stemfoot.corpus.db import transaction
from stemfoot.corpus.ingest import FORMATS
from stemfoot.corpus.errors import CorpusError, IngestError
from stemfoot.corpus.safe_io import (
    DEFAULT_MAX_INPUT_BYTES,
    DEFAULT_MAX_RATIO,
    DEFAULT_MAX_RECORD_BYTES,
    check_record_size,
    open_input,
)
from stemfoot.corpus.ingest.medline import parse_medline
from stemfoot.corpus.ingest.pubmed_xml import parse_pubmed_xml
from stemfoot.corpus.ingest.bibliographic import (
    CONTENT_FIELDS,
    JSON_FIELDS,
    Record,
    content_hash,
    local_id,
    normalise_doi,
    title_key,
)
from stemfoot.corpus.fulltext import known_pmcids, store_article
from stemfoot.corpus.ingest.ris import parse_ris
from stemfoot.corpus.jats import is_jats, parse_jats
from stemfoot.corpus.ingest.tabular import parse_csv, parse_jsonl
from stemfoot.corpus.trials import registration_rows, store_registration_rows

if TYPE_CHECKING:
    from stemfoot.corpus.ingest.eutils import EutilsClient

GZIP_MAGIC = b"\x1f\x8b"
Progress = Callable[[int], None]
#: Records staged per commit of the staging file (bounded memory; see `ingest_file`).
STAGE_BATCH = 1000


@dataclass(frozen=True)
class IngestLimits:
    """Bounds on one input file; each has a CLI option that raises it (named in the error)."""

    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES  # --max-input-size: bytes after decompression
    max_ratio: float = DEFAULT_MAX_RATIO  # --max-gzip-ratio: decompressed / compressed
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES  # --max-record-size: one record's text
    max_csv_field: int = DEFAULT_CSV_FIELD_LIMIT  # --max-csv-field: characters in one CSV cell


@dataclass
class IngestSummary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    flagged: int = 0  # kept, but without an abstract
    duplicates: int = 0  # records that matched a study already stored (PRISMA: duplicates removed)
    warnings: list[str] = field(default_factory=list)

    def add(self, other: "IngestSummary") -> None:
        for name in ("new", "updated", "unchanged", "skipped", "flagged", "duplicates"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.warnings.extend(other.warnings)

    @property
    def records(self) -> int:
        """Records read from the source, skipped ones included (PRISMA: records identified)."""
        return self.new + self.updated + self.unchanged + self.skipped

    def line(self) -> str:
        text = f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, {self.skipped} skipped"
        return text + (f" ({self.flagged} without abstract, flagged)" if self.flagged else "")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def detect_format(path: Path, head: bytes) -> str:
    """Guess the format from the first bytes, falling back to the extension."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<"):
        return "jats" if is_jats(text) else "pubmed-xml"
    first = text.split(b"\n", 1)[0]
    if first.startswith(b"PMID-") or first.startswith(b"PMID -"):
        return "medline"
    if first.startswith(b"TY  -"):
        return "ris"
    if text.startswith(b"{"):
        return "jsonl"
    suffix = path.suffix.lower() if path.suffix.lower() != ".gz" else Path(path.stem).suffix.lower()
    by_suffix = {".xml": "pubmed-xml", ".nbib": "medline", ".txt": "medline", ".ris": "ris",
                 ".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
    if suffix in by_suffix:
        return by_suffix[suffix]
    if b"," in first or b"\t" in first or b";" in first:
        return "csv"
    raise IngestError(f"{path}: cannot tell the format; pass --format ({', '.join(FORMATS)})")


def _decode(data: bytes, path: Path, encoding: str | None) -> str:
    try:
        return data.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise IngestError(
            f"{path}: line {line}: not valid {encoding or 'UTF-8'} (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-save as UTF-8 or pass --encoding"
        ) from exc
    except LookupError as exc:
        raise IngestError(f"{path}: unknown encoding {encoding!r}") from exc


def open_records(path: Path, fmt: str | None = None, encoding: str | None = None,
                 limits: IngestLimits | None = None) -> tuple[str, Iterator[Record]]:
    """Detect the format and return it with a (streaming, for XML) record iterator.

    The file must be a regular file (a FIFO or device is refused before it can
    block), and its bytes pass through a reader bounded by ``limits``.
    """
    limits = limits or IngestLimits()
    path = Path(path)
    if path.is_dir():
        raise IngestError(f"{path}: is a directory")
    stream = open_input(path, max_bytes=limits.max_input_bytes, max_ratio=limits.max_ratio)
    try:
        head = stream.peek(4096)[:4096]
    except IngestError:
        stream.close()
        raise
    except (OSError, EOFError, zlib.error) as exc:
        stream.close()
        raise IngestError(f"{path}: corrupt gzip data ({exc})") from exc
    if path.suffix.lower() == ".gz" and not _is_gzip(path):
        stream.close()
        raise IngestError(f"{path}: not a gzip file (named .gz but not gzip-compressed)")
    if not head.strip():
        stream.close()
        raise IngestError(f"{path}: empty file")
    try:
        fmt = fmt or detect_format(path, head)
        if fmt not in FORMATS:
            raise IngestError(f"{path}: unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    except IngestError:
        stream.close()
        raise
    return fmt, _checked(_records(stream, path, fmt, encoding, limits), limits)


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) == GZIP_MAGIC


def _record_size(record: Record) -> int:
    return sum(len(v) for v in (record.title, record.abstract, record.journal or "", record.doi or "")) + sum(
        len(v) for values in (record.authors, record.mesh_terms, record.keywords, record.publication_types)
        for v in values)


def _checked(records: Iterator[Record], limits: IngestLimits) -> Iterator[Record]:
    """Records within the record-size limit; an empty PMID counts as none."""
    for record in records:
        check_record_size(_record_size(record), record.ref or "record", limits.max_record_bytes)
        record.pmid = (record.pmid or "").strip() or None
        yield record


def _records(stream: io.BufferedIOBase, path: Path, fmt: str, encoding: str | None,
             limits: IngestLimits) -> Iterator[Record]:
    with stream:
        try:
            if fmt == "pubmed-xml":
                yield from parse_pubmed_xml(stream, str(path))
                return
            if fmt == "jats":
                yield from jats_records(stream.read(), str(path))
                return
            text = _decode(stream.read(), path, encoding)
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise IngestError(f"{path}: truncated or corrupt gzip data ({exc})") from exc
        except MemoryError:
            raise IngestError(f"{path}: too large to hold in memory; split it or lower --max-input-size") from None
        parser = {"medline": parse_medline, "ris": parse_ris, "csv": parse_csv, "jsonl": parse_jsonl}[fmt]
        previous = raise_csv_field_limit(limits.max_csv_field) if fmt == "csv" else None
        try:
            yield from parser(text, str(path))
        except csv.Error as exc:
            raise csv_field_error(exc, str(path), None) from None
        finally:
            if previous is not None:
                csv.field_size_limit(previous)


def jats_records(data: bytes, name: str) -> Iterator[Record]:
    """Records of the articles of a JATS file, each carrying its parsed full text (``record.fulltext``)."""
    for i, art in enumerate(parse_jats(data, name)):
        yield Record(title=art["title"] or "", abstract=art["abstract"] or "", pmid=art["pmid"], doi=art["doi"],
                     journal=art["journal"], year=art["year"], authors=art["authors"],
                     ref=f"{name}: article {i + 1}", pmcid=art["pmcid"], fulltext=art)


class _Index:
    """The dedupe keys of the studies already stored."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.by_pmid: dict[str, int] = {}
        self.by_doi: dict[str, int] = {}
        self.by_key: dict[str, int] = {}
        for sid, pmid, doi, key in conn.execute("SELECT id, pmid, doi, title_key FROM studies"):
            self.remember(sid, pmid, doi, key)
        self.by_pmcid: dict[str, int] = known_pmcids(conn) if _has_fulltexts(conn) else {}

    def remember(self, sid: int, pmid: str | None, doi: str | None, key: str | None) -> None:
        if pmid:
            self.by_pmid[pmid] = sid
        if doi:
            self.by_doi.setdefault(doi, sid)
        if key:
            self.by_key.setdefault(key, sid)

    def find(self, record: Record, key: str) -> int | None:
        if record.pmid and record.pmid in self.by_pmid:
            return self.by_pmid[record.pmid]
        if record.doi and record.doi in self.by_doi:
            # A PubMed record whose PMID is new but whose DOI a full text (or a CSV line) already
            # brought: the same study (one with another PMID is kept apart by the caller).
            return self.by_doi[record.doi]
        if record.pmcid and record.pmcid in self.by_pmcid:
            return self.by_pmcid[record.pmcid]
        if record.pmid or not record.title:
            return None
        return self.by_key.get(key)


def _row(content: dict) -> dict:
    row = dict(content)
    for name in JSON_FIELDS:
        row[name] = json.dumps(row[name], ensure_ascii=False)
    return row


def _stored_content(conn: sqlite3.Connection, sid: int) -> tuple[dict, str]:
    cursor = conn.execute(f"SELECT {', '.join(CONTENT_FIELDS)}, content_hash FROM studies WHERE id = ?", (sid,))
    values = cursor.fetchone()
    content = dict(zip(CONTENT_FIELDS, values[:-1]))
    for name in JSON_FIELDS:
        content[name] = json.loads(content[name]) if content[name] else []
    return content, values[-1]


@contextmanager
def _bulk_fts(conn: sqlite3.Connection) -> Iterator[None]:
    """Index new rows in one INSERT ... SELECT instead of row by row.

    The insert trigger costs ~0.2 ms a row (a third of a 10,000-record
    ingest); the bulk insert costs a tenth of that. Inside the caller's
    transaction, so a failure rolls the trigger back too.
    """
    trigger = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'studies_ai'").fetchone()
    last_id = conn.execute("SELECT coalesce(max(id), 0) FROM studies").fetchone()[0]
    if trigger:
        conn.execute("DROP TRIGGER studies_ai")
    yield
    conn.execute("INSERT INTO studies_fts (rowid, title, abstract) SELECT id, title, abstract FROM studies WHERE id > ?", (last_id,))
    if trigger:
        conn.execute(trigger[0])


def upsert_records(
    conn: sqlite3.Connection, records: Iterable[Record], source: str, source_format: str,
    progress: Progress | None = None, on_record: Callable[[Record], None] | None = None,
) -> IngestSummary:
    """Insert new records and update changed ones (one efetch batch); call inside a transaction.

    The same plan as a file's (:func:`plan_records`), swapped in at once.
    ``on_record`` sees each record that was stored (not the skipped ones).
    """
    stage = _Stage()
    try:
        summary = plan_records(conn, stage, records, source, source_format, progress, on_record)
        _swap(conn, stage, summary, source)
    finally:
        stage.close()
    return summary


def _has_fulltexts(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'fulltexts'").fetchone() is not None


def _log_run(conn: sqlite3.Connection, source: str, started: str, summary: IngestSummary) -> None:
    conn.execute(
        "INSERT INTO ingest_runs (source, started, finished, new, updated, unchanged, skipped, records, duplicates) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (source, started, _now(), summary.new, summary.updated, summary.unchanged, summary.skipped,
         summary.records, summary.duplicates),
    )


class _Stage:
    """A file's planned writes, kept in a private temporary SQLite file until they are swapped in.

    Committed every `STAGE_BATCH` records, so memory stays bounded however
    large the input; the corpus itself is not locked while the file is read.
    """

    def __init__(self) -> None:
        fd, name = tempfile.mkstemp(prefix="stemfoot-ingest-", suffix=".stage")
        os.close(fd)
        self.path = Path(name)
        self.conn = sqlite3.connect(name)
        self.conn.execute("PRAGMA journal_mode = OFF")
        self.conn.execute("PRAGMA synchronous = OFF")
        self.conn.execute("CREATE TABLE stage (seq INTEGER PRIMARY KEY, sid INTEGER, row TEXT NOT NULL)")
        # Full texts (JATS) to store once their study has its real id; `unchanged`: the study row was counted so.
        self.conn.execute("CREATE TABLE articles (seq INTEGER PRIMARY KEY, sid INTEGER NOT NULL, "
                          "unchanged INTEGER NOT NULL, article TEXT NOT NULL)")
        # Trial registration ids to store once their study has its real id (`replace`: the study changed).
        self.conn.execute("CREATE TABLE registrations (seq INTEGER PRIMARY KEY, sid INTEGER NOT NULL, "
                          "replace INTEGER NOT NULL, rows TEXT NOT NULL)")
        self.pending = 0

    def add(self, sid: int | None, row: dict) -> int:
        cursor = self.conn.execute("INSERT INTO stage (sid, row) VALUES (?, ?)", (sid, json.dumps(row)))
        self._tick()
        return cursor.lastrowid  # type: ignore[return-value]

    def replace(self, seq: int, row: dict) -> None:
        self.conn.execute("UPDATE stage SET row = ? WHERE seq = ?", (json.dumps(row), seq))
        self._tick()

    def add_article(self, sid: int, article: dict, unchanged: bool) -> None:
        data = {**article, "xml": (article.get("xml") or b"").decode("latin-1")}  # bytes kept exactly through JSON
        self.conn.execute("INSERT INTO articles (sid, unchanged, article) VALUES (?, ?, ?)",
                          (sid, int(unchanged), json.dumps(data)))
        self._tick()

    def add_registrations(self, sid: int, rows: list[tuple[str, str, str]], replace: bool) -> None:
        if rows or replace:
            self.conn.execute("INSERT INTO registrations (sid, replace, rows) VALUES (?, ?, ?)",
                              (sid, int(replace), json.dumps(rows)))

    def registrations(self) -> Iterator[tuple[int, bool, list]]:
        for sid, replace, rows in self.conn.execute("SELECT sid, replace, rows FROM registrations ORDER BY seq"):
            yield sid, bool(replace), [tuple(r) for r in json.loads(rows)]

    def articles(self) -> Iterator[tuple[int, bool, dict]]:
        self.conn.commit()
        for sid, unchanged, data in self.conn.execute("SELECT sid, unchanged, article FROM articles ORDER BY seq"):
            article = json.loads(data)
            article["xml"] = article["xml"].encode("latin-1")
            yield sid, bool(unchanged), article

    def row(self, seq: int) -> dict:
        return json.loads(self.conn.execute("SELECT row FROM stage WHERE seq = ?", (seq,)).fetchone()[0])

    def _tick(self) -> None:
        self.pending += 1
        if self.pending >= STAGE_BATCH:
            self.conn.commit()
            self.pending = 0

    def rows(self) -> Iterator[tuple[int, int | None, dict]]:
        self.conn.commit()
        for seq, sid, row in self.conn.execute("SELECT seq, sid, row FROM stage ORDER BY seq"):
            yield seq, sid, json.loads(row)

    def close(self) -> None:
        self.conn.close()
        self.path.unlink(missing_ok=True)


def _fingerprint(conn: sqlite3.Connection) -> str:
    """A digest of the studies table's identity and content, to tell whether a plan is still valid."""
    digest = hashlib.sha1()
    for sid, pmid, doi, key, chash in conn.execute("SELECT id, pmid, doi, title_key, content_hash FROM studies ORDER BY id"):
        digest.update(f"{sid}\x1f{pmid}\x1f{doi}\x1f{key}\x1f{chash}\x1e".encode())
    return digest.hexdigest()


def plan_records(conn: sqlite3.Connection, stage: _Stage, records: Iterable[Record], source: str,
                 source_format: str, progress: Progress | None = None,
                 on_record: Callable[[Record], None] | None = None) -> IngestSummary:
    """Decide, without writing to the corpus, what to write; stage it (`_swap` writes it).

    Dedupe on PMID, else DOI, else title + year, and a matched record keeps the stored values of fields it leaves
    empty (a full text only fills what the stored record left empty). New rows
    are known by negative ids (-seq) until the swap; full texts are staged with
    their study and stored at the swap.
    """
    summary = IngestSummary()
    index = _Index(conn)
    now = _now()
    staged_update: dict[int, int] = {}  # existing study id -> its staged seq
    for record in records:
        if progress:
            progress(1)
        summary.warnings.extend(record.warnings)
        record.doi = normalise_doi(record.doi)
        if not record.title and not record.abstract:
            summary.skipped += 1
            summary.warnings.append(f"{record.describe()}: no title and no abstract; skipped")
            continue
        key = title_key(record.title, record.year)
        sid = index.find(record, key)
        was_unchanged = summary.unchanged
        content = record.content()
        text, replace = content, False  # what the registration ids are read from
        has_abstract = bool(record.abstract)
        if sid is not None:
            if sid < 0 or sid in staged_update:
                seq = -sid if sid < 0 else staged_update[sid]
                staged = stage.row(seq)
                stored = {k: (json.loads(staged[k]) if k in JSON_FIELDS and staged[k] else staged[k]) for k in CONTENT_FIELDS}
                stored_hash = staged["content_hash"]
            else:
                seq = None
                stored, stored_hash = _stored_content(conn, sid)
            if stored["pmid"] and record.pmid and stored["pmid"] != record.pmid:
                sid = None  # same title or DOI, different PubMed record: keep both
            else:
                summary.duplicates += 1
                if record.fulltext is not None:
                    # A full text only fills what the bibliographic record left empty.
                    merged = {k: (stored[k] if stored[k] not in (None, "", []) else content[k]) for k in CONTENT_FIELDS}
                else:
                    merged = {k: (content[k] if content[k] not in (None, "", []) else stored[k]) for k in CONTENT_FIELDS}
                row = _row(merged)
                digest = content_hash(row)
                if digest == stored_hash:
                    summary.unchanged += 1
                else:
                    row.update(has_abstract=int(bool(merged["abstract"])), title_key=title_key(merged["title"], merged["year"]),
                               source=source, source_format=source_format, last_updated=now, content_hash=digest)
                    if seq is None:
                        staged_update[sid] = stage.add(sid, row)
                    else:
                        kept = stage.row(seq)
                        stage.replace(seq, {**kept, **row})
                    summary.updated += 1
                    replace = True
                text = merged
                has_abstract = bool(merged["abstract"])
                index.remember(sid, merged["pmid"], merged["doi"], title_key(merged["title"], merged["year"]))
        if sid is None:
            row = _row(content)
            row.update(
                local_id=None if record.pmid else local_id(record), has_abstract=int(bool(record.abstract)),
                title_key=key, source=source, source_format=source_format, first_seen=now,
                last_updated=now, content_hash=content_hash(row),
            )
            seq = stage.add(None, row)
            sid = -seq
            index.remember(sid, record.pmid, record.doi, key if record.title else None)
            summary.new += 1
        stage.add_registrations(sid, registration_rows(text["title"], text["abstract"], record.databank_registrations),
                                replace)
        if not has_abstract:
            summary.flagged += 1
            summary.warnings.append(f"{record.describe()}: no abstract; kept and flagged (has_abstract = 0)")
        if record.fulltext is not None:
            stage.add_article(sid, record.fulltext, was_unchanged < summary.unchanged)
            if record.pmcid:
                index.by_pmcid[record.pmcid] = sid
            if not record.fulltext.get("has_body"):
                summary.warnings.append(f"{record.describe()}: no body (not Open Access?); kept with its abstract "
                                        "and flagged (fulltexts.has_body = 0)")
        if on_record:
            on_record(record)
    return summary


def _swap(conn: sqlite3.Connection, stage: _Stage, summary: IngestSummary, source: str) -> None:
    """Write the staged rows (and full texts) into the corpus; call inside the one write transaction."""
    real: dict[int, int] = {}
    with _bulk_fts(conn):
        for seq, sid, row in stage.rows():
            if sid is None:
                cursor = conn.execute(f"INSERT INTO studies ({', '.join(row)}) VALUES ({', '.join(':' + k for k in row)})", row)
                real[seq] = cursor.lastrowid  # type: ignore[assignment]
            else:
                assignments = ", ".join(f"{k} = :{k}" for k in row if k != "id")
                conn.execute(f"UPDATE studies SET {assignments} WHERE id = :id", {**row, "id": sid})
    for sid, replace, rows in stage.registrations():
        store_registration_rows(conn, real[-sid] if sid < 0 else sid, rows, replace)
    for sid, unchanged, article in stage.articles():
        study_id = real[-sid] if sid < 0 else sid
        if store_article(conn, study_id, article, source) != "unchanged" and unchanged:
            summary.unchanged -= 1  # the study row is as it was, its full text is not
            summary.updated += 1


def ingest_file(
    db: sqlite_utils.Database, path: str | Path, fmt: str | None = None,
    encoding: str | None = None, progress: Progress | None = None, limits: IngestLimits | None = None,
) -> IngestSummary:
    """Ingest one file as a unit: if any of it fails, none of it lands.

    Stage, then swap: the file is read, checked and deduplicated against the
    corpus into a private staging file (committed in batches, the corpus not
    locked), then written in one short transaction. If another writer changed
    the studies meanwhile, the plan is redone inside that transaction.
    """
    path = Path(path)
    started = _now()
    fmt, records = open_records(path, fmt, encoding, limits)
    conn = db.conn
    before = _fingerprint(conn)
    stage = _Stage()
    try:
        try:
            summary = plan_records(conn, stage, records, str(path), fmt, progress)
        except MemoryError:
            raise IngestError(f"{path}: too large to hold in memory; split it or lower --max-input-size") from None
        except sqlite3.OperationalError as exc:
            raise _stage_error(path, exc) from None
        if not (summary.new or summary.updated or summary.unchanged or summary.skipped):
            raise IngestError(f"{path}: no records found (format {fmt})")
        with transaction(db) as conn:
            if _fingerprint(conn) != before:
                # Another writer changed the studies since the plan: plan again, now under the lock.
                stage.close()
                stage = _Stage()
                fmt, records = open_records(path, fmt, encoding, limits)
                summary = plan_records(conn, stage, records, str(path), fmt)
            _swap(conn, stage, summary, str(path))
            _log_run(conn, str(path), started, summary)
    finally:
        stage.close()
    return summary


def _stage_error(path: Path, exc: sqlite3.OperationalError) -> CorpusError:
    if "full" in str(exc):
        return IngestError(f"{path}: the temporary folder ({tempfile.gettempdir()}) is full while staging the "
                           "file; free space or set TMPDIR; nothing was stored")
    return IngestError(f"{path}: cannot stage the file ({exc}); nothing was stored")


def ingest_paths(
    db: sqlite_utils.Database, paths: Iterable[str | Path], fmt: str | None = None,
    encoding: str | None = None, progress: Progress | None = None, limits: IngestLimits | None = None,
) -> IngestSummary:
    """Ingest several files, each in its own transaction; stop at the first bad file."""
    total = IngestSummary()
    for path in paths:
        total.add(ingest_file(db, path, fmt, encoding, progress, limits))
    return total


def _store_batches(
    db: sqlite_utils.Database, batches: Iterable[tuple[list[str], bytes]], total: IngestSummary, source: str,
    state_key: str, progress: Progress | None, *, ids: str, fmt: str, parse: Callable[[bytes, str], list[Record]],
    fetched_id: Callable[[Record], str], absent: str,
) -> None:
    """Store each efetch batch in its own transaction, with the ids it returned in `pubmed_fetch_state`
    (so a rerun fetches only what is missing); ids asked for but not returned become warnings."""
    for batch, body in batches:
        name = f"{source} ({ids} {batch[0]}..{batch[-1]})"
        returned: list[str] = []
        records = parse(body, name)
        with transaction(db) as conn:
            summary = upsert_records(conn, records, source, fmt, progress,
                                     on_record=lambda record: returned.append(fetched_id(record)))
            now = _now()
            conn.executemany("INSERT OR REPLACE INTO pubmed_fetch_state (query, pmid, fetched) VALUES (?, ?, ?)",
                             [(state_key, fetched, now) for fetched in returned if fetched])
        missing = sorted(set(batch) - set(returned))
        if missing:
            summary.warnings.append(f"{name}: {absent} {', '.join(missing)}")
        total.add(summary)


def ingest_pubmed(
    db: sqlite_utils.Database, client: "EutilsClient", query: str, max_records: int,
    batch_size: int = 200, progress: Progress | None = None,
) -> IngestSummary:
    """Search PubMed and ingest the hits, one transaction per efetch batch.

    Each batch's PMIDs are recorded in `pubmed_fetch_state` with its records,
    so a rerun after an interruption fetches only what is still missing.
    """
    started = _now()
    source = f"pubmed:{query}"
    search = client.esearch(query, retmax=max_records)
    stored = {row[0] for row in db.execute("SELECT pmid FROM pubmed_fetch_state WHERE query = ?", (query,))}
    todo = search.missing(stored)
    total = IngestSummary()
    if stored and len(todo) < len(search.pmids):
        total.warnings.append(f"{source}: {len(search.pmids) - len(todo)} of {len(search.pmids)} records already fetched; fetching the other {len(todo)}")
    _store_batches(db, client.efetch_batches(search, todo, batch_size), total, source, query, progress,
                   ids="PMIDs", fmt="pubmed-xml", parse=lambda body, name: parse_pubmed_xml(io.BytesIO(body), name),
                   fetched_id=lambda record: record.pmid or "", absent="PubMed returned no record for PMID(s)")
    with transaction(db) as conn:
        _log_run(conn, source, started, total)
    return total


def ingest_pmc(
    db: sqlite_utils.Database, client: "EutilsClient", query: str | None = None, pmcids: list[str] | None = None,
    max_records: int = 1000, batch_size: int = 50, progress: Progress | None = None,
) -> IngestSummary:
    """Fetch PMC full texts (a search, or PMC ids) and ingest them, one transaction per efetch batch.

    Like ``ingest_pubmed``: each batch's PMC ids go to `pubmed_fetch_state`
    (query ``pmc:<query>``) with its articles, so a rerun fetches only what is
    missing; listed ids already stored as full texts are not fetched again.
    """
    from stemfoot.corpus.ingest.eutils import SearchResult

    started = _now()
    if query:
        state_key, source = f"pmc:{query}", f"pmc:{query}"
        search = client.esearch(query, retmax=max_records, db="pmc")
    else:
        ids = [re.sub(r"^PMC", "", p.strip(), flags=re.I) for p in pmcids or [] if p.strip()]
        bad = [p for p in ids if not p.isdigit()]
        if bad:
            raise IngestError(f"--pmcid: not a PMC id: {', '.join(bad)}")
        state_key, source = "pmc:ids", "pmc:ids"
        search = SearchResult(query=",".join(ids), count=len(ids), webenv="", query_key="", pmids=tuple(dict.fromkeys(ids)))
    stored = {row[0] for row in db.execute("SELECT pmid FROM pubmed_fetch_state WHERE query = ?", (state_key,))}
    if not query:
        stored |= {p.removeprefix("PMC") for p in known_pmcids(db.conn)}
    todo = search.missing(stored)
    total = IngestSummary()
    if len(todo) < len(search.pmids):
        total.warnings.append(f"{source}: {len(search.pmids) - len(todo)} of {len(search.pmids)} articles already "
                              f"fetched; fetching the other {len(todo)}")
    _store_batches(db, client.efetch_batches(search, todo, batch_size, db="pmc"), total, source, state_key, progress,
                   ids="PMC ids", fmt="jats", parse=lambda body, name: list(jats_records(body, name)),
                   fetched_id=lambda record: (record.pmcid or "")[3:], absent="PMC returned no article for PMC id(s)")
    with transaction(db) as conn:
        _log_run(conn, source, started, total)
    return total
