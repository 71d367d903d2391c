"""Round 42 (branch lead42a): leading denominators, zeros of the other arm, effect typing, outcome labels.
Invented sentences, no spaCy."""
from __future__ import annotations

import pytest

from stemfoot.extract import event_counts as ec
from stemfoot.extract import vocabulary
from stemfoot.extract.baseline import characteristic_of, windows
from stemfoot.extract.number_grammar import SentenceClaims, scan
from stemfoot.extract.outcome_scope import instrument_gap
from stemfoot.extract.outcomes import merge_compounds
from stemfoot.extract.stages import points_mean_difference
from stemfoot.extract.vocabulary import Hit


def _values(text: str) -> list[tuple[int, int | None]]:
    return [(c.events, c.total) for c in ec.of_total_events(text)]


@pytest.mark.parametrize("text,want", [
    # a verb of having, not only of healing
    ("Of the 64 treated patients, 5 reported transient calf pain after injection.", [(5, 64)]),
    ("Of the 20 patients in group B who had angiography, 14 showed new collateral vessels.", [(14, 20)]),
    # a condition with a number (a threshold, not a second size)
    ("Among the 12 patients with baseline TcPO2 below 30 mmHg, 8 healed.", [(8, 12)]),
    ("Among the 10 patients with ulcers larger than 5 cm2, 4 healed by week 16.", [(4, 10)]),
    # a disposition in the subset's own relative clause says who the subset is
    ("Among the 15 control patients who crossed over to cell therapy, 9 healed within 3 months.", [(9, 15)]),
])
def test_leading_denominator_read(text, want):
    assert _values(text) == want


@pytest.mark.parametrize("text", [
    "Of the 40 patients randomised, 36 completed the study.",     # a disposition outside the subset's clause
    "Of the 50 patients who were screened, 44 were randomised.",  # the count's own clause disposes
    "Of the 30 patients with 45 ulcers, 20 healed.",              # a second size, not a condition
    "Of the 12 patients with ulcers below 3 cm2, 15 healed.",     # more events than the subset holds
])
def test_leading_denominator_refused(text):
    assert _values(text) == []


# Lead 2: a count of one arm and "none" of another, in one clause: two counts, each of its own arm's words.
def _event_spans(text: str) -> list[tuple[str, int]]:
    claims = SentenceClaims(text, 0)
    scan(claims, [])
    return sorted((text[a:b], st["events"]) for a, b, st in claims.found if st and st["kind"] == "events")


@pytest.mark.parametrize("text,want", [
    ("Four patients in the MSC group and none in the saline group died.",
     [("Four patients in the MSC group", 4), ("none in the saline group", 0)]),
    ("Two patients in the usual-care group and none in the cell groups required major amputation.",
     [("Two patients in the usual-care group", 2), ("none in the cell groups", 0)]),
    ("One patient in the placebo group and none in the G-CSF group died.",
     [("One patient in the placebo group", 1), ("none in the G-CSF group", 0)]),
])
def test_a_count_and_the_other_arms_zero_are_two_counts(text, want):
    assert _event_spans(text) == want


@pytest.mark.parametrize("text,want", [
    # one group's words: still one count with its verb and event
    ("Three patients in the bone marrow cell group died.", [("Three patients in the bone marrow cell group died", 3)]),
    ("Two limbs in the saline-injected group died.", [("Two limbs in the saline-injected group died", 2)]),
    # "or" joining two arms' names, no second count: one zero of both
    ("No patient in the MSC or MNC group died.", [("No patient in the MSC or MNC group died", 0)]),
])
def test_a_count_in_one_group_stays_one(text, want):
    got = _event_spans(text)
    assert [(s[:len(w)], n) for (s, n), (w, _) in zip(got, want)] == want and len(got) == len(want)


# Lead 3: a difference in percentage points is a risk difference by its unit alone, unless it is between means.
def _effect(text: str) -> dict:
    claims = SentenceClaims(text, 0)
    scan(claims, [])
    return next(st for *_, st in claims.found if st and st["kind"] == "effect")


