"""scispaCy's rule tokenizer, registered so a config can name it."""
from __future__ import annotations

from typing import Callable

import spacy
from scispacy.custom_tokenizer import combined_rule_tokenizer
from spacy.language import Language
from spacy.tokenizer import Tokenizer


@spacy.registry.tokenizers("stemfoot.scispacy_tokenizer.v1")
def create_scispacy_tokenizer() -> Callable[[Language], Tokenizer]:
    """combined_rule_tokenizer: keeps '0.44', 'p=0.0032', 'HUCMSCs' whole."""

    def make(nlp: Language) -> Tokenizer:
        # scispaCy builds on the language's default tokenizer, which a config-built
        # Language does not have yet at this point.
        nlp.tokenizer = spacy.registry.tokenizers.get("spacy.Tokenizer.v1")()(nlp)
        return combined_rule_tokenizer(nlp)

    return make
