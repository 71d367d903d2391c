"""PICO decoding (offsets per label, switch penalty, comparators) and the comparator label sets."""
from __future__ import annotations

import itertools

import numpy
import pytest

from stemfoot.extract.pico import (
    bias_vector, decode_batch, decode_labels, log_softmax, switch_viterbi, switch_viterbi_batch,
)
from stemfoot.tools.pico_train import LabelledDoc, allow_comparators, fold_comparators

LABELS4 = ["O", "PARTICIPANTS", "INTERVENTION", "OUTCOME"]
LABELS5 = [*LABELS4, "COMPARATOR"]


def _path_score(scores: numpy.ndarray, path: tuple[int, ...], penalty: float) -> float:
    switches = sum(1 for a, b in zip(path, path[1:]) if a != b)
    return float(sum(scores[t, k] for t, k in enumerate(path)) - penalty * switches)


@pytest.mark.parametrize("seed", range(5))
def test_switch_viterbi_finds_the_best_path(seed):
    rng = numpy.random.default_rng(seed)
    scores = rng.normal(size=(6, 3))
    for penalty in (0.0, 0.4, 1.5, 10.0):
        path = tuple(int(k) for k in switch_viterbi(scores, penalty))
        best = max(_path_score(scores, p, penalty) for p in itertools.product(range(3), repeat=6))
        assert _path_score(scores, path, penalty) == pytest.approx(best)


def test_switch_viterbi_zero_penalty_is_argmax_and_handles_empty():
    scores = numpy.array([[0.0, 1.0], [2.0, 1.0], [0.0, 3.0]])
    assert switch_viterbi(scores, 0.0).tolist() == [1, 0, 1]
    assert switch_viterbi(numpy.zeros((0, 4)), 1.0).tolist() == []


def test_penalty_fills_a_one_token_gap_and_drops_a_lone_token():
    # O P O(weak) P O ... P(weak, alone)
    logits = numpy.array([[3, 0, 0, 0], [0, 3, 0, 0], [0.5, 0, 0, 0], [0, 3, 0, 0],
                          [3, 0, 0, 0], [0, 0.4, 0, 0], [3, 0, 0, 0]], dtype=float)
    zero = numpy.zeros(4)
    assert decode_labels(logits, LABELS4, zero, 0.0).tolist() == [0, 1, 0, 1, 0, 1, 0]
    assert decode_labels(logits, LABELS4, zero, 2.0).tolist() == [0, 1, 1, 1, 0, 0, 0]


def test_offsets_shift_the_decision():
    logits = numpy.array([[1.0, 0.5, 0.0, 0.0]])
    assert decode_labels(logits, LABELS4, numpy.zeros(4)).tolist() == [0]
    assert decode_labels(logits, LABELS4, numpy.array([0.0, 0.75, 0.0, 0.0])).tolist() == [1]


def test_comparator_competes_pooled_with_intervention():
    # alone neither I nor C beats O, together they do; C is the larger of the two
    logits = numpy.array([[1.0, -5, 0.5, -5, 0.7]])
    assert decode_labels(logits, LABELS5, numpy.zeros(5)).tolist() == [4]
    assert decode_labels(logits[:, :4], LABELS4, numpy.zeros(4)).tolist() == [0]


def test_comparator_split_is_contiguous_under_a_penalty():
    # one I-or-C run whose middle token leans C only slightly
    logits = numpy.array([[-5, -5, 2.0, -5, 0.0], [-5, -5, 0.0, -5, 0.2], [-5, -5, 2.0, -5, 0.0]])
    assert decode_labels(logits, LABELS5, numpy.zeros(5), 0.0).tolist() == [2, 4, 2]
    assert decode_labels(logits, LABELS5, numpy.zeros(5), 1.0).tolist() == [2, 2, 2]


def test_bias_vector_reads_old_and_new_cfg():
    assert bias_vector(LABELS4, {"o_bias": 1.25}).tolist() == [-1.25, 0.0, 0.0, 0.0]
    assert bias_vector(LABELS5, {"o_bias": 0.0, "label_bias": {"PARTICIPANTS": 0.5, "COMPARATOR": 1.0}}
                       ).tolist() == [0.0, 0.5, 0.0, 0.0, 1.0]


def test_log_softmax_rows_sum_to_one():
    rows = numpy.exp(log_softmax(numpy.array([[1.0, 2.0, 3.0], [1000.0, 0.0, -1000.0]])))
    numpy.testing.assert_allclose(rows.sum(axis=1), 1.0)


def test_comparator_label_sets():
    doc = LabelledDoc("1", ["a", "b", "c", "d"],
                      ["INTERVENTION", "O|INTERVENTION|OUTCOME", "O|OUTCOME", "PARTICIPANTS"], "partial:P")
    assert allow_comparators(doc).tags == [
        "INTERVENTION|COMPARATOR", "O|INTERVENTION|OUTCOME|COMPARATOR", "O|OUTCOME", "PARTICIPANTS"]
    mod = LabelledDoc("m", ["a", "b"], ["COMPARATOR", "INTERVENTION|COMPARATOR"], "mod:EBM-NLPmod")
    assert fold_comparators(mod).tags == ["INTERVENTION", "INTERVENTION"]


def test_batched_decoding_matches_one_doc_at_a_time():
    rng = numpy.random.default_rng(7)
    batch = [rng.normal(size=(n, 5)) * 2 for n in (1, 9, 4, 0, 12)]
    for penalty in (0.0, 0.7):
        together = decode_batch(batch, LABELS5, numpy.zeros(5), penalty)
        for logits, path in zip(batch, together):
            assert path.tolist() == decode_labels(logits, LABELS5, numpy.zeros(5), penalty).tolist()
            assert len(path) == len(logits)
        for scores, path in zip(batch, switch_viterbi_batch(batch, penalty)):
            if len(scores) and len(scores) <= 4:
                best = max(_path_score(scores, p, penalty)
                           for p in itertools.product(range(5), repeat=len(scores)))
                assert _path_score(scores, tuple(path), penalty) == pytest.approx(best)
