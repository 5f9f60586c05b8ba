"""Homes answering calls one transformer at a time (sim.home_replan, HomeLoads.respond).

A call re-plans only its own homes' rows, in place; after any sequence of calls the day must be what
planning every home from scratch under all the answers so far gives (an independent oracle: the
whole-district plan), with the same bits, and the next day must start from the same states.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from enernet import compose_config
from enernet.configs.schema_homes import HomesConfig
from enernet.scenarios.world.homes import draw_homes, home_spec
from enernet.sim.home_energy import DayPlan, deferred_start
from enernet.sim.home_loads import HomeLoads
from enernet.sim.home_replan import replan_day

STEPS, N = 96, 300
OWNERSHIP = compose_config([]).ownership  # the default site's ownership set


@pytest.fixture(scope="module")
def spec():
    homes = draw_homes(N, HomesConfig().archetype_shares, OWNERSHIP, np.random.default_rng(11))
    return home_spec(homes, HomesConfig())


def _weather(ambient_c: float, days: int) -> tuple[np.ndarray, np.ndarray]:
    hours = np.arange(STEPS) / 4
    ghi = np.clip(800 * np.sin(np.pi * (hours - 6) / 13), 0, None)
    return np.full(days * STEPS, ambient_c) + np.tile(np.sin(hours), days), np.tile(ghi, days)


# (source, start, end [min of day 0], raise [K], water heaters off, laundry postponed, told ahead [min]), in
# the order the homes hear them (a call told ahead is answered that long before its start)
CALLS = [("price", 17 * 60, 20 * 60, 2.0, True, False, 0), ("dr", 14 * 60, 16 * 60, 2.0, False, True, 0),
         ("dr", 18 * 60, 19 * 60, 3.0, True, True, 60), ("dr", 18 * 60 + 30, 20 * 60, 1.0, True, True, 30),
         ("dr", 15 * 60 + 30, 17 * 60, 1.0, False, True, 0)]


def _expected_answers(p, calls_rows: list) -> tuple[dict, dict]:
    """The answers every home should end day 0 with, for every answer and for price answers only,
    from the rules alone: the highest raise asked holds; pre-cooling only where no raise does;
    heaters off in any window that asked it; every laundry window kept."""
    result = []
    for sources in (("price", "dr"), ("price",)):
        raise_k, precool = np.zeros((N, STEPS)), np.zeros((N, STEPS), dtype=bool)
        off, windows = np.zeros((N, STEPS), dtype=bool), [[] for _ in range(N)]
        for (source, start, end, k, heater_off, laundry, lead), rows in calls_rows:
            if source not in sources:
                continue
            window = slice(start // 15, end // 15)
            raise_k[rows, window] = np.maximum(raise_k[rows, window], k)
            precool[rows, (start - lead) // 15:start // 15] = True
            off[rows, window] |= heater_off
            for h in rows if laundry else ():
                windows[h].append((start, end))
        width = max(1, max(len(w) for w in windows))
        defer = np.full((N, width, 2), -1.0)
        for h, w in enumerate(windows):
            if w:
                defer[h, :len(w)] = w
        cool = np.where(raise_k > 0, p["cooling_setpoint_c"] + raise_k,
                        np.where(precool, p["cooling_setpoint_c"] - 1.0, p["cooling_setpoint_c"]))
        heat = np.where(raise_k > 0, p["heating_setpoint_c"] - raise_k,
                        np.where(precool, p["heating_setpoint_c"] + 1.0, p["heating_setpoint_c"]))
        result.append({"set_cool": cool, "set_heat": heat, "heater_allowed": (~off).astype(np.uint8),
                       "defer_min": defer})
    return result[0], result[1]


def _metered(loads, day: int, price: bool, dr: bool) -> np.ndarray:
    return np.stack([loads.answered_kw(day * STEPS + t, price=price, dr=dr) for t in range(STEPS)], axis=1)


def _from_scratch(spec, ambient, ghi, day0_answers) -> tuple[np.ndarray, np.ndarray]:
    """Days 0 and 1 of every home planned whole (no re-plans): day 0 under ``day0_answers``."""
    whole = DayPlan(spec, 15, (3, 4))
    today = whole.plan(0, False, ambient[:STEPS], ghi[:STEPS], day0_answers or None).sum(axis=0)
    return today, whole.plan(1, False, ambient[STEPS:], ghi[STEPS:]).sum(axis=0)


@pytest.mark.parametrize("ambient_c", [33.0, 1.0])
def test_calls_one_transformer_at_a_time_give_the_days_planned_with_their_answers(spec, ambient_c):
    """After calls on overlapping homes (price and DR, pre-cooling, laundry), each model's day is
    the day planned from scratch with its answers, bit for bit; no call changes what was already
    metered; and the next day every model goes on from its own rooms and tanks (the counterfactual
    twins never inherit the answers' temperatures)."""
    ambient, ghi = _weather(ambient_c, 2)
    loads = HomeLoads(DayPlan(spec, 15, (3, 4)), ambient, ghi, 0, dt.date(2025, 7, 14))  # a Monday
    loads.day(0)
    rng, calls_rows = np.random.default_rng(8), []
    for call in CALLS:
        source, start, end, raise_k, heater_off, laundry, lead = call
        rows = rng.choice(N, 60, replace=False)  # overlapping sets, as neighbouring transformers' calls
        now = (start - lead) // 15
        before = [_metered(loads, 0, True, dr)[:, :now] for dr in (True, False)]
        loads.respond(rows, start, end, raise_k, heater_off, laundry, source=source, precool_k=1.0, precool_min=lead)
        for dr, was in zip((True, False), before):
            assert np.array_equal(_metered(loads, 0, True, dr)[:, :now], was)  # the past stays as metered
        calls_rows.append((call, rows))
    every, price_only = _expected_answers(spec.params, calls_rows)
    days = {(True, True): _from_scratch(spec, ambient, ghi, every),
            (True, False): _from_scratch(spec, ambient, ghi, price_only),
            (False, False): _from_scratch(spec, ambient, ghi, None)}
    for (price, dr), (today, _) in days.items():
        assert np.array_equal(_metered(loads, 0, price, dr), today)
    assert not np.array_equal(days[True, True][0], days[True, False][0])  # the answers changed something
    for (price, dr), (_, tomorrow) in days.items():
        assert np.array_equal(_metered(loads, 1, price, dr), tomorrow)
    assert np.array_equal(loads.day(1), days[False, False][1])  # nobody's day goes on from nobody's
    assert not np.array_equal(days[True, True][1], days[False, False][1])  # and the rooms answers left differ


def test_the_same_call_announced_twice_is_answered_once(spec, monkeypatch):
    """The model and its twin without DR events share the homes, and both retailers announce the same
    critical-peak answers: the second announcement plans nothing again and changes no bit."""
    ambient, ghi = _weather(33.0, 1)
    loads = HomeLoads(DayPlan(spec, 15, (3, 4)), ambient, ghi, 0, dt.date(2025, 7, 14))
    loads.day(0)
    rows = np.random.default_rng(9).choice(N, 80, replace=False)
    call = (rows, 17 * 60, 20 * 60, 1.0, True, True)
    loads.respond(*call, source="price")
    once = [_metered(loads, 0, True, dr) for dr in (True, False)]
    replans = []
    monkeypatch.setattr(loads, "_replan", lambda v, r: replans.append(r))
    loads.respond(*call, source="price")
    assert replans == [] and all(np.array_equal(_metered(loads, 0, True, dr), was)
                                 for dr, was in zip((True, False), once))
    loads.respond(rows[:40], 17 * 60, 20 * 60, 2.0, True, True, source="dr")  # another call is answered
    assert len(replans) == 1


def test_a_cycle_moved_by_a_laundry_window_moves_again_if_it_lands_in_a_later_one():
    windows = np.array([[[17 * 60, 19 * 60], [14 * 60, 16 * 60]]] * 4, dtype=float)  # out of order
    start = np.array([15 * 60, 18 * 60, 16 * 60, 10 * 60], dtype=float)
    windows[2, 1] = (16 * 60, 17 * 60 + 30)  # home 2: 16:00 -> 17:30, then inside 17:00-19:00 -> 19:00
    got = deferred_start(start, windows, 23 * 60)
    assert got.tolist() == [16 * 60, 19 * 60, 19 * 60, 10 * 60]
    assert deferred_start(np.array([22.5 * 60]), np.array([[22 * 60, 23.5 * 60]]), 23 * 60).tolist() == [23 * 60]


def test_a_replanned_day_is_the_day_planned_with_its_response(spec):
    """A re-plan recomputes only the answering homes' rows from the day's plan without response;
    it must give what planning every home under that response gives, and leave the same states."""
    p, steps, n = spec.params, STEPS, N
    hours = np.arange(steps) / 4
    ghi = np.clip(800 * np.sin(np.pi * (hours - 6) / 13), 0, None)
    weather = [(np.full(steps, 33.0) + np.sin(hours), ghi), (np.full(steps, 1.0), ghi * 0.3)]
    rng = np.random.default_rng(5)
    for ambient, sun in weather:
        again, whole = DayPlan(spec, 15, (8, 1)), DayPlan(spec, 15, (8, 1))
        for plan in (again, whole):
            plan.plan(0, False, ambient, sun)
        again.plan(1, False, ambient, sun)
        response = {"set_cool": np.full((n, steps), p["cooling_setpoint_c"]),
                    "set_heat": np.full((n, steps), p["heating_setpoint_c"]),
                    "heater_allowed": np.ones((n, steps), dtype=np.uint8), "defer_min": np.full((n, 2), -1.0)}
        unanswered = replan_day(again, 1, False, ambient, sun, response)  # nobody answers: the day as planned
        assert np.array_equal(unanswered, whole.plan(1, False, ambient, sun))
        for now, then in zip(again._states(), whole._states()):
            assert np.array_equal(now, then)
        rows = rng.choice(n, n // 5, replace=False)
        response["set_cool"][rows, 60:72] += 3.0
        response["set_heat"][rows, 60:72] -= 3.0
        response["heater_allowed"][rows[::2], 56:72] = 0
        response["defer_min"][rows] = (15 * 60, 18 * 60)
        fresh = DayPlan(spec, 15, (8, 1))  # the day planned with its response from the start, every home
        fresh.plan(0, False, ambient, sun)
        replanned = replan_day(again, 1, False, ambient, sun, response)
        planned = fresh.plan(1, False, ambient, sun, response)
        assert np.array_equal(replanned, planned)
        assert not np.array_equal(replanned, unanswered)  # the answers changed something
        for now, then in zip(again._states(), fresh._states()):
            assert np.array_equal(now, then)


def test_states_within_a_millionth_of_a_kelvin_take_the_reference_exactly():
    from enernet.sim.home_replan import snap_to

    air, tank, heater = np.array([20.0, 20.0, 20.0, 20.0]), np.array([50.0, 50.0, 50.0, 50.0]), np.array([0.0, 1, 0, 0])
    ref = (air + np.array([5e-7, 2e-6, 0.0, 1e-9]), tank + np.array([0.0, 0.0, 0.0, 0.0]), np.array([0.0, 1, 1, 0]))
    states = (air.copy(), tank.copy(), heater.copy())
    snap_to(states, ref, 1e-6)
    assert states[0][0] == ref[0][0] and states[0][3] == ref[0][3]  # within: the reference's bits
    assert states[0][1] == 20.0 and states[2][2] == 0.0  # 2e-6 K apart, or a heater on in one only: kept


def test_the_next_day_plans_again_only_homes_whose_rooms_and_tanks_differ_by_more_than_the_tolerance(
        spec, monkeypatch):
    """A home whose answer's effect has died away (within ``SAME_STATE_K``) goes on from the day
    nobody answered; one still warmer or cooler is planned again from its own states. The rooms
    relax over days after a critical-peak answer: each day is checked until one ends with homes of
    both kinds."""
    from enernet.sim.home_loads import SAME_STATE_K

    ambient, ghi = _weather(33.0, 6)
    loads = HomeLoads(DayPlan(spec, 15, (3, 4)), ambient, ghi, 0, dt.date(2025, 7, 14))
    loads.day(0)
    loads.respond(np.arange(N), 16 * 60, 18 * 60, 2.0, True, True, source="price")
    replanned = {}
    original = loads._replan
    monkeypatch.setattr(loads, "_replan", lambda v, rows: (replanned.setdefault(id(v), rows), original(v, rows)))
    for day in range(1, 6):
        none_end, price_end = loads.plan.planned_day["end"], loads._variants["price"]["end"]
        gap_k = np.max([np.abs(a.astype(float) - b.astype(float)) for a, b in zip(price_end, none_end)], axis=0)
        expected = np.flatnonzero(gap_k > SAME_STATE_K)
        snapped = np.flatnonzero((gap_k > 0) & (gap_k <= SAME_STATE_K))
        replanned.clear()
        loads.day(day)
        if expected.size and snapped.size:
            break
    assert expected.size and snapped.size, "no day ended with homes of both kinds"
    price = loads._variants["price"]
    assert np.array_equal(replanned[id(price)], expected)
    assert np.array_equal(price["total"][:, snapped], loads._total_t[:, snapped])  # nobody's day, bit for bit


def test_homes_read_only_by_models_without_dr_events_keep_only_the_price_answers(spec):
    """The twins' own process (``scenarios.model.twin_process``) keeps no day with DR answers: a
    critical-peak answer plans its homes once, into the same day a model with every answer keeps."""
    ambient, ghi = _weather(33.0, 2)
    both = HomeLoads(DayPlan(spec, 15, (3, 4)), ambient, ghi, 0, dt.date(2025, 7, 14))
    price_only = HomeLoads(DayPlan(spec, 15, (3, 4)), ambient, ghi, 0, dt.date(2025, 7, 14))
    price_only.keeps_dr_answers = False
    rows = np.arange(0, N, 3)
    for loads in (both, price_only):
        loads.day(0)
        loads.respond(rows, 17 * 60, 20 * 60, 1.0, True, True, source="price")
    assert set(price_only._variants) == {"price"} and set(both._variants) == {"price", "all"}
    assert np.array_equal(_metered(price_only, 0, True, False), _metered(both, 0, True, False))
    assert np.array_equal(_metered(price_only, 1, True, False), _metered(both, 1, True, False))
    with pytest.raises(RuntimeError, match="keep no DR answers"):
        price_only.respond(rows, 17 * 60, 20 * 60, 1.0, True, True, source="dr")
