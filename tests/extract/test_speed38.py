"""Round 38 speed pass: the prechecks in front of slow patterns never skip a match the pattern alone finds.
Pure functions on text, no spaCy."""
import pytest

from stemfoot.extract import arm_lists
from stemfoot.extract.arm_lists import arm_count_checks
from stemfoot.extract.arm_sizes import within_patient
from stemfoot.extract.elided_pairs import elided_pairs

ELIDED = ("Complete ulcer healing occurred in 20 of 30 EPC patients and 11 of 30 BMT patients at 6 months and in 24 "
          "and 14, respectively, at 12 months.")


@pytest.mark.parametrize("word", ["respectively", "RESPECTIVELY", "Respectively", "re\u017fpectively"])
def test_elided_pair_precheck_reads_every_case(word: str) -> None:
    # The precheck has the pattern's flags: any case, and "ſ" that re.IGNORECASE reads as "s", still pass it.
    text = ELIDED.replace("respectively", word)
    (p,) = elided_pairs(text)
    assert p.values == (24, 14)


@pytest.mark.parametrize("text, total, k", [
    ("Of 112 patients randomised (28 PER ARM), all were analysed.", None, 4),
    ("We enrolled 90 patients (thirty in each group).", None, 3),
    ("Eighty patients were randomised, 20 patients per group.", 80, 4),
    ("Sixty patients were randomised to A, B or C, with 20 patients IN EACH COHORT.", 60, 3),
])
def test_per_arm_prechecks_pass_what_the_patterns_read(text: str, total: int | None, k: int) -> None:
    assert arm_lists._PER_ARM_BRACKET.search(text) or not arm_lists._RX.PER_ARM_TOTAL.search(text)
    assert arm_lists._PER_ARM_WORDS.search(text) or not arm_lists._RX.PER_ARM_SAID.search(text)
    assert k in arm_count_checks(text, total)


@pytest.mark.parametrize("text", [
    "One leg was randomly assigned to cells and the contralateral leg to saline.",
    "ONE LEG WAS RANDOMLY ASSIGNED TO CELLS AND THE CONTRALATERAL LEG TO SALINE.",
    # "İ" is an "i" to re.IGNORECASE: the precheck reads it as the pattern does.
    "Cells were injected into the more ischaemic l\u0130mb, while the other l\u0130mb served as an internal control.",
])
def test_within_patient_precheck_reads_every_case(text: str) -> None:
    assert within_patient(text, [(0, len(text))])
