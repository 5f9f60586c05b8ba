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

import dataclasses
import itertools
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
    heating_w: np.ndarray  # (n,) their heating capacity where they heat, an electric heater's, else 0 [W]
    heating_resistive: np.ndarray  # (n,) bool: heated by a resistive electric heater (COP 1), not the AC
    water_heater: np.ndarray  # (n,) bool
    base_kw: np.ndarray  # (n,) fridge and standby [kW]
    cycle_owner: list  # per appliance: rows owning it
    cycle_kw: np.ndarray  # (appliances,) [kW]
    cycle_min: np.ndarray  # (appliances,) [min]
    cycle_rate: np.ndarray  # (appliances,) cycles a day per home (usage scale applied) ...
    cycle_rate_per_occupant: np.ndarray  # (appliances,) ... plus these per occupant
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


def count_states_reference(states: np.ndarray, first_person: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Active and present people per home and step (n, steps) from people's states (people sorted
    by home): the numpy reference of ``cext.homes.occupancy_counts`` (which draws and counts at once)."""
    active = np.add.reduceat((states == ACTIVE).astype(np.float64), first_person, axis=0)
    present = np.add.reduceat((states != AWAY).astype(np.float64), first_person, axis=0)
    return active, present


def step_to_interval_weights(interval_min: int) -> np.ndarray:
    """(144, intervals per day): the share of each interval covered by each 10-minute step."""
    minutes = np.arange(24 * 60)
    steps = minutes // OCC_STEP_MIN
    intervals = minutes // interval_min
    w = np.zeros((24 * 60 // OCC_STEP_MIN, 24 * 60 // interval_min))
    np.add.at(w, (steps, intervals), 1.0 / interval_min)
    return w


def _nonzero_by_interval(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(offsets, steps, weights) of each interval's non-zero ``weights`` (steps, intervals), steps
    in order: interval j's are ``[offsets[j]:offsets[j + 1]]`` (``cext.homes.spread_to_intervals``)."""
    interval, step = np.nonzero(weights.T)  # row-major over (interval, step): steps increasing
    offsets = np.searchsorted(interval, np.arange(weights.shape[1] + 1))
    return offsets.astype(np.int64), step.astype(np.int64), np.ascontiguousarray(weights[step, interval])


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


def deferred_start(start: np.ndarray, windows: np.ndarray, latest_min: float) -> np.ndarray:
    """Cycle starts [min of the day] after their homes' laundry windows: a start inside [from, to)
    moves to ``to`` (at most ``latest_min``, so the cycle ends by midnight). ``windows``: (cycles, 2)
    or (cycles, K, 2) [min]; empty ones (from >= to) move nothing; taken in order of their start, so a
    start moved into a later window moves again."""
    windows = np.asarray(windows, dtype=np.float64)
    if windows.ndim == 2:
        windows = windows[:, None, :]
    if windows.shape[1] > 1:
        windows = np.take_along_axis(windows, np.argsort(windows[:, :, 0], axis=1, kind="stable")[:, :, None], axis=1)
    for k in range(windows.shape[1]):
        inside = (start >= windows[:, k, 0]) & (start < windows[:, k, 1])
        start = np.where(inside, np.minimum(windows[:, k, 1], latest_min), start)
    return start


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


HOMES_PER_BLOCK = 512
PER_HOME = ("occupants", "ua_w_per_k", "capacity_j_per_k", "floor_m2", "fast_w_per_k", "air_j_per_k",
            "air_mass_w_per_k", "cooling_w", "heating_w", "heating_resistive", "water_heater", "base_kw")


def _rows_of(spec: HomeSpec, rows: np.ndarray) -> HomeSpec:
    """``spec`` for homes ``rows`` (what the dwelling and tank read; people and cycles left as they are)."""
    return dataclasses.replace(spec, **{name: np.ascontiguousarray(getattr(spec, name)[rows]) for name in PER_HOME})


def _home_blocks(first_person: np.ndarray, people: int) -> list[tuple[int, int, int, int]] | None:
    """(first home, end home, first person, end person) of blocks of ``HOMES_PER_BLOCK`` homes, or
    None unless every home has 1 to 64 people, in order from the first (``occupancy_counts``'s terms)."""
    n = first_person.shape[0]
    sizes = np.diff(np.append(first_person, people))
    if n == 0 or first_person[0] != 0 or not ((sizes >= 1) & (sizes <= 64)).all():
        return None
    cuts = list(range(0, n, HOMES_PER_BLOCK)) + [n]
    return [(h0, h1, int(first_person[h0]), int(first_person[h1]) if h1 < n else people)
            for h0, h1 in itertools.pairwise(cuts)]


