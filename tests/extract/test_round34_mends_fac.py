"""Round 34: a 2 × 2 factorial's four groups allocated by name with one size for all ("(30 per arm)") are its arms,
so a learned stage that sees no count cannot drop one of them (``arm_model`` keeps counted names). Pure, no spaCy."""
from __future__ import annotations

from stemfoot.extract.arm_factorial import factorial_groups


def _groups(text: str) -> list[tuple[str, str, int | None]]:
    return [(g.label, g.role, g.n_patients) for g in factorial_groups(text, [(0, len(text))])]


def test_a_factorial_allocated_by_name_with_one_size_for_all():
    text = ("Methods: In a 2 x 2 factorial randomised trial, 64 patients were allocated to EPC plus ESWT, EPC alone, "
            "ESWT alone or usual care (16 per arm). Results: ...")
    assert _groups(text) == [("EPC plus ESWT", "intervention", 16), ("EPC alone", "intervention", 16),
                             ("ESWT alone", "active_comparator", 16), ("usual care", "control", 16)]
    each = text.replace("(16 per arm)", "(16 each)")
    assert [n for _, _, n in _groups(each)] == [16] * 4
    after_comma = text.replace(" (16 per arm)", ", 16 per group")
    assert [n for _, _, n in _groups(after_comma)] == [16] * 4


def test_no_factorial_groups_outside_a_factorial_or_from_other_lists():
    assert _groups("Methods: 64 patients were allocated to EPC plus ESWT, EPC alone, ESWT alone or usual care "
                   "(16 per arm).") == []  # no factorial design stated
    # three names, or a bracketed code inside the list: not this reading
    assert _groups("Methods: In a 2 x 2 factorial trial, 48 patients were allocated to EPC alone, ESWT alone or "
                   "usual care (16 per arm).") == []
    assert _groups("Methods: In a 2 x 2 factorial trial, 64 patients were allocated to EPC plus ESWT (Arm A), EPC "
                   "alone (Arm B), ESWT alone (Arm C) or usual care (Arm D), 16 per arm.") == []
    # a list with a verb in it is no list of group names
    assert _groups("Methods: In a 2 x 2 factorial trial, patients were assigned to EPC, ESWT was given weekly, "
                   "dressings were changed or usual care continued, 16 per arm.") == []
