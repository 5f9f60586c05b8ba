"""Metering homes made of appliances (``homes.model = appliances``): the planned day, interval by interval.

``HomeLoads`` has the interface of ``sim.metering.HouseholdLoads`` that the interval path uses
(``next``) and the day path reads (a profile of ones, annual kWh of one, no shift, and the day's
loads as the per-household factor), so both paths compute ``1 x 1 x load`` and agree exactly.
"""
from __future__ import annotations

import datetime as dt

import numpy as np

from enernet.sim.home_energy import DayPlan


class HomeLoads:
    """Base load [kW] of every home, from its day plan (``sim.home_energy.DayPlan``).

    ambient_c, ghi_w_m2 : (simulated intervals,) the weather over the simulated span;
    first_interval : the span's first interval (negative with a warm-up); start : the first
    recorded day (interval 0), for weekdays; rest days are Saturdays and Sundays.
    """

    def __init__(self, plan: DayPlan, ambient_c, ghi_w_m2, first_interval: int, start: dt.date):
        self.plan = plan
        self.steps = plan.steps
        self.ambient_c = np.asarray(ambient_c, dtype=np.float64)
        self.ghi_w_m2 = np.asarray(ghi_w_m2, dtype=np.float64)
        self.first_interval = int(first_interval)
        self.first_day = self.first_interval // self.steps
        self.start = start
        n = self.n = plan.spec.occupants.shape[0]
        # What the day path's kernel reads: load = profile[offset + row + t] x annual_kwh x factor.
        self.pad = 0
        self.profile = np.ones(self.ambient_c.shape[0] + self.steps)
        self.annual_kwh = np.ones(n)
        self.offset = np.zeros(n, dtype=np.int64)
        self._day = None
        self._by_end_use = None
        self._total = None
        self._last_interval = None
        self.on_day = None  # called with (day, END_USES x n x intervals [kW]) as each day is planned

    def day(self, day: int) -> np.ndarray:
        """The homes' load over recorded day ``day`` (negative in the warm-up): (n, intervals) [kW]."""
        if day != self._day:
            if self._day is not None and day != self._day + 1:
                raise RuntimeError(f"homes are planned day by day in order: day {day} asked after day {self._day}")
            row = (day - self.first_day) * self.steps
            date = self.start + dt.timedelta(days=day)
            self._by_end_use = self.plan.plan(day - self.first_day, date.weekday() >= 5,
                                              self.ambient_c[row:row + self.steps], self.ghi_w_m2[row:row + self.steps])
            self._total = np.ascontiguousarray(self._by_end_use.sum(axis=0))
            self._day = day
            if self.on_day is not None:
                self.on_day(day, self._by_end_use)
        return self._total

    def end_use_kw(self, interval: int) -> np.ndarray:
        """(END_USES, n) the end-use split of ``interval``'s load [kW]."""
        day = interval // self.steps
        self.day(day)
        return self._by_end_use[:, :, interval - day * self.steps]

    def next(self, interval: int, out: np.ndarray) -> np.ndarray:
        """Write interval ``interval``'s load of every home into ``out`` [kW]."""
        day = interval // self.steps
        np.copyto(out, self.day(day)[:, interval - day * self.steps])
        self._last_interval = interval
        return out
