"""Group sizes from "X and Y ... in groups A and B, respectively" and "N in each group" (pure functions)."""
from stemfoot.extract.outcome_query import answer_query, each_group_size, respectively_sizes


def test_respectively_pairs_counts_with_named_groups():
    s = "Therefore, 47 and 46 patients participated in groups D and P, respectively."
    assert respectively_sizes(s, "Desmopressin (group D)", "Placebo (group P)") == (47, 46)
    assert respectively_sizes(s, "Placebo (group P)", "Desmopressin (group D)") == (46, 47)
    s2 = "In all, 30 and 28 patients were analysed in the CLC and HLC groups, respectively."
    assert respectively_sizes(s2, "conventional cholecystectomy (CLC)", "harmonic scalpel (HLC)") == (30, 28)


def test_respectively_needs_clear_names_and_no_planning():
    s = "Therefore, 47 and 46 patients participated in groups D and P, respectively."
    assert respectively_sizes(s, "Desmopressin", "Placebo") is None  # the codes are not tied to the arms
    planned = "A sample size of 47 and 46 patients in groups D and P, respectively, gives 80% power."
    assert respectively_sizes(planned, "Desmopressin (group D)", "Placebo (group P)") is None
    assert respectively_sizes("Mean scores were 47 and 46 in groups D and P, respectively.",
                              "Desmopressin (group D)", "Placebo (group P)") is None  # no people counted


def test_each_group_size():
    assert each_group_size("3 were excluded, leaving 101 women in each group (Figure I).") == 101
    assert each_group_size("Thirty patients were enrolled, 30 in each group.") == 30
    assert each_group_size("The IQR was 2 days in both groups.") is None  # a unit, not people
    assert each_group_size("The sample size was calculated as 20 in each group.") is None
    assert each_group_size("At first 30 patients in each group; at 6 months 28 patients in each group.") is None


def test_each_group_size_reads_each_included():
    s = "They were randomly divided into two groups of training, each included 60 subjects."
    assert each_group_size(s) == 60
    assert each_group_size("Each group consisted of 25 patients.") == 25
    assert each_group_size("Each tablet contained 5 mg of the drug.") is None  # no people


def test_each_group_size_skips_approximations_times_and_cited_work():
    cited = ("Two randomized studies of chemotherapy doublets plus or minus erlotinib in over 1000 patients each "
             "(TRIBUTE and TALENT) showed no benefit.")
    assert each_group_size(cited) is None  # an approximation, and other trials' people
    assert each_group_size("Smith et al. enrolled 40 patients in each group.") is None
    assert each_group_size("Maximum reduction was seen at week 12 in both arms.") is None  # a time, not people
    assert each_group_size("Viral load fell by day 28 in each group.") is None


def test_allocation_sentence_with_each_size_is_no_pair():
    from stemfoot.extract.outcome_query import allocation_sizes

    s = ("The statistical population includes 300 young men, and a sample of 120 of them were selected and "
         "randomly divided into two groups of strength and endurance training, each included 60 subjects.")
    assert allocation_sizes(s, "strength training", "endurance training") is None  # not 300 / 60
    assert each_group_size(s) == 60
    q = {"id": 1, "study": "x", "outcome": "anxiety", "intervention": "strength training",
         "comparator": "endurance training"}
    a = answer_query(q, [], [], text=s)
    assert (a["intervention_group_size"], a["comparator_group_size"]) == (60, 60)


def test_each_group_size_is_a_fallback_only():
    q = {"id": 1, "study": "x", "outcome": "pain", "intervention": "Drug A", "comparator": "Placebo"}
    text = "Results. After exclusions, 101 women in each group were analysed."
    a = answer_query(q, [], [], text=text)
    assert (a["intervention_group_size"], a["comparator_group_size"]) == (101, 101)
    assert a["intervention_mean"] is None


def test_equal_groups_divide_the_total():
    from stemfoot.extract.outcome_query import equal_groups_size

    assert equal_groups_size("We included 54 oropharyngeal cancer patients divided randomly into two equal groups: "
                             "Group G and Group F.") == 27
    assert equal_groups_size("90 patients were randomly allocated into three equal groups.") == 30
    assert equal_groups_size("55 patients were divided into two equal groups.") is None  # does not divide
    assert equal_groups_size("The sample size needed was 60 patients in two equal groups.") is None  # planning


