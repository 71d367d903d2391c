"""Assemble the extraction pipeline from its config and run it over texts."""
from __future__ import annotations

import warnings
from functools import lru_cache
from importlib import resources
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Config

from stemfoot.extract import paren_pairs
from stemfoot.extract.provenance import remember_text

# Importing the modules registers the tokenizer and the component factories
# (an installed package also exposes them via entry points).
from stemfoot.extract import (  # noqa: F401
    arms, cell_therapy, design, outcomes, sample_size, sections, sentences, statistics, tokenizer,
)
import scispacy.abbreviation  # noqa: F401,E402  (registers "abbreviation_detector")

# scispaCy's abbreviation detector warns on every doc that its (empty) global
# matcher has no patterns.
warnings.filterwarnings("ignore", message=r"\[W036\]")

#: Longer texts are cut here: no abstract is this long, and rules are linear-ish.
MAX_CHARS = 12_000


def load_config() -> Config:
    """The shipped pipeline config (``stemfoot/extract/pipeline.cfg``)."""
    text = resources.files("stemfoot.extract").joinpath("pipeline.cfg").read_text("utf-8")
    return Config().from_str(text)


@lru_cache(maxsize=2)
def load_pipeline() -> Language:
    """A ready pipeline, built from the config (cached per process)."""
    with warnings.catch_warnings():
        # scispaCy's tokenizer regexes trip a FutureWarning in re on Python 3.11.
        warnings.simplefilter("ignore", FutureWarning)
        nlp = spacy.util.load_model_from_config(load_config(), auto_fill=True, validate=True)
    paren_pairs.install(nlp)  # scispaCy's bracket Matcher is quadratic in brackets; same output
    return nlp


def clip(text: str | None) -> tuple[str, list[str]]:
    """The text the pipeline sees, and flags saying what was done to it."""
    flags: list[str] = []
    text = text or ""
    if len(text) > MAX_CHARS:
        flags.append("truncated")
        text = text[:MAX_CHARS]
    return text, flags


def process(texts: Iterable[str], *, n_process: int = 1, batch_size: int = 64) -> Iterator[Doc]:
    """Run the pipeline over texts (already clipped), in order."""
    nlp = load_pipeline()
    if n_process > 1:
        yield from nlp.pipe(texts, n_process=n_process, batch_size=batch_size)
        return
    # Docs made here carry their text (``provenance.text_of``), so no component re-joins the tokens.
    yield from nlp.pipe((remember_text(nlp.make_doc(t), t) for t in texts), batch_size=batch_size)
