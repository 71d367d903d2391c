"""The vectorised leave-one-out (all subsets at once) equals one-at-a-time refits."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from stemfoot.metaanalysis import leave1out, rma_uni
from stemfoot.metaanalysis.leave_one_out import VECTORISED_METHODS, leave_one_out

REF = json.loads((Path(__file__).parent.parent / "data" / "metafor_reference.json").read_text())
DATASETS = [("bcg", "RR"), ("bcg", "RD"), ("normand1999", "SMD")]


@pytest.mark.parametrize("dataset, measure", DATASETS)
@pytest.mark.parametrize("method", VECTORISED_METHODS)
@pytest.mark.parametrize("test", ["z", "knha"])
def test_vectorised_leave1out_matches_refits(dataset, measure, method, test):
    esc = REF[dataset][measure]["escalc"]
    res = rma_uni(esc["yi"], esc["vi"], method=method, test=test)
    fast, slow = leave1out(res), leave1out(res, vectorised=False)
    # Closed forms agree to rounding. REML/ML/EB: both paths stop at |d tau2| <= 1e-12
    # (absolute), which on the small tau2 of RD (1.5e-3) is ~1e-9 relative.
    rtol = 1e-7 if method in ("REML", "ML", "EB") else 1e-10
    np.testing.assert_allclose(fast.to_numpy(), slow.to_numpy(), rtol=rtol, atol=1e-13)
    assert list(fast.index) == res.labels


def test_blocks_cover_every_subset(monkeypatch):
    import stemfoot.metaanalysis.leave_one_out as batch

    monkeypatch.setattr(batch, "_BLOCK_CELLS", 30)  # k = 13 -> blocks of 2 subsets
    esc = REF["bcg"]["RR"]["escalc"]
    y, v = np.array(esc["yi"]), np.array(esc["vi"])
    cols = leave_one_out(y, v, "DL")
    for i in (0, 7, 12):
        keep = np.arange(13) != i
        assert cols["estimate"][i] == pytest.approx(rma_uni(y[keep], v[keep], method="DL").estimate, rel=1e-12)
