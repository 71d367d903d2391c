"""Round 49 (lead49a): in a factorial trial, the arm given one factor's active level alone ("HBO group" beside
"PBMNC+HBO group") is an active comparator, not a second control; the arm given neither stays the control."""
import pytest

from stemfoot.extract.factor_sides import factor_level_comparators

FACTORIAL = "In a 2 × 2 factorial trial, patients were randomised to four groups."


def arms(*pairs: tuple[str, str]) -> list[dict]:
    return [{"label": label, "role": role} for label, role in pairs]


@pytest.mark.parametrize("labels, level", [
    (("PBMNC+HBO group", "PBMNC group", "HBO group", "standard group"), "HBO group"),
    (("UCX+HBOT", "UCX", "HBOT", "SC"), "HBOT"),
    (("ADSC–HBOT group", "ADSC group", "HBOT group", "UC group"), "HBOT group"),
    (("SVF+ESWT", "SVF", "ESWT", "SWC"), "ESWT"),
])
def test_a_factor_level_given_alone_is_an_active_comparator(labels: tuple[str, ...], level: str) -> None:
    found = arms((labels[0], "intervention"), (labels[1], "intervention"), (labels[2], "control"),
                 (labels[3], "control"))
    assert factor_level_comparators(FACTORIAL, found, True) == ["arm_role_factor_level"]
    assert {a["label"]: a["role"] for a in found}[level] == "active_comparator"
    assert found[3]["role"] == "control"


def test_no_treatment_spelt_by_an_abbreviation_stays_the_control() -> None:
    text = (FACTORIAL + " Arms: PBMNC with negative-pressure wound therapy (PBMNC+NPWT), PBMNC with standard wound "
            "care (PBMNC+SWC), NPWT alone (NPWT) or standard wound care alone (SWC).")
    found = arms(("PBMNC+NPWT", "intervention"), ("PBMNC+SWC", "intervention"), ("NPWT", "control"),
                 ("SWC", "control"))
    assert factor_level_comparators(text, found, True) == ["arm_role_factor_level"]
    assert [a["role"] for a in found] == ["intervention", "intervention", "active_comparator", "control"]


@pytest.mark.parametrize("found, factorial", [
    # Not a factorial: two controls of a three-arm trial are read elsewhere.
    (arms(("PBMNC+HBO group", "intervention"), ("HBO group", "control"), ("standard group", "control")), False),
    # Coded labels hold no factor words.
    (arms(("Arm A", "intervention"), ("Arm B", "intervention"), ("Arm C", "control"), ("Arm D", "control")), True),
    # Every control a factor level: no control would be left.
    (arms(("PBMNC+HBO", "intervention"), ("HBO", "control"), ("PBMNC+NPWT", "intervention"), ("NPWT", "control")),
     True),
    # One control only.
    (arms(("PBMNC+HBO", "intervention"), ("PBMNC", "intervention"), ("HBO", "active_comparator"),
          ("standard care", "control")), True),
])
def test_other_shapes_are_left_alone(found: list[dict], factorial: bool) -> None:
    before = [a["role"] for a in found]
    assert factor_level_comparators(FACTORIAL, found, factorial) == []
    assert [a["role"] for a in found] == before
