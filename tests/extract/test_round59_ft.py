"""Round 59 (issue 10): full-text readings from round 58's report on ft_dev_gold61 (pure functions, no spaCy).

- a table footnote's bare labelled pair "(CD34+ 34, placebo 28)" sizes both query arms;
- an add-on trial's query ("X plus standard care" vs "standard care alone") knows the words the add-on adds, so that a
  label with none of them is not taken for the intervention by the words the arms share."""
from __future__ import annotations

import pytest

from stemfoot.extract.footnote_sizes import bare_pair, footnote_pair
from stemfoot.extract.outcome_query import add_on_words

NOTE = "Continuous end points in patients alive with the index limb at 12 months (CD34+ 34, placebo 28)."


def test_a_bare_labelled_pair_sizes_both_arms_in_the_query_order():
    assert footnote_pair(NOTE, "CD34+ cells", "Placebo") == (34, 28)
    assert bare_pair(NOTE, "Placebo", "CD34+ cells") == (28, 34)


@pytest.mark.parametrize("note", [
    "Values at 12 months (range 34, 28).",           # labels that name no query arm
    "Patients alive at 12 months (CD34+ 34, CD34+ 28).",  # both labels name one arm
    "Continuous end points at 12 months.",
])
def test_no_pair_unless_each_label_names_a_different_arm(note):
    assert bare_pair(note, "CD34+ cells", "Placebo") is None


@pytest.mark.parametrize("q_int,q_cmp,want", [
    ("BM-MNC plus standard care", "standard care alone", {"bm", "mnc", "plus"}),
    ("Chemotherapy plus CT-PFNECII", "Chemotherapy", {"ct", "pfnecii", "plus"}),
    # Not an add-on trial: the comparator has words of its own, or no words, or the arms are the same.
    ("Drug A", "Placebo", set()),
    ("Ketorolac plus lidocaine", "Lidocaine plus saline", set()),
    ("Standard care", "standard care alone", set()),
    ("Intervention", "", set()),
])
def test_add_on_words(q_int, q_cmp, want):
    assert add_on_words(q_int, q_cmp) == want
