"""Both query arms' binary values read from one sentence (no spaCy)."""
from __future__ import annotations

from stemfoot.extract.outcome_query import answer_query, expand_acronyms, outcome_similarity
from stemfoot.extract.prose_pairs import arm_forms, find_pairs, sentence_pair, sentences, values


def _pair(sentence: str, q_int: str, q_cmp: str) -> tuple[str, str] | None:
    got = sentence_pair(sentence, q_int, q_cmp)
    return got and (got[0].text, got[1].text)


def test_values_read_counts_and_skip_ci_and_p():
    vals = values("cured in 60/106 (56.6%) vs 48 of 92 patients (95% CI 0.8-1.3; p = 0.53), 7 cases (8.97%)")
    assert [(v.events, v.total, v.percent) for v in vals] == [(60, 106, 56.6), (48, 92, None), (7, None, 8.97)]
    assert values("dose 2/1 ratio") == []


def test_value_before_arm():
    s = ("Mortality did not differ: 22/66 (33%) of citrate-treated patients died versus 25/72 (35%) of "
         "heparin-treated patients at 28 days, and 27/65 (42%) of citrate-treated patients died at 90 days.")
    assert _pair(s, "citrate", "heparin") == ("22/66 (33%)", "25/72 (35%)")


def test_arm_before_value_in_either_order():
    s = "Heparin was discontinued in 24/73 (33%) of patients whereas citrate was discontinued in 5/66 (8%)."
    assert _pair(s, "citrate", "heparin") == ("5/66 (8%)", "24/73 (33%)")


def test_third_arm_is_left_out():
    s = ("Positivity was higher in the Cotrifazid group at 15% (11/72) than in the mefloquine group, 0% (0/71), "
         "and the quinine + SP group at 4% (3/75).")
    assert _pair(s, "Cotrifazid", "mefloquine") == ("15% (11/72)", "0% (0/71)")
    assert _pair(s, "quinine + SP", "mefloquine") == ("4% (3/75)", "0% (0/71)")


def test_shared_word_goes_to_the_arm_left_over():
    s = "AEs were reported for 40.5% (122/301) of bimatoprost PF and 44.1% (130/295) of bimatoprost patients."
    assert _pair(s, "bimatoprost 0.03% preservative-free (PF)", "bimatoprost 0.03%") == (
        "40.5% (122/301)", "44.1% (130/295)")


def test_generic_group_names_and_counts_with_percent():
    s = "7 patients (8.97%) in the treatment group and 19 (23.75%) in the control group had SBI."
    assert _pair(s, "Nao-Xue-Shu oral liquid", "Control") == ("7 patients (8.97%)", "19 (23.75%)")


def test_bare_percents_and_one_arm_give_nothing():
    # Which n a bare percent is of is not said; a sentence naming one query arm says nothing about the pair.
    assert _pair("Response was 78.2% for fluoxetine and 62.6% for placebo.", "fluoxetine", "placebo") is None
    assert _pair("In the ETI group 29/32 (90.6%) succeeded, 3/32 failed.", "laryngeal mask (LM)", "ETI") is None


def test_sentences_do_not_split_after_vs():
    assert [s for _, s in sentences("A was 3/4 vs. B 1/4. Next one.")] == ["A was 3/4 vs. B 1/4.", "Next one."]
    assert "LM" in arm_forms("laryngeal mask (LM)") and "LM" not in arm_forms("laryngeal mask")


def test_acronyms_spelled_out_from_the_query():
    q = "rate of pathological complete response in primary tumor - in node-positive breast cancer"
    assert expand_acronyms("pCR in tumor", q) == "pathological complete response in tumor"
    assert expand_acronyms("HFS", "hand-foot syndrome") == "hand foot syndrome"
    assert expand_acronyms("ORRs", "overall survival") == "ORRs"
    assert outcome_similarity(q, ["pCR in tumor"]) > outcome_similarity(q, ["Partial response"])
    assert outcome_similarity("Secondary brain insults", ["SBI"]) > 0.6