def test_unnamed_points_are_flagged_as_typed_by_unit():
    st = _effect("Healing was 60.0% versus 35.0%, a difference of 25.0 percentage points (95% CI 3.1 to 46.9).")
    assert st["effect_measure"] == "RD" and "rd_from_points" in st["flags"]
    st = _effect("Healing was 60.0% versus 35.0% (risk difference 25.0 percentage points, 95% CI 3.1 to 46.9).")
    assert "rd_from_points" not in st["flags"]


@pytest.mark.parametrize("name,kinds,want", [
    ("mean difference", ["events", "events"], True),      # the measure named before it says so
    ("absolute difference", ["mean_sd", "mean_sd"], False),  # a named risk difference stays one
    ("difference", ["mean_sd", "mean_sd"], True),          # a bare difference between two means
    (None, ["mean_sd", "mean"], True),
    ("difference", ["percent", "percent"], False),          # between two percentages of patients: a risk difference
    (None, ["mean_sd", "events"], False),
    (None, [], False),
])
def test_points_mean_difference(name, kinds, want):
    assert points_mean_difference(name, [{"kind": k} for k in kinds]) is want


# Lead 4: the measure's own score noun before the instrument's link ("rest-pain scores on a 10-cm VAS").
@pytest.mark.parametrize("gap,want", [
    (" scores on a 10-cm ", True),
    (" score on a 0–10 ", True),
    (" intensity measured by ", True),
    (" scores and ", False),            # a second measure, not its instrument
    (" scores fell in patients on ", False),
])
def test_instrument_gap_after_a_score_noun(gap, want):
    assert instrument_gap(gap) is want


def test_rest_pain_scores_on_a_scale_are_one_mention_of_rest_pain():
    text = "Rest-pain scores on a 10-cm visual analogue scale fell"
    rest, vas = vocabulary.outcomes().lookup("rest pain"), vocabulary.outcomes().lookup("visual analogue scale")
    v0 = text.index("visual")
    hits = [Hit(rest, 0, 9, text[0:9]), Hit(vas, v0, len(text) - 5, text[v0:-5])]
    merged = merge_compounds(text, hits)
    assert [(h.term.id, h.start, h.end) for h in merged] == [("rest_pain", 0, len(text) - 5)]


# Lead 4: the characteristic a "respectively" list names after its values ("…, respectively, had tissue loss").
def _values_of(text: str, spans: list[str]) -> list[dict]:
    out, pos = [], 0
    for s in spans:
        a = text.index(s, pos)
        out.append({"kind": "events", "evidence": {"start": a, "end": a + len(s)}})
        pos = a + len(s)
    return out


@pytest.mark.parametrize("text,spans,want", [
    ("19 (45.2%) and 9 (42.9%) patients, respectively, had tissue loss.", ["19 (45.2%)", "9 (42.9%)"], "tissue_loss"),
    ("HbA1c was similar, and 9 and 8 patients, respectively, were on haemodialysis.", ["9", "8"], "dialysis"),
])
def test_respectively_list_characteristic_after_it(text, spans, want):
    stats = _values_of(text, spans)
    got = characteristic_of(text, (0, len(text)), stats, len(stats) - 1)
    assert got is not None and got.id == want and got.how == "after"


def test_a_comma_still_ends_a_values_words():
    text = "9 patients, and diabetes was common"
    stats = _values_of(text, ["9"])
    assert windows(text, (0, len(text)), stats, 0)[1] == (1, text.index(","))


def test_respectively_then_no_verb_names_nothing_after_it():
    text = "4 and 5 new cancers were diagnosed in the two groups, respectively, consistent with age-expected rates."
    stats = _values_of(text, ["4", "5"])
    got = characteristic_of(text, (0, len(text)), stats, 1)
    assert got is None or got.id != "age"
