"""Round 38 speed pass: the prechecks in front of slow patterns never skip a match the pattern alone finds.
Pure functions on text, no spaCy."""
import pytest

from stemfoot.extract.elided_pairs import elided_pairs

ELIDED = ("Complete ulcer healing occurred in 20 of 30 EPC patients and 11 of 30 BMT patients at 6 months and in 24 "
          "and 14, respectively, at 12 months.")


@pytest.mark.parametrize("word", ["respectively", "RESPECTIVELY", "Respectively", "re\u017fpectively"])
def test_elided_pair_precheck_reads_every_case(word: str) -> None:
    # The precheck has the pattern's flags: any case, and "ſ" that re.IGNORECASE reads as "s", still pass it.
    text = ELIDED.replace("respectively", word)
    (p,) = elided_pairs(text)
    assert p.values == (24, 14)

