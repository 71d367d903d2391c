"""report.prisma: PRISMA 2020 diagram; the numbers drawn are the counts given."""
from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from stemfoot.report.prisma import PrismaError, normalise_counts, write_prisma

COUNTS = json.loads((Path(__file__).parent.parent / "data" / "review" / "prisma_counts.json").read_text())


def svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return [("".join(t.itertext())).replace("\u00a0", " ") for t in root.iter("{http://www.w3.org/2000/svg}text")]


def number_of(texts: list[str], label: str) -> int:
    hits = [t for t in texts if t.strip().startswith(label)]
    assert len(hits) == 1, (label, hits)
    return int(re.search(r"\(n = ([\d,]+)\)", hits[0]).group(1).replace(",", ""))


def test_svg_numbers_equal_the_counts(tmp_path):
    out = tmp_path / "prisma.svg"
    assert write_prisma(COUNTS, out) == []
    texts = svg_texts(out)
    c = COUNTS
    assert number_of(texts, "Databases") == sum(s["n"] for s in c["databases"])
    assert number_of(texts, "Registers") == sum(s["n"] for s in c["registers"])
    for s in c["databases"] + c["registers"]:
        assert number_of(texts, s["name"]) == s["n"]
    assert number_of(texts, "Duplicate records removed") == c["duplicates_removed"]
    assert number_of(texts, "Records screened") == c["records_screened"]
    assert number_of(texts, "Records excluded") == c["records_excluded"]
    assert number_of(texts, "Studies included in review") == c["studies_included"]
    assert number_of(texts, "Reports of included studies") == c["reports_included"]
    sought = sorted(int(re.search(r"\d+", t.split("=")[1]).group()) for t in texts
                    if t.startswith("Reports sought for retrieval"))
    assert sought == sorted([c["reports_sought"], c["other_methods"]["reports_sought"]])
    for reason, n in c["reports_excluded"].items():
        if reason not in c["other_methods"]["reports_excluded"]:  # shared reasons appear in both columns
            assert number_of(texts, reason) == n
    shared = [t for t in texts if t.startswith("Not randomised or controlled")]
    assert sorted(int(re.search(r"\(n = (\d+)\)", t).group(1)) for t in shared) == [8, 21]
    for s in c["other_methods"]["sources"]:
        assert number_of(texts, s["name"]) == s["n"]
    assert any("via other methods" in t for t in texts)
    assert [p.name for p in tmp_path.iterdir()] == ["prisma.svg"]  # temp file renamed away
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask  # not mkstemp's 0o600


def test_png_and_pdf_and_derived_counts(tmp_path):
    minimal = {"databases": [{"name": "PubMed", "n": 100}], "duplicates_removed": 10, "records_excluded": 70,
               "reports_not_retrieved": 2, "reports_excluded": {"Wrong design": 10}, "studies_included": 8}
    c, warns = normalise_counts(minimal)
    assert (c["records_screened"], c["reports_sought"], c["reports_assessed"]) == (90, 20, 18)
    assert warns == []
    write_prisma(minimal, tmp_path / "p.png")
    assert (tmp_path / "p.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    write_prisma(minimal, tmp_path / "p.pdf")
    assert (tmp_path / "p.pdf").read_bytes()[:5] == b"%PDF-"
    write_prisma(minimal, tmp_path / "p.svg")
    texts = svg_texts(tmp_path / "p.svg")
    assert number_of(texts, "Reports assessed for eligibility") == 18
    assert not any("other methods" in t for t in texts)


def test_inconsistent_counts_warn_and_bad_counts_fail(tmp_path):
    bad = dict(COUNTS, records_screened=900)
    _, warns = normalise_counts(bad)
    assert any("records screened 900" in w for w in warns)
    with pytest.raises(PrismaError, match="records_excluded"):
        normalise_counts({"databases": [{"name": "x", "n": 1}], "studies_included": 0})
    with pytest.raises(PrismaError, match=r"databases\[0\]\.n"):
        normalise_counts({"databases": [{"name": "x", "n": -1}]})
    with pytest.raises(PrismaError, match="must end in"):
        write_prisma(COUNTS, tmp_path / "p.gif")
    with pytest.raises(PrismaError, match="directory does not exist"):
        write_prisma(COUNTS, tmp_path / "nope" / "p.svg")
