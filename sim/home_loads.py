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
        self._total_t = None
        self._last_interval = None
        self.on_day = None  # called with (day, END_USES x n x intervals [kW]) as each day ends (finish_day)
        self._handed = None  # the last day handed to on_day
        # today's answers (setpoints, water heaters, laundry windows) to prices only and to everything
        self._answers: dict = {"price": None, "all": None}
        self._plans: dict = {}
        self._dr_today = False

    def _day_inputs(self, day: int) -> tuple:
        """What the day plan takes for recorded day ``day``: its index from the first simulated day,
        whether it is a rest day (Saturday, Sunday), and its weather per interval."""
        row = (day - self.first_day) * self.steps
        rest_day = (self.start + dt.timedelta(days=day)).weekday() >= 5
        return day - self.first_day, rest_day, self.ambient_c[row:row + self.steps], self.ghi_w_m2[row:row + self.steps]

    def _window(self, start_min: int, end_min: int) -> tuple[int, slice]:
        """The recorded day of [start_min, end_min) and its intervals in that day (minutes from the
        recorded start; a window inside one day)."""
        step = self.plan.interval_min
        day = start_min // (self.steps * step)
        first = day * self.steps
        return day, slice(start_min // step - first, min(-(-end_min // step) - first, self.steps))

    def day(self, day: int) -> np.ndarray:
        """The homes' load over recorded day ``day`` (negative in the warm-up): (n, intervals) [kW]."""
        if day != self._day:
            if self._day is not None and day != self._day + 1:
                raise RuntimeError(f"homes are planned day by day in order: day {day} asked after day {self._day}")
            self.finish_day()
            self._by_end_use = self.plan.plan(*self._day_inputs(day))
            self._total = np.ascontiguousarray(self._by_end_use.sum(axis=0))
            self._total_t = np.ascontiguousarray(self._total.T)  # (intervals, n): an interval is a row
            self._day = day
            self._answers = {"price": None, "all": None}
            self._plans = {}
            self._dr_today = False
        return self._total

    def finish_day(self) -> None:
        """Hand the day planned last to ``on_day`` as the model with every answer metered it (its
        price and DR answers included), once: when the next day is planned, and at the run's end."""
        if self._day is not None and self.on_day is not None and self._handed != self._day:
            self._handed = self._day
            self.on_day(self._day, self._plan_of(price=True, dr=True)[0])

    def next(self, interval: int, out: np.ndarray) -> np.ndarray:
        """Write interval ``interval``'s load of every home into ``out`` [kW]."""
        day = interval // self.steps
        self.day(day)
        np.copyto(out, self._total_t[interval - day * self.steps])
        self._last_interval = interval
        return out

    # -- the homes' own answers to a DR call or a critical-peak price, re-planned from the day's start --
    @property
    def price_responding(self) -> bool:
        """True on a day some homes answered a critical-peak price."""
        return self._answers["price"] is not None

    @property
    def dr_responding(self) -> bool:
        """True on a day some homes answered a DR call (not only a critical-peak price)."""
        return self._dr_today

    def answer_from_min(self, start_min: int, lead_min: int) -> int:
        """When homes told ``lead_min`` ahead of a call at ``start_min`` start answering it [min from
        the recorded start]: the lead, inside the call's day (they plan a day at a time, so a call at
        00:00 is not pre-cooled in the day before)."""
        day_start_min = self._window(start_min, start_min + 1)[0] * self.steps * self.plan.interval_min
        return max(start_min - lead_min, day_start_min)

    def respond(self, rows: np.ndarray, start_min: int, end_min: int, raise_k: float, water_heater_off: bool,
                defer_laundry: bool, source: str = "dr", precool_k: float = 0.0, precool_min: int = 0) -> None:
        """Homes ``rows`` answer over [start_min, end_min) (minutes from the recorded start, inside one
        day): air conditioners' cooling setpoint up ``raise_k`` and heating setpoint down as much,
        water heaters off if asked, and laundry and dishwashers that would start in the window
        postponed to its end. The day is planned again from its start with the same draws: before
        the window nothing changes; after it, the warmer rooms and cooler tanks bring the rebound. Only
        ``rows`` are planned again (``sim.home_replan``): a call costs what its homes cost.

        With ``precool_min`` > 0 (a call told ahead), they first pre-cool (pre-heat) by ``precool_k``
        over the ``precool_min`` before the window, inside the day: the rooms and the mass store
        coolth (warmth) that the window then draws on.

        ``source`` = ``price`` (a critical-peak day) or ``dr`` (a DR call). Two plans are kept: with
        the price answers only (what a run without DR events sees) and with every answer; the DR
        saving is the difference between them."""
        from enernet.sim.home_replan import replan_rows

        day, window = self._window(start_min, end_min)
        self.day(day)
        day_start_min = day * self.steps * self.plan.interval_min
        p = self.plan.spec.params
        rows = np.unique(np.asarray(rows, dtype=np.int64))
        self._dr_today = self._dr_today or source == "dr"
        for name in (("price", "all") if source == "price" else ("all",)):  # "all" last: its end state carries on
            if self._answers[name] is None:  # the first answers of the day: start from the plan without
                start = self._plans.get("price") if name == "all" else None  # (or with price answers only)
                self._answers[name] = ({k: v.copy() for k, v in self._answers["price"].items()} if start
                                       else self._no_answer())
                by_end_use, total, end = start or (self._by_end_use, self._total_t, self.plan.planned_day["end"])
                self._plans[name] = (by_end_use.copy(), total.copy(), tuple(state.copy() for state in end))
            r = self._answers[name]
            r["set_cool"][rows, window] = p["cooling_setpoint_c"] + raise_k
            r["set_heat"][rows, window] = p["heating_setpoint_c"] - raise_k
            if precool_min > 0 and precool_k > 0:
                _, before = self._window(self.answer_from_min(start_min, precool_min), start_min)
                r["set_cool"][rows, before] = p["cooling_setpoint_c"] - precool_k
                r["set_heat"][rows, before] = p["heating_setpoint_c"] + precool_k
            if water_heater_off:
                r["heater_allowed"][rows, window] = 0
            if defer_laundry:
                r["defer_min"][rows] = (start_min - day_start_min, end_min - day_start_min)
            by_end_use, total, end = self._plans[name]
            # only these homes' answers changed: their rows again, the others' as they were
            replan_rows(self.plan, rows, r, by_end_use, end)
            total[:, rows] = by_end_use[:, rows].sum(axis=0).T
        for now, then in zip(self.plan._states(), self._plans["all"][2]):  # tomorrow starts from these
            now[rows] = then[rows]

    def _no_answer(self) -> dict:
        p = self.plan.spec.params
        return {"set_cool": np.full((self.n, self.steps), p["cooling_setpoint_c"]),
                "set_heat": np.full((self.n, self.steps), p["heating_setpoint_c"]),
                "heater_allowed": np.ones((self.n, self.steps), dtype=np.uint8),
                "defer_min": np.full((self.n, 2), -1.0)}

    def _plan_of(self, price: bool, dr: bool) -> tuple[np.ndarray, np.ndarray]:
        """(by end use, total (intervals, n)) of the plan a model with (``price``, ``dr``) answers sees today."""
        if dr and self._answers["all"] is not None and self._dr_today:
            return self._plans["all"][:2]
        if price and self._answers["price"] is not None:
            return self._plans["price"][:2]
        return self._by_end_use, self._total_t

    def answered_kw(self, interval: int, price: bool, dr: bool) -> np.ndarray:
        """(n,) every home's load in ``interval`` [kW] with its price answers (``price``) and its DR
        answers (``dr``) as a model that has them sees it; the plan where nobody answered."""
        day = interval // self.steps
        self.day(day)
        return self._plan_of(price, dr)[1][interval - day * self.steps]

    def reduction_kwh(self, rows: np.ndarray, start_min: int, end_min: int) -> np.ndarray:
        """(END_USES,) energy homes ``rows`` did not use over [start_min, end_min) by answering DR calls,
        against their plan with price answers only [kWh]."""
        if not self._dr_today or not rows.size:
            return np.zeros(5)
        _, window = self._window(start_min, end_min)
        without = self._plan_of(price=True, dr=False)[0]
        diff = without[:, rows, window] - self._plans["all"][0][:, rows, window]
        return diff.sum(axis=(1, 2)) * self.plan.interval_min / 60.0
