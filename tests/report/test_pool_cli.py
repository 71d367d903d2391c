"""Pooling what trials report, from the command line: mixed rows (generic inverse variance), multi-arm
trials, review protocols, sensitivity analyses and the RevMan/metafor exports (issue 13)."""
from __future__ import annotations

import json
import math
import sqlite3
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_report_support import HAN, LU, NAMGOONG, extracted_copy, invoke, review

from stemfoot.chain import analyse, split_multiarm
from stemfoot.corpus.db import open_db
from stemfoot.metaanalysis import cumul, leave1out, rma_uni
from stemfoot.metaanalysis.effects import binary_effects
from stemfoot.metaanalysis.generic_iv import to_ci
from stemfoot.report.exports import read_csv
from stemfoot.report.figures import forest_data
from stemfoot.review.study_table import definition_of

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples"
PROTOCOL = str(EXAMPLES / "protocol.toml")
REF = json.loads((Path(__file__).parent.parent / "data" / "metafor_reference.json").read_text())
Z95 = 3.919927969080108  # 2 x qnorm(0.975)


@pytest.fixture()
def db(tmp_path):
    return extracted_copy(tmp_path)


def bcg_rows() -> tuple[list[dict], np.ndarray, np.ndarray]:
    """dat.bcg with every other trial given as its RR and 95% CI instead of its 2x2 table."""
    d = REF["bcg"]["data"]
    a, b, c, dd = (np.array(d[k], float) for k in ("ai_tpos", "bi_tneg", "ci_cpos", "di_cneg"))
    yi, vi = binary_effects("RR", a, b, c, dd)
    rows = []
    for i, author in enumerate(d["author"]):
        row = {"study": f"{author} {d['year'][i]}", "year": d["year"][i]}
        if i % 2:
            row.update(zip(("effect", "ci_lower", "ci_upper"), to_ci("RR", yi[i], math.sqrt(vi[i]))))
        else:
            row.update(events_t=int(a[i]), total_t=int(a[i] + b[i]), events_c=int(c[i]), total_c=int(c[i] + dd[i]))
        rows.append(row)
    return rows, yi, vi


@pytest.fixture()
def bcg_mixed(tmp_path) -> Path:
    rows, _, _ = bcg_rows()
    path = tmp_path / "bcg_mixed.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


# --- meta FILE with mixed rows -----------------------------------------------------------------------


def test_mixed_file_reproduces_metafor(bcg_mixed):
    """Half the trials as RR + 95% CI (Handbook 6.3: log scale, SE from the CI width): metafor's REML fit."""
    out = json.loads(invoke("meta", str(bcg_mixed), "--measure", "RR", "--json").stdout)
    ref = REF["bcg"]["RR"]["rma"]["REML_tight"]
    assert out["k"] == 13
    assert out["estimate"] == pytest.approx(ref["estimate"], rel=1e-6)
    assert out["tau2"] == pytest.approx(ref["tau2"], rel=1e-6)
    assert [s["weight"] for s in out["studies"]] == pytest.approx(ref["weights_pct"], rel=1e-6)
    assert [s["yi"] for s in out["studies"]] == pytest.approx(REF["bcg"]["RR"]["escalc"]["yi"], rel=1e-10)
    assert [s["source"] for s in out["studies"][:3]] == ["arm_binary", "reported_effect", "arm_binary"]
    first, second = out["studies"][:2]
    assert first["arm_data"] == {"events_t": 4, "total_t": 123, "events_c": 11, "total_c": 139}
    assert set(second["reported_effect"]) == {"measure", "effect", "ci_lower", "ci_upper"}
    assert "timepoint" not in first  # corpus provenance only with --db


def test_mixed_file_text_says_what_was_pooled():
    res = invoke("meta", str(EXAMPLES / "ulcer_healing_mixed.csv"), "--measure", "RR")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[-1] == ("Generic inverse variance: arm data and reported effects pooled on one "
                                           "scale; reported effect: Illustrative trial (reported RR).")
    # by hand: escalc for the arm rows, log RR and SE = (ln U - ln L) / 3.92 for the reported one
    yi, vi = binary_effects("RR", np.array([14, 26, 8.]), np.array([4, 0, 2.]), np.array([7, 16, 3.]),
                            np.array([11, 10, 3.]))
    yi = np.append(yi, math.log(1.45))
    vi = np.append(vi, ((math.log(2.0) - math.log(1.05)) / Z95) ** 2)
    want = rma_uni(yi, vi, method="REML", measure="RR")
    got = json.loads(invoke("meta", str(EXAMPLES / "ulcer_healing_mixed.csv"), "--json").stdout)
    assert got["estimate"] == pytest.approx(want.estimate, rel=1e-10)
    assert got["studies"][3]["vi"] == pytest.approx(vi[3], rel=1e-12)


