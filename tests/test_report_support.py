"""Shared builders for the forest/funnel/report/query/serve tests: the curated fixture corpus (no NLP run)."""
from __future__ import annotations

import csv
import sqlite3
import tempfile
from functools import lru_cache
from pathlib import Path

from click.testing import CliRunner
from fixture_corpus import build_fixture_corpus

from stemfoot.cli import cli

BUNDLED = str(Path(__file__).resolve().parent.parent / "corpus" / "data" / "domain_dev.xml")

HAN = "20492632"
LU = "21216483"
NAMGOONG = "36233755"


def invoke(*args: str):
    """Run the CLI (result.stdout and result.stderr are kept apart; result.output has both)."""
    return CliRunner().invoke(cli, list(args))


@lru_cache(maxsize=1)
def _extracted() -> Path:
    return build_fixture_corpus(Path(tempfile.mkdtemp(prefix="stemfoot-report-tests-")) / "corpus.db")


def extracted_copy(tmp_path: Path) -> str:
    """A private copy of the curated fixture corpus (built once per test session)."""
    target = tmp_path / "corpus.db"
    src, dst = sqlite3.connect(_extracted()), sqlite3.connect(target)
    with dst:
        src.backup(dst)  # the WAL's pages too, which a file copy would miss
    src.close()
    dst.close()
    return str(target)


def review(db: str, tmp_path: Path, decide=lambda row: None, added: list[dict] | None = None) -> str:
    """Export the review sheet, let ``decide(row)`` fill decision/corrected_value, append ``added`` rows
    (decision 'add'), import it; returns the summary."""
    sheet = tmp_path / "sheet.csv"
    result = invoke("review", "--db", db, "--export", str(sheet), "--force")
    assert result.exit_code == 0, result.output
    with sheet.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        decide(row)
    for extra in added or []:
        rows.append({**{k: "" for k in rows[0]}, "decision": "add", **extra})
    with sheet.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = invoke("review", "--db", db, "--import", str(sheet), "--reviewer", "tester")
    assert result.exit_code == 0, result.output
    return result.output
