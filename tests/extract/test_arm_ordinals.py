"""Ranked arm labels and their order (extract/arm_ordinals.py); no spaCy pipeline is loaded."""
from stemfoot.extract.arm_ordinals import ordinal_order, rank


def test_rank_reads_group_words_with_a_number_numeral_or_letter():
    assert rank("Group II") == ("roman", 2)
    assert rank("group IV") == ("roman", 4)
    assert rank("Arm 3") == ("number", 3)
    assert rank("G2") == ("number", 2)
    assert rank("group B") == ("letter", 2)
    assert rank("B group") == ("letter", 2)
    # Named arms have no rank.
    assert rank("control group") is None
    assert rank("BM-MNC group") is None


def test_ordinal_order_needs_every_arm_ranked_alike():
    assert ordinal_order(["Arm 2", "Arm 3", "Arm 1"]) == ["Arm 1", "Arm 2", "Arm 3"]
    assert ordinal_order(["group II", "group I"]) == ["group I", "group II"]
    # One arm without a rank, ranks of two kinds, a rank twice, a single arm: no order.
    assert ordinal_order(["Group I", "control group"]) is None
    assert ordinal_order(["Group A", "Group 2"]) is None
    assert ordinal_order(["Group 1", "Arm 1"]) is None
    assert ordinal_order(["Group 1"]) is None


def test_malformed_numerals_and_lower_case_letters_are_no_ranks():
    assert rank("group IIX") is None
    assert rank("group VV") is None
    assert rank("Group IX") == ("roman", 9)
    assert rank("a group") is None  # the article, not group A


def test_initials_are_no_ranks():
    # "group E (cells)" and "group C (standard care)": ranks must run from the first.
    assert ordinal_order(["group E", "group C"]) is None
    assert ordinal_order(["Group 2", "Group 3"]) is None
    assert ordinal_order(["group B", "group A"]) == ["group A", "group B"]
