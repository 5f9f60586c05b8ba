"""Metering homes made of appliances (``homes.model = appliances``): the planned day, interval by interval.

``HomeLoads`` has the interface of ``sim.metering.HouseholdLoads`` that the interval path uses
(``next``) and the day path reads (a profile of ones, annual kWh of one, no shift, and the day's
loads as the per-household factor), so both paths compute ``1 x 1 x load`` and agree exactly.
"""
from __future__ import annotations

import datetime as dt

import numpy as np

from enernet.sim.home_energy import DayPlan

# A home-day counts as short of hot water above this [J] (0.01 kWh: a tank a hair under 40 degC is not
# a cold shower)
SHORT_DAY_J = 0.01 * 3.6e6
# A home whose rooms, mass and tank end a day within this of the day its variant derives from [K]
# (price answers: nobody's; every answer: price answers only) starts the next day on that day: its
# answer's effect has died away, far below what a thermostat reads (0.1 K).
# Without it the free-floating temperatures never meet to the last bit, and every home that once
# answered would be planned again every day: 4,800 of 10,000 homes a day for weeks after one
# critical-peak day in July (measured), a second and a third day plan a day.
SAME_STATE_K = 1e-6


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
        self._recorded_days = (self.first_interval + self.ambient_c.shape[0]) // self.steps
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
        self._handed = None  # the last day finished (finish_day)
        # each home's hot water short of its use temperature over the recorded days, as metered [kWh]
        self.hot_water_unmet_kwh = np.zeros(n)
        self.hot_water_short_home_days = 0  # home-days with more than SHORT_DAY_J of hot water short
        # what DR answers saved over whole recorded days, by end use (END_USES): the saving in the
        # windows net of pre-cooling before them and the rebound after (the next day's included) [kWh]
        self.dr_net_saved_kwh = np.zeros(5)
        # Today's day as the homes live it with their price answers only ("price": what a model without
        # DR events meters) and with every answer ("all"), where it differs from the day nobody
        # answered: each with its answers (setpoints, water heaters, laundry windows), plan, totals and
        # the states it started and ends the day in. Each carries its own rooms and tanks into the
        # next day, so the counterfactual twins never inherit the answers' temperatures.
        self._variants: dict = {}
        self._dr_differs = False  # "all" differs from "price" today (DR answers, or rooms they left)
        # False where only models without DR events read these homes (the counterfactual twins' own
        # process, scenarios.model.twin_process): the day with every answer is then not kept
        self.keeps_dr_answers = True
        # Today's calls answered: the model and the twin without DR events share these homes (in one
        # process), and both retailers announce the same critical-peak answers; the second changes nothing.
        self._calls_today: set = set()

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
            ends = self._day_ends() if self._day is not None else None
            if ends is not None:  # the day nobody answered goes on from the day nobody answered
                for now, then in zip(self.plan._states(), ends["none"]):
                    np.copyto(now, then)
            self._by_end_use = self.plan.plan(*self._day_inputs(day))
            self._total, self._total_t = _totals(self._by_end_use)
            self._day = day
            self._variants = {}
            self._dr_differs = False
            self._calls_today = set()
            if ends is not None:
                self._carry_over(ends)
        return self._total

    def _day_ends(self) -> dict:
        """The states each variant ended the day planned last in (a variant not opened that day
        ended where the one it derives from did); a home within ``SAME_STATE_K`` of the variant it
        derives from ends where that one did."""
        from enernet.sim.home_replan import snap_to

        ends = {"none": self.plan.planned_day["end"]}
        ends["price"] = self._variants["price"]["end"] if "price" in self._variants else ends["none"]
        ends["all"] = self._variants["all"]["end"] if "all" in self._variants else ends["price"]
        for name, parent in (("price", "none"), ("all", "price")):  # the variants' own copies, snapped
            if ends[name] is not ends[parent]:
                snap_to(ends[name], ends[parent], SAME_STATE_K)
        return ends

    def _carry_over(self, ends: dict) -> None:
        """Open today's variants whose homes start the day elsewhere than nobody's (rooms pre-cooled
        or warmer, tanks cooler: yesterday's answers), and plan those homes' rows from their states."""
        from enernet.sim.home_replan import differing_rows

        for name in ("price", "all") if self.keeps_dr_answers else ("price",):
            rows = differing_rows(ends[name], ends["none"])
            if rows.size or (name == "all" and "price" in self._variants):
                self._replan(self._open(name, start=ends[name]), rows)
        self._dr_differs = "all" in self._variants and differing_rows(ends["all"], ends["price"]).size > 0

    def _open(self, name: str, start=None, parent: dict | None = None) -> dict:
        """Open variant ``name`` today as a copy of ``parent`` (or of the day nobody answered, from
        ``start`` states, or nobody's)."""
        day = self.plan.planned_day
        if parent is None:
            answers = self._no_answer()  # made for this variant: no copy needed
            parent = {"plan": self._by_end_use, "total": self._total_t, "end": day["end"], "unmet": day["unmet_j"],
                      "start": day["start"] if start is None else start}
        else:
            answers = {k: a.copy() for k, a in parent["answers"].items()}
        v = self._variants[name] = {"plan": parent["plan"].copy(), "total": parent["total"].copy(),
                                    "unmet": parent["unmet"].copy(),
                                    "end": tuple(state.copy() for state in parent["end"]), "start": parent["start"],
                                    "answers": answers}
        return v

    def _replan(self, v: dict, rows: np.ndarray) -> None:
        """Variant ``v``'s homes ``rows`` planned again under its answers from its start states, into
        its plan, totals and end states (``sim.home_replan.replan_rows``); the other rows as they were."""
        from enernet.sim.home_replan import replan_rows

        replan_rows(self.plan, rows, v["answers"], v["plan"], v["end"], start=v["start"], unmet_j=v["unmet"])
        v["total"][:, rows] = _totals(v["plan"][:, rows])[1]

    def finish_day(self) -> None:
        """Close the day planned last as the model with every answer metered it (its price and DR
        answers included), once: when the next day is planned, and at the run's end. A recorded day
        adds its hot water short to ``hot_water_unmet_kwh``; the day goes to ``on_day`` if set."""
        if self._day is None or self._handed == self._day:
            return
        self._handed = self._day
        if 0 <= self._day < self._recorded_days:  # the warm-up (and a day looked ahead into) not counted
            short_j = self._unmet_of(price=True, dr=True)
            self.hot_water_unmet_kwh += short_j / 3.6e6
            self.hot_water_short_home_days += int(np.count_nonzero(short_j > SHORT_DAY_J))
            if self.dr_responding:
                # a day changed only by the warm-up's calls (rooms and tanks carried into day 0) counts its
                # rebound; the last day's carry-over past the horizon is not seen: as the meters have it
                without, with_dr = self._plan_of(price=True, dr=False)[0], self._variants["all"]["plan"]
                saved_kw = without.sum(axis=(1, 2)) - with_dr.sum(axis=(1, 2))
                self.dr_net_saved_kwh += saved_kw * self.plan.interval_min / 60
        if self.on_day is not None:
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
        """True on a day the homes with price answers live differently from nobody's (answers today,
        or the rooms and tanks yesterday's left)."""
        return "price" in self._variants

    @property
    def dr_responding(self) -> bool:
        """True on a day DR answers (today's, or the rooms and tanks yesterday's left) make the day
        with every answer differ from the day with price answers only."""
        return "all" in self._variants and self._dr_differs

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

        Answers combine (``sim.home_replan.add_answers``): the highest raise asked holds, pre-cooling
        never undoes a raise, every laundry window is kept. ``source`` = ``price`` (a critical-peak
        day) or ``dr`` (a DR call). Two variants of the day are kept beside the day nobody answered
        (what the counterfactual twin meters): with price answers only (a run without DR events) and
        with every answer (the model); the DR saving is the difference between them."""
        from enernet.sim.home_replan import add_answers

        if source != "price" and not self.keeps_dr_answers:
            raise RuntimeError("these homes keep no DR answers (keeps_dr_answers is False)")
        day, window = self._window(start_min, end_min)
        self.day(day)
        day_start_min = day * self.steps * self.plan.interval_min
        before = None
        if precool_min > 0 and precool_k > 0:
            before = self._window(self.answer_from_min(start_min, precool_min), start_min)[1]
        rows = np.unique(np.asarray(rows, dtype=np.int64))
        if not rows.size:  # nobody answered: the day as it was
            return
        call = (source, start_min, end_min, raise_k, water_heater_off, defer_laundry, precool_k, precool_min,
                rows.tobytes())
        if call in self._calls_today:  # answered already (answers combine idempotently): nothing to plan again
            return
        self._calls_today.add(call)
        self._dr_differs = self._dr_differs or source == "dr"
        names = ("price", "all") if source == "price" else ("all",)
        for name in names if self.keeps_dr_answers else ("price",):
            v = self._variants.get(name) or self._open(name, parent=self._variants.get("price"))
            v["answers"] = add_answers(v["answers"], rows, window, self.plan.spec.params, raise_k, before, precool_k,
                                       water_heater_off, (start_min - day_start_min, end_min - day_start_min)
                                       if defer_laundry else None)
            self._replan(v, rows)  # only these homes' answers changed

    def _no_answer(self) -> dict:
        p = self.plan.spec.params
        return {"set_cool": np.full((self.n, self.steps), p["cooling_setpoint_c"]),
                "set_heat": np.full((self.n, self.steps), p["heating_setpoint_c"]),
                "heater_allowed": np.ones((self.n, self.steps), dtype=np.uint8),
                "defer_min": np.full((self.n, 1, 2), -1.0)}

    def _variant_of(self, price: bool, dr: bool) -> dict | None:
        """Today's variant a model with (``price``, ``dr``) answers sees; None: the day nobody answered."""
        if dr and self.dr_responding:
            return self._variants["all"]
        if price and self.price_responding:
            return self._variants["price"]
        return None

    def _plan_of(self, price: bool, dr: bool) -> tuple[np.ndarray, np.ndarray]:
        """(by end use, total (intervals, n)) of the plan a model with (``price``, ``dr``) answers sees today."""
        v = self._variant_of(price, dr)
        return (self._by_end_use, self._total_t) if v is None else (v["plan"], v["total"])

    def _unmet_of(self, price: bool, dr: bool) -> np.ndarray:
        """(n,) each home's hot water short today [J] in the plan a model with (``price``, ``dr``) answers sees."""
        v = self._variant_of(price, dr)
        return self.plan.planned_day["unmet_j"] if v is None else v["unmet"]

    def answered_kw(self, interval: int, price: bool, dr: bool) -> np.ndarray:
        """(n,) every home's load in ``interval`` [kW] with its price answers (``price``) and its DR
        answers (``dr``) as a model that has them sees it; the plan where nobody answered."""
        day = interval // self.steps
        self.day(day)
        return self._plan_of(price, dr)[1][interval - day * self.steps]

    def reduction_kwh(self, rows: np.ndarray, start_min: int, end_min: int) -> np.ndarray:
        """(END_USES,) energy homes ``rows`` did not use over [start_min, end_min) by answering DR calls,
        against their plan with price answers only [kWh]."""
        if not self.dr_responding or not rows.size:
            return np.zeros(5)
        _, window = self._window(start_min, end_min)
        without = self._plan_of(price=True, dr=False)[0]
        diff = without[:, rows, window] - self._variants["all"]["plan"][:, rows, window]
        return diff.sum(axis=(1, 2)) * self.plan.interval_min / 60.0


def _totals(by_end_use: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The homes' load (n, intervals) and its transpose (intervals, n: an interval is a row) [kW]:
    ``by_end_use.sum(axis=0)``'s bits, in one kernel pass (``cext.homes.end_use_totals``)."""
    from enernet.cext.homes import end_use_totals

    _, n, steps = by_end_use.shape
    total, total_t = np.empty((n, steps)), np.empty((steps, n))
    end_use_totals(np.ascontiguousarray(by_end_use, dtype=np.float64), total, total_t)
    return total, total_t
