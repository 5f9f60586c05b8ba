"""Which days are critical-peak days: the retailer's rule, from the day-ahead weather forecast.

Critical-peak programmes call their days day-ahead on the forecast of extreme weather, up to a
number of days a year (California's SPP CPP-F rate: 12-15 days a year on hot days; PG&E's
SmartDays likewise on forecast temperatures). With the default 4 days a season, a typical year
has 16 (Greensboro: 7 and 10 January, 4-5 February, 15 and 17 April, 26-27 June, 9, 10 and 14
July, 8 August, 22, 23, 25 and 26 December). The rule here:

- a day's severity is its degree-days from a balance temperature,
  ``|mean outdoor temperature - cpp_balance_temperature_c|`` [K day] (heating or cooling alike);
- each season (calendar quarter) has a threshold: the ``max_cpp_days_per_season``-th largest
  severity among the weekdays of that quarter in the site's typical (climate) year, laid on the
  calendar of the simulated year, so a whole typical year calls exactly that many days a season;
- at the planning hour the retailer makes tomorrow a critical-peak day when tomorrow is a weekday,
  its forecast severity is at least its season's threshold, and the season has not used up its days.

The forecast is the typical year's own temperature (a perfect day-ahead forecast). The rule reads
no load: the same days are called whether or not customers respond, so a run and its counterfactual
without price response face the same prices.
"""
from __future__ import annotations

import datetime as dt

import numpy as np

from enernet.configs.constants import HOURS_PER_DAY, is_weekend
from enernet.sim.clock import QUARTERS_PER_YEAR, season_of


def daily_severity(hourly_temp_c: np.ndarray, balance_c: float) -> np.ndarray:
    """Degree-days of each day of a typical year from its hourly temperatures [K day], (365,)."""
    days = np.asarray(hourly_temp_c, dtype=np.float64).reshape(-1, HOURS_PER_DAY).mean(axis=1)
    return np.abs(days - balance_c)


def season_thresholds(severity: np.ndarray, year: int, max_days_per_season: int) -> dict[tuple[int, int], float]:
    """Threshold severity of each quarter of calendar ``year``: its ``max_days_per_season``-th largest
    weekday severity (``severity`` indexed by day of the typical year, 365 days; 29 February takes
    28 February's). ``inf`` when the season allows no day."""
    out = {}
    start = dt.date(year, 1, 1)
    n_days = (dt.date(year + 1, 1, 1) - start).days
    for quarter in range(QUARTERS_PER_YEAR):
        values = []
        for offset in range(n_days):
            date = start + dt.timedelta(days=offset)
            if season_of(date)[1] != quarter or is_weekend(date):
                continue
            typical = offset - 1 if n_days == 366 and offset >= 59 else offset
            values.append(severity[min(typical, severity.size - 1)])
        ranked = np.sort(np.asarray(values))[::-1]
        k = int(max_days_per_season)
        out[(year, quarter)] = float(ranked[k - 1]) if 0 < k <= ranked.size else (float("-inf") if k > ranked.size
                                                                                 else float("inf"))
    return out


class CriticalPeakRule:
    """The retailer's day-ahead rule (see the module docstring).

    hourly_temp_c : (8760,) the site's typical-year temperatures [degC]; balance_c : [degC];
    max_days_per_season : days a quarter at most.
    """

    def __init__(self, hourly_temp_c: np.ndarray, balance_c: float, max_days_per_season: int):
        self.severity = daily_severity(hourly_temp_c, balance_c)
        self.max_days = int(max_days_per_season)
        self._thresholds: dict[tuple[int, int], float] = {}

    def threshold(self, date: dt.date) -> float:
        season = season_of(date)
        if season not in self._thresholds:
            self._thresholds.update(season_thresholds(self.severity, date.year, self.max_days))
        return self._thresholds[season]

    def severity_on(self, date: dt.date) -> float:
        offset = date.timetuple().tm_yday - 1
        leap = date.year % 4 == 0 and (date.year % 100 != 0 or date.year % 400 == 0)
        if leap and offset >= 59:
            offset -= 1
        return float(self.severity[min(offset, self.severity.size - 1)])

    def is_critical(self, date: dt.date, called_dates) -> bool:
        """Whether ``date`` is called, given the dates already called (``called_dates``)."""
        if is_weekend(date) or self.max_days <= 0:
            return False
        used = sum(1 for d in called_dates if season_of(d) == season_of(date))
        return used < self.max_days and self.severity_on(date) >= self.threshold(date)
