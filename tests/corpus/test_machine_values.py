"""The `machine_values` view over real extraction output, and curation on top of it."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from stemfoot.cli import cli
from stemfoot.review.decisions import effective_values
from stemfoot.corpus.db import open_db

BUNDLED = str(Path(__file__).resolve().parents[2] / "corpus" / "data" / "domain_dev.xml")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("mv") / "c.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", BUNDLED, "--db", db]).exit_code == 0
    result = runner.invoke(cli, ["extract", "--db", db])
    assert result.exit_code == 0, result.output
    return db


def rows(db_path: str, sql: str) -> list[dict]:
    return list(open_db(db_path).query(sql))


def test_every_machine_value_has_provenance_and_a_unique_id(extracted):
    values = rows(extracted, "SELECT * FROM machine_values")
    assert values
    assert len({v["value_id"] for v in values}) == len(values)
    studies = {s["id"]: s for s in rows(extracted, "SELECT id, title, abstract FROM studies")}
    for v in values:
        assert v["source_sentence"], v
        assert v["start"] is not None and v["end"] > v["start"], v
        study = studies[v["study_id"]]
        text = study["title"] if v["source_sentence"] == study["title"] else study["abstract"]
        # The value starts inside its sentence (a derived total may span two sentences).
        sentence_start = text.index(v["source_sentence"])
        assert sentence_start <= v["start"] < sentence_start + len(v["source_sentence"]), v


def test_study_level_values_match_the_extraction(extracted):
    qin = {v["field"]: v["machine_value"] for v in rows(
        extracted, "SELECT * FROM machine_values WHERE pmid = '27219884' AND value_id NOT LIKE '%:%:%'")
        if v["field"] in ("design", "n_patients", "n_limbs")}
    ext = rows(extracted, "SELECT design, n_patients, n_limbs FROM current_extractions WHERE study_id = 1")[0]
    assert qin == {"design": ext["design"], "n_patients": str(ext["n_patients"]), "n_limbs": str(ext["n_limbs"])}


def test_sheet_round_trip_survives_re_extraction(extracted, tmp_path):
    runner = CliRunner()
    sheet = tmp_path / "sheet.csv"
    assert runner.invoke(cli, ["review", "--db", extracted, "--export", str(sheet)]).exit_code == 0
    with sheet.open(newline="", encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    design = next(r for r in table if r["id"] == "27219884:design")
    n = next(r for r in table if r["id"] == "27219884:n_patients")
    design["decision"] = "accept"
    n.update(decision="correct", corrected_value="54", note="typo check")
    with sheet.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)
    result = runner.invoke(cli, ["review", "--db", extracted, "--import", str(sheet), "--reviewer", "ann"])
    assert result.exit_code == 0, result.output
    assert "1 accepted, 1 corrected" in result.output
    # Re-extraction of the same version keeps every decision.
    assert runner.invoke(cli, ["extract", "--db", extracted]).exit_code == 0
    values = {v["value_id"]: v for v in effective_values(open_db(extracted), only_verified=True)}
    assert values["27219884:design"]["origin"] == "accepted"
    assert values["27219884:n_patients"]["value"] == "54"
    assert values["27219884:n_patients"]["origin"] == "corrected"
    assert len(values) == 2
