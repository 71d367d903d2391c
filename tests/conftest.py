"""Fixtures shared across the test packages."""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The extraction pipeline, loaded once per test session."""
    from stemfoot.extract.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture
def no_gate():
    """Tests of the rules and the attribution stage: their placement, before the learned export gate."""
    from stemfoot.extract import export_gate

    with export_gate.disabled():
        yield


@pytest.fixture
def newest_blind_gold() -> Callable[[Path], str]:
    """The newest blind gold a shipped model trained on (its ``trained_on``, "blind29_dev"): the one a rebuild test
    re-collects, being the least likely to be settled already."""
    def pick(model_path: Path) -> str:
        spec = json.loads(model_path.read_text(encoding="utf-8"))
        return max((n for n in spec["trained_on"] if n.startswith("blind")),
                   key=lambda n: int(n.removeprefix("blind").removesuffix("_dev")))
    return pick
