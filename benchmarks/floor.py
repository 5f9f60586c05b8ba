"""The bare floor: what numpy alone needs for the core arithmetic, against the engine's core.

    .venv/bin/python benchmarks/floor.py [--households 10000] [--days 7]

Floor (timed): with base load, PV and EV arrays already in memory (float32, intervals x households),
net load = base - PV + EV, the transformer sums of every interval (households sorted by
transformer, so one np.add.reduceat) and every household's bill = imports x price. The arrays are
the engine's own: the same scenario's loads and PV, generated beforehand (untimed).
Engine core (timed inside the run, ``wall_s``; floor and engine take turns for ``--rounds`` rounds
and each one's fastest counts, since this shared machine's timings vary by tens of per cent): the same
scenario with the market, DR and EVs off and households' loads from the load profile
(``homes.model=profile``, pinned: the default is now homes of appliances, measured with ``--appliances``):
loads with their noise, PV, batteries, power balance with losses, the thermal model, settlement,
the double-entry ledger and the streamed tables. Prints ``engine_core_vs_floor`` (goal <= 5), and
``engine_core_in_memory_vs_floor`` with the engine's tables kept in memory (Arrow row groups) instead of
written to Parquet as the run goes, as the floor keeps its results.

With ``--appliances`` it also measures homes of appliances (``homes.model=appliances``): their floor is
the core floor plus the homes' day plans as numpy alone computes them (``numpy_day_plan``: numpy's
Philox draws, the occupancy chain's numpy reference, people counted per home by a cumulative sum,
the cycles' numpy reference with ``np.add.at``, the two matmuls, lighting, the thermal model's numpy
reference), every day of the run, on the same homes; the engine is the same core with
``homes.model=appliances``. Prints ``engine_core_appliances_vs_floor`` (goal <= 10), and the same
ratio with the world's building (drawing the homes and calibrating their behaviour, about 3 s
whatever the size) added to the engine's time (``..._with_build_vs_floor``). Before timing, the numpy
plan of the first day is checked against the engine's ``DayPlan.plan``: the same bits where numpy's
``@`` runs OpenBLAS's dgemm kernels (many homes at 15 minutes, as here; ``DayPlan`` repeats their
rounding in a sparse kernel), else within 1e-9 relative.

The floor starts from loads already made; the engine makes them, and drawing one standard normal
per household and interval for the load noise is timed on its own too (``noise_draw_s``: the
engine's counter-based draws, ``cext.noise``; ``numpy_noise_draw_s``: numpy's default generator,
for comparison), so the ratio can also be read against floor + draws.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time

import numpy as np

from enernet import compose_config, run_scenario
from enernet.cext.noise import fill_normals
from enernet.scenarios.model.model import EnernetModel
from enernet.scenarios.world.builder import build_world

# No warm-up: engine and floor (or reference) compare over the same households and intervals.
CORE = ["market=none", "dr=none", "tariff=flat", "ev.share=0", "scenario.warmup_days=0"]


def core_config(households: int, days: int, homes: str = "profile"):
    """The district scenario with ``households`` and ``days``, the market, DR and EVs off (the core),
    households' loads from ``homes`` (``homes.model``: the load profile, as the core's goal was set,
    whatever the default; or ``appliances``)."""
    transformers = max(1, households // 50)
    return compose_config(["scenario=district", f"scenario.households={households}", f"scenario.days={days}",
                           f"scenario.transformers={transformers}", f"scenario.feeders={max(1, transformers // 20)}",
                           "run.progress=false", *CORE, f"homes.model={homes}"])


def floor_seconds(cfg, world=None) -> float:
    """The floor's time for ``cfg``'s households and intervals: the fastest of 5 calls (inputs untimed)."""
    floor = make_floor(cfg, world)
    return min(_timed(floor) for _ in range(5))


def make_floor(cfg, world=None):
    """The floor as a function of nothing, over ``cfg``'s households and intervals (inputs made here)."""
    world = build_world(cfg) if world is None else world
    n, steps = world.population.n, world.clock.n_intervals
    base = np.empty((steps, n), dtype=np.float32)
    pv = np.empty((steps, n), dtype=np.float32)
    row_load, row_pv = np.zeros(n), np.zeros(n)
    for k in range(steps):  # the inputs, untimed
        base[k] = world.loads.next(k, row_load)
        row_pv.fill(0.0)
        pv[k] = world.pv.next(k, row_pv)
    ev = np.zeros((steps, n), dtype=np.float32)
    price = np.full(steps, float(cfg.tariff.energy_price_per_kwh), dtype=np.float32)
    starts = np.flatnonzero(np.r_[True, np.diff(world.network.transformer_of_household) != 0])

    def floor() -> tuple[np.ndarray, np.ndarray]:
        net = base - pv + ev
        transformer_kw = np.add.reduceat(net, starts, axis=1)
        bills = (np.maximum(net, 0.0) * price[:, None]).sum(axis=0) * np.float32(world.clock.interval_h)
        return transformer_kw, bills

    floor()  # warm
    return floor


