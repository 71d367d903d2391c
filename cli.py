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
from stemfoot.extract.pico_conll import ConllError


@click.group()
@click.version_option(__version__, prog_name="stemfoot")
def cli() -> None:
    """stemfoot: ingest trial abstracts, extract evidence, pool it, plot it."""


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
    from stemfoot.extract.pico_train import train_pico

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
    from stemfoot.extract.pico import load_pico_model, tag_documents
    from stemfoot.extract.pico_conll import retag_conll

    try:
        nlp = load_pico_model(model)
        retag_conll(conll, out, lambda docs: tag_documents(docs, nlp))
    except (ConllError, OSError) as err:
        raise click.ClickException(str(err)) from err
    except UnicodeDecodeError as err:
        raise click.ClickException(f"{conll}: not UTF-8 text ({err.reason})") from err


if __name__ == "__main__":
    cli()
