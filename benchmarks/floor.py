"""The bare floor: what numpy alone needs for the core arithmetic, against the engine's core.

    .venv/bin/python benchmarks/floor.py [--households 10000] [--days 7]

Floor (timed): with base load, PV and EV arrays already in memory (float32, intervals x households),
net load = base - PV + EV, the transformer sums of every interval (households sorted by
transformer, so one np.add.reduceat) and every household's bill = imports x price. The arrays are
the engine's own: the same scenario's loads and PV, generated beforehand (untimed).
Engine core (timed inside the run, ``wall_s``; floor and engine take turns for ``--rounds`` rounds
and each one's fastest counts, since this shared machine's timings vary by tens of per cent): the same scenario with the market, DR and EVs off:
loads with their noise, PV, batteries, power balance with losses, the thermal model, settlement,
the double-entry ledger and the streamed tables. Prints ``engine_core_vs_floor`` (goal <= 5), and ``engine_core_in_memory_vs_floor`` with the
engine's tables kept in memory (Arrow row groups) instead of written to Parquet as the run goes,
as the floor keeps its results.

The floor starts from loads already made; the engine makes them, and drawing one standard normal
per household and interval for the load noise is timed on its own too (``noise_draw_s``: the
engine's counter-based draws, ``cext.noise``; ``numpy_noise_draw_s``: numpy's default generator,
for comparison), so the ratio can also be read against floor + draws.
"""
from __future__ import annotations

import argparse
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


def core_config(households: int, days: int):
    """The district scenario with ``households`` and ``days``, the market, DR and EVs off (the core)."""
    transformers = max(1, households // 50)
    return compose_config(["scenario=district", f"scenario.households={households}", f"scenario.days={days}",
                           f"scenario.transformers={transformers}", f"scenario.feeders={max(1, transformers // 20)}",
                           "run.progress=false", *CORE])


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=10000)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=5,
                        help="rounds of 5 floor calls, one engine run and one in memory; each one's fastest counts")
    parser.add_argument("--floor-only", action="store_true", help="print floor_s only (benchmarks/scale.py)")
    args = parser.parse_args()
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
