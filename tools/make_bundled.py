"""Rebuild the bundled PubMed XML corpus from gold JSONL records.

Usage: python -m stemfoot.tools.make_bundled ../shared/gold/domain_dev.jsonl corpus/data/domain_dev.xml
"""
from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

# Labels as the gold abstracts write them ("Aims:", "METHODS:"); other
# abstracts keep their inline labels ("OBJECTIVE—") as plain text.
_LABEL = re.compile(r"(?:^|(?<=\.\s))(Aims?|AIMS?|Methods|METHODS|Results|RESULTS|Conclusions?|CONCLUSIONS?):\s")
_NLM = {"AIM": "OBJECTIVE", "AIMS": "OBJECTIVE", "METHODS": "METHODS", "RESULTS": "RESULTS",
        "CONCLUSION": "CONCLUSIONS", "CONCLUSIONS": "CONCLUSIONS"}


def _abstract_parts(text: str) -> list[tuple[str | None, str]]:
    matches = list(_LABEL.finditer(text))
    if not matches or matches[0].start() != 0:
        return [(None, text)]
    parts = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        parts.append((m.group(1), text[m.end():end].strip()))
    return parts


def _article(gold: dict) -> ET.Element:
    art = ET.Element("PubmedArticle")
    cit = ET.SubElement(art, "MedlineCitation", Status="MEDLINE", Owner="NLM")
    if gold.get("pmid"):
        ET.SubElement(cit, "PMID", Version="1").text = gold["pmid"]
    article = ET.SubElement(cit, "Article", PubModel="Print")
    journal = ET.SubElement(article, "Journal")
    issue = ET.SubElement(journal, "JournalIssue", CitedMedium="Print")
    ET.SubElement(ET.SubElement(issue, "PubDate"), "Year").text = str(gold["year"])
    if gold.get("journal") and "not on page" not in gold["journal"]:
        ET.SubElement(journal, "ISOAbbreviation").text = gold["journal"]
    ET.SubElement(article, "ArticleTitle").text = gold["title"]
    abstract = ET.SubElement(article, "Abstract")
    for label, text in _abstract_parts(gold["abstract"]):
        attrs = {"Label": label, "NlmCategory": _NLM[label.upper()]} if label else {}
        ET.SubElement(abstract, "AbstractText", **attrs).text = text
    authors = ET.SubElement(article, "AuthorList", CompleteYN="N")
    for name in re.split(r",\s*", gold.get("authors") or ""):
        m = re.fullmatch(r"([A-Z][A-Za-z'\-]+) ([A-Z]{1,3})", name.strip())
        if m:
            author = ET.SubElement(authors, "Author", ValidYN="Y")
            ET.SubElement(author, "LastName").text = m.group(1)
            ET.SubElement(author, "Initials").text = m.group(2)
    ET.SubElement(article, "Language").text = "eng"
    data = ET.SubElement(art, "PubmedData")
    ids = ET.SubElement(data, "ArticleIdList")
    if gold.get("pmid"):
        ET.SubElement(ids, "ArticleId", IdType="pubmed").text = gold["pmid"]
    doi = re.search(r"doi:(\S+?)\.?$", gold.get("citation_detail") or "")
    if doi:
        ET.SubElement(ids, "ArticleId", IdType="doi").text = doi.group(1)
    return art


def build(gold_path: Path) -> bytes:
    root = ET.Element("PubmedArticleSet")
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            root.append(_article(json.loads(line)))
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


if __name__ == "__main__":
    Path(sys.argv[2]).write_bytes(build(Path(sys.argv[1])))
