"""Planning some homes' day again under their answers to a DR call or a critical-peak price.

Each home's day depends only on its own draws and inputs (its people, its cycles, its dwelling, the
weather), so the homes whose answers changed can be planned again alone, from the day's start and
with the day's draws, and their rows written into the day's plan: the same bits as planning every
home again under the same answers, at the cost of the answering homes only. A DR call on one
transformer's homes then costs what those homes cost, not the whole district (issue 16).

Answers (``response``) are arrays over every home: ``set_cool``, ``set_heat`` (n, intervals) [degC],
``heater_allowed`` (n, intervals) 0/1 and ``defer_min`` (n, 2) or (n, windows, 2) [min of the day]
(laundry windows; empty when the start is not before the end).
"""
from __future__ import annotations

import numpy as np

from enernet.sim.home_energy import COOKING, COOLING, HEATING, OTHER, WATER, DayPlan, _rows_of

RESPONSES = ("set_cool", "set_heat", "heater_allowed", "defer_min")


def answering_rows(plan: DayPlan, response: dict) -> np.ndarray | None:
    """Rows whose answers differ from the default (default setpoints, heaters allowed, no laundry
    window), or None if an answer's array does not have the plan's shape."""
    n, p = plan.spec.occupants.shape[0], plan.spec.params
    differ = np.zeros(n, dtype=bool)
    for name, default in (("set_cool", p["cooling_setpoint_c"]), ("set_heat", p["heating_setpoint_c"]),
                          ("heater_allowed", 1)):
        if response.get(name) is not None:
            values = np.asarray(response[name])
            if values.shape != (n, plan.steps):
                return None
            differ |= (values != default).any(axis=1)
    if response.get("defer_min") is not None:
        window = np.asarray(response["defer_min"])
        if window.shape[0] != n or window.shape[-1] != 2 or window.ndim not in (2, 3):
            return None
        empty = window[..., 0] >= window[..., 1]  # an empty window moves nothing
        differ |= ~(empty if empty.ndim == 1 else empty.all(axis=1))
    return np.flatnonzero(differ)


def differing_rows(states: tuple, other: tuple) -> np.ndarray:
    """Homes whose states (air, mass, tank temperatures, heater on) differ between two sets."""
    differ = np.zeros(states[0].shape[0], dtype=bool)
    for a, b in zip(states, other):
        differ |= a != b
    return np.flatnonzero(differ)


def snap_to(states: tuple, reference: tuple, tolerance_k: float) -> None:
    """Homes whose states are all within ``tolerance_k`` of ``reference``'s [K] (the heater's 0/1 must
    match) take ``reference``'s states exactly, in place (``states`` must be arrays of their own)."""
    close = np.ones(states[0].shape[0], dtype=bool)
    for a, b in zip(states, reference):
        close &= np.abs(np.subtract(a, b, dtype=np.float64)) <= tolerance_k
    rows = np.flatnonzero(close)
    for a, b in zip(states, reference):
        a[rows] = b[rows]


def add_answers(answers: dict, rows: np.ndarray, window: slice, params: dict, raise_k: float,
                before: slice | None = None, precool_k: float = 0.0, water_heater_off: bool = False,
                defer_window: tuple | None = None) -> dict:
    """``answers`` with homes ``rows`` answering a call over the intervals ``window``: the cooling
    setpoint at least ``raise_k`` above the default there (the highest raise asked holds), the heating
    setpoint at least as far below; pre-cooling (pre-heating) ``precool_k`` over ``before`` where no
    raise holds; water heaters off if asked; laundry windows ``defer_window`` [min of the day] added
    to each home's (a later call never moves cycles an earlier one moved: every window is kept).
    Updates the arrays in place; returns ``answers`` (``defer_min`` may grow a window column)."""
    cool, heat = params["cooling_setpoint_c"], params["heating_setpoint_c"]
    set_cool, set_heat = answers["set_cool"], answers["set_heat"]
    set_cool[rows, window] = np.maximum(set_cool[rows, window], cool + raise_k)
    set_heat[rows, window] = np.minimum(set_heat[rows, window], heat - raise_k)
    if before is not None and precool_k > 0:
        now = set_cool[rows, before]
        set_cool[rows, before] = np.where(now > cool, now, np.minimum(now, cool - precool_k))
        now = set_heat[rows, before]
        set_heat[rows, before] = np.where(now < heat, now, np.maximum(now, heat + precool_k))
    if water_heater_off:
        answers["heater_allowed"][rows, window] = 0
    if defer_window is not None and rows.size:
        windows = answers["defer_min"]
        empty = windows[rows, :, 0] >= windows[rows, :, 1]
        if not empty.any(axis=1).all():  # a home with every window taken: one more for everybody
            windows = answers["defer_min"] = np.concatenate([windows, np.full((windows.shape[0], 1, 2), -1.0)],
                                                            axis=1)
            empty = windows[rows, :, 0] >= windows[rows, :, 1]
        windows[rows, empty.argmax(axis=1)] = defer_window
    return answers


