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
@click.option("--pmc", "pmc_query", help="Search PubMed Central and fetch the Open Access full texts (JATS).")
@click.option("--pmcid", "pmcids", help="Fetch these PMC full texts: PMC123,PMC456,...")
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
              help="--pubmed/--pmc: largest E-utilities reply.")
@click.option("--response-deadline", type=click.FloatRange(min=1), default=120, show_default=True,
              help="--pubmed/--pmc: seconds one E-utilities reply may take in total.")
@click.option("--max-retry-wait", type=click.FloatRange(min=0), default=120, show_default=True,
              help="--pubmed/--pmc: longest pause a Retry-After header may impose (seconds).")
def ingest(files, db_path, fmt, encoding, query, pmc_query, pmcids, max_records, api_key, email, eutils_url, quiet,
           max_input_size, max_gzip_ratio, max_record_size, max_csv_field, max_response_size,
           response_deadline, max_retry_wait):
    """Ingest PubMed XML, PMC JATS full texts, MEDLINE, RIS, CSV or JSONL files (or a live PubMed/PMC search).

    Each file is one transaction: a file that fails changes nothing. Records
    are deduplicated on PMID, else DOI, else normalised title + year.
    """
    from stemfoot.corpus.ingest.eutils import EutilsClient
    from stemfoot.corpus.ingest.loader import IngestLimits, IngestSummary, ingest_file, ingest_pmc, ingest_pubmed

    if not files and not query and not pmc_query and not pmcids:
        raise click.UsageError("give FILES to ingest or --pubmed QUERY (or --pmc QUERY, --pmcid IDS)")
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

        def waiting(seconds_left: float) -> None:
            if sys.stderr.isatty():
                click.echo(f"\rNCBI asked to wait: {seconds_left:4.0f} s left (Ctrl-C stops) ",
                           nl=seconds_left <= 0, err=True)

        def note(text: str) -> None:
            click.echo(f"warning: {text}", err=True)

        def client() -> EutilsClient:
            if not email:
                click.echo("warning: NCBI asks for a contact e-mail; pass --email or set NCBI_EMAIL", err=True)
            return EutilsClient(eutils_url, api_key=api_key, email=email, max_response_bytes=max_response_size,
                                response_deadline=response_deadline, max_retry_wait=max_retry_wait,
                                on_wait=waiting, on_note=note)

        if query:
            with client() as eutils:
                report(f"pubmed:{query}", ingest_pubmed(db, eutils, query, max_records, progress=progress))
        if pmc_query or pmcids:
            with client() as eutils:
                name = f"pmc:{pmc_query}" if pmc_query else "pmc:ids"
                report(name, ingest_pmc(db, eutils, pmc_query, (pmcids or "").split(",") if pmcids else None,
                                        max_records, progress=progress))
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
    from stemfoot.corpus.db import open_for_counts
    from stemfoot.corpus.summary import corpus_stats

    data = corpus_stats(open_for_counts(db_path))
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"studies: {data['studies']} ({data['with_abstract']} with abstract, {data['without_pmid']} without PMID)")
    for key in ("by_year", "by_format"):
        click.echo(f"{key.replace('_', ' ')}: " + ", ".join(f"{k}: {v}" for k, v in data[key].items()))
    if (data.get("withheld") or {}).get("statistics"):
        held = data["withheld"]
        click.echo(f"withheld by the export gate: {held['statistics']} statistic(s), {held['placed']} placed by a "
                   "reviewer (`review --held` to review them)")


@cli.command()
@db_option()
@click.argument("target", type=click.Path(dir_okay=False))
def backup(db_path, target):
    """Copy the database to TARGET while it is in use (SQLite backup API)."""
    from stemfoot.corpus.backup import backup as backup_db

    _check_out(target, db_path, option="TARGET")
    pages = backup_db(db_path, target)
    click.echo(f"{db_path} -> {target}: {pages} pages, integrity ok")
multiarm_option = click.option(
    "--multiarm", type=click.Choice(("combine", "split")), default="combine", show_default=True,
    help="Multi-arm trials: combine the experimental arms, or split the shared control among them.")
protocol_option = click.option(
    "--protocol", "protocol_path", type=click.Path(exists=True, dir_okay=False),
    help="Review protocol (TOML): comparison, outcome definitions and synonyms, timepoint rule, exclusions.")
sensitivity_option = click.option(
    "--sensitivity", type=click.Choice(("leave-one-out", "cumulative", "rct-only", "reviewed-only")),
    help="Run this sensitivity analysis instead of the main one (cumulative: by publication year).")


