"""Second read of round 42 (branch mendlead42a): where lead42a's new shapes reached past what they were made for.
Invented sentences, no spaCy."""
from __future__ import annotations

import pytest

from stemfoot.extract import event_counts as ec
from stemfoot.extract.number_grammar import SentenceClaims, scan
from stemfoot.extract.stages import effect_context


def _of_total(text: str) -> list[tuple[int, int | None]]:
    return [(c.events, c.total) for c in ec.of_total_events(text)]


@pytest.mark.parametrize("text", [
    # a verb of having before a screening result, the randomised named later in the sentence
    "Of 40 adults with normal fasting glucose, 15 showed impaired glucose tolerance and 25 were randomized to drug or placebo.",
    # a subset condition holding a number, and a count of data completeness
    "Among 120 participants with at least 2 doses, 98 had complete data.",
    "Among the 60 patients with ulcers below 2 cm2, 51 had 6-month follow-up.",
    "Of the 80 patients treated, 66 reported questionnaires at week 12.",
])
def test_new_leading_denominator_shapes_refuse_screening_and_data(text):
    assert _of_total(text) == []


@pytest.mark.parametrize("text,want", [
    # the same shapes with an event are still read
    ("Among 120 participants with at least 2 doses, 14 had a serious adverse event.", [(14, 120)]),
    ("Of the 80 patients treated, 9 reported transient leg pain.", [(9, 80)]),
])
def test_new_leading_denominator_shapes_still_read_events(text, want):
    assert _of_total(text) == want


def _event_spans(text: str) -> list[tuple[str, int]]:
    claims = SentenceClaims(text, 0)
    scan(claims, [])
    return sorted((text[a:b], st["events"]) for a, b, st in claims.found if st and st["kind"] == "events")


@pytest.mark.parametrize("text,group", [
    # six words of a group's name (within the 40 characters read before round 42)
    ("Two patients in the high dose autologous bone marrow cell group died.", "high dose autologous bone marrow cell"),
    ("Three patients in the low dose peripheral blood stem cell group died.",
     "low dose peripheral blood stem cell"),
    ("Four participants in the G-CSF plus low dose cell arm developed fever.", "G-CSF plus low dose cell"),
])
def test_a_long_group_name_is_still_read(text, group):
    got = _event_spans(text)
    assert len(got) == 1 and group in got[0][0]


def _stat(kind: str, text: str, piece: str, **kw) -> dict:
    a = text.index(piece)
    return {"kind": kind, "flags": kw.pop("flags", []), "evidence": {"start": a, "end": a + len(piece), "sentence_start": 0,
            "sentence_end": len(text)}, **kw}


@pytest.mark.parametrize("text,arms,want", [
    # means in an earlier clause (baseline ages) say nothing of a difference in a response rate
    ("Age was 61.2 (SD 8.1) versus 60.9 (SD 7.7) years; the response rate showed a difference of "
     "12.0 percentage points (95% CI 2.0 to 22.0).", ["61.2 (SD 8.1)", "60.9 (SD 7.7)"], "RD"),
    # the means it lies between, in its own clause
    ("Area reduction was 48.3% (SD 21.6) versus 29.5% (SD 24.0), a difference of "
     "18.8 percentage points (95% CI 6.0 to 31.6).", ["48.3% (SD 21.6)", "29.5% (SD 24.0)"], "MD"),
])
def test_points_between_means_only_in_the_effects_own_clause(text, arms, want):
    stats = [_stat("mean_sd", text, a) for a in arms]
    stats.append(_stat("effect", text, text[text.index("12.0" if "12.0 p" in text else "18.8"):text.index(")", -3) + 1],
                       value=12.0 if "12.0 p" in text else 18.8, effect_measure="RD", flags=["rd_from_points"]))
    effect_context(text, stats, [])
    assert stats[-1]["effect_measure"] == want
