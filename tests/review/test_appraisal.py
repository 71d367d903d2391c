"""Issue 14 wired up: RoB/GRADE/screening events in the corpus (m007), and the rob, sof, prisma, screen --stage,
review --rob and forest --rob commands on the bundled demo corpus."""
from __future__ import annotations

import csv
import math
import re
import sqlite3
from pathlib import Path

import pytest

from stemfoot.chain import analyse
from stemfoot.corpus.db import open_db
from stemfoot.metaanalysis.protocol import load_protocol
from stemfoot.review import rob_store
from stemfoot.review.decisions import effective_values
from stemfoot.review.screening_store import excluded_reasons, prisma_flow, stage_status
from test_curation_support import QIN
from test_report_support import BUNDLED, HAN, LU, NAMGOONG, extracted_copy, invoke

PROTOCOL = str(Path(__file__).resolve().parents[2] / "docs" / "demo_protocol.toml")


@pytest.fixture()
def db(tmp_path):
    return extracted_copy(tmp_path)


def ok(*args: str):
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return result


# --- storage ------------------------------------------------------------------------------------------------

def test_events_are_append_only(db):
    ok("rob", "--db", db)
    conn = sqlite3.connect(db)
    for table in ("rob_suggestions", "rob_events", "grade_events", "screening_stage_events"):
        assert conn.execute(f"SELECT count(*) FROM sqlite_master WHERE name LIKE '{table}_no_%'").fetchone()[0] == 3
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM rob_suggestions")
    with pytest.raises(sqlite3.IntegrityError):  # an override without a reason
        conn.execute("INSERT INTO rob_events (study_id, tool, domain, decision, judgement, reviewer, recorded_at, source)"
                     " VALUES (1, 'RoB 2', 'D1', 'override', 'low', 'x', 't', 'cli')")
    with pytest.raises(sqlite3.IntegrityError):  # a full-text exclusion without a reason
        conn.execute("INSERT INTO screening_stage_events (study_id, stage, decision, reviewer, recorded_at, source)"
                     " VALUES (1, 'full_text', 'exclude', 'x', 't', 'cli')")


def test_ingest_counts_records_and_duplicates(tmp_path):
    path = str(tmp_path / "c.db")
    ok("ingest", BUNDLED, "--db", path)
    ok("ingest", BUNDLED, "--db", path)
    rows = sqlite3.connect(path).execute("SELECT records, duplicates, new FROM ingest_runs ORDER BY id").fetchall()
    assert rows == [(6, 0, 6), (6, 6, 0)]
    counts, _ = prisma_flow(open_db(path))
    assert [s["n"] for s in counts["databases"]] == [6, 6]
    assert counts["duplicates_removed"] == 6
    assert counts["databases"][0]["name"] == "domain_dev.xml" and re.fullmatch(r"\d{4}-\d\d-\d\d", counts["databases"][0]["date"])


def test_rob_suggestions_stored_once_and_override_round_trip(db):
    out = ok("rob", "--db", db).output
    assert out.splitlines()[0] == "assessed 6 studies: 34 domain suggestions stored, 0 unchanged"
    assert ok("rob", "--db", db).output.splitlines()[0] == "assessed 6 studies: 0 domain suggestions stored, 34 unchanged"
    conn = open_db(db)
    qin = next(a for a in rob_store.assessments(conn) if a.public_id == QIN)
    assert qin.tool == "RoB 2" and qin.overall == "high"
    d1 = next(d for d in qin.domains if d.domain == "D1")
    assert d1.evidence and all(e["sentence"][e["start"] - e["sentence_start"]:][:len(e["text"])] == e["text"]
                               for e in d1.evidence)
    # a reviewer makes every domain low: the overall follows the RoB 2 algorithm
    for d in qin.domains:
        rob_store.judge(conn, QIN, d.domain, "override", reviewer="ann", judgement="low", reason="protocol read")
    qin = next(a for a in rob_store.assessments(conn) if a.public_id == QIN)
    assert qin.overall == "low" and all(d.origin == "overridden" and d.reviewer == "ann" for d in qin.domains)
    with pytest.raises(Exception, match="needs a reason"):
        rob_store.judge(conn, QIN, "D1", "override", reviewer="ann", judgement="high", reason=" ")
    # re-running the suggestions never replaces the reviewer's judgement
    ok("rob", "--db", db)
    qin = next(a for a in rob_store.assessments(open_db(db)) if a.public_id == QIN)
    assert qin.overall == "low"


