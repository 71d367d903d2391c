"""stemfoot command line: thin click commands over the library (`chain.py` and the stage packages)."""
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
import warnings

import click

from stemfoot import __version__
from stemfoot.corpus.errors import CorpusError
from stemfoot.corpus.ingest import FORMATS
from stemfoot.metaanalysis.errors import MetaAnalysisError
from stemfoot.metaanalysis.options import ALL_METHODS, MEASURES, TESTS
from stemfoot.schemas import DESIGNS

# Heavy libraries (spaCy, pandas, sqlite-utils, matplotlib) are imported inside the
# commands that use them, so `--help` and light commands start fast.


class _Cli(click.Group):
    """The command group; maps every library error to a one-line `Error: ...` and exit 1."""

    def invoke(self, ctx: click.Context):
        from stemfoot.extract.pico_conll import ConllError

        import errno
        import sqlite3

        try:
            return super().invoke(ctx)
        except (CorpusError, MetaAnalysisError, ConllError) as exc:
            raise click.ClickException(str(exc)) from exc
        except sqlite3.OperationalError as exc:
            # A lock held past --lock-timeout, a full disk or a read-only file: one line, not a traceback.
            from stemfoot.corpus.db import describe_operational_error

            raise click.ClickException(describe_operational_error(exc)) from exc
        except OSError as exc:
            full = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
            if exc.errno not in (*full, errno.EROFS, errno.EACCES, errno.EIO, errno.EFBIG):
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            what = "disk full" if exc.errno in full else exc.strerror
            raise click.ClickException(f"{where}{what}; nothing was changed by this step") from exc


@click.group(cls=_Cli)
@click.version_option(__version__, prog_name="stemfoot")
@click.option("--lock-timeout", type=click.FloatRange(min=0), envvar="STEMFOOT_LOCK_TIMEOUT", default=30,
              show_default=True, help="Seconds to wait for another stemfoot process's database lock "
                                      "[env: STEMFOOT_LOCK_TIMEOUT].")
def cli(lock_timeout: float) -> None:
    """stemfoot: ingest trial abstracts, extract evidence, pool it, plot it."""
    from stemfoot.corpus.db import set_lock_timeout

    set_lock_timeout(lock_timeout)


def db_option(required: bool = True, help: str = "SQLite evidence database."):
    """The one `--db` option."""
    return click.option("--db", "db_path", required=required, type=click.Path(dir_okay=False), help=help)


#: Repeatable `--pmid` (a PMID or a local id), the one shape of study selection.
pmid_option = click.option("--pmid", "ids", multiple=True, help="Only this study (PMID or local id); repeatable.")
#: `--json` for commands that print one object.
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")
reviewer_option = click.option(
    "--reviewer", help="Who is reviewing (default: $STEMFOOT_REVIEWER, else the OS user).",
)


method_option = click.option(
    "--method", type=click.Choice(ALL_METHODS, case_sensitive=False), default="REML", show_default=True,
    help="tau^2 estimator, FE (inverse variance), MH (Mantel-Haenszel) or PETO.")
test_option = click.option("--test", type=click.Choice(TESTS), default="z", show_default=True,
                           help="z test, or Hartung-Knapp-Sidik-Jonkman (knha: t, k-1 df).")
only_verified_option = click.option("--only-verified", is_flag=True,
                                    help="Only values a reviewer accepted, corrected or added.")


def output_options(fn):
    """sqlite-utils style row output: --table (default), --csv or --json."""
    for option in reversed([
        click.option("--table", "fmt", flag_value="table", default=True, help="Print an aligned table (default)."),
        click.option("--csv", "fmt", flag_value="csv", help="Print CSV."),
        click.option("--json", "fmt", flag_value="json", help="Print a JSON list of row objects."),
    ]):
        fn = option(fn)
    return fn


def _check_out(out, db_path: str | None = None, inputs=(), option: str = "--out") -> None:
    """Refuse an output that is the database or a file the command reads (one-line error)."""
    from stemfoot.corpus.safe_io import check_output_path

    check_output_path(out, inputs, db_path, option=option)