def test_crossover_size_is_both_arms():
    from stemfoot.extract.outcome_query import crossover_size

    text = ("A randomized, double-blind, cross-over study was performed to compare platelet activation after "
            "premeal injections of placebo or insulin aspart in 18 patients with type 2 diabetes. "
            "Of 27 screened patients, 18 were enrolled.")
    assert crossover_size(text) == 18
    assert crossover_size("In this crossover trial, 12 healthy volunteers were enrolled. Results follow.") == 12
    # no crossover design: patients who crossed over to the other drug are no design
    assert crossover_size("In 40 patients, 5 crossed over to open treatment.") is None
    # two different counts: which one is analysed is not said
    assert crossover_size("A crossover study in 20 patients. Of these, 16 patients were randomized.") is None
    # planning sentences are no counts
    assert crossover_size("A crossover trial. A sample size of 30 patients gave 80% power. In all, 24 patients were "
                          "enrolled.") == 24
    # every person in every condition, said without the word "crossover"; "volunteered" counts them
    text = ("A group of 20 healthy men with the following characteristics volunteered for the study. Each subject "
            "completed all four trials on four separate days.")
    assert crossover_size(text) == 20
    # separate days that are not said to cover every condition, or one group's sessions, are no crossover
    text = ("A group of 20 healthy men with the following characteristics volunteered for the study. Each subject "
            "visited the laboratory four times on four separate days to undertake the tests.")
    assert crossover_size(text) is None
    text = ("A total of 60 participants were enrolled and randomized to yoga or usual care. Each participant in the "
            "yoga group attended 3 separate sessions per week for 12 weeks.")
    assert crossover_size(text) is None
    assert crossover_size("A split-mouth study. In all, 25 patients were enrolled.") == 25
    # "64 years were recruited" is an age, not a count of people
    assert crossover_size("A crossover design. In 2012, 18 healthy males aged 33 to 64 years were recruited.") is None


def test_crossover_size_not_for_a_subgroup_query():
    from stemfoot.extract.outcome_query import answer_query

    text = "A total of 72 healthy individuals were enrolled in this randomized controlled crossover trial."
    whole = answer_query({"outcome": "Adiponectin", "intervention": "Beer", "comparator": "Water"}, [], text=text)
    part = answer_query({"outcome": "Adiponectin in women", "intervention": "Beer", "comparator": "Water"}, [],
                        text=text)
    assert (whole["intervention_group_size"], whole["comparator_group_size"]) == (72, 72)
    assert (part["intervention_group_size"], part["comparator_group_size"]) == (None, None)


def test_within_group_query_is_a_time_before_not_an_arm():
    from stemfoot.extract.outcome_query import within_group_query

    assert within_group_query("baseline")
    assert within_group_query("pre-Yoga")
    assert within_group_query("pre-test")
    assert within_group_query("before treatment")
    assert not within_group_query("no treatment before operation.")  # an arm that had no treatment
    assert not within_group_query("Placebo")
    assert not within_group_query("premixed insulin")  # a drug, not "pre-" a time


def test_within_group_sizes_one_size_for_both_sides():
    from stemfoot.extract.outcome_query import answer_query, within_group_sizes

    assert within_group_sizes(38, None) == (38, 38)
    assert within_group_sizes(None, 19) == (19, 19)
    assert within_group_sizes(None, None) == (None, None)
    assert within_group_sizes(38, 31) == (38, 38)  # the other number is another arm's, not these people's
    text = "Patients were randomized to CBM-I (n = 38) or to a wait-list control (n = 31)."
    q = {"outcome": "depressive symptoms", "intervention": "CBM-I", "comparator": "baseline"}
    a = answer_query(q, [], text=text)
    assert (a["intervention_group_size"], a["comparator_group_size"]) == (38, 38)


def test_each_group_size_people_each_and_animals():
    assert each_group_size("The study was conducted in two groups of 30 patients each between May and June.") == 30
    assert each_group_size("Rats were assigned to four groups consisting of 10 females in each group.") == 10
    assert each_group_size("Each patient received 30 mg each day.") is None  # no people: a dose