class _UniformStream:
    """``rng.random``'s uniforms, drawn in pieces into caller buffers: the same numbers in the same
    order. numpy's Philox (the day plan's generator) runs in ``cext.homes.philox_uniforms`` (4-7 ns a
    number on the 2-core benchmark machine, numpy's own 8-12 ns) and the state is written back on
    ``close``; any other bit generator goes through numpy."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.state = rng.bit_generator.state
        self.philox = self.state["bit_generator"] == "Philox"
        if self.philox:
            self.counter = np.array(self.state["state"]["counter"], dtype=np.uint64)
            self.key = np.array(self.state["state"]["key"], dtype=np.uint64)
            self.buffer = np.array(self.state["buffer"], dtype=np.uint64)
            self.position = int(self.state["buffer_pos"])

    def fill(self, out: np.ndarray) -> None:
        if self.philox:
            from enernet.cext.homes import philox_uniforms

            self.position = philox_uniforms(self.counter, self.key, self.buffer, self.position, out)
        else:
            self.rng.random(out=out)

    def close(self) -> None:
        if self.philox:
            self.rng.bit_generator.state = {**self.state, "state": {"counter": self.counter, "key": self.key},
                                            "buffer": self.buffer, "buffer_pos": self.position}


class DayPlan:
    """The homes' day: ``plan(day, rest_day, ambient_c, ghi)`` -> (END_USES, n, intervals) [kW]."""

    def __init__(self, spec: HomeSpec, interval_min: int, keys: tuple[int, int]):
        self.spec = spec
        self.interval_min = int(interval_min)
        self.steps = 24 * 60 // self.interval_min
        self.keys = tuple(int(k) for k in keys)
        self.weights = step_to_interval_weights(self.interval_min)
        self.spread = _nonzero_by_interval(self.weights)
        n = spec.occupants.shape[0]
        p = spec.params
        # the dwelling's air [degC], starting between the setpoints (the run's warm-up settles it)
        self.indoor_c = np.full(n, 0.5 * (float(p["cooling_setpoint_c"]) + float(p["heating_setpoint_c"])))
        self.mass_c = self.indoor_c.copy()  # and its mass [degC]
        self.tank_c = np.full(n, float(p["tank_setpoint_c"]))  # the water heater's tank [degC]
        self.heater_on = np.zeros(n, dtype=bool)
        self.planned_day = None  # the last day planned without answers (``plan``)

    def _states(self) -> tuple[np.ndarray, ...]:
        """What carries over from one day to the next: air, mass and tank temperatures, heaters on."""
        return self.indoor_c, self.mass_c, self.tank_c, self.heater_on

    def _rng(self, day_index: int) -> np.random.Generator:
        return np.random.Generator(np.random.Philox(np.random.SeedSequence([*self.keys, int(day_index)])))

    def occupancy(self, rng, rest_day: bool) -> tuple[np.ndarray, np.ndarray]:
        """Active and present people per home, per 10-minute step: (n, 144) each."""
        from enernet.cext.homes import occupancy_counts

        s = self.spec
        roles = np.where(s.person_works, 0, 1) if not rest_day else np.full(s.person_works.shape[0], 2)
        n, steps = s.occupants.shape[0], s.occupancy_cumulative.shape[1]
        roles, people = roles.astype(np.int64), roles.shape[0]
        cumulative = np.ascontiguousarray(s.occupancy_cumulative, dtype=np.float64)
        start = np.ascontiguousarray(s.occupancy_start, dtype=np.float64)
        first = np.ascontiguousarray(s.first_person, dtype=np.int64)
        active, present = np.empty((n, steps)), np.empty((n, steps))
        # rng.random((people, steps + 1)) and draw_states + count_states_reference on it, a block of
        # homes at a time: the same uniforms in the same order, a block's kept in the core's cache
        # (counts are whole numbers: the same bits)
        blocks = _home_blocks(first, people)
        if blocks is None:  # homes without people: the references, as they handle them
            states = draw_states(cumulative, start, roles, rng.random((people, steps + 1)))
            return count_states_reference(states, s.first_person)
        uniforms = _UniformStream(rng)
        buffer = np.empty(max(p1 - p0 for _, _, p0, p1 in blocks) * (steps + 1))
        for h0, h1, p0, p1 in blocks:
            block = buffer[:(p1 - p0) * (steps + 1)]
            uniforms.fill(block)
            occupancy_counts(cumulative, start, roles[p0:p1], block.reshape(p1 - p0, steps + 1), first[h0:h1] - p0,
                             active[h0:h1], present[h0:h1])
        uniforms.close()
        return active, present

    def cycles(self, rng, active: np.ndarray, defer_min=None) -> tuple[np.ndarray, np.ndarray]:
        """Cooking and other appliances' load (n, intervals) [kW] from their cycles today. ``defer_min``
        (n, 2) [min of the day] or None: a deferrable cycle that would start inside a home's window
        starts at its end instead (the draws are the same, so only those cycles move)."""
        n = active.shape[0]
        cooking, other = np.zeros((n, self.steps)), np.zeros((n, self.steps))
        self._cycles_into(rng, np.ascontiguousarray(active, dtype=np.float64), defer_min, cooking, other)
        return cooking, other

    def _cycles_into(self, rng, active: np.ndarray, defer_min, cooking: np.ndarray, other: np.ndarray) -> list:
        """``cycles`` added into ``cooking`` and ``other``. Per appliance type, vectorised over homes:
        numpy draws (Poisson counts, uniforms) in the reference's order, then kernels (``cext.homes``)
        for what ``_cycles_reference`` does with arrays of (cycles, 144) and ``np.add.at``. Returns
        each type's cycles (type, home of each, drawn start, start laid) [min] for re-plans."""
        from enernet.cext.home_cycles import cycle_steps, first_positive, weighted_any

        s, drawn = self.spec, []
        first = np.empty(active.shape[0], dtype=np.int64)  # each home's first step with someone active
        first_positive(active, first)
        for a, rows in enumerate(s.cycle_owner):  # over the catalogue's appliance types, vectorised over homes
            if rows.size == 0:
                continue
            rows = np.ascontiguousarray(rows, dtype=np.int64)
            window = np.ascontiguousarray(s.cycle_window[a], dtype=np.float64)
            positive = np.empty(rows.size, dtype=np.uint8)  # start weight > 0 somewhere today
            weighted_any(active, rows, window, first, positive)
            # one draw per home (a scalar mean would give every owner the same count)
            mean = s.cycle_rate[a] + s.cycle_rate_per_occupant[a] * s.occupants[rows]
            count = np.where(positive.view(bool), rng.poisson(mean), 0)
            home = np.repeat(np.arange(rows.size), count)
            if home.size == 0:
                continue
            step = np.empty(home.size, dtype=np.int64)
            cycle_steps(active, rows, window, home, rng.random(home.size), step)
            drawn_min = np.minimum((step + rng.random(home.size)) * OCC_STEP_MIN, 24 * 60 - s.cycle_min[a])
            row = rows[home]
            start = self._deferred(a, drawn_min, defer_min, row)
            self._lay(a, home, row, start, cooking if s.cycle_end_use[a] == COOKING else other)
            drawn.append((a, row, drawn_min, start))
        return drawn

    def _deferred(self, a: int, start: np.ndarray, defer_min, home_row: np.ndarray) -> np.ndarray:
        """Starts of appliance ``a``'s cycles after the laundry windows ``defer_min`` (a copy)."""
        s = self.spec
        if defer_min is not None and s.cycle_deferrable[a]:
            start = deferred_start(start, np.asarray(defer_min)[home_row], 24 * 60 - s.cycle_min[a])
        return np.array(start, dtype=np.float64)

    def _lay(self, a: int, home: np.ndarray, row: np.ndarray, start: np.ndarray, target: np.ndarray) -> None:
        """Queue appliance ``a``'s cycles per home (``home``: non-decreasing; ``start`` in place, as
        ``one_at_a_time``) and add them to ``target``'s rows ``row`` (as ``add_cycles``)."""
        from enernet.cext.home_cycles import lay_cycles, queue_cycles

        length_min = float(self.spec.cycle_min[a])
        queue_cycles(home, start, length_min, 24 * 60 - length_min)
        lay_cycles(target, row, start, (start // self.interval_min).astype(np.int64), length_min,
                   float(self.spec.cycle_kw[a]), self.interval_min, int(np.ceil(length_min / self.interval_min)) + 1)

    def _cycles_reference(self, rng, active: np.ndarray, defer_min=None) -> tuple[np.ndarray, np.ndarray]:
        """The numpy reference of ``cycles`` (its kernels repeat it)."""
        s = self.spec
        n = active.shape[0]
        cooking = np.zeros((n, self.steps))
        other = np.zeros((n, self.steps))
        for a, rows in enumerate(s.cycle_owner):
            if rows.size == 0:
                continue
            weight = active[rows] * s.cycle_window[a][None, :]
            total = weight.sum(axis=1)
            mean = s.cycle_rate[a] + s.cycle_rate_per_occupant[a] * s.occupants[rows]
            count = np.where(total > 0, rng.poisson(mean), 0)
            home = np.repeat(np.arange(rows.size), count)
            if home.size == 0:
                continue
            cdf = np.cumsum(weight, axis=1) / np.where(total > 0, total, 1.0)[:, None]
            u = rng.random(home.size)
            step = np.minimum((cdf[home] <= u[:, None]).sum(axis=1), cdf.shape[1] - 1)
            start = np.minimum((step + rng.random(home.size)) * OCC_STEP_MIN, 24 * 60 - s.cycle_min[a])
            if defer_min is not None and s.cycle_deferrable[a]:
                start = deferred_start(start, np.asarray(defer_min)[rows[home]], 24 * 60 - s.cycle_min[a])
            start = one_at_a_time(home, start, float(s.cycle_min[a]))
            target = cooking if s.cycle_end_use[a] == COOKING else other
            add_cycles(target, rows[home], start, float(s.cycle_min[a]), float(s.cycle_kw[a]), self.interval_min)
        return cooking, other

    def plan(self, day_index: int, rest_day: bool, ambient_c: np.ndarray, ghi_w_m2: np.ndarray,
             response: dict | None = None) -> np.ndarray:
        """The homes' day by end use: (END_USES, n, intervals) [kW]. Days must be planned in order
        (the dwellings' and tanks' temperatures carry over). ``response`` (see ``HomeLoads.respond``):
        setpoints, water heaters allowed on and laundry windows of homes answering a DR call.

        A day planned without answers is kept (``planned_day``: its draws, start and end states and
        plan) for re-plans of some of its homes (``sim.home_replan``), so it must not be changed in
        place."""
        self.start_state = tuple(state.copy() for state in self._states())
        out, day = self._plan_all(day_index, rest_day, ambient_c, ghi_w_m2, response or {})
        self.planned_day = None
        if not response:  # the day without answers: what re-plans of it start from
            self.planned_day = {**day, "day_index": int(day_index), "rest_day": bool(rest_day),
                                "ambient_c": np.ascontiguousarray(ambient_c, dtype=np.float64),
                                "ghi_w_m2": np.ascontiguousarray(ghi_w_m2, dtype=np.float64),
                                "start": self.start_state, "plan": out,
                                "end": tuple(state.copy() for state in self._states())}
        return out

    def is_planned_day(self, day_index: int, rest_day: bool, ambient_c, ghi_w_m2) -> bool:
        """True when the day kept without answers (``planned_day``) is this one, in this weather."""
        day = self.planned_day
        return (day is not None and day["day_index"] == int(day_index) and day["rest_day"] == bool(rest_day)
                and np.array_equal(day["ambient_c"], ambient_c) and np.array_equal(day["ghi_w_m2"], ghi_w_m2))

    def _to_intervals(self, counts10: np.ndarray) -> np.ndarray:
        """``counts10 @ self.weights`` (n, intervals) in a sparse kernel: each interval covers two or
        a few of the 144 steps. The bits are those of OpenBLAS's dgemm kernels, which ``@`` uses for
        many homes at 15 minutes (the goldens' runs); a home's bits no longer depend on how many are
        planned together (``@`` sends one home through gemv, and small or one- or two-column products
        along other paths: their last bits differ) nor on the BLAS numpy was built with."""
        from enernet.cext.homes import spread_to_intervals

        out = np.empty((counts10.shape[0], self.steps))
        spread_to_intervals(np.ascontiguousarray(counts10, dtype=np.float64), *self.spread, out)
        return out

    def _plan_all(self, day_index, rest_day, ambient_c, ghi_w_m2, response: dict) -> tuple[np.ndarray, dict]:
        """Every home's day (``plan``), and what a re-plan of it reuses."""
        from enernet.cext.home_cycles import lighting_and_gains
        from enernet.sim.home_thermal import _simulate_into

        s, p = self.spec, self.spec.params
        rng = self._rng(day_index)
        n = s.occupants.shape[0]
        out = np.zeros((len(END_USES), n, self.steps))  # the kernels write each end use's row in place
        active10, present10 = self.occupancy(rng, rest_day)
        drawn = self._cycles_into(rng, active10, response.get("defer_min"), out[COOKING], out[OTHER])
        active = self._to_intervals(active10)  # mean people active / at home in each interval
        present = self._to_intervals(present10)
        dark = (np.asarray(ghi_w_m2) < p["dark_ghi_w_m2"]).astype(np.uint8)
        appliance_kw = np.empty((n, self.steps))  # cooking + other, lighting included
        lighting_and_gains(out[OTHER], out[COOKING], np.ascontiguousarray(s.base_kw, dtype=np.float64), active, dark,
                           float(p["lighting_kw_per_active"]), appliance_kw)
        unmet_j = np.zeros(n)  # each home's hot water short today [J]
        _simulate_into(*self._states(), ambient_c, ghi_w_m2, active, present, appliance_kw, s, self.interval_min,
                       response.get("set_cool"), response.get("set_heat"), response.get("heater_allowed"),
                       out[COOLING], out[HEATING], out[WATER], unmet_j)
        return out, {"active": active, "present": present, "dark": dark, "cycles": drawn, "unmet_j": unmet_j}