def _open(db_path: str, **kwargs):
    from stemfoot.corpus.db import open_db

    return open_db(db_path, **kwargs)


class _Progress:
    """The one progress display: a record counter on stderr, shown only when stderr is a terminal."""

    def __init__(self, label: str, total: int | None = None) -> None:
        self.enabled = sys.stderr.isatty()
        self.label = label
        self.total = total
        self.count = 0

    def _text(self) -> str:
        return f"\r{self.label}: {self.count}" + (f"/{self.total}" if self.total else "") + " records"

    def __call__(self, n: int) -> None:
        self.count += n
        if self.enabled and (self.count % 100 == 0 or self.total):
            click.echo(self._text(), nl=False, err=True)

    def done(self) -> None:
        if self.enabled and (self.count >= 100 or self.total):
            click.echo(self._text(), err=True)


class _Size(click.ParamType):
    """A byte size: 1000000, 64K, 512M, 2G (binary units)."""

    name = "size"
    _UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        text = str(value).strip().upper().removesuffix("B").removesuffix("I")
        unit = text[-1:] if text[-1:] in self._UNITS and not text[-1:].isdigit() else ""
        try:
            number = float(text[: len(text) - len(unit)])
        except ValueError:
            self.fail(f"{value!r} is not a size (e.g. 500M, 2G)", param, ctx)
        if number <= 0:
            self.fail(f"{value!r} must be positive", param, ctx)
        return int(number * self._UNITS[unit])


SIZE = _Size()


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@db_option(help="SQLite evidence database (created if missing).")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Input format (default: detected from content).")
@click.option("--encoding", help="Text encoding of MEDLINE/RIS/CSV/JSONL files (default UTF-8).")
@click.option("--pubmed", "query", help="Search PubMed live through NCBI E-utilities.")
@click.option("--max", "max_records", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Most records to fetch for --pubmed.")
@click.option("--api-key", envvar="NCBI_API_KEY", help="NCBI API key (allows 10 requests/s) [env: NCBI_API_KEY].")
@click.option("--email", envvar="NCBI_EMAIL", help="Contact e-mail sent to NCBI [env: NCBI_EMAIL].")
@click.option("--eutils-url", default="https://eutils.ncbi.nlm.nih.gov/entrez/eutils/", show_default=True,
              help="E-utilities base URL.")
@click.option("-q", "--quiet", is_flag=True, help="Do not print per-record warnings.")
@click.option("--max-input-size", type=SIZE, default="1G", show_default=True,
              help="Largest input after decompression.")
@click.option("--max-gzip-ratio", type=click.FloatRange(min=1), default=100, show_default=True,
              help="Largest decompressed/compressed ratio of a .gz input (gzip bombs).")
@click.option("--max-record-size", type=SIZE, default="16M", show_default=True, help="Largest single record.")
@click.option("--max-csv-field", type=SIZE, default="10M", show_default=True,
              help="Longest CSV cell (characters).")
@click.option("--max-response-size", type=SIZE, default="64M", show_default=True,
              help="--pubmed: largest E-utilities reply.")
@click.option("--response-deadline", type=click.FloatRange(min=1), default=120, show_default=True,
              help="--pubmed: seconds one E-utilities reply may take in total.")
@click.option("--max-retry-wait", type=click.FloatRange(min=0), default=120, show_default=True,
              help="--pubmed: longest pause a Retry-After header may impose (seconds).")
def ingest(files, db_path, fmt, encoding, query, max_records, api_key, email, eutils_url, quiet,
           max_input_size, max_gzip_ratio, max_record_size, max_csv_field, max_response_size,
           response_deadline, max_retry_wait):
    """Ingest PubMed XML, MEDLINE, RIS, CSV or JSONL files (or a live PubMed search).

    Each file is one transaction: a file that fails changes nothing. Records
    are deduplicated on PMID, else DOI, else normalised title + year.
    """
    from stemfoot.corpus.ingest.eutils import EutilsClient
    from stemfoot.corpus.ingest.loader import IngestLimits, IngestSummary, ingest_file, ingest_pubmed

    if not files and not query:
        raise click.UsageError("give FILES to ingest or --pubmed QUERY")
    limits = IngestLimits(max_input_size, max_gzip_ratio, max_record_size, max_csv_field)
    db = _open(db_path)
    progress = _Progress("ingest")
    totals = []

    def report(name: str, summary) -> None:
        totals.append(summary)
        if not quiet:
            for warning in summary.warnings:
                click.echo(f"warning: {warning}", err=True)
        click.echo(f"{name}: {summary.line()}")

    try:
        for path in files:
            report(path, ingest_file(db, path, fmt, encoding, progress, limits))
        if query:
            if not email:
                click.echo("warning: NCBI asks for a contact e-mail; pass --email or set NCBI_EMAIL", err=True)
            def waiting(seconds_left: float) -> None:
                if sys.stderr.isatty():
                    click.echo(f"\rPubMed asked to wait: {seconds_left:4.0f} s left (Ctrl-C stops) ",
                               nl=seconds_left <= 0, err=True)

            def note(text: str) -> None:
                click.echo(f"warning: {text}", err=True)

            with EutilsClient(eutils_url, api_key=api_key, email=email, max_response_bytes=max_response_size,
                              response_deadline=response_deadline, max_retry_wait=max_retry_wait,
                              on_wait=waiting, on_note=note) as client:
                report(f"pubmed:{query}", ingest_pubmed(db, client, query, max_records, progress=progress))
    except CorpusError as exc:
        progress.done()
        done = f" ({len(totals)} earlier source(s) ingested)" if totals else ""
        raise click.ClickException(f"{exc}; nothing from this file or batch was stored{done}") from exc
    progress.done()
    if len(totals) > 1:
        total = IngestSummary()
        for summary in totals:
            total.add(summary)
        click.echo(f"total: {total.line()}")


@cli.command()
@db_option()
@json_option
def stats(db_path, as_json):
    """Summarise the corpus: studies, years, sources."""
    from stemfoot.corpus.summary import corpus_stats

    db = _open(db_path, create=False, readonly=True)
    data = corpus_stats(db)
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"studies: {data['studies']} ({data['with_abstract']} with abstract, {data['without_pmid']} without PMID)")
    for key in ("by_year", "by_format"):
        click.echo(f"{key.replace('_', ' ')}: " + ", ".join(f"{k}: {v}" for k, v in data[key].items()))


