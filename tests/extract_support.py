"""Shared builder for the extraction tests: the dev abstracts plus a title-only record."""
from __future__ import annotations

import json
from pathlib import Path

from stemfoot.corpus.db import open_db

DEV = Path(__file__).parent / "data" / "domain_dev.jsonl"


def dev_corpus(path: Path) -> str:
    """A corpus of the six dev abstracts (local ids where no PMID) and one record with only a title."""
    db = open_db(path)
    for n, line in enumerate(DEV.read_text().splitlines()):
        rec = json.loads(line)
        db["studies"].insert({"pmid": rec["pmid"], "local_id": None if rec["pmid"] else f"local:{rec['id']}",
                              "title": rec["title"], "abstract": rec["abstract"], "year": rec["year"],
                              "first_seen": "t", "last_updated": "t", "content_hash": f"h{n}"})
    db["studies"].insert({"pmid": "999", "title": "Only a title", "abstract": None, "year": 2001,
                          "first_seen": "t", "last_updated": "t", "content_hash": "hx"})
    db.conn.close()
    return str(path)
