"""Round 58 (issue 11): readings the arm inventory and the candidates missed on blind62, made general.

- allocation brackets whose labels carry a digit ("(UMX-3 low, n = 22)", "(G2, n = 15)") are arms when their sizes
  add up to the people the sentence opens with;
- every member of a list of changes after one verb ("decreased by 2.9, 3.4, 4.1 and 1.2 points");
- sites per arm after "randomised by cluster" are no arm sizes.

Pure functions, no spaCy: invented sentences."""
from __future__ import annotations

from stemfoot.extract.arm_sizes import cluster_unit_counts, paren_arms
from stemfoot.extract.value_kinds import change_values


def arms(text: str) -> list[tuple[str, int | None]]:
    return [(p.label, p.n_patients) for p in paren_arms(text, [(0, len(text))])]


def test_digit_labels_are_arms_when_their_sizes_add_up_to_the_total():
    s = ("Sixty diabetic patients with Rutherford 5 ischaemia were randomised to intramuscular QBX-7 at a low dose "
         "(QBX-7 low, n = 20) or a high dose (QBX-7 high, n = 20), or to placebo (placebo group, n = 20).")
    assert arms(s) == [("QBX-7 low", 20), ("QBX-7 high", 20), ("placebo group", 20)]
    s = ("Thirty-six patients received autologous cells by one of three randomly assigned routes: intramuscular "
         "(R1, n = 12), intra-arterial (R2, n = 12) or both (R3, n = 12).")
    assert arms(s) == [("R1", 12), ("R2", 12), ("R3", 12)]


def test_an_arm_the_count_vouches_for_takes_its_role_from_its_whole_item():
    s = ("We randomised 48 diabetic patients with critical limb ischaemia to intramuscular BM-MNC (T1, n = 16), "
         "intra-arterial BM-MNC (T2, n = 16) or usual care with aspirin and statins (T3, n = 16).")
    assert [(p.label, p.role) for p in paren_arms(s, [(0, len(s))])] == [
        ("T1", "intervention"), ("T2", "intervention"), ("T3", "control")]


def test_digit_labels_whose_sizes_do_not_add_up_stay_out():
    # 20 + 20 + 20 is not 64: the count does not vouch for the labels, which stay to the other readers.
    s = ("Sixty-four diabetic patients were randomised to intramuscular QBX-7 at a low dose (QBX-7 low, n = 20) "
         "or a high dose (QBX-7 high, n = 20), or to placebo (placebo group, n = 20).")
    assert arms(s) == []


def test_every_member_of_a_change_list_after_one_verb():
    s = "Rest-pain VAS decreased by 2.9, 3.4, 4.1 and 1.2 points (P for trend = .004)."
    assert [v for _, _, v in change_values(s, lambda a, b: True)] == ["2.9", "3.4", "4.1", "1.2"]
    # A count of people or a time after the comma is another clause's number, not a member.
    s = "ABI increased by 0.05, 12 patients had no change and HbA1c fell by 0.8, 12 weeks after the infusion."
    assert [v for _, _, v in change_values(s, lambda a, b: True)] == ["0.05", "0.8"]


def test_sites_per_arm_after_randomised_by_cluster():
    s = "Sixteen wound-care services were randomised by cluster (8 per arm) to the gel or to standard care."
    assert [s[a:b] for a, b in cluster_unit_counts(s, [(0, len(s))])] == ["8"]