def count_people(states: np.ndarray, first_person: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Active and present people per home and 10-minute step (numpy: a cumulative sum down the
    people, who are sorted by home, read at each home's first and last; 5x ``np.add.reduceat``)."""
    from enernet.sim.home_energy import ACTIVE, AWAY

    ends = np.append(first_person[1:], states.shape[0])
    counts = []
    for mask in (states == ACTIVE, states != AWAY):
        total = np.zeros((states.shape[0] + 1, states.shape[1]), dtype=np.int32)
        np.cumsum(mask, axis=0, out=total[1:])
        counts.append((total[ends] - total[first_person]).astype(np.float64))
    return counts[0], counts[1]


def numpy_day_plan(plan, day_index: int, rest_day: bool, ambient_c, ghi_w_m2) -> np.ndarray:
    """``plan``'s day (``sim.home_energy.DayPlan.plan`` without response) with numpy only: the same
    draws and arithmetic through the numpy references of its kernels."""
    from enernet.sim.home_energy import draw_states_reference
    from enernet.sim.home_thermal import simulate_day_reference

    s, p = plan.spec, plan.spec.params
    rng = plan._rng(day_index)
    roles = np.where(s.person_works, 0, 1) if not rest_day else np.full(s.person_works.shape[0], 2)
    states = draw_states_reference(s.occupancy_cumulative, s.occupancy_start, roles,
                                   rng.random((roles.shape[0], s.occupancy_cumulative.shape[1] + 1)))
    active10, present10 = count_people(states, s.first_person)
    cooking, other = plan._cycles_reference(rng, active10)
    active, present = active10 @ plan.weights, present10 @ plan.weights
    dark = ghi_w_m2 < p["dark_ghi_w_m2"]
    other += s.base_kw[:, None] + p["lighting_kw_per_active"] * np.minimum(active, 3.0) * dark
    cool, heat, water = simulate_day_reference(*plan._states(), ambient_c, ghi_w_m2, active, present, cooking + other,
                                               s, plan.interval_min)
    return np.stack([cool, heat, water, cooking, other])


def make_appliance_floor(cfg, world):
    """The homes' day plans of every day of ``cfg`` with numpy only (``numpy_day_plan``), as a function
    of nothing; checks the first day against the engine's ``DayPlan.plan`` bit for bit."""
    from enernet.sim.home_energy import DayPlan

    loads = world.loads  # sim.home_loads.HomeLoads: its plan and the weather over the run
    steps, days = loads.steps, world.clock.days
    first_day = loads.first_interval // steps
    inputs = [(day - first_day, (loads.start + dt.timedelta(days=day)).weekday() >= 5,
               loads.ambient_c[(day - first_day) * steps:(day - first_day + 1) * steps],
               loads.ghi_w_m2[(day - first_day) * steps:(day - first_day + 1) * steps]) for day in range(days)]
    def fresh() -> DayPlan:
        return DayPlan(loads.plan.spec, loads.plan.interval_min, loads.plan.keys)

    numpy_plan, engine_plan = numpy_day_plan(fresh(), *inputs[0]), fresh().plan(*inputs[0])
    # bits, unless ``@`` left dgemm's kernels (few homes, long intervals, another BLAS): last bits
    if not np.array_equal(numpy_plan, engine_plan) and not np.allclose(numpy_plan, engine_plan, rtol=1e-9, atol=1e-12):
        raise AssertionError("the numpy day plan is not the engine's")

    def floor() -> None:
        plan = fresh()
        for day_inputs in inputs:
            numpy_day_plan(plan, *day_inputs)

    return floor


def appliances_main(args) -> None:
    """``--appliances``: the core with homes of appliances against its floor, taking turns."""
    cfg = core_config(args.households, args.days, "appliances")
    world = build_world(cfg)
    core_floor, plans_floor = make_floor(cfg, world), make_appliance_floor(cfg, world)
    core_times, plan_times, engine_times, whole_times = [], [], [], []
    for _ in range(args.rounds):
        core_times += [_timed(core_floor) for _ in range(5)]
        plan_times.append(_timed(plans_floor))
        started = time.perf_counter()
        engine_times.append(_engine_run_s(cfg))
        whole_times.append(time.perf_counter() - started)
    core_s, plans_s, engine_s = min(core_times), min(plan_times), min(engine_times)
    floor_s, whole_s = core_s + plans_s, min(whole_times)
    home_intervals = world.population.n * world.clock.n_intervals
    print(f"cores={os.cpu_count()}")
    print(f"households={world.population.n}")
    print(f"intervals={world.clock.n_intervals}")
    print(f"floor_core_s={core_s:.4f}")
    print(f"floor_day_plans_s={plans_s:.4f}")
    print(f"floor_day_plans_ns_per_home_interval={plans_s / home_intervals * 1e9:.0f}")
    print(f"floor_appliances_s={floor_s:.4f}")
    print(f"engine_core_appliances_s={engine_s:.4f}")
    print(f"engine_core_appliances_ns_per_home_interval={engine_s / home_intervals * 1e9:.0f}")
    print(f"engine_core_appliances_vs_floor={engine_s / floor_s:.2f}")
    print(f"engine_core_appliances_vs_core_floor={engine_s / core_s:.1f}")
    print(f"engine_core_appliances_with_build_s={whole_s:.4f}")
    print(f"engine_core_appliances_with_build_vs_floor={whole_s / floor_s:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=10000)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=5,
                        help="rounds of 5 floor calls, one engine run and one in memory; each one's fastest counts")
    parser.add_argument("--floor-only", action="store_true", help="print floor_s only (benchmarks/scale.py)")
    parser.add_argument("--appliances", action="store_true",
                        help="homes of appliances: the core with homes.model=appliances against its floor")
    args = parser.parse_args()
    if args.appliances and args.floor_only:
        cfg = core_config(args.households, args.days, "appliances")
        world = build_world(cfg)
        core, plans = make_floor(cfg, world), make_appliance_floor(cfg, world)
        core_s, plans_s = min(_timed(core) for _ in range(10)), min(_timed(plans) for _ in range(2))
        print(f"floor_s={core_s:.6f}")
        print(f"floor_appliances_s={core_s + plans_s:.6f}")
        return
    if args.appliances:
        appliances_main(args)
        return
    cfg = core_config(args.households, args.days)
    world = build_world(cfg)
    n, steps = world.population.n, world.clock.n_intervals
    floor = make_floor(cfg, world)
    if args.floor_only:
        print(f"floor_s={min(_timed(floor) for _ in range(10)):.6f}")
        return
    # This shared machine's speed drifts by tens of per cent over seconds: the floor and the engine
    # take turns, round by round, and each one's fastest counts.
    floor_times, engine_times, in_memory_times = [], [], []
    for _ in range(args.rounds):
        floor_times += [_timed(floor) for _ in range(5)]
        engine_times.append(_engine_run_s(cfg))
        in_memory_times.append(engine_in_memory_s(cfg))
    floor_s, engine_s, in_memory_s = min(floor_times), min(engine_times), min(in_memory_times)
    rng, draws = np.random.default_rng(0), np.empty(world.clock.intervals_per_day * n)

    def noise() -> None:
        for day in range(world.clock.days):
            fill_normals(*world.loads.noise_keys, day * draws.size, draws)

    def numpy_noise() -> None:
        for _ in range(world.clock.days):
            rng.standard_normal(out=draws)

    noise_s = min(_timed(noise) for _ in range(3))
    numpy_noise_s = min(_timed(numpy_noise) for _ in range(3))
    print(f"cores={os.cpu_count()}")
    print(f"households={n}")
    print(f"intervals={steps}")
    print(f"floor_s={floor_s:.4f}")
    print(f"engine_core_s={engine_s:.4f}")
    print(f"engine_core_vs_floor={engine_s / floor_s:.2f}")
    print(f"engine_core_in_memory_s={in_memory_s:.4f}")
    print(f"engine_core_in_memory_vs_floor={in_memory_s / floor_s:.2f}")
    print(f"noise_draw_s={noise_s:.4f}")
    print(f"noise_draw_vs_floor={noise_s / floor_s:.2f}")
    print(f"engine_core_vs_floor_plus_noise_draw={engine_s / (floor_s + noise_s):.2f}")
    print(f"numpy_noise_draw_s={numpy_noise_s:.4f}")


def _engine_run_s(cfg) -> float:
    """The engine's own timing of one run (``wall_s``: the simulation, tables written as it goes)."""
    with tempfile.TemporaryDirectory() as tmp:
        return run_scenario(cfg, f"{tmp}/run", progress=False)["wall_s"]


def engine_in_memory_s(cfg) -> float:
    """The engine's simulation time with its tables kept in memory (Arrow row groups), as the floor and
    the Mesa reference keep their results: the like-for-like figure (``reference_mesa.py`` uses it too).
    Writing every table to Parquet as the run goes costs a fifth of the core's time at 10,000
    households (the per-transformer table), mostly per column chunk."""
    model = EnernetModel(cfg)
    model.run()
    model.recorder.close()
    return model.wall_s


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
