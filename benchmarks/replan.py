"""What a DR call costs homes of appliances: the answering homes' day planned again (sim.home_replan).

    .venv/bin/python benchmarks/replan.py            # about half a minute on 2 cores

10,000 homes on a hot July day at 15 minutes (the default site's weather). A call asks one
transformer's homes (50, as the district's) to answer; the district's calls of a day come one after
another on other transformers' homes. Prints the day plan's cost, then each call's: re-planning
only its own homes (``HomeLoads.respond``) against planning every home again under the answers so
far (``DayPlan.plan`` with a response: what each call cost before). Both give the same bits
(tests/scenarios/test_home_replan.py); this measures the difference in time, in the same run.
"""
from __future__ import annotations

import datetime as dt
import time

import numpy as np

from enernet import compose_config
from enernet.scenarios.world.homes import draw_homes, home_spec
from enernet.scenarios.world.weather import load_typical_year
from enernet.sim.home_energy import DayPlan
from enernet.sim.home_loads import HomeLoads

HOMES, PER_TRANSFORMER, CALLS, STEPS = 10_000, 50, 30, 96


def main() -> None:
    cfg = compose_config(["homes.model=appliances"])
    weather = load_typical_year("greensboro_nc")
    homes = draw_homes(HOMES, cfg.homes.archetype_shares, cfg.ownership, np.random.default_rng(0))
    spec = home_spec(homes, cfg.homes)
    july = (dt.date(2025, 7, 15) - dt.date(2025, 1, 1)).days * 24  # the typical year's hours from Jan 1
    hours = np.arange(july, july + 48)
    ambient = np.repeat(np.asarray(weather.temp_air_c)[hours], 4)
    ghi = np.repeat(np.asarray(weather.ghi_w_m2)[hours], 4)
    loads = HomeLoads(DayPlan(spec, 15, (1, 2)), ambient, ghi, 0, dt.date(2025, 7, 15))
    t = time.perf_counter()
    loads.day(0)
    plan_s = time.perf_counter() - t
    print(f"the day's plan (the run's first, memory untouched): {plan_s * 1e3:.0f} ms for {HOMES:,} homes "
          f"({plan_s / (HOMES * STEPS) * 1e9:.0f} ns per home-interval)")
    rng = np.random.default_rng(3)
    transformers = rng.permutation(HOMES // PER_TRANSFORMER)[:CALLS]
    whole = DayPlan(spec, 15, (1, 2))
    whole.plan(0, False, ambient[:STEPS], ghi[:STEPS])
    rows_s, whole_s = [], []
    for k, transformer in enumerate(transformers):
        rows = np.arange(transformer * PER_TRANSFORMER, (transformer + 1) * PER_TRANSFORMER)
        start = (16 * 60 + 15 * (k % 8))  # calls through the afternoon
        t = time.perf_counter()
        loads.respond(rows, start, start + 120, 2.0, True, True, precool_k=1.0, precool_min=60)
        rows_s.append(time.perf_counter() - t)
        answers = loads._variants["all"]["answers"]
        t = time.perf_counter()  # before: every home planned again under every answer so far
        for now, then in zip(whole._states(), whole.start_state):
            np.copyto(now, then)
        whole.plan(0, False, ambient[:STEPS], ghi[:STEPS], answers)
        whole_s.append(time.perf_counter() - t)
    print(f"calls: {CALLS} of {PER_TRANSFORMER} homes each (a transformer's), 2 K raise, pre-cooling, "
          "heaters off, laundry postponed")
    print(f"per call, only its homes re-planned: median {np.median(rows_s) * 1e3:.1f} ms, "
          f"first {rows_s[0] * 1e3:.1f} ms (it opens the day with answers: copies of the plan)")
    print(f"per call, every home planned again: median {np.median(whole_s) * 1e3:.0f} ms "
          f"({np.median(whole_s) / np.median(rows_s):.0f}x)")


if __name__ == "__main__":
    main()
