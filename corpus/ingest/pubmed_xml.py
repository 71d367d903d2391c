"""PubMed XML (efetch `PubmedArticleSet` and the annual baseline), parsed safely."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import IO, Iterator

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from stemfoot.corpus.errors import IngestError
from stemfoot.corpus.registrations import databank_registrations
from stemfoot.corpus.ingest.bibliographic import Record, assemble_abstract, normalise_doi, parse_year


def _text(elem: ET.Element | None) -> str:
    """All text inside an element, inline markup (<i>, <sup>) flattened."""
    if elem is None:
        return ""
    return " ".join("".join(elem.itertext()).split())


def _year(article: ET.Element) -> int | None:
    pub_date = article.find("Journal/JournalIssue/PubDate")
    if pub_date is not None:
        year = pub_date.findtext("Year") or pub_date.findtext("MedlineDate")
        if parse_year(year):
            return parse_year(year)
    return parse_year(article.findtext("ArticleDate/Year"))


def _authors(article: ET.Element) -> list[str]:
    names = []
    for author in article.findall("AuthorList/Author"):
        collective = author.findtext("CollectiveName")
        if collective:
            names.append(collective.strip())
            continue
        last = (author.findtext("LastName") or "").strip()
        initials = (author.findtext("Initials") or author.findtext("ForeName") or "").strip()
        if last:
            names.append(f"{last} {initials}".strip())
    return names


def parse_article(elem: ET.Element, ref: str) -> Record:
    """Turn one `PubmedArticle` element into a Record."""
    citation = elem.find("MedlineCitation")
    if citation is None:
        raise IngestError(f"{ref}: PubmedArticle without MedlineCitation")
    article = citation.find("Article")
    if article is None:
        raise IngestError(f"{ref}: MedlineCitation without Article")
    pmid = (citation.findtext("PMID") or "").strip() or None
    parts = [
        (part.get("Label"), part.get("NlmCategory"), _text(part))
        for part in article.findall("Abstract/AbstractText")
    ]
    abstract, sections = assemble_abstract(parts)
    doi = None
    for aid in elem.findall("PubmedData/ArticleIdList/ArticleId"):
        if aid.get("IdType") == "doi":
            doi = aid.text
    if doi is None:
        for eloc in article.findall("ELocationID"):
            if eloc.get("EIdType") == "doi":
                doi = eloc.text
    journal = article.findtext("Journal/ISOAbbreviation") or article.findtext("Journal/Title")
    return Record(
        title=_text(article.find("ArticleTitle")) or _text(article.find("VernacularTitle")),
        abstract=abstract,
        sections=sections,
        pmid=pmid,
        doi=normalise_doi(doi),
        journal=journal.strip() if journal else None,
        year=_year(article),
        authors=_authors(article),
        language=article.findtext("Language"),
        publication_types=[_text(p) for p in article.findall("PublicationTypeList/PublicationType")],
        mesh_terms=[_text(m) for m in citation.findall("MeshHeadingList/MeshHeading/DescriptorName")],
        keywords=[_text(k) for k in citation.findall("KeywordList/Keyword")],
        ref=ref,
        databank_registrations=databank_registrations(
            (bank.findtext("DataBankName") or "", [_text(a) for a in bank.findall("AccessionNumberList/AccessionNumber")])
            for bank in article.findall("DataBankList/DataBank")),
    )


def parse_pubmed_xml(stream: IO[bytes], name: str) -> Iterator[Record]:
    """Stream Records out of a PubmedArticleSet without loading it whole.

    defusedxml forbids DTD entity declarations and external entities, so an
    entity-expansion bomb or an XXE payload fails as malformed input.
    """
    count = 0
    events = iterparse(stream, events=("end",), forbid_dtd=False)
    try:
        for _, elem in events:
            if elem.tag == "PubmedArticle":
                count += 1
                yield parse_article(elem, f"{name}: record {count}")
                elem.clear()
        # Only "end" events: half the per-element work. The root is known at the end.
        root = events.root.tag
        if root not in ("PubmedArticleSet", "PubmedBookArticleSet"):
            raise IngestError(f"{name}: not PubMed XML (root element <{root}>, expected <PubmedArticleSet>)")
    except ET.ParseError as exc:
        after = f" after record {count}" if count else ""
        raise IngestError(f"{name}: malformed or truncated XML{after}: {exc}") from exc
    except DefusedXmlException as exc:
        raise IngestError(f"{name}: unsafe XML refused ({exc})") from exc
