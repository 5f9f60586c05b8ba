"""Standard household load profiles.

``bdew_h25``: the BDEW 2025 household profile H25 (typical days per month for weekdays, Saturdays
and Sundays, 15-minute values) with BDEW's fourth-order dynamisation factor over the day of the
year. The data file ships in the ``demandlib`` wheel (MIT); demandlib's code is not used because it
fails on pandas 3. Public holidays are not modelled (they would be Sundays in H25).
Source: BDEW, "Standardlastprofile Strom" (2025 revision); demandlib 0.2.2, bdew_data/h25.csv.
"""
from __future__ import annotations

import datetime as dt
import functools
import importlib.util
from pathlib import Path

import numpy as np

QUARTERS_PER_DAY = 96
DAY_TYPES = ("WT", "SA", "FT")  # weekday, Saturday, Sunday/holiday


def _demandlib_bdew_dir() -> Path:
    spec = importlib.util.find_spec("demandlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("demandlib is not installed: its wheel ships the BDEW profiles enernet uses")
    return Path(list(spec.submodule_search_locations)[0]) / "bdew" / "bdew_data"


@functools.lru_cache(maxsize=1)
def h25_typical_days() -> np.ndarray:
    """H25 typical days as ``[month 0-11, day type (WT, SA, FT), quarter 0-95]`` [kWh per quarter-hour].

    BDEW normalises H25 to 1,000,000 kWh/year before dynamisation.
    """
    import pandas as pd

    table = pd.read_csv(_demandlib_bdew_dir() / "h25.csv", header=[0, 1], index_col=0)
    if table.shape != (QUARTERS_PER_DAY, 36):
        raise ValueError(f"h25.csv has shape {table.shape}, expected (96, 36)")
    out = np.empty((12, 3, QUARTERS_PER_DAY))
    months = list(dict.fromkeys(table.columns.get_level_values(0)))
    for m, month in enumerate(months):
        for d, day_type in enumerate(DAY_TYPES):
            out[m, d] = table[(month, day_type)].to_numpy(dtype=np.float64)
    return out


def bdew_dynamisation_factor(day_of_year: np.ndarray) -> np.ndarray:
    """BDEW's dynamisation polynomial F(t), t = day of the year (1-366) [-]."""
    t = np.asarray(day_of_year, dtype=np.float64)
    return -3.92e-10 * t**4 + 3.2e-7 * t**3 - 7.02e-5 * t**2 + 2.1e-3 * t + 1.24


def _h25_days_kwh(dates: list[dt.date]) -> np.ndarray:
    """Dynamised H25 values for each date, shape (len(dates), 96) [kWh per quarter, 1e6 kWh/yr basis]."""
    typical = h25_typical_days()
    months = np.array([d.month - 1 for d in dates])
    day_types = np.array([0 if d.weekday() < 5 else (1 if d.weekday() == 5 else 2) for d in dates])
    factors = bdew_dynamisation_factor(np.array([d.timetuple().tm_yday for d in dates]))
    return typical[months, day_types] * factors[:, None]


def bdew_h25_kw_per_annual_kwh(first_day: dt.date, n_days: int) -> np.ndarray:
    """H25 household load for ``n_days`` from ``first_day`` at 15 minutes [kW per kWh/year].

    Scaled so that a whole calendar year of ``first_day``'s year integrates to exactly 1 kWh; multiply
    by a household's annual consumption [kWh/year] to get its load [kW].
    """
    year_start = dt.date(first_day.year, 1, 1)
    year_days = [year_start + dt.timedelta(days=i) for i in range((dt.date(first_day.year + 1, 1, 1) - year_start).days)]
    annual_kwh = _h25_days_kwh(year_days).sum()
    days = [first_day + dt.timedelta(days=i) for i in range(n_days)]
    quarter_kwh = _h25_days_kwh(days).ravel() / annual_kwh
    return quarter_kwh * 4.0  # kWh per quarter-hour -> kW


LOAD_PROFILES = {"bdew_h25": bdew_h25_kw_per_annual_kwh}


def profile_at_interval(profile_15min_kw: np.ndarray, interval_min: int) -> np.ndarray:
    """Resample a 15-minute profile to ``interval_min``: mean over quarters, or repeat within one."""
    if interval_min % 15 == 0:
        k = interval_min // 15
        usable = profile_15min_kw.size - profile_15min_kw.size % k
        return profile_15min_kw[:usable].reshape(-1, k).mean(axis=1)
    if 15 % interval_min == 0:
        return np.repeat(profile_15min_kw, 15 // interval_min)
    raise ValueError(
        f"scenario.interval_min = {interval_min} cannot resample the 15-minute profile: use a multiple or a divisor of 15"
    )
