"""CSV and JSONL with title/abstract (and optional pmid/doi/year) columns."""
from __future__ import annotations

import csv
import io
from typing import Any, Iterator

from stemfoot.corpus.csv_safety import csv_field_error
from stemfoot.corpus.errors import IngestError
from stemfoot.corpus.safe_io import json_objects
from stemfoot.corpus.ingest.bibliographic import Record, inline_sections, normalise_doi, parse_year

_ALIASES = {
    "title": ("title", "article_title", "ti"),
    "abstract": ("abstract", "ab", "abstract_text"),
    "pmid": ("pmid", "pubmed_id"),
    "doi": ("doi",),
    "year": ("year", "py", "publication_year"),
    "journal": ("journal", "source"),
    "authors": ("authors", "author"),
}


def _column_map(columns: list[str]) -> dict[str, str]:
    lower = {c.strip().lower(): c for c in columns if c}
    return {field: lower[a] for field, aliases in _ALIASES.items() for a in aliases if a in lower}


def _record(row: dict[str, Any], cols: dict[str, str], ref: str) -> Record:
    def get(field: str) -> str:
        value = row.get(cols[field]) if field in cols else None
        return "" if value is None else str(value).strip()

    pmid = get("pmid")
    if pmid.endswith(".0"):  # spreadsheets turn ids into floats
        pmid = pmid[:-2]
    if pmid and not pmid.isdigit():
        raise IngestError(f"{ref}: pmid {pmid!r} is not a number")
    year_text = get("year")
    year = parse_year(year_text)
    if year_text and year is None:
        raise IngestError(f"{ref}: year {year_text!r} is not a year")
    authors = get("authors")
    abstract = get("abstract")
    return Record(
        title=get("title"),
        abstract=abstract,
        sections=inline_sections(abstract),
        pmid=pmid or None,
        doi=normalise_doi(get("doi")),
        journal=get("journal") or None,
        year=year,
        # "A; B" is unambiguous; a comma may sit inside one name ("Qin, H.").
        authors=[a.strip() for a in authors.split(";") if a.strip()],
        ref=ref,
    )


def parse_csv(text: str, name: str) -> Iterator[Record]:
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    columns = reader.fieldnames or []
    cols = _column_map(columns)
    if "title" not in cols:
        raise IngestError(f"{name}: CSV has no 'title' column (columns: {', '.join(columns) or 'none'})")
    rows = iter(reader)
    i = 1
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:  # a cell over the field limit, a NUL byte, ...
            raise csv_field_error(exc, name, reader.line_num) from None
        i += 1
        yield _record(row, cols, f"{name}: row {i}")


def parse_jsonl(text: str, name: str) -> Iterator[Record]:
    for lineno, obj in json_objects(text.splitlines(), name):
        cols = _column_map(list(obj))
        if "title" not in cols:
            raise IngestError(f"{name}: line {lineno}: no 'title' field (fields: {', '.join(obj) or 'none'})")
        yield _record(obj, cols, f"{name}: line {lineno}")
