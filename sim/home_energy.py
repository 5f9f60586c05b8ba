"""Homes' electricity from people, appliances and weather, planned a day at a time.

At each day's start (an event) the day is drawn for every home at once: each person's occupancy
(away, asleep, active at home: a fitted Markov chain, ``scenarios.world.occupancy``), each owned
appliance's cycles (a Poisson number a day, starting when people are active and, for cooking,
around meals), lighting when someone is active in the dark, the fridge and standby; then, interval
by interval, the dwelling's air and mass temperatures (a two-node RC envelope with solar and
internal gains) under its air conditioners' thermostat (cooling at the setpoint while someone is
home, heating while someone is active; COP varies with the outdoor temperature) and the electric water heater's tank
(hot water drawn as people are active, a dead-band thermostat, standby loss). Both the interval
path and the day-batched path read the same planned day, so their tables agree exactly.

The draws of day d come from a counter-based stream keyed by (component, d), so a day's homes do
not depend on which path ran or on what was drawn before.

End uses (``END_USES``): cooling, heating, water, cooking, other.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

END_USES = ("cooling", "heating", "water", "cooking", "other")
COOLING, HEATING, WATER, COOKING, OTHER = range(5)
AWAY, ASLEEP, ACTIVE = 0, 1, 2
OCC_STEP_MIN = 10


@dataclass
class HomeSpec:
    """Everything the day plan reads, as arrays (built by ``scenarios.world.homes``)."""

    occupants: np.ndarray  # (n,) int
    first_person: np.ndarray  # (n,) index of each home's first person (people sorted by home)
    person_works: np.ndarray  # (people,) bool
    ua_w_per_k: np.ndarray  # (n,) steady loss to outdoors [W/K]
    capacity_j_per_k: np.ndarray  # (n,) the building mass [J/K]
    floor_m2: np.ndarray  # (n,)
    fast_w_per_k: np.ndarray  # (n,) air to outdoors: windows and ventilation [W/K]
    air_j_per_k: np.ndarray  # (n,) air and furniture [J/K]
    air_mass_w_per_k: np.ndarray  # (n,) air to mass [W/K]
    cooling_w: np.ndarray  # (n,) thermal capacity of the home's air conditioners [W]
    heating_w: np.ndarray  # (n,) their heating capacity where they heat, else 0 [W]
    water_heater: np.ndarray  # (n,) bool
    base_kw: np.ndarray  # (n,) fridge and standby [kW]
    cycle_owner: list  # per appliance: rows owning it
    cycle_kw: np.ndarray  # (appliances,) [kW]
    cycle_min: np.ndarray  # (appliances,) [min]
    cycle_rate: np.ndarray  # (appliances,) cycles a day (usage scale applied)
    cycle_per_occupant: np.ndarray  # (appliances,) bool
    cycle_deferrable: np.ndarray  # (appliances,) bool: postponed past a DR event by responders
    cycle_window: np.ndarray  # (appliances, 144) start weight by 10-minute step of the day
    cycle_end_use: np.ndarray  # (appliances,) int
    occupancy_cumulative: np.ndarray  # (roles, 144, 3, 3) the chain's cumulative transition rows
    occupancy_start: np.ndarray  # (roles, 3) cumulative shares at midnight
    params: dict  # scalar physics parameters (setpoints, COP, tank, gains): see homes.home_spec


def draw_states(cumulative: np.ndarray, start: np.ndarray, roles: np.ndarray, uniforms: np.ndarray) -> np.ndarray:
    """Occupancy states (people, 144) from the roles' chains and uniforms (people, 145) (``cext.homes``)."""
    from enernet.cext.homes import occupancy_day

    states = np.empty((roles.shape[0], cumulative.shape[1]), dtype=np.int8)
    occupancy_day(np.ascontiguousarray(cumulative, dtype=np.float64), np.ascontiguousarray(start, dtype=np.float64),
                  np.ascontiguousarray(roles, dtype=np.int64), np.ascontiguousarray(uniforms, dtype=np.float64),
                  states)
    return states