def test_answer_from_a_sentence_pair_with_provenance():
    text = ("Methods. Patients were randomised. Results. Heparin was discontinued in 24/73 (33%) of patients "
            "whereas citrate was discontinued in 5/66 (8%) of patients (P < 0.001).")
    q = {"id": 1, "study": "x", "outcome": "discontinuation", "intervention": "citrate", "comparator": "heparin"}
    ans = answer_query(q, [], [], text=text, sections=[("full_text", text)])
    assert (ans["intervention_events"], ans["intervention_group_size"], ans["comparator_events"],
            ans["comparator_group_size"]) == (5, 66, 24, 73)
    ev = ans["evidence"][0]
    assert ev["section"] == "full_text" and text[ev["start"]:ev["end"]] == "5/66 (8%)"
    assert len(find_pairs(text, "citrate", "heparin")) == 1


def test_counts_in_words_and_sentences_that_open_with_a_value():
    from stemfoot.extract.prose_pairs import values

    got = values("Six patients (30%) in the CLC group and four patients (20%) in the HLC group required a drain.")
    assert [(v.events, v.percent) for v in got] == [(6, 30.0), (4, 20.0)]
    assert [(v.events, v.total) for v in values("one of 20 patients")] == [(1, 20)]
    assert values("Someone (5%)")[0].events is None  # a word inside another word is no count
    # the project's number words (extract/numbers.py), compound ones included
    assert [(v.events, v.percent) for v in values("Twenty-one patients (35.0%) healed")] == [(21, 35.0)]
    # two such sentences in one section stay two answers, each with its own outcome words
    text = ("Methods. Patients were randomized into two groups, 20 patients in the CLC group and 20 in the HLC group. "
            "Three patients (15%) in the CLC group had GB perforation while two (10%) patients in the HLC group had "
            "GB perforation. Six patients (30%) in the CLC group and four patients (20%) in the HLC group required "
            "an intraperitoneal drain.")
    q = {"id": 1, "study": "x", "outcome": "intraperitoneal drain", "intervention": "conventional (CLC)",
         "comparator": "harmonic scalpel (HLC)"}
    ans = answer_query(q, [], [], text=text, sections=[("full_text", text)])
    assert (ans["intervention_events"], ans["comparator_events"]) == (6, 4)


def test_mean_sd_pair_in_prose():
    s = "The mean intubation time was significantly shorter in Group G (70.85 ± 8.88 S) than Group F (90.25 ± 9.41 S)."
    got = sentence_pair(s, "GlideScope (group G)", "fibre-optic bronchoscope (group F)")
    assert got is not None
    assert (got[0].mean, got[0].sd, got[1].mean, got[1].sd) == (70.85, 8.88, 90.25, 9.41)
    # A mean ± SD never pairs with a count: different forms are not one comparison.
    assert sentence_pair("Group G had 12 ± 3 attempts and Group F 5/27 failures.", "group G", "group F") is None


def test_mean_sd_pair_answers_a_continuous_query():
    text = "Pain scores were lower in the ketamine group (2.1 ± 0.9) than in the saline group (3.4 ± 1.2)."
    ans = answer_query({"id": 1, "outcome": "pain scores", "intervention": "ketamine", "comparator": "saline"},
                       [], text=text)
    assert ans["outcome_type"] == "continuous"
    assert (ans["intervention_mean"], ans["intervention_sd"], ans["comparator_mean"], ans["comparator_sd"]) == (
        2.1, 0.9, 3.4, 1.2)


def test_respectively_gives_values_in_the_arms_order():
    s = ("The success rate of the first attempt intubation was similar between the groups "
         "(81.5% [22 patients] and 78.8% [21 patients] in Group G and Group F, respectively).")
    assert _pair(s, "GlideScope (group G)", "bronchoscope (group F)") == ("81.5% [22 patients]", "78.8% [21 patients]")
    assert _pair(s, "bronchoscope (group F)", "GlideScope (group G)") == ("78.8% [21 patients]", "81.5% [22 patients]")
    # Bare percents give no counts, respectively or not.
    assert _pair("Rates were 81.5% and 78.8% in Group G and Group F, respectively.", "group G", "group F") is None