def test_rob_sheet_round_trip(db, tmp_path):
    ok("rob", "--db", db)
    sheet = tmp_path / "rob.csv"
    assert ok("review", "--db", db, "--rob", "--export", str(sheet)).output == f"{sheet}: 34 risk-of-bias domains exported\n"
    rows = list(csv.DictReader(sheet.open(newline="", encoding="utf-8")))
    for r in rows:
        if r["study"] == LU and r["domain"] == "D3":
            r.update(decision="override", judgement="high", reason="30% lost to follow-up (full text)")
        elif r["study"] == LU:
            r["decision"] = "confirm"
    with sheet.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    assert ok("review", "--db", db, "--rob", "--import", str(sheet), "--reviewer", "bob").output == \
        f"{sheet}: 4 confirmed, 1 overridden, 29 left as they were\n"
    lu = next(a for a in rob_store.assessments(open_db(db)) if a.public_id == LU)
    d3 = next(d for d in lu.domains if d.domain == "D3")
    assert (d3.judgement, d3.origin, d3.reason, d3.reviewer) == ("high", "overridden", "30% lost to follow-up (full text)", "bob")
    assert lu.overall == "high" and lu.overall_reason == "high risk in D3"
    # a bad judgement: one-line error, nothing stored
    rows[0].update(decision="override", judgement="dreadful", reason="x")
    with sheet.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    n = sqlite3.connect(db).execute("SELECT count(*) FROM rob_events").fetchone()[0]
    result = invoke("review", "--db", db, "--rob", "--import", str(sheet))
    assert result.exit_code == 1 and "judgement must be one of" in result.output and "line 2" in result.output
    assert sqlite3.connect(db).execute("SELECT count(*) FROM rob_events").fetchone()[0] == n


def test_rob_plots_written(db, tmp_path):
    out = tmp_path / "rob.svg"
    lines = ok("rob", "--db", db, "--out", str(out)).output.splitlines()
    assert lines[-2] == f"RoB 2 traffic-light plot written to {out}; summary plot to {tmp_path / 'rob_summary.svg'}"
    assert lines[-1].startswith("ROBINS-I traffic-light plot written to ")
    svg = out.read_text()
    for label in ("Huang 2005", "Lu 2011", "Namgoong 2022", "Qin 2016"):
        assert label in svg
    assert "Dubsky 2013" in (tmp_path / "rob_robins.svg").read_text()


# --- screening ---------------------------------------------------------------------------------------------

def test_two_stage_screening_kappa_conflicts_and_flow(db):
    base = ("screen", "--db", db, "--protocol", PROTOCOL)
    ok(*base, "--stage", "title-abstract", "--include", QIN, LU, HAN, NAMGOONG, "--reviewer", "ann")
    ok(*base, "--stage", "title-abstract", "--include", QIN, LU, HAN, "--reviewer", "bob")
    out = ok(*base, "--stage", "title-abstract", "--exclude", NAMGOONG, "--reason", "no cell therapy",
             "--reviewer", "bob").output
    assert "reviewers ann and bob: 4 screened by both, agreement 75%, Cohen's kappa 0.00" in out
    assert f"  {NAMGOONG}: ann include; bob exclude (no cell therapy)" in out
    assert "left: 3" in out  # Namgoong in conflict + the 2 records nobody screened
    bad = invoke(*base, "--stage", "title-abstract", "--exclude", QIN, "--reason", "too old")
    assert bad.exit_code == 1 and "is not in the protocol's list" in bad.output
    ok(*base, "--stage", "title-abstract", "--include", NAMGOONG, "--adjudicate", "--reviewer", "cy")
    ok(*base, "--stage", "title-abstract", "--exclude", "--pending", "--reason", "no diabetic foot or limb ischaemia",
       "--reviewer", "ann")
    ok(*base, "--stage", "full-text", "--not-retrieved", HAN, "--reviewer", "ann")
    ok(*base, "--stage", "full-text", "--exclude", LU, "--reason", "not a controlled trial", "--reviewer", "ann")
    ok(*base, "--stage", "full-text", "--include", QIN, NAMGOONG, "--reviewer", "ann")
    counts, notes = prisma_flow(open_db(db))
    assert counts["records_screened"] == 6 and counts["records_excluded"] == 2
    assert counts["reports_sought"] == 4 and counts["reports_not_retrieved"] == 1
    assert counts["reports_assessed"] == 3 and counts["reports_excluded"] == {"not a controlled trial": 1}
    # The fixture's ingest run predates migration 7, so its duplicates are derived (and said so).
    assert counts["studies_included"] == 2 and notes == [
        "duplicates of ingest runs before schema m007 are derived from their updated + unchanged counts"]
    # the diagram shows exactly these numbers
    out = ok("prisma", "--db", db, "--out", str(Path(db).with_name("flow.svg"))).output
    assert out.splitlines()[-2] == ("identified 6, duplicates removed 0, screened 6, excluded 2, "
                                    "reports assessed 3, studies included 2")
    svg = Path(db).with_name("flow.svg").read_text()
    texts = [re.sub(r"\s+", " ", t.replace("\u00a0", " ")) for t in re.findall(r">([^<>]+)</text>", svg)]
    for want in ("Records screened (n = 6)", "Records excluded (n = 2)", "Reports sought for retrieval (n = 4)",
                 "Reports not retrieved (n = 1)", "Reports assessed for eligibility (n = 3)",
                 "not a controlled trial (n = 1)", "Studies included in review (n = 2)"):
        assert want in texts, (want, texts)
    # settled exclusions (either stage) leave the analyses; not retrieved does not exclude
    conn = open_db(db)
    reasons = excluded_reasons(conn)
    ids = {sid: pub for sid, pub in conn.execute("SELECT id, coalesce(pmid, local_id) FROM studies")}
    assert {ids[s]: r for s, r in reasons.items() if ids[s] in (LU, HAN)} == {LU: "not a controlled trial"}
    assert len(reasons) == 3
    assert LU not in {v["pmid"] for v in effective_values(conn)}


