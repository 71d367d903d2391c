"""The subset a value sentence opens on ("In these patients, ..."), counted arm by arm in the sentence before it."""
from stemfoot.extract.subset_sizes import (anaphoric_subset, arm_count_pair, assessed_sizes, previous_sentence,
                                          subset_sizes)

A, B = "PBMNC implantation plus best medical therapy (group A)", "Best medical therapy alone (group B)"
COUNTED = "Twenty-four patients in Group A and 21 in Group B were able to walk on the treadmill at 6 months."
VALUES = "In these patients, pain-free walking distance at 6 months was 212 ± 96 m in Group A and 131 ± 88 m in Group B."


def test_anaphoric_subset_opens_the_sentence():
    assert anaphoric_subset(VALUES)
    assert anaphoric_subset("Among those participants, HbA1c fell by 0.4% in the exercise group.")
    assert not anaphoric_subset("Pain-free walking distance in these patients was 212 ± 96 m in Group A.")
    assert not anaphoric_subset("In these trials, the mean was 3.1 ± 0.2 in Group A.")


def test_previous_sentence_ends_where_the_value_sentence_starts():
    text = f"Baseline was balanced (Table 1). {COUNTED} {VALUES}"
    assert previous_sentence(text, text.index(VALUES)) == COUNTED
    assert previous_sentence(VALUES, 0) == ""
    assert previous_sentence("A heading without a stop " + VALUES, len("A heading without a stop ")) == ""


def test_arm_count_pair_reads_words_digits_and_either_order():
    assert arm_count_pair(COUNTED, A, B) == (24, 21)
    assert arm_count_pair("19 patients in Group B and 22 in Group A completed the test.", A, B) == (22, 19)


def test_arm_count_pair_needs_one_count_per_arm():
    assert arm_count_pair("24 patients in Group A were able to walk.", A, B) is None
    assert arm_count_pair("24 patients in Group A and 21 in Group A walked.", A, B) is None
    assert arm_count_pair("24 in Group A, 21 in Group B and 20 in Group C walked.", A, B) is None
    assert arm_count_pair("Twenty-four patients were able to walk.", A, B) is None


def test_subset_sizes_only_for_a_sentence_opening_on_the_subset():
    text = f"{COUNTED} {VALUES}"
    assert subset_sizes(text, VALUES, text.index(VALUES), A, B) == (24, 21)
    other = "Pain-free walking distance was 212 ± 96 m in Group A and 131 ± 88 m in Group B."
    text = f"{COUNTED} {other}"
    assert subset_sizes(text, other, text.index(other), A, B) is None


def test_answer_query_takes_the_subset_as_the_group_sizes():
    from stemfoot.extract.outcome_query import answer_query

    text = ("Patients were randomised to Group A (n = 35) or Group B (n = 35). Group A received PBMNC implantation "
            f"plus best medical therapy. {COUNTED} {VALUES}")
    query = {"id": 1, "outcome": "Pain-free walking distance at 6 months", "intervention": "Group A",
             "comparator": "Group B"}
    got = answer_query(query, [], text=text, sections=[("full_text", text)])
    assert (got["intervention_mean"], got["intervention_group_size"], got["comparator_group_size"]) == (212.0, 24, 21)
    plain = text.replace("In these patients, pain", "Pain")
    got = answer_query(query, [], text=plain, sections=[("full_text", plain)])
    assert (got["intervention_group_size"], got["comparator_group_size"]) == (35, 35)


PP = ("In the per-protocol population, mean wound area reductions at 8 weeks were 71.2% ± 18.4% and 52.6% ± 21.9% "
      "in the SVF and control groups, respectively.")
TABLES = [{"label": "Table 2", "caption": "Healing outcomes in the intention-to-treat population"},
          {"label": "Table 3", "caption": "Healing outcomes in the per-protocol population"}]
SIZES = [("SVF group", 38, "Table 2 header"), ("Control group", 38, "Table 2 header"),
         ("SVF group", 33, "Table 3 header"), ("Control group", 35, "Table 3 header")]


def test_opening_and_caption_populations():
    from stemfoot.extract.subset_sizes import caption_population, opening_population

    assert opening_population(PP) == "pp"
    assert opening_population("For the ITT analysis, HbA1c fell by 0.4%.") == "itt"
    assert opening_population("In the mITT population, the mean change was +0.5.") == "mitt"
    assert opening_population("Mean reductions in the per-protocol population were 71.2% ± 18.4%.") is None
    assert caption_population("Healing outcomes in the per-protocol population") == "pp"
    assert caption_population("Efficacy, modified intention-to-treat population") == "mitt"
    assert caption_population("Outcomes in the ITT and per-protocol populations") is None
    assert caption_population("Healing outcomes") is None


