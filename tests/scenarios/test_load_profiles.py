"""BDEW H25 household profile: against demandlib's own implementation and BDEW's definitions."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from enernet.scenarios.world.load_profiles import bdew_h25_kw_per_annual_kwh, profile_at_interval


def bdew_dynamisation_factor(day_of_year):
    """demandlib's dynamisation function on days of the year (what its H25 multiplies by)."""
    import pandas as pd
    from demandlib.bdew import H25

    days = np.atleast_1d(day_of_year)
    index = pd.DatetimeIndex([pd.Timestamp(2025, 1, 1) + pd.Timedelta(days=int(d) - 1) for d in days])
    return H25.dynamisation_function(index).to_numpy()


def test_h25_reads_bdews_typical_days_times_the_dynamisation():
    """Independent of demandlib's code: BDEW's table (h25.csv in demandlib's data) for a January
    weekday at 18:00-18:15, times F(day 8), over the year's total, is the profile's value."""
    import importlib.util
    from pathlib import Path

    import pandas as pd

    spec = importlib.util.find_spec("demandlib")
    table = pd.read_csv(Path(list(spec.submodule_search_locations)[0]) / "bdew" / "bdew_data" / "h25.csv",
                        header=[0, 1], index_col=0)
    year = bdew_h25_kw_per_annual_kwh(dt.date(2025, 1, 1), 365)
    january_weekday_kwh = table[("Januar", "WT")].to_numpy(dtype=float)  # 8 January 2025 is a Wednesday
    ratio = year[7 * 96 + 72] / (january_weekday_kwh[72] * bdew_dynamisation_factor(8)[0])
    tuesday = year[6 * 96:7 * 96] / (january_weekday_kwh * bdew_dynamisation_factor(7)[0])
    np.testing.assert_allclose(tuesday, ratio, rtol=1e-12)  # one scale for every quarter of a weekday


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
    assert bdew_dynamisation_factor(1)[0] == pytest.approx(1.24 + 2.1e-3 - 7.02e-5 + 3.2e-7 - 3.92e-10, rel=1e-12)
    t = 182.0
    assert bdew_dynamisation_factor(182)[0] == pytest.approx(-3.92e-10 * t**4 + 3.2e-7 * t**3 - 7.02e-5 * t**2
                                                             + 2.1e-3 * t + 1.24, rel=1e-12)
    assert bdew_dynamisation_factor(182)[0] < bdew_dynamisation_factor(1)[0]  # summer below winter


def test_resampling_keeps_energy():
    profile = bdew_h25_kw_per_annual_kwh(dt.date(2025, 3, 1), 2)
    for minutes in (5, 15, 30, 60):
        resampled = profile_at_interval(profile, minutes)
        assert resampled.sum() * minutes / 60 == pytest.approx(profile.sum() * 0.25, rel=1e-12)
    with pytest.raises(ValueError, match="interval_min"):
        profile_at_interval(profile, 20)
