"""Candidate forms the grammar reads since round 7 (pure functions on one sentence; no spaCy model).

Sentences are made up from the general forms, not copied from a gold set.
"""
from stemfoot.extract.candidates import find_candidates
from stemfoot.extract.number_grammar import SentenceClaims, scan


def _read(text: str) -> list[tuple[str, dict, str]]:
    claims = SentenceClaims(text, 0)
    scan(claims, [])
    keys = ("events", "total", "percent", "mean", "sd", "median", "q1", "q3", "range_low", "range_high", "value",
            "ci_lower", "ci_upper", "effect_measure")
    return [(st["kind"], {k: st[k] for k in keys if st.get(k) is not None}, text[a:b])
            for a, b, st in sorted(claims.found, key=lambda f: f[0]) if st["kind"] != "p_value"]


def test_count_with_its_arm_between_it_and_its_percentage():
    got = _read("Ulcer recurrence was seen in 3 patients in the cell group (10.0%) and 8 patients in the "
                "standard care group (26.7%).")
    assert [(k, v) for k, v, _ in got] == [("events", {"events": 3, "percent": 10.0}),
                                           ("events", {"events": 8, "percent": 26.7})]
    got = _read("Healing occurred in 12 verum (40.0%) and 5 sham (17.9%) patients.")
    assert [v for _, v, _ in got] == [{"events": 12, "percent": 40.0}, {"events": 5, "percent": 17.9}]


def test_a_measure_or_time_word_before_the_percentage_is_no_count():
    got = _read("Patients were aged 61 years (35%) or older.")
    assert all(k != "events" for k, _, _ in got)
    assert ("percent", {"percent": 35.0}) in [(k, v) for k, v, _ in got]
    # Any unit of a summary value, not only the listed time words: a distance is no count of patients.
    for sentence in ("Pain-free walking distance increased by 120 meters (45%) in the cell group.",
                     "Time to first step fell by 30 seconds (20%)."):
        assert all(k != "events" for k, _, _ in _read(sentence)), sentence


def test_risk_difference_in_percentage_points():
    got = _read("Amputation-free survival showed a difference of 12.5 percentage points (95% CI 2.0 to 23.0).")
    assert got == [("effect", {"value": 12.5, "ci_lower": 2.0, "ci_upper": 23.0, "effect_measure": "RD"},
                    "12.5 percentage points (95% CI 2.0 to 23.0)")]
    # A named mean difference keeps its measure.
    got = _read("mean difference 8.1 percentage points, 95% CI 1.2-15.0")
    assert got[0][1]["effect_measure"] == "MD"


def test_named_measure_with_an_unlabelled_interval():
    got = _read("The odds ratio for healing was 2.40 (1.10–5.20).")
    assert got == [("effect", {"value": 2.4, "ci_lower": 1.1, "ci_upper": 5.2, "effect_measure": "OR"},
                    "odds ratio for healing was 2.40 (1.10–5.20)")]
    # An estimate outside its "interval" is not an effect with a CI.
    assert all(k != "effect" for k, _, _ in _read("The odds ratio was 2.40 (3.10–5.20)."))


def test_median_pairs_with_units_and_bare_brackets():
    got = _read("Median time to epithelialisation was 41 d (IQR 30–66) vs 70 d (IQR 52–95).")
    assert [v for _, v, _ in got] == [{"median": 41, "q1": 30, "q3": 66}, {"median": 70, "q1": 52, "q3": 95}]
    got = _read("Median [IQR] pain score fell from 6 [5–8] to 2 [1–3] points.")
    assert [v for _, v, _ in got] == [{"median": 6, "q1": 5, "q3": 8}, {"median": 2, "q1": 1, "q3": 3}]