def test_means_without_sd_in_a_sentence_that_says_mean():
    from stemfoot.extract.prose_pairs import mean_values, sentence_pair

    s = "The mean sedation score in Group I patients was 3.47, while in Group II the score was 3.93, which was significant."
    assert [v.mean for v in mean_values(s)] == [3.47, 3.93]
    vi, vc, _ = sentence_pair(s, "Dexmedetomidine (Group I)", "Ketamine (Group II)")
    assert (vi.mean, vi.sd, vc.mean, vc.sd) == (3.47, None, 3.93, None)
    s2 = "The total estimated bleeding was higher in Group I, with mean of 463 mL, versus 409 mL in Group II (p = 0.394)."
    assert [v.mean for v in mean_values(s2)] == [463.0, 409.0]


def test_bare_numbers_that_are_no_means():
    from stemfoot.extract.prose_pairs import mean_values

    # no "mean": a bare number is too often a count or a dose
    assert mean_values("Group A received 20 mg and group B 40 mg.") == []
    # sizes, times, percents, group codes and bracketed ranges are no values; one mean alone is no pair
    assert mean_values("The mean age of the 40 patients in group 1 was 54.2 years (range 30-70).") == []
    assert mean_values("Mean scores fell at 12 weeks in 20 patients of group 2.") == []
    # three numbers: which two are the arms' is not said
    assert mean_values("Mean values were 3.1, 3.4 and 3.9 in the three groups.") == []
    # a sentence with a mean ± SD or counts is read by the other forms, not as bare means
    assert mean_values("Mean pain was 3.1 ± 1.2 in group A and 4.2 in group B.") == []


def test_pair_reads_the_value_after_treatment_not_the_baseline():
    s = "RM value decreased from 9.8 ± 5.1 to 6.4 ± 4.4 (massage), and from 9.3 ± 5.5 to 6.1 ± 4.6 (ibuprofen)."
    vi, vc, _ = sentence_pair(s, "massage", "ibuprofen")
    assert (vi.mean, vi.sd, vc.mean, vc.sd) == (6.4, 4.4, 6.1, 4.6)
    s = "Scores were 21.7±1.9 at baseline in the atorvastatin group and 25.3±1.8 at baseline in the rosuvastatin group, and 23.5±2.3 in the atorvastatin group and 27.0±2.4 in the rosuvastatin group at week 12."
    vi, vc, _ = sentence_pair(s, "Atorvastatin", "Rosuvastatin")
    assert (vi.mean, vc.mean) == (23.5, 27.0)
    # two outcomes in parallel, none before treatment: the first is kept
    s = "Success was 38.3% (28/73) in group I versus 58.5% (41/70) in group II and 30.2% (13/43) in group I versus 14.5% (7/48) in group II."
    vi, vc, _ = sentence_pair(s, "group I", "group II")
    assert (vi.events, vc.events) == (28, 41)


def test_respectively_over_a_list_of_three_arms():
    s = ("At the end of experiment, values for EVLWST were 8.9 ± 0.6, 11.8 ± 1.0 and 18.2 ± 0.9 ml/kg in the "
         "sham-operated, lipopolysaccharide and oleic acid groups, respectively (P < 0.05).")
    assert _pair(s, "oleic acid 0.06 ml/kg", "Sham operation") == ("18.2 ± 0.9", "8.9 ± 0.6")
    assert _pair(s, "oleic acid 0.06 ml/kg", "lipopolysaccharide 15 ng/kg") == ("18.2 ± 0.9", "11.8 ± 1.0")
    # As many names as values, or nothing: "A and B, C and D" cannot be split into three.
    assert _pair("Scores were 1.1 ± 0.2, 2.2 ± 0.3 and 3.3 ± 0.4 in the oleic acid and sham, lipopolysaccharide "
                 "and saline groups, respectively.", "oleic acid", "sham") is None
    # A name that fits two places of the list names neither.
    assert _pair("Scores were 1.1 ± 0.2, 2.2 ± 0.3 and 3.3 ± 0.4 for low-dose ketamine, high-dose ketamine and "
                 "saline, respectively.", "ketamine", "saline") is None


def test_mean_forms_with_a_unit_or_a_bracketed_plus_minus():
    vals = values("increased from 107.1 g/L ± 13.0 g/L (SD) to 120.0 g/L, and from 7.97% (±0.82) to 7.17% (±0.96%)")
    assert [(v.mean, v.sd) for v in vals] == [(107.1, 13.0), (7.97, 0.82), (7.17, 0.96)]
    # A bare "m (s)" is no mean and SD (a count and its percent, a value and its n, a CI).
    assert [(v.mean, v.percent) for v in values("The score was 2.1 (2.5) versus 3.5 (2.9%).")] == [(None, 2.9)]


