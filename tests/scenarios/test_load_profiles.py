"""BDEW H25 household profile: against demandlib's own implementation and BDEW's definitions."""
from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
import pytest

from scenarios.load_profiles import bdew_dynamisation_factor, bdew_h25_kw_per_annual_kwh, profile_at_interval


def test_h25_equals_demandlib_h25_shape_for_a_whole_year():
    """Oracle: demandlib 0.2.2's H25 class (its 2025-profile code works on pandas 3), normalised."""
    import pandas as pd
    from demandlib.bdew._profiles25 import H25

    index = pd.date_range("2025-01-01", "2026-01-01", freq="15min", inclusive="left")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = H25(index).to_numpy()
    ours = bdew_h25_kw_per_annual_kwh(dt.date(2025, 1, 1), 365)
    np.testing.assert_allclose(ours, theirs / (theirs.sum() / 4), rtol=1e-12)


def test_a_calendar_year_integrates_to_one_kwh_per_annual_kwh():
    for year, days in ((2025, 365), (2024, 366)):
        profile = bdew_h25_kw_per_annual_kwh(dt.date(year, 1, 1), days)
        assert profile.sum() * 0.25 == pytest.approx(1.0, rel=1e-12)


def test_3000_kwh_household_peaks_below_one_kw_and_evening_exceeds_night():
    """FIELD-NOTES: H0 at 3,000 kWh/year peaks at about 0.64 kW; H25 is of the same order."""
    week = bdew_h25_kw_per_annual_kwh(dt.date(2025, 1, 6), 7) * 3000
    assert 0.5 < week.max() < 1.0
    monday = week[:96]
    assert monday[19 * 4] > 2 * monday[3 * 4]  # 19:00 vs 03:00


def test_dynamisation_factor_reference_values():
    """BDEW: F(t) = -3.92e-10 t^4 + 3.2e-7 t^3 - 7.02e-5 t^2 + 2.1e-3 t + 1.24, hand-evaluated."""
    assert bdew_dynamisation_factor(1) == pytest.approx(1.24 + 2.1e-3 - 7.02e-5 + 3.2e-7 - 3.92e-10, rel=1e-12)
    t = 182.0
    assert bdew_dynamisation_factor(t) == pytest.approx(-3.92e-10 * t**4 + 3.2e-7 * t**3 - 7.02e-5 * t**2
                                                        + 2.1e-3 * t + 1.24, rel=1e-12)
    assert bdew_dynamisation_factor(182) < bdew_dynamisation_factor(1)  # summer below winter


def test_resampling_keeps_energy():
    profile = bdew_h25_kw_per_annual_kwh(dt.date(2025, 3, 1), 2)
    for minutes in (5, 15, 30, 60):
        resampled = profile_at_interval(profile, minutes)
        assert resampled.sum() * minutes / 60 == pytest.approx(profile.sum() * 0.25, rel=1e-12)
    with pytest.raises(ValueError, match="interval_min"):
        profile_at_interval(profile, 20)
