"""Standard household load profiles.

``bdew_h25``: the BDEW 2025 household profile H25 (typical days per month for weekdays, Saturdays
and Sundays, 15-minute values) with BDEW's fourth-order dynamisation factor over the day of the
year, as ``demandlib.bdew.H25`` computes it (demandlib 0.2.2, MIT; its 2025-profile code works on
pandas 3, only its older ``ElecSlp`` does not). Public holidays are not modelled (they would be
Sundays in H25). Source: BDEW, "Standardlastprofile Strom" (2025 revision).
"""
from __future__ import annotations

import datetime as dt
import functools
import warnings

import numpy as np

from enernet.configs.constants import MINUTES_PER_DAY, PROFILE_STEP_MIN
from enernet.configs.names import LOAD_PROFILES as LOAD_PROFILE_NAMES
from enernet.configs.names import registry

STEPS_PER_DAY = MINUTES_PER_DAY // PROFILE_STEP_MIN  # 96 quarter-hours


@functools.lru_cache(maxsize=4)
def _h25_year_kw_per_annual_kwh(year: int) -> np.ndarray:
    """H25 over calendar ``year`` at 15 minutes, scaled so the year integrates to 1 kWh [kW per kWh/year]."""
    import pandas as pd
    from demandlib.bdew import H25

    index = pd.date_range(f"{year}-01-01", f"{year + 1}-01-01", freq="15min", inclusive="left")
    with warnings.catch_warnings():  # demandlib's in-place pandas calls warn under pandas 3
        warnings.simplefilter("ignore")
        kw = H25(index).to_numpy(dtype=np.float64)
    return kw / (kw.sum() * 0.25)


def bdew_h25_kw_per_annual_kwh(first_day: dt.date, n_days: int) -> np.ndarray:
    """H25 household load for ``n_days`` from ``first_day`` at 15 minutes [kW per kWh/year].

    Each calendar year integrates to exactly 1 kWh; multiply by a household's annual consumption
    [kWh/year] to get its load [kW].
    """
    out = []
    day, left = first_day, n_days
    while left > 0:
        year = _h25_year_kw_per_annual_kwh(day.year)
        offset = (day - dt.date(day.year, 1, 1)).days
        take = min(left, year.size // STEPS_PER_DAY - offset)
        out.append(year[offset * STEPS_PER_DAY:(offset + take) * STEPS_PER_DAY])
        day += dt.timedelta(days=take)
        left -= take
    return np.concatenate(out) if out else np.zeros(0)


LOAD_PROFILES = registry(LOAD_PROFILE_NAMES, {"bdew_h25": bdew_h25_kw_per_annual_kwh})


def profile_at_interval(profile_15min_kw: np.ndarray, interval_min: int) -> np.ndarray:
    """Resample a 15-minute profile to ``interval_min``: mean over quarters, or repeat within one."""
    if interval_min % PROFILE_STEP_MIN == 0:
        k = interval_min // PROFILE_STEP_MIN
        usable = profile_15min_kw.size - profile_15min_kw.size % k
        return profile_15min_kw[:usable].reshape(-1, k).mean(axis=1)
    if PROFILE_STEP_MIN % interval_min == 0:
        return np.repeat(profile_15min_kw, PROFILE_STEP_MIN // interval_min)
    raise ValueError(
        f"scenario.interval_min = {interval_min} cannot resample the 15-minute profile: use a multiple or a divisor of 15"
    )
