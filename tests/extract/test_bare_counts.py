"""The learned bare-count stage (extract/bare_counts.py) and its training tool's labels: no spaCy."""
from __future__ import annotations

import sys

from stemfoot.extract import bare_counts as bc
from stemfoot.tools import train_bare_counts as tool


def _free(_a: int, _b: int) -> bool:
    return True


def _values(text: str, free=_free) -> list[str]:
    return [text[s:e] for s, e, _ in bc.bare_numbers(text, free)]


def test_numbers_that_count_nothing_are_no_candidates() -> None:
    text = ("Of 60 patients aged 65, 12% had type 2 diabetes (Rutherford 5) for 3-5 years; at day 7, 40 mg "
            "and 1.5 x 10 cells were given in 2019 to 4/10 and 1200 patients.")
    assert _values(text) == ["60"]


def test_worded_and_digit_counts_are_candidates_unless_claimed() -> None:
    text = "Minor amputations were performed in two SVF patients and 5 controls."
    assert _values(text) == ["two", "5"]
    s = text.index("5")
    assert _values(text, lambda a, b: not (a < s + 1 and s < b)) == ["two"]


def _feats(text: str, number: str, outcomes=(), arms=(), section: str | None = "results") -> dict[str, float]:
    nums = bc.bare_numbers(text, _free)
    s, e, v = next(n for n in nums if text[n[0]:n[1]] == number)
    return bc.features(text, s, e, v, list(outcomes), list(arms), nums, section)


def test_features_read_the_nouns_and_arms_around_a_number() -> None:
    text = "Minor amputations were performed in two SVF patients and five controls."
    outcomes = [bc.Span(0, 17, countable=True)]
    arms = [bc.Span(39, 42), bc.Span(62, 70)]
    f = _feats(text, "five", outcomes, arms)
    assert f["next:people"] == 1 and f["countable_before"] == 1 and f["worded"] == 1
    assert f["verb_in_clause"] == 1 and f["arms_in_clause:2"] == 1 and "listed_after_number" not in f
    assert f["section:results"] == 1 and f["arm_near_after"] == 1
    g = _feats("Puncture-site haematoma (n = 2) occurred only in the IA group.", "2")
    assert g["n_equals"] == 1 and g["event_before8"] == 1 and g["arm_word_after"] == 1
    listed = _feats("Bone pain occurred in 9, 12 and 4 patients, respectively.", "12")
    assert listed["listed_after_number"] == 1 and listed["respectively"] == 1 and listed["numbers_in_clause:2"] == 1
    h = _feats("Adverse events consisted of two haematomas at injection sites.", "two", section=None)
    assert h["next:event"] == 1 and h["event_after4"] == 1 and h["section:none"] == 1


def test_allocating_sentences_are_marked() -> None:
    f = _feats("Sixty patients were randomised to cells or placebo.", "Sixty")
    assert f["allocating_sentence"] == 1 and f["sentence_start"] == 1


def test_candidates_need_a_model_and_its_threshold() -> None:
    text = "Minor amputations were performed in two SVF patients and five controls."
    outcomes, arms = [bc.Span(0, 17, countable=True)], [bc.Span(39, 42), bc.Span(62, 70)]
    assert bc.candidates(text, _free, outcomes, arms, "results", None) == []
    always = {"weights": {}, "intercept": 5.0, "threshold": 0.5}
    never = {**always, "intercept": -5.0}
    assert [v for _, _, v in bc.candidates(text, _free, outcomes, arms, "results", always)] == [2, 5]
    assert bc.candidates(text, _free, outcomes, arms, "results", never) == []


def test_shipped_model_reads_counts_of_events_and_not_sample_sizes() -> None:
    model = bc.load_model()
    assert model is not None and 0 < model["threshold"] < 1
    text = "Minor amputations were performed in two SVF patients and five controls."
    got = bc.candidates(text, _free, [bc.Span(0, 17, True)], [bc.Span(39, 42), bc.Span(62, 70)], "results", model)
    assert [v for _, _, v in got] == [2, 5]
    text = "Sixty patients were randomised to two groups."
    assert bc.candidates(text, _free, [], [], "methods", model) == []


def test_recording_collects_every_scored_number() -> None:
    text = "Two treated limbs and five control limbs underwent major amputation."
    with bc.recording() as rows:
        bc.candidates(text, _free, [], [], None, None)
    assert [r["value"] for r in rows] == [2, 5] and all(r["sentence"] == text for r in rows)
    bc.candidates(text, _free, [], [], None, None)
    assert len(rows) == 2


def test_labels_match_value_and_sentence_either_way_round() -> None:
    row = {"sentence": "Two  treated limbs and five control limbs underwent major amputation.", "value": 5}
    gold = [("two treated limbs and five control limbs underwent major amputation.", 5)]
    assert tool.label(row, gold)
    assert tool.label({**row, "sentence": "Results: " + row["sentence"]}, gold)
    assert not tool.label({**row, "value": 4}, gold)
    assert not tool.label(row, [("another sentence with five events.", 5)])


def test_threshold_is_the_lowest_reaching_the_target() -> None:
    held = {"a": [(0.95, 1), (0.9, 1), (0.6, 0), (0.58, 0)], "b": [(0.7, 1), (0.3, 0)]}
    assert tool.reads(held["a"], 0.5) == (4, 2)
    assert tool.choose(held) == 0.65



def test_modules_import_without_spacy() -> None:
    import subprocess

    code = ("import sys; import stemfoot.extract.bare_counts, stemfoot.tools.train_bare_counts; "
            "sys.exit('spacy' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_numbers_listed_after_a_label_are_labels_too() -> None:
    assert _values("More patients reported pain on day one, two and three than with A; 4 died.") == ["4"]
    assert _values("Ulcer area at weeks 4, 8 and 12 fell, and 3, 5 and 2 ulcers healed.") == ["3", "5", "2"]
