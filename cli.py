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


@click.group()
@click.version_option(__version__, prog_name="stemfoot")
def cli() -> None:
    """stemfoot: ingest trial abstracts, extract evidence, pool it, plot it."""


if __name__ == "__main__":
    cli()
