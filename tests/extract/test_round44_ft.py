"""Round 44 (early, branch ft44): an events record that states its own denominator ("six of the 37
participants", "13/21 (61.9)") keeps it as the arm's size (``group_sizes.own_denominator``). Invented phrases; no
spaCy."""
from stemfoot.extract.group_sizes import own_denominator


def test_events_of_their_own_denominator_in_digits_words_or_a_slash():
    assert own_denominator("six of the 37 participants in the first group", 6, 37)
    assert own_denominator("Eleven of 52 patients (21.2%)", 11, 52)
    assert own_denominator("13/21 (61.9)", 13, 21)
    assert own_denominator("twenty-one of the 64 women", 21.0, 64.0)  # records hold floats


def test_only_the_records_own_two_numbers_at_the_start_of_its_place():
    # another denominator than the record's total, or other events: not this record's statement
    assert not own_denominator("six of the 37 participants", 6, 40)
    assert not own_denominator("six of the 37 participants", 5, 37)
    # the pair not at the start (a count of something else first), a decimal, or nothing stated
    assert not own_denominator("In 6 of 37 patients", 6, 37)
    assert not own_denominator("2.5 of 3 visits", 2, 3)
    assert not own_denominator("6 (16.2%)", 6, 37)
    assert not own_denominator("six of the 37 participants", None, 37)
    assert not own_denominator("six of the 37.5", 6, 37)
