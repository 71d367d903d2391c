"""The shared logistic score (no spaCy)."""
import math

from stemfoot.extract.logistic import sparse_logistic


def test_sparse_logistic_sums_the_features_present_and_stays_finite():
    w = {"a": 2.0, "b": -1.0}
    assert sparse_logistic(w, 0.5, {"a": 1.0, "c": 3.0}) == 1.0 / (1.0 + math.exp(-2.5))
    assert sparse_logistic(w, 0.0, {}) == 0.5
    # A huge negative score would overflow exp(); it is clipped instead.
    assert 0.0 < sparse_logistic(w, 0.0, {"b": 1e6}) < 1e-15
