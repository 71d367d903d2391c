"""report.rob_plot: traffic-light and summary plots."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from stemfoot.report.rob_plot import (RobPlotError, RobRow, rows_from_assessments, summary_shares,
                                      write_summary, write_traffic_light)
from stemfoot.review.rob import ROB2_DOMAINS, ROBINS_DOMAINS, assess

ROWS = [
    RobRow("Alpha 2010", {"D1": "low", "D2": "low", "D3": "high", "D4": "low", "D5": "some_concerns"}, "high", 30.0),
    RobRow("Beta 2015", {"D1": "some_concerns", "D2": "low", "D3": "low", "D4": "no_information", "D5": "low"},
           "some_concerns", 50.0),
    RobRow("Gamma 2020", dict.fromkeys(ROB2_DOMAINS, "low"), "low", 20.0),
]
SYMBOLS = {"+", "−", "×", "!", "?"}


def texts(path):
    return ["".join(t.itertext()) for t in ET.parse(path).getroot().iter("{http://www.w3.org/2000/svg}text")]


def test_traffic_light_svg_has_every_study_and_cell(tmp_path):
    out = write_traffic_light(ROWS, tmp_path / "tl.svg", ROB2_DOMAINS, title="RoB 2")
    t = texts(out)
    for r in ROWS:
        assert r.study in t
    cells = [x for x in t if x in SYMBOLS]
    # one symbol per study x (5 domains + overall); the legend symbols are inside longer labels
    assert len(cells) == len(ROWS) * 6
    assert cells[:6] == ["+", "+", "×", "+", "−", "×"]
    assert "Overall" in t and "D1: Randomisation process" in t
    assert write_traffic_light(ROWS, tmp_path / "tl.png").read_bytes()[:4] == b"\x89PNG"


def test_summary_shares_weighted_and_unweighted(tmp_path):
    w = summary_shares(ROWS)
    assert w["D3"] == pytest.approx({"low": 0.7, "high": 0.3})
    assert w["Overall"] == pytest.approx({"low": 0.2, "some_concerns": 0.5, "high": 0.3})
    u = summary_shares(ROWS, weighted=False)
    assert u["D3"] == pytest.approx({"low": 2 / 3, "high": 1 / 3})
    for shares in w.values():
        assert sum(shares.values()) == pytest.approx(1.0)
    out = write_summary(ROWS, tmp_path / "s.svg", ROB2_DOMAINS)
    t = texts(out)
    assert "70%" in t and "30%" in t and "Overall risk of bias" in t
    write_summary(ROWS, tmp_path / "s.png", weighted=False)


def test_from_assessments_and_robins(tmp_path):
    a = [assess("A prospective non-randomised cohort of consecutive patients; open-label.", "NRS 1"),
         assess("120 patients were randomized by a computer-generated list; double-blind.", "RCT 1")]
    rows = rows_from_assessments(a[:1])
    assert list(rows[0].judgements) == list(ROBINS_DOMAINS)
    write_traffic_light(rows, tmp_path / "r.svg", ROBINS_DOMAINS)
    with pytest.raises(RobPlotError, match="RCT 1 has domains"):
        write_traffic_light(rows_from_assessments(a), tmp_path / "x.svg")


def test_bad_input():
    with pytest.raises(RobPlotError, match="no studies"):
        summary_shares([])
    with pytest.raises(RobPlotError, match="unknown judgement"):
        summary_shares([RobRow("x", {"D1": "meh"}, "low", 1.0)])
    with pytest.raises(RobPlotError, match="needs a non-negative weight"):
        summary_shares([RobRow("x", {"D1": "low"}, "low")])