def test_population_sizes_from_the_table_naming_the_population():
    from stemfoot.extract.subset_sizes import population_sizes

    arms = ("SVF gel", "Control (gel without cells)")
    assert population_sizes(PP, TABLES, SIZES, *arms) == (33, 35)
    itt = PP.replace("per-protocol", "intention-to-treat")
    assert population_sizes(itt, TABLES, SIZES, *arms) == (38, 38)
    assert population_sizes(PP.replace("In the per-protocol population, m", "M"), TABLES, SIZES, *arms) is None
    assert population_sizes(PP.replace("per-protocol", "safety"), TABLES, SIZES, *arms) is None
    # Two tables of one population that disagree: null beats a guess.
    twice = TABLES + [{"label": "Table 4", "caption": "Ulcer area in the per-protocol population"}]
    assert population_sizes(PP, twice, SIZES + [("SVF group", 30, "Table 4 header"),
                                                ("Control group", 35, "Table 4 header")], *arms) is None


FOOT = ["Data are mean (SD) or n (%) unless otherwise indicated. ABI=ankle-brachial index.",
        "*Mean (SE); changes were estimated from a mixed model and are presented as least-squares means with standard "
        "errors.", "†Patients with an ulcer at baseline."]


def test_foot_marks_and_the_notes_every_row_shares():
    from stemfoot.extract.footnote_sizes import foot_marks, unmarked_text

    assert foot_marks(FOOT) == {"*", "†"}
    shared = unmarked_text(FOOT)
    assert "Data are mean (SD)" in shared and "Mean (SE)" not in shared and "ulcer at baseline" not in shared
    assert unmarked_text(["Data are mean (SD)."]) == "Data are mean (SD)."


def test_row_spread_reads_the_footnote_a_row_marks():
    from stemfoot.extract.outcome_query import row_spread

    tables = [{"label": "Table 2", "caption": "Efficacy endpoints", "footnotes": FOOT}]

    def rec(row: str) -> dict:
        return {"evidence": {"table": "Table 2", "source": "table", "row_header": row, "column_header": "CD34+ (n=38)"}}

    assert row_spread(tables, rec("Change in TcPO2 at 6 months, mm Hg*")) == "se"
    assert row_spread(tables, rec("Change in ABI at 6 months")) == "sd"
    # No marked footnote declares a spread: the whole foot's reading (``table_spread``) holds.
    plain = [{"label": "Table 2", "caption": "Efficacy", "footnotes": ["Data are mean (SE).", "†Ulcer at baseline."]}]
    assert row_spread(plain, rec("Change in ABI at 6 months")) is None
    assert row_spread(tables, {"evidence": {"text": "0.09 (0.11)", "section": "Results"}}) is None


def test_arm_count_pair_counts_people_not_measures_nor_denominators():
    # mendft45: a measure before "in Group A" is no count of people; the "Of the N" counts are the denominators.
    assert arm_count_pair("The mean age was 64 in Group A and 61 in Group B.", A, B) is None
    assert arm_count_pair("Of the 35 patients in Group A and 35 in Group B, 24 and 21 were able to walk.", A,
                          B) is None
    assert arm_count_pair("Ulcers healed in 24 patients in Group A and 21 in Group B.", A, B) == (24, 21)


def test_row_spread_sees_a_mark_inside_the_row_label():
    # mendft45: "TcPO2*, mm Hg" is marked by the "*Mean (SE)" footnote though its label ends on the unit.
    from stemfoot.extract.footnote_sizes import inner_marks
    from stemfoot.extract.outcome_query import row_spread

    assert inner_marks("Change in TcPO2*, mm Hg") == {"*"} and inner_marks("HbA1c^b (%)") == {"b"}
    assert inner_marks("HbA1c*†") == {"*", "†"} and inner_marks("Change in ABI") == set()
    tables = [{"label": "Table 2", "caption": "Efficacy endpoints", "footnotes": FOOT}]
    rec = {"evidence": {"table": "Table 2", "source": "table", "row_header": "Change in TcPO2*, mm Hg",
                        "column_header": "CD34+ (n=38)"}}
    assert row_spread(tables, rec) == "se"


def test_the_values_own_denominator_beats_the_subset():
    # mendft45: "5 of the 20 patients in Group B" is of 20, though the sentence before counted 21 in Group B.
    from stemfoot.extract.outcome_query import answer_query

    values = ("In these patients, claudication resolved in 10 of the 24 patients in Group A and in 5 of the 20 "
              "patients in Group B.")
    text = ("Patients were randomised to Group A (n = 35) or Group B (n = 35). Group A received PBMNC implantation "
            f"plus best medical therapy. {COUNTED} {values}")
    query = {"id": 1, "outcome": "Resolution of claudication", "intervention": "Group A", "comparator": "Group B"}
    got = answer_query(query, [], text=text, sections=[("full_text", text)])
    assert (got["intervention_events"], got["intervention_group_size"], got["comparator_events"],
            got["comparator_group_size"]) == (10, 24, 5, 20)


