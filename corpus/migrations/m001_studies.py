"""Migration 1: studies (with FTS5), ingest runs and PubMed fetch state."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: sqlite-utils imports pandas, which light commands do without
    import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    """Studies, with FTS5 over title and abstract."""
    db["studies"].create(
        {
            "id": int,
            "pmid": str,  # verified PubMed id, else NULL
            "local_id": str,  # 'local:<hash>' for records without a verified PMID
            "doi": str,
            "title": str,
            "abstract": str,
            "sections": str,  # JSON [{label, category, start, end}] offsets into abstract
            "journal": str,
            "year": int,
            "authors": str,  # JSON list of "Last Initials"
            "language": str,
            "publication_types": str,  # JSON list
            "mesh_terms": str,  # JSON list
            "keywords": str,  # JSON list
            "has_abstract": int,
            "title_key": str,  # normalised title + year, the last-resort dedupe key
            "source": str,
            "source_format": str,
            "first_seen": str,
            "last_updated": str,
            "content_hash": str,
        },
        pk="id",
        not_null={"title", "first_seen", "last_updated", "content_hash"},
    )
    db["studies"].create_index(["pmid"], unique=True)
    db["studies"].create_index(["local_id"], unique=True)
    db["studies"].create_index(["doi"])
    db["studies"].create_index(["title_key"])
    db["studies"].enable_fts(["title", "abstract"], create_triggers=True, tokenize="porter")
    db["ingest_runs"].create(
        {
            "id": int,
            "source": str,
            "started": str,
            "finished": str,
            "new": int,
            "updated": int,
            "unchanged": int,
            "skipped": int,
        },
        pk="id",
    )
    db["pubmed_fetch_state"].create(
        {"query": str, "pmid": str, "fetched": str},
        pk=("query", "pmid"),
    )