def test_bracketed_intervals_under_a_median_header():
    got = _read("Perfusion was 52.1 (44.0, 60.3) vs 47.5 (40.2, 55.0) PU [median (P25, P75)].")
    assert [v for _, v, _ in got] == [{"median": 52.1, "q1": 44.0, "q3": 60.3},
                                      {"median": 47.5, "q1": 40.2, "q3": 55.0}]
    # Without the header the same brackets are not read as medians.
    assert all(k != "median" for k, _, _ in _read("Perfusion was 52.1 (44.0, 60.3) vs 47.5 (40.2, 55.0) PU."))


def test_mean_and_sd_in_brackets_when_two_are_compared():
    got = _read("Toe pressure index was 0.38 (0.09) vs 0.31 (0.10) at 12 weeks.")
    assert [v for _, v, _ in got] == [{"mean": 0.38, "sd": 0.09}, {"mean": 0.31, "sd": 0.10}]
    got = _read("TBI rose from 0.22 (0.07) to 0.29 (0.08) and 0.33 (0.09) at 6 and 12 months.")
    assert [v for _, v, _ in got] == [{"mean": 0.22, "sd": 0.07}, {"mean": 0.29, "sd": 0.08},
                                      {"mean": 0.33, "sd": 0.09}]


def test_a_lone_or_integer_bracket_is_not_a_mean_sd():
    assert all(k != "mean_sd" for k, _, _ in _read("The ABI was 0.38 (0.09) at baseline."))
    assert all(k != "mean_sd" for k, _, _ in _read("Healing: 12 (40) vs 8 (27) patients."))
    # A sentence that declares standard errors is left to the SE rules.
    assert all(k != "mean_sd" for k, _, _ in _read("Means (SE) were 0.38 (0.09) vs 0.31 (0.10)."))


def test_second_arm_after_a_lone_summary_value():
    got = _read("The median time to closure was 33.5 days in the cell group and 58.0 days in the control group.")
    assert [(k, v) for k, v, _ in got] == [("median", {"median": 33.5}), ("median", {"median": 58.0})]
    got = _read("The mean claudication distance increased by 210 m in arm A and by 90 m in arm B.")
    assert [v for _, v, _ in got] == [{"mean": 210}, {"mean": 90}]
    # With no unit, the arm phrase after the second value is still read (the space before it was taken by the
    # optional unit's own space, so the arm never matched).
    got = _read("The mean ABI was 0.62 in the cell group and 0.58 in the control group.")
    assert [v for _, v, _ in got] == [{"mean": 0.62}, {"mean": 0.58}]
    # A second value that names no group of its own is not the other arm's.
    assert [v for _, v, _ in _read("The mean ABI was 0.61 in all patients and 0.70 at the end of the study.")] \
        == [{"mean": 0.61}]


def test_new_candidates_keep_their_spans():
    text = "Results: Healing occurred in 12 verum (40.0%) and 5 sham (17.9%) patients. HR 0.50 (0.30–0.90)."
    cands = [c for c in find_candidates(text) if c.kind in {"events", "effect"}]
    assert [(c.kind, text[c.start:c.end]) for c in cands] == [
        ("events", "12 verum (40.0%)"), ("events", "5 sham (17.9%)"), ("effect", "HR 0.50 (0.30–0.90)")]
    # Each value's own span: the count and the percentage, one candidate each (no double count).
    first = cands[0]
    assert [(p.field, text[p.start:p.end]) for p in first.parts] == [("events", "12"), ("percent", "40.0")]
    assert {c.sentence for c in cands[:2]} == {(0, text.index(" HR"))}


