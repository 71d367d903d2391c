"""Round 35 (early), full-text sizes: the size every group has, stated in shapes the readers missed."""
import pytest

from stemfoot.extract.outcome_query import each_group_size, sentence_each_sizes


@pytest.mark.parametrize("sentence, size", [
    ("Eighty patients (40 for both groups) were enrolled in this study.", 40),
    ("assigned to one of three groups, fentanyl, sufentanil or remifentanil (n=25 for each group).", 25),
    ("randomly assigned to one of the four study arms (n = 58 per arm).", 58),
    ("Mice were randomized to vehicle or drug (n = 40/group).", 40),
    ("The patients were randomly divided into two groups of 25 each by a computer generated list.", 25),
    ("The subjects were allocated in groups of 5 in each treatment group.", 5),
    ("Rats were divided into 3 groups of ten in each.", 10),
    ("again into two groups of experimental and control, each with 30 subjects.", 30),
    ("Each group of 24 subjects received a 14-day treatment.", 24),
    ("Each group had 16 volunteers: 12 vaccine recipients and 4 placebo recipients.", 16),
])
def test_each_size_shapes(sentence: str, size: int) -> None:
    assert sentence_each_sizes(sentence) == {size}


@pytest.mark.parametrize("sentence", [
    "Hemoglobin rose significantly within groups (P < 0.001 for each group).",  # a test's P value
    "Each group had 5 patients who developed fever.",  # people with an event
    "teachers rated three subscales (each with 4 items).",  # no people
    "changes from baseline to week 12 for each group are presented",  # a time
    "To allow for a loss of 15%, a total sample size of 243 (81 for each group) is required.",  # planning
    "blood levels (P = 0.001 for both groups)",
])
def test_not_each_size(sentence: str) -> None:
    assert sentence_each_sizes(sentence) == set()


def test_each_group_size_text() -> None:
    text = "Eighty patients (40 for both groups) were enrolled. Pain was lower with ketamine (P = 0.01)."
    assert each_group_size(text) == 40


def test_bracket_needs_allocation_or_analysis() -> None:
    assert sentence_each_sizes("Half of the mice from each group were sacrificed on day 7 (n = 6/group).") == set()
    assert sentence_each_sizes("Eight participants (four in each group) were excluded from the trial.") == set()


# --- the remaining arm of a two-arm study ---------------------------------------------------------------------

from stemfoot.extract.group_sizes import remaining_pair  # noqa: E402

_TWO = "Seventy-eight patients were enrolled, 40 in the ketamine group and 38 in the lidocaine group."


def test_remaining_pair_gives_the_unnamed_query_arm_the_other_part() -> None:
    assert remaining_pair(_TWO, "ketamine", "normal saline") == (40, 38)
    assert remaining_pair(_TWO, "normal saline", "ketamine") == (38, 40)


@pytest.mark.parametrize("text, q_int, q_cmp", [
    (_TWO.replace("Seventy-eight", "Ninety"), "ketamine", "normal saline"),  # parts short of the total: a third arm
    (_TWO, "ketamine", "lidocaine"),  # both named: pair_counts' reading
    (_TWO, "midazolam", "normal saline"),  # neither named
    ("Of 78 patients, 40 in the ketamine group and 38 in the lidocaine group withdrew.", "ketamine", "saline"),
    ("Eighty patients were enrolled, 40 in the ketamine group and 40 in the control group.", "ketamine", "saline"),
    # an event's count split by arm, no allocation
    ("Haze was visually significant only in 3 eyes including 2 eyes in the alcohol group and 1 in the mechanical group.",
     "alcohol", "mechanical debridement"),
])
def test_remaining_pair_none(text: str, q_int: str, q_cmp: str) -> None:
    assert remaining_pair(text, q_int, q_cmp) is None
