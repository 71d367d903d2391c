"""Round 38 reread of ftmiss38: inputs on which its new prose rules misfired. Invented examples, no spaCy."""
from stemfoot.extract.prose_pairs import find_pairs, tight_means


def test_after_alone_does_not_lift_the_joined_means_guard():
    # "After 12 weeks" says when all four were read; each arm still has two values and which is asked is not said
    text = ("After 12 weeks, time above the target was 61.0 ± 20.0% and 48.5 ± 22.0% for the morning dose, "
            "30.2 ± 18.0% and 21.4 ± 15.5% for the evening dose.")
    assert find_pairs(text, "morning dose", "evening dose") == []
    # a time pair that names the time before is still left to post_index
    s2 = "Scores were 7.1 ± 1.9 and 2.4 ± 1.8 before and after gel, and 6.9 ± 2.0 and 6.5 ± 2.1 with saline."
    from stemfoot.extract.prose_pairs import joined_unplaced, values
    assert not joined_unplaced(s2, values(s2), [None, "intervention", None, "comparator"])


def test_a_dose_the_arms_were_given_is_no_bare_mean():
    assert tight_means("Patients received 0.5 mg/kg in the ketamine group and 1.5 mg/kg in the placebo group.") == []
    assert find_pairs("The drug was given at 0.5 mg in the ketamine group and 1.5 mg in the placebo group.",
                      "ketamine", "placebo") == []
    # an outcome in a dose unit, in a sentence that gives nothing, is still read
    pairs = find_pairs("Blood loss was 250.5 ml in the ketamine group and 310.2 ml in the placebo group.",
                       "ketamine", "placebo")
    assert [(p.intervention.mean, p.comparator.mean) for p in pairs] == [(250.5, 310.2)]


def test_an_age_is_no_bare_mean():
    assert tight_means("Patients were aged 54.3 in the yoga group and 52.1 in the control group.") == []