def _analysis_input(file: str | None, db_path: str | None, outcome: str | None, only_verified: bool, protocol,
                    settings: tuple) -> tuple:
    """The table to pool, from FILE (CSV) or an outcome of the corpus: (table, source name, OutcomeData or
    None, (measure, method, test, multiarm)) — a protocol's settings apply where the command line kept defaults."""
    import pandas as pd

    measure, method, test, multiarm = settings
    if db_path is not None:
        if file is not None:
            raise click.UsageError("give FILE or --db, not both")
        if not outcome:
            raise click.UsageError("--db needs --outcome")
        from stemfoot.chain import found_text

        settings = _protocol_settings(click.get_current_context(), protocol, outcome, measure or "RR", method,
                                      test, multiarm)
        data = _corpus_table(db_path, outcome, settings[0], only_verified, protocol, settings[3])
        if data.k < 2:
            raise click.ClickException(found_text(data))
        return data.table, f"{db_path}:{outcome}", data, settings
    if outcome or only_verified:
        raise click.UsageError("--outcome and --only-verified go with --db")
    if file is None:
        raise click.UsageError("FILE is required (or --db with --outcome)")
    from stemfoot.corpus.safe_io import check_input_file

    check_input_file(file)  # a FIFO would block for ever
    try:
        table = pd.read_csv(file, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise click.ClickException(f"{file}: cannot read CSV: {str(err).splitlines()[0]}") from err
    if {"arm", "role"} <= set(table.columns):
        table = _arm_file(table, file, multiarm, protocol)
    measure = measure or ("GEN" if {"yi", "vi"} <= set(table.columns) else "RR")
    return table, file, None, (measure, method, test, multiarm)


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
@multiarm_option
@protocol_option
@sensitivity_option
def meta(file: str | None, measure: str | None, method: str, test: str, as_json: bool, db_path: str | None,
         outcome: str | None, only_verified: bool, multiarm: str, protocol_path: str | None,
         sensitivity: str | None) -> None:
    """Pool the studies in FILE (CSV), or an outcome of the corpus (--db, --outcome), like R's metafor.

    FILE has a `study` column plus, per row, one of: events_t,total_t,events_c,total_c |
    mean_t,sd_t,n_t,mean_c,sd_c,n_c | effect,ci_lower,ci_upper (natural scale, 95% CI) |
    yi,vi | yi,sei. Rows may mix these sets (generic inverse variance). A FILE
    with `arm` and `role` columns has one row per arm (events,total or mean,sd,n).
    """
    protocol = _load_protocol(protocol_path)
    df, file, data, (measure, method, test, multiarm) = _analysis_input(
        file, db_path, outcome, only_verified, protocol, (measure, method, test, multiarm))
    if data is not None:
        from stemfoot import chain  # spaCy and the corpus layers: only for --db
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            if data is not None:
                a = chain.pool_data(data, method, test, multiarm=multiarm, protocol=protocol)
                res, sources = a.result, a.sources
            else:
                from stemfoot.metaanalysis.pooling import pool

                res, sources = pool(df, measure, method, test)
                a = None
            if sensitivity:
                out = _sensitivity_output(res, sources, df, data, a, measure, method, test, sensitivity, as_json, file)
            else:
                out = _meta_output(res, sources, df, data, as_json)
        except MetaAnalysisError as err:
            raise click.ClickException(f"{file}: {err}") from err
    for w in caught:
        if issubclass(w.category, UserWarning):
            click.echo(f"Warning: {file}: {w.message}", err=True)
    click.echo(out.rstrip("\n"))


def _load_protocol(path: str | None):
    if path is None:
        return None
    from stemfoot.metaanalysis.protocol import load_protocol
    from stemfoot.schemas import ARM_ROLES

    return load_protocol(path, roles=ARM_ROLES)


def _protocol_settings(ctx: click.Context, protocol, outcome: str, measure: str, method: str, test: str,
                       multiarm: str) -> tuple[str, str, str, str]:
    """The protocol's measure, method, test and multi-arm mode where the command line left them at their defaults."""
    from click.core import ParameterSource

    if protocol is None:
        return measure, method, test, multiarm

    def default(name: str) -> bool:
        return ctx.get_parameter_source(name) in (ParameterSource.DEFAULT, None)

    spec = protocol.outcome(outcome)
    if default("measure") or ctx.params.get("measure") is None:
        measure = spec.measure
    if default("method"):
        method = protocol.analysis.method
    if default("test"):
        test = protocol.analysis.test
    if default("multiarm"):
        multiarm = protocol.analysis.multiarm
    if measure.upper() not in POOL_MEASURES:
        raise click.UsageError(f"{protocol.path}: outcome {outcome} has measure {measure}; "
                               f"from the corpus only {', '.join(POOL_MEASURES)} can be pooled")
    return measure, method, test, multiarm


def _arm_file(df, file: str, multiarm: str, protocol):
    """A one-row-per-arm CSV (study, arm, role, events,total | mean,sd,n) as one row per comparison."""
    from stemfoot.metaanalysis.multiarm import arms_to_rows

    roles = {}
    if protocol is not None:
        roles = {"experimental_roles": protocol.experimental.roles, "control_roles": protocol.control.roles}
    try:
        return arms_to_rows(df, multiarm, **roles)
    except MetaAnalysisError as err:
        raise click.ClickException(f"{file}: {err}") from err


def _json_number(x):
    import math

    if x is None:
        return None
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(x):
        return None
    return int(x) if x.is_integer() and abs(x) < 2**53 else x


def _study_details(df, data, labels: list[str]) -> list[dict]:
    """Per pooled study: the numbers it contributed and, from the corpus, timepoint, value ids and review state."""
    from stemfoot.metaanalysis.generic_iv import ARM_BINARY, ARM_CONTINUOUS

    rows = {str(r["study"]): r for r in df.to_dict("records")} if "study" in df.columns else {}
    out = []
    for label in labels:
        r = rows.get(label, {})
        extra: dict = {}
        arm = {c: _json_number(r.get(c)) for c in ARM_BINARY + ARM_CONTINUOUS if _json_number(r.get(c)) is not None}
        if arm:
            extra["arm_data"] = arm
        eff = {c: _json_number(r.get(c)) for c in ("effect", "ci_lower", "ci_upper", "p_value")
               if _json_number(r.get(c)) is not None}
        if eff and "effect" in eff:
            extra["reported_effect"] = {"measure": r.get("effect_measure") if isinstance(r.get("effect_measure"), str)
                                        else None, **eff}
        if data is not None:
            extra["pmid"] = r.get("pmid")
            extra["timepoint"] = r.get("timepoint") or None
            extra["values"] = r.get("values") or []
            extra["reviewed"] = bool(r.get("reviewed"))
            if r.get("multiarm"):
                extra["multiarm"] = r["multiarm"]
            if isinstance(r.get("definition"), str):
                extra["definition"] = r["definition"]
        out.append(extra)
    return out


def _meta_output(res, sources: list[str], df, data, as_json: bool) -> str:
    result = res.to_dict()
    if as_json:
        for study, source, extra in zip(result["studies"], sources, _study_details(df, data, res.labels)):
            study["source"] = source
            study.update(extra)
        if data is not None:
            result["left_out"] = [{"study": s.study, "pmid": s.pmid, "reason": s.reason} for s in data.left_out]
        return json.dumps(result, allow_nan=False, indent=2)
    out = res.summary()
    notes = _pool_notes(res.labels, sources, df)
    if notes:
        out = out.rstrip("\n") + "\n\n" + "\n".join(notes)
    if data is not None and data.left_out:
        out = out.rstrip("\n") + "\n\n" + _left_out_line(data.left_out)
    return out


def _pool_notes(labels: list[str], sources: list[str], df) -> list[str]:
    """Lines said only when they apply: reported effects pooled, multi-arm trials handled."""
    lines = []
    reported = [lab for lab, s in zip(labels, sources) if s == "reported_effect"]
    if reported and len(set(sources)) > 1:
        lines.append("Generic inverse variance: arm data and reported effects pooled on one scale; "
                     f"reported effect: {', '.join(reported)}.")
    if "multiarm" in df.columns:
        done = [f"{r['study']} ({r['multiarm']})" for r in df.to_dict("records")
                if isinstance(r.get("multiarm"), str) and r["multiarm"]]
        if done:
            mode = "split" if any("split" in d for d in done) else "combine (the default)"
            lines.append(f"Multi-arm trials (--multiarm {mode}): " + "; ".join(done) + ".")
    return lines


def _sensitivity_output(res, sources, df, data, a, measure, method, test, kind, as_json, file) -> str:
    from stemfoot import chain

    if a is None:  # FILE: wrap the table as an analysis
        from stemfoot.review.study_table import OutcomeData

        if kind == "reviewed-only":
            raise click.UsageError("--sensitivity reviewed-only needs --db (review state lives in the corpus)")
        table = df.copy()
        if "study" not in table.columns:
            table.insert(0, "study", [str(i + 1) for i in range(len(table))])
        kind_ = "binary" if "events_t" in table.columns else "continuous"
        a = chain.Analysis(OutcomeData(str(file), measure.upper(), kind_, table, []), res, method.upper(), test,
                           sources=sources)
    try:
        sens = chain.sensitivity(a, kind)
    except chain.NotEnoughStudies as err:  # a subset with < 2 studies: the message names the outcome
        raise click.ClickException(f"{kind}: {err}") from err
    if sens.subset is not None:
        if as_json:
            body = json.loads(_meta_output(sens.subset.result, sens.subset.sources, sens.subset.data.table,
                                           data and sens.subset.data, True))
            body["sensitivity"] = {"analysis": kind, "left_out": [{"study": s, "reason": w} for s, w in sens.dropped]}
            return json.dumps(body, allow_nan=False, indent=2)
        return sens.heading() + "\n\n" + _meta_output(sens.subset.result, sens.subset.sources,
                                                       sens.subset.data.table, None, False)
    table = sens.table
    if as_json:
        rows = [{"study": str(i), **{c: _json_number(v) for c, v in r.items()}} for i, r in table.iterrows()]
        return json.dumps({"sensitivity": kind, "measure": res.measure, "method": res.method, "test": res.test,
                           "rows": rows}, allow_nan=False, indent=2)
    return sens.heading() + "\n\n" + _refit_table(table, res.measure)


def _refit_table(table, measure: str) -> str:
    """Leave-one-out / cumulative refits as metafor prints them (exp columns for ratio measures)."""
    import math

    from tabulate import tabulate

    ratio = measure.upper() in ("RR", "OR", "PETO")
    head = ["omitted" if table.index.name == "omitted" else "added", "estimate", "ci_lb", "ci_ub", "pval", "tau2", "I2"]
    rows = []
    for name, r in table.iterrows():
        f = math.exp if ratio else float
        est = [f(r["estimate"]), f(r["ci_lb"]), f(r["ci_ub"])]
        rows.append([name] + [f"{x:.4f}" if math.isfinite(x) else "NA" for x in est]
                    + [f"{r['pval']:.4f}" if math.isfinite(r["pval"]) else "NA", f"{r['tau2']:.4f}", f"{r['I2']:.2f}"])
    text = tabulate(rows, headers=head, tablefmt="simple", disable_numparse=True)
    return text + ("\n(estimates and CIs back-transformed: exp)" if ratio else "")


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
    from stemfoot.corpus.evidence import count_studies, resolve_ids

    db = _open(db_path, create=False)
    progress = _Progress("extract", count_studies(db, resolve_ids(db, list(ids))))
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
@click.option("--rob", "rob_domains", is_flag=True,
              help="Review risk-of-bias domains instead of values (interactive keys, or a sheet with --export/--import).")
@click.option("--match", "matches", multiple=True, metavar="OLD_ID=NEW_ID",
              help="A reviewed value not found again after re-extraction is now NEW_ID; repeatable.")
@click.option("--dismiss", "dismissals", multiple=True, metavar="OLD_ID",
              help="A reviewed value not found again no longer applies; repeatable.")
@click.option("--held", "held_only", is_flag=True,
              help="Only values the export gate withheld for review (interactive, or with --export).")
def review(db_path, ids, outcome, reviewer, export_path, import_path, force, dry_run, include_reviewed, rob_domains,
           matches, dismissals, held_only):
    """Verify extracted values: interactively, or through a CSV sheet (--export, then --import).

    Interactive keys: a accept, c correct (then type the value), r reject,
    s skip, n note, q quit; for a value the export gate withheld, h accepts
    it as read (on the arm it was read as). Each decision is saved as soon as it is made.
    """
    if export_path and import_path:
        raise click.UsageError("--export and --import cannot be combined")
    from stemfoot.review.decisions import default_reviewer
    from stemfoot.review.interactive import review_session
    from stemfoot.review.sheet import export_values, import_sheet

    if import_path and (ids or outcome):
        raise click.UsageError("--pmid and --outcome select what to export or review, not what to import")
    if force and not (export_path or import_path):
        raise click.UsageError("--force goes with --export or --import")
    if dry_run and not import_path:
        raise click.UsageError("--dry-run goes with --import")
    if held_only and (import_path or rob_domains or matches or dismissals):
        raise click.UsageError("--held selects values to review or export")
    db = _open(db_path, create=False)
    reviewer = reviewer or default_reviewer()
    if rob_domains:
        if export_path:
            _check_out(export_path, db_path, option="--export")
        _review_rob(db, reviewer, ids, outcome, export_path, import_path, force, dry_run, include_reviewed)
        return
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
        count, held = export_values(db, export_path, list(ids), outcome, overwrite=force, held_only=held_only)
        click.echo(f"{export_path}: {count} values exported" + (f" ({held} withheld for review)" if held else ""))
    elif import_path:
        from stemfoot.corpus.safe_io import check_input_file

        check_input_file(import_path)
        summary = import_sheet(db, import_path, reviewer, dry_run=dry_run, force=force)
        for conflict in summary.conflicts:
            click.echo(f"warning: {conflict}", err=True)
        click.echo(f"{import_path}: {summary.line()}" + (" (dry run: nothing changed)" if dry_run else ""))
    else:
        tally = review_session(db, reviewer, list(ids), outcome, include_reviewed, held_only)
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
@click.option("--stage", type=click.Choice(("title-abstract", "full-text")),
              help="Two-stage screening: record at this stage, then show its status (kappa, conflicts, next records).")
@click.option("--maybe", "decision", flag_value="maybe", help="With --stage: undecided (discussed as a conflict).")
@click.option("--not-retrieved", "decision", flag_value="not_retrieved",
              help="With --stage full-text: the report could not be obtained.")
@click.option("--adjudicate", is_flag=True, help="With --stage: this decision settles a conflict.")
@click.option("--protocol", "protocol_path", type=click.Path(dir_okay=False),
              help="Review protocol (TOML): exclusion reasons must come from its [screening] list.")
@click.option("--pending", is_flag=True, help="With --stage: decide every record still awaiting this stage.")
@click.option("--next", "show_next", type=click.IntRange(min=0), default=10, show_default=True,
              help="With --stage: how many records to list in relevance order.")
def screen(studies, db_path, ids, decision, reason, note, reviewer, as_json, stage, adjudicate, protocol_path,
           pending, show_next):
    """Include or exclude studies (STUDIES or --pmid: PMIDs or local ids); then print the PRISMA counts.

    With --stage title-abstract|full-text: two-stage screening. Decisions are
    per reviewer; two reviewers' conflicts are listed and settled with
    --adjudicate; Cohen's kappa is reported; the records left are ordered by
    an active-learning classifier (TF-IDF + logistic regression trained on the
    decisions so far) with an estimate of the relevant records left.
    """
    from stemfoot.corpus.curation import prisma_counts
    from stemfoot.review.decisions import default_reviewer, screen_studies

    if stage:
        _screen_stage(studies + ids, db_path, stage, decision, reason, note, reviewer, adjudicate, protocol_path,
                      pending, show_next, as_json)
        return
    if decision in ("maybe", "not_retrieved") or adjudicate or protocol_path or pending:
        raise click.UsageError("--maybe, --not-retrieved, --adjudicate, --protocol and --pending go with --stage")
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


def _corpus_table(db_path: str, outcome: str | None, measure: str, only_verified: bool, protocol=None,
                  multiarm: str = "combine"):
    from stemfoot.chain import outcome_table

    if not outcome:
        raise click.UsageError("--db needs --outcome")
    if measure.upper() not in POOL_MEASURES:
        raise click.UsageError(f"with --db, --measure must be one of {', '.join(POOL_MEASURES)}")
    return outcome_table(_open(db_path, create=False, readonly=True), outcome, measure, only_verified,
                         protocol=protocol, multiarm=multiarm)


def _left_out_line(left_out) -> str:
    return "Not pooled: " + "; ".join(f"{s.study} ({s.reason})" for s in left_out) + "."


def _analyse(db_path: str, outcome: str, measure: str | None, method: str, test: str, only_verified: bool,
             multiarm: str = "combine", protocol_path: str | None = None, force: bool = False):
    from stemfoot.chain import analyse

    protocol = _load_protocol(protocol_path)
    measure, method, test, multiarm = _protocol_settings(click.get_current_context(), protocol, outcome,
                                                         measure or "RR", method, test, multiarm)
    a = analyse(_open(db_path, create=False, readonly=True), outcome, measure, method, test, only_verified,
                protocol=protocol, multiarm=multiarm, force_small_study=force)
    for w in a.warnings:
        click.echo(f"Warning: {w}", err=True)
    return a


def _pool_options(fn):
    options = [
        db_option(),
        click.option("--outcome", required=True, help="Outcome id to pool (e.g. ulcer_healing, amputation)."),
        click.option("--measure", type=click.Choice(POOL_MEASURES, case_sensitive=False), default=None,
                     help="Effect measure: RR/OR/RD from events, MD/SMD from means (default RR, or the protocol's)."),
        method_option,
        test_option,
        only_verified_option,
        multiarm_option,
        protocol_option,
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


force_option = click.option(
    "--force", is_flag=True,
    help="Run Egger's test and trim-and-fill below 10 studies (Cochrane advises against it).")


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
@click.option("--rob", "with_rob", is_flag=True, help="Add a risk-of-bias column (domains and overall, from `rob`).")
@sensitivity_option
def forest(db_path, outcome, measure, method, test, only_verified, multiarm, protocol_path, subgroup, out,
           sensitivity, with_rob):
    """Draw the forest plot of an outcome pooled from the corpus.

    Studies whose numbers cannot be pooled are named, with the reason, in
    the figure's footnote and on stdout. The last line names the file.
    """
    from stemfoot.report.figures import draw_forest

    _figure_path(out)
    _check_out(out, db_path, [protocol_path] if protocol_path else ())
    a = _analyse(db_path, outcome, measure, method, test, only_verified, multiarm, protocol_path)
    if sensitivity:
        from stemfoot.chain import sensitivity as run_sensitivity
        from stemfoot.report.figures import draw_sensitivity_forest

        if subgroup:
            raise click.UsageError("--sensitivity and --subgroup cannot be combined")
        sens = run_sensitivity(a, sensitivity)
        path = draw_sensitivity_forest(sens, out)
        click.echo(sens.heading())
        click.echo(f"Forest plot written to {path}")
        return
    rob = None
    if with_rob:
        from stemfoot.review.rob_store import assessments

        rob = {r.label: (r.judgements(), r.overall)
               for r in assessments(_open(db_path, create=False, readonly=True))}
        if not rob:
            raise click.ClickException(f"{db_path}: no risk-of-bias assessments; run `rob --db {db_path}` first")
    path = draw_forest(a, out, subgroup, rob)
    click.echo(_pooled_line(a))
    if a.data.left_out:
        click.echo(_left_out_line(a.data.left_out))
    click.echo(f"Forest plot written to {path}")


@cli.command()
@_pool_options
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Figure file: .png, .svg or .pdf.")
@force_option
def funnel(db_path, outcome, measure, method, test, only_verified, multiarm, protocol_path, out, force):
    """Draw the contour-enhanced funnel plot of an outcome, with Egger's test and trim-and-fill in the caption.

    Small-study tests run only with at least 10 studies (Cochrane Handbook
    13.3.5.4) unless --force; below that the caption says why. The last
    line names the file.
    """
    from stemfoot.report.figures import draw_funnel, egger_caption, trimfill_caption

    _figure_path(out)
    _check_out(out, db_path, [protocol_path] if protocol_path else ())
    a = _analyse(db_path, outcome, measure, method, test, only_verified, multiarm, protocol_path, force)
    path = draw_funnel(a, out)
    caption = egger_caption(a)[2]
    click.echo(_pooled_line(a))
    click.echo(caption)
    click.echo(trimfill_caption(a)[1])
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
        # The machine's values beside those a review changed, when there are any.
        shown = TABLE_COLUMNS + (("machine",) if any(r.get("machine") for r in records) else ())
    _print_rows(columns, records, fmt, shown)
    sys.stdout.flush()  # a full disk or closed pipe fails here, as a one-line error



@cli.command()
@db_option()
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="HTML file to write.")
@method_option
@test_option
@only_verified_option
@multiarm_option
@protocol_option
@force_option
def report(db_path, out, method, test, only_verified, multiarm, protocol_path, force):
    """Write a self-contained HTML evidence report (opens offline; no scripts).

    Corpus summary and PRISMA counts, the studies table, a meta-analysis
    with forest and funnel plot per outcome with 2+ poolable studies, and an
    evidence card per study with every number marked in its source sentence.
    """
    from stemfoot.report.html import write_report

    _check_out(out, db_path, [protocol_path] if protocol_path else ())
    protocol = _protocol(protocol_path) if protocol_path else None
    db = _open(db_path, create=False, readonly=True)
    path = write_report(db, out, only_verified, method.upper(), test, db_name=Path(db_path).name,
                        protocol=_load_protocol(protocol_path), multiarm=multiarm, force=force)
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
@click.option("--no-comparators", is_flag=True,
              help="Fold EBM-NLPmod's comparator (C) tags into interventions (no COMPARATOR label).")
@click.option("--init-tok2vec", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Pretrained tok2vec weights (tools/pico_pretrain_text.py's model-last.bin) to start from.")
@click.option("--vectors", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Static vectors (tools/pico_floret_vectors.py's OUT/vectors) added to the embeddings.")
@click.option("--seed", type=int, default=None, help="Override system.seed (default: the config's 0).")
def train_pico_command(data: Path, out: Path, max_steps: int | None, no_partial: bool, no_mod: bool,
                       crowd_weight: int, no_comparators: bool, init_tok2vec: Path | None,
                       vectors: Path | None, seed: int | None) -> None:
    """Train the PICO span tagger from the EBM-NLP corpora (CPU) and print dev figures."""
    from stemfoot.extract.pico_eval import format_scores
    from stemfoot.tools.pico_train import train_pico

    overrides: dict[str, object] = {"training.max_steps": max_steps} if max_steps is not None else {}
    if seed is not None:
        overrides["system.seed"] = seed
    scores = train_pico(data, out, partial=not no_partial, mod=not no_mod,
                        crowd_weight=crowd_weight, comparators=not no_comparators, overrides=overrides,
                        init_tok2vec=init_tok2vec, vectors=vectors)
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


@cli.command("outcome-data")
@db_option()
@click.option("--queries", "queries_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="JSONL: one {id, study, outcome, intervention, comparator} a line.")
@click.option("--out", type=click.Path(dir_okay=False), help="Write the answers here (JSONL) instead of stdout.")
def outcome_data(db_path: str, queries_path: str, out: str | None) -> None:
    """Answer outcome-data queries: per-arm events and group sizes, or means and SDs, with their evidence.

    STUDY is a PMID, PMC<id> or DOI. One answer a line, in query order; a field
    the article does not report is null.
    """
    from stemfoot import chain

    if out and Path(out).resolve() == Path(queries_path).resolve():
        raise click.UsageError("--out would overwrite the queries file")
    if out:
        _check_out(out, db_path)
    from stemfoot.corpus.safe_io import json_objects

    queries = []
    with open(queries_path, encoding="utf-8") as fh:
        for n, q in json_objects(fh, queries_path, CorpusError):
            if not q.get("study"):
                raise click.ClickException(f"{queries_path}: line {n}: a query needs an object with 'study'")
            queries.append(q)
    db = _open(db_path, create=False)
    answers, warned = chain.outcome_answers(db, queries)
    for w in warned:
        click.echo(f"warning: {w}", err=True)
    text = "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in answers)
    if out is None:
        click.echo(text, nl=False)
        return
    with open(out, "w", encoding="utf-8") as fh:
        fh.write(text)
    click.echo(f"{len(answers)} answers -> {out}", err=True)


# --- appraisal: risk of bias, summary of findings, PRISMA flow, two-stage screening (issue 14) ----------------

def _review_rob(db, reviewer, ids, outcome, export_path, import_path, force, dry_run, include_reviewed):
    """`review --rob`: risk-of-bias domains, interactively or through a sheet."""
    from stemfoot.review import rob_store

    if outcome:
        raise click.UsageError("--outcome does not go with --rob (risk of bias is judged per study)")
    if export_path:
        count = rob_store.export_sheet(db, export_path, list(ids), overwrite=force)
        click.echo(f"{export_path}: {count} risk-of-bias domains exported")
    elif import_path:
        summary = rob_store.import_sheet(db, import_path, reviewer, dry_run=dry_run)
        click.echo(f"{import_path}: {summary.line()}" + (" (dry run: nothing changed)" if dry_run else ""))
    else:
        tally = rob_store.review_session(db, reviewer, list(ids), include_reviewed)
        if tally.shown:
            click.echo(tally.line())


def _protocol(path):
    from stemfoot.metaanalysis.protocol import load_protocol

    return load_protocol(path)


def _screen_stage(ids, db_path, stage, decision, reason, note, reviewer, adjudicate, protocol_path, pending,
                  show_next, as_json):
    from stemfoot.review.decisions import default_reviewer
    from stemfoot.review.screening_store import record_decisions, stage_key, stage_state, stage_status

    ids = tuple(dict.fromkeys(ids))
    if (ids or pending) and not decision:
        raise click.UsageError("give --include, --exclude, --maybe or --not-retrieved for the studies")
    if decision and not (ids or pending):
        raise click.UsageError("give the PMIDs or local ids to decide (or --pending)")
    if ids and pending:
        raise click.UsageError("give studies or --pending, not both")
    reasons = _protocol(protocol_path).screening_reasons if protocol_path else ()
    db = _open(db_path, create=False)
    if pending:
        from stemfoot.corpus.curation import public_ids

        state = stage_state(db)
        settled = state.ta if stage_key(stage) == "title_abstract" else state.ft
        names = public_ids(db.conn)
        ids = tuple(names[int(r)] for r in state.pool(stage_key(stage)) if settled.get(r) is None)
    if decision and ids:
        record_decisions(db, list(ids), stage, decision, reviewer=reviewer or default_reviewer(), reason=reason,
                         reasons=reasons, adjudication=adjudicate, note=note, source="cli")
        what = decision.replace("_", " ") + (f" ({reason.strip()})" if decision == "exclude" and reason else "")
        click.echo(f"{stage}: {len(ids)} record(s) {what}" + (" (adjudication)" if adjudicate else ""))
    st = stage_status(db, stage, show_next)
    ag = st.agreement
    if as_json:
        click.echo(json.dumps({
            "stage": stage, "records": st.pool, "settled": dict(st.settled), "left": st.left,
            "unsettled": st.unsettled, "expected_relevant_left": st.expected_relevant_left,
            "agreement": None if ag is None else {
                "reviewers": list(ag.reviewers), "n": ag.n, "observed": ag.observed, "kappa": ag.kappa,
                "conflicts": [{"record": c.record_id, "decisions": c.decisions, "reasons": c.reasons}
                              for c in ag.conflicts]},
            "next": [{"study": p, "probability": pr} for p, pr, _ in st.next_records]}, indent=2))
        return
    settled = ", ".join(f"{n} {d.replace('_', ' ')}" for d, n in sorted(st.settled.items())) or "none"
    click.echo(f"{stage}: {st.pool} records; settled: {settled}; left: {st.left}")
    if ag is not None:
        kappa = "undefined" if ag.kappa is None else f"{ag.kappa:.2f}"
        observed = "–" if ag.observed is None else f"{ag.observed:.0%}"
        click.echo(f"reviewers {ag.reviewers[0]} and {ag.reviewers[1]}: {ag.n} screened by both, "
                   f"agreement {observed}, Cohen's kappa {kappa}")
        if ag.conflicts:
            from stemfoot.corpus.curation import public_ids

            names = public_ids(db.conn)
            click.echo(f"conflicts: {len(ag.conflicts)} (settle with --adjudicate)")
            for c in ag.conflicts:
                calls = "; ".join(f"{r} {d}" + (f" ({c.reasons[r]})" if c.reasons[r] else "")
                                  for r, d in c.decisions.items())
                click.echo(f"  {names[int(c.record_id)]}: {calls}")
    if st.unsettled:
        click.echo(f"awaiting a settled decision: {', '.join(st.unsettled)}")
    if st.next_records:
        est = ("not estimable yet (needs an include and an exclude)" if st.expected_relevant_left is None
               else f"{st.expected_relevant_left:.1f}")
        click.echo(f"next by relevance (estimated relevant left: {est}):")
        for i, (pub, prob, title) in enumerate(st.next_records, start=1):
            click.echo(f"  {i}. {pub}" + (f"  p={prob:.2f}" if prob is not None else "") + f"  {title}")


def _suffixed(out: str, suffix: str) -> str:
    p = Path(out)
    return str(p.with_name(f"{p.stem}{suffix}{p.suffix}"))


@cli.command()
@db_option()
@pmid_option
@click.option("--out", type=click.Path(dir_okay=False),
              help="Traffic-light plot (.png, .svg or .pdf); the summary bar plot goes to NAME_summary.EXT "
                   "(ROBINS-I studies beside RoB 2 ones: NAME_robins.EXT).")
@click.option("--no-suggest", is_flag=True, help="Only draw/print the stored assessments; do not re-assess.")
def rob(db_path, ids, out, no_suggest):
    """Suggest risk of bias (RoB 2 for RCTs, ROBINS-I otherwise) for every study, store it, draw the plots.

    Suggestions come from the study's full text when the corpus holds one,
    else its title and abstract; each domain keeps its signalling reasons
    and evidence sentences. Reviewers confirm or override domains with
    `review --rob`; their judgements win and the overall follows the RoB 2
    (ROBINS-I) algorithm.
    """
    from stemfoot.review import rob_store

    if out:
        _figure_path(out)
        _check_out(out, db_path)
    db = _open(db_path, create=False)
    if not no_suggest:
        s = rob_store.suggest(db, list(ids))
        for pub in s.no_text:
            click.echo(f"warning: {pub}: no title or abstract; not assessed", err=True)
        click.echo(f"assessed {len(s.assessed)} studies: {s.stored} domain suggestions stored, {s.unchanged} unchanged")
    studies = rob_store.assessments(db, list(ids))
    if not studies:
        raise click.ClickException(f"{db_path}: no risk-of-bias assessments" + ("" if not no_suggest else "; run `rob` without --no-suggest"))
    for a in studies:
        reviewed = sum(d.origin != "machine" for d in a.domains)
        doms = " ".join(f"{d.domain}:{d.judgement}" for d in a.domains)
        click.echo(f"{a.label} ({a.public_id}) {a.tool} [{a.text_source}]: {doms} -> overall {a.overall} "
                   f"({a.overall_reason}); {reviewed}/{len(a.domains)} domains reviewed")
    if not out:
        return
    from stemfoot.report import rob_plot
    from stemfoot.report.rob_plot import write_summary, write_traffic_light
    from stemfoot.review.rob import ROB2_DOMAINS, ROBINS_DOMAINS

    tools = [t for t in ("RoB 2", "ROBINS-I") if any(a.tool == t for a in studies)]
    for tool in tools:
        names = ROB2_DOMAINS if tool == "RoB 2" else ROBINS_DOMAINS
        base = out if tool == tools[0] else _suffixed(out, "_robins")
        rows = rob_plot.plot_rows(studies, tool)
        write_traffic_light(rows, base, names, title=f"Risk of bias ({tool})")
        write_summary(rows, _suffixed(base, "_summary"), names, weighted=False, title=f"Risk of bias ({tool})")
        click.echo(f"{tool} traffic-light plot written to {base}; summary plot to {_suffixed(base, '_summary')}")


@cli.command()
@db_option()
@click.option("--protocol", "protocol_path", required=True, type=click.Path(dir_okay=False),
              help="Review protocol (TOML): the outcomes, their measures, the pooling method.")
@click.option("--out", type=click.Path(dir_okay=False), help="Write the table: .html, .csv or .docx (python-docx).")
@click.option("--override", "override_", nargs=3, type=(str, str, str), default=None,
              metavar="OUTCOME DOMAIN LEVELS",
              help="Set a GRADE domain (risk_of_bias, inconsistency, indirectness, imprecision, publication_bias) "
                   "of an outcome: levels rated down 0-2, or 'computed' to clear; needs --reason.")
@click.option("--reason", help="Why (with --override).")
@reviewer_option
@only_verified_option
def sof(db_path, protocol_path, out, override_, reason, reviewer, only_verified):
    """GRADE summary of findings: one row per protocol outcome.

    Studies and participants, the relative effect with its CI, the assumed
    risk (median control-group risk) and the corresponding risk per 1,000
    with its CI, and the certainty with a footnote for each downgrade.
    """
    from stemfoot.report.sof import build_sof, sof_rows, write_docx
    from stemfoot.review.grade import write_sof

    protocol = _protocol(protocol_path)
    suffix = Path(out).suffix.lower() if out else None
    if suffix not in (None, ".html", ".csv", ".docx"):
        raise click.UsageError(f"--out must end in .html, .csv or .docx: {out}")
    if out:
        _check_out(out, db_path, [protocol_path])
    if suffix == ".docx":
        import importlib.util

        if importlib.util.find_spec("docx") is None:
            raise click.ClickException("writing .docx needs the python-docx package (not installed); use .html or .csv")
    if reason and not override_:
        raise click.UsageError("--reason goes with --override")
    if override_:
        from stemfoot.review.decisions import default_reviewer
        from stemfoot.review.grade_store import record_override

        outcome, domain, levels = override_
        protocol.outcome(outcome)
        if levels != "computed" and levels not in ("0", "1", "2"):
            raise click.UsageError(f"LEVELS must be 0, 1, 2 or computed, not {levels!r}")
        record_override(_open(db_path, create=False), outcome, domain, None if levels == "computed" else int(levels),
                        reason or "", reviewer=reviewer or default_reviewer(), source="cli")
        click.echo(f"{outcome} {domain}: " + ("back to the computed rating" if levels == "computed"
                                              else f"rated down {levels} by the reviewer") + f" ({reason.strip()})")
    db = _open(db_path, create=False, readonly=True)
    items = build_sof(db, protocol, only_verified)
    rows = sof_rows(items)
    for i in items:
        if i.note:
            click.echo(f"{i.label}: no row ({i.note})")
        if i.unassessed:
            click.echo(f"warning: {i.label}: no risk-of-bias assessment for {', '.join(i.unassessed)} "
                       "(counted as some concerns); run `rob`", err=True)
    if not rows:
        raise click.ClickException(f"{protocol_path}: no outcome has 2 or more poolable studies in {db_path}")
    if out is None:
        from tabulate import tabulate

        cells = [r.cells() for r in rows]
        heads = [h for h in cells[0] if h != "Footnotes"]
        click.echo(tabulate([[c[h] for h in heads] for c in cells], headers=heads, tablefmt="simple",
                            disable_numparse=True))
        for r in rows:
            for n, note in enumerate(r.footnotes, start=1):
                click.echo(f"{r.outcome} [{n}] {note}")
        return
    meta = {"title": f"Summary of findings: {protocol.title}"}
    path = write_docx(rows, out, meta["title"]) if suffix == ".docx" else write_sof(rows, out, **meta)
    click.echo(f"Summary of findings ({len(rows)} outcome{'s' * (len(rows) != 1)}) written to {path}")


@cli.command()
@db_option()
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Diagram file: .svg, .png or .pdf.")
@json_option
def prisma(db_path, out, as_json):
    """Draw the PRISMA 2020 flow diagram from the corpus's counts.

    Records identified per ingest run (file or PubMed query, with its date),
    duplicates removed at ingest, and the two screening stages' settled
    decisions (`screen --stage`): screened, excluded, reports sought, not
    retrieved, assessed, excluded with reasons, and studies included.
    """
    from stemfoot.report.prisma import write_prisma
    from stemfoot.review.screening_store import prisma_flow

    _figure_path(out)
    _check_out(out, db_path)
    counts, notes = prisma_flow(_open(db_path, create=False, readonly=True))
    warns = write_prisma(counts, out, title="PRISMA 2020 flow diagram")
    if as_json:
        click.echo(json.dumps(counts, indent=2, ensure_ascii=False))
    for n in notes:
        click.echo(f"note: {n}")
    for w in warns:
        click.echo(f"warning: counts do not add up: {w}", err=True)
    click.echo(f"identified {sum(s['n'] for s in counts['databases'])}, duplicates removed {counts['duplicates_removed']}, "
               f"screened {counts['records_screened']}, excluded {counts['records_excluded']}, "
               f"reports assessed {counts['reports_assessed']}, studies included {counts['studies_included']}")
    click.echo(f"PRISMA flow diagram written to {out}")


@cli.command("export-analysis")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@db_option(required=False, help="Export an outcome of this corpus instead of FILE.")
@click.option("--outcome", help="With --db: the outcome id (e.g. ulcer_healing).")
@click.option("--measure", type=click.Choice(MEASURES, case_sensitive=False), default=None,
              help="Effect measure (default RR, or the protocol's; GEN for a FILE with yi,vi).")
@method_option
@test_option
@only_verified_option
@multiarm_option
@protocol_option
@click.option("--format", "fmt", type=click.Choice(("revman", "metafor", "csv")), required=True,
              help="revman: RevMan 5.4 study-data CSV; metafor: CSV + R script (escalc + rma); csv: per-study table.")
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="Output path; its stem names the files (X.csv, X.R, X_settings.csv).")
def export_analysis(file, db_path, outcome, measure, method, test, only_verified, multiarm, protocol_path, fmt, out):
    """Export the analysis of FILE or of an outcome of the corpus for RevMan or R (metafor).

    The metafor export is a CSV and an R script that reproduces the analysis
    with escalc and rma (same measure, estimator and test). The last line
    names the files written.
    """
    from stemfoot.report.exports import ExportError, build_analysis, export_analysis as write_export

    protocol = _load_protocol(protocol_path)
    table, source, _, (measure, method, test, multiarm) = _analysis_input(
        file, db_path, outcome, only_verified, protocol, (measure, method, test, multiarm))
    inputs = {Path(p).resolve() for p in (file, db_path) if p}
    stem = Path(out)
    targets = {stem.with_suffix(".csv"), stem.with_suffix(".R"), stem.with_name(stem.with_suffix("").name + "_settings.csv")}
    if inputs & {t.resolve() for t in targets}:
        raise click.ClickException(f"{out}: would overwrite an input; choose another --out")
    try:
        analysis = build_analysis(table, measure, method, test, outcome=outcome or "", multiarm=multiarm)
        stem.parent.mkdir(parents=True, exist_ok=True)
        paths = write_export(analysis, fmt, out)
    except OSError as err:
        raise click.ClickException(f"{out}: cannot write: {err.strerror or err}") from err
    except (ExportError, MetaAnalysisError) as err:
        raise click.ClickException(f"{source}: {err}") from err
    click.echo(f"{source}: {len(analysis.studies)} studies ({analysis.measure}, {analysis.method}) exported as {fmt}: "
               + ", ".join(str(p) for p in paths))


@cli.command("train-attribution")
@click.option("--data", "data", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="PICO-Corpus BRAT folder (.txt + .ann files, searched recursively).")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for model.json and metrics.json (the shipped model is extract/models/attribution).")
@click.option("--folds", default=0, show_default=True, type=click.IntRange(0, 20),
              help="Also run document-level k-fold cross-validation (0: none).")
@click.option("--cv-out", "cv_out", type=click.Path(dir_okay=False, path_type=Path), help="Write the CV table here (JSON).")
def train_attribution_command(data: Path, out: Path, folds: int, cv_out: Path | None) -> None:
    """Rebuild the arm-attribution model (fixed seed: the same data give the same model, byte for byte)."""
    from stemfoot.tools import train_attribution

    argv = ["--data", str(data), "--out", str(out), "--folds", str(folds)]
    if cv_out is not None:
        argv += ["--cv-out", str(cv_out)]
    if train_attribution.main(argv) != 0:
        raise click.ClickException(f"{data}: training failed")


@cli.command("link-reports")
@click.argument("studies", nargs=-1)
@db_option()
@click.option("--unlink", is_flag=True, help="Take each named report out of its trial instead.")
@click.option("--note", help="Why (stored with the link).")
@reviewer_option
def link_reports_command(studies, db_path, unlink, note, reviewer):
    """Link reports of one trial (PMIDs or local ids) so they are pooled once, or --unlink them.

    Reports that share a registration id (NCT, ChiCTR, ISRCTN, EudraCT, CTRI)
    are linked already; --unlink also separates those. Without STUDIES, list
    every trial with more than one report.
    """
    from stemfoot.review.decisions import default_reviewer
    from stemfoot.review.trials import link_reports, trials, unlink_reports

    db = _open(db_path, create=False)
    reviewer = reviewer or default_reviewer()
    if not studies:
        if unlink:
            raise click.UsageError("name the reports to unlink")
        seen = set()
        for trial in trials(db).values():
            if len(trial.reports) > 1 and trial.id not in seen:
                seen.add(trial.id)
                click.echo(_trial_line(trial))
        if not seen:
            click.echo("no trial has more than one report")
        return
    if unlink:
        for public_id, trial in unlink_reports(db, list(studies), reviewer=reviewer, note=note):
            click.echo(f"{public_id}: taken out of {trial.label}")
        return
    click.echo(_trial_line(link_reports(db, list(studies), reviewer=reviewer, note=note)))


def _trial_line(trial) -> str:
    """'Dubsky 2013 (+2014): local:..., local:... (registration NCT01234567; reviewer)'."""
    why = "; ".join(sorted(set(trial.linked_by.values())))
    return f"{trial.label}: {', '.join(trial.pmids)}" + (f" ({why})" if why else "")


if __name__ == "__main__":
    cli()
