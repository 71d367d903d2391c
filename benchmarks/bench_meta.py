"""Speed of the meta-analysis engine (figures go to docs/metaanalysis.md).

1. A batch of 1,000 simulated meta-analyses (k drawn from 10..50): every
   estimator (DL, REML, ML, PM, HE, SJ, HS, EB, FE), leave-one-out (REML) and
   the Q-profile CI (REML), timed per component.
2. REML at k = 10,000: wall time (best of 3) and peak traced memory, with
   PyMARE's REML alone for comparison.

Run: PYTHONPATH=<pp-dir> python benchmarks/bench_meta.py [--n 1000] [--big-k 10000]
"""
from __future__ import annotations

import argparse
import time
import tracemalloc
from collections import defaultdict

import numpy as np

from pymare.estimators import VarianceBasedLikelihoodEstimator

from stemfoot.metaanalysis import leave1out, rma_uni

ESTIMATORS = ("DL", "REML", "ML", "PM", "HE", "SJ", "HS", "EB", "FE")


def simulate(rng: np.random.Generator, k: int) -> tuple[np.ndarray, np.ndarray]:
    vi = rng.uniform(0.01, 0.3, k)
    tau2 = rng.choice([0.0, 0.02, 0.1, 0.4])
    return rng.normal(-0.3, np.sqrt(vi + tau2)), vi


def batch(n: int, seed: int = 1) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    data = [simulate(rng, int(rng.integers(10, 51))) for _ in range(n)]
    times: dict[str, float] = defaultdict(float)
    for yi, vi in data:
        for m in ESTIMATORS:
            t0 = time.perf_counter()
            res = rma_uni(yi, vi, method=m)
            times[m] += time.perf_counter() - t0
            if m == "REML":
                reml = res
        t0 = time.perf_counter()
        leave1out(reml)
        times["leave-one-out (REML)"] += time.perf_counter() - t0
        t0 = time.perf_counter()
        reml.confint()
        times["Q-profile CI"] += time.perf_counter() - t0
    times["total"] = sum(times.values())
    return dict(times)


def pymare_reml(yi: np.ndarray, vi: np.ndarray) -> float:
    """PyMARE's REML alone (our starting value), for comparison."""
    est = VarianceBasedLikelihoodEstimator("REML", small_sample_correction="wald")
    t0 = time.perf_counter()
    est.fit(yi[:, None], vi[:, None], np.ones((len(yi), 1)))
    return time.perf_counter() - t0


def big_reml(k: int, seed: int = 2) -> tuple[float, float, float, float]:
    yi, vi = simulate(np.random.default_rng(seed), k)
    rma_uni(yi[:100], vi[:100])  # warm-up (imports, caches)
    t_pymare = min(pymare_reml(yi, vi) for _ in range(3))
    elapsed = float("inf")
    for _ in range(3):  # best of 3: the box is shared
        t0 = time.perf_counter()
        res = rma_uni(yi, vi, method="REML")
        elapsed = min(elapsed, time.perf_counter() - t0)
    tracemalloc.start()  # separate run: tracing slows allocation down
    rma_uni(yi, vi, method="REML")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return elapsed, peak / 2**20, res.tau2, t_pymare


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000, help="meta-analyses in the batch")
    ap.add_argument("--big-k", type=int, default=10_000, help="k for the single large REML fit")
    args = ap.parse_args()
    times = batch(args.n)
    print(f"batch of {args.n} meta-analyses, k = 10..50:")
    for name, t in times.items():
        print(f"  {name:<22} {t:8.2f} s  ({1e3 * t / args.n:7.2f} ms per meta-analysis)")
    elapsed, peak_mib, tau2, t_pymare = big_reml(args.big_k)
    print(f"REML, k = {args.big_k}: {1e3 * elapsed:.1f} ms, peak traced memory {peak_mib:.1f} MiB "
          f"(tau2 = {tau2:.4f}); PyMARE's REML alone: {1e3 * t_pymare:.1f} ms")


if __name__ == "__main__":
    main()
