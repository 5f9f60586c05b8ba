"""The Mesa model: owns one SimPy environment, the population arrays and the agents.

``step()`` advances the SimPy clock by one market interval, so Mesa's own tools drive the same
model; ``run()`` runs to the end of the horizon.
"""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import simpy
from omegaconf import OmegaConf

from enernet.agents import DGOwner, EVOwner, GridOperator, Household, Retailer
from enernet.agents.devices.ev_fleet import EVFleet
from enernet.agents.devices.port import Port
from enernet.agents.devices.swapping import SwapStation
from enernet.configs.constants import DAYS_PER_WEEK, MINUTES_PER_DAY, MINUTES_PER_HOUR
from enernet.configs.schema import validate
from enernet.markets.certificates import CertificateRegistry
from enernet.markets.dr.programme import DRProgramme
from enernet.markets.green_market import GreenMarket
from enernet.markets.settlement import Settlement
from enernet.scenarios.model import processes
from enernet.scenarios.model.counterfactual import TwinSteps, counterfactual_twins, needs_counterfactual
from enernet.scenarios.model.day_batch import DayBatch, why_not_day_batched
from enernet.scenarios.model.interval import IntervalPipeline
from enernet.scenarios.model.kpis import KpiAccumulator
from enernet.scenarios.model.sizing import check_size
from enernet.scenarios.world.builder import build_world
from enernet.sim.blas import one_blas_thread
from enernet.sim.grid import ThermalParameters, TransformerThermal
from enernet.sim.ledger import Ledger
from enernet.sim.mesa_compat import mesa
from enernet.sim.recorder import Recorder
from enernet.sim.rng import Streams


