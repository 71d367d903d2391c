"""extract/literal_words.py: word spans of a literal name, as the escaped pattern between look-arounds finds them."""
from __future__ import annotations

import random
import re

from stemfoot.extract.literal_words import spans, word_spans


def _by_regex(text: str, name: str, not_before: str, not_after: str, ignore_case: bool) -> list[tuple[int, int]]:
    rx = rf"(?<![\w{re.escape(not_before)}]){re.escape(name)}(?![\w{re.escape(not_after)}])"
    return [m.span() for m in re.finditer(rx, text, re.I if ignore_case else 0)]


def test_word_spans_examples():
    text = "The MSC group (MSCs) and msc-treated legs; BM-MSC+PRP group; the MSC."
    assert word_spans(text, "MSC") == [(4, 7), (25, 28), (46, 49), (65, 68)]
    assert word_spans(text, "MSC", not_before="-+", not_after="+") == [(4, 7), (25, 28), (65, 68)]
    assert word_spans(text, "MSC", ignore_case=False, not_before="-") == [(4, 7), (65, 68)]
    assert word_spans("aaa", "aa") == [] and word_spans("aa aa", "aa") == [(0, 2), (3, 5)]
    # Python's case-blind matching: the Kelvin sign is a "k", the long s an "s", dotted capital I an "i".
    assert word_spans("\u212aetamine and \u017faline, \u0130loprost", "ketamine") == [(0, 8)]
    assert word_spans("\u017faline", "saline") == [(0, 6)] and word_spans("\u0130loprost", "iloprost") == [(0, 8)]


def test_word_spans_agrees_with_the_pattern():
    """Random texts over letters that fold oddly, word and boundary characters: the spans the regex finds."""
    rng = random.Random(7)
    alphabet = ["a", "A", "k", "K", "\u212a", "s", "\u017f", "i", "I", "\u0130", "\u0131", "é", "É", " ", "-", "+",
                "_", "1", "(", "ß", "\u00b5", "\u03bc"]
    names = ["ak", "sa", "ki", "a-k", "is", "A+", "\u00e9a", "\u03bcs", "ka a", "ß"]
    for _ in range(4000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        name = rng.choice(names)
        for nb, na, ic in (("", "", True), ("-+", "+", True), ("-", "-", True), ("-+/", "-+/", False)):
            assert word_spans(text, name, nb, na, ic) == _by_regex(text, name, nb, na, ic), (text, name, nb, na, ic)
        assert spans(text, name) == [m.span() for m in re.finditer(re.escape(name), text, re.I)], (text, name)
