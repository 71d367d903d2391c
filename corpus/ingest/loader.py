"""Ingest bibliographic files into the corpus: detect, parse, dedupe, upsert."""
from __future__ import annotations

import gzip
import io
import json
import re
import sqlite3
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

import sqlite_utils

from stemfoot.corpus.db import transaction
from stemfoot.corpus.ingest import FORMATS
from stemfoot.corpus.errors import IngestError
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
from stemfoot.corpus.trials import store_registrations

if TYPE_CHECKING:
    from stemfoot.corpus.ingest.eutils import EutilsClient

GZIP_MAGIC = b"\x1f\x8b"
Progress = Callable[[int], None]


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


def _open_binary(path: Path) -> io.BufferedIOBase:
    """The file's bytes, gunzipped when it is gzip (by content, not by name)."""
    if not path.exists():
        raise IngestError(f"{path}: no such file")
    if path.is_dir():
        raise IngestError(f"{path}: is a directory")
    with path.open("rb") as fh:
        head = fh.read(2)
    if head == GZIP_MAGIC:
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if path.suffix.lower() == ".gz":
        raise IngestError(f"{path}: not a gzip file (named .gz but not gzip-compressed)")
    return path.open("rb")


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


def open_records(path: Path, fmt: str | None = None, encoding: str | None = None) -> tuple[str, Iterator[Record]]:
    """Detect the format and return it with a (streaming, for XML) record iterator."""
    stream = _open_binary(path)
    try:
        head = stream.peek(4096)[:4096] if hasattr(stream, "peek") else b""
    except (OSError, EOFError, zlib.error) as exc:
        stream.close()
        raise IngestError(f"{path}: corrupt gzip data ({exc})") from exc
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
    return fmt, _records(stream, path, fmt, encoding)


def _records(stream: io.BufferedIOBase, path: Path, fmt: str, encoding: str | None) -> Iterator[Record]:
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
        parser = {"medline": parse_medline, "ris": parse_ris, "csv": parse_csv, "jsonl": parse_jsonl}[fmt]
        yield from parser(text, str(path))


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
    progress: Progress | None = None, on_record: Callable[[Record, int], None] | None = None,
) -> IngestSummary:
    """Insert new records and update changed ones; call inside a transaction.

    Dedupe on PMID, else DOI, else normalised title + year. A record matched
    by DOI or title keeps the stored values of fields it leaves empty, so a
    CSV line never erases what PubMed gave.
    """
    summary = IngestSummary()
    index = _Index(conn)
    now = _now()
    with _bulk_fts(conn):
        for record in records:
            if progress:
                progress(1)
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
                                   source=source, source_format=source_format, last_updated=now, content_hash=digest, id=sid)
                        assignments = ", ".join(f"{k} = :{k}" for k in row if k != "id")
                        conn.execute(f"UPDATE studies SET {assignments} WHERE id = :id", row)
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
                columns = ", ".join(row)
                cursor = conn.execute(f"INSERT INTO studies ({columns}) VALUES ({', '.join(':' + k for k in row)})", row)
                sid = cursor.lastrowid
                index.remember(sid, record.pmid, record.doi, key if record.title else None)
                summary.new += 1
            store_registrations(conn, sid, text["title"], text["abstract"], record.databank_registrations, replace)
            if not has_abstract:
                summary.flagged += 1
                summary.warnings.append(f"{record.describe()}: no abstract; kept and flagged (has_abstract = 0)")
            if record.fulltext is not None:
                if store_article(conn, sid, record.fulltext, source) != "unchanged" and was_unchanged < summary.unchanged:
                    summary.unchanged -= 1  # the study row is as it was, its full text is not
                    summary.updated += 1
                if record.pmcid:
                    index.by_pmcid[record.pmcid] = sid
                if not record.fulltext.get("has_body"):
                    summary.warnings.append(f"{record.describe()}: no body (not Open Access?); kept with its abstract "
                                            "and flagged (fulltexts.has_body = 0)")
            if on_record:
                on_record(record, sid)
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


def ingest_file(
    db: sqlite_utils.Database, path: str | Path, fmt: str | None = None,
    encoding: str | None = None, progress: Progress | None = None,
) -> IngestSummary:
    """Ingest one file in one transaction: if any of it fails, none of it lands."""
    path = Path(path)
    started = _now()
    fmt, records = open_records(path, fmt, encoding)
    with transaction(db) as conn:
        summary = upsert_records(conn, records, str(path), fmt, progress)
        if not (summary.new or summary.updated or summary.unchanged or summary.skipped):
            raise IngestError(f"{path}: no records found (format {fmt})")
        _log_run(conn, str(path), started, summary)
    return summary


def ingest_paths(
    db: sqlite_utils.Database, paths: Iterable[str | Path], fmt: str | None = None,
    encoding: str | None = None, progress: Progress | None = None,
) -> IngestSummary:
    """Ingest several files, each in its own transaction; stop at the first bad file."""
    total = IngestSummary()
    for path in paths:
        total.add(ingest_file(db, path, fmt, encoding, progress))
    return total


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
    for batch, body in client.efetch_batches(search, todo, batch_size):
        name = f"{source} (PMIDs {batch[0]}..{batch[-1]})"
        returned: list[str] = []
        records = parse_pubmed_xml(io.BytesIO(body), name)
        with transaction(db) as conn:
            summary = upsert_records(conn, records, source, "pubmed-xml", progress,
                                     on_record=lambda record, sid: returned.append(record.pmid or ""))
            now = _now()
            conn.executemany(
                "INSERT OR REPLACE INTO pubmed_fetch_state (query, pmid, fetched) VALUES (?, ?, ?)",
                [(query, pmid, now) for pmid in returned if pmid],
            )
        absent = sorted(set(batch) - set(returned))
        if absent:
            summary.warnings.append(f"{name}: PubMed returned no record for PMID(s) {', '.join(absent)}")
        total.add(summary)
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
    for batch, body in client.efetch_batches(search, todo, batch_size, db="pmc"):
        name = f"{source} (PMC ids {batch[0]}..{batch[-1]})"
        returned: list[str] = []
        records = list(jats_records(body, name))
        with transaction(db) as conn:
            summary = upsert_records(conn, records, source, "jats", progress,
                                     on_record=lambda record, sid: returned.append((record.pmcid or "")[3:]))
            now = _now()
            conn.executemany("INSERT OR REPLACE INTO pubmed_fetch_state (query, pmid, fetched) VALUES (?, ?, ?)",
                             [(state_key, pmc, now) for pmc in returned if pmc])
        absent = sorted(set(batch) - set(returned))
        if absent:
            summary.warnings.append(f"{name}: PMC returned no article for PMC id(s) {', '.join(absent)}")
        total.add(summary)
    with transaction(db) as conn:
        _log_run(conn, source, started, total)
    return total
