"""Fixtures shared across the test packages."""
from __future__ import annotations

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