@cli.command()
@db_option()
@click.argument("target", type=click.Path(dir_okay=False))
def backup(db_path, target):
    """Copy the database to TARGET while it is in use (SQLite backup API)."""
    from stemfoot.corpus.backup import backup as backup_db

    _check_out(target, db_path, option="TARGET")
    pages = backup_db(db_path, target)
    click.echo(f"{db_path} -> {target}: {pages} pages, integrity ok")
@cli.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--measure", type=click.Choice(MEASURES, case_sensitive=False), default=None,
              help="Effect measure (RR/OR on the log scale; GEN for precomputed yi,vi). "
                   "Default: RR, or GEN for a FILE with yi,vi columns.")
@method_option
@test_option
@json_option
@db_option(required=False, help="Pool from this corpus instead of FILE.")
@click.option("--outcome", help="With --db: the outcome id to pool (e.g. ulcer_healing).")
@only_verified_option
def meta(file: str | None, measure: str | None, method: str, test: str, as_json: bool, db_path: str | None,
         outcome: str | None, only_verified: bool) -> None:
    """Pool the studies in FILE (CSV), or an outcome of the corpus (--db, --outcome), like R's metafor.

    FILE has a `study` column plus one of: events_t,total_t,events_c,total_c |
    mean_t,sd_t,n_t,mean_c,sd_c,n_c | yi,vi.
    """
    import pandas as pd

    from stemfoot.metaanalysis import meta_analysis

    left_out = None
    if db_path is not None:
        if file is not None:
            raise click.UsageError("give FILE or --db, not both")
        measure = measure or "RR"
        data = _corpus_table(db_path, outcome, measure, only_verified)
        if data.k < 2:
            from stemfoot.chain import found_text

            raise click.ClickException(found_text(data))
        df, file, left_out = data.table, f"{db_path}:{outcome}", data.left_out
    elif outcome or only_verified:
        raise click.UsageError("--outcome and --only-verified go with --db")
    elif file is None:
        raise click.UsageError("FILE is required (or --db with --outcome)")
    else:
        from stemfoot.corpus.safe_io import check_input_file

        check_input_file(file)  # a FIFO would block for ever
        try:
            df = pd.read_csv(file, skipinitialspace=True)
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
            raise click.ClickException(f"{file}: cannot read CSV: {str(err).splitlines()[0]}") from err
        measure = measure or ("GEN" if {"yi", "vi"} <= set(df.columns) else "RR")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            res = meta_analysis(df, measure, method, test)
            result = res.to_dict()
            if left_out is not None:
                result["left_out"] = [{"study": s.study, "pmid": s.pmid, "reason": s.reason} for s in left_out]
            out = json.dumps(result, allow_nan=False, indent=2) if as_json else res.summary()
            if left_out and not as_json:
                out = out.rstrip("\n") + "\n\n" + _left_out_line(left_out)
        except MetaAnalysisError as err:
            raise click.ClickException(f"{file}: {err}") from err
    for w in caught:
        if issubclass(w.category, UserWarning):
            click.echo(f"Warning: {file}: {w.message}", err=True)
    click.echo(out.rstrip("\n"))


