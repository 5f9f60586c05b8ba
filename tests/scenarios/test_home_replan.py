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
from enernet.sim.home_energy import DayPlan
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


@pytest.mark.parametrize("ambient_c", [33.0, 1.0])
def test_calls_one_transformer_at_a_time_give_the_day_planned_with_every_answer(spec, ambient_c):
    p = spec.params
    ambient, ghi = _weather(ambient_c, 2)
    loads = HomeLoads(DayPlan(spec, 15, (3, 4)), ambient, ghi, 0, dt.date(2025, 7, 14))  # a Monday
    loads.day(0)
    rng = np.random.default_rng(8)
    answers = {"set_cool": np.full((N, STEPS), p["cooling_setpoint_c"]),
               "set_heat": np.full((N, STEPS), p["heating_setpoint_c"]),
               "heater_allowed": np.ones((N, STEPS), dtype=np.uint8), "defer_min": np.full((N, 2), -1.0)}
    price_only = {k: v.copy() for k, v in answers.items()}
    calls = [("price", 17 * 60, 20 * 60, 2.0, True, False, 0), ("dr", 18 * 60, 19 * 60, 3.0, True, True, 60),
             ("dr", 14 * 60, 16 * 60, 2.0, False, True, 0), ("dr", 18 * 60 + 30, 20 * 60, 1.0, True, False, 30)]
    for source, start, end, raise_k, heater_off, laundry, lead in calls:
        rows = rng.choice(N, 60, replace=False)  # overlapping sets, as neighbouring transformers' calls
        loads.respond(rows, start, end, raise_k, heater_off, laundry, source=source, precool_k=1.0, precool_min=lead)
        for r in ([answers, price_only] if source == "price" else [answers]):
            window = slice(start // 15, end // 15)
            r["set_cool"][rows, window] = p["cooling_setpoint_c"] + raise_k
            r["set_heat"][rows, window] = p["heating_setpoint_c"] - raise_k
            if lead:
                before = slice((start - lead) // 15, start // 15)
                r["set_cool"][rows, before] = p["cooling_setpoint_c"] - 1.0
                r["set_heat"][rows, before] = p["heating_setpoint_c"] + 1.0
            if heater_off:
                r["heater_allowed"][rows, window] = 0
            if laundry:
                r["defer_min"][rows] = (start, end)
    for response, price, dr in ((answers, True, True), (price_only, True, False)):
        whole = DayPlan(spec, 15, (3, 4))  # every home, planned from scratch under the answers so far
        expected = whole.plan(0, False, ambient[:STEPS], ghi[:STEPS], response).sum(axis=0)
        got = np.stack([loads.answered_kw(t, price=price, dr=dr) for t in range(STEPS)], axis=1)
        assert np.array_equal(got, expected)
    unanswered = DayPlan(spec, 15, (3, 4)).plan(0, False, ambient[:STEPS], ghi[:STEPS]).sum(axis=0)
    got = np.stack([loads.answered_kw(t, price=False, dr=False) for t in range(STEPS)], axis=1)
    assert np.array_equal(got, unanswered)  # the plan without answers is left as it was
    # tomorrow starts where the day with every answer ended
    whole = DayPlan(spec, 15, (3, 4))
    whole.plan(0, False, ambient[:STEPS], ghi[:STEPS], answers)
    tomorrow = whole.plan(1, False, ambient[STEPS:], ghi[STEPS:]).sum(axis=0)
    assert np.array_equal(loads.day(1), tomorrow)


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
