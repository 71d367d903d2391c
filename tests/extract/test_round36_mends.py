"""Round 36 second read (mend36): defects found in round 36's merged code, each with an invented input.

Pure functions on invented sentences and hand-built claims or arms; no spaCy."""
from __future__ import annotations

import pytest

from stemfoot.extract.factor_sides import factor_sets, factor_side_stage, named_factor

_LABELS = ["PBMNC + HBOT", "PBMNC alone", "HBOT alone", "neither"]
_ROLES = ["intervention", "intervention", "active_comparator", "control"]


def _arms() -> list[dict]:
    return [{"label": x, "role": r, "n_patients": 30, "cell_type": None} for x, r in zip(_LABELS, _ROLES)]


@pytest.mark.parametrize("words", [
    "Healing was more frequent with PBMNCs than without (",   # a sentence cut inside its bracket
    "with HBOT ((both arms) vs",                               # a bracket left open around a closed one
])
def test_an_unclosed_bracket_does_not_recurse_forever(words):
    factors = factor_sets(_LABELS)
    roles = dict(zip(_LABELS, _ROLES))
    assert named_factor(words, factors, roles) in (None, factors["pbmnc"], factors["hbot"])


def test_a_closed_bracket_is_still_read_apart():
    factors = factor_sets(_LABELS)
    roles = dict(zip(_LABELS, _ROLES))
    words = "with PBMNC (either alone or with HBOT) than without PBMNC"
    assert named_factor(words, factors, roles) == factors["pbmnc"]


def test_factor_side_stage_survives_an_unclosed_value_bracket():
    pre = "Methods: In a 2 × 2 factorial trial, 120 patients were randomised. Results: "
    text = pre + "Healing was more frequent with PBMNCs than without (37/60 vs 23/60."
    stats = []
    for v in ("37/60", "23/60"):
        s = text.index(v)
        stats.append({"kind": "events", "events": int(v[:2]), "total": 60, "target": "unattributed", "arm": None,
                      "flags": ["review_attribution", "pooled_side"],
                      "evidence": {"start": s, "end": s + 5, "sentence_start": len(pre), "sentence_end": len(text)}})
    assert factor_side_stage(text, _arms(), stats, True) == ["factor_side_values"]
    assert [st["arm"] for st in stats] == ["PBMNC + HBOT + PBMNC alone (pooled)", "HBOT alone + neither (pooled)"]


@pytest.mark.parametrize("tail,placed", [
    # The recipients of both factors: one cell's count, not the HBOT pool's (null beats a guess).
    ("2 patients receiving HBOT and PBMNC.", False),
    ("2 patients receiving HBOT and PBMNCs, none serious.", False),
    ("2 patients receiving HBOT and/or PBMNC.", False),
    # "and" opening another clause still closes the factor's.
    ("2 patients receiving HBOT and resolved within a week.", True),
    # Another count's recipients after "and": the first count is still the factor's pool.
    ("2 patients receiving HBOT and 1 receiving PBMNC.", True),
    ("2 patients receiving HBOT and in one receiving PBMNC.", True),
    ("2 patients receiving HBOT.", True),
])
def test_recipients_of_a_second_factor_are_no_factor_pool(tail, placed):
    text = "Barotrauma occurred in " + tail
    start = text.index("2 patients")
    st = {"kind": "events", "events": 2, "total": None, "target": "unattributed", "arm": None,
          "flags": ["review_attribution"], "evidence": {"start": start, "end": start + len("2 patients")}}
    factor_side_stage(text, _arms(), [st], True)
    assert (st["arm"] == "PBMNC + HBOT + HBOT alone (pooled)") is placed
    assert (st["target"] == "unattributed") is not placed


def test_a_mean_decrease_with_its_range_negates_the_range():
    # value_kinds._negate: a mean read with its range (range_means, gold_conventions 51) was negated, its range left
    # positive: -3.1 with range 1.0-6.0 (the mean outside its own range).
    from stemfoot.extract.value_kinds import sign_decreases
    text = "The rest pain score decreased by 3.1 points (range 1.0–6.0) in the cell group."
    a = text.index("3.1")
    stat = {"kind": "mean", "mean": 3.1, "median": None, "range_low": 1.0, "range_high": 6.0,
            "flags": ["mean_with_range"]}
    found = [(a, text.index(")") + 1, stat)]
    assert sign_decreases(text, found) == [0]
    assert (stat["mean"], stat["range_low"], stat["range_high"]) == (-3.1, -6.0, -1.0)


