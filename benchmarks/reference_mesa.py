"""A per-agent Mesa reference of enernet's core, and the engine's speed against it, in one run.

    .venv/bin/python benchmarks/reference_mesa.py [--households 1000] [--days 7]

The reference is what a Mesa tutorial would write: each household is an agent whose ``step()``
computes its own load (standard profile x annual consumption x its AR(1) noise, drawing its own
innovation), its PV, its battery's self-consumption dispatch, adds its net load to its
transformer and its energy charge or feed-in credit to its bill, every interval; the model steps
the agents and collects the transformer loads. It uses the engine's scenario builder for its
inputs (profiles, PV, the population) and the same keyed noise (``cext.noise.normal``: each agent
asks for its own draw by interval and row, so the numbers are the engine's), so both simulate the
same world.

The engine runs the same scenario with the market, DR and EVs off (its core; ``Model.run()``
then advances a day per kernel call, ``scenarios.model.day_batch``). The script checks that the
per-transformer loads of every interval and every household's charges and credits agree to 1e-9
and prints the speed ratio reference / engine (goal >= 100), each side's fastest of several runs
taken in turns: against the engine writing its run directory (``engine_s``) and against the engine
keeping its tables in memory as the reference does (``engine_in_memory_s``).
"""
from __future__ import annotations

import argparse
import math
import os
import tempfile
import time

import numpy as np
from floor import engine_in_memory_s  # benchmarks/floor.py, beside this script

from enernet import compose_config, load_run, run_scenario
from enernet.cext.noise import fill_normals, normal
from enernet.scenarios.world.builder import build_world
from enernet.sim.mesa_compat import mesa
from enernet.sim.rng import counter_keys

# No warm-up: engine and floor (or reference) compare over the same households and intervals.
CORE = ["market=none", "dr=none", "tariff=flat", "ev.share=0", "scenario.warmup_days=0"]


class ReferenceHousehold(mesa.Agent):
    def __init__(self, model, row: int):
        super().__init__(model)
        pop = model.world.population
        self.row = row
        self.annual_kwh = float(pop.annual_kwh[row])
        self.offset = int(model.world.loads.offset[row])
        self.pv_kwp = float(pop.pv_kwp[row])
        self.pv_class = int(pop.pv_class[row])
        self.capacity_kwh = float(pop.battery_capacity_kwh[row])
        self.power_kw = float(pop.battery_power_kw[row])
        self.soc_kwh = float(pop.battery_soc_kwh[row])
        self.transformer = int(pop.transformer[row])
        self.log_noise = 0.0
        self.energy_charge = 0.0
        self.feed_in_credit = 0.0

    def step(self) -> None:
        m = self.model
        k = m.interval
        load = m.profile[k + self.offset] * self.annual_kwh * math.exp(self.log_noise - 0.5 * m.sigma**2)
        innovation = normal(*m.noise_keys, (k + 1) * m.n + self.row)
        self.log_noise = m.phi * self.log_noise + m.innovation_sigma * innovation
        pv = self.pv_kwp * m.pv_profile[k, self.pv_class] if self.pv_kwp > 0 else 0.0
        net = load - pv
        if self.capacity_kwh > 0:
            eta, dt = m.eta, m.dt_h
            surplus = -net
            charge = min(max(surplus, 0.0), self.power_kw, max((self.capacity_kwh - self.soc_kwh) / (eta * dt), 0.0))
            discharge = min(max(-surplus, 0.0), self.power_kw, max(self.soc_kwh * eta / dt, 0.0))
            self.soc_kwh = min(max(self.soc_kwh + (charge * eta - discharge / eta) * dt, 0.0), self.capacity_kwh)
            net += charge - discharge
        m.transformer_kw[self.transformer] += net
        if net > 0:
            self.energy_charge += net * m.dt_h * m.price
        elif net < 0:
            self.feed_in_credit += -net * m.dt_h * m.feed_in


