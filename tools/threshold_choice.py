"""A steady choice of a learned stage's threshold(s) from per-set held-out scores, shared by the trainers.

A trainer scores every grid point (a threshold, or a tuple of thresholds) on each held-out gold set
(leave-one-set-out). The pooled argmax of such a grid is noise where the grid is flat: the arm-size threshold
moved in 43 of 66 retrains and the arm model's triple in 48 of 72, on leads of a point or two of
~1,000. ``choose`` keeps a default grid point (each trainer argues its own) unless a bootstrap over the held-out
sets shows a better one, and moves only as far as that evidence goes.
"""
from __future__ import annotations

import random
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TypeVar

import numpy as np

K = TypeVar("K", bound=Hashable)

#: Bootstrap draws of the held-out sets, and the share of draws a grid point must beat the kept one in (one-sided
#: 95%) to replace it.
DRAWS = 2000
BEAT_SHARE = 0.95
SEED = 13


def draw_counts(n_sets: int, draws: int = DRAWS, seed: int = SEED) -> np.ndarray:
    """(draws x n_sets) how many times each set is drawn in each bootstrap draw (seeded: the same choice on the
    same scores)."""
    rng = random.Random(seed)
    counts = np.zeros((draws, n_sets), dtype=np.int64)
    for d in range(draws):
        for _ in range(n_sets):
            counts[d, rng.randrange(n_sets)] += 1
    return counts


def beat_shares(per_set: Mapping[K, Sequence[float]], base: K, counts: np.ndarray) -> dict[K, float]:
    """Per grid point, the share of bootstrap draws (``counts``) in which its summed score is above ``base``'s."""
    ref = np.asarray(per_set[base], dtype=float)
    return {k: float(np.mean(counts @ (np.asarray(v, dtype=float) - ref) > 0)) for k, v in per_set.items()}


def choose(per_set: Mapping[K, Sequence[float]], default: K, distance: Callable[[K, K], float],
           prefer: Callable[[K], tuple] = lambda k: (), draws: int = DRAWS, share: float = BEAT_SHARE,
           seed: int = SEED) -> tuple[K, dict[K, float]]:
    """The grid point to ship, from per-set held-out scores (grid point -> one score a set, the sets in the same
    order; higher is better), and per grid point the share of draws in which it beats ``default``.

    Starting at ``default``, step to a grid point that beats the current one in at least ``share`` of the draws,
    the nearest one (``distance``; then the surest, the best-scoring, ``prefer``'s highest), until none does. On a
    flat top the walk stops at its edge nearest the default, where the pooled argmax hopped across it on a point or
    two; a point better in nearly every set is still reached, and one better by a lot in one set is not."""
    counts = draw_counts(len(next(iter(per_set.values()))), draws, seed)
    first = beat_shares(per_set, default, counts)
    here, shares, seen = default, first, {default}
    while True:
        better = [k for k in per_set if k not in seen and shares[k] >= share]
        if not better:
            return here, first
        here = max(better, key=lambda k: (-distance(here, k), shares[k], sum(per_set[k]), prefer(k)))
        seen.add(here)
        shares = beat_shares(per_set, here, counts)