def test_mixed_file_errors_name_the_row(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("study,events_t,total_t,events_c,total_c,effect,ci_lower,ci_upper\n"
                    "A,3,20,6,20,,,\nB,,,,,0.6,0.4,\n")
    res = invoke("meta", str(path), "--measure", "RR")
    assert (res.exit_code, res.stderr) == (1, f"Error: {path}: row 2 (B): fills no complete column set; need one of "
                                              "events_t,total_t,events_c,total_c | mean_t,sd_t,n_t,mean_c,sd_c,n_c | "
                                              "effect,ci_lower,ci_upper | effect,p_value | yi,vi | yi,sei\n")
    path.write_text("study,events_t,total_t,events_c,total_c,effect,ci_lower,ci_upper\n"
                    "A,3,20,6,20,,,\nB,,,,,0.6,0.4,0.9\n")
    res = invoke("meta", str(path), "--measure", "RR", "--method", "MH")
    assert res.exit_code == 1 and "MH needs event counts in every row" in res.stderr
    res = invoke("meta", str(path), "--measure", "MD")
    assert res.exit_code == 1 and "row 1 (A): arm binary data need measure MD or SMD" not in res.stderr
    assert "row 1 (A): arm binary data need measure RR, OR or RD, not MD" in res.stderr


# --- multi-arm trials ----------------------------------------------------------------------------------


def test_arm_file_combines_by_default_and_splits_on_request():
    path = str(EXAMPLES / "ulcer_healing_arms.csv")
    combined = invoke("meta", path, "--measure", "RR")
    assert combined.stdout.splitlines()[-1] == ("Multi-arm trials (--multiarm combine (the default)): "
                                                "Illustrative 3-arm trial (2 experimental arms combined).")
    got = json.loads(invoke("meta", path, "--json").stdout)
    assert got["studies"][2]["arm_data"] == {"events_t": 22, "total_t": 39, "events_c": 7, "total_c": 21}
    split = json.loads(invoke("meta", path, "--multiarm", "split", "--json").stdout)
    assert [(s["study"], s["arm_data"]) for s in split["studies"][2:]] == [
        ("Illustrative 3-arm trial (BM-MNC)", {"events_t": 12, "total_t": 20, "events_c": 4, "total_c": 11}),
        ("Illustrative 3-arm trial (PB-MNC)", {"events_t": 10, "total_t": 19, "events_c": 3, "total_c": 10})]
    text = invoke("meta", path, "--multiarm", "split").stdout.splitlines()[-1]
    assert text == ("Multi-arm trials (--multiarm split): Illustrative 3-arm trial (BM-MNC) (shared control split 1/2); "
                    "Illustrative 3-arm trial (PB-MNC) (shared control split 2/2).")


def test_corpus_rows_split_the_shared_control():
    arms = {"t": [("BM-MNC", 12, 20), ("PB-MNC", 10, 19)], "c": [("control", 7, 21)]}
    table = pd.DataFrame([{"study": "X 2020", "events_t": 22, "total_t": 39, "events_c": 7, "total_c": 21,
                           "arms_t": "BM-MNC; PB-MNC", "arms_c": "control", "multiarm": "2 experimental arms combined",
                           "_arms": arms}])
    out = split_multiarm(table, "binary")
    assert out[["study", "events_t", "total_t", "events_c", "total_c", "multiarm"]].values.tolist() == [
        ["X 2020 (BM-MNC)", 12, 20, 4, 11, "shared control split 1/2"],
        ["X 2020 (PB-MNC)", 10, 19, 3, 10, "shared control split 2/2"]]


# --- the corpus: reported effects, provenance --------------------------------------------------------


def add_lu_effect(db: str, tmp_path: Path) -> None:
    """A reviewer adds Lu 2011's (illustrative) RR 1.45 [1.05, 2.00] for ulcer healing."""
    ctx = {"pmid": LU, "outcome": "ulcer_healing", "kind": "effect:RR", "timepoint": "6 weeks"}
    review(db, tmp_path, added=[{**ctx, "field": f"statistic.{f}", "corrected_value": v}
                                for f, v in (("value", "1.45"), ("ci_lower", "1.05"), ("ci_upper", "2.00"))])


def test_corpus_pools_a_reported_effect_with_arm_data(db, tmp_path):
    add_lu_effect(db, tmp_path)
    res = invoke("meta", "--db", db, "--outcome", "ulcer_healing", "--json")
    assert res.exit_code == 0, res.output
    got = json.loads(res.stdout)
    assert [(s["study"], s["source"]) for s in got["studies"]] == [
        ("Huang 2005", "arm_binary"), ("Han 2010", "arm_binary"), ("Lu 2011", "reported_effect"),
        ("Namgoong 2022", "arm_binary")]
    lu = got["studies"][2]
    assert lu["reported_effect"] == {"measure": "RR", "effect": 1.45, "ci_lower": 1.05, "ci_upper": 2}
    assert lu["yi"] == pytest.approx(math.log(1.45), rel=1e-12)
    assert lu["vi"] == pytest.approx(((math.log(2.0) - math.log(1.05)) / Z95) ** 2, rel=1e-12)
    assert (lu["timepoint"], lu["reviewed"], lu["pmid"]) == ("6 weeks", True, LU)
    assert sorted(v["field"] for v in lu["values"]) == ["statistic.ci_lower", "statistic.ci_upper", "statistic.value"]
    assert all(v["origin"] == "added" for v in lu["values"])
    huang = got["studies"][0]
    assert huang["arm_data"] == {"events_t": 14, "total_t": 18, "events_c": 7, "total_c": 18}
    assert huang["reviewed"] is False and {v["field"] for v in huang["values"]} >= {"statistic.events"}
    assert got["left_out"] == []
    text = invoke("meta", "--db", db, "--outcome", "ulcer_healing").stdout.splitlines()[-1]
    assert text == ("Generic inverse variance: arm data and reported effects pooled on one scale; "
                    "reported effect: Lu 2011.")
    fd = forest_data(analyse(open_db(db), "ulcer_healing"))
    assert [(s.label, s.data_t, s.data_c) for s in fd.studies][2] == ("Lu 2011", "reported effect", "")
    assert (fd.overall.data_t, fd.overall.data_c) == ("48/54", "26/50")  # arm totals of the arm-data studies only
    assert fd.footnotes[-1].startswith("Reported effect (Lu 2011): the study's own RR and CI, no arm data;")
    # an OR is not pooled as an RR: the study is named with the reason
    ors = invoke("meta", "--db", db, "--outcome", "ulcer_healing", "--measure", "OR", "--json")
    assert json.loads(ors.stdout)["left_out"] == [{"study": "Lu 2011", "pmid": LU, "reason": "no control-arm "
                                                    "numbers; its reported effect is RR, not OR"}]


def test_reviewed_only_sensitivity(db, tmp_path):
    add_lu_effect(db, tmp_path)
    res = invoke("meta", "--db", db, "--outcome", "ulcer_healing", "--sensitivity", "reviewed-only")
    assert res.exit_code == 1
    assert res.stderr == ("Error: reviewed-only: ulcer_healing: 1 poolable study (Lu 2011) for RR; "
                          "at least 2 are needed.\n")
    review(db, tmp_path, lambda row: row.update(decision="accept") if row["pmid"] == HAN else None)
    res = invoke("meta", "--db", db, "--outcome", "ulcer_healing", "--sensitivity", "reviewed-only")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0] == ("Sensitivity analysis: studies whose values were all reviewed (k = 2 of 4); "
                                          "left out: Huang 2005 (unreviewed values); Namgoong 2022 (unreviewed values)")


