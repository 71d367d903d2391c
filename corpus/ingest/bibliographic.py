"""The bibliographic record every ingest source produces."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

#: Fields that make up a record's content (and its hash); provenance is excluded.
CONTENT_FIELDS = (
    "pmid", "doi", "title", "abstract", "sections", "journal", "year", "authors",
    "language", "publication_types", "mesh_terms", "keywords",
)
JSON_FIELDS = ("sections", "authors", "publication_types", "mesh_terms", "keywords")

# All-caps section labels written inline ("AIMS: ...", "RESEARCH DESIGN AND METHODS: ...").
_INLINE_LABEL = re.compile(r"(?:^|(?<=[.!?]\s))([A-Z][A-Z/&,\- ]{2,40}):\s")
_CATEGORIES = {
    "BACKGROUND": ("BACKGROUND", "INTRODUCTION", "CONTEXT", "RATIONALE"),
    "OBJECTIVE": ("AIM", "OBJECTIVE", "PURPOSE", "GOAL", "HYPOTHES"),
    "METHODS": ("METHOD", "DESIGN", "SETTING", "PATIENT", "PARTICIPANT", "INTERVENTION", "MATERIAL", "SUBJECT"),
    "RESULTS": ("RESULT", "FINDING", "OUTCOME"),
    "CONCLUSIONS": ("CONCLUSION", "INTERPRETATION", "DISCUSSION", "SIGNIFICANCE", "IMPLICATION"),
}


@dataclass
class Section:
    """A structured-abstract section; offsets index the assembled abstract."""

    label: str
    category: str | None
    start: int  # start of the label
    text_start: int  # start of the section's text (after "LABEL: ")
    end: int


@dataclass
class Record:
    """One study record, whatever the source format."""

    title: str
    abstract: str = ""
    sections: list[Section] = field(default_factory=list)
    pmid: str | None = None
    doi: str | None = None
    journal: str | None = None
    year: int | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    publication_types: list[str] = field(default_factory=list)
    mesh_terms: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    ref: str = ""  # where it came from, for messages: "record 3" / "line 7"
    pmcid: str | None = None  # PMC full texts: "PMC123" (also the local id of an article without a PMID)
    fulltext: dict | None = None  # PMC full texts: the parsed article (``corpus.jats`` record), stored apart
    #: Registration ids from a structured field (PubMed's DataBankList); not part of the content hash.
    databank_registrations: list = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what the parser repaired, for the ingest summary

    def describe(self) -> str:
        ident = f"PMID {self.pmid}" if self.pmid else (f"DOI {self.doi}" if self.doi else self.pmcid if self.pmcid
                                                       else repr(self.title[:60]) if self.title else "no title")
        return f"{self.ref} ({ident})" if self.ref else ident

    def content(self) -> dict:
        """The hashed content; sections as plain dicts (asdict's deep copy is slow at scale)."""
        data = {k: getattr(self, k) for k in CONTENT_FIELDS}
        data["sections"] = [vars(s).copy() for s in self.sections]
        return data


def category_for(label: str, nlm_category: str | None = None) -> str | None:
    """Map a section label to PubMed's NlmCategory vocabulary."""
    if nlm_category and nlm_category.upper() != "UNASSIGNED":
        return nlm_category.upper()
    upper = label.upper()
    for category, stems in _CATEGORIES.items():
        if any(stem in upper for stem in stems):
            return category
    return None


def assemble_abstract(parts: list[tuple[str | None, str | None, str]]) -> tuple[str, list[Section]]:
    """Join (label, nlm_category, text) parts as PubMed displays them: "LABEL: text"."""
    pieces: list[str] = []
    sections: list[Section] = []
    pos = 0
    for label, nlm_category, text in parts:
        text = text.strip()
        if not text and not label:
            continue
        if pieces:
            pieces.append(" ")
            pos += 1
        start = pos
        if label:
            prefix = f"{label}: "
            pieces.append(prefix)
            pos += len(prefix)
        text_start = pos
        pieces.append(text)
        pos += len(text)
        if label:
            sections.append(Section(label, category_for(label, nlm_category), start, text_start, pos))
    return "".join(pieces), sections


def inline_sections(abstract: str) -> list[Section]:
    """Find all-caps section labels written into the abstract text itself."""
    found = [(m.start(1), m.end(0), m.group(1).strip()) for m in _INLINE_LABEL.finditer(abstract)]
    sections = []
    for i, (start, text_start, label) in enumerate(found):
        end = found[i + 1][0] - 1 if i + 1 < len(found) else len(abstract)
        sections.append(Section(label, category_for(label), start, text_start, max(end, text_start)))
    return sections


def normalise_doi(doi: str | None) -> str | None:
    if not doi:
        return None
    doi = doi.strip()
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", doi, flags=re.I)
    return doi.lower() or None


def title_key(title: str, year: int | None) -> str:
    """Normalised title + year: the dedupe key of last resort."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return f"{text}|{year or ''}"


def content_hash(row: dict) -> str:
    """Hash of a record's content as stored (JSON fields already serialised).

    Hashing the stored strings, not a fresh JSON dump of the whole record,
    saves a tenth of an ingest's time.
    """
    return hashlib.sha256("\x1f".join(f"{k}={row[k]!r}" for k in CONTENT_FIELDS).encode()).hexdigest()


def local_id(record: Record) -> str:
    """A clearly marked, stable id for a record without a verified PMID."""
    if record.pmcid:
        return record.pmcid
    basis = normalise_doi(record.doi) or title_key(record.title, record.year)
    return "local:" + hashlib.sha1(basis.encode()).hexdigest()[:12]


def parse_year(text: str | None) -> int | None:
    match = re.search(r"\b(1[89]\d\d|20\d\d)\b", text or "")
    return int(match.group(1)) if match else None
