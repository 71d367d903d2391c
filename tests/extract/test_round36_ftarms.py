"""Round 36's full-text arm readers, without spaCy: a code defined by denying the other arm's words ("Group B: not
using the splint"), a mean with a time word between it and its SD, a range bracket between two arms' values, a name
both arms share before the arms' own names, and a bracket listing one pair for each of several outcomes."""
from __future__ import annotations

from stemfoot.extract.outcome_query import bracket_pairs, code_arms, denied_mentions, denying_side
from stemfoot.extract.prose_pairs import _RX as PROSE_RX
from stemfoot.extract.prose_pairs import sentence_pair, values

SPLINT = "Knee surgery planned with the printed splint"
NO_SPLINT = "Knee surgery without the splint"


# --- codes defined by a denial ------------------------------------------------------------------------------------

def test_the_denying_side_is_the_arm_whose_name_alone_denies():
    assert denying_side(SPLINT, NO_SPLINT) == "c"
    assert denying_side("No exercise", "Daily walking") == "i"
    assert denying_side("Walking", "Cycling") is None
    assert denying_side("without A", "without B") is None  # both deny: nothing to tell them apart by


def test_a_denied_mention_moves_to_the_denying_arm():
    context = "knee surgery not using the printed splint"
    at = context.index("printed")
    assert denied_mentions(context, [at], [], "c") == ([], [at])
    # not denied: it stays where it was
    plain = "knee surgery using the printed splint"
    assert denied_mentions(plain, [plain.index("printed")], [], "c") == ([plain.index("printed")], [])
    # the other way round
    assert denied_mentions("without any daily walking", [], [12], "i") == ([12], [])


def test_codes_defined_by_a_denial_go_to_the_denying_arm():
    text = ("Patients were randomly divided into 2 groups. Group A: knee surgery using the printed splint. "
            "Group B: knee surgery not using the printed splint. Pain was lower in Group A than in Group B.")
    assert code_arms(text, SPLINT, NO_SPLINT) == ("group a", "group b")
    # without the denial both codes name the splint arm: no code is safe
    text2 = text.replace("not using", "using")
    assert code_arms(text2, SPLINT, NO_SPLINT) == (None, None)


# --- prose pairs --------------------------------------------------------------------------------------------------

def test_a_time_word_between_a_mean_and_its_sd():
    got = values("Surgery lasted 42.5 minutes ± 6.1 in one group.")
    assert [(v.mean, v.sd) for v in got] == [(42.5, 6.1)]
    # a visit window stays unread
    assert values("Visits were at 12 weeks ± 3 days.") == []


def test_a_range_bracket_may_sit_between_the_two_values():
    assert PROSE_RX.VERSUS_GAP.match(" [range, 2-9 steps] vs. ")
    assert PROSE_RX.VERSUS_GAP.match(" (range 1-4) versus ")
    assert not PROSE_RX.VERSUS_GAP.match(" [95% CI 2-9] vs. ")


def test_a_shared_name_before_both_arms_own_names_is_the_subject():
    qi, qc = f"{SPLINT} (group A)", f"{NO_SPLINT} (group B)"
    s = ("The mean duration of knee surgery was shorter in Group A than Group B (30.2 minutes ± 4.1 [range, 20-40 "
         "minutes] vs. 35.9 minutes ± 5.0 [range, 25-50 minutes], P = 0.01).")
    vi, vc, _ = sentence_pair(s, qi, qc)
    assert (vi.mean, vi.sd, vc.mean, vc.sd) == (30.2, 4.1, 35.9, 5.0)
    # a shared name between the arms' names and the values is still unclear
    s2 = "It was shorter in Group A than Group B after knee surgery (30.2 ± 4.1 vs. 35.9 ± 5.0)."
    assert sentence_pair(s2, qi, qc) is None


def test_bracket_pairs_counts_the_pairs_one_bracket_lists():
    s = ("Pain, time and blood loss were less in Group A than Group B (2.1 vs. 3.4, P = 0.01; 30 vs. 41 minutes, "
         "P = 0.02; and 5% vs. 12%, P = 0.04).")
    assert bracket_pairs(s) == 3
    assert bracket_pairs("Pain was less in Group A than Group B (2.1 vs. 3.4, P = 0.01).") == 1
    assert bracket_pairs("No values here.") == 0


def test_a_percent_and_its_count_joined_by_a_comma_are_one_value_when_they_agree():
    got = values("Healing (90.0%, 18/20) was common.")
    assert [(v.events, v.total, v.percent) for v in got] == [(18, 20, 90.0)]
    # they disagree: two values, the count kept
    got = values("Healing (50.0%, 18/20) was common.")
    assert [(v.events, v.total) for v in got if v.events is not None] == [(18, 20)] and len(got) == 2


def test_mirrored_names_bind_the_values_they_touch():
    qi, qc = f"{SPLINT} (group A)", f"{NO_SPLINT} (group B)"
    s = "The healing rate (90.0%, 18/20) in Group A was higher than that of Group B (70.0%, 14/20) at one month."
    vi, vc, _ = sentence_pair(s, qi, qc)
    assert (vi.events, vi.total, vc.events, vc.total) == (18, 20, 14, 20)
    # the other way round: the comparator's value first
    s2 = "The healing rate (70.0%, 14/20) in Group B was lower than that of Group A (90.0%, 18/20)."
    vi, vc, _ = sentence_pair(s2, qi, qc)
    assert (vi.events, vc.events) == (18, 14)
    # a third name between the two: unclear, nothing
    s3 = "The healing rate (90.0%, 18/20) in Group A, Group B and Group C was higher than that of Group B (70.0%, 14/20)."
    assert sentence_pair(s3, qi, qc) is None