# --- sensitivity analyses ---------------------------------------------------------------------------


def test_leave_one_out_and_cumulative_match_metafor(bcg_mixed, tmp_path):
    ref = REF["bcg"]["RR_REML_leave1out"]
    res = invoke("meta", str(bcg_mixed), "--sensitivity", "leave-one-out", "--json")
    rows = json.loads(res.stdout)["rows"]
    assert [r["estimate"] for r in rows] == pytest.approx(ref["estimate"], rel=1e-6)
    assert [r["tau2"] for r in rows] == pytest.approx(ref["tau2"], rel=1e-5)
    text = invoke("meta", str(bcg_mixed), "--sensitivity", "leave-one-out").stdout.splitlines()
    assert text[0] == "Sensitivity analysis: leave-one-out (13 refits, each without one study)"
    assert text[4].split()[:3] == ["Aronson", "1948", f"{math.exp(ref['estimate'][0]):.4f}"]
    # cumulative by year: the engine's cumul (checked against metafor in test_meta_reference.py)
    _, yi, vi = bcg_rows()
    want = cumul(rma_uni(yi, vi, method="REML", measure="RR"), order=REF["bcg"]["data"]["year"])
    rows = json.loads(invoke("meta", str(bcg_mixed), "--sensitivity", "cumulative", "--json").stdout)["rows"]
    assert [r["estimate"] for r in rows] == pytest.approx(want["estimate"].tolist(), rel=1e-10)
    assert rows[0]["study"] == "Aronson 1948"
    res = invoke("meta", str(bcg_mixed), "--sensitivity", "reviewed-only")
    assert res.exit_code == 2 and "needs --db" in res.stderr


