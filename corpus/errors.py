"""Errors the corpus raises; the CLI turns them into one-line messages."""


class CorpusError(Exception):
    """A problem with a database or an input file, stated in one line."""


class IngestError(CorpusError):
    """An input file (or a record in it) cannot be ingested."""
