"""The logistic score the shipped models share (export gate, arm model, group-size chooser): named sparse
features against named weights. Pure Python, so a model ships as JSON and runs without scikit-learn."""
from __future__ import annotations

import math

#: |z| beyond this gives P of 0 or 1 to double precision anyway; clipping keeps exp() from overflowing.
_CLIP = 40.0


def sparse_logistic(weights: dict[str, float], intercept: float, feats: dict[str, float]) -> float:
    """P = 1 / (1 + e^-z), z = intercept + sum of weight x value over the features present."""
    z = intercept + sum(weights.get(k, 0.0) * v for k, v in feats.items())
    return 1.0 / (1.0 + math.exp(-max(min(z, _CLIP), -_CLIP)))


class LogisticModel:
    """A logistic regression over named features and the threshold its decision uses, from a JSON spec
    (``features``, ``coef``, ``intercept``, ``threshold``)."""

    def __init__(self, spec: dict) -> None:
        self.spec = spec
        self.coef: dict[str, float] = dict(zip(spec["features"], spec["coef"]))
        self.intercept: float = spec["intercept"]
        self.threshold: float = spec["threshold"]

    def predict(self, feats: dict[str, float]) -> float:
        """P of one item's features."""
        return sparse_logistic(self.coef, self.intercept, feats)
