"""Round 31: a value's outcome from its own clause's verb and the longest vocabulary phrase, before a topic
carried from an earlier sentence (extract/outcome_scope.py, schemas/outcomes.json). No spaCy."""
import pytest

from stemfoot.extract import vocabulary
from stemfoot.extract.outcome_scope import (describes_follow_up, entry_topics, inherited_entry_topic, instrument_gap,
                                            outcome_stage)

from extract_support import ev


def _mentions(text: str) -> list[dict]:
    return [{"outcome": h.term.id, "label": h.text, "countable": h.term.countable,
             "evidence": {"start": h.start, "end": h.end}} for h in vocabulary.outcome_topics().find(text)]


def _stat(text: str, frag: str, kind: str, outcome: str | None) -> dict:
    return {"kind": kind, "outcome": outcome, "outcome_label": None, "arm": None, "flags": [],
            "evidence": ev(text, frag)}


def _after(text: str, frags: list[tuple[str, str]], topic: str | None) -> list:
    stats = [_stat(text, f, kind, topic) for f, kind in frags]
    outcome_stage(text, stats, _mentions(text), [])
    return [s["outcome"] for s in stats]


@pytest.mark.parametrize("text", [
    "had closed completely", "were completely closed", "has fully closed", "had been closed",
    "closed completely", "were healed",
])
def test_closure_verbs_name_healing(text):
    assert [h.term.id for h in vocabulary.outcomes().find(f"12 of 20 wounds in group A {text} by month 3")] \
        == ["ulcer_healing"]


def test_the_clause_verb_after_the_values_beats_a_topic_from_the_sentence_before():
    text = ("Mean age was 61 years. At month 6, 11/25 (44%) wounds with cells and 5/24 (21%) with dressing alone "
            "had closed completely; at month 12 the numbers were 17/25 and 9/24.")
    assert _after(text, [("11/25 (44%)", "events"), ("5/24 (21%)", "events")], "age") == ["ulcer_healing"] * 2


def test_a_count_verb_right_after_its_percentage_is_its_own():
    text = "BMI was 29. Nine wounds (40.9%) had closed by week 16 and 15 (68.2%) by week 30."
    assert _after(text, [("Nine wounds (40.9%)", "events"), ("15 (68.2%)", "events")], "bmi") \
        == ["ulcer_healing"] * 2


def test_an_entry_topic_is_not_carried_to_a_count_at_follow_up():
    assert {"age", "sex", "bmi", "diabetes_duration", "hba1c"} <= entry_topics()
    assert "ulcer_healing" not in entry_topics() and "abi" not in entry_topics()
    text = "HbA1c was 8.1% at entry. By month 3, 7/20 in the cell group and 2/19 in the control group improved."
    st = _stat(text, "7/20", "events", "hba1c")
    s0 = text.index("By month")
    assert inherited_entry_topic(text, st, (s0, len(text)))
    assert _after(text, [("7/20", "events"), ("2/19", "events")], "hba1c") == [None, None]
    # No follow-up time in the clause, or a measurement (not a count): the topic stays.
    text2 = "HbA1c was 8.1% at entry. It was 7.4% in the cell group."
    assert _after(text2, [("7.4%", "mean")], "hba1c") == ["hba1c"]


def test_follow_up_duration_is_no_result():
    text = "Ulcer healing was recorded. Median follow-up was 18 months (IQR 10–26)."
    st = _stat(text, "18 months (IQR 10–26)", "median", "ulcer_healing")
    s0 = text.index("Median")
    assert describes_follow_up(text, st, (s0, len(text)))
    assert _after(text, [("18 months (IQR 10–26)", "median")], "age") == [None]
    # The follow-up time of a named outcome is no descriptor.
    text2 = "At a median follow-up of 18 months, healing was 60% (12/20)."
    assert _after(text2, [("60% (12/20)", "events")], "ulcer_healing") == ["ulcer_healing"]


def test_the_longer_phrase_wins_over_its_head_word():
    hits = vocabulary.outcomes().find("Major amputation-free limb survival was 80% at 2 years.")
    assert [(h.term.id, h.text) for h in hits] == [("amputation_free_survival", "Major amputation-free limb survival")]
    assert instrument_gap(" on a 0–10 ") and instrument_gap(" measured by ")
    assert not instrument_gap(" and ")


def test_a_bound_takes_no_topic_from_another_clause():
    text = "Nine of 14 ulcers healed. Donor-specific antibodies stayed under 5% in every patient."
    assert _after(text, [("5%", "percent")], "ulcer_healing") == [None]
    # A bound in a clause that names its outcome keeps it.
    text2 = "Healing was achieved in more than 60% of limbs."
    assert _after(text2, [("60%", "percent")], "ulcer_healing") == ["ulcer_healing"]
