"""`report`: one self-contained, escaped HTML file with the engine's numbers and marked source spans."""
from __future__ import annotations

import base64
import re
import warnings
from html.parser import HTMLParser

import pytest
from test_forest_cli import HAND
from test_report_support import HAN, extracted_copy, invoke

from stemfoot.metaanalysis import meta_analysis
from stemfoot.report.plotdata import format_effect
from stemfoot.report.html import mark_sentence

VOID = {"meta", "br", "img", "hr", "link", "input"}


class Balance(HTMLParser):
    """Checks that every non-void element is closed in order."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


@pytest.fixture()
def db(tmp_path):
    return extracted_copy(tmp_path)


def build(db: str, out, *extra: str) -> str:
    result = invoke("report", "--db", db, "--out", str(out), *extra)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(rf"Report written to {re.escape(str(out))} \(\d+ KiB\)\n", result.stdout)
    return out.read_text(encoding="utf-8")


def test_report_is_self_contained_and_uses_the_engines_numbers(db, tmp_path):
    html = build(db, tmp_path / "r.html")
    parser = Balance()
    parser.feed(html)
    assert not parser.errors and parser.stack == []
    assert not re.search(r"https?://|<script|<link|@import|url\(", html, re.I)
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(images) == 3  # the PRISMA 2020 diagram; ulcer healing: forest and funnel (no RoB stored yet)
    assert all(base64.b64decode(i)[:8] == b"\x89PNG\r\n\x1a\n" for i in images)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = meta_analysis(HAND, "RR", "REML")
    pooled = format_effect(float(res.beta[0]), float(res.ci_lb[0]), float(res.ci_ub[0]), True)
    assert f'<td class="num">{pooled}</td>' in html
    assert "<mark>14 of 18 limb ulcers (77.8%)</mark>" in html
    assert "<mark>62%</mark> of the control group achieved complete healing." in html
    assert "Not pooled: Lu 2011 (no control-arm numbers)." in html
    assert ("<tr><td>Amputation</td><td>RR</td><td class=\"num\">0</td><td>Huang 2005 (events without "
            "denominators); Dubsky 2013 (percentages without denominators)</td></tr>") in html
    assert html.count('<article class="card"') == 6


def test_text_is_escaped(db, tmp_path):
    sheet = tmp_path / "evil.csv"
    sheet.write_text('title,abstract,year,authors\n"Cells & <script>alert(1)</script> trial",'
                     '"Ulcers healed in <b>9 of 10</b> patients.",2020,<i>Evil</i> AB\n', encoding="utf-8")
    assert invoke("ingest", str(sheet), "--db", db).exit_code == 0
    assert invoke("extract", "--db", db).exit_code == 0
    html = build(db, tmp_path / "r.html")
    assert "<script" not in html and "<i>Evil" not in html and "<b>9" not in html
    assert "Cells &amp; &lt;script&gt;alert(1)&lt;/script&gt; trial" in html
    assert "&lt;i&gt;Evil&lt;/i&gt; 2020" in html


def test_screening_and_only_verified(db, tmp_path):
    assert invoke("screen", HAN, "--exclude", "--reason", "not randomised", "--db", db).exit_code == 0
    html = build(db, tmp_path / "r.html")
    assert "<td>Excluded (not randomised: 1)</td><td class=\"num\">1</td>" in html
    assert 'excluded: not randomised</span>' in html
    assert "Han 2010 (excluded at screening: not randomised)" in html
    verified = build(db, tmp_path / "v.html", "--only-verified")
    assert "No outcome has two or more poolable studies." in verified
    assert verified.count("data:image/png") == 1  # the PRISMA diagram only: no forest or funnel plot
    assert 'alt="PRISMA 2020 flow diagram"' in verified


def test_mark_sentence_uses_offsets_then_falls_back():
    s = "Healed: 8 of 10 vs 8 of 12 <controls>."
    assert mark_sentence(s, "8 of 12", 119, 100) == "Healed: 8 of 10 vs <mark>8 of 12</mark> &lt;controls&gt;."
    assert mark_sentence(s, "8 of", 108, 100) == "Healed: <mark>8 of</mark> 10 vs 8 of 12 &lt;controls&gt;."
    assert mark_sentence(s, "8 of", 119, 100) == "Healed: 8 of 10 vs <mark>8 of</mark> 12 &lt;controls&gt;."
    assert mark_sentence(s, "absent", None, None) == "Healed: 8 of 10 vs 8 of 12 &lt;controls&gt;."
