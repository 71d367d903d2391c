"""Round 49 (lead49a): "respectively" count lists over three or more arms. A breakdown bracket closed by ",
respectively" without group names ("Five patients had swelling (two, two and one, respectively)") splits its total
when the parts add up to it, and each part counts what the total counts (not a later clause's event); "totalled"
says events were counted, as "numbered" does. Invented sentences; pure functions, no spaCy."""
from __future__ import annotations

import pytest

from stemfoot.extract.bare_counts import features
from stemfoot.extract.event_counts import breakdown_events


def parts(text: str) -> list[tuple[int, str]]:
    return [(c.events, text[c.head[0]:c.head[1]] if c.head else "") for c in breakdown_events(text)]


@pytest.mark.parametrize("text, want", [
    ("Five patients had transient injection-site swelling (two, two and one, respectively), and no patient died.",
     [(2, "patients had transient injection-site swelling"), (2, "patients had transient injection-site swelling"),
      (1, "patients had transient injection-site swelling")]),
    ("Seven participants developed cellulitis (3, 2 and 2, respectively).",
     [(3, "participants developed cellulitis"), (2, "participants developed cellulitis"),
      (2, "participants developed cellulitis")]),
    ("Five participants died (2, 1 and 2 in the A, B and C groups, respectively).",
     [(2, "participants died"), (1, "participants died"), (2, "participants died")]),
])
def test_a_breakdown_list_counts_what_its_total_counts(text: str, want: list[tuple[int, str]]) -> None:
    assert parts(text) == want


@pytest.mark.parametrize("text", [
    # Parts that do not add up to the total.
    "Five patients had transient injection-site swelling (two, two and two, respectively).",
    # No total before the bracket.
    "Swelling was seen (two, two and one, respectively).",
    # Not a list closed by "respectively".
    "Five patients had swelling (two, two and one).",
])
def test_no_split_without_a_total_it_adds_up_to(text: str) -> None:
    assert breakdown_events(text) == []


def test_totalled_says_events_were_counted() -> None:
    text = "Major amputations totalled 1, 1 and 5, respectively."
    start = text.index("5")
    feats = features(text, start, start + 1, 5, [], [], [], "results")
    assert feats.get("verb_in_clause") == 1.0
    plain = "Major amputations: 1, 1 and 5, respectively."
    start = plain.index("5")
    assert "verb_in_clause" not in features(plain, start, start + 1, 5, [], [], [], "results")

