"""RIS (reference managers: EndNote, Zotero, Mendeley): `TY  - ` ... `ER  - `."""
from __future__ import annotations

import re
from typing import Iterator

from stemfoot.corpus.errors import IngestError
from stemfoot.corpus.ingest.bibliographic import Record, inline_sections, normalise_doi, parse_year

_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")


def _record(fields: dict[str, list[str]], ref: str) -> Record:
    def first(*tags: str) -> str | None:
        for tag in tags:
            if fields.get(tag):
                return fields[tag][0]
        return None

    accession = first("AN") or ""
    abstract = first("AB", "N2") or ""
    return Record(
        title=first("TI", "T1", "CT", "BT") or "",
        abstract=abstract,
        sections=inline_sections(abstract),
        pmid=accession if re.fullmatch(r"\d{1,9}", accession) else None,
        doi=normalise_doi(first("DO")),
        journal=first("J2", "JA", "JO", "JF", "T2"),
        year=parse_year(first("PY", "Y1", "DA")),
        authors=fields.get("AU", []) + fields.get("A1", []),
        language=first("LA"),
        publication_types=[],
        mesh_terms=[],
        keywords=fields.get("KW", []),
        ref=ref,
    )


def parse_ris(text: str, name: str) -> Iterator[Record]:
    fields: dict[str, list[str]] | None = None
    tag = None
    count = 0
    start_line = 0
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        match = _LINE.match(line)
        if match:
            tag, value = match.group(1), (match.group(2) or "").strip()
            if tag == "TY":
                if fields is not None:
                    # A new record began before this one's ER: keep what it has, and say so.
                    count += 1
                    record = _record(fields, f"{name}: record {count} (line {start_line})")
                    record.warnings.append(f"{record.describe()}: no 'ER  - ' end tag before the next "
                                           f"'TY  - ' on line {lineno}; kept as it stands")
                    yield record
                fields, start_line = {}, lineno
            elif fields is None:
                raise IngestError(f"{name}: line {lineno}: '{tag}' tag before any 'TY  - ' record start")
            elif tag == "ER":
                count += 1
                yield _record(fields, f"{name}: record {count} (line {start_line})")
                fields = None
            else:
                fields.setdefault(tag, []).append(value)
        elif line and fields is not None and tag in fields:
            fields[tag][-1] += " " + line.strip()
    if fields is not None:
        raise IngestError(f"{name}: record starting at line {start_line} has no 'ER  - ' end tag (truncated file?)")
