"""Migration 5: full texts (JATS) — the body with its sections, tables as grids, the original XML compressed.

One `fulltexts` row per study (the study row keeps the bibliographic record;
an article links to it by PMID, DOI or PMC id, never making a second study).
Sections index `fulltexts.full_text` by character offsets; each table keeps its
grid and its own stored text, to which table evidence offsets point. Evidence
spans gain table provenance (label, row and column headers) and the section a
prose value came from; statistics gain `derived` (field -> formula) and
`detail` (JSON: group size from a header, SE, caption).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: sqlite-utils imports pandas, which light commands do without
    import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    """fulltexts, fulltext_sections, fulltext_tables; provenance columns on spans and statistics."""
    db["fulltexts"].create(
        {
            "study_id": int,
            "pmcid": str,  # "PMC123", or NULL
            "pmid": str,  # as the article states it
            "doi": str,
            "full_text": str,  # the body's prose, sections joined (tables not included)
            "has_body": int,  # 0: a non-OA article (front matter only), kept and flagged
            "flags": str,  # JSON list, e.g. ["no_body"], ["repaired_xml"]
            "source": str,
            "xml_gz": bytes,  # the original XML, zlib-compressed, for re-reading by a later extractor
            "xml_sha256": str,
            "first_seen": str,
            "last_updated": str,
        },
        pk="study_id",
        foreign_keys=[("study_id", "studies", "id")],
    )
    db["fulltexts"].create_index(["pmcid"], unique=True)
    db["fulltext_sections"].create(
        {"study_id": int, "position": int, "title": str, "type": str, "start": int, "end": int, "depth": int},
        pk=("study_id", "position"),
        foreign_keys=[("study_id", "studies", "id")],
    )
    db["fulltext_tables"].create(
        {
            "study_id": int, "position": int, "table_id": str, "label": str, "caption": str,
            "footnotes": str,  # JSON list
            "header": str,  # JSON: header rows (spans expanded)
            "header_joined": str,  # JSON: one label per column ("Week 12 / Mean (SD)")
            "rows": str,  # JSON: body grid
            "row_labels": str, "row_prefixed": str, "label_only": str,  # JSON lists, one per body row
            "text": str,  # stored table text: caption, header, rows (" | " between cells)
            "header_offsets": str, "cell_offsets": str,  # JSON [start, end] into `text`
        },
        pk=("study_id", "position"),
        foreign_keys=[("study_id", "studies", "id")],
    )
    for column in ("section", "table_label", "row_header", "column_header"):
        db["spans"].add_column(column, str)
    db["spans"].add_column("table_position", int)
    db["statistics"].add_column("derived", str)  # JSON {field: formula}
    db["statistics"].add_column("detail", str)  # JSON: arm_n, se, caption, cells
