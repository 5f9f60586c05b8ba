"""The one clock's conventions: SimPy time is integer minutes since the recorded start.

A warm-up of ``warmup_days`` whole days runs before it, at negative minutes, intervals and days
(day ``first_day`` = -warmup_days is the first simulated day); nothing of it is recorded. Arrays
over the simulated span (profiles, weather) are indexed by ``row(interval)``.
Timestamps (naive, local standard time of the site: site.time_zone without DST) appear only at the edges: in the
tables the recorder writes and in the profiles the scenario builder aligns.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from enernet.configs.constants import MINUTES_PER_DAY, MINUTES_PER_HOUR, SECONDS_PER_MINUTE

QUARTERS_PER_YEAR = 4


def season_of(date: dt.date) -> tuple[int, int]:
    """(year, quarter 0-3): a season is a calendar quarter (the critical-peak rule's and the DR
    programme's limits per season both count in these)."""
    return date.year, (date.month - 1) // 3


@dataclass(frozen=True)
class Clock:
    start: dt.datetime  # the recorded start (minute 0)
    interval_min: int
    days: int  # recorded days
    warmup_days: int = 0  # unrecorded days before the start

    @classmethod
    def from_config(cls, scenario) -> "Clock":
        start = dt.datetime.combine(dt.date.fromisoformat(scenario.start_date), dt.time())
        return cls(start=start, interval_min=int(scenario.interval_min), days=int(scenario.days),
                   warmup_days=int(scenario.warmup_days))

    @property
    def first_day(self) -> int:
        """The first simulated day (negative with a warm-up)."""
        return -self.warmup_days

    @property
    def first_interval(self) -> int:
        return self.first_day * self.intervals_per_day

    @property
    def first_minute(self) -> int:
        return self.first_day * MINUTES_PER_DAY

    @property
    def simulated_intervals(self) -> int:
        """Intervals simulated, warm-up included."""
        return (self.warmup_days + self.days) * self.intervals_per_day

    def row(self, interval: int) -> int:
        """Index of ``interval`` in arrays over the simulated span (0 = the warm-up's first)."""
        return interval - self.first_interval

    @property
    def intervals_per_day(self) -> int:
        return MINUTES_PER_DAY // self.interval_min

    @property
    def n_intervals(self) -> int:
        return self.days * self.intervals_per_day

    @property
    def horizon_min(self) -> int:
        return self.days * MINUTES_PER_DAY

    @property
    def interval_h(self) -> float:
        return self.interval_min / MINUTES_PER_HOUR

    def timestamp(self, minute: int) -> dt.datetime:
        return self.start + dt.timedelta(minutes=int(minute))

    def interval_starts(self) -> np.ndarray:
        """Start of every simulated interval (warm-up included) as datetime64[m], by row."""
        start = np.datetime64(self.start, "m") + np.timedelta64(self.first_minute, "m")
        return start + np.arange(self.simulated_intervals) * np.timedelta64(self.interval_min, "m")

    def slot_of_day(self, interval: int) -> int:
        """Position of an interval within its day (0 .. intervals_per_day - 1)."""
        return interval % self.intervals_per_day

    def month_starts_min(self) -> list[int]:
        """Minutes (after the start) at which a new calendar month begins, inside the horizon."""
        out = []
        day = self.start.date().replace(day=1)
        while True:
            day = (day + dt.timedelta(days=32)).replace(day=1)
            minute = int((dt.datetime.combine(day, dt.time()) - self.start).total_seconds() // SECONDS_PER_MINUTE)
            if minute >= self.horizon_min:
                return out
            out.append(minute)
