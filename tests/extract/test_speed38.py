"""Round 38 speed pass: each faster reading gives what the slower one gave (a precheck never skips a match the
pattern alone finds; the generated trees give the walked leaves). Pure functions on text, no spaCy."""
import re

import pytest
from extract_support import walked_leaf

from stemfoot.extract import arm_lists, numbers
from stemfoot.extract import arm_size_model as asm
from stemfoot.extract.arm_lists import arm_count_checks
from stemfoot.extract.arm_sizes import within_patient
from stemfoot.extract.elided_pairs import elided_pairs
from stemfoot.extract.logistic import sparse_logistic
from stemfoot.extract.pattern_data import _dispatched

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




def test_generated_trees_give_the_walked_leaves() -> None:
    model = asm.load_model()
    trees = model["trees"]
    tested = [(f, t) for tree in trees for f, t in zip(tree["feature"], tree["threshold"]) if f is not None]
    # Each feature at a threshold (the boundary goes left), just above it, absent, and all at once.
    rows = [{}, dict(tested)] + [{f: t} for f, t in tested[:200]] + [{f: t + 1e-9} for f, t in tested[:200]]
    for feats in rows:
        walked = [walked_leaf(tree, feats) for tree in trees]
        assert list(asm._leaves(trees)(feats)) == walked
        assert asm.probability(model, feats) == sparse_logistic(
            {}, model["init"] + model["learning_rate"] * sum(walked), {})


def test_generated_trees_follow_their_own_tree_list() -> None:
    # A model of its own (the training tool scores many) gets its own function, not a cached one.
    one = {"feature": ["a", None, None], "threshold": [0.5, -2.0, -2.0], "left": [1, -1, -1], "right": [2, -1, -1],
           "value": [0.0, -1.0, 1.0]}
    flipped = {**one, "value": [0.0, 1.0, -1.0]}
    assert asm._leaves([one])({"a": 0.5}) == (-1.0,)
    assert asm._leaves([flipped])({"a": 0.5}) == (1.0,)
    assert asm._leaves([one, flipped])({"a": 0.7}) == (1.0, -1.0)


def test_number_word_lookahead_keeps_every_match() -> None:
    bare = numbers.WORD_NUM.replace(f"(?={numbers._WORD_HEADS})", "", 1)
    assert bare != numbers.WORD_NUM
    words = [w for v in numbers.WORD_VALUES for w in (v, v.title(), v.upper())]
    text = " ".join(words) + (" Twenty-eight, ONE HUNDRED AND TWO, ninety‐nine, thirty five, \u017fix, \u017feventeen,"
                              " f\u0130ve, n\u0131ne hundred, the three, Those, Ten-fold.")
    for flags in (0, re.I):
        for old, new in ((bare, numbers.WORD_NUM), (numbers.COUNT.replace(numbers.WORD_NUM, bare), numbers.COUNT)):
            spans = [m.span() for m in re.finditer(rf"\b(?:{new})\b", text, flags)]
            assert spans == [m.span() for m in re.finditer(rf"\b(?:{old})\b", text, flags)]
            # Every word is read (in every case where the pattern reads case: COUNT always, WORD_NUM under re.I).
            assert len(spans) >= (len(words) if flags or new == numbers.COUNT else len(numbers.WORD_VALUES))


@pytest.mark.parametrize("regex", [
    r"\b(?:sixty|kilo|in|(?-i:SD))\b",
    r"(?<![\w\-])(?:stem\s+cells?|[Kk]\w+|i(?:schaemi|schemi)a)",
    r"(?:the\s+)?(?:placebo|saline)(?:\s+group)?",
])
def test_dispatched_patterns_keep_every_match(regex: str) -> None:
    text = ("Sixty \u017fixty KILO \u212ailo İn ın in SD sd Stem cells \u017fTEM CELLS kinase Ischaemia "
            "\u0130SCHEMIA the placebo group THE SALINE Group")
    new = _dispatched(regex, re.I)
    assert new.startswith("(?=[")
    assert [m.span() for m in re.finditer(new, text, re.I)] == [m.span() for m in re.finditer(regex, text, re.I)]


@pytest.mark.parametrize("regex, flags", [
    (r"\b(?:sixty|kilo)\b", 0),  # case-sensitive: the branches are skipped on their first letter already
    (r"\b(?:sixty|kilo)\b", re.X | re.I),  # verbose: a comment could swallow the closing bracket
    (r"(?i)sixty|kilo", re.I),  # global flags must open the pattern
    (r"\d+\s+patients", re.I),  # a class of any digit: no short list of characters
    (r"(?:sixty)?\s*kilo", re.I),  # may start with a space
    (r"a?", re.I),  # may match nothing
])
def test_patterns_left_alone(regex: str, flags: int) -> None:
    assert _dispatched(regex, flags) == regex