def test_count_and_percent_in_one_bracket():
    s = ("The incidence of EA was significantly lower in children allocated to Group D (three participants, 6.98%) "
         "compared to those allocated to Group C (25 participants, 58.14%) with a P = 0.001.")
    got = sentence_pair(s, "Intranasal dexmedetomidine (Group D)", "Intranasal saline (Group C)")
    assert got is not None and (got[0].events, got[1].events) == (3, 25)


def test_one_arm_named_before_the_values_and_the_other_after():
    s = ("At 6 months, weight loss was greater in the NGLCD group (−5.02 ± 3.43 kg vs. −4.1 ± 2.6 kg; p = 0.002) "
         "compared to the LFD group.")
    arms = ("normoglucidic low-calorie diet (NGLCD)", "low-fat diet (LFD)")
    means = [(got[0].mean, got[1].mean) for got in (sentence_pair(s, *arms), sentence_pair(s, *arms[::-1]))]
    assert means == [(-5.02, -4.1), (-4.1, -5.02)]
    # The other arm not right after the bracket: nothing.
    late = "Weight loss was greater in the NGLCD group (−5.02 ± 3.43 vs. −4.1 ± 2.6), a change the LFD group did not show."
    assert sentence_pair(late, *arms) is None


def test_a_value_whose_own_sentence_says_se_gives_no_sd():
    text = ("Pain scores (mean ± SEM) were lower in the ketamine group (2.1 ± 0.9) than in the saline group "
            "(3.4 ± 1.2).")
    ans = answer_query({"id": 1, "outcome": "pain scores", "intervention": "ketamine", "comparator": "saline"},
                       [], text=text)
    assert (ans["intervention_mean"], ans["intervention_sd"], ans["comparator_mean"], ans["comparator_sd"]) == (
        2.1, None, 3.4, None)


def test_function_words_of_a_long_arm_description_name_no_arm():
    s = "However, PaO2/FIO2 increased in every patient after a period of rotation (188 ± 47 versus 174 ± 48) in our study."
    assert "every" not in arm_forms("routine turning every 2 h from the left to right lateral position")
    assert _pair(s, "continuous lateral rotation (CLR)", "routine turning every 2 h from the left to right lateral "
                 "position") is None


def test_a_sentence_naming_another_time_answers_no_timed_query():
    text = ("At 6 months, weight loss was greater in the NGLCD group (−5.02 ± 3.43 kg vs. −4.1 ± 2.6 kg; p = 0.002) "
            "compared to the LFD group.")
    q = {"id": 1, "intervention": "normoglucidic low-calorie diet (NGLCD)", "comparator": "low-fat diet (LFD)"}
    assert answer_query({**q, "outcome": "weight loss at 6 months"}, [], text=text)["intervention_mean"] == -5.02
    assert answer_query({**q, "outcome": "weight loss at 1 year"}, [], text=text)["intervention_mean"] is None


def test_outcome_names_with_digits_are_words_of_the_sentence():
    from stemfoot.extract.numbers import words_without_numbers

    assert words_without_numbers("The LS mean (±SE) HbA1c at week 24 was −0.79% (±0.05), P=0.002; IL-6 and CD4+") == (
        "The LS mean (±SE) HbA1c at week was IL-6 and CD4+")


def test_a_signed_percent_is_a_mean_change():
    s = ("Adjusted mean changes in HbA1c from baseline to week 24 were −0.66% (−7.2 mmol/mol) with linagliptin "
         "compared with −0.05% (−0.5 mmol/mol) with placebo.")
    vi, vc, _ = sentence_pair(s, "Linagliptin", "Control")
    assert (vi.mean, vc.mean, vi.percent) == (-0.66, -0.05, None)
    # An unsigned percent stays a share (no count: nothing answers), a range's end is no sign.
    assert [(v.mean, v.percent) for v in values("rates of 10-20% and 5%")] == [(None, 20.0), (None, 5.0)]


def test_a_change_weighs_less_for_a_query_about_the_level():
    from stemfoot.extract.outcome_query import change_lead

    rec = {"_lead": "The LS mean HbA1c reduction at week was", "evidence": {"section": "full_text"}}
    assert change_lead(rec, "HbA1c at 24 weeks")
    assert not change_lead(rec, "HbA1c reduction")
    assert not change_lead({**rec, "_lead": "Mean HbA1c decreased from"}, "HbA1c")


