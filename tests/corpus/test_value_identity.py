"""Content-anchored value ids survive offset shifts; rematch says exact / moved / uncertain / lost."""
from __future__ import annotations

import hashlib

from stemfoot.corpus.value_identity import (
    EXACT,
    LOST,
    MOVED,
    UNCERTAIN,
    ValueRef,
    anchor_id,
    anchor_ids,
    normalise_sentence,
    rematch,
    sentence_similarity,
    value_numbers,
)

S_HEAL = "At 12 weeks, complete healing occurred in 14 of 20 limbs in the BM-MNC group and 6 of 19 in the control group."
S_AMP = "Major amputation was needed in 2 patients (10%) versus 7 (35%), p = 0.03."


def _offset_id(study: str, field: str, abstract: str, sentence: str, value: str, nth: int = 0) -> str:
    """How ids are built today: from offsets (corpus.evidence.value_id), for contrast."""
    start = abstract.index(sentence)
    for _ in range(nth + 1):
        start = abstract.index(value, start + (1 if _ else 0))
    return hashlib.sha1(f"{study}|{field}|abstract|{start}|{start + len(value)}|{value}".encode()).hexdigest()[:16]


def _values(abstract: str, tag: str) -> list[ValueRef]:
    """The values an extractor finds in the two sentences (ids are offset-based, as today)."""
    heal = next(s for s in (S_HEAL, S_HEAL.replace("occurred", "was seen")) if s in abstract)
    amp = S_AMP if S_AMP in abstract else None
    refs = [
        ValueRef(_offset_id("123", "statistic.events", abstract, heal, "14"), "123", "statistic.events", "14", heal,
                 "events", "BM-MNC", "ulcer_healing", "12 weeks"),
        ValueRef(_offset_id("123", "statistic.total", abstract, heal, "20"), "123", "statistic.total", "20", heal,
                 "events", "BM-MNC", "ulcer_healing", "12 weeks"),
        ValueRef(_offset_id("123", "statistic.events", abstract, heal, "6"), "123", "statistic.events", "6", heal,
                 "events", "control", "ulcer_healing", "12 weeks"),
    ]
    if amp:
        refs.append(ValueRef(_offset_id("123", "statistic.p", abstract, amp, "0.03"), "123", "statistic.p", "0.03",
                             amp, "p_value", None, "amputation", None))
    return refs


def test_typo_fix_earlier_in_abstract_keeps_every_value_exact():
    before = "Background: stem cells for diabetic foot ulcer. " + S_HEAL + " " + S_AMP
    after = "Background: stem-cell therapy for diabetic foot ulcers. " + S_HEAL + " " + S_AMP
    old, new = _values(before, "old"), _values(after, "new")
    assert {o.value_id for o in old}.isdisjoint(n.value_id for n in new)  # offset ids all changed
    matches = rematch(old, new)
    assert [matches[o.value_id].status for o in old] == [EXACT] * 4
    assert [matches[o.value_id].new_id for o in old] == [n.value_id for n in new]
    assert anchor_ids(old) == anchor_ids(new)


def test_edited_sentence_is_moved():
    old = _values(S_HEAL + " " + S_AMP, "old")
    new = _values(S_HEAL.replace("occurred", "was seen") + " " + S_AMP, "new")
    matches = rematch(old, new)
    assert [matches[o.value_id].status for o in old[:3]] == [MOVED] * 3
    assert [matches[o.value_id].new_id for o in old[:3]] == [n.value_id for n in new[:3]]
    assert 0.8 < matches[old[0].value_id].score < 1.0
    assert matches[old[3].value_id].status == EXACT


def test_cosmetic_changes_are_exact():
    ref = ValueRef("x", "123", "statistic.mean", "-3.2", "Mean change was −3.2 ± 1.1 cm² (P<0.05).", "mean_sd")
    variant = ValueRef("y", "123", "statistic.mean", "-3,20", "mean change  was -3.2 +/- 1.1 cm2 ( P < 0.05 )", "mean_sd")
    assert normalise_sentence(ref.sentence).replace("cm²", "cm2") == normalise_sentence(variant.sentence)
    # superscript two is NFKC-folded to "2"
    assert anchor_id(ref) == anchor_id(variant)
    assert rematch([ref], [variant])["x"].status == EXACT


def test_resplit_sentence_counts_as_moved():
    old = [ValueRef("o", "1", "statistic.p", "0.03", S_AMP, "p_value", None, "amputation")]
    merged = S_AMP + " No serious adverse events were reported."
    new = [ValueRef("n", "1", "statistic.p", "0.03", merged, "p_value", None, "amputation")]
    assert sentence_similarity(S_AMP, merged) >= 0.9
    assert rematch(old, new)["o"] == rematch(old, new)["o"] and rematch(old, new)["o"].status == MOVED


def test_two_equally_good_places_are_uncertain():
    old = [ValueRef("o", "1", "statistic.events", "14", S_HEAL, "events", None, "ulcer_healing")]
    new = [ValueRef("n1", "1", "statistic.events", "14", S_HEAL.replace("limbs", "legs"), "events", None, "ulcer_healing"),
           ValueRef("n2", "1", "statistic.events", "14", S_HEAL.replace("limbs", "feet"), "events", None, "ulcer_healing")]
    match = rematch(old, new)["o"]
    assert match.status == UNCERTAIN and set(match.candidates) == {"n1", "n2"} and match.new_id is None


