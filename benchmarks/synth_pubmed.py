"""Write a synthetic but realistically shaped PubMed efetch file (PubmedArticleSet).

Each record looks like an efetch ``rettype=abstract`` record of a clinical
trial: a structured abstract of about 1,500 characters, 3-12 authors with
affiliations, MeSH headings with qualifiers, keywords, publication types,
dates, DOI/PMC ids and a history block. Seeded, so every run writes the same
file. PMIDs start at 80,000,000 (fictional); DOIs use the 10.5555 test prefix.

    python benchmarks/synth_pubmed.py OUT.xml [--records 10000] [--seed 0]
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path
from xml.sax.saxutils import escape

HEADER = (
    '<?xml version="1.0" ?>\n'
    '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
    "<PubmedArticleSet>\n"
)
FIRST_PMID = 80_000_000
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
CELLS = ["bone marrow mononuclear cells", "umbilical cord mesenchymal stem cells",
         "adipose-derived stromal vascular fraction", "peripheral blood mononuclear cells",
         "autologous CD34+ cells", "placenta-derived mesenchymal stromal cells", "keratinocyte sheets"]
CONTROLS = ["standard wound care", "placebo injection", "saline", "prostaglandin E1", "hyperbaric oxygen"]
OUTCOMES = ["complete ulcer healing", "major amputation", "ankle-brachial index", "transcutaneous oxygen pressure",
            "pain-free walking distance", "ulcer area reduction", "rest pain score"]
JOURNALS = [("Stem Cell Res Ther", "Stem cell research &amp; therapy"), ("Diabetes Care", "Diabetes care"),
            ("Cytotherapy", "Cytotherapy"), ("Int Wound J", "International wound journal"),
            ("J Vasc Surg", "Journal of vascular surgery"), ("Front Endocrinol", "Frontiers in endocrinology")]
LAST = ["Wang", "Li", "Zhang", "Kumar", "Singh", "Garcia", "Muller", "Rossi", "Tanaka", "Kim", "Nguyen", "Silva",
        "Ivanova", "Smith", "Hernandez", "Cohen", "Okafor", "Larsen"]
FIRST = [("Wei", "W"), ("Xiao Hong", "XH"), ("Anna M", "AM"), ("Raj", "R"), ("Maria", "M"), ("Jun", "J"),
         ("Kenji", "K"), ("Ana Paula", "AP"), ("Chidi", "C"), ("Lars", "L")]
MESH = [("D017719", "Diabetic Foot"), ("D006801", "Humans"), ("D008297", "Male"), ("D005260", "Female"),
        ("D008875", "Middle Aged"), ("D000368", "Aged"), ("D016026", "Bone Marrow Transplantation"),
        ("D059630", "Mesenchymal Stem Cells"), ("D016896", "Treatment Outcome"), ("D014945", "Wound Healing"),
        ("D007511", "Ischemia"), ("D000673", "Amputation, Surgical"), ("D016032", "Randomized Controlled Trials as Topic"),
        ("D058729", "Peripheral Arterial Disease"), ("D045164", "Stem Cell Transplantation")]
QUALIFIERS = [("Q000628", "therapy"), ("Q000473", "pathology"), ("Q000601", "surgery"), ("Q000166", "cytology")]
KEYWORDS = ["cell therapy", "diabetic foot ulcer", "angiogenesis", "critical limb ischaemia", "regenerative medicine",
            "wound healing", "randomised trial", "mesenchymal stem cells"]
PUB_TYPES = [("D016449", "Randomized Controlled Trial"), ("D016428", "Journal Article"),
             ("D017427", "Clinical Trial, Phase II"), ("D013485", "Research Support, Non-U.S. Gov't")]


def _abstract(rng: random.Random) -> list[tuple[str, str, str]]:
    cells, control, outcome = rng.choice(CELLS), rng.choice(CONTROLS), rng.choice(OUTCOMES)
    n = rng.randint(24, 240)
    weeks = rng.choice([8, 12, 24, 52])
    treated, controls = rng.randint(n // 4, n // 2), rng.randint(n // 6, n // 3)
    return [
        ("BACKGROUND", "BACKGROUND",
         f"Diabetic foot ulcers with peripheral arterial disease heal slowly and carry a high risk of major "
         f"amputation. Standard care relies on debridement, offloading, infection control and revascularisation "
         f"where feasible. Cell-based therapies such as {cells} may promote angiogenesis and tissue repair, but "
         f"controlled evidence remains limited and heterogeneous across trials and populations."),
        ("METHODS", "METHODS",
         f"In this multicentre, randomised, controlled trial, {n} patients with type 2 diabetes and chronic "
         f"Wagner grade 2-3 foot ulcers were assigned 1:1 to {cells} delivered by intramuscular injection or to "
         f"{control}. Randomisation was stratified by centre and ulcer grade. The primary outcome was {outcome} "
         f"at {weeks} weeks; secondary outcomes included amputation-free survival and adverse events."),
        ("RESULTS", "RESULTS",
         f"Of {n} randomised patients, {n - rng.randint(0, n // 10)} completed follow-up; mean age was "
         f"{rng.uniform(52, 71):.1f} years and mean diabetes duration {rng.uniform(8, 19):.1f} years. The primary outcome "
         f"occurred in {treated} of {n // 2} patients in the cell group and {controls} of {n - n // 2} in the control "
         f"group (risk ratio {rng.uniform(1.1, 2.4):.2f}, 95% CI {rng.uniform(0.9, 1.2):.2f} to "
         f"{rng.uniform(2.5, 3.9):.2f}; P = {rng.uniform(0.001, 0.2):.3f}). Mean difference in ankle-brachial "
         f"index was {rng.uniform(0.02, 0.2):.2f} (SD {rng.uniform(0.05, 0.3):.2f}). Serious adverse events were "
         f"similar between groups ({rng.randint(1, 9)} vs {rng.randint(1, 9)})."),
        ("CONCLUSIONS", "CONCLUSIONS",
         f"Compared with {control}, {cells} improved {outcome} in patients with diabetic foot ulcers without "
         f"excess harm. Larger trials with longer follow-up are warranted."),
        ("TRIAL REGISTRATION", "UNASSIGNED", f"ClinicalTrials.gov NCT0{rng.randint(1000000, 9999999)}."),
    ]


def _date(tag: str, year: int, month: int, day: int, attrs: str = "", indent: str = "        ") -> str:
    return (f"{indent}<{tag}{attrs}>\n{indent}    <Year>{year}</Year>\n{indent}    <Month>{month:02d}</Month>\n"
            f"{indent}    <Day>{day:02d}</Day>\n{indent}</{tag.split()[0]}>\n")


def article_xml(rng: random.Random, pmid: int) -> str:
    """One PubmedArticle element, indented the way efetch indents it."""
    year, month, day = rng.randint(2000, 2025), rng.randint(1, 12), rng.randint(1, 28)
    iso, title = rng.choice(JOURNALS)
    doi = f"10.5555/synth.{year}.{pmid}"
    abstract = "".join(
        f'                <AbstractText Label="{label}" NlmCategory="{category}">{escape(text)}</AbstractText>\n'
        for label, category, text in _abstract(rng)
    )
    authors = []
    for _ in range(rng.randint(3, 12)):
        fore, initials = rng.choice(FIRST)
        authors.append(
            f'                <Author ValidYN="Y">\n'
            f"                    <LastName>{rng.choice(LAST)}</LastName>\n"
            f"                    <ForeName>{fore}</ForeName>\n"
            f"                    <Initials>{initials}</Initials>\n"
            f"                    <AffiliationInfo>\n"
            f"                        <Affiliation>Department of Endocrinology, University Hospital {rng.randint(1, 400)}, "
            f"City {rng.randint(1, 90)}, Country.</Affiliation>\n"
            f"                    </AffiliationInfo>\n"
            f"                </Author>\n"
        )
    mesh = []
    for ui, name in rng.sample(MESH, rng.randint(6, 12)):
        qualifier = ""
        if rng.random() < 0.4:
            qui, qname = rng.choice(QUALIFIERS)
            qualifier = f'                <QualifierName UI="{qui}" MajorTopicYN="N">{qname}</QualifierName>\n'
        mesh.append(f"            <MeshHeading>\n"
                    f'                <DescriptorName UI="{ui}" MajorTopicYN="{rng.choice("NY")}">{name}</DescriptorName>\n'
                    f"{qualifier}            </MeshHeading>\n")
    keywords = "".join(f'            <Keyword MajorTopicYN="N">{k}</Keyword>\n' for k in rng.sample(KEYWORDS, 4))
    pub_types = "".join(f'                <PublicationType UI="{ui}">{name}</PublicationType>\n'
                        for ui, name in rng.sample(PUB_TYPES, rng.randint(1, 3)))
    cells = rng.choice(CELLS)
    return (
        "<PubmedArticle>\n"
        '    <MedlineCitation Status="MEDLINE" Owner="NLM" IndexingMethod="Automated">\n'
        f'        <PMID Version="1">{pmid}</PMID>\n'
        + _date("DateCompleted", year, month, day)
        + '        <Article PubModel="Print-Electronic">\n'
        "            <Journal>\n"
        f'                <ISSN IssnType="Electronic">{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}</ISSN>\n'
        '                <JournalIssue CitedMedium="Internet">\n'
        f"                    <Volume>{rng.randint(1, 60)}</Volume>\n"
        f"                    <Issue>{rng.randint(1, 12)}</Issue>\n"
        f"                    <PubDate>\n                        <Year>{year}</Year>\n"
        f"                        <Month>{MONTHS[month - 1]}</Month>\n                    </PubDate>\n"
        "                </JournalIssue>\n"
        f"                <Title>{title}</Title>\n"
        f"                <ISOAbbreviation>{iso}</ISOAbbreviation>\n"
        "            </Journal>\n"
        f"            <ArticleTitle>{cells[0].upper() + cells[1:]} for diabetic foot ulcers: a randomised controlled trial "
        f"(cohort {pmid % 997}).</ArticleTitle>\n"
        f"            <Pagination>\n                <MedlinePgn>{rng.randint(1, 900)}-{rng.randint(901, 999)}</MedlinePgn>\n"
        "            </Pagination>\n"
        f'            <ELocationID EIdType="doi" ValidYN="Y">{doi}</ELocationID>\n'
        f"            <Abstract>\n{abstract}"
        f"                <CopyrightInformation>&#xa9; {year} The Authors.</CopyrightInformation>\n"
        "            </Abstract>\n"
        f'            <AuthorList CompleteYN="Y">\n{"".join(authors)}            </AuthorList>\n'
        "            <Language>eng</Language>\n"
        f"            <PublicationTypeList>\n{pub_types}            </PublicationTypeList>\n"
        + _date("ArticleDate", year, month, day, ' DateType="Electronic"', "            ")
        + "        </Article>\n"
        "        <MedlineJournalInfo>\n"
        "            <Country>England</Country>\n"
        f"            <MedlineTA>{iso}</MedlineTA>\n"
        f"            <NlmUniqueID>{rng.randint(100000000, 999999999)}</NlmUniqueID>\n"
        "        </MedlineJournalInfo>\n"
        "        <CitationSubset>IM</CitationSubset>\n"
        f"        <MeshHeadingList>\n{''.join(mesh)}        </MeshHeadingList>\n"
        f'        <KeywordList Owner="NOTNLM">\n{keywords}        </KeywordList>\n'
        "    </MedlineCitation>\n"
        "    <PubmedData>\n"
        "        <History>\n"
        + _date('PubMedPubDate PubStatus="received"', year - 1, month, day, indent="            ")
        + _date('PubMedPubDate PubStatus="accepted"', year, month, day, indent="            ")
        + "        </History>\n"
        "        <PublicationStatus>ppublish</PublicationStatus>\n"
        "        <ArticleIdList>\n"
        f'            <ArticleId IdType="pubmed">{pmid}</ArticleId>\n'
        f'            <ArticleId IdType="doi">{doi}</ArticleId>\n'
        f'            <ArticleId IdType="pmc">PMC{pmid - 70_000_000}</ArticleId>\n'
        "        </ArticleIdList>\n"
        "    </PubmedData>\n"
        "</PubmedArticle>\n"
    )


def write_pubmed_xml(path: Path, records: int, seed: int = 0) -> Path:
    """Write ``records`` synthetic PubmedArticle records to ``path``."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for i in range(records):
            out.write(article_xml(rng, FIRST_PMID + i))
        out.write("</PubmedArticleSet>\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    write_pubmed_xml(args.out, args.records, args.seed)


if __name__ == "__main__":
    main()
