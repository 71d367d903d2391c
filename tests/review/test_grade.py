"""review.grade: GRADE certainty, SoF row, HTML/CSV rendering."""
from __future__ import annotations

import csv
import io
import json
import math
from html.parser import HTMLParser
from pathlib import Path

import pytest

from stemfoot.review.grade import (GradeError, PooledOutcome, StudyInput, continuous_ois, corresponding_risk,
                                   csv_safe, grade_outcome, optimal_information_size, pooled_from_rma,
                                   rate_imprecision, rate_inconsistency, rate_publication_bias, rate_risk_of_bias,
                                   render_sof_csv, render_sof_html, sof_row, write_sof)

REF = json.loads((Path(__file__).parent.parent / "data" / "metafor_reference.json").read_text())


def study(i, w, yi=0.0, vi=0.04, rob="low", n=100, ev=20, nc=50, randomised=True):
    return StudyInput(f"s{i}", w, yi, vi, n, ev, nc, rob, randomised)


def pooled(studies, est=0.8, lo=0.7, hi=0.92, i2=0.0, measure="RR", pi=(None, None), funnel_p=None):
    return PooledOutcome("healing", measure, est, lo, hi, i2, pi[0], pi[1], studies, funnel_p)


def test_ois_matches_the_two_group_sample_size_formula():
    # control risk 20 %, RRR 25 % -> p2 = 15 %: (1.96 + 0.8416)^2 * (0.16 + 0.1275) / 0.05^2 = 902.6 per group
    assert optimal_information_size(0.20) == 2 * 903
    assert optimal_information_size(0.20, rrr=0.5) < optimal_information_size(0.20)
    assert continuous_ois() == 400
    # SD 10, MID 5: 2 * 7.849 * 100 / 25 = 62.8 -> 63 per group
    assert continuous_ois(10, 5) == 126
    with pytest.raises(GradeError):
        optimal_information_size(0.0)


def test_corresponding_risk_rr_and_or():
    assert corresponding_risk(0.2, 0.5, "RR") == pytest.approx(0.1)
    # OR 0.5 at 20 %: odds 0.25 -> 0.125 -> risk 0.1111
    assert corresponding_risk(0.2, 0.5, "OR") == pytest.approx(0.125 / 1.125)
    assert corresponding_risk(0.2, -0.05, "RD") == pytest.approx(0.15)


def test_risk_of_bias_thresholds():
    assert rate_risk_of_bias(pooled([study(1, 60, rob="high"), study(2, 40)])).levels == 2
    assert rate_risk_of_bias(pooled([study(1, 30, rob="high"), study(2, 70)])).levels == 1
    assert rate_risk_of_bias(pooled([study(1, 20, rob="high"), study(2, 35, rob="some_concerns"),
                                      study(3, 45)])).levels == 1
    assert rate_risk_of_bias(pooled([study(1, 20, rob="high"), study(2, 80)])).levels == 0
    # ROBINS-I scale maps serious -> high
    assert rate_risk_of_bias(pooled([study(1, 60, rob="serious"), study(2, 40)])).levels == 2


def test_inconsistency_rules():
    same = [study(1, 50, yi=-0.2), study(2, 50, yi=-0.25)]
    assert rate_inconsistency(pooled(same, i2=10)).levels == 0
    assert rate_inconsistency(pooled(same, i2=60)).levels == 1
    far = [study(1, 50, yi=-1.5, vi=0.01), study(2, 50, yi=0.5, vi=0.01)]
    d = rate_inconsistency(pooled(far, i2=90))
    assert d.levels == 2 and "do not overlap" in d.reason
    assert rate_inconsistency(pooled([study(1, 100)], i2=0)).levels == 0


def test_imprecision_rules():
    big = [study(i, 10, n=400, ev=40, nc=200) for i in range(10)]  # 4,000 participants, control risk 0.2
    assert rate_imprecision(pooled(big)).levels == 0
    assert rate_imprecision(pooled(big, lo=0.7, hi=1.1)).levels == 1  # crosses 1
    small = [study(1, 50, n=60, ev=6, nc=30), study(2, 50, n=60, ev=6, nc=30)]
    d = rate_imprecision(pooled(small, lo=0.6, hi=1.2))  # crosses 1 and below OIS
    assert d.levels == 2 and "1806" in d.reason
    assert rate_imprecision(pooled(big, est=1.0, lo=0.6, hi=1.6), mid=1.25).levels == 2  # spans both MIDs
    cont = pooled([study(1, 100, n=120)], est=-2, lo=-3, hi=-1, measure="MD")
    assert rate_imprecision(cont).levels == 1  # 120 < 400


def test_publication_bias_only_with_ten_studies():
    nine = [study(i, 10) for i in range(9)]
    assert rate_publication_bias(pooled(nine, funnel_p=0.01)).levels == 0
    ten = [study(i, 10) for i in range(10)]
    assert rate_publication_bias(pooled(ten, funnel_p=0.01)).levels == 1
    assert rate_publication_bias(pooled(ten, funnel_p=0.30)).levels == 0


