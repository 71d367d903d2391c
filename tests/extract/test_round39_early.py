"""Round 39 (early): a summary word said once governs the values it leads.

- A sentence that says its ± values are standard errors ("(mean ± SEM)" after the first of them) makes every ± value
  of that sentence an SE, also where another sentence of the abstract prints an SD (which keeps the abstract-wide
  declaration from applying); gold_conventions blind39 a.
- "median" leading a before/after pair of bare values ("median TcPO2 rose from 34 to 46 mmHg") makes both medians,
  not the means a bare value is read as.
- A subset's size written in the sentence before its count is the count's denominator: "Among the N <subset>, k
  <verb>" (as "Of the N ..." was), and a bracket of sizes "(n = a and n = b)" before a list of counts as long.

Pure functions on invented sentences; no spaCy.
"""
from __future__ import annotations

import pytest

from stemfoot.extract import value_kinds
from stemfoot.extract.number_grammar import SentenceClaims, scan, size_brackets


def _scan(text: str) -> list[dict]:
    sent = SentenceClaims(text, 0)
    scan(sent, [])
    return [stat for _a, _b, stat in sorted(sent.found, key=lambda f: f[0])]


def _mean_sds(text: str) -> list[tuple[int, int, dict]]:
    sent = SentenceClaims(text, 0)
    scan(sent, [])
    return [f for f in sorted(sent.found, key=lambda f: f[0]) if f[2]["kind"] == "mean_sd"]


# --- standard errors declared in the sentence ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "At 3 months, perfusion had risen by 8.2 ± 1.4 units (mean ± SEM) in the cell arm and by 2.9 ± 1.1 units in "
    "the saline arm.",
    "Walking time went from 3.1 ± 0.4 to 5.6 ± 0.5 min (mean ± SE) with cells and from 3.3 ± 0.5 to 3.6 ± 0.4 min "
    "with placebo.",
    "Values are means ± standard error: 41.0 ± 2.2 and 35.5 ± 2.7 mmHg.",
    "Skin temperature rose by 1.2 ± 0.3 (SE) and 0.4 ± 0.2 °C.",
])
def test_a_sentence_that_declares_se_makes_each_of_its_plus_minus_values_an_se(text):
    found = _mean_sds(text)
    assert len(found) >= 2
    flagged = value_kinds.sentence_se(text, found)
    assert flagged == list(range(len(found)))
    assert all("se_not_sd" in f[2]["flags"] for f in found)


@pytest.mark.parametrize("text", [
    # No SE word: an SD, as the grammar reads it.
    "Perfusion rose by 8.2 ± 1.4 units in the cell arm and by 2.9 ± 1.1 units in the saline arm.",
    # The sentence names an SD too: which ± is which is not said once for all.
    "Perfusion rose by 8.2 ± 1.4 units (mean ± SEM) and age was 61 ± 9 years (mean ± SD).",
    # A spread of one value of its own ("(SE 0.1)") says nothing of the sentence's ± values.
    "HbA1c fell by 0.9 ± 0.4% with cells and 0.3 ± 0.5% with placebo (difference 0.6, SE 0.2).",
    "HbA1c fell by 0.9 ± 0.4% with cells and 0.3 ± 0.5% with placebo (difference 0.6 (SE 0.2)).",
    # "SE" as a word of something else ("SE Asia") declares nothing.
    "Patients from SE Asia had an ABI of 0.52 ± 0.10 and 0.55 ± 0.12.",
])
def test_no_se_without_a_declaration_or_beside_an_sd(text):
    found = _mean_sds(text)
    assert value_kinds.sentence_se(text, found) == []
    assert not any("se_not_sd" in f[2]["flags"] for f in found)


def test_sentence_se_flags_a_value_once_and_leaves_other_kinds():
    text = "Scores fell from 7.0 ± 0.3 to 3.1 ± 0.4 (mean ± SEM; P < 0.01) in 12 of 20 patients."
    sent = SentenceClaims(text, 0)
    scan(sent, [])
    found = sorted(sent.found, key=lambda f: f[0])
    first = value_kinds.sentence_se(text, found)
    assert value_kinds.sentence_se(text, found) == []  # already flagged
    assert [found[i][2]["kind"] for i in first] == ["mean_sd", "mean_sd"]
    assert all("se_not_sd" not in f[2]["flags"] for f in found if f[2]["kind"] != "mean_sd")


# --- a median leading a before/after pair ----------------------------------------------------------------------