def test_each_group_size_fills_the_arm_it_agrees_with():
    # One arm's size found by name (50), the other not: "50 in each group" gives it, being the same size.
    q = {"id": 1, "study": "x", "outcome": "jaw relaxation", "intervention": "Alfentanil", "comparator": "Remifentanil"}
    text = "Patients were assigned to group A or group R (50 in each group)."
    a = answer_query(q, [], [{"label": "remifentanil group", "n_patients": 50}], text=text)
    assert (a["intervention_group_size"], a["comparator_group_size"]) == (50, 50)
    # A size that disagrees with "each group" leaves the other arm null rather than guessing.
    a2 = answer_query(q, [], [{"label": "remifentanil group", "n_patients": 48}], text=text)
    assert a2["intervention_group_size"] is None


def test_arm_size_after_a_semicolon():
    from stemfoot.extract.outcome_query import text_arm_sizes

    s = "randomized to an 11-week intervention (1 week/CBM-I + 10 weeks/iCBT; n = 38) or to a wait-list control"
    assert text_arm_sizes(s, "cognitive behavioral therapy (iCBT)") == [38]


def test_single_group_study_size_for_before_after_queries():
    from stemfoot.extract.outcome_query import single_group_size

    abstract = "Materials and Methods: A quasi experimental trial of 19 males through consecutive sampling was done."
    assert single_group_size(abstract) == 19
    assert single_group_size("A sample size of 40 patients was needed. Of 40 patients, 38 were enrolled.") is None
    # "took part" counts only the people right before it, not an earlier count of the sentence
    assert single_group_size("120 patients were invited and 60 patients took part.") == 60
    q = {"id": 1, "study": "x", "outcome": "pain", "intervention": "post-Yoga", "comparator": "pre-Yoga"}
    a = answer_query(q, [], [], text=abstract + "\n\nResults. Pain fell.",
                     sections=[("abstract", abstract), ("full_text", "Results. Pain fell.")])
    assert (a["intervention_group_size"], a["comparator_group_size"]) == (19, 19)
    # Not when the article names arms with sizes: the count may be the whole trial's.
    a2 = answer_query(q, [], [{"label": "yoga group", "n_patients": 10}], text=abstract,
                      sections=[("abstract", abstract)])
    assert a2["intervention_group_size"] is None


def test_groups_with_one_n_are_each_groups_n():
    from stemfoot.extract.outcome_query import equal_groups_size

    text = ("60 children (8- to 12-year old) were selected according to inclusion criteria. They were randomly "
            "allocated into two groups ( n =30).")
    assert equal_groups_size(text) == 30  # 2 × 30 = the 60 children counted
    assert equal_groups_size("They were randomly allocated into two groups (n = 30).") is None  # 30 may be the total
    assert equal_groups_size("Volunteers were randomly divided into three groups (n = 20 each).") == 20
    assert equal_groups_size("Pain was scored every 2 hours in the Control group (n=16).") is None  # no group count


def test_each_group_size_assigned_to_each_and_there_were():
    assert each_group_size("There were three test groups; 10 subjects were assigned to each group.") == 10
    assert each_group_size("Results: In each group, there were 44 patients, 30 of whom were male.") == 44
    # "n = 6/group" is as often a subset per group ("half of the mice from each group were sacrificed on day 7")
    assert each_group_size("Half of the mice from each group were sacrificed on day 7 (n = 6/group).") is None
    # "to either group" and "into each of two groups" can follow a total; a dose per group is no people
    assert each_group_size("100 patients were randomized to either group.") is None
    assert each_group_size("A total of 60 patients were randomized into each of two groups.") is None
    assert each_group_size("Each group, there were 3 visits.") is None
    assert each_group_size("The dose was 5 mg/group.") is None


def test_respectively_skips_counts_of_people_who_left():
    lost = ("During a 12-week follow-up period, 6 and 3 cases were lost in the treatment and control groups, "
            "respectively, and these patients were removed.")
    assert respectively_sizes(lost, "treatment", "control") is None
    assert respectively_sizes("6 and 3 cases were enrolled in the treatment and control groups, respectively.",
                              "treatment", "control") == (6, 3)


def test_each_group_size_reads_number_words():
    assert each_group_size("Forty-three patients were included in each group to account for possible dropouts.") == 43
    assert each_group_size("Thirty patients per group would be required for 80% power.") is None  # planning
    # a count of people with a trait in each group is no group's size
    assert each_group_size("Eight patients in each group had an ischemic cardiomyopathy.") is None
    # nor a count with its percent (events)
    assert each_group_size("Seventy patients were enrolled 35 in each group. The reintubation rate was low (i.e., "
                           "two cases in each arm [5.7 %]).") == 35
    # nor the last of a list of counts, one per group
    assert each_group_size("There were 11, 16, and 13 patients in each group who exhibited a high value. Thirty "
                           "patients in each group were randomly assigned to receive juice.") == 30
    assert each_group_size("Mild cellulitis was seen in four patients in both groups A and B (6.45%).") is None


