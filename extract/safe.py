"""Components that fail soft: one odd abstract must never stop a corpus run."""
from __future__ import annotations

from typing import Callable

from spacy.tokens import Doc

from stemfoot.extract.provenance import sentence_bounds, text_of


class SafeComponent:
    """Runs ``self.run(doc, text, bounds)``; on an exception, stores ``empty`` and notes the error.

    ``text`` is the doc's text and ``bounds`` its sentences' character spans,
    which every component reads.
    """

    name: str = "component"
    attr: str = ""
    empty: Callable[[], object] = list

    def run(self, doc: Doc, text: str, bounds: list[tuple[int, int]]) -> None:
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        try:
            self.run(doc, text_of(doc), sentence_bounds(doc))
        except Exception as exc:  # noqa: BLE001 - reported on the doc, the run goes on
            # Looked up on the class: a lambda there is a plain function, not a method.
            setattr(doc._, self.attr, type(self).empty())
            doc._.extract_errors = [*(doc._.extract_errors or []), f"{self.name}: {type(exc).__name__}: {exc}"]
        return doc


def register_error_extension() -> None:
    if not Doc.has_extension("extract_errors"):
        Doc.set_extension("extract_errors", default=None)
