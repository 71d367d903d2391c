"""The baseline stage (extract/baseline.py) on plain dicts: no spaCy pipeline is loaded."""
from stemfoot.extract import vocabulary
from stemfoot.extract.baseline import baseline_stage, baseline_targets, characteristic_of



def st(text, frag, kind, **values):
    """A statistic dict as the rule components give it (sentences end at ". ")."""
    start = text.index(frag)
    s0 = text.rfind(". ", 0, start)
    s1 = text.find(". ", start)
    base = {"kind": kind, "outcome": None, "outcome_label": None, "arm": None, "arm_role": None, "timepoint": None,
            "measure": None, "flags": []}
    return {**base, **values, "evidence": {"start": start, "end": start + len(frag), "text": frag,
                                           "sentence_start": 0 if s0 < 0 else s0 + 2,
                                           "sentence_end": len(text) if s1 < 0 else s1 + 1}}


def _readings(text, stats):
    sentence = (stats[0]["evidence"]["sentence_start"], stats[0]["evidence"]["sentence_end"])
    out, prev = [], None
    for i in range(len(stats)):
        prev = characteristic_of(text, sentence, stats, i, prev)
        out.append(prev and (prev.id, prev.how))
    return out


def test_the_words_next_to_each_number_name_its_characteristic():
    text = ("Participants were a mean of 63.1 ± 7.7 years old; 41 (55%) were women, 30 (40%) were current smokers "
            "and 52 (69%) had type 2 diabetes.")
    stats = [st(text, "63.1 ± 7.7", "mean_sd", mean=63.1, sd=7.7), st(text, "41 (55%)", "events", events=41),
             st(text, "30 (40%)", "events", events=30), st(text, "52 (69%)", "events", events=52)]
    assert _readings(text, stats) == [("age", "after"), ("sex", "after"), ("smoking", "after"), ("diabetes", "after")]


def test_how_long_diabetes_had_lasted_is_its_duration_not_diabetes():
    # Round 48: "diabetes for <a time>" is the diabetes duration, read from the words before the number (which the
    # window ends at); "diabetes" alone, or "for" not before a time, stays diabetes.
    text = ("Patients had had diabetes for a median of 18 years (IQR 12–24) and 9 (45%) had diabetes for which "
            "insulin was given.")
    stats = [st(text, "18 years (IQR 12–24)", "median", median=18), st(text, "9 (45%)", "events", events=9)]
    assert _readings(text, stats) == [("diabetes_duration", "before"), ("diabetes", "after")]
    text = "Patients were 67 ± 8 years old and had diabetes for 14.2 ± 6.1 years."
    stats = [st(text, "67 ± 8", "mean_sd", mean=67, sd=8), st(text, "14.2 ± 6.1 years", "mean_sd", mean=14.2, sd=6.1)]
    assert _readings(text, stats)[1] == ("diabetes_duration", "before")


def test_a_listed_value_shares_the_characteristic_and_a_unit_names_age_only_where_age_is_spoken_of():
    text = "The groups were alike in mean age (61.2 vs 64.0 years) and in HbA1c (8.1 vs 7.9)."
    stats = [st(text, "61.2", "mean", mean=61.2), st(text, "64.0", "mean", mean=64.0)]
    assert _readings(text, stats) == [("age", "before"), ("age", "list")]
    other = "Follow-up lasted 2.5 years in the cell group."
    assert _readings(other, [st(other, "2.5", "mean", mean=2.5)]) == [None]


def test_characteristics_are_marked_baseline_with_their_outcome():
    text = ("Results: Of the 88 randomised patients, the median age was 70 years and 61 (69%) were male; "
            "34 (39%) were receiving haemodialysis.")
    stats = [st(text, "70", "median", median=70.0), st(text, "61 (69%)", "events", events=61, outcome="age"),
             st(text, "34 (39%)", "events", events=34)]
    assert baseline_stage(text, stats) == [0, 1, 2]
    assert [(s["outcome"], s["measure"], s["timepoint"]) for s in stats] == [
        ("age", "baseline", "baseline"), ("sex", "baseline", "baseline"), ("dialysis", "baseline", "baseline")]
    assert all("baseline_characteristic" in s["flags"] for s in stats)


def test_results_in_a_subgroup_or_at_follow_up_are_not_baseline_values():
    text = ("Healing at 24 weeks was lower among patients with diabetes (12/30, 40%) than without. "
            "Healing occurred in 9 of 14 patients with ulcers at baseline.")
    stats = [st(text, "12/30", "events", events=12, total=30, outcome="ulcer_healing"),
             st(text, "9 of 14", "events", events=9, total=14, outcome="ulcer_healing")]
    assert baseline_stage(text, stats) == []
    assert [s["measure"] for s in stats] == [None, None]