def replan_rows(plan: DayPlan, rows: np.ndarray, response: dict, out: np.ndarray, end: tuple,
                start: tuple | None = None, unmet_j: np.ndarray | None = None) -> None:
    """Homes ``rows`` of the last day ``plan`` planned without answers, planned again with its draws
    under ``response`` from the day's start states (or ``start``'s, arrays over every home, as
    ``DayPlan._states()``): their end uses written into ``out``'s rows (END_USES, n, intervals) [kW]
    and their end-of-day states into ``end``'s. ``out`` and ``end`` start as that day's plan and end
    states (copies: it must not change in place). ``unmet_j`` (n,) or None: their hot water short
    today [J] written into its rows."""
    from enernet.cext.home_cycles import lighting_and_gains
    from enernet.sim.home_thermal import _simulate_into

    day, s, p = plan.planned_day, plan.spec, plan.spec.params
    if day is None:
        raise RuntimeError("replan_rows: no day planned without answers to start from")
    if set(response) - set(RESPONSES):
        raise ValueError(f"replan_rows: unknown answers {sorted(set(response) - set(RESPONSES))}; "
                         f"allowed: {list(RESPONSES)}")
    rows = np.unique(np.asarray(rows, dtype=np.int64))  # sorted: the cycle kernels take homes in order
    if not rows.size:
        return
    m, index = rows.size, np.full(s.occupants.shape[0], -1, dtype=np.int64)
    index[rows] = np.arange(m)
    cooking, other = np.zeros((m, plan.steps)), np.zeros((m, plan.steps))
    defer = response.get("defer_min")
    for a, home_row, drawn_min, laid_min in day["cycles"]:  # the answering homes' cycles, in order
        home = index[home_row]
        keep = home >= 0
        if keep.any():
            begin_min = (plan._deferred(a, drawn_min[keep], defer, home_row[keep])
                         if s.cycle_deferrable[a] and defer is not None else laid_min[keep])
            mine = np.ascontiguousarray(home[keep])
            plan._lay(a, mine, mine, np.array(begin_min, dtype=np.float64),
                      cooking if s.cycle_end_use[a] == COOKING else other)
    active, present = day["active"][rows], day["present"][rows]
    appliance_kw = np.empty((m, plan.steps))
    lighting_and_gains(other, cooking, np.ascontiguousarray(s.base_kw[rows], dtype=np.float64), active,
                       day["dark"], float(p["lighting_kw_per_active"]), appliance_kw)
    states = tuple(state[rows].copy() for state in (day["start"] if start is None else start))
    cool, heat, water = (np.empty((m, plan.steps)) for _ in range(3))
    short_j = np.empty(m)
    pick = (lambda name: None if response.get(name) is None else np.asarray(response[name])[rows])
    _simulate_into(*states, day["ambient_c"], day["ghi_w_m2"], active, present, appliance_kw, _rows_of(s, rows),
                   plan.interval_min, pick("set_cool"), pick("set_heat"), pick("heater_allowed"), cool, heat, water,
                   short_j)
    for k, part in zip((COOLING, HEATING, WATER, COOKING, OTHER), (cool, heat, water, cooking, other)):
        out[k, rows] = part
    for whole, part in zip(end, states):
        whole[rows] = part
    if unmet_j is not None:
        unmet_j[rows] = short_j


def replan_day(plan: DayPlan, day_index: int, rest_day: bool, ambient_c, ghi_w_m2, response: dict) -> np.ndarray:
    """``plan``'s last planned day again from its start under ``response`` (same draws): (END_USES,
    n, intervals) [kW]. From the day planned without answers, only the answering homes' rows again;
    planned whole when that day is not the one asked for."""
    same_day = plan.is_planned_day(day_index, rest_day, ambient_c, ghi_w_m2)
    rows = answering_rows(plan, response) if same_day and not set(response) - set(RESPONSES) else None
    if rows is None:
        for now, then in zip(plan._states(), plan.start_state):
            np.copyto(now, then)
        return plan.plan(day_index, rest_day, ambient_c, ghi_w_m2, response)
    day = plan.planned_day
    out, end = day["plan"].copy(), tuple(state.copy() for state in day["end"])
    replan_rows(plan, rows, response, out, end)
    for now, then in zip(plan._states(), end):
        np.copyto(now, then)
    return out