def test_interquartile_range_spelled_out_is_quartiles_not_a_range():
    # "interquartile range" holds "range" but not "iq": it names quartiles, in every median reader.
    got = _read("Median healing time was 41 d (interquartile range 30–66) vs 70 d (interquartile range 52–95).")
    assert [v for _, v, _ in got] == [{"median": 41, "q1": 30, "q3": 66}, {"median": 70, "q1": 52, "q3": 95}]
    got = _read("Median (interquartile range) TcPO2 was 45.3 (39.8, 51.6) mmHg vs 38.2 (31.5, 44.0) mmHg.")
    assert [v for _, v, _ in got] == [{"median": 45.3, "q1": 39.8, "q3": 51.6},
                                      {"median": 38.2, "q1": 31.5, "q3": 44.0}]
    # A range stays a range.
    got = _read("Median (range) TcPO2 was 45.3 (39.8, 51.6) mmHg vs 38.2 (31.5, 44.0) mmHg.")
    assert [v for _, v, _ in got][0] == {"median": 45.3, "range_low": 39.8, "range_high": 51.6}


def test_a_lone_mean_after_increased_by_is_a_change():
    claims = SentenceClaims("The mean ABI increased by 0.12 in the cell group and by 0.02 in the control group.", 0)
    scan(claims, [])
    got = [(st["mean"], st["measure"]) for _, _, st in sorted(claims.found, key=lambda f: f[0]) if st["kind"] == "mean"]
    assert got == [(0.12, "change"), (0.02, "change")]
    # A level stays a level.
    claims = SentenceClaims("The mean ABI was 0.62 in the cell group and 0.58 in the control group.", 0)
    scan(claims, [])
    assert [st["measure"] for _, _, st in claims.found if st["kind"] == "mean"] == [None, None]


def test_a_unit_is_read_whole_not_stopped_at_a_shorter_units_prefix():
    # "m" is a unit and a prefix of "min", "mL" and "months": the span runs to the end of the written unit.
    text = "Walking time rose from 7.9 ± 2.6 min to 9.6 ± 3.8 minutes; volume was 4.3 ± 1.0 mL."
    spans = [span for kind, _, span in _read(text) if kind == "mean_sd"]
    assert spans == ["7.9 ± 2.6 min", "9.6 ± 3.8 minutes", "4.3 ± 1.0 mL"]


def test_a_ratio_at_the_end_of_a_sentence_is_read():
    # The full stop after "4/17" ends the sentence; only a decimal after the slash pair ("3/15.5") is no ratio.
    got = _read("Complete healing at 12 months: 11/21 vs 4/17.")
    assert [v for k, v, _ in got if k == "events"] == [{"events": 11, "total": 21}, {"events": 4, "total": 17}]
    got = _read("The ratio was 3/15.5 in one unit.")
    assert all(k != "events" for k, _, _ in got)


def test_kaplan_meier_medians_with_their_ci_even_an_open_one():
    got = _read("Median time to closure was 57 days (95% CI 49–70) versus 84 days (95% CI 70–not estimable).")
    assert [(k, v) for k, v, _ in got] == [("effect", {"value": 57, "ci_lower": 49, "ci_upper": 70}),
                                           ("effect", {"value": 84, "ci_lower": 70})]
    # Without "median" before it, an open interval is not read as an estimate.
    assert all(k != "effect" for k, _, _ in _read("Closure took 84 days (95% CI 70–not reached)."))
    # "median" must be the nearest summary word in the value's clause: a mean after it stays a mean.
    got = _read("Median age was 64 years; mean time to closure was 57 days (95% CI 49–70).")
    assert all(k != "effect" for k, _, _ in got)
    got = _read("Median overall survival was 14.2 mos (95% CI 11.0–not reached).")
    assert [(k, v) for k, v, _ in got] == [("effect", {"value": 14.2, "ci_lower": 11.0})]


def test_a_pair_of_counts_of_people_is_no_pair_of_medians():
    got = _read("The median ABI was 0.62 (IQR 0.51–0.74) versus 0.48 (IQR 0.40–0.59), and 13 and 5 patients, "
                "respectively, were free of rest pain.")
    assert [k for k, _, t in got if t in {"13", "5"}] == ["events", "events"]
    got = _read("Median survival was 18.0 months and 7.0 months.")
    assert [v for _, v, _ in got] == [{"median": 18.0}, {"median": 7.0}]


