"""Exports of an analysis (report/exports.py): RevMan CSV, metafor CSV + R script, plain CSV.

R is not available here, so the R script is checked structurally (the calls,
their arguments, and that the CSV it reads carries the numbers we pooled).
"""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from stemfoot.metaanalysis.effects import binary_effects
from stemfoot.corpus.csv_safety import restore_cell as unneutralise
from stemfoot.report.exports import (
    REVMAN_CONTINUOUS, REVMAN_DICHOTOMOUS, ExportError, build_analysis, export_analysis, metafor_script,
    neutralise, read_csv, revman_kind, write_csv,
)

REF = json.loads((Path(__file__).parent.parent / "data" / "metafor_reference.json").read_text())


def bcg_table(mixed: bool = False) -> pd.DataFrame:
    d = REF["bcg"]["data"]
    a, b, c, dd = (np.array(d[k], float) for k in ("ai_tpos", "bi_tneg", "ci_cpos", "di_cneg"))
    rows = []
    yi, vi = binary_effects("RR", a, b, c, dd)
    for i, name in enumerate(d["author"]):
        if mixed and i % 3 == 1:
            z = 1.959963984540054
            se = math.sqrt(vi[i])
            rows.append({"study": name, "effect": math.exp(yi[i]), "ci_lower": math.exp(yi[i] - z * se),
                         "ci_upper": math.exp(yi[i] + z * se)})
        elif mixed and i % 3 == 2:
            rows.append({"study": name, "yi": yi[i], "sei": math.sqrt(vi[i])})
        else:
            rows.append({"study": name, "events_t": a[i], "total_t": a[i] + b[i], "events_c": c[i],
                         "total_c": c[i] + dd[i]})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("cell, text", [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1+2", "'+1+2"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("'quoted", "'quoted"), ("Lu 2011", "Lu 2011"), ("-0.5", "-0.5"),
    (-0.889311333920205, "-0.889311333920205"), (4.0, "4"), (1e-20, "1e-20"), (float("nan"), ""), (None, ""),
])
def test_neutralise(cell, text):
    assert neutralise(cell) == text
    if isinstance(cell, str):
        assert unneutralise(text) == cell


def test_csv_round_trip_with_hostile_cells(tmp_path):
    rows = [["=cmd|' /C calc'!A0", -1.25, "x"], ["@x", 3, "'-y"], ["plain, with comma \"quoted\"", 0.1, "+"]]
    p = write_csv(tmp_path / "t.csv", ["study", "yi", "-note"], rows)
    raw = p.read_text()
    assert not any(line.startswith(("=", "+", "@")) for line in raw.splitlines())
    assert "\n'=cmd" in raw
    back = read_csv(p)
    assert [list(r.values()) for r in back] == [[str(c) if isinstance(c, str) else neutralise(c) for c in row]
                                                  for row in rows]
    assert list(back[0]) == ["study", "yi", "-note"]
    assert float(back[0]["yi"]) == -1.25


def test_revman_dichotomous(tmp_path):
    a = build_analysis(bcg_table(), "RR", "DL", outcome="tb")
    assert revman_kind(a) == "dichotomous"
    data, settings = export_analysis(a, "revman", tmp_path / "tb")
    rows = read_csv(data)
    assert tuple(rows[0]) == REVMAN_DICHOTOMOUS
    d = REF["bcg"]["data"]
    assert [r["Study"] for r in rows] == d["author"]
    assert [int(r["Experimental Events"]) for r in rows] == d["ai_tpos"]
    assert [int(r["Control Total"]) for r in rows] == [c + n for c, n in zip(d["ci_cpos"], d["di_cneg"])]
    s = {r["key"]: r["value"] for r in read_csv(settings)}
    assert s["revman_version"] == "5.4" and s["revman_analysis_model"] == "Random effects"
    assert s["revman_effect_measure"] == "Risk Ratio" and s["method"] == "DL" and s["effect_measure"] == "RR"
    assert "revman_note_model" not in s  # DL is what RevMan 5 does
    assert float(s["pooled_estimate"]) == pytest.approx(np.ravel(REF["bcg"]["RR"]["rma"]["DL"]["estimate"])[0], rel=1e-10)


