"""tau^2 by the likelihood's highest maximum (the default), its moment estimators, and no PyMARE import."""
import subprocess
import sys
import warnings

import numpy as np
import pytest

from stemfoot.metaanalysis.likelihood import log_likelihood
from stemfoot.metaanalysis.model import rma_uni
from stemfoot.metaanalysis.sensitivity import leave1out
from stemfoot.metaanalysis.tau2 import estimate_tau2
from stemfoot.metaanalysis.wls import wls

# A simulated meta-analysis whose ML likelihood has two local maxima: tau^2 = 0 and tau^2 ~ 1.563.
Y = np.array([-0.8388, -3.7341, -0.4871, 0.0775, -3.2013, 5.1614, 0.4318, 1.2672, -1.2106, -4.7785, -4.7536])
V = np.array([2.7293, 7.0412, 4.1355, 0.0743, 9.7758, 9.0249, 7.9065, 3.5232, 7.2624, 7.1968, 2.6791])
X = np.ones((len(Y), 1))


def _loglik(t: float, reml: bool = False) -> float:
    return log_likelihood(wls(Y, 1.0 / (V + t), X), V, t, reml)


def test_default_takes_the_highest_of_two_maxima():
    scan = estimate_tau2(Y, V, X, "ML").tau2
    # A search from one start stays at the nearer maximum: here the boundary, 0.42 log-likelihood lower.
    assert estimate_tau2(Y, V, X, "ML", start="pymare").tau2 == 0.0
    hedges = max(0.0, estimate_tau2(Y, V, X, "HE").tau2)
    assert estimate_tau2(Y, V, X, "ML", start=hedges).tau2 == 0.0
    assert _loglik(scan) > _loglik(0.0) + 0.4
    # metafor's own Fisher scoring (from the Hedges estimate) reaches the same maximum here.
    fisher = estimate_tau2(Y, V, X, "ML", start="HE", threshold=1e-10).tau2
    assert scan == pytest.approx(fisher, abs=1e-8)
    assert scan == pytest.approx(1.5633115, abs=1e-6)


def test_leave_one_out_rows_are_fits_of_the_subsets():
    res = rma_uni(Y, V, method="ML")
    table = leave1out(res)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for i in range(len(Y)):
            keep = np.arange(len(Y)) != i
            assert table["tau2"].iloc[i] == pytest.approx(rma_uni(Y[keep], V[keep], method="ML").tau2, abs=1e-9)


@pytest.mark.parametrize("method", ["DL", "HE"])
def test_moment_estimators_match_pymare(method):
    from pymare.estimators import DerSimonianLaird, Hedges

    estimator = {"DL": DerSimonianLaird, "HE": Hedges}[method](small_sample_correction="wald")
    Xm = np.column_stack([np.ones(len(Y)), np.arange(len(Y), dtype=float)])
    for design in (X, Xm):
        estimator.fit(Y[:, None], V[:, None], design)
        expected = float(np.ravel(estimator.params_["tau2"])[0])
        assert estimate_tau2(Y, V, design, method).tau2 == pytest.approx(expected, rel=1e-12, abs=1e-14)


def test_default_pooling_does_not_import_pymare():
    code = ("import sys, numpy as np; from stemfoot.metaanalysis.model import rma_uni; "
            "rma_uni(np.array([0.1, 0.5, -0.2, 0.9]), np.array([0.04, 0.09, 0.05, 0.2]), method='REML'); "
            "print('pymare' in sys.modules, 'scipy.stats' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False False"