def test_median_list_with_arm_and_time_words_between():
    # Arm or time words (with digits) between the values, commas as links: each bracketed interval is a median.
    got = _read("Median walking distance was 40 m (IQR 0–95) in arm A, 85 m (30–160) in arm B and 120 m (60–210) "
                "in arm C.")
    assert [v for _, v, _ in got] == [{"median": 40, "q1": 0, "q3": 95}, {"median": 85, "q1": 30, "q3": 160},
                                      {"median": 120, "q1": 60, "q3": 210}]
    got = _read("Median area fell from 3.9 (IQR 2.1–6.8) cm2 to 0.8 (0.0–2.5) cm2 in the CD34 arm and from "
                "4.2 (2.3–7.0) cm2 to 2.6 (0.9–4.9) cm2 in the other arm.")
    assert [v["median"] for _, v, _ in got] == [3.9, 0.8, 4.2, 2.6]
    got = _read("Median score fell from 22 [range 10–38] to 41 [18–66] at 8 weeks, whereas it was 24 [12–36].")
    assert got[-1][1] == {"median": 24, "range_low": 12, "range_high": 36}


def test_median_list_ends_at_another_statistic():
    # A mean, an effect measure or a new clause between them ends the list; a mean's range is no median list.
    for sentence in ("Median age was 64 years (range 40–80) and mean ABI was 0.5 (0.4–0.6).",
                     "Median age was 64 years (range 40–80); ABI was 0.5 (0.4–0.6).",
                     "Median age was 64 years (range 40–80), with a difference of 5 (2–8)."):
        assert [v.get("median") for k, v, _ in _read(sentence) if k == "median"] == [64], sentence
    # Round 33 (gold_conventions 51, blind37): a mean's range makes it a mean with its range, and still no median
    # list follows it.
    got = _read("Mean age was 38 years (range 27–49), ABI 0.5 (0.4–0.6).")
    assert [(k, v) for k, v, _ in got] == [("mean", {"mean": 38, "range_low": 27, "range_high": 49})]


def test_second_summary_value_with_the_same_preposition_as_the_first():
    got = _read("Median survival was 27.6 months with drug A and 15.0 months with placebo.")
    assert [(k, v) for k, v, _ in got] == [("median", {"median": 27.6}), ("median", {"median": 15.0})]
    got = _read("The median number of nodes was 10 in centre A and 16 in centre B.")
    assert [v for _, v, _ in got] == [{"median": 10}, {"median": 16}]
    # A different preposition (or none) after the second value names no arm: "12 months at B" is no second median.
    assert [v for _, v, _ in _read("The median follow-up was 12 months in A and 24 months at B.")] == [{"median": 12}]


def test_average_is_a_mean():
    got = _read("The average drainage volume was 291 mL in the treatment group and 434 mL in the control group.")
    assert [(k, v) for k, v, _ in got] == [("mean", {"mean": 291}), ("mean", {"mean": 434})]


def test_summary_lists_of_three_or_more_values():
    got = _read("The mean change at 6 months was 5.1, 9.3 and 12.0 mmHg in cohorts 1, 2 and 3, respectively.")
    assert [(k, v) for k, v, _ in got] == [("mean", {"mean": 5.1}), ("mean", {"mean": 9.3}), ("mean", {"mean": 12.0})]
    got = _read("Pain improved by a median of 1.5, 2.0, 2.5 and 0.5 points, respectively.")
    assert [(k, v["median"]) for k, v, _ in got] == [("median", 1.5), ("median", 2.0), ("median", 2.5), ("median", 0.5)]
    # Time points are no values: neither the list after "at" nor its last pair.
    got = _read("The mean ABI increased by 0.1, 0.2 and 0.3 at 1, 3 and 6 months.")
    assert [v["mean"] for _, v, _ in got] == [0.1, 0.2, 0.3]
    # Counts of people after a summary are no summary values.
    assert all(k != "mean" for k, _, _ in _read("Of the mean cohort, 3, 4 and 5 patients healed."))


