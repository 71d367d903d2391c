"""An on/off and collecting switch for a learned stage.

Training a stage needs the pipeline's inputs to that stage with the stage itself off (the rules' output
stands), so each learned stage holds one switch and checks it when it runs. Pure Python, no spaCy.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator


class StageSwitch:
    """Whether a stage runs, and where its inputs are collected (``None``: nowhere)."""

    def __init__(self) -> None:
        self.enabled = True
        self.collect: list | None = None

    @contextlib.contextmanager
    def disabled(self) -> Iterator[None]:
        """Run extraction without the stage."""
        old = self.enabled
        self.enabled = False
        try:
            yield
        finally:
            self.enabled = old

    @contextlib.contextmanager
    def collecting(self, sink: list) -> Iterator[None]:
        """Run extraction without the stage, the stage appending its inputs to ``sink``."""
        old = self.collect
        self.collect = sink
        try:
            with self.disabled():
                yield
        finally:
            self.collect = old
