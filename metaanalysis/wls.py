"""Weighted least squares and the trace identities of metafor's projection matrix.

metafor writes its estimators with P = W - W X (X'WX)^-1 X'W (a k x k matrix).
Here P is never formed: with U = W X and A = (X'WX)^-1, every trace we need
reduces to p x p products, so memory stays O(k p) and time O(k p^2).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class WLSFit:
    """Weighted least-squares fit of y on X with weights w."""

    w: np.ndarray
    X: np.ndarray
    beta: np.ndarray
    vb: np.ndarray  # (X'WX)^-1
    resid: np.ndarray

    @property
    def rss(self) -> float:
        """y'Py = sum(w * resid^2)."""
        return float(np.sum(self.w * self.resid**2))

    def tr_PD(self, d: np.ndarray | float = 1.0) -> float:
        """tr(P D) for a diagonal D (given by its diagonal)."""
        d = np.broadcast_to(np.asarray(d, dtype=float), self.w.shape)
        U = self.X * self.w[:, None]
        return float(np.sum(self.w * d) - np.sum(self.vb * (U.T @ (U * d[:, None]))))

    def tr_PDPE(self, d: np.ndarray | float = 1.0, e: np.ndarray | float = 1.0) -> float:
        """tr(P D P E) for diagonal D and E."""
        d = np.broadcast_to(np.asarray(d, dtype=float), self.w.shape)
        e = np.broadcast_to(np.asarray(e, dtype=float), self.w.shape)
        w = self.w
        U = self.X * w[:, None]
        udu = U.T @ (U * d[:, None])
        ueu = U.T @ (U * e[:, None])
        cross = U.T @ (U * (d * w * e)[:, None])
        return float(
            np.sum(w * d * w * e)
            - 2.0 * np.sum(self.vb * cross)
            + np.sum((self.vb @ udu) * (ueu @ self.vb))
        )


def wls(y: np.ndarray, w: np.ndarray, X: np.ndarray) -> WLSFit:
    """Weighted least squares with weights w (1/(v + tau2) in a meta-analysis)."""
    U = X * w[:, None]
    xtwx = X.T @ U
    vb = np.linalg.inv(xtwx)
    beta = vb @ (U.T @ y)
    return WLSFit(w=w, X=X, beta=beta, vb=vb, resid=y - X @ beta)