@pytest.mark.parametrize("text,before,after", [
    ("In the 8 patients with dialysis, median TcPO2 rose from 22 to 39 mmHg.", 22, 39),
    ("Median pain-free walking distance improved from 60 m to 210 m by 6 months.", 60, 210),
    ("The median HbA1c had fallen from 9 to 7 at one year.", 9, 7),
    ("Median rest pain score was reduced from 8 to 3 points.", 8, 3),
])
def test_a_median_led_pair_of_bare_values_is_two_medians(text, before, after):
    stats = [s for s in _scan(text) if s.get("measure") in {"baseline", "follow-up"}]
    assert [(s["kind"], s["median"], s["measure"]) for s in stats] == [
        ("median", before, "baseline"), ("median", after, "follow-up")]
    assert all("median_led_pair" in s["flags"] for s in stats)


@pytest.mark.parametrize("text", [
    # No "median": the grammar's means.
    "TcPO2 rose from 22 to 39 mmHg.",
    # A median of something else, a number between: the pair is not the median's.
    "After a median follow-up of 14 months, ABI rose from 0.41 to 0.58.",
    # Another summary word, a second subject or clause between "median" and the pair.
    "Median age and mean ABI rose from 0.41 to 0.58.",
    "The median ulcer duration was long and TcPO2 rose from 22 to 39 mmHg.",
    "Median healing was faster, whereas TcPO2 rose from 22 to 39 mmHg.",
    # A clause break.
    "Median healing time was 9 weeks; TcPO2 rose from 22 to 39 mmHg.",
])
def test_no_median_where_the_median_word_does_not_lead_the_pair(text):
    stats = [s for s in _scan(text) if s.get("measure") in {"baseline", "follow-up"}]
    assert stats and all(s["kind"] != "median" for s in stats)
    assert not value_kinds.median_led(text, text.index("from"))


def test_a_median_led_pair_keeps_spreads_and_percentages_as_they_are():
    # Only a bare value is retyped: "± sd" stays a mean with its SD, a percentage stays a percentage.
    stat = {"kind": "mean_sd", "mean": 3.0, "sd": 1.0, "median": None, "flags": []}
    assert value_kinds.as_median(stat)["kind"] == "mean_sd"
    stat = {"kind": "percent", "percent": 40.0, "mean": None, "median": None, "flags": []}
    assert value_kinds.as_median(stat)["kind"] == "percent"
    stat = {"kind": "mean", "mean": 34.0, "median": None, "flags": []}
    assert value_kinds.as_median(stat) == {"kind": "median", "mean": None, "median": 34.0, "flags": ["median_led_pair"]}


# --- a subset's size written before its counts -----------------------------------------------------------------

def _events(text: str) -> list[tuple[int, int | None]]:
    return [(s["events"], s["total"]) for s in _scan(text) if s["kind"] == "events"]


@pytest.mark.parametrize("text,expected", [
    ("Among the 84 treated patients, 5 had a transient harvest-site haematoma.", [(5, 84)]),
    ("Amongst the 30 limbs with gangrene, 12 healed.", [(12, 30)]),
    ("Of the 14 patients with rest pain, 9 improved.", [(9, 14)]),
    ("Among patients with an ulcer at entry (n = 21 and n = 18), closure by week 24 was seen in 12 and 6 patients, "
     "respectively.", [(12, 21), (6, 18)]),
    ("Heel ulcers (n = 9, n = 8 and n = 10) healed in 5, 4 and 2 patients, respectively.", [(5, 9), (4, 8), (2, 10)]),
])
def test_a_subset_size_before_its_counts_is_their_denominator(text, expected):
    assert _events(text) == expected


@pytest.mark.parametrize("text,expected", [
    # The bracket after the counts: whose sizes they are is not said before them.
    ("Healing occurred in 8 and 5 patients (n = 11 and n = 12), respectively.", [(8, None), (5, None)]),
    # A bracket as long as no list, or with a count larger than its size: no denominators.
    ("Among patients with ulcers (n = 12 and n = 10), healing occurred in 7, 5 and 2 patients.",
     [(7, None), (5, None), (2, None)]),
    ("Among patients with ulcers (n = 6 and n = 10), healing occurred in 7 and 5 patients, respectively.",
     [(7, None), (5, None)]),
    # "Among the N" before a disposition (withdrawn, lost): no events at all, as after "Of the N".
    ("Among the 40 randomised patients, 2 withdrew before treatment.", []),
    ("Among the 40 patients, 2 were lost to follow-up.", []),
])
def test_no_denominator_without_a_size_written_before_a_list_as_long(text, expected):
    assert _events(text) == expected


def test_size_brackets_reads_only_brackets_of_two_or_more_sizes():
    text = "Ulcers present at baseline (n = 11 and n = 12) healed"
    assert size_brackets(text) == [(text.index(")") + 1, [11, 12])]
    text = "(n = 10, n = 11 and n = 9) and (n = 20)"
    assert size_brackets(text) == [(text.index(")") + 1, [10, 11, 9])]
    assert size_brackets("in the cell group (n = 20)") == []
