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


def test_arms_named_by_dose():
    q_i, q_c = "4% lidocaine along with 1:100,000 epinephrine", "2% lidocaine along with 1:100,000 epinephrine"
    s = "Moreover, the duration of anesthesia with 4% lidocaine was longer than that with 2% (228 ± 55 min vs. 207 ± 54 min)."
    assert _pair(s, q_i, q_c) == ("228 ± 55", "207 ± 54")
    s = "Cases requiring more anesthetic were more in the 2% lidocaine group than in the 4% group (26/36 vs. 16/31; P = 0.006)."
    assert _pair(s, q_c, q_i) == ("26/36", "16/31")
    assert _pair(s, q_i, q_c) == ("16/31", "26/36")
    # the percents stay values where the arms are not told apart by dose
    assert _pair(s, "lidocaine", "placebo") is None


def test_dose_forms_only_when_the_dose_is_all_that_differs():
    from stemfoot.extract.prose_pairs import dose_forms

    assert dose_forms("15-pulse anti-tachycardia pacing (ATP)", "eight-pulse anti-tachycardia pacing (ATP)") == (
        ("15-pulse",), ("eight-pulse",))
    assert dose_forms("Drug X 10 mg", "Drug X 20 mg") == (("10 mg",), ("20 mg",))
    assert dose_forms("Ketamine 10 mg", "Propofol 20 mg") == ((), ())  # the names differ: they tell the arms apart
    assert dose_forms("Ketamine 10 mg", "placebo") == ((), ())


def test_a_comparator_first_lead_gives_no_pair():
    # "Compared with B, A had ... (a vs. b)": the subject's value comes first although B is named first
    assert _pair("Compared with the placebo group, the ketamine group had a longer time to discharge "
                 "(48±12 vs. 35±10 min).", "ketamine", "placebo") is None
    assert _pair("Unlike the saline group, the ketamine group recovered faster (48±12 vs. 35±10 min).",
                 "ketamine", "saline") is None
