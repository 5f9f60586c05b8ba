"""What distribution engineers and load researchers check in household load, for homes of appliances.

``simulate_year`` plans a sample of calibrated homes over days of the site's typical year (the same
day plans a run uses, without the grid); the functions below summarise the result:

- ``annual_kwh``: each home's energy over the days, scaled to a year [kWh/year];
- ``peak_kw``: each home's highest interval [kW] (single homes reach several kW; BDEW H25 scaled
  to 3,000 kWh peaks near 0.7 kW);
- ``diversity_curve``: after-diversity maximum demand per home of groups of N homes and the
  coincidence factor (group peak over the sum of the homes' own peaks), as in a utility's ADMD
  tables: it falls as N grows;
- ``temperature_correlation``: Pearson's r of the aggregate's daily energy with the daily mean
  temperature over the days given (summer: positive, cooling; winter: negative, heating);
- ``shape_against_bdew``: the mean day of the aggregate against BDEW H25's for the same days, both
  normalised to their mean (Pearson's r and the largest difference).
"""
from __future__ import annotations

import datetime as dt

import numpy as np


def simulate_year(homes, homes_cfg, weather, intensity: float, days, interval_min: int = 15, seed: int = 0,
                  year: int = 2025) -> tuple[np.ndarray, np.ndarray]:
    """Total load (n, len(days) * intervals) [kW] of ``homes`` over ``days`` (day-of-year indices,
    consecutive runs planned in order), and the daily mean outdoor temperature [degC]."""
    from enernet.scenarios.world.homes import home_spec
    from enernet.scenarios.world.weather import hourly_to_intervals
    from enernet.sim.home_energy import DayPlan

    plan = DayPlan(home_spec(homes, homes_cfg, intensity), interval_min, (seed, 11))
    steps = 24 * 60 // interval_min
    out = np.empty((homes.n, len(days) * steps))
    daily_c = np.empty(len(days))
    first = np.datetime64(f"{year}-01-01T00:00")
    for k, day in enumerate(days):  # planned day by day, in order, as a run does
        starts = first + np.timedelta64(int(day) * 24 * 60, "m") + np.arange(steps) * np.timedelta64(interval_min, "m")
        ambient = hourly_to_intervals(weather.temp_air_c, starts, interval_min)
        ghi = hourly_to_intervals(weather.ghi_w_m2, starts, interval_min)
        weekday = (dt.date(year, 1, 1) + dt.timedelta(days=int(day))).weekday()
        out[:, k * steps:(k + 1) * steps] = plan.plan(int(day), weekday >= 5, ambient, ghi).sum(axis=0)
        daily_c[k] = ambient.mean()
    return out, daily_c


def annual_kwh(load_kw: np.ndarray, interval_min: int) -> np.ndarray:
    days = load_kw.shape[1] * interval_min / (24 * 60)
    return load_kw.sum(axis=1) * interval_min / 60.0 * 365.0 / days


def peak_kw(load_kw: np.ndarray) -> np.ndarray:
    return load_kw.max(axis=1)


def diversity_curve(load_kw: np.ndarray, sizes=(1, 2, 5, 10, 20, 50, 100, 200, 500), seed: int = 0) -> list[dict]:
    """ADMD per home [kW] and coincidence factor for groups of each size (random groups, averaged)."""
    rng = np.random.default_rng(seed)
    n = load_kw.shape[0]
    own_peaks = load_kw.max(axis=1)
    rows = []
    for size in (s for s in sizes if s <= n):
        groups = max(1, min(20, n // size))
        admd, factor = [], []
        for _ in range(groups):  # a few random groups of this size
            members = rng.choice(n, size=size, replace=False)
            group_peak = load_kw[members].sum(axis=0).max()
            admd.append(group_peak / size)
            factor.append(group_peak / own_peaks[members].sum())
        rows.append({"homes": size, "admd_kw": float(np.mean(admd)), "coincidence_factor": float(np.mean(factor))})
    return rows


def temperature_correlation(load_kw: np.ndarray, daily_c: np.ndarray, interval_min: int) -> float:
    steps = 24 * 60 // interval_min
    daily_kwh = load_kw.sum(axis=0).reshape(-1, steps).sum(axis=1) * interval_min / 60.0
    return float(np.corrcoef(daily_kwh, daily_c)[0, 1])


def shape_against_bdew(load_kw: np.ndarray, days, interval_min: int, year: int = 2025) -> dict:
    """The aggregate's mean day against BDEW H25's over the same days (15-minute intervals)."""
    from enernet.scenarios.world.load_profiles import bdew_h25_kw_per_annual_kwh

    steps = 24 * 60 // interval_min
    ours = load_kw.sum(axis=0).reshape(-1, steps).mean(axis=0)
    h25 = np.concatenate([bdew_h25_kw_per_annual_kwh(dt.date(year, 1, 1) + dt.timedelta(days=int(d)), 1)
                          for d in days]).reshape(-1, 96).mean(axis=0)
    if steps != 96:
        raise ValueError(f"interval_min = {interval_min} is not allowed here: compare at 15 minutes")
    a, b = ours / ours.mean(), h25 / h25.mean()
    return {"r": float(np.corrcoef(a, b)[0, 1]), "max_abs_difference": float(np.abs(a - b).max()),
            "evening_peak_hour": float(np.argmax(a) * interval_min / 60), "bdew_peak_hour": float(np.argmax(b) * 0.25)}
