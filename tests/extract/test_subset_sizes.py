"""The subset a value sentence opens on ("In these patients, ..."), counted arm by arm in the sentence before it."""
from stemfoot.extract.subset_sizes import anaphoric_subset, arm_count_pair, previous_sentence, subset_sizes

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
