"""MEDLINE / .nbib text (PubMed's "MEDLINE" export): `TAG - value` lines."""
from __future__ import annotations

import re
from typing import Iterator

from stemfoot.corpus.ingest.bibliographic import Record, inline_sections, normalise_doi, parse_year

_LINE = re.compile(r"^([A-Z][A-Z0-9]{0,3})\s*-\s?(.*)$")


def _fields(lines: list[str]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    tag = None
    for line in lines:
        match = _LINE.match(line)
        if match and (len(line) < 5 or line[4] in " -"):
            tag = match.group(1)
            fields.setdefault(tag, []).append(match.group(2).strip())
        elif tag and line.startswith(" "):
            fields[tag][-1] += " " + line.strip()
    return fields


def _record(fields: dict[str, list[str]], ref: str) -> Record:
    one = lambda tag: (fields.get(tag) or [None])[0]  # noqa: E731
    doi = next((v[: -len(" [doi]")] for v in fields.get("LID", []) + fields.get("AID", []) if v.endswith("[doi]")), None)
    abstract = one("AB") or ""
    return Record(
        title=one("TI") or one("BTI") or "",
        abstract=abstract,
        sections=inline_sections(abstract),
        pmid=one("PMID"),
        doi=normalise_doi(doi),
        journal=one("TA") or one("JT"),
        year=parse_year(one("DP")),
        authors=fields.get("AU", []) or fields.get("FAU", []),
        language=one("LA"),
        publication_types=fields.get("PT", []),
        mesh_terms=[m.split("/")[0].lstrip("*") for m in fields.get("MH", [])],
        keywords=fields.get("OT", []),
        ref=ref,
    )


def parse_medline(text: str, name: str) -> Iterator[Record]:
    """Records are separated by blank lines; each starts with `PMID-`."""
    block: list[str] = []
    start_line = 1
    count = 0
    for lineno, line in enumerate(text.splitlines() + [""], start=1):
        if line.strip():
            if not block:
                start_line = lineno
            block.append(line.rstrip("\n"))
            continue
        if block:
            fields = _fields(block)
            if fields:
                count += 1
                yield _record(fields, f"{name}: record {count} (line {start_line})")
            block = []