@cli.command()
@db_option()
@pmid_option
@click.option("--n-process", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
@click.option("--batch-size", default=64, show_default=True, type=click.IntRange(1, 10_000), help="Docs per batch.")
@click.option("--pico/--no-pico", default=True, show_default=True,
              help="Also store the PICO tagger's participant/intervention/outcome spans.")
def extract(db_path: str, ids: tuple[str, ...], n_process: int, batch_size: int, pico: bool) -> None:
    """Extract evidence (design, arms, cells, outcome statistics, PICO spans) from abstracts."""
    # Imported here: loading spaCy takes a second every other command need not pay.
    from stemfoot import chain
    from stemfoot.corpus.evidence import studies_to_extract

    db = _open(db_path, create=False)
    progress = _Progress("extract", len(studies_to_extract(db, list(ids))))
    summary = chain.extract_corpus(db, list(ids), n_process=n_process, batch_size=batch_size, pico=pico,
                                   on_study=lambda: progress(1))
    progress.done()
    for failure in summary.failures:
        click.echo(f"warning: {failure}", err=True)
    click.echo(summary.line())


@cli.command()
@click.argument("studies", nargs=-1)
@db_option()
@pmid_option
def show(studies: tuple[str, ...], db_path: str, ids: tuple[str, ...]) -> None:
    """Show the evidence card of each study (STUDIES or --pmid: PMIDs or local ids), with source sentences."""
    from stemfoot.report import card

    wanted = list(dict.fromkeys(studies + ids))
    if not wanted:
        raise click.UsageError("name the study: a PMID or local id (or --pmid)")
    db = _open(db_path, create=False, readonly=True)
    click.echo("\n\n".join(card.evidence_card(db, study) for study in wanted))


@cli.command()
@db_option()
@click.option("--format", "fmt", type=click.Choice(("jsonl", "csv")), default="jsonl", show_default=True,
              help="jsonl: one record a line; csv: one row a study, nested fields as JSON.")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
@pmid_option
def export(db_path: str, fmt: str, out: str | None, ids: tuple[str, ...]) -> None:
    """Export one schema-validated record per extracted study (a file format, so --format, not --json/--csv)."""
    from stemfoot.report import export as exporting

    from stemfoot.corpus.safe_io import atomic_open

    if out is not None:
        _check_out(out, db_path)
    db = _open(db_path, create=False, readonly=True)
    invalid: list[str] = []
    if out is None:
        exporting.write(db, sys.stdout, fmt, list(ids), invalid)
        sys.stdout.flush()  # a full disk or closed pipe fails here, as a one-line error
    else:
        with atomic_open(out, "w", newline="") as fh:
            n = exporting.write(db, fh, fmt, list(ids), invalid)
    for message in invalid:
        click.echo(f"warning: not exported: {message}", err=True)
    if out is not None:
        skipped = f" ({len(invalid)} not exported: failed the schema)" if invalid else ""
        click.echo(f"Exported {n} studies to {out}{skipped}", err=True)


@cli.command()
@click.option("--gold", required=True, type=click.Path(exists=True, dir_okay=False), help="Gold JSONL.")
@click.option("--details", is_flag=True, help="Also list every miss and every unmatched extraction.")
@click.option("--n-process", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
def evaluate(gold: str, details: bool, n_process: int) -> None:
    """Score extraction against gold annotations: per-field precision and recall."""
    from stemfoot.tools import evaluate as evaluation

    scores = evaluation.evaluate(evaluation.load_gold(gold), n_process=n_process)
    click.echo(evaluation.report(scores))
    if details:
        for name, score in scores.items():
            for miss in score.misses:
                click.echo(f"{name}: {miss}")


@cli.command()
@db_option()
@pmid_option
@click.option("--outcome", help="Only the values of this outcome.")
@reviewer_option
@click.option("--export", "export_path", type=click.Path(dir_okay=False), help="Write the values to a CSV sheet.")
@click.option("--import", "import_path", type=click.Path(dir_okay=False), help="Apply a reviewed CSV sheet.")
@click.option("--force", is_flag=True, help="With --export: overwrite an existing sheet.")
@click.option("--dry-run", is_flag=True, help="With --import: check the sheet and summarise it, change nothing.")
@click.option("--all", "include_reviewed", is_flag=True, help="Interactive: also show values already reviewed.")
@click.option("--match", "matches", multiple=True, metavar="OLD_ID=NEW_ID",
              help="A reviewed value not found again after re-extraction is now NEW_ID; repeatable.")
@click.option("--dismiss", "dismissals", multiple=True, metavar="OLD_ID",
              help="A reviewed value not found again no longer applies; repeatable.")
def review(db_path, ids, outcome, reviewer, export_path, import_path, force, dry_run, include_reviewed,
           matches, dismissals):
    """Verify extracted values: interactively, or through a CSV sheet (--export, then --import).

    Interactive keys: a accept, c correct (then type the value), r reject,
    s skip, n note, q quit. Each decision is saved as soon as it is made.
    """
    if export_path and import_path:
        raise click.UsageError("--export and --import cannot be combined")
    from stemfoot.review.decisions import default_reviewer
    from stemfoot.review.interactive import review_session
    from stemfoot.review.sheet import export_sheet, import_sheet

    if import_path and (ids or outcome):
        raise click.UsageError("--pmid and --outcome select what to export or review, not what to import")
    if force and not (export_path or import_path):
        raise click.UsageError("--force goes with --export or --import")
    if dry_run and not import_path:
        raise click.UsageError("--dry-run goes with --import")
    db = _open(db_path, create=False)
    reviewer = reviewer or default_reviewer()
    if matches or dismissals:
        from stemfoot.review.decisions import resolve_match

        for pair in matches:
            old_id, sep, new_id = pair.partition("=")
            if not sep or not old_id.strip() or not new_id.strip():
                raise click.UsageError(f"--match takes OLD_ID=NEW_ID, not {pair!r}")
            resolve_match(db, old_id.strip(), new_id.strip(), reviewer)
            click.echo(f"{old_id.strip()}: matched to {new_id.strip()}")
        for old_id in dismissals:
            resolve_match(db, old_id.strip(), None, reviewer)
            click.echo(f"{old_id.strip()}: dismissed")
        return
    if export_path:
        _check_out(export_path, db_path, option="--export")
        count = export_sheet(db, export_path, list(ids), outcome, overwrite=force)
        click.echo(f"{export_path}: {count} values exported")
    elif import_path:
        from stemfoot.corpus.safe_io import check_input_file

        check_input_file(import_path)
        summary = import_sheet(db, import_path, reviewer, dry_run=dry_run, force=force)
        for conflict in summary.conflicts:
            click.echo(f"warning: {conflict}", err=True)
        click.echo(f"{import_path}: {summary.line()}" + (" (dry run: nothing changed)" if dry_run else ""))
    else:
        tally = review_session(db, reviewer, list(ids), outcome, include_reviewed)
        if tally.shown:
            click.echo(tally.line())


@cli.command()
@click.argument("studies", nargs=-1)
@db_option()
@pmid_option
@click.option("--include", "decision", flag_value="include", help="Include the studies.")
@click.option("--exclude", "decision", flag_value="exclude", help="Exclude the studies (needs --reason).")
@click.option("--reason", help="Why the studies are excluded (counted in the PRISMA flow).")
@click.option("--note", help="A free-text note.")
@reviewer_option
@json_option
def screen(studies, db_path, ids, decision, reason, note, reviewer, as_json):
    """Include or exclude studies (STUDIES or --pmid: PMIDs or local ids); then print the PRISMA counts."""
    from stemfoot.corpus.curation import prisma_counts
    from stemfoot.review.decisions import default_reviewer, screen_studies

    ids = tuple(dict.fromkeys(studies + ids))
    if ids and not decision:
        raise click.UsageError("give --include or --exclude for the studies")
    if decision and not ids:
        raise click.UsageError("give the PMIDs or local ids to include or exclude")
    if decision == "exclude" and not (reason or "").strip():
        raise click.UsageError("--exclude needs --reason")
    db = _open(db_path, create=False)
    if ids:
        screen_studies(db, list(ids), decision, reviewer=reviewer or default_reviewer(),
                       reason=reason, note=note, source="cli")
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


# --- pooling, figures, report, query and serve over the corpus ---------------------------------------------

POOL_MEASURES = ("RR", "OR", "RD", "MD", "SMD")
FIGURE_SUFFIXES = (".png", ".svg", ".pdf")


def _corpus_table(db_path: str, outcome: str | None, measure: str, only_verified: bool):
    from stemfoot.chain import outcome_table

    if not outcome:
        raise click.UsageError("--db needs --outcome")
    if measure.upper() not in POOL_MEASURES:
        raise click.UsageError(f"with --db, --measure must be one of {', '.join(POOL_MEASURES)}")
    return outcome_table(_open(db_path, create=False, readonly=True), outcome, measure, only_verified)


def _left_out_line(left_out) -> str:
    return "Not pooled: " + "; ".join(f"{s.study} ({s.reason})" for s in left_out) + "."


def _analyse(db_path: str, outcome: str, measure: str, method: str, test: str, only_verified: bool):
    from stemfoot.chain import analyse

    a = analyse(_open(db_path, create=False, readonly=True), outcome, measure, method, test, only_verified)
    for w in a.warnings:
        click.echo(f"Warning: {w}", err=True)
    return a


def _pool_options(fn):
    options = [
        db_option(),
        click.option("--outcome", required=True, help="Outcome id to pool (e.g. ulcer_healing, amputation)."),
        click.option("--measure", type=click.Choice(POOL_MEASURES, case_sensitive=False), default="RR",
                     show_default=True, help="Effect measure: RR/OR/RD from events, MD/SMD from means."),
        method_option,
        test_option,
        only_verified_option,
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _figure_path(out: str) -> str:
    if Path(out).suffix.lower() not in FIGURE_SUFFIXES:
        raise click.UsageError(f"--out must end in {', '.join(FIGURE_SUFFIXES)}: {out}")
    return out


def _pooled_line(a) -> str:
    test = ", Knapp-Hartung" if a.test == "knha" else ""
    return f"{a.data.outcome}: {a.result.k} studies pooled ({a.data.measure}, {a.method}{test})"


@cli.command()
@_pool_options
@click.option("--subgroup", type=click.Choice(("cell_type", "route", "design")),
              help="Split the studies by this characteristic and test for subgroup differences.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Figure file: .png, .svg or .pdf.")
def forest(db_path, outcome, measure, method, test, only_verified, subgroup, out):
    """Draw the forest plot of an outcome pooled from the corpus.

    Studies whose numbers cannot be pooled are named, with the reason, in
    the figure's footnote and on stdout. The last line names the file.
    """
    from stemfoot.report.figures import draw_forest

    _figure_path(out)
    _check_out(out, db_path)
    a = _analyse(db_path, outcome, measure, method, test, only_verified)
    path = draw_forest(a, out, subgroup)
    click.echo(_pooled_line(a))
    if a.data.left_out:
        click.echo(_left_out_line(a.data.left_out))
    click.echo(f"Forest plot written to {path}")


@cli.command()
@_pool_options
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Figure file: .png, .svg or .pdf.")
def funnel(db_path, outcome, measure, method, test, only_verified, out):
    """Draw the contour-enhanced funnel plot of an outcome, with Egger's test in the caption.

    Egger's test needs at least 3 studies; with fewer the caption says so.
    The last line names the file.
    """
    from stemfoot.report.figures import draw_funnel, egger_caption

    _figure_path(out)
    _check_out(out, db_path)
    a = _analyse(db_path, outcome, measure, method, test, only_verified)
    path = draw_funnel(a, out)
    caption = egger_caption(a)[2]
    click.echo(_pooled_line(a))
    click.echo(caption)
    click.echo(f"Funnel plot written to {path}")



def _print_rows(columns: list[str], rows: list[dict], fmt: str, shown: tuple[str, ...] | None = None) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
    elif fmt == "csv":
        from stemfoot.corpus.csv_safety import SafeWriter

        writer = SafeWriter(sys.stdout, lineterminator="\n")  # formula cells neutralised (docs/reliability.md)
        writer.writerow(columns)
        writer.writerows([[row[c] for c in columns] for row in rows])
    else:
        from tabulate import tabulate

        cols = [c for c in (shown or columns) if c in columns]
        click.echo(tabulate([[row[c] for c in cols] for row in rows], headers=cols, tablefmt="simple",
                            disable_numparse=True, missingval=""))
        click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


@cli.command()
@db_option()
@click.option("--outcome", help="Only this outcome id (e.g. ulcer_healing).")
@click.option("--cell-type", help="Only studies with this cell type (e.g. BM-MNC).")
@click.option("--design", type=click.Choice(DESIGNS),
              help="Only studies of this design.")
@click.option("--year-from", type=int, help="Only studies published in or after this year.")
@click.option("--year-to", type=int, help="Only studies published in or before this year.")
@click.option("--search", help='Full-text search of titles and abstracts (e.g. "mononuclear cells").')
@click.option("--only-verified", is_flag=True, help="Only reviewer-verified values (corrections applied).")
@click.option("--sql", help="Run this SQL instead (read-only: writes are refused).")
@click.option("--sql-timeout", type=click.FloatRange(min=0.001), default=30, show_default=True,
              help="--sql: seconds the statement may run.")
@click.option("--sql-memory", type=SIZE, default="512M", show_default=True,
              help="--sql: SQLite memory the statement may use.")
@click.option("--max-rows", type=click.IntRange(min=1), default=100_000, show_default=True,
              help="--sql: most rows returned (more is an error, not a silent cut).")
@output_options
def query(db_path, outcome, cell_type, design, year_from, year_to, search, only_verified, sql, sql_timeout,
          sql_memory, max_rows, fmt):
    """Query the extracted statistics (one row per statistic, with its study and arm), or run --sql.

    The database is opened read-only: a --sql statement that writes is
    refused (exit 1) and changes nothing.
    """
    from stemfoot.corpus.query import run_sql
    from stemfoot.corpus.query_filters import TABLE_COLUMNS, Filters
    from stemfoot.report.query import query_statistics

    filters = Filters(outcome, cell_type, design, year_from, year_to, search)
    if sql and (filters != Filters() or only_verified):
        raise click.UsageError("--sql cannot be combined with the filters")
    if sql:
        columns, rows = run_sql(db_path, sql, max_seconds=sql_timeout, heap_bytes=sql_memory, max_rows=max_rows)
        records = [dict(zip(columns, row)) for row in rows]
        shown = None
    else:
        columns, records = query_statistics(db_path, filters, only_verified)
        shown = TABLE_COLUMNS
    _print_rows(columns, records, fmt, shown)
    sys.stdout.flush()  # a full disk or closed pipe fails here, as a one-line error



@cli.command()
@db_option()
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="HTML file to write.")
@method_option
@test_option
@only_verified_option
def report(db_path, out, method, test, only_verified):
    """Write a self-contained HTML evidence report (opens offline; no scripts).

    Corpus summary and PRISMA counts, the studies table, a meta-analysis
    with forest and funnel plot per outcome with 2+ poolable studies, and an
    evidence card per study with every number marked in its source sentence.
    """
    from stemfoot.report.html import write_report

    _check_out(out, db_path)
    db = _open(db_path, create=False, readonly=True)
    path = write_report(db, out, only_verified, method.upper(), test, db_name=Path(db_path).name)
    click.echo(f"Report written to {path} ({path.stat().st_size // 1024} KiB)")



@cli.command()
@db_option()
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535), help="Port on 127.0.0.1.")
def serve(db_path, port):
    """Browse the corpus in Datasette on 127.0.0.1 (facets, full-text search, canned queries).

    Needs the `serve` extra (datasette). Ctrl-C stops the server.
    """
    from stemfoot.report.datasette import serve as run_datasette

    click.echo(f"Serving {db_path} at http://127.0.0.1:{port}/ (Ctrl-C stops)", err=True)
    status = run_datasette(db_path, port)
    if status != 0:
        raise click.ClickException(f"datasette exited with status {status}")


