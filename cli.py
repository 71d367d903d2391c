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

import click

from stemfoot import __version__
from stemfoot.corpus.db import open_db
from stemfoot.corpus.errors import CorpusError
from stemfoot.extract import card, export as exporting


@click.group()
@click.version_option(__version__, prog_name="stemfoot")
def cli() -> None:
    """stemfoot: ingest trial abstracts, extract evidence, pool it, plot it."""


@cli.command()
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False), help="Corpus database.")
@click.option("--pmid", "ids", multiple=True, help="Only this study (PMID or local id); repeatable.")
@click.option("--n-process", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
@click.option("--batch-size", default=64, show_default=True, type=click.IntRange(1, 10_000), help="Docs per batch.")
def extract(db_path: str, ids: tuple[str, ...], n_process: int, batch_size: int) -> None:
    """Extract evidence (design, arms, cells, outcome statistics) from abstracts."""
    # Imported here: loading spaCy takes a second every other command need not pay.
    from stemfoot.extract import run as extraction

    try:
        db = open_db(db_path, create=False)
        total = len(extraction.select_studies(db, list(ids)))
        if sys.stderr.isatty():
            with click.progressbar(length=total, label="Extracting", file=sys.stderr) as bar:
                summary = extraction.extract_corpus(db, list(ids), n_process=n_process, batch_size=batch_size,
                                                    on_study=lambda: bar.update(1))
        else:
            summary = extraction.extract_corpus(db, list(ids), n_process=n_process, batch_size=batch_size)
    except CorpusError as exc:
        raise click.ClickException(str(exc)) from exc
    for failure in summary.failures:
        click.echo(f"warning: {failure}", err=True)
    click.echo(summary.line())


@cli.command()
@click.argument("study")
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False), help="Corpus database.")
def show(study: str, db_path: str) -> None:
    """Show the evidence card of STUDY (PMID or local id), with source sentences."""
    try:
        click.echo(card.evidence_card(open_db(db_path, create=False, readonly=True), study))
    except CorpusError as exc:
        raise click.ClickException(str(exc)) from exc


@cli.command()
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False), help="Corpus database.")
@click.option("--format", "fmt", type=click.Choice(exporting.FORMATS), default="jsonl", show_default=True,
              help="jsonl: one record a line; csv: one row a study, nested fields as JSON.")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
@click.option("--pmid", "ids", multiple=True, help="Only this study; repeatable.")
def export(db_path: str, fmt: str, out: str | None, ids: tuple[str, ...]) -> None:
    """Export one schema-validated record per extracted study."""
    try:
        db = open_db(db_path, create=False, readonly=True)
        if out is None:
            exporting.write(db, sys.stdout, fmt, list(ids))
            return
        with open(out, "w", encoding="utf-8", newline="") as fh:
            n = exporting.write(db, fh, fmt, list(ids))
    except CorpusError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Exported {n} studies to {out}", err=True)


@cli.command()
@click.option("--gold", required=True, type=click.Path(exists=True, dir_okay=False), help="Gold JSONL.")
@click.option("--details", is_flag=True, help="Also list every miss and every unmatched extraction.")
@click.option("--n-process", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
def evaluate(gold: str, details: bool, n_process: int) -> None:
    """Score extraction against gold annotations: per-field precision and recall."""
    from stemfoot.extract import evaluate as evaluation

    try:
        scores = evaluation.evaluate(evaluation.load_gold(gold), n_process=n_process)
    except CorpusError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(evaluation.report(scores))
    if details:
        for name, score in scores.items():
            for miss in score.misses:
                click.echo(f"{name}: {miss}")


if __name__ == "__main__":
    cli()
