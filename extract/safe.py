"""Components that fail soft: one odd abstract must never stop a corpus run."""
from __future__ import annotations

from typing import Callable

from spacy.tokens import Doc


class SafeComponent:
    """Runs ``self.run(doc)``; on an exception, stores ``empty`` and notes the error."""

    name: str = "component"
    attr: str = ""
    empty: Callable[[], object] = list

    def run(self, doc: Doc) -> None:
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        try:
            self.run(doc)
        except Exception as exc:  # noqa: BLE001 - reported on the doc, the run goes on
            # Looked up on the class: a lambda there is a plain function, not a method.
            setattr(doc._, self.attr, type(self).empty())
            doc._.extract_errors = [*(doc._.extract_errors or []), f"{self.name}: {type(exc).__name__}: {exc}"]
        return doc


def register_error_extension() -> None:
    if not Doc.has_extension("extract_errors"):
        Doc.set_extension("extract_errors", default=None)
