"""Derived values, checked against the Cochrane Handbook (6.5.2.2) formulas and t-table values."""
from __future__ import annotations

import math

import pytest

from stemfoot.extract.derive import ci_divisor, events_from_percent, sd_from_ci, sd_from_se


def test_sd_from_se_handbook():
    # Handbook 6.5.2.2: SD = SE × √N; SE 2.3 with N = 25 gives SD 11.5.
    sd, formula = sd_from_se(2.3, 25)
    assert sd == pytest.approx(11.5) and "√25" in formula


def test_ci_divisor_large_and_small_samples():
    assert ci_divisor(60) == 3.92 and ci_divisor(1000) == 3.92
    # t(0.975, 24) = 2.0639 (t tables), so the divisor for n = 25 is 4.128 (Handbook's example size).
    assert ci_divisor(25) == pytest.approx(2 * 2.0639, abs=1e-3)
    # t(0.975, 9) = 2.2622.
    assert ci_divisor(10) == pytest.approx(2 * 2.2622, abs=1e-3)


def test_sd_from_ci():
    # Large group: SD = √n × width / 3.92.
    sd, _ = sd_from_ci(10.0, 14.0, 100)
    assert sd == pytest.approx(10 * 4 / 3.92)
    # Small group (n = 25): width / 4.128 × 5.
    sd, formula = sd_from_ci(1.0, 2.0, 25)
    assert sd == pytest.approx(5 / 4.1278, rel=1e-4) and "4.128" in formula
    assert sd_from_ci(2.0, 1.0, 25) is None and sd_from_ci(1.0, 2.0, 1) is None


def test_events_from_percent():
    assert events_from_percent(43.3, 30)[:2] == (13, "round(43.3% × 30)")
    assert events_from_percent(43.3, 30)[2] == []
    # 35% of 7 is 2.45: no whole count of 7 rounds to 35%.
    assert events_from_percent(35, 7)[2] == ["percent_not_whole"]
    assert events_from_percent(22, 125) == (28, "round(22% × 125)", [])
    assert events_from_percent(101, 10) is None and events_from_percent(50, 0) is None
    assert math.isclose(events_from_percent(0.0, 40)[0], 0)