def test_changed_number_is_for_the_reviewer():
    old = [ValueRef("o", "1", "statistic.events", "14", S_HEAL, "events", "BM-MNC", "ulcer_healing")]
    new = [ValueRef("n", "1", "statistic.events", "15", S_HEAL.replace("14 of", "15 of"), "events", "BM-MNC",
                    "ulcer_healing")]
    match = rematch(old, new)["o"]
    assert match.status == UNCERTAIN and match.candidates == ("n",) and "number changed" in match.reason


def test_lost_and_context_matters():
    old = [ValueRef("o", "1", "statistic.events", "6", S_HEAL, "events", "control", "ulcer_healing")]
    other_arm = [ValueRef("n", "1", "statistic.events", "6", S_HEAL, "events", "BM-MNC", "ulcer_healing")]
    other_outcome = [ValueRef("n", "1", "statistic.events", "6", S_HEAL, "events", "control", "amputation")]
    assert rematch(old, other_arm)["o"].status == LOST
    assert rematch(old, other_outcome)["o"].status == LOST
    assert rematch(old, [])["o"].status == LOST
    # Arm labels compare by letters and digits.
    relabelled = [ValueRef("n", "1", "statistic.events", "6", S_HEAL, "events", "Control", "ulcer_healing")]
    assert rematch(old, relabelled)["o"].status == EXACT


def test_same_value_far_away_is_uncertain_not_moved():
    old = [ValueRef("o", "1", "statistic.p", "0.03", S_AMP, "p_value", None, "amputation")]
    new = [ValueRef("n", "1", "statistic.p", "0.03", "Amputation-free survival favoured cells overall (p = 0.03).",
                    "p_value", None, "amputation")]
    match = rematch(old, new)["o"]
    assert match.status == UNCERTAIN and "different sentence" in match.reason


def test_repeats_pair_in_order_or_go_to_the_reviewer():
    sentence = "Ulcers healed in 5 of 10 and 5 of 10 patients."
    mk = lambda i: ValueRef(i, "1", "statistic.events", "5", sentence, "events", None, "ulcer_healing")  # noqa: E731
    matches = rematch([mk("a"), mk("b")], [mk("x"), mk("y")])
    assert (matches["a"].new_id, matches["b"].new_id) == ("x", "y")
    assert len(set(anchor_ids([mk("a"), mk("b")]))) == 2
    uneven = rematch([mk("a"), mk("b")], [mk("x")])
    assert uneven["a"].status == uneven["b"].status == UNCERTAIN and uneven["a"].candidates == ("x",)


def test_a_new_value_is_never_given_to_two_old_ones():
    s1 = "Healing: 14 of 20 treated limbs at twelve weeks of follow up."
    old = [ValueRef("o1", "1", "statistic.events", "14", s1, "events", None, "ulcer_healing"),
           ValueRef("o2", "1", "statistic.events", "14", s1.replace("twelve", "12"), "events", None, "ulcer_healing")]
    new = [ValueRef("n", "1", "statistic.events", "14", s1.replace("treated ", ""), "events", None, "ulcer_healing")]
    matches = rematch(old, new)
    assert [m.status for m in matches.values()].count(MOVED) == 1
    moved = next(m for m in matches.values() if m.status == MOVED)
    assert moved.new_id == "n" and moved.old_id == "o1"  # the more similar one wins
    assert matches["o2"].status in (UNCERTAIN, LOST) and matches["o2"].new_id is None


def test_value_numbers_canonical_forms():
    assert value_numbers("0,570") == value_numbers("0.57") == "0.57"
    assert value_numbers("<0.001") == "<0.001" and value_numbers("≤0.05") == "<=0.05"
    assert value_numbers("-3.2") == "-3.2" and value_numbers("−3.2") == "-3.2"
    assert value_numbers("12-20") == "12.0|20.0"
    assert value_numbers("Single arm") == "single arm" and value_numbers(None) == ""


def test_anchor_differs_by_what_the_value_is():
    base = ValueRef("x", "1", "statistic.events", "14", S_HEAL, "events", "BM-MNC", "ulcer_healing", "12 weeks")
    variants = [
        ValueRef("x", "2", "statistic.events", "14", S_HEAL, "events", "BM-MNC", "ulcer_healing", "12 weeks"),
        ValueRef("x", "1", "statistic.total", "14", S_HEAL, "events", "BM-MNC", "ulcer_healing", "12 weeks"),
        ValueRef("x", "1", "statistic.events", "15", S_HEAL, "events", "BM-MNC", "ulcer_healing", "12 weeks"),
        ValueRef("x", "1", "statistic.events", "14", S_HEAL, "events", "control", "ulcer_healing", "12 weeks"),
        ValueRef("x", "1", "statistic.events", "14", S_HEAL, "events", "BM-MNC", "amputation", "12 weeks"),
        ValueRef("x", "1", "statistic.events", "14", S_HEAL, "events", "BM-MNC", "ulcer_healing", "24 weeks"),
        ValueRef("x", "1", "statistic.events", "14", S_AMP, "events", "BM-MNC", "ulcer_healing", "12 weeks"),
    ]
    ids = {anchor_id(v) for v in variants}
    assert len(ids) == len(variants) and anchor_id(base) not in ids
    assert anchor_id(base).startswith("a1:") and anchor_id(base) == anchor_id(base)