def test_a_clause_that_opens_with_baseline_puts_its_values_at_baseline_unless_it_speaks_of_change():
    text = ("At entry, TcPO2 was 21 ± 6 and 23 ± 7 mmHg in the two groups. "
            "TcPO2 rose from baseline to 34 ± 9 mmHg at 12 weeks.")
    stats = [st(text, "21 ± 6", "mean_sd", mean=21.0, sd=6.0, outcome="tcpo2"),
             st(text, "23 ± 7", "mean_sd", mean=23.0, sd=7.0, outcome="tcpo2"),
             st(text, "34 ± 9", "mean_sd", mean=34.0, sd=9.0, outcome="tcpo2")]
    assert baseline_stage(text, stats) == [0, 1]
    assert [s["flags"] for s in stats[:2]] == [["baseline_by_context"]] * 2
    assert stats[2]["measure"] is None


def test_background_values_are_left_alone():
    text = "Background: About 15% of adults over 60 years have diabetes. Results: 20 (50%) had diabetes."
    stats = [st(text, "15%", "percent", percent=15.0), st(text, "20 (50%)", "events", events=20)]
    bg = text.index("Results:")
    assert baseline_stage(text, stats, [(0, bg, "background"), (bg, len(text), "results")]) == [1]


def _mentions(text, labels):
    out = []
    for label in labels:
        i = text.find(label)
        while i >= 0:
            out.append((i, i + len(label), label))
            i = text.find(label, i + 1)
    return out


def test_a_characteristic_given_once_is_the_cohorts_and_one_per_arm_keeps_its_arms():
    text = ("Results: Sixty patients were randomised (MSC group, n = 30; placebo group, n = 30); mean age was "
            "66.0 ± 9.1 years and 38 (63%) were men. Mean diabetes duration was 15.2 ± 6.0 years in the MSC group "
            "and 14.8 ± 5.5 years in the placebo group.")
    stats = [st(text, "66.0 ± 9.1", "mean_sd", mean=66.0, sd=9.1),
             # attribution spread the two values over the arms as if they were a list:
             st(text, "38 (63%)", "events", events=38, target="arm", arm="MSC group", flags=["arm_by_list"]),
             st(text, "15.2 ± 6.0", "mean_sd", mean=15.2, sd=6.0, target="unattributed"),
             st(text, "14.8 ± 5.5", "mean_sd", mean=14.8, sd=5.5, target="arm", arm="placebo group")]
    baseline_stage(text, stats)
    changed = baseline_targets(text, stats, _mentions(text, ["MSC group", "placebo group"]),
                               {"MSC group": "intervention", "placebo group": "control"})
    assert changed == [0, 1, 2]
    assert [(s["target"], s["arm"], s["outcome"]) for s in stats] == [
        ("cohort", None, "age"), ("cohort", None, "sex"), ("arm", "MSC group", "diabetes_duration"),
        ("arm", "placebo group", "diabetes_duration")]
    assert "arm_by_list" not in stats[1]["flags"]


def test_baseline_only_terms_name_no_sentence_topic_but_read_a_label():
    topics = {h.term.id for h in vocabulary.outcome_topics().find("diabetic men with diabetes had amputation")}
    assert topics == {"amputation"}
    assert vocabulary.outcomes().lookup("male sex (baseline)").id == "sex"
    assert vocabulary.outcomes().lookup("diabetes duration (years)").id == "diabetes_duration"
    assert vocabulary.outcomes().lookup("smoking cessation") is None


def test_an_age_named_beside_a_result_does_not_take_the_result_over():
    text = "Results: Healing rate was lower in elderly patients (age > 70) at 38%."
    start = text.index("38%")
    st = {"kind": "percent", "percent": 38.0, "outcome": "ulcer_healing", "measure": None, "timepoint": None,
          "flags": [], "evidence": {"start": start, "end": start + 3, "text": "38%", "sentence_start": 0,
                                    "sentence_end": len(text)}}
    baseline_stage(text, [st])
    assert st["outcome"] == "ulcer_healing" and st["measure"] is None


def test_a_comparative_names_age_and_its_subject_is_the_first_value_of_the_pair():
    text = ("Results: The control cohort was older (70.4 ± 7.9 vs 65.2 ± 9.1 years; P = 0.02) and more often on "
            "dialysis (34.6% vs 13.2%). Controls were older than the CD34+ group (71.5 ± 7.2 vs 66.8 ± 8.4 years).")
    stats = [st(text, "70.4 ± 7.9", "mean_sd", mean=70.4, sd=7.9, target="arm", arm="cell cohort"),
             st(text, "65.2 ± 9.1 years", "mean_sd", mean=65.2, sd=9.1, target="arm", arm="control cohort"),
             st(text, "34.6%", "percent", percent=34.6, target="unattributed"),
             st(text, "13.2%", "percent", percent=13.2, target="unattributed"),
             st(text, "71.5 ± 7.2", "mean_sd", mean=71.5, sd=7.2, target="unattributed"),
             st(text, "66.8 ± 8.4 years", "mean_sd", mean=66.8, sd=8.4, target="unattributed")]
    assert _readings(text, stats[:2]) == [("age", "comparative"), ("age", "list")]
    assert baseline_stage(text, stats) == [0, 1, 2, 3, 4, 5]
    assert [s["outcome"] for s in stats] == ["age", "age", "dialysis", "dialysis", "age", "age"]
    roles = {"cell cohort": "intervention", "control cohort": "control", "Controls": "control",
             "CD34+ group": "intervention"}
    first = baseline_targets(text, stats[:4], _mentions(text, ["cell cohort", "control cohort"]),
                             {k: roles[k] for k in ("cell cohort", "control cohort")})
    assert first == [0, 1, 2, 3]
    assert [s["arm"] for s in stats[:4]] == ["control cohort", "cell cohort", "control cohort", "cell cohort"]
    assert all("arm_by_comparative" in s["flags"] for s in stats[:4])
    # Three arms, the other side named after "than".
    arms = {"Controls": "control", "CD34+ group": "intervention", "CD133+ group": "intervention"}
    baseline_targets(text, stats[4:], _mentions(text, list(arms)), arms)
    assert [s["arm"] for s in stats[4:]] == ["Controls", "CD34+ group"]