class ReferenceModel(mesa.Model):
    def __init__(self, cfg):
        super().__init__(seed=int(cfg.seed))
        self.world = build_world(cfg)
        s = cfg.scenario
        self.profile = self.world.loads.profile
        self.pv_profile = self.world.pv.profile
        self.sigma = float(s.load_noise_sigma)
        self.phi = float(s.load_noise_autocorrelation)
        self.innovation_sigma = self.sigma * math.sqrt(1.0 - self.phi**2)
        self.dt_h = self.world.clock.interval_h
        self.eta = math.sqrt(float(cfg.battery.round_trip_efficiency))
        self.price = float(cfg.tariff.energy_price_per_kwh)
        self.feed_in = float(cfg.tariff.feed_in_price_per_kwh)
        self.interval = 0
        # The noise: draw (row r, household h) is number r * n + h of the keyed family, as in the engine.
        self.noise_keys = counter_keys(cfg.seed, "load_noise")
        self.n = self.world.population.n
        start = np.empty(self.n)
        fill_normals(*self.noise_keys, 0, start)
        start *= self.sigma
        for row in range(self.n):
            ReferenceHousehold(self, row).log_noise = float(start[row])
        self.transformer_kw = np.zeros(self.world.network.n_transformers)
        self.transformer_log = []

    def step(self) -> None:
        self.transformer_kw[:] = 0.0
        self.agents.do("step")
        self.transformer_log.append(self.transformer_kw.copy())
        self.interval += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=1000)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of engine runs and one reference run")
    parser.add_argument("--engine-runs", type=int, default=3, help="engine runs per round")
    args = parser.parse_args()
    transformers = max(1, args.households // 50)
    cfg = compose_config(["scenario=district", f"scenario.households={args.households}", f"scenario.days={args.days}",
                          f"scenario.transformers={transformers}", f"scenario.feeders={max(1, transformers // 20)}",
                          "run.progress=false", *CORE])
    # This shared machine's speed drifts by tens of per cent over seconds: the two sides take turns,
    # round by round, and each side's fastest run counts.
    engine_times, in_memory_times, reference_times = [], [], []
    for _ in range(args.rounds):
        for _ in range(args.engine_runs):
            with tempfile.TemporaryDirectory() as tmp:
                engine_times.append(run_scenario(cfg, f"{tmp}/run", progress=False)["wall_s"])
                run = load_run(f"{tmp}/run")
            in_memory_times.append(engine_in_memory_s(cfg))
        reference = ReferenceModel(cfg)
        started = time.perf_counter()
        for _ in range(reference.world.clock.n_intervals):
            reference.step()
        reference_times.append(time.perf_counter() - started)
    engine_s, in_memory_s, reference_s = min(engine_times), min(in_memory_times), min(reference_times)

    engine_kw = run.transformers.pivot(index="interval", columns="transformer", values="load_kw").to_numpy()
    bills = run.bills.groupby("household")[["energy_charge", "feed_in_credit"]].sum()
    reference_kw = np.array(reference.transformer_log)
    agents = sorted(reference.agents, key=lambda a: a.row)
    charges = np.array([a.energy_charge for a in agents])
    credits = np.array([a.feed_in_credit for a in agents])
    load_diff = float(np.abs(engine_kw - reference_kw).max())
    money_diff = float(max(np.abs(bills["energy_charge"].to_numpy() - charges).max(),
                           np.abs(bills["feed_in_credit"].to_numpy() - credits).max()))
    print(f"cores={os.cpu_count()}")
    print(f"households={args.households}")
    print(f"intervals={cfg.scenario.days * 1440 // cfg.scenario.interval_min}")
    print(f"engine_s={engine_s:.4f}")
    print(f"engine_s_median={np.median(engine_times):.4f}")
    print(f"reference_mesa_s={reference_s:.3f}")
    print(f"reference_mesa_s_median={np.median(reference_times):.3f}")
    print(f"engine_in_memory_s={in_memory_s:.4f}")
    print(f"reference_mesa_speedup_engine={reference_s / engine_s:.0f}")
    print(f"reference_mesa_speedup_engine_in_memory={reference_s / in_memory_s:.0f}")
    print(f"reference_mesa_max_abs_diff_transformer_kw={load_diff:.2e}")
    print(f"reference_mesa_max_abs_diff_bill={money_diff:.2e}")
    print(f"reference_mesa_identical_to_1e-9={load_diff <= 1e-9 and money_diff <= 1e-9}")


if __name__ == "__main__":
    main()
