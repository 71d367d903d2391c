"""`cli.py meta`: the JSON contract, the readable summary and CSV errors."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from stemfoot.cli import cli
from stemfoot.metaanalysis import rma_uni
from stemfoot.metaanalysis.effects import binary_effects

REF = json.loads((Path(__file__).parent.parent / "data" / "metafor_reference.json").read_text())
_D = REF["bcg"]["data"]  # dat.bcg
BCG = {"study": _D["author"], "a": _D["ai_tpos"], "b": _D["bi_tneg"], "c": _D["ci_cpos"], "d": _D["di_cneg"]}
CONTRACT = {"k", "measure", "method", "test", "estimate", "se", "ci_lower", "ci_upper", "pval", "tau2",
            "tau2_ci_lower", "tau2_ci_upper", "i2", "h2", "q", "q_pval", "pi_lower", "pi_upper", "studies"}


@pytest.fixture()
def bcg_csv(tmp_path):
    lines = ["study,events_t,total_t,events_c,total_c"]
    for s, a, b, c, d in zip(*BCG.values()):
        lines.append(f"{s},{a},{a + b},{c},{c + d}")
    path = tmp_path / "bcg.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def run(*args):
    return CliRunner().invoke(cli, ["meta", *map(str, args)])


def test_json_contract_reml_rr(bcg_csv):
    res = run(bcg_csv, "--measure", "RR", "--method", "REML", "--json")
    assert res.exit_code == 0, res.stderr
    out = json.loads(res.stdout)
    assert CONTRACT <= set(out)
    ref = REF["bcg"]["RR"]["rma"]["REML_tight"]
    assert (out["k"], out["measure"], out["method"], out["test"]) == (13, "RR", "REML", "z")
    assert out["estimate"] == pytest.approx(ref["estimate"], rel=1e-6)
    assert out["tau2"] == pytest.approx(ref["tau2"], rel=1e-6)
    assert out["i2"] == pytest.approx(ref["I2"], rel=1e-6)
    assert out["pi_lower"] == pytest.approx(ref["predict"]["pi.lb"], rel=1e-6)
    assert out["tau2_ci_upper"] == pytest.approx(REF["bcg"]["RR"]["rma"]["REML"]["tau2_ci_QP_tight"]["ci.ub"], rel=1e-6)
    assert [s["weight"] for s in out["studies"]] == pytest.approx(ref["weights_pct"], rel=1e-6)
    assert out["studies"][0]["study"] == "Aronson"
    assert out["exp"]["estimate"] == pytest.approx(np.exp(ref["estimate"]), rel=1e-6)
    assert set(out["exp"]) == {"estimate", "ci_lower", "ci_upper", "pi_lower", "pi_upper"}


def test_json_fixed_effect_and_peto_use_null(bcg_csv):
    out = json.loads(run(bcg_csv, "--measure", "OR", "--method", "FE", "--json").stdout)
    assert out["tau2"] is None and out["tau2_ci_lower"] is None and out["pi_lower"] is None
    peto = json.loads(run(bcg_csv, "--measure", "OR", "--method", "PETO", "--json").stdout)
    assert peto["estimate"] == pytest.approx(REF["bcg"]["Peto_OR"]["estimate"], rel=1e-10)
    assert peto["tau2"] is None and peto["exp"]["pi_lower"] is None


def test_knha_on_precomputed_effects(tmp_path):
    yi, vi = binary_effects("OR", BCG["a"], BCG["b"], BCG["c"], BCG["d"])
    path = tmp_path / "gen.csv"
    path.write_text("study,yi,vi\n" + "".join(f"s{i},{y!r},{v!r}\n" for i, (y, v) in enumerate(zip(yi, vi))))
    out = json.loads(run(path, "--measure", "GEN", "--method", "SJ", "--test", "knha", "--json").stdout)
    ref = REF["bcg"]["OR"]["rma_knha"]["SJ"]
    assert out["test"] == "knha"
    assert out["se"] == pytest.approx(ref["se"], rel=1e-10)
    assert out["pi_upper"] == pytest.approx(ref["predict"]["pi.ub"], rel=1e-10)
    assert "exp" not in out  # GEN: no back-transformation


def test_summary_text(bcg_csv):
    res = run(bcg_csv, "--measure", "RR", "--method", "DL")
    assert res.exit_code == 0
    expected = rma_uni(*binary_effects("RR", BCG["a"], BCG["b"], BCG["c"], BCG["d"]),
                       method="DL", measure="RR", labels=BCG["study"]).summary()
    assert res.stdout == expected
    assert res.stdout.startswith("Random-Effects Model (k = 13; tau^2 estimator: DL)\n")
    assert "Q(df = 12) = 152.2330, p-val = <.0001" in res.stdout


def test_non_numeric_cell_names_file_and_row(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("study,yi,vi\na,0.1,0.01\nb,0.2,abc\n")
    res = run(path, "--measure", "GEN", "--json")
    assert res.exit_code == 1
    assert res.stderr == f"Error: {path}: row 2 (b): column 'vi' is not numeric: 'abc'\n"


def test_missing_columns(tmp_path):
    path = tmp_path / "cols.csv"
    path.write_text("study,yi\na,0.1\n")
    res = run(path, "--json")
    assert res.exit_code == 1
    assert res.stderr.startswith(f"Error: {path}: missing columns: need one of events_t,total_t,events_c,total_c |")


def test_skipped_rows_warn_on_stderr_and_json_stays_clean(tmp_path):
    path = tmp_path / "miss.csv"
    path.write_text("study,yi,vi\na,0.1,0.01\nb,,0.02\nc,0.3,0.03\nd,0.2,0.02\n")
    res = run(path, "--method", "DL", "--json")
    assert res.exit_code == 0
    assert json.loads(res.stdout)["k"] == 3
    assert res.stderr == f"Warning: {path}: skipped 1 row(s) with missing values: b\n"


def test_file_is_required():
    res = run()
    assert res.exit_code == 2 and "FILE is required" in res.stderr


def test_measure_must_match_columns(bcg_csv):
    res = run(bcg_csv, "--measure", "SMD")
    assert res.exit_code == 1
    assert res.stderr == f"Error: {bcg_csv}: arm-level event counts need measure RR, OR or RD, not SMD\n"


def test_continuous_arms_smd(tmp_path):
    nd = REF["normand1999"]["data"]
    path = tmp_path / "normand.csv"
    rows = zip(nd["study"], nd["m1i"], nd["sd1i"], nd["n1i"], nd["m2i"], nd["sd2i"], nd["n2i"])
    path.write_text("study,mean_t,sd_t,n_t,mean_c,sd_c,n_c\n" + "".join(",".join(map(str, r)) + "\n" for r in rows))
    out = json.loads(run(path, "--measure", "SMD", "--method", "REML", "--json").stdout)
    ref = REF["normand1999"]["SMD"]["rma"]["REML_tight"]
    assert out["estimate"] == pytest.approx(ref["estimate"], rel=1e-6)
    assert out["tau2"] == pytest.approx(ref["tau2"], rel=1e-6)
    assert [s["yi"] for s in out["studies"]] == pytest.approx(REF["normand1999"]["SMD"]["escalc"]["yi"], rel=1e-10)
    assert "exp" not in out
