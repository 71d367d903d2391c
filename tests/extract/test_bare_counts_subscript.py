"""A number PubMed prints as a bracketed subscript, or a numbered list's item marker, is no count (pure functions,
no pipeline)."""
from __future__ import annotations

from stemfoot.extract import bare_counts


def _at(text: str, token: str) -> tuple[int, int]:
    start = text.index(token)
    return start, start + len(token)


def test_a_subscript_after_a_letter_is_no_count() -> None:
    text = "Transcutaneous oxygen pressure (TcO(2)) and PGE(1) rose; HbA(1c) fell."
    for token in ("(2)", "(1)", "(1c)"):
        start, end = _at(text, token)
        assert bare_counts._subscript(text, start + 1, end - 1)


def test_a_bracketed_count_after_a_space_or_a_word_is_not_a_subscript() -> None:
    text = "Ulcers recurred in two patients (2) and in the control arm (n 3); amputation (4 patients)."
    assert not bare_counts._subscript(text, *(_at(text, "(2)")[0] + 1, _at(text, "(2)")[1] - 1))
    start = text.index("(4 ")
    assert not bare_counts._subscript(text, start + 1, start + 2)


def test_bare_numbers_skip_a_subscript_but_keep_the_counts_beside_it() -> None:
    text = "TcO(2) rose in 14 patients; CO(2) was 5 in (3) cases."
    assert [value for _, _, value in bare_counts.bare_numbers(text, lambda start, end: True)] == [14, 5, 3]


def test_a_numbered_lists_item_marker_is_no_count() -> None:
    # Round 58: read where bare counts are found (round 57 dropped it after the gate, keeping the models' inputs).
    text = "Efficacy was assessed by the (1) reduction in wound area after 4 weeks and (2) percentage of patients healed."
    two = text.index("(2)") + 1
    assert bare_counts.list_marker(text, two, two + 1)  # "(2) percentage": numbered after "(1) reduction"
    assert bare_counts.list_marker(text, text.index("(1)") + 1, text.index("(1)") + 2)
    assert not {1, 2} & {value for _, _, value in bare_counts.bare_numbers(text, lambda start, end: True)}
    # A bracketed count with no neighbouring marker in its sentence is left alone.
    lone = "Healing occurred in (2) patients of the control group."
    assert not bare_counts.list_marker(lone, lone.index("(2)") + 1, lone.index("(2)") + 2)
