"""Round 50 (lead50b): a spread said with "ranged from a to b" is no baseline-to-follow-up pair (number grammar);
invented sentences, no spaCy."""
from __future__ import annotations

import pytest

from stemfoot.extract.number_grammar import SentenceClaims, scan


def _values(text: str) -> list[tuple[str, str]]:
    sent = SentenceClaims(text, 0)
    scan(sent, [])
    return [(text[a:b], st["kind"]) for a, b, st in sorted(sent.found, key=lambda f: f[0])]


@pytest.mark.parametrize("text", [
    "Age ranged from 49 to 83 years.",
    "Ulcer areas varied from 1.2 to 8.3 cm2 at inclusion.",
    "Follow-up ranging from 6 to 24 months was complete in all patients.",
])
def test_a_range_verb_makes_from_to_one_spread_not_two_values(text):
    assert _values(text) == []


@pytest.mark.parametrize("text, want", [
    ("TcPO2 rose from 34 to 46 mmHg in the cell group.", [("34", "mean"), ("46 mmHg", "mean")]),
    ("ABI improved from 0.45 to 0.61 after the injections.", [("0.45", "mean"), ("0.61", "mean")]),
])
def test_a_change_from_to_keeps_both_values(text, want):
    assert _values(text) == want
