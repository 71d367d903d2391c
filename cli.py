"""stemfoot command line: thin click commands over the library."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

if importlib.util.find_spec("stemfoot") is None:  # pragma: no cover - checkout without install
    # `python cli.py` from a checkout: map the repository root to the package name.
    _spec = importlib.util.spec_from_file_location(
        "stemfoot", Path(__file__).with_name("__init__.py"),
        submodule_search_locations=[str(Path(__file__).parent)],
    )
    _mod = importlib.util.module_from_spec(_spec)
    sys.modules["stemfoot"] = _mod
    _spec.loader.exec_module(_mod)

import json
import os

import click

from stemfoot import __version__
from stemfoot.corpus.backup import backup as backup_db
from stemfoot.corpus.curation import default_reviewer, prisma_counts, screen_studies
from stemfoot.corpus.curation_review import review_session
from stemfoot.corpus.curation_sheet import export_sheet, import_sheet
from stemfoot.corpus.db import open_db
from stemfoot.corpus.errors import CorpusError
from stemfoot.corpus.ingest import FORMATS, IngestSummary, ingest_file
from stemfoot.corpus.stats import corpus_stats


@click.group()
@click.version_option(__version__, prog_name="stemfoot")
def cli() -> None:
    """stemfoot: ingest trial abstracts, extract evidence, pool it, plot it."""


db_option = click.option(
    "--db", "db_path", required=True, type=click.Path(dir_okay=False),
    help="SQLite evidence database (created if missing).",
)


def _open(db_path: str, **kwargs):
    try:
        return open_db(db_path, **kwargs)
    except CorpusError as exc:
        raise click.ClickException(str(exc)) from exc


class _Progress:
    """A record counter on stderr, shown only when stderr is a terminal."""

    def __init__(self, label: str) -> None:
        self.enabled = sys.stderr.isatty()
        self.label = label
        self.count = 0

    def __call__(self, n: int) -> None:
        self.count += n
        if self.enabled and self.count % 100 == 0:
            click.echo(f"\r{self.label}: {self.count} records", nl=False, err=True)

    def done(self) -> None:
        if self.enabled and self.count >= 100:
            click.echo(f"\r{self.label}: {self.count} records", err=True)


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@db_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Input format (default: detected from content).")
@click.option("--encoding", help="Text encoding of MEDLINE/RIS/CSV/JSONL files (default UTF-8).")
@click.option("--pubmed", "query", help="Search PubMed live through NCBI E-utilities.")
@click.option("--max", "max_records", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Most records to fetch for --pubmed.")
@click.option("--api-key", envvar="NCBI_API_KEY", help="NCBI API key (allows 10 requests/s) [env: NCBI_API_KEY].")
@click.option("--email", envvar="NCBI_EMAIL", help="Contact e-mail sent to NCBI [env: NCBI_EMAIL].")
@click.option("--eutils-url", default="https://eutils.ncbi.nlm.nih.gov/entrez/eutils/", show_default=True,
              help="E-utilities base URL.")
@click.option("-q", "--quiet", is_flag=True, help="Do not print per-record warnings.")
def ingest(files, db_path, fmt, encoding, query, max_records, api_key, email, eutils_url, quiet):
    """Ingest PubMed XML, MEDLINE, RIS, CSV or JSONL files (or a live PubMed search).

    Each file is one transaction: a file that fails changes nothing. Records
    are deduplicated on PMID, else DOI, else normalised title + year.
    """
    if not files and not query:
        raise click.UsageError("give FILES to ingest or --pubmed QUERY")
    db = _open(db_path)
    progress = _Progress("ingest")
    totals = []
    try:
        for path in files:
            summary = ingest_file(db, path, fmt, encoding, progress)
            totals.append(summary)
            if not quiet:
                for warning in summary.warnings:
                    click.echo(f"warning: {warning}", err=True)
            click.echo(f"{path}: {summary.line()}")
    except CorpusError as exc:
        progress.done()
        done = f" ({len(totals)} earlier file(s) ingested)" if totals else ""
        raise click.ClickException(f"{exc}; nothing from this file was stored{done}") from exc
    progress.done()
    if len(totals) > 1:
        total = IngestSummary()
        for summary in totals:
            total.add(summary)
        click.echo(f"total: {total.line()}")


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
def stats(db_path, as_json):
    """Summarise the corpus: studies, years, sources."""
    db = _open(db_path, create=False)
    data = corpus_stats(db)
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"studies: {data['studies']} ({data['with_abstract']} with abstract, {data['without_pmid']} without PMID)")
    for key in ("by_year", "by_format"):
        click.echo(f"{key.replace('_', ' ')}: " + ", ".join(f"{k}: {v}" for k, v in data[key].items()))


@cli.command()
@db_option
@click.argument("target", type=click.Path(dir_okay=False))
def backup(db_path, target):
    """Copy the database to TARGET while it is in use (SQLite backup API)."""
    try:
        pages = backup_db(db_path, target)
    except CorpusError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{db_path} -> {target}: {pages} pages, integrity ok")


reviewer_option = click.option(
    "--reviewer", help="Who is reviewing (default: $STEMFOOT_REVIEWER, else the OS user).",
)


@cli.command()
@db_option
@click.option("--pmid", help="Only the values of this study (PMID or local id).")
@click.option("--outcome", help="Only the values of this outcome.")
@reviewer_option
@click.option("--export", "export_path", type=click.Path(dir_okay=False), help="Write the values to a CSV sheet.")
@click.option("--import", "import_path", type=click.Path(dir_okay=False), help="Apply a reviewed CSV sheet.")
@click.option("--force", is_flag=True, help="With --export: overwrite an existing sheet.")
@click.option("--dry-run", is_flag=True, help="With --import: check the sheet and summarise it, change nothing.")
@click.option("--all", "include_reviewed", is_flag=True, help="Interactive: also show values already reviewed.")
def review(db_path, pmid, outcome, reviewer, export_path, import_path, force, dry_run, include_reviewed):
    """Verify extracted values: interactively, or through a CSV sheet (--export, then --import).

    Interactive keys: a accept, c correct (then type the value), r reject,
    s skip, n note, q quit. Each decision is saved as soon as it is made.
    """
    if export_path and import_path:
        raise click.UsageError("--export and --import cannot be combined")
    if import_path and (pmid or outcome):
        raise click.UsageError("--pmid and --outcome select what to export or review, not what to import")
    if force and not export_path:
        raise click.UsageError("--force goes with --export")
    if dry_run and not import_path:
        raise click.UsageError("--dry-run goes with --import")
    db = _open(db_path, create=False)
    reviewer = reviewer or default_reviewer()
    try:
        if export_path:
            count = export_sheet(db, export_path, pmid, outcome, overwrite=force)
            click.echo(f"{export_path}: {count} values exported")
        elif import_path:
            summary = import_sheet(db, import_path, reviewer, dry_run=dry_run)
            click.echo(f"{import_path}: {summary.line()}" + (" (dry run: nothing changed)" if dry_run else ""))
        else:
            tally = review_session(db, reviewer, pmid, outcome, include_reviewed)
            if tally.shown:
                click.echo(tally.line())
    except CorpusError as exc:
        raise click.ClickException(str(exc)) from exc


@cli.command()
@click.argument("ids", nargs=-1)
@db_option
@click.option("--include", "decision", flag_value="include", help="Include the studies.")
@click.option("--exclude", "decision", flag_value="exclude", help="Exclude the studies (needs --reason).")
@click.option("--reason", help="Why the studies are excluded (counted in the PRISMA flow).")
@click.option("--note", help="A free-text note.")
@reviewer_option
@click.option("--json", "as_json", is_flag=True, help="Print the PRISMA counts as JSON.")
def screen(ids, db_path, decision, reason, note, reviewer, as_json):
    """Include or exclude studies (IDS: PMIDs or local ids); then print the PRISMA counts."""
    if ids and not decision:
        raise click.UsageError("give --include or --exclude for the studies")
    if decision and not ids:
        raise click.UsageError("give the PMIDs or local ids to include or exclude")
    if decision == "exclude" and not (reason or "").strip():
        raise click.UsageError("--exclude needs --reason")
    db = _open(db_path, create=False)
    if ids:
        try:
            screen_studies(db, list(ids), decision, reviewer=reviewer or default_reviewer(),
                           reason=reason, note=note, source="cli")
        except CorpusError as exc:
            raise click.ClickException(str(exc)) from exc
        done = "included" if decision == "include" else f"excluded ({reason.strip()})"
        click.echo(f"{', '.join(ids)}: {done}")
    counts = prisma_counts(db)
    if as_json:
        click.echo(json.dumps(counts, indent=2))
        return
    reasons = "; ".join(f"{r}: {n}" for r, n in counts["excluded_by_reason"].items())
    click.echo(f"identified: {counts['identified']}")
    click.echo(f"screened: {counts['screened']}")
    click.echo(f"excluded: {counts['excluded']}" + (f" ({reasons})" if reasons else ""))
    click.echo(f"included: {counts['included']}")
    click.echo(f"awaiting screening: {counts['awaiting_screening']}")


if __name__ == "__main__":
    cli()