def test_active_learning_order_and_estimate(db):
    ok("screen", "--db", db, "--stage", "title-abstract", "--include", QIN, "--reviewer", "ann")
    ok("screen", "--db", db, "--stage", "title-abstract", "--exclude", LU, "--reason", "no cell therapy",
       "--reviewer", "ann")
    st = stage_status(open_db(db), "title-abstract")
    assert st.left == 4 and len(st.next_records) == 4
    probs = [p for _, p, _ in st.next_records]
    assert all(0 <= p <= 1 for p in probs)
    assert st.expected_relevant_left == pytest.approx(sum(probs))


def test_legacy_screen_unchanged(db):
    out = ok("screen", "--db", db, QIN, "--exclude", "--reason", "duplicate").output
    assert out.splitlines()[0] == f"{QIN}: excluded (duplicate)"
    bad = invoke("screen", "--db", db, QIN, "--maybe")
    assert bad.exit_code == 2 and "go with --stage" in bad.output


# --- GRADE summary of findings -----------------------------------------------------------------------------

def _sof_numbers(db):
    a = analyse(open_db(db, readonly=True), "ulcer_healing", "RR", "REML")
    d = a.result.to_dict()
    t = a.data.table
    acr = sorted(t["events_c"] / t["total_c"])[len(t) // 2] if len(t) % 2 else None
    return a, d, t, acr


def test_sof_numbers_equal_the_engine(db, tmp_path):
    ok("rob", "--db", db)
    a, d, t, acr = _sof_numbers(db)
    out = tmp_path / "sof.csv"
    ok("sof", "--db", db, "--protocol", PROTOCOL, "--out", str(out))
    row = next(csv.DictReader(out.open(newline="", encoding="utf-8")))
    est, lo, hi = (math.exp(d[k]) for k in ("estimate", "ci_lower", "ci_upper"))
    assert row["Relative effect (95% CI)"] == f"RR {est:.2f} ({lo:.2f} to {hi:.2f})"
    n = int(t["total_t"].sum() + t["total_c"].sum())
    assert row["Participants (studies)"] == f"{n} ({d['k']})"
    import statistics
    acr = statistics.median(t["events_c"] / t["total_c"])
    assert row["Assumed risk (control)"] == f"{1000 * acr:,.0f} per 1,000"
    cr = [min(1.0, acr * v) * 1000 for v in (est, lo, hi)]
    assert row["Corresponding risk (intervention)"] == f"{cr[0]:,.0f} per 1,000 ({cr[1]:,.0f} to {cr[2]:,.0f})"
    # all pooled studies are high risk (abstract-only suggestions), imprecision from the OIS: very low
    assert row["Certainty (GRADE)"] == "⊕◯◯◯ very low"
    assert "Risk of bias: rated down 2 levels" in row["Footnotes"]


def test_sof_override_with_reason_and_output(db, tmp_path):
    ok("rob", "--db", db)
    out = ok("sof", "--db", db, "--protocol", PROTOCOL, "--override", "ulcer_healing", "risk_of_bias", "0",
             "--reason", "assessed on full texts", "--reviewer", "ann").output
    assert out.splitlines()[0] == "ulcer_healing risk_of_bias: rated down 0 by the reviewer (assessed on full texts)"
    # Han 2010 is non-randomised: certainty starts low; imprecision still rates it down
    assert "⊕◯◯◯ very low" in out and "Started at low: not every study is randomised." in out
    assert "Risk of bias: not rated down. Reviewer override: assessed on full texts (ann)" in out
    out = ok("sof", "--db", db, "--protocol", PROTOCOL, "--override", "ulcer_healing", "imprecision", "0",
             "--reason", "OIS not applicable", "--reviewer", "ann").output
    assert "⊕⊕◯◯ low" in out
    out = ok("sof", "--db", db, "--protocol", PROTOCOL, "--override", "ulcer_healing", "indirectness", "1",
             "--reason", "surrogate population", "--reviewer", "ann").output
    assert "⊕◯◯◯ very low" in out
    assert "Indirectness: rated down 1 level. Reviewer's judgement: surrogate population (ann)" in out
    out = ok("sof", "--db", db, "--protocol", PROTOCOL, "--override", "ulcer_healing", "risk_of_bias", "computed",
             "--reason", "back to the rule").output
    assert out.splitlines()[0] == "ulcer_healing risk_of_bias: back to the computed rating (back to the rule)"
    assert "Risk of bias: rated down 2 levels" in out
    bad = invoke("sof", "--db", db, "--protocol", PROTOCOL, "--override", "ulcer_healing", "indirectness", "1")
    assert bad.exit_code == 1 and "needs a reason" in bad.output
    docx = invoke("sof", "--db", db, "--protocol", PROTOCOL, "--out", str(tmp_path / "s.docx"))
    try:
        import docx as _  # noqa: F401
    except ModuleNotFoundError:
        assert docx.exit_code == 1 and docx.output == ("Error: writing .docx needs the python-docx package "
                                                       "(not installed); use .html or .csv\n")
    html = tmp_path / "sof.html"
    ok("sof", "--db", db, "--protocol", PROTOCOL, "--out", str(html))
    assert "Complete ulcer healing" in html.read_text()


# --- forest --rob and the report -----------------------------------------------------------------------------

def test_forest_rob_column(db, tmp_path):
    bad = invoke("forest", "--db", db, "--outcome", "ulcer_healing", "--out", str(tmp_path / "f.svg"), "--rob")
    assert bad.exit_code == 1 and "run `rob" in bad.output
    ok("rob", "--db", db)
    ok("forest", "--db", db, "--outcome", "ulcer_healing", "--out", str(tmp_path / "f.svg"), "--rob")
    svg = (tmp_path / "f.svg").read_text()
    assert "Risk of bias" in svg and svg.count('id="rob') >= 3 * 6


def test_report_has_flow_rob_and_sof(db, tmp_path):
    ok("screen", "--db", db, "--stage", "title-abstract", "--include", "--pending", "--reviewer", "demo")
    ok("screen", "--db", db, "--stage", "full-text", "--include", "--pending", "--reviewer", "demo")
    ok("rob", "--db", db)
    out = tmp_path / "r.html"
    ok("report", "--db", db, "--out", str(out), "--protocol", PROTOCOL)
    html = out.read_text()
    assert 'alt="PRISMA 2020 flow diagram"' in html and 'alt="RoB 2 traffic-light plot"' in html
    assert 'alt="ROBINS-I traffic-light plot"' in html
    a, d, t, _ = _sof_numbers(db)
    est, lo, hi = (math.exp(d[k]) for k in ("estimate", "ci_lower", "ci_upper"))
    assert f"<td class=\"num\">RR {est:.2f} ({lo:.2f} to {hi:.2f})</td>" in html
    assert "⊕◯◯◯ very low<sup>1</sup><sup>2</sup><sup>3</sup>" in html
    assert "<li>Started at low: not every study is randomised.</li>" in html
    counts, _ = prisma_flow(open_db(db))
    assert counts["studies_included"] == 6 and counts["records_screened"] == 6


def test_review_rob_interactive_keys(db):
    from click.testing import CliRunner

    from stemfoot.cli import cli

    ok("rob", "--db", db)
    result = CliRunner().invoke(cli, ["review", "--db", db, "--rob", "--pmid", QIN, "--reviewer", "ann"],
                                input="ch" + "blinded assessors not stated\n" + "q")
    assert result.exit_code == 0, result.output
    assert "confirmed some_concerns" in result.output and "overridden: high" in result.output
    assert result.output.splitlines()[-1] == "1 confirmed, 1 overridden, 0 skipped"
    qin = next(a for a in rob_store.assessments(open_db(db)) if a.public_id == QIN)
    assert [(d.domain, d.origin) for d in qin.domains][:2] == [("D1", "confirmed"), ("D2", "overridden")]
    assert qin.domains[1].reason == "blinded assessors not stated"
