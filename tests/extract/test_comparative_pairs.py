"""Both arms named, then their two values joined by "vs." (ftarm11); "p%; x/y" counts. No spaCy."""
from __future__ import annotations

from stemfoot.extract.prose_pairs import sentence_pair, values


def _pair(sentence: str, q_int: str, q_cmp: str) -> tuple[str, str] | None:
    got = sentence_pair(sentence, q_int, q_cmp)
    return got and (got[0].text, got[1].text)


def test_values_after_both_names_follow_their_order():
    s = "The time to discharge was longer in the ketamine group than the saline group (48±12 vs. 35±10 min, p<0.01)."
    assert _pair(s, "ketamine", "saline") == ("48±12", "35±10")
    # the query's arms the other way round: the values stay with the names
    assert _pair(s, "saline", "ketamine") == ("35±10", "48±12")


def test_counts_after_both_names():
    s = ("Referral was lower in the drug X group than in the placebo group (2 of 48 patients [4%] vs. 8 of 51 "
         "patients [16%]; odds ratio 0.17).")
    assert _pair(s, "drug X", "Placebo") == ("2 of 48 patients [4%]", "8 of 51 patients [16%]")


def test_comparative_needs_both_names_two_values_and_versus():
    # one arm named only: which side the other value is, the sentence does not say
    assert _pair("Recovery was lower in the ketamine group (0.12±0.03 vs 0.16±0.06).", "ketamine", "saline") is None
    # three values: which two answer is unclear
    assert _pair("Scores were higher with ketamine than saline (12±3 vs 10±2, 11±3 vs 9±2).", "ketamine",
                 "saline") is None
    # joined by "and" (no "respectively"): not read as a comparison
    assert _pair("Scores were higher with ketamine than saline (12±3 and 10±2).", "ketamine", "saline") is None
    # a name that fits both arms inside the frame
    assert _pair("Pain with lidocaine plus ketorolac and with lidocaine (2.1±0.9 vs 0.8±1.1).", "Lidocaine",
                 "Lidocaine + ketorolac") is None
    # a number between the names (another clause's value or a dose): not one frame
    assert _pair("The ketamine group had 12 more visits than saline (12±3 vs 10±2).", "ketamine", "saline") is None


def test_percent_semicolon_count():
    s = ("AEs were more frequent in the duloxetine group (84.8%; 145/171 patients) than in the placebo group "
         "(73.7%; 123/167 patients).")
    assert [(v.events, v.total, v.percent) for v in values(s)] == [(145, 171, 84.8), (123, 167, 73.7)]
    assert _pair(s, "Duloxetine", "Placebo") == ("84.8%; 145/171", "73.7%; 123/167")
    # a percent that does not agree with the count is not joined to it
    assert [(v.events, v.total, v.percent) for v in values("rate 50.0%; 145/171 in all")] == [
        (None, None, 50.0), (145, 171, None)]