def test_revman_continuous_and_giv(tmp_path):
    d = REF["normand1999"]["data"]
    t = pd.DataFrame({"study": d["study"], "mean_t": d["m1i"], "sd_t": d["sd1i"], "n_t": d["n1i"],
                      "mean_c": d["m2i"], "sd_c": d["sd2i"], "n_c": d["n2i"]})
    a = build_analysis(t, "MD", "REML")
    rows = read_csv(export_analysis(a, "revman", tmp_path / "md")[0])
    assert tuple(rows[0]) == REVMAN_CONTINUOUS
    assert [float(r["Experimental Mean"]) for r in rows] == d["m1i"]
    mixed = build_analysis(bcg_table(mixed=True), "RR", "REML", test="knha")
    assert revman_kind(mixed) == "giv"
    rows = read_csv(export_analysis(mixed, "revman", tmp_path / "giv")[0])
    assert list(rows[0]) == ["Study", "log[Risk Ratio]", "SE"]
    ref = REF["bcg"]["RR"]["escalc"]
    assert [float(r["log[Risk Ratio]"]) for r in rows] == pytest.approx(ref["yi"], rel=1e-10)
    assert [float(r["SE"]) ** 2 for r in rows] == pytest.approx(ref["vi"], rel=1e-10)
    s = {r["key"]: r["value"] for r in read_csv(tmp_path / "giv_settings.csv")}
    assert "DerSimonian-Laird" in s["revman_note_model"] and "Knapp-Hartung" in s["revman_note_model"]
    assert s["revman_data_type"] == "Generic inverse variance" and "log-scale" in s["revman_note_giv"]


def test_metafor_export_mixed(tmp_path):
    a = build_analysis(bcg_table(mixed=True), "RR", "REML", test="knha", outcome="tb", multiarm="combine")
    csv_path, r_path = export_analysis(a, "metafor", tmp_path / "tb")
    rows = read_csv(csv_path)
    assert list(rows[0]) == ["study", "source", "ai", "n1i", "ci", "n2i", "yi_reported", "sei",
                             "yi_stemfoot", "vi_stemfoot"]
    assert [r["source"] for r in rows[:3]] == ["arm_binary", "reported_effect", "yi_vi"]
    assert rows[0]["yi_reported"] == "" and rows[0]["ai"] == "4"
    assert rows[1]["ai"] == "" and float(rows[1]["sei"]) ** 2 == pytest.approx(float(rows[1]["vi_stemfoot"]), rel=1e-12)
    ref = REF["bcg"]["RR"]["escalc"]
    assert [float(r["yi_stemfoot"]) for r in rows] == pytest.approx(ref["yi"], rel=1e-10)
    script = r_path.read_text()
    assert script == metafor_script(a, "tb.csv")
    assert "library(metafor)" in script
    assert 'read.csv("tb.csv"' in script
    assert re.search(r'escalc\(measure = "RR", ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = dat\[arm, \],\s+'
                     r'add = 0.5, to = "only0", drop00 = FALSE\)', script)
    assert 'dat$vi <- dat$sei^2' in script
    assert re.search(r'rma\(yi, vi, data = dat, method = "REML", test = "knha", level = 95, slab = study\)', script)
    assert "predict(res, transf = exp)" in script and "multi-arm trials: combine" in script
    # balanced parentheses and quotes, line by line
    assert script.count("(") == script.count(")")
    assert all(line.count('"') % 2 == 0 for line in script.splitlines() if '\\"' not in line)


def test_metafor_mh_and_smd_scripts(tmp_path):
    mh = build_analysis(bcg_table(), "OR", "MH")
    s = metafor_script(mh, "x.csv")
    assert 'rma.mh(ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = dat, measure = "OR"' in s
    assert "escalc(" not in s and "all.equal" not in s
    d = REF["normand1999"]["data"]
    t = pd.DataFrame({"study": d["study"], "mean_t": d["m1i"], "sd_t": d["sd1i"], "n_t": d["n1i"],
                      "mean_c": d["m2i"], "sd_c": d["sd2i"], "n_c": d["n2i"]})
    smd = build_analysis(t, "SMD", "DL")
    s = metafor_script(smd, "x.csv")
    assert 'escalc(measure = "SMD", m1i = m1i, sd1i = sd1i, n1i = n1i,' in s and 'vtype = "LS"' in s
    assert 'method = "DL", test = "z"' in s and "transf = exp" not in s
    with pytest.raises(ExportError, match="MH needs arm-level event counts"):
        build_analysis(bcg_table(mixed=True), "RR", "MH")


def test_plain_csv(tmp_path):
    t = bcg_table(mixed=True)
    t.loc[0, "study"] = "=1+1 (hostile label)"
    a = build_analysis(t, "RR", "REML")
    data, settings = export_analysis(a, "csv", tmp_path / "plain")
    assert data.read_text().splitlines()[1].startswith("'=1+1")
    rows = read_csv(data)
    assert rows[0]["study"] == "=1+1 (hostile label)"
    assert [float(r["weight"]) for r in rows] == pytest.approx(REF["bcg"]["RR"]["rma"]["REML_tight"]["weights_pct"], rel=1e-6)
    assert [float(r["vi"]) for r in rows] == pytest.approx(REF["bcg"]["RR"]["escalc"]["vi"], rel=1e-10)
    assert float(rows[0]["exp_yi"]) == pytest.approx(math.exp(float(rows[0]["yi"])))
    s = {r["key"]: r["value"] for r in read_csv(settings)}
    assert (s["measure"], s["method"], s["test"], s["scale"], s["k"]) == ("RR", "REML", "z", "log", "13")
    with pytest.raises(ExportError, match="unknown export format"):
        export_analysis(a, "xlsx", tmp_path / "x")
