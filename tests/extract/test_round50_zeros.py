"""Round 50 (branch lead50a): worded zeros said of every arm in plain words are one zero per arm, whichever zero
reader found them, and "none of the N groups" is no count of N patients. Invented sentences, no spaCy."""
from __future__ import annotations

import pytest

from stemfoot.extract.event_counts import zero_said_of_every_arm
from stemfoot.extract.number_grammar import SentenceClaims, scan
from stemfoot.extract.stages import zero_of_every_arm


def _said(text: str, zero: str) -> bool:
    at = text.index(zero)
    return zero_said_of_every_arm(text, (0, len(text)), (at, at + len(zero)))


@pytest.mark.parametrize("text, zero", [
    ("No wound dehiscence was recorded in either arm.", "No wound dehiscence"),
    ("Graft loss did not occur; no haematoma was needed in both groups.", "no haematoma"),
    ("No sepsis was observed in any of the four arms.", "No sepsis"),
    ("None of the three groups had a stroke.", "had a stroke"),
    ("Neither group had a wound infection.", "a wound infection"),
    ("No participant in either group developed cellulitis.", "No participant in either group developed cellulitis"),
])
def test_plain_every_arm_words(text: str, zero: str) -> None:
    assert _said(text, zero)


@pytest.mark.parametrize("text, zero", [
    # A subset of the arms (rule 40; "either cell arm" is open with the product owner).
    ("No fever was seen in either cell arm.", "No fever"),
    ("No tumour formed in any of the three transplantation groups.", "No tumour"),
    # A bare "in any group": the golds put such zeros on the cohort and on the arms alike.
    ("No sepsis occurred in any group.", "No sepsis"),
    # Words after the noun narrow the groups or make an exception.
    ("No infection occurred in either group receiving cells.", "No infection"),
    ("No infection occurred in either group except one case in the control group.", "No infection"),
    # The every-arm words are a count's, not the zero's.
    ("Two deaths occurred in each group, none judged related to treatment.", "none judged related to treatment"),
    # Words between narrow the zero to some patients (second read, mendlead50a).
    ("No amputation occurred in patients with gangrene in either group.", "No amputation occurred"),
    ("No death occurred among those who completed follow-up in both arms.", "No death occurred"),
    # No every-arm words at all.
    ("No dose-limiting toxicity occurred.", "No dose-limiting toxicity"),
])
def test_no_plain_every_arm_words(text: str, zero: str) -> None:
    assert not _said(text, zero)


def _zero(text: str, zero: str, flags: list[str] | None = None, total: int | None = None) -> dict:
    at = text.index(zero)
    return {"kind": "events", "events": 0, "total": total, "flags": flags or [],
            "evidence": {"start": at, "end": at + len(zero), "text": zero, "sentence_start": 0,
                         "sentence_end": len(text)}}


def test_zero_of_every_arm_needs_arms_a_worded_zero_and_the_arms_count():
    text = "Two patients had bruising, and none of the three groups had an amputation."
    st = _zero(text, "had an amputation")
    assert zero_of_every_arm(text, st, 3)
    assert not zero_of_every_arm(text, st, 1)  # no arms to copy it over
    assert not zero_of_every_arm(text, st, 4)  # "three groups" beside four arms: not the arms meant
    assert not zero_of_every_arm(text, _zero(text, "had an amputation", total=12), 3)  # a denominator ties it
    assert not zero_of_every_arm(text, _zero(text, "had an amputation", ["zero_of_counted"]), 3)
    assert not zero_of_every_arm(text, _zero(text, "had an amputation", ["zero_arm_inside"]), 3)


def test_zero_of_every_arm_reads_the_zeros_own_clause():
    # The every-arm words of another clause are not the zero's.
    text = "Healing was similar in both groups; no death occurred."
    assert not zero_of_every_arm(text, _zero(text, "no death"), 2)
    text = "Healing was faster with cells, and no death occurred in either group."
    assert zero_of_every_arm(text, _zero(text, "no death"), 2)


def _events(text: str) -> list[tuple[int | None, int | None]]:
    claims = SentenceClaims(text, 0)
    scan(claims, [])
    return [(st.get("events"), st.get("total")) for _, _, st in claims.found if st and st["kind"] == "events"]


@pytest.mark.parametrize("text", [
    "Two patients developed haematoma, and none of the three groups had an amputation.",
    "Minor bleeding occurred, but none of the four treatment arms reported a death.",
])
def test_none_of_n_groups_is_no_count_of_n(text: str) -> None:
    assert all(total not in (3, 4) for _, total in _events(text))


def test_none_of_n_patients_still_counts():
    assert (0, 20) in _events("Ulcer recurrence was seen in none of the 20 patients.")
