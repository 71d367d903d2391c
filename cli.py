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
import warnings

import click

from stemfoot import __version__
from stemfoot.metaanalysis.options import ALL_METHODS, MEASURES, TESTS


@click.group()
@click.version_option(__version__, prog_name="stemfoot")
def cli() -> None:
    """stemfoot: ingest trial abstracts, extract evidence, pool it, plot it."""


@cli.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--measure", type=click.Choice(MEASURES, case_sensitive=False), default="GEN", show_default=True,
              help="Effect measure (RR/OR on the log scale; GEN for precomputed yi,vi).")
@click.option("--method", type=click.Choice(ALL_METHODS, case_sensitive=False), default="REML", show_default=True,
              help="tau^2 estimator, FE (inverse variance), MH (Mantel-Haenszel) or PETO.")
@click.option("--test", type=click.Choice(TESTS), default="z", show_default=True,
              help="z test, or Hartung-Knapp-Sidik-Jonkman (t, k-1 df).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of the summary.")
def meta(file: str | None, measure: str, method: str, test: str, as_json: bool) -> None:
    """Pool the studies in FILE (CSV) like R's metafor.

    FILE has a `study` column plus one of: events_t,total_t,events_c,total_c |
    mean_t,sd_t,n_t,mean_c,sd_c,n_c | yi,vi.
    """
    import pandas as pd

    from stemfoot.metaanalysis import MetaAnalysisError, meta_analysis

    if file is None:
        raise click.UsageError("FILE is required")
    try:
        df = pd.read_csv(file, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise click.ClickException(f"{file}: cannot read CSV: {str(err).splitlines()[0]}") from err
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            res = meta_analysis(df, measure, method, test)
            out = json.dumps(res.to_dict(), allow_nan=False, indent=2) if as_json else res.summary()
        except MetaAnalysisError as err:
            raise click.ClickException(f"{file}: {err}") from err
    for w in caught:
        if issubclass(w.category, UserWarning):
            click.echo(f"Warning: {file}: {w.message}", err=True)
    click.echo(out.rstrip("\n"))


if __name__ == "__main__":
    cli()
