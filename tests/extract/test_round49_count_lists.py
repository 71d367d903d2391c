"""Round 49 (lead49a): "respectively" count lists over three or more arms: "totalled" says events were counted,
as "numbered" does ("Major amputations totalled 1, 1 and 5, respectively"). Invented sentences; no spaCy."""
from __future__ import annotations

from stemfoot.extract.bare_counts import features


def test_totalled_says_events_were_counted() -> None:
    text = "Major amputations totalled 1, 1 and 5, respectively."
    start = text.index("5")
    feats = features(text, start, start + 1, 5, [], [], [], "results")
    assert feats.get("verb_in_clause") == 1.0
    plain = "Major amputations: 1, 1 and 5, respectively."
    start = plain.index("5")
    assert "verb_in_clause" not in features(plain, start, start + 1, 5, [], [], [], "results")
