"""Round 48 (lead48b, invented sentences): a baseline cue in a clause of no values leads the next clause; the
elided second value of a pair ("62 ± 9 vs 64 years") is no time and leaves its first value off the cohort."""
from stemfoot.extract.baseline import baseline_stage, baseline_targets, lead_clause
from stemfoot.extract.number_grammar import time_matches

from tests.extract.test_baseline import _mentions, st


def test_a_cue_in_a_leading_clause_of_no_values_marks_the_next_clauses_values() -> None:
    text = "At baseline, the groups were similar; mean ABI was 0.52 ± 0.11 vs 0.50 ± 0.12."
    stats = [st(text, "0.52 ± 0.11", "mean_sd", mean=0.52, sd=0.11, outcome="abi"),
             st(text, "0.50 ± 0.12", "mean_sd", mean=0.50, sd=0.12, outcome="abi")]
    assert baseline_stage(text, stats) == [0, 1]
    assert all(s["timepoint"] == "baseline" and "baseline_by_context" in s["flags"] for s in stats)


def test_a_leading_clause_with_values_a_change_or_a_follow_up_time_leads_nothing() -> None:
    for text in ("Mean ABI was 0.48 at baseline; at 12 weeks it was 0.52 ± 0.11 vs 0.50 ± 0.12.",
                 "ABI improved from baseline; it was 0.52 ± 0.11 vs 0.50 ± 0.12.",
                 "After 12 weeks of follow-up from baseline; mean ABI was 0.52 ± 0.11 vs 0.50 ± 0.12."):
        stats = [st(text, "0.52 ± 0.11", "mean_sd", mean=0.52, sd=0.11, outcome="abi"),
                 st(text, "0.50 ± 0.12", "mean_sd", mean=0.50, sd=0.12, outcome="abi")]
        assert baseline_stage(text, stats) == [], text


def test_lead_clause() -> None:
    text = "At baseline, the groups were similar; mean ABI was 0.52 vs 0.50."
    sentence = (0, len(text))
    second = (text.index(";") + 1, len(text))
    assert lead_clause(text, sentence, second, [(text.index("0.52"), text.index("0.52") + 4)]) == (0, text.index(";"))
    assert lead_clause(text, sentence, (0, text.index(";")), []) is None
    assert lead_clause(text, sentence, second, [(3, 11)]) is None  # a value in the clause before


def test_the_elided_second_value_of_a_pair_is_no_time() -> None:
    assert [m.group() for m in time_matches("Groups were comparable: age 62 ± 9 vs 64 years.")] == []
    assert [m.group() for m in time_matches("(median 66 [IQR 59–73] vs 67 years)")] == []
    # No spread before "vs": a list of times stays one.
    assert [m.group() for m in time_matches("Ulcers healed at 12 vs 24 weeks.")] == ["24 weeks"]
    assert [m.group() for m in time_matches("ABI was 0.52 ± 0.11 at 12 weeks.")] == ["at 12 weeks"]


def test_one_side_of_a_pair_is_not_the_cohorts() -> None:
    text = ("Results: Forty patients were randomised (cell group, n = 20; control group, n = 20); groups were "
            "comparable at baseline: age 62 ± 9 vs 64 years.")
    stats = [st(text, "62 ± 9", "mean_sd", mean=62.0, sd=9.0, target="unattributed")]
    baseline_stage(text, stats)
    baseline_targets(text, stats, _mentions(text, ["cell group", "control group"]),
                     {"cell group": "intervention", "control group": "control"})
    assert (stats[0]["outcome"], stats[0]["target"]) == ("age", "unattributed")
    # Given once, with no other side, it is the cohort's.
    text = text.replace(" vs 64 years", " years")
    stats = [st(text, "62 ± 9", "mean_sd", mean=62.0, sd=9.0, target="unattributed")]
    baseline_stage(text, stats)
    baseline_targets(text, stats, _mentions(text, ["cell group", "control group"]),
                     {"cell group": "intervention", "control group": "control"})
    assert stats[0]["target"] == "cohort"


def test_a_time_after_a_bracket_that_is_no_spread_stays_a_time() -> None:
    # mendlead48b: "(n = 20)" before "vs" is a count, not the spread of a value paired with the time
    assert [m.group() for m in time_matches("Ulcer area was measured at 4 weeks (n = 20) vs 12 weeks (n = 18).")] \
        == ["at 4 weeks", "12 weeks"]
    assert [m.group() for m in time_matches("(median 66 (range 59-73) vs 67 years)")] == []
    assert [m.group() for m in time_matches("(mean 62 (SD 9) vs 64 years)")] == []