def test_event_counts_per_arm_with_the_noun_left_out_of_the_second():
    for sentence, want in (("There were 27 local progressions in the surgery group and 106 in the other group.", [27, 106]),
                           ("There were 28 VTEs on placebo and 44 on tamoxifen.", [28, 44]),
                           ("We saw 93 deaths occurring in the A group and 106 in the B group.", [93, 106]),
                           ("(67 events with drug A vs 110 with drug B)", [67, 110])):
        got = _read(sentence)
        assert [(k, v) for k, v, _ in got] == [("events", {"events": n}) for n in want], sentence


def test_parallel_counts_of_people_units_or_denominators_are_no_events():
    for sentence in ("There were 27 patients in the surgery group and 30 in the control group.",
                     "There were 26 ulcerated limbs in the cell group and 23 in the control group.",
                     "Doses were 5 mg in group A and 10 in group B.",
                     "The cost was 24,567 euros in the standard group and 74,171 euros in the other group.",
                     "There were 12 relapses in the A group and 8 with the B regimen."):
        assert all(k != "events" for k, _, _ in _read(sentence)), sentence


def test_summary_lists_of_doses_or_follow_up_times_are_no_values():
    # A list after dose or follow-up words states what was given or how long, not a result; no part of it is read.
    for sentence in ("Mean plasma concentrations were measured after doses of 10, 20 and 40 mg.",
                     "The mean follow-up was 12, 24 and 36 months in the three cohorts."):
        assert all(k not in {"mean", "median"} for k, _, _ in _read(sentence)), sentence


def test_median_list_ends_at_ages_or_cited_work():
    for sentence in ("Median survival was 14 months (range 3-40) in the drug group and patients aged 65 (60-70) "
                     "were excluded.",
                     "Median PFS was 8 months (IQR 5-11) in arm A, published data [12] report 6 (4-8) months."):
        assert [v["median"] for k, v, _ in _read(sentence) if k == "median"] in ([14], [8]), sentence


def test_times_or_subgroups_after_a_bare_preposition_name_no_arm():
    assert all(k != "events" for k, _, _ in
               _read("Samples were collected over 3 visits in the first year and 2 in the second year."))
    assert [v for _, v, _ in _read("The mean duration of symptoms was 12 days in men and 15 days in women.")] \
        == [{"mean": 12}]
    # The same preposition before an arm still pairs.
    assert [v for _, v, _ in _read("Median survival was 27.6 months with drug A and 15.0 months with placebo.")] \
        == [{"median": 27.6}, {"median": 15.0}]


def test_the_number_of_repeats_a_mean_is_taken_over_is_no_mean():
    for sentence in ("Blood pressure was recorded as the average of 3 readings taken 5 minutes apart.",
                     "Blood pressure was recorded as the mean of two consecutive measurements."):
        assert all(k != "mean" for k, _, _ in _read(sentence)), sentence
    assert [v for _, v, _ in _read("The average of two measurements was 120 mmHg.")] == [{"mean": 120}]


def test_a_number_is_never_cut_inside_its_decimal():
    # A summary pattern refusing a bracket after the value must not backtrack to the value's integer part
    # ("60" of "60.5"): the value stays whole and untyped rather than a wrong mean.
    for text, whole in (("Mean age was 60.5 (55-66) years.", 60.5), ("The mean ABI was 1.5 (0.4-0.6).", 1.5)):
        got = [(c.kind, c.values) for c in find_candidates(text)]
        assert ("mean", {"mean": float(int(whole))}) not in got
        assert any(v == whole for _, values in got for v in values.values())
    assert [(c.kind, c.values) for c in find_candidates("Mean ABI was 0.5 ± 0.1.")] == [
        ("mean_sd", {"mean": 0.5, "sd": 0.1})]
