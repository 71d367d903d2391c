"""The ingest and stats commands, as a user runs them."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from stemfoot.cli import cli

BUNDLED = str(Path(__file__).resolve().parents[2] / "corpus" / "data" / "domain_dev.xml")


def test_ingest_then_stats(tmp_path):
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", BUNDLED, "--db", db])
    assert result.exit_code == 0, result.output
    assert result.output == f"{BUNDLED}: 6 new, 0 updated, 0 unchanged, 0 skipped\n"
    again = runner.invoke(cli, ["ingest", BUNDLED, "--db", db])
    assert again.output == f"{BUNDLED}: 0 new, 0 updated, 6 unchanged, 0 skipped\n"
    stats = runner.invoke(cli, ["stats", "--db", db, "--json"])
    data = json.loads(stats.output)
    assert data["studies"] == 6 and data["without_pmid"] == 2
    assert data["by_year"] == {"2005": 1, "2010": 1, "2011": 1, "2013": 1, "2016": 1, "2022": 1}


def test_bad_file_exits_1_with_one_line(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<PubmedArticleSet><PubmedArticle>")
    result = CliRunner().invoke(cli, ["ingest", str(bad), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {bad}: malformed or truncated XML")
    assert result.output.endswith("nothing from this file or batch was stored\n")
    assert result.output.count("\n") == 1


def test_ingest_needs_files_or_query(tmp_path):
    result = CliRunner().invoke(cli, ["ingest", "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 2
    assert "give FILES to ingest or --pubmed QUERY" in result.output


def test_stats_on_a_file_that_is_not_sqlite(tmp_path):
    path = tmp_path / "x.db"
    path.write_text("hello")
    result = CliRunner().invoke(cli, ["stats", "--db", str(path)])
    assert result.exit_code == 1
    assert result.output == f"Error: {path}: not a SQLite database\n"