@cli.command("train-pico")
@click.option("--data", "data", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of the PICO corpora (shared/data/pico layout).")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output folder: corpus DocBins, dev split, model-best/ and model-last/.")
@click.option("--max-steps", type=int, default=None, help="Override training.max_steps.")
@click.option("--no-partial", is_flag=True, help="Skip the participant-only and intervention-only corpora.")
@click.option("--no-mod", is_flag=True, help="Skip the EBM-NLPmod corpora.")
@click.option("--crowd-weight", type=click.IntRange(min=1), default=3, show_default=True,
              help="Times each fully labelled crowd abstract is repeated in training.")
def train_pico_command(data: Path, out: Path, max_steps: int | None, no_partial: bool, no_mod: bool,
                       crowd_weight: int) -> None:
    """Train the PICO span tagger from the EBM-NLP corpora (CPU) and print dev figures."""
    from stemfoot.extract.pico_eval import format_scores
    from stemfoot.tools.pico_train import train_pico

    overrides = {"training.max_steps": max_steps} if max_steps is not None else {}
    scores = train_pico(data, out, partial=not no_partial, mod=not no_mod,
                        crowd_weight=crowd_weight, overrides=overrides)
    click.echo(format_scores(scores))


@cli.command("tag-pico")
@click.option("--conll", "conll", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CoNLL input: 'token POS _ tag' lines, -DOCSTART- (PMID) lines, blank lines.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Output: the input line for line, last column = I-PAR, I-INT, I-OUT or O.")
@click.option("--model", "model", type=click.Path(exists=True, file_okay=False), default=None,
              help="A trained model folder (default: the shipped one).")
def tag_pico_command(conll: Path, out: Path, model: str | None) -> None:
    """Tag pre-tokenised abstracts with PICO tags, keeping the tokens as given."""
    from stemfoot.corpus.safe_io import check_input_file

    check_input_file(conll)  # before spaCy loads: a FIFO or device is refused at once
    _check_out(out, inputs=[conll])
    from stemfoot.extract.pico import load_pico_model, tag_documents
    from stemfoot.extract.pico_conll import retag_conll

    try:
        nlp = load_pico_model(model)
        retag_conll(conll, out, lambda docs: tag_documents(docs, nlp))
    except OSError as err:
        raise click.ClickException(str(err)) from err
    except UnicodeDecodeError as err:
        raise click.ClickException(f"{conll}: not UTF-8 text ({err.reason})") from err


if __name__ == "__main__":
    cli()