def test_rct_only_and_forest_sensitivity(db, tmp_path):
    res = invoke("meta", "--db", db, "--outcome", "ulcer_healing", "--sensitivity", "rct-only")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0] == ("Sensitivity analysis: RCTs only (k = 2 of 3); "
                                          "left out: Han 2010 (design non_randomized_controlled)")
    assert res.stdout.splitlines()[2] == "Random-Effects Model (k = 2; tau^2 estimator: REML)"
    out = tmp_path / "loo.svg"
    res = invoke("forest", "--db", db, "--outcome", "ulcer_healing", "--sensitivity", "leave-one-out", "--out", str(out))
    assert res.stdout.splitlines() == ["Sensitivity analysis: leave-one-out (3 refits, each without one study)",
                                       f"Forest plot written to {out}"]
    svg = out.read_text()
    a = analyse(open_db(db), "ulcer_healing")
    loo = leave1out(a.result)
    for name, row in loo.iterrows():
        assert f"Omitting {name}" in svg
        lo, hi = math.exp(row["ci_lb"]), math.exp(row["ci_ub"])
        assert f"{math.exp(row['estimate']):.2f} [{lo:.2f}, {hi:.2f}]" in svg


# --- review protocol on the bundled corpus ---------------------------------------------------------


def test_protocol_on_the_demo_corpus(db, tmp_path):
    base = json.loads(invoke("meta", "--db", db, "--outcome", "ulcer_healing", "--json").stdout)
    with_protocol = json.loads(invoke("meta", "--db", db, "--outcome", "ulcer_healing", "--protocol", PROTOCOL,
                                      "--json").stdout)
    assert with_protocol["estimate"] == base["estimate"]  # every healing value is 'complete', latest timepoint
    assert [s["definition"] for s in with_protocol["studies"]] == ["complete"] * 3
    assert [s["timepoint"] for s in with_protocol["studies"]] == [None, None, "16 weeks"]
    res = invoke("meta", "--db", db, "--outcome", "amputation", "--protocol", PROTOCOL)
    assert res.stderr == ("Error: amputation: 0 poolable studies (none) for RR; at least 2 are needed. "
                          "Not pooled: Huang 2005 (definition unspecified is not counted (protocol: major)); "
                          "Dubsky 2013 (excluded by the protocol: same cohort as a later report (example exclusion)).\n")
    a = analyse(open_db(db), "ulcer_healing", protocol=_protocol())
    fd = forest_data(a)
    assert [s.timepoint for s in fd.studies] == ["not stated", "not stated", "16 weeks"]
    assert fd.footnotes[-1] == ("Protocol: Autologous cell therapy vs. control for diabetic foot (protocol.toml); "
                                "timepoint rule: latest.")
    # a study whose label states no definition is mixed with 'complete' healing: the footnote names both
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE statistics SET outcome_label = 'ulcer healing' WHERE outcome = 'ulcer_healing' "
                     "AND study_id = (SELECT id FROM studies WHERE pmid = ?)", [NAMGOONG])
    fd = forest_data(analyse(open_db(db), "ulcer_healing", protocol=_protocol()))
    assert "Definitions mixed: complete (Huang 2005, Han 2010); unspecified (Namgoong 2022)." in fd.footnotes
    out = tmp_path / "f.png"
    res = invoke("forest", "--db", db, "--outcome", "ulcer_healing", "--protocol", PROTOCOL, "--out", str(out))
    assert res.exit_code == 0 and out.exists()
    # a protocol without the outcome is a one-line error
    res = invoke("meta", "--db", db, "--outcome", "wound_area", "--protocol", PROTOCOL)
    assert res.exit_code == 1 and res.stderr.startswith(f"Error: {PROTOCOL}: no outcome 'wound_area'")


