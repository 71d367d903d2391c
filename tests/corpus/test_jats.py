"""JATS reader: safety, ids, sections, tables (grids, spans, prefixes, offsets)."""
from __future__ import annotations

from pathlib import Path

import pytest

from stemfoot.corpus.errors import IngestError
from stemfoot.corpus.jats import (
    expand_grid, is_jats, join_header, parse_jats, section_type, wrap_fragment,
)

DATA = Path(__file__).parent.parent / "data" / "fulltext"


def _one(name: str) -> dict:
    return parse_jats((DATA / name).read_bytes(), name)[0]


def test_ids_meta_and_sections():
    rec = _one("spans.nxml")
    assert (rec["pmid"], rec["pmcid"], rec["doi"]) == ("123", "PMC999", "10.1/abc")
    assert rec["title"] == "A hand-made trial" and rec["year"] == 2020 and rec["journal"] == "Test Journal"
    assert rec["authors"] == ["Doe JQ"]
    assert rec["abstract"].startswith("Sixty patients")
    assert [s["type"] for s in rec["sections"]] == ["methods", "results", "discussion"]
    res = rec["sections"][1]
    assert rec["full_text"][res["start"]:res["end"]].startswith("Results\n\nHealing occurred in 12 of 30")
    # Citations are dropped from prose; table text is not in the prose.
    assert "placebo ." in rec["full_text"] or "placebo." in rec["full_text"]
    assert "12." not in rec["full_text"].split("Methods")[1].split("Results")[0]
    assert "4.1 ± 1.2" not in rec["full_text"]
    assert rec["has_body"] and rec["xml"].startswith(b"<?xml")


def test_table_grid_spans_prefixes_and_offsets():
    table = _one("spans.nxml")["tables"][0]
    assert table["label"] == "Table 1" and table["caption"].startswith("Outcomes at week 12")
    assert table["footnotes"] == ["aVersus baseline."]
    assert table["header_joined"] == ["Outcome", "Drug A (n = 30) / Baseline", "Drug A (n = 30) / Week 12",
                                      "Placebo (n = 30) / Baseline", "Placebo (n = 30) / Week 12", "P value"]
    assert table["row_labels"][0] == "Efficacy" and table["label_only"][0]
    assert table["row_prefixed"][1] == "Efficacy / Ulcer area, cm^2"
    assert table["row_labels"][1] == "Ulcer area, cm^2"
    # Footnote marker kept apart from the number; rowspan repeats the label.
    assert table["rows"][1][2] == "1.5 ± 0.9^a"
    assert table["row_labels"][3] == table["row_labels"][4] == "Pain score"
    for r, row in enumerate(table["rows"]):
        for c, cell in enumerate(row):
            s, e = table["cell_offsets"][r][c]
            assert table["text"][s:e] == cell
    for c, head in enumerate(table["header_joined"]):
        s, e = table["header_offsets"][c]
        assert table["text"][s:e] == head


def test_expand_grid_and_join_header():
    grid = expand_grid([[("A", 2, 1), ("B", 1, 2)], [("c", 1, 1), ("d", 1, 1)]])
    assert grid == [["A", "B", "B"], ["A", "c", "d"]]
    assert join_header(grid) == ["A", "B / c", "B / d"]


def test_real_pmc_article_and_unit_header_row():
    rec = _one("PMC1216327.nxml")
    assert rec["pmcid"] == "PMC1216327" and rec["pmid"] == "16091146" and len(rec["tables"]) == 6
    fecal = rec["tables"][5]
    # "Mean | SD" row under the thead joins the header.
    assert fecal["header_joined"][1:3] == ["Total Losses (g/kg/hr) / Mean", "Total Losses (g/kg/hr) / SD"]
    assert fecal["row_labels"] == ["Apple Juice", "White Grape Juice", "Water^x"]


def test_fragment_wrapped_as_article():
    data = wrap_fragment((DATA / "PMC5498715.xml").read_bytes(), "5498715")
    rec = parse_jats(data, "frag")[0]
    assert rec["pmcid"] == "PMC5498715" and rec["abstract"]
    assert any(s["type"] == "results" for s in rec["sections"]) and rec["tables"]
    assert "Intrinsic motivation" not in rec["abstract"][:0]  # abstract is kept out of the body
    assert rec["full_text"].find(rec["abstract"][:60]) == -1


def test_article_set_and_missing_body():
    recs = parse_jats((DATA / "articleset.xml").read_bytes(), "set")
    assert [r["pmcid"] for r in recs] == ["PMC1", "PMC2"]
    assert recs[0]["has_body"] is False and recs[0]["abstract"] == "No body here."
    assert recs[1]["has_body"] and recs[1]["sections"][0]["type"] == "introduction"


@pytest.mark.parametrize("name", ["entity_bomb.xml", "external_entity.xml"])
def test_unsafe_xml_refused_in_one_line(name):
    with pytest.raises(IngestError) as exc:
        parse_jats((DATA / name).read_bytes(), name)
    assert name in str(exc.value) and "\n" not in str(exc.value)


def test_bad_input_one_line():
    with pytest.raises(IngestError, match="not well-formed"):
        parse_jats(b"<article><p>", "bad.xml")
    with pytest.raises(IngestError, match="not JATS"):
        parse_jats(b"<PubmedArticleSet/>", "pm.xml")


def test_is_jats_and_section_type():
    assert is_jats((DATA / "PMC1216327.nxml").read_bytes()[:1024])
    assert is_jats(b'<?xml version="1.0"?>\n<pmc-articleset><article>')
    assert not is_jats(b"<?xml version='1.0'?><PubmedArticleSet>")
    assert not is_jats(b"TY  - JOUR\n")
    assert section_type("results", None) == "results"
    assert section_type(None, "Results and Discussion") == "results"
    assert section_type(None, "Patients and Methods") == "methods"
    assert section_type("supplementary-material", "Supplementary Material") == "other"
    assert section_type(None, "Background") == "introduction"
    assert section_type(None, "Acknowledgements") == "other"


def test_tables_of_one_wrap_with_their_own_headers_are_parts():
    # One <table-wrap> holding two <table>s, each with its own <thead> (PMC5771543's Table 2 layout): the
    # second header is not lost under the first; a <table> without a header continues the one before it.
    xml = b"""<article><front><article-meta><article-id pub-id-type="pmc">PMC9</article-id></article-meta></front>
    <body><sec><title>Results</title><p>Text.</p>
    <table-wrap id="T2"><label>Table 2</label><caption><p>Secondary outcomes</p></caption>
    <table><thead><tr><th>CGI-S</th><th>n</th><th>Mean change (SE)</th></tr></thead>
      <tbody><tr><td>Placebo</td><td>99</td><td>-1.71 (0.12)</td></tr></tbody></table>
    <table><tbody><tr><td>Drug</td><td>101</td><td>-1.88 (0.12)</td></tr></tbody></table>
    <table><thead><tr><th>CGI-I response</th><th>Proportion responders</th><th>%</th></tr></thead>
      <tbody><tr><td>Placebo</td><td>62/99</td><td>62.6</td></tr></tbody></table>
    </table-wrap></sec></body></article>"""
    tables = parse_jats(xml, "x")[0]["tables"]
    assert [(t["label"], t["id"], t["header_joined"][0], len(t["rows"])) for t in tables] == [
        ("Table 2", "T2", "CGI-S", 2), ("Table 2", "T2.2", "CGI-I response", 1)]