def test_each_group_count_followed_by_an_event_verb_is_no_size():
    # sentences start with a number word, and those are often counts of events in each group
    assert each_group_size("Three patients in each group withdrew consent before the first dressing change.") is None
    assert each_group_size("Four patients in each group were lost to follow-up.") is None
    assert each_group_size("Nine patients in each group reported nausea.") is None
    assert each_group_size("Six participants in each arm were hospitalised for infection.") is None
    assert each_group_size("Ten patients in each group underwent repeat angiography.") is None
    assert each_group_size("Fourteen patients in each group achieved complete wound closure by week 12.") is None
    assert each_group_size("Seven patients in each group died.") is None
    # a verb of inclusion, analysis or completion keeps the size
    assert each_group_size("Finally, 28 patients in each group were available for follow-up.") == 28
    assert each_group_size("Therefore, 38 patients in each group were able to finish the study.") == 38
    assert each_group_size("Fourteen subjects in each group completed the clinical experiment.") == 14
    assert each_group_size("Thirty patients in each group were randomly assigned to receive juice.") == 30
    assert each_group_size("Thirty patients in both groups A and B were analysed.") == 30


def test_each_group_size_skips_randomisation_blocks():
    assert each_group_size("Randomisation used permuted blocks of 4 in each group.") is None
    assert each_group_size("Randomisation used blocks of 4; 20 patients were enrolled in each group.") == 20


def test_people_per_group_and_there_were_need_no_event_after():
    assert each_group_size("Eight patients per group experienced hypoglycaemia.") is None
    assert each_group_size("Forty-three patients per group was determined to be adequate to show a 28% reduction.") is None
    assert each_group_size("The study was conducted in two groups of 30 patients each between May 2011 and 2012.") == 30
    assert each_group_size("In each group, there were 5 patients who developed wound infection.") is None
    assert each_group_size("In each group, there were two patients with a history of amputation.") is None
    assert each_group_size("In each group there were 40 patients, of whom 12 were women.") == 40


def test_each_group_aside_of_people_who_left_is_no_size():
    assert each_group_size("Eight participants (four in each group) were excluded from the trial.") is None
    assert each_group_size("Of the 13 patients who did not complete the study, six withdrew because of lack of "
                           "therapeutic effect (three in each group), four were lost to follow-up.") is None
    assert each_group_size("Fourteen patients were lost during the study, and the final sample comprised sixty "
                           "patients (thirty cases in each group).") == 30


def test_each_group_size_skips_the_last_of_two_named_counts():
    assert each_group_size("A total of 12 placebo and 13 active patients were allocated to each group.") is None


def test_crossover_sequence_groups_are_no_arms():
    from stemfoot.extract.outcome_query import answer_query

    text = ("A randomized, placebo-controlled crossover study. Of 120 patients who enrolled, 115 completed the "
            "study. 58 patients received the drug first (drug group) and 57 the placebo first (placebo group).")
    q = {"outcome": "Pain", "intervention": "drug", "comparator": "placebo"}
    got = answer_query(q, [], text=text)
    assert (got["intervention_group_size"], got["comparator_group_size"]) == (115, 115)
    # a parallel trial's two groups stay as they are
    par = text.replace("crossover study", "parallel-group trial")
    got = answer_query(q, [], text=par)
    assert (got["intervention_group_size"], got["comparator_group_size"]) != (115, 115)


def test_a_cited_crossover_trial_makes_no_crossover_of_a_parallel_trial():
    from stemfoot.extract.outcome_query import answer_query, crossover_size

    text = ("A randomized, double-blind, placebo-controlled trial. A previous crossover trial suggested benefit. In "
            "all, 40 patients were enrolled. 21 patients received the drug (drug group) and 19 received placebo "
            "(placebo group).")
    q = {"outcome": "Pain", "intervention": "drug", "comparator": "placebo"}
    got = answer_query(q, [], text=text)
    assert (got["intervention_group_size"], got["comparator_group_size"]) == (21, 19)
    assert crossover_size(text) is None
    # the study's own crossover design still counts
    own = text.replace("placebo-controlled trial.", "placebo-controlled crossover trial.")
    assert crossover_size(own) == 40
