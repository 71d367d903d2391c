"""Ingest: one module per input format, the loader that stores records, and E-utilities."""

#: Input formats `ingest --format` accepts (detected from content when not given).
FORMATS = ("pubmed-xml", "jats", "medline", "ris", "csv", "jsonl")