def draw_states_reference(cumulative: np.ndarray, start: np.ndarray, roles: np.ndarray,
                          uniforms: np.ndarray) -> np.ndarray:
    """The numpy reference of ``draw_states`` (the kernel repeats it)."""
    people, steps = roles.shape[0], cumulative.shape[1]
    states = np.empty((people, steps), dtype=np.int8)
    state = (uniforms[:, 0, None] >= start[roles]).sum(axis=1)
    for t in range(steps):  # over the day's 10-minute steps, vectorised over people
        states[:, t] = state
        state = (uniforms[:, t + 1, None] >= cumulative[roles, t, state]).sum(axis=1)
    return states


def step_to_interval_weights(interval_min: int) -> np.ndarray:
    """(144, intervals per day): the share of each interval covered by each 10-minute step."""
    minutes = np.arange(24 * 60)
    steps = minutes // OCC_STEP_MIN
    intervals = minutes // interval_min
    w = np.zeros((24 * 60 // OCC_STEP_MIN, 24 * 60 // interval_min))
    np.add.at(w, (steps, intervals), 1.0 / interval_min)
    return w


def add_cycles(out: np.ndarray, home: np.ndarray, start_min: np.ndarray, length_min: float, kw: float,
               interval_min: int) -> None:
    """Add cycles of ``kw`` over [start, start + length) min to ``out`` (n, intervals) as mean kW."""
    end_min = start_min + length_min
    first = (start_min // interval_min).astype(np.int64)
    spans = int(np.ceil(length_min / interval_min)) + 1
    steps = out.shape[1]
    for k in range(spans):  # a cycle covers at most this many intervals: a few, vectorised over cycles
        i = first + k
        lo = np.maximum(start_min, i * interval_min)
        hi = np.minimum(end_min, (i + 1) * interval_min)
        share = np.clip(hi - lo, 0.0, None) / interval_min
        ok = (i < steps) & (share > 0)
        np.add.at(out, (home[ok], i[ok]), kw * share[ok])


def one_at_a_time(home: np.ndarray, start_min: np.ndarray, length_min: float) -> np.ndarray:
    """Start times of one appliance's cycles such that a home runs them one after another: a cycle
    that would start before the home's previous one ends waits for it (a washer or a cooker runs one
    load at a time), kept inside the day. Cycles keep their order in ``home``/``start_min``."""
    if home.size < 2:
        return start_min
    order = np.lexsort((start_min, home))
    starts = start_min[order].copy()
    same_home = np.concatenate([[False], home[order][1:] == home[order][:-1]])
    latest = 24 * 60 - length_min
    for _ in range(home.size):  # each pass settles one more cycle of every queue (queues are short)
        previous_end = np.concatenate([[-np.inf], starts[:-1] + length_min])
        waiting = same_home & (starts < previous_end) & (starts < latest)
        if not waiting.any():
            break
        starts[waiting] = np.minimum(previous_end[waiting], latest)
    out = np.empty_like(starts)
    out[order] = starts
    return out


class DayPlan:
    """The homes' day: ``plan(day, rest_day, ambient_c, ghi)`` -> (END_USES, n, intervals) [kW]."""

    def __init__(self, spec: HomeSpec, interval_min: int, keys: tuple[int, int]):
        self.spec = spec
        self.interval_min = int(interval_min)
        self.steps = 24 * 60 // self.interval_min
        self.keys = tuple(int(k) for k in keys)
        self.weights = step_to_interval_weights(self.interval_min)
        n = spec.occupants.shape[0]
        p = spec.params
        # the dwelling's air [degC], starting between the setpoints (the run's warm-up settles it)
        self.indoor_c = np.full(n, 0.5 * (float(p["cooling_setpoint_c"]) + float(p["heating_setpoint_c"])))
        self.mass_c = self.indoor_c.copy()  # and its mass [degC]
        self.tank_c = np.full(n, float(p["tank_setpoint_c"]))  # the water heater's tank [degC]
        self.heater_on = np.zeros(n, dtype=bool)

    def _states(self) -> tuple[np.ndarray, ...]:
        """What carries over from one day to the next: air, mass and tank temperatures, heaters on."""
        return self.indoor_c, self.mass_c, self.tank_c, self.heater_on

    def _rng(self, day_index: int) -> np.random.Generator:
        return np.random.Generator(np.random.Philox(np.random.SeedSequence([*self.keys, int(day_index)])))

    def occupancy(self, rng, rest_day: bool) -> tuple[np.ndarray, np.ndarray]:
        """Active and present people per home, per 10-minute step: (n, 144) each."""
        s = self.spec
        roles = np.where(s.person_works, 0, 1) if not rest_day else np.full(s.person_works.shape[0], 2)
        states = draw_states(s.occupancy_cumulative, s.occupancy_start, roles,
                             rng.random((roles.shape[0], s.occupancy_cumulative.shape[1] + 1)))
        active = np.add.reduceat((states == ACTIVE).astype(np.float64), s.first_person, axis=0)
        present = np.add.reduceat((states != AWAY).astype(np.float64), s.first_person, axis=0)
        return active, present

    def cycles(self, rng, active: np.ndarray, defer_min=None) -> tuple[np.ndarray, np.ndarray]:
        """Cooking and other appliances' load (n, intervals) [kW] from their cycles today. ``defer_min``
        (n, 2) [min of the day] or None: a deferrable cycle that would start inside a home's window
        starts at its end instead (the draws are the same, so only those cycles move)."""
        s = self.spec
        n = active.shape[0]
        cooking = np.zeros((n, self.steps))
        other = np.zeros((n, self.steps))
        for a, rows in enumerate(s.cycle_owner):  # over the catalogue's appliance types, vectorised over homes
            if rows.size == 0:
                continue
            weight = active[rows] * s.cycle_window[a][None, :]
            total = weight.sum(axis=1)
            # one draw per home (a scalar mean would give every owner the same count)
            mean = s.cycle_rate[a] * (s.occupants[rows] if s.cycle_per_occupant[a] else np.ones(rows.size))
            count = np.where(total > 0, rng.poisson(mean), 0)
            home = np.repeat(np.arange(rows.size), count)
            if home.size == 0:
                continue
            cdf = np.cumsum(weight, axis=1) / np.where(total > 0, total, 1.0)[:, None]
            u = rng.random(home.size)
            step = np.minimum((cdf[home] <= u[:, None]).sum(axis=1), cdf.shape[1] - 1)
            start = np.minimum((step + rng.random(home.size)) * OCC_STEP_MIN, 24 * 60 - s.cycle_min[a])
            if defer_min is not None and s.cycle_deferrable[a]:
                window = defer_min[rows[home]]
                inside = (start >= window[:, 0]) & (start < window[:, 1])
                start = np.where(inside, np.minimum(window[:, 1], 24 * 60 - s.cycle_min[a]), start)
            start = one_at_a_time(home, start, float(s.cycle_min[a]))
            target = cooking if s.cycle_end_use[a] == COOKING else other
            add_cycles(target, rows[home], start, float(s.cycle_min[a]), float(s.cycle_kw[a]), self.interval_min)
        return cooking, other

    def plan(self, day_index: int, rest_day: bool, ambient_c: np.ndarray, ghi_w_m2: np.ndarray,
             response: dict | None = None) -> np.ndarray:
        """The homes' day by end use: (END_USES, n, intervals) [kW]. Days must be planned in order
        (the dwellings' and tanks' temperatures carry over). ``response`` (see ``HomeLoads.respond``):
        setpoints, water heaters allowed on and laundry windows of homes answering a DR call."""
        from enernet.sim.home_thermal import simulate_day

        s, p = self.spec, self.spec.params
        self.start_state = tuple(state.copy() for state in self._states())
        response = response or {}
        rng = self._rng(day_index)
        active10, present10 = self.occupancy(rng, rest_day)
        cooking, other = self.cycles(rng, active10, response.get("defer_min"))
        active = active10 @ self.weights  # mean people active / at home in each interval
        present = present10 @ self.weights
        dark = (ghi_w_m2 < p["dark_ghi_w_m2"])[None, :]
        other += s.base_kw[:, None] + p["lighting_kw_per_active"] * np.minimum(active, 3.0) * dark
        cool, heat, water = simulate_day(*self._states(), ambient_c, ghi_w_m2, active,
                                         present, cooking + other, s, self.interval_min, response.get("set_cool"),
                                         response.get("set_heat"), response.get("heater_allowed"))
        return np.stack([cool, heat, water, cooking, other])

    def replan(self, day_index: int, rest_day: bool, ambient_c, ghi_w_m2, response: dict) -> np.ndarray:
        """Plan the last planned day again from its start, under ``response`` (same draws)."""
        for now, then in zip(self._states(), self.start_state):
            np.copyto(now, then)
        return self.plan(day_index, rest_day, ambient_c, ghi_w_m2, response)