def test_a_comparative_of_a_subgroup_or_without_an_arm_subject_changes_nothing():
    text = "Healing was lower in patients older than 70 years (38% vs 61%). Patients were older (71 vs 65 years)."
    stats = [st(text, "38%", "percent", percent=38.0, outcome="ulcer_healing"),
             st(text, "61%", "percent", percent=61.0, outcome="ulcer_healing")]
    assert _readings(text, stats) == [None, None]
    assert baseline_stage(text, stats) == []
    pair = [st(text, "71", "mean", mean=71.0, target="arm", arm="MSC group"),
            st(text, "65 years", "mean", mean=65.0, target="arm", arm="placebo group")]
    baseline_stage(text, pair)
    assert [s["outcome"] for s in pair] == ["age", "age"]
    baseline_targets(text, pair, [], {"MSC group": "intervention", "placebo group": "control"})
    assert [s["arm"] for s in pair] == ["MSC group", "placebo group"]


def test_a_comparative_pairs_only_where_the_arm_named_last_is_its_subject():
    # Review of round 24: an aside, a subgroup of one arm, or a second subject must not swap a pair's arms.
    arms = {"PBMNC group": "intervention", "control group": "control"}
    aside = "The PBMNC group, compared with the control group, was younger (65.4 ± 9.0 vs 70.2 ± 8.1 years)."
    subgroup = "In the PBMNC group, patients who failed to heal were older (71.3 ± 8.2 vs 64.1 ± 7.0 years)."
    for text, first in ((aside, "65.4 ± 9.0"), (subgroup, "71.3 ± 8.2")):
        second = text[text.index(" vs ") + 4:text.index(" years")]
        stats = [st(text, first, "mean_sd", mean=1.0, sd=1.0, target="unattributed"),
                 st(text, second + " years", "mean_sd", mean=2.0, sd=1.0, target="unattributed")]
        assert [s["outcome"] for s in (baseline_stage(text, stats) and stats)] == ["age", "age"]
        baseline_targets(text, stats, _mentions(text, list(arms)), arms)
        assert not any("arm_by_comparative" in s["flags"] for s in stats)
        assert [s["arm"] for s in stats] != ["control group", "PBMNC group"]
    # A new subject for the second comparative: "whereas the PBMNC group more often had ..." is the PBMNC group's.
    text = ("The control group was older (70.2 ± 8.1 vs 65.4 ± 9.0 years), whereas the PBMNC group more often had "
            "peripheral arterial disease (45% vs 25%).")
    stats = [st(text, "70.2 ± 8.1", "mean_sd", mean=70.2, sd=8.1, target="unattributed"),
             st(text, "65.4 ± 9.0 years", "mean_sd", mean=65.4, sd=9.0, target="unattributed"),
             st(text, "45%", "percent", percent=45.0, target="unattributed"),
             st(text, "25%", "percent", percent=25.0, target="unattributed")]
    assert baseline_stage(text, stats) == [0, 1, 2, 3]
    baseline_targets(text, stats, _mentions(text, list(arms)), arms)
    assert [s["arm"] for s in stats] == ["control group", "PBMNC group", "PBMNC group", "control group"]


def test_a_comparative_in_months_is_no_age():
    text = "Ulcers in the control group were older (median 8 vs 5 months) than in the PBMNC group."
    stats = [st(text, "8", "median", median=8.0), st(text, "5 months", "median", median=5.0)]
    assert _readings(text, stats) == [None, None]
    assert baseline_stage(text, stats) == []


def test_a_characteristic_a_qualifier_restricts_is_not_what_was_counted():
    """"rest pain without tissue loss": tissue loss says which patients were counted, not what; the count keeps no
    characteristic from it (the outcome reader's rest pain stands). Without the qualifier it is the count's."""
    text = "At baseline, 38 of the 58 patients (65.5%) had rest pain without tissue loss."
    assert _readings(text, [st(text, "38 of the 58 patients (65.5%)", "events", events=38)]) == [None]
    text = "At baseline, 38 of the 58 patients (65.5%) had tissue loss."
    assert _readings(text, [st(text, "38 of the 58 patients (65.5%)", "events", events=38)]) == [("tissue_loss", "after")]