# Invented: a later visit that measured fewer people than were randomised, said arm by arm.
CARE, PLAIN = "Protein drink twice daily plus advice (the drink group)", "Dietary advice alone (the advice group)"
MEASURED = ("Of 90 patients randomised (45 per group), 40 in the drink group and 37 in the advice group were "
            "assessed at 6 months.")


def _times(text: str) -> frozenset:
    from stemfoot.extract.outcome_query import time_mentions
    return time_mentions(text)


def test_assessed_sizes_reads_the_pair_measured_at_the_values_time():
    text = f"Recruitment ran for a year. {MEASURED} Body weight rose in the drink group."
    assert assessed_sizes(text, _times("Grip strength at 6 months"), CARE, PLAIN) == (40, 37)
    # The verb says whom the counts are, in either order and also opening on the time.
    other = "At 26 weeks, 37 patients in the advice group and 40 in the drink group were analysed."
    assert assessed_sizes(other, _times("Weight at 26 weeks"), CARE, PLAIN) == (40, 37)


def test_assessed_sizes_needs_the_time_the_verb_and_one_count_per_arm():
    assert assessed_sizes(MEASURED, _times("Grip strength at 12 months"), CARE, PLAIN) is None  # another time
    assert assessed_sizes(MEASURED, frozenset(), CARE, PLAIN) is None  # the query names no time
    # No measuring verb: counts of something else at that time.
    said = "At 6 months, 40 in the drink group and 37 in the advice group had lost weight."
    assert assessed_sizes(said, _times("Weight at 6 months"), CARE, PLAIN) is None
    # Unnamed counts ("40 and 37 patients were assessed") give no arm its n (null beats a guess).
    assert assessed_sizes("In all, 40 and 37 patients were assessed at 6 months.", _times("Weight at 6 months"),
                          CARE, PLAIN) is None
    # The arm-named counts of another clause are those who dropped out, not those assessed.
    dropped = ("Five patients in the drink group and eight in the advice group withdrew; 40 and 37 patients were "
               "assessed at 6 months.")
    assert assessed_sizes(dropped, _times("Weight at 6 months"), CARE, PLAIN) is None


def test_assessed_sizes_gives_nothing_where_two_sentences_disagree():
    text = f"{MEASURED} At 6 months, 41 in the drink group and 37 in the advice group were measured."
    assert assessed_sizes(text, _times("Weight at 6 months"), CARE, PLAIN) is None


def test_assessed_sizes_not_from_counts_the_words_before_the_verb_say_were_lost():
    # mendft48: the arm-named counts before "were assessed" are the losses where words between them and the verb say
    # so, in the verb's own clause (no semicolon to split it).
    six = _times("Weight at 6 months")
    for lost in ("Five patients in the drink group and eight in the advice group were lost to follow-up before they "
                 "were assessed at 6 months.",
                 "Three in the drink group and two in the advice group withdrew before they were evaluated at 6 months.",
                 "Five in the drink group and eight in the advice group dropped out, and 40 and 37 patients were "
                 "assessed at 6 months.",
                 "At 6 months, 5 in the drink group and 8 in the advice group, who had been lost to follow-up, were "
                 "evaluated by telephone."):
        assert assessed_sizes(lost, six, CARE, PLAIN) is None, lost
    # Losses named before the counts leave the counts those assessed.
    kept = "After excluding five drop-outs, 40 in the drink group and 37 in the advice group were analysed at 6 months."
    assert assessed_sizes(kept, six, CARE, PLAIN) == (40, 37)


def test_assessed_sizes_not_from_a_clause_naming_another_time_too():
    # mendft48: a clause of two visits, or of the treatment's length beside the visit, gives the query's time no n.
    both = "40 in the drink group and 37 in the advice group were assessed at 6 months, and 35 and 30 at 12 months."
    assert assessed_sizes(both, _times("Weight at 12 months"), CARE, PLAIN) is None
    treated = ("Of patients treated for 12 months, 40 in the drink group and 37 in the advice group were assessed at "
               "6 months.")
    assert assessed_sizes(treated, _times("Weight at 12 months"), CARE, PLAIN) is None
    # Counts in words, at the query's one time: read.
    words = "Forty in the drink group and thirty-seven in the advice group were assessed at 6 months."
    assert assessed_sizes(words, _times("Weight at 6 months"), CARE, PLAIN) == (40, 37)


def test_assessed_sizes_not_from_a_chosen_analysis_set():
    # mendft48: per-protocol counts beside values that may be intention-to-treat give no n; an ITT clause still does.
    six = _times("Weight at 6 months")
    pp = "In the per-protocol analysis, 40 in the drink group and 37 in the advice group were analysed at 6 months."
    assert assessed_sizes(pp, six, CARE, PLAIN) is None
    itt = "In the intention-to-treat analysis, 40 in the drink group and 37 in the advice group were analysed at 6 months."
    assert assessed_sizes(itt, six, CARE, PLAIN) == (40, 37)
