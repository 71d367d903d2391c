"""benchmarks/make_fragments.py: the abstract+results fragment of a full JATS article (Yun et al.'s form)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "make_fragments.py"
_spec = importlib.util.spec_from_file_location("make_fragments", _PATH)
make_fragments = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_fragments)

ARTICLE = b"""<article><front><article-meta><abstract><p>Abstract text.</p></abstract>
<abstract abstract-type="graphical"><p>Graphical.</p></abstract></article-meta></front>
<body><sec><title>Introduction</title><p>Intro.</p></sec>
<sec sec-type="methods"><title>Methods</title><p>See <xref ref-type="table" rid="T2">Table 2</xref>.</p>
<sec><title>Procedure</title><p>Proc.</p></sec>
<sec><title>Data analysis and results</title><p>Healing in <xref ref-type="table" rid="T1">Table 1</xref>.</p></sec>
<sec><title>Descriptive statistics</title><p>Mean 4.2.</p></sec>
<sec><title>Discussion of limits</title><p>Not results.</p></sec></sec>
<sec><title>Discussion</title><p>Talk.</p></sec></body>
<floats-group><table-wrap id="T1"><label>Table 1</label></table-wrap>
<table-wrap id="T2"><label>Table 2</label></table-wrap></floats-group></article>"""


def test_fragment_keeps_abstract_results_and_the_tables_they_cite() -> None:
    text = make_fragments.fragment(ARTICLE)
    assert text.startswith("<abstract><p>Abstract text.</p></abstract>")
    assert "Graphical" not in text
    # A Results heading nested under Methods, and the section after it at its level, up to a Discussion.
    assert "Data analysis and results" in text and "Mean 4.2." in text
    assert "Not results." not in text and "Intro." not in text and "Proc." not in text and "Talk." not in text
    assert '<table-wrap id="T1">' in text and 'id="T2"' not in text


def test_main_writes_one_fragment_per_gold_article_and_never_over_an_input(tmp_path: Path) -> None:
    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "PMC12.nxml").write_bytes(ARTICLE)
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"pmcid": 12}\n{"pmcid": "PMC12"}\n', "utf-8")
    assert make_fragments.main(["--gold", str(gold), "--articles", str(arts), "--out", str(tmp_path / "out")]) == 0
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["PMC12.xml"]
    assert (arts / "PMC12.nxml").read_bytes() == ARTICLE
