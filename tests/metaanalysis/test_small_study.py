"""The k >= 10 gate around Egger's test and trim-and-fill (metaanalysis/small_study.py)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from stemfoot.metaanalysis import regtest, rma_uni, trimfill
from stemfoot.metaanalysis.effects import binary_effects
from stemfoot.metaanalysis.small_study import gate_reason, small_study_tests

REF = json.loads((Path(__file__).parent.parent / "data" / "metafor_reference.json").read_text())


def bcg_fit(k: int | None = None):
    d = REF["bcg"]["data"]
    cells = [np.array(d[c], float)[:k] for c in ("ai_tpos", "bi_tneg", "ci_cpos", "di_cneg")]
    yi, vi = binary_effects("RR", *cells)
    return rma_uni(yi, vi, method="REML", measure="RR", threshold=1e-5, tau2_start="HE")


def test_runs_at_k_13_and_matches_the_plain_functions_and_metafor():
    res = bcg_fit()
    out = small_study_tests(res)
    assert out.egger_reason is None and out.trimfill_reason is None
    assert out.egger.zval == regtest(res).zval
    assert out.egger.zval == pytest.approx(REF["bcg"]["RR_REML_regtest"]["zval"], rel=1e-6)
    assert out.trimfill.k0 == trimfill(res).k0 == REF["bcg"]["RR_REML_trimfill"]["k0"]


def test_below_ten_studies_gives_the_reason():
    out = small_study_tests(bcg_fit(9))
    assert out.egger is None and out.trimfill is None
    assert out.egger_reason == ("not computed: 9 studies, fewer than 10 "
                                "(Cochrane Handbook 13.3.5.4; force to override)")
    assert gate_reason(10) is None and gate_reason(1).startswith("not computed: 1 study,")
    assert gate_reason(5, min_k=5) is None


def test_force_overrides_and_still_reports_impossible_tests():
    out = small_study_tests(bcg_fit(9), force=True)
    assert out.forced and out.egger is not None and out.trimfill is not None
    tiny = small_study_tests(bcg_fit(2), force=True)
    assert tiny.egger is None and "at least 3 studies" in tiny.egger_reason