def _protocol():
    from stemfoot.metaanalysis.protocol import load_protocol

    return load_protocol(PROTOCOL)


def test_definitions_from_labels():
    assert definition_of("amputation", "major amputation") == "major"
    assert definition_of("amputation", "major or minor amputation") == "major or minor"
    assert definition_of("amputation", "lower limb amputation") == "unspecified"
    assert definition_of("amputation", "above-knee amputation") == "major"
    assert definition_of("ulcer_healing", "Complete wound healing") == "complete"
    assert definition_of("abi", "ankle-brachial index") == "unspecified"


def test_protocol_timepoint_rule_closest(db, tmp_path):
    text = Path(PROTOCOL).read_text().replace('rule = "latest"         #', 'rule = "closest"\nmonths = 1  #')
    path = tmp_path / "p.toml"
    path.write_text(text)
    res = invoke("meta", "--db", db, "--outcome", "ulcer_healing", "--protocol", str(path), "--json")
    assert res.exit_code == 1
    assert "Huang 2005 (timepoint rule: no timepoint with a duration)" in res.stderr


# --- exports ---------------------------------------------------------------------------------------


def test_export_analysis_from_a_file_and_the_corpus(bcg_mixed, db, tmp_path):
    res = invoke("export-analysis", str(bcg_mixed), "--measure", "RR", "--format", "metafor",
                 "--out", str(tmp_path / "x" / "bcg"))
    assert res.exit_code == 0, res.output
    assert res.stdout == (f"{bcg_mixed}: 13 studies (RR, REML) exported as metafor: {tmp_path / 'x' / 'bcg.csv'}, "
                          f"{tmp_path / 'x' / 'bcg.R'}\n")
    rows = read_csv(tmp_path / "x" / "bcg.csv")
    got = json.loads(invoke("meta", str(bcg_mixed), "--json").stdout)
    assert [float(r["yi_stemfoot"]) for r in rows] == [s["yi"] for s in got["studies"]]
    script = (tmp_path / "x" / "bcg.R").read_text()
    assert 'escalc(measure = "RR"' in script and 'rma(yi, vi, data = dat, method = "REML", test = "z"' in script
    res = invoke("export-analysis", "--db", db, "--outcome", "ulcer_healing", "--format", "revman",
                 "--out", str(tmp_path / "uh.csv"))
    assert res.exit_code == 0, res.output
    assert (tmp_path / "uh.csv").read_text().splitlines() == [
        "Study,Experimental Events,Experimental Total,Control Events,Control Total",
        "Huang 2005,14,18,7,18", "Han 2010,26,26,16,26", "Namgoong 2022,8,10,3,6"]
    res = invoke("export-analysis", str(bcg_mixed), "--format", "csv", "--out", str(bcg_mixed))
    assert (res.exit_code, res.stderr) == (1, f"Error: {bcg_mixed}: would overwrite an input; choose another --out\n")


def test_report_says_why_small_study_tests_were_not_run(db, tmp_path):
    out = tmp_path / "r.html"
    res = invoke("report", "--db", db, "--out", str(out), "--protocol", PROTOCOL)
    assert res.exit_code == 0, res.output
    html = out.read_text()
    assert "not computed: 3 studies, fewer than 10 (Cochrane Handbook 13.3.5.4; --force to override)" in html
    assert "protocol: Autologous cell therapy vs. control for diabetic foot" in html