def test_a_data_row_of_durations_under_a_header_of_arms_stays_a_row():
    # corpus.jats._looks_header (round 36): a row of distinct times is a header row; under a <thead> of arms the first
    # body row "Diabetes duration | 12 years | 9 years" was taken into the header (its values lost, the arm columns
    # read as times "12 years" and "9 years").
    from stemfoot.corpus.jats import _tables, parse_xml

    xml = ("<table-wrap><label>Table 1</label><caption><p>Baseline</p></caption><table><thead><tr><td>Variable</td>"
           "<td>Cells (n = 20)</td><td>Placebo (n = 20)</td></tr></thead><tbody><tr><td>Diabetes duration</td>"
           "<td>12 years</td><td>9 years</td></tr><tr><td>HbA1c (%)</td><td>7.1 ± 1.2</td><td>7.3 ± 1.1</td></tr>"
           "</tbody></table></table-wrap>")
    (t,) = _tables(parse_xml(xml.encode()))
    assert t["header_joined"] == ["Variable", "Cells (n = 20)", "Placebo (n = 20)"]
    assert [r[0] for r in t["rows"]] == ["Diabetes duration", "HbA1c (%)"]


def test_a_row_of_times_under_one_spanned_heading_is_still_a_header_row():
    from stemfoot.corpus.jats import _tables, parse_xml

    xml = ("<table-wrap><label>Table 2</label><caption><p>Schedule</p></caption><table><thead><tr><td>Scale</td>"
           "<td colspan=\"3\">Assessment schedule</td></tr></thead><tbody><tr><td/><td>Baseline</td><td>Wk 2</td>"
           "<td>Wk 4</td></tr><tr><td>Pain</td><td>5.1</td><td>4.2</td><td>3.3</td></tr></tbody></table></table-wrap>")
    (t,) = _tables(parse_xml(xml.encode()))
    assert t["header_joined"][1:] == ["Assessment schedule / Baseline", "Assessment schedule / Wk 2",
                                      "Assessment schedule / Wk 4"]


def test_a_negated_bound_of_zero_is_no_negative_zero():
    # value_kinds._negate: "decreased by a median of 1 (IQR 0–3)" gave q3 = -0.0 (dumped "-0.0"); 0 stays 0.0.
    from stemfoot.extract.value_kinds import sign_decreases
    text = "Rest pain decreased by a median of 1 (IQR 0–3) points."
    a = text.index("1 (")
    stat = {"kind": "median", "median": 1.0, "q1": 0.0, "q3": 3.0, "flags": []}
    assert sign_decreases(text, [(a, text.index(")") + 1, stat)]) == [0]
    assert (stat["median"], stat["q1"], stat["q3"]) == (-1.0, -3.0, 0.0) and str(stat["q3"]) == "0.0"


def test_a_decrease_by_a_median_of_zero_is_a_change_with_its_iqr_negated():
    # value_kinds._decreases: only a centre > 0 was signed, so "... by a median of 3 (IQR 2–5) and by a median of 0
    # (IQR 0–1)" gave -3 (IQR -5 to -2) beside 0 (IQR 0 to 1), an increase's interval, and no "change".
    from stemfoot.extract.value_kinds import sign_decreases
    text = ("Rest pain decreased by a median of 3 (IQR 2–5) points with cells and by a median of 0 (IQR 0–1) "
            "with placebo.")
    found = []
    for printed, med, lo, hi in (("3 (", 3.0, 2.0, 5.0), ("0 (", 0.0, 0.0, 1.0)):
        a = text.index(printed)
        found.append((a, text.index(")", a) + 1, {"kind": "median", "median": med, "q1": lo, "q3": hi, "flags": []}))
    assert sign_decreases(text, found) == [0, 1]
    zero = found[1][2]
    assert (zero["median"], zero["q1"], zero["q3"]) == (0.0, -1.0, 0.0) and zero["measure"] == "change"
    assert str(zero["median"]) == "0.0"  # no -0.0


@pytest.mark.parametrize("sentence,side", [
    # The cell with neither factor is no factor's pooled side: the named cell's count keeps its arm.
    ("Healing was more frequent in the PBMNC + HBOT group (20/30) than patients without either treatment (9/30).",
     False),
    ("Healing was more frequent in the PBMNC + HBOT group (20/30) than those without any treatment (9/30).", False),
    # A factor's word after "without" is still a pooled side.
    ("SVF-treated patients healed more often than those without SVF (66.1% vs 39.3%).", True),
])
def test_than_those_without_a_generic_word_is_no_pooled_side(sentence, side):
    from stemfoot.extract.consistency import pooled_side

    pre = ("Methods: In a 2 × 2 factorial trial, 120 patients were randomised to PBMNC + HBOT (n = 30), PBMNC alone "
           "(n = 30), HBOT alone (n = 30) or neither (n = 30). Results: ")
    text = pre + sentence
    assert pooled_side(text, (len(pre), len(text))) is side


@pytest.mark.parametrize("text", [
    "Methods: In this controlled study, the treated leg was not chosen at random but was the more ischaemic leg; the "
    "other leg received saline. Results: ABI improved.",
    "Methods: In this controlled study, patients were not assigned at random: 20 received cells and 20 standard care. "
    "Results: ABI improved.",
    "Methods: In this controlled study, the treated side was not allocated by coin toss; the other leg received saline. "
    "Results: ABI improved.",
])
def test_a_denied_random_choice_is_no_randomisation(text):
    # design.json RANDOM (round 36) reads "chosen at random" / "by coin toss" as randomisation; denied, it is none.
    from stemfoot.extract.design import classify

    assert classify(text)[0] != "rct"