class EnernetModel(mesa.Model):
    """A neighbourhood (or larger area) simulated on one SimPy clock.

    Parameters
    ----------
    cfg : a composed config (``enernet.compose_config``), validated here before anything is built
    run_dir : where the recorder streams its tables (temporary names until ``commit``); None keeps
        the tables in memory
    world, twin_of : for the counterfactual twin only (``scenarios.model.counterfactual``): the world it shares
        with the model it shadows, and that model

    With DR or price response on, the model runs a counterfactual twin in lockstep (``self.twin``):
    the same households, prices and devices without any response, whose loads give every "without
    response" KPI and the true reduction of each DR event (``self.dr_twin``, without DR events only,
    when price response is on as well).
    """

    def __init__(self, cfg, run_dir: str | Path | None = None, *, world=None, twin_of=None):
        validate(cfg)
        if twin_of is None:
            check_size(cfg)  # what cannot fit this machine is refused before anything is built
        super().__init__(seed=int(cfg.seed))
        self.cfg = cfg
        self.streams = Streams(int(cfg.seed))  # every component draws from its own named stream
        self.trace: list[tuple[int, str]] | None = None
        self.twin_of = twin_of
        if world is None:
            with one_blas_thread():
                world = build_world(cfg)
        self.clock = world.clock
        self.population = world.population
        self.network = world.network
        self.loads = world.loads
        self.pv = world.pv
        self.ambient_c = world.ambient_c
        self.weather_description = world.weather_description
        self.weather = world.weather

        self.env = simpy.Environment(initial_time=self.clock.first_minute)  # negative during a warm-up
        market_on = cfg.market.mechanism != "none"
        self.recorder = Recorder(run_dir, self.clock.start, self.clock.intervals_per_day, self.network.n_transformers,
                                 market_mechanism=cfg.market.mechanism if market_on else None,
                                 recording=twin_of is None and self.clock.warmup_days == 0)
        self.settlement = Settlement(self.population.tariff, n_tariffs=1, interval_h=self.clock.interval_h)
        self.ledger = Ledger()
        self.kpis = KpiAccumulator(self.population.n, self.network.n_transformers)

        self.retailer = Retailer(self, tariffs=[cfg.tariff])
        self.grid_operator = GridOperator(self, self.network, cfg.grid.network_fee_per_kwh,
                                          cfg.market.constraint_threshold_pu)
        for row in range(self.population.n):
            (DGOwner if self.population.pv_kwp[row] > 0 else Household)(self, row)
        self.green_market = None
        self.certificates = None
        if market_on:
            self.green_market = GreenMarket(cfg, self.population, self.network.n_transformers,
                                            self.clock.interval_h, self.population.battery_rows)
            self.certificates = CertificateRegistry(self.clock.horizon_min)
        self.thermal = TransformerThermal(
            self.network.load_loss_at_rating_kw / self.network.no_load_loss_kw,
            ThermalParameters(**OmegaConf.to_container(cfg.grid.thermal)),
            self.clock.interval_min,
        )
        self.dr = DRProgramme(self, track_truth=twin_of is None and needs_counterfactual(cfg)) \
            if cfg.dr.programme != "none" else None
        self.ev = EVFleet(self) if cfg.ev.share > 0 else None
        if self.ev is not None:
            self.settlement.ev_households = self.ev.household
            for ev in range(self.ev.n):
                EVOwner(self, int(self.ev.household[ev]), ev)
        if cfg.homes.model == "appliances" and twin_of is None:  # the per-home tables
            from enernet.scenarios.model.home_tables import households_table, stream_household_intervals

            owners = self.ev.household if self.ev is not None else np.zeros(0, dtype=np.int64)
            self.recorder.extra_tables["households"] = households_table(self.loads.homes, self.population, owners)
            if cfg.record.household_intervals:
                stream_household_intervals(self)
        horizon = self.clock.horizon_min
        self.swap_station = SwapStation(self.env, cfg.ev.swapping, self.streams.stream("ev.swapping"), horizon) \
            if cfg.ev.swapping.stations else None
        self.port = Port(self.env, cfg.ev.port, self.streams.stream("ev.port"), horizon) if cfg.ev.port.enabled else None
        self.pipeline = IntervalPipeline(self)
        # run() advances a day per kernel call when no agent decides inside a day (scenarios.model.day_batch).
        self.day_batch_unavailable = why_not_day_batched(self)
        self.day_batch = DayBatch(self) if self.day_batch_unavailable is None else None
        self.batching_days = False
        self.engine_path = "interval"  # what run() used: "day_batch" or "interval" (for the manifest)

        # The counterfactual twin: built after everything it copies from this model's world.
        self.twin, self.dr_twin = counterfactual_twins(self, world, EnernetModel) if twin_of is None else (None, None)
        # What the model reads of them each interval: stepped here, or in a second process by run()
        self.twins = TwinSteps(self) if self.twin is not None else None
        if self.clock.warmup_days:
            self.env.process(processes.begin_recording(self.env, self))
        self.env.process(processes.billing_cycle(self.env, self, self._billing_boundaries()))
        self.env.process(processes.daily(self.env, self))
        self.env.process(processes.planning(self.env, self, int(cfg.dr.planning_hour * MINUTES_PER_HOUR)))
        self.env.process(processes.interval_loop(self.env, self))
        self.kpi_values: dict | None = None
        self._started = None
        self.wall_s = 0.0
        self.warmup_s = 0.0  # wall time of the warm-up (part of wall_s)

    def _billing_boundaries(self) -> list[int]:
        if self.cfg.retailer.billing == "weekly":
            week_min = DAYS_PER_WEEK * MINUTES_PER_DAY
            return list(range(week_min, self.clock.horizon_min, week_min))
        return self.clock.month_starts_min()

    def note(self, what: str) -> None:
        """Add ``what`` at the current minute to the event trace, when one is kept (``model.trace = []``
        before running; the timeline tests read it to check the order of events)."""
        if self.trace is not None:
            self.trace.append((self.env.now, what))

    def step(self) -> None:
        """Advance one market interval (always interval by interval, every agent's state visible);
        the first step runs the warm-up before it."""
        if not self.running:
            return
        self.warm_up()
        self.advance(self.clock.interval_min)

    def warm_up(self) -> None:
        """Simulate the unrecorded warm-up days up to the recorded start (a day per kernel call
        where the day-batched path applies). Idempotent; ``run`` and the first ``step`` call it."""
        if self.env.now >= 0:
            return
        started = time.perf_counter()
        self.batching_days = self.day_batch is not None and self.trace is None
        try:
            self.advance(-self.env.now)
        finally:
            self.batching_days = False
        self.warmup_s = time.perf_counter() - started

    def advance(self, minutes: int) -> None:
        """Run the clock ``minutes`` on (the counterfactual twin is driven so, interval by interval)."""
        started = time.perf_counter()
        self.env.run(until=self.env.now + minutes)
        self.wall_s += time.perf_counter() - started
        if not self.running:
            self.kpi_values["wall_s"] = self.wall_s

    def begin_recording(self) -> None:
        """Minute 0, the end of the warm-up: record from here, and start every sum from zero (the
        state the warm-up built, histories, forecasts, charge levels and margins, is kept)."""
        self.recorder.set_recording(self.twin_of is None)
        self.kpis = KpiAccumulator(self.population.n, self.network.n_transformers)
        self.ledger.reset()
        self.settlement.reset_period()
        self.settlement.balance.fill(0.0)
        self.retailer.period_start_min = 0
        self.thermal.equivalent_aging_h.fill(0.0)
        self.grid_operator.begin_recording()
        for part in (self.dr, self.ev, self.swap_station, self.port):
            if part is not None:
                part.begin_recording()

    def run(self, on_step=None, parallel_twins: bool | None = None) -> dict:
        """Run to the end of the horizon; ``on_step(model)`` is called after each interval, or after
        each day when days run in one kernel call (``day_batch``; not with a ``trace``).

        ``parallel_twins`` (default ``run.parallel_twins``): step the counterfactual twins in a
        forked second process (``scenarios.model.twin_process``; the same numbers) on Linux with two
        cores or more, on the interval path. Sweeps set it off. After a forked run the twins in this
        process stay where the fork left them: the model cannot be run on (build a new one)."""
        from enernet.scenarios.model.twin_process import ForkedTwins, forks_twins

        batch = self.day_batch is not None and self.trace is None
        self.engine_path = "day_batch" if batch else "interval"
        parallel = bool(self.cfg.run.parallel_twins) if parallel_twins is None else parallel_twins
        with one_blas_thread():
            if self.running and not (self.twins is not None and self.twins.forked) \
                    and forks_twins(self.twins is not None, self.day_batch is None, parallel):
                self.twins = ForkedTwins(self)
            try:
                return self._run(batch, on_step)
            finally:
                if self.twins is not None and self.twins.forked:
                    self.twins.close()
                    self.pipeline.stage_s["twins_wait"] = self.twins.wait_s

    def _run(self, batch: bool, on_step) -> dict:
        self.warm_up()
        if on_step is not None:
            on_step(self)
        while self.running:
            if batch and self.env.now % MINUTES_PER_DAY == 0:
                self.batching_days = True
                try:
                    self.advance(MINUTES_PER_DAY)
                finally:  # an interrupted day must not leave step() running whole days
                    self.batching_days = False
                self.steps += self.clock.intervals_per_day  # Mesa's step counter, as if stepped
            else:
                self.step()
            if on_step is not None:
                on_step(self)
        return self.kpi_values

    def finish(self) -> None:
        """End of horizon: close the last billing period and open overload episodes; final KPIs."""
        end = self.clock.horizon_min
        # (DR events ending with the horizon were measured and paid in the last interval.)
        self.retailer.close_billing_period(end)
        self.grid_operator.close_open_episodes(end)
        if self.certificates is not None:
            self.recorder.extra_tables["certificates"] = self.certificates.table(self.clock.start)
        if self.ev is not None:
            self.ev.close_all(end)
        if self.twin_of is None and hasattr(self.loads, "finish_day"):
            self.loads.finish_day()  # the last day's per-home rows, with every answer (sim.home_loads)
        self.running = False
        self.kpi_values = self.kpis.finalise(self.wall_s, self)