def test_grade_start_overrides_and_floor():
    big = [study(i, 10, n=400, ev=40, nc=200) for i in range(10)]
    g = grade_outcome(pooled(big))
    assert g.start == 4 and g.certainty == "high" and g.footnotes() == []
    nrs = [study(i, 10, n=400, ev=40, nc=200, randomised=False) for i in range(10)]
    assert grade_outcome(pooled(nrs)).certainty == "low"
    g = grade_outcome(pooled(big), indirectness=(1, "Adults with CLI, not only diabetic foot."),
                      overrides={"imprecision": (1, "Few events per arm.")})
    assert g.certainty == "low"
    notes = g.footnotes()
    assert any("Indirectness" in n and "CLI" in n for n in notes)
    assert any("Reviewer override: Few events" in n for n in notes)
    g = grade_outcome(pooled([study(1, 100, rob="high", n=30, ev=3, nc=15)], lo=0.3, hi=2.0),
                      indirectness=(1, "x"))
    assert g.certainty == "very low"  # floor at 1
    with pytest.raises(GradeError, match="needs a reason"):
        grade_outcome(pooled(big), overrides={"inconsistency": (0, "")})
    with pytest.raises(GradeError, match="unknown GRADE domain"):
        grade_outcome(pooled(big), overrides={"vibes": (1, "x")})


def test_with_the_engine_on_bcg():
    from stemfoot.metaanalysis import regtest, rma_uni
    from stemfoot.metaanalysis.effects import binary_effects

    d = REF["bcg"]["data"]
    yi, vi = binary_effects("RR", d["ai_tpos"], d["bi_tneg"], d["ci_cpos"], d["di_cneg"])
    labels = [f"{a} {y}" for a, y in zip(d["author"], d["year"])]
    res = rma_uni(yi, vi, method="REML", measure="RR", labels=labels)
    info = {lab: {"n_total": a + b + c + e, "control_events": c, "control_total": c + e, "rob": "low"}
            for lab, a, b, c, e in zip(labels, d["ai_tpos"], d["bi_tneg"], d["ci_cpos"], d["di_cneg"])}
    p = pooled_from_rma(res, "tuberculosis", info, funnel_p=regtest(res).pval)
    ref = REF["bcg"]["RR"]["rma"]["REML"]
    assert p.estimate == pytest.approx(math.exp(ref["estimate"]), rel=1e-6)
    assert p.ci_upper == pytest.approx(math.exp(ref["ci.ub"]), rel=1e-6)
    assert p.k == 13 and p.i2 == pytest.approx(ref["I2"], rel=1e-6)
    g = grade_outcome(p)
    dom = {x.domain: x.levels for x in g.downgrades}
    assert dom["inconsistency"] == 2  # I^2 ~ 92 %, CIs do not overlap
    assert dom["risk_of_bias"] == 0 and dom["imprecision"] == 0
    assert dom["publication_bias"] == 0  # regtest p = 0.42 for dat.bcg (metafor)
    assert g.certainty == "low"
    row = sof_row(p, g)
    acr = sorted(c / t for c, t in ((v["control_events"], v["control_total"]) for v in info.values()))[6]
    assert row.assumed_per_1000 == pytest.approx(1000 * acr)
    assert row.corresponding_per_1000 == pytest.approx(1000 * acr * p.estimate)
    assert row.participants == sum(v["n_total"] for v in info.values())


class Balance(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.errors = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in ("meta", "br"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


def _rows():
    big = [study(i, 10, n=400, ev=40, nc=200) for i in range(10)]
    p = pooled(big, lo=0.7, hi=1.1)
    p.outcome = "=HYPERLINK(\"x\") <b>healing</b>"
    return [sof_row(p, grade_outcome(p, indirectness=(1, "Population <mixed> & older.")))]


def test_sof_html_is_escaped_and_balanced():
    html = render_sof_html(_rows(), title="Cells vs standard care")
    parser = Balance()
    parser.feed(html)
    assert not parser.errors and parser.stack == []
    assert "<b>healing</b>" not in html and "&lt;b&gt;healing&lt;/b&gt;" in html
    assert "Population &lt;mixed&gt; &amp; older." in html
    assert "200 per 1,000" in html and "160 per 1,000 (140 to 220)" in html


def test_sof_csv_neutralises_formulas(tmp_path):
    text = render_sof_csv(_rows())
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["Outcome"].startswith("'=HYPERLINK")
    for bad in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert csv_safe(bad) == "'" + bad
    assert csv_safe("1.2") == "1.2"
    out = write_sof(_rows(), tmp_path / "sof.csv")
    assert out.read_text(encoding="utf-8") == text
    assert [p.name for p in tmp_path.iterdir()] == ["sof.csv"]  # no temp file left
    with pytest.raises(GradeError, match="sof.docx"):
        write_sof(_rows(), tmp_path / "sof.docx")