def test_a_mention_with_another_dose_names_another_arm():
    s = "HbA1c changed by −1.1% with liraglutide 1.2 mg and by −0.4% with rosiglitazone."
    assert sentence_pair(s, "Liraglutide (0.6 mg) plus glimepiride", "Rosiglitazone plus glimepiride") is None
    assert _pair(s, "Liraglutide (1.2 mg) plus glimepiride", "Rosiglitazone plus glimepiride") == ("−1.1%", "−0.4%")
    # A third arm's value (placebo's) between the name and the value is none of the query's.
    s2 = ("HbA1c decreased by 1.1% with either liraglutide 1.2 or 1.8 mg, respectively, compared with either placebo "
          "(+0.2%) or rosiglitazone (−0.4%).")
    assert sentence_pair(s2, "Liraglutide (1.2 mg) plus glimepiride", "Rosiglitazone plus glimepiride") is None


def test_a_visit_window_is_no_mean_and_sd():
    s = "Follow-up visits were at 6 weeks ± 3 days in the ketamine group and at 12 weeks ± 5 days in the saline group."
    assert values(s) == [] and sentence_pair(s, "ketamine", "saline") is None
    # The same unit after the ± figure, or a time written once, is still a mean and its SD.
    assert [(v.mean, v.sd) for v in values("stay was 12 days ± 3 days vs 9 d ± 2")] == [(12.0, 3.0), (9.0, 2.0)]


def test_tokens_with_digits_that_are_values_or_units_are_no_names():
    from stemfoot.extract.numbers import words_without_numbers

    assert words_without_numbers("given 5mg (n=45), VO2max rose 12% (P<0.05) in T2 and IL-6") == "given VO2max rose in and IL-6"


def test_a_reference_arm_in_the_lead_takes_no_value_named_with_another_arm():
    # "with linagliptin" binds the first value to linagliptin; "placebo" in the lead is the reference of a
    # comparison, and the second value is a third arm's (sitagliptin): nothing, not placebo = -0.6%.
    for s in ("The placebo-adjusted change in HbA1c was −0.6% with linagliptin and −0.5% with sitagliptin.",
              "Compared with placebo, nausea occurred in 12/40 with linagliptin and 8/40 with sitagliptin."):
        assert sentence_pair(s, "Linagliptin", "Placebo") is None
    assert _pair("Nausea occurred in 12/40 with linagliptin and 8/40 with placebo.", "Linagliptin", "Placebo") == (
        "12/40", "8/40")


def test_a_value_that_ends_its_sentence_is_read():
    assert [(v.mean, v.sd) for v in values("HbA1c was 7.1 ± 0.9 in group A and 7.9 ± 1.2.")] == [(7.1, 0.9), (7.9, 1.2)]
    assert [(v.events, v.total) for v in values("It healed in 30 of 36 versus 21 of 34.")] == [(30, 36), (21, 34)]
    assert [(v.mean, v.sd) for v in values("HbA1c was 7.1 ± 0.9.5 in group A")] == []


def test_from_to_values_are_one_arms_and_the_later_one_answers():
    s = ("Both groups reduced in total score: the aromatherapy group from 35.000 ± 7.000 to 23.741 ± 4.703 and the "
         "almond oil group from 33.481 ± 7.678 to 27.778 ± 5.938 (Figure 2).")
    assert _pair(s, "Aromatherapy oil inhalation", "Almond oil inhalation") == ("23.741 ± 4.703", "27.778 ± 5.938")
    s = "VAS decreased from 9.8 ± 5.1 to 6.4 ± 4.4 (TG), and from 9.3 ± 5.5 to 6.1 ± 4.6 (CG)."
    assert _pair(s, "TG", "CG") == ("6.4 ± 4.4", "6.1 ± 4.6")
    s = ("Pain scores rose from 3.1 ± 1.0 to 5.2 ± 1.1 in the ketamine group but only to 4.0 ± 1.2 in the saline "
         "group.")
    assert _pair(s, "Ketamine", "Saline") == ("5.2 ± 1.1", "4.0 ± 1.2")
