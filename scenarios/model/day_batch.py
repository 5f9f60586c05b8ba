"""A whole day of the core in one kernel call, for runs in which no agent decides inside a day.

Without a green market, DR events, EVs, price response or loads at the feeders, nothing that
happens during a day depends on a decision taken during it: prices are published at midnight,
batteries follow a fixed rule, bills accumulate. ``Model.run()`` then advances a day at a time:

1. the day's load noise (``cext.noise.ar1_log_factors``: the same counter-based draws and
   operations as 96 interval steps), turned into load factors;
2. ``cext.core_day.core_day``: loads, PV, batteries, transformer sums and settlement of every
   household and interval (``cext/core_day.pyx`` repeats the interval path's operations in the
   same order, so per-household values are bit-for-bit the same);
3. losses, feeders and transformer heat for the day's rows (the interval path's kernels);
4. the ledger, the KPIs and the streamed tables take the day as arrays.

Sums over households are added in another order than numpy's, so totals agree with the interval
path to about 1e-12 relative (``tests/sim/test_day_batch.py`` compares whole tables).
``Model.step()`` always runs the interval path, so the dashboard and step-by-step use see every
interval's agents.
"""
from __future__ import annotations

from time import perf_counter

import numpy as np

from enernet.cext.core_day import SUM_COLUMNS, core_day
from enernet.cext.noise import ar1_log_factors
from enernet.markets.settlement import post_supply
from enernet.sim.grid import energy_residual_kwh
from enernet.sim.population import CUSTOMER_TYPES
from enernet.sim.recorder import INTERVAL_COLUMNS

# Households per kernel block: 1,024 x 96 intervals x 8 bytes = 768 KiB of load factors, inside a
# core's L2 cache on common x86 and ARM servers.
HOUSEHOLDS_PER_BLOCK = 1024


def why_not_day_batched(model) -> str | None:
    """None when ``model`` can run a day per kernel call, else the reason it cannot (for the manifest)."""
    features = {"green market": model.green_market, "DR programme": model.dr, "EVs": model.ev,
                "swap station": model.swap_station, "port": model.port}
    for name, feature in features.items():
        if feature is not None:
            return f"{name} on (decisions inside the day)"
    if any(t.kind in ("cpp", "rtp") for t in model.retailer.tariffs):
        return "critical-peak or real-time tariff (prices and responses inside the day)"
    return None


class DayBatch:
    """Runs whole days of the core for ``model`` (see the module docstring)."""

    def __init__(self, model):
        self.model = model
        pipeline = model.pipeline
        pop, network = model.population, model.network
        n, n_transformers = pop.n, network.n_transformers
        steps = model.clock.intervals_per_day
        self.steps = steps
        # The load factors of a block of households for the kernel (96 x 8 bytes a household),
        # allocated by the first run(). A block's factors are made, exponentiated and used while
        # they are still in the core's cache, instead of a day of them going through memory 4 times.
        self.block = min(n, HOUSEHOLDS_PER_BLOCK)
        self.load_factor = None
        self.n = n
        self.pv_class = np.ascontiguousarray(pop.pv_class, dtype=np.int64)
        self.pv_kwp = np.ascontiguousarray(pop.pv_kwp, dtype=np.float64)
        self.tariff = np.ascontiguousarray(pop.tariff, dtype=np.int32)
        self.transformer = np.ascontiguousarray(network.transformer_of_household, dtype=np.int32)
        self.customer_type = np.ascontiguousarray(pipeline.customer_type, dtype=np.int64)
        self.transformer_load_kw = np.zeros((steps, n_transformers))
        self.sums = np.zeros((steps, len(SUM_COLUMNS)))
        n_tariffs = len(model.retailer.tariffs)
        self.import_by_tariff_kw = np.zeros((steps, n_tariffs))
        self.export_by_tariff_kw = np.zeros((steps, n_tariffs))
        self.rows = np.arange(steps)
        self.transformer_index = np.tile(np.arange(n_transformers, dtype=np.int32), steps)
        pipeline.stage_s.setdefault("day_kernel", 0.0)

    def run(self, day: int) -> None:
        """Meter, balance, settle and record every interval of ``day``."""
        m = self.model
        pipeline, clock, loads, pop = m.pipeline, m.clock, m.loads, m.population
        dt_h = clock.interval_h
        first = day * self.steps
        row = clock.row(first)  # the day's first row in arrays over the simulated span
        intervals = first + self.rows
        stage = pipeline.stage_s

        if self.load_factor is None:
            self.load_factor = np.empty((self.block, self.steps))
        loads._last_interval = None  # the noise advances here, not through loads.next
        prices = m.retailer.price_table
        feed_in = m.retailer.feed_in_price_per_kwh
        settlement = m.settlement
        pv_profile = m.pv.profile[row:row + self.steps]
        planned = loads.day(day) if hasattr(loads, "day") else None  # sim.home_loads.HomeLoads
        half_variance = getattr(loads, "half_variance", 0.0)
        for out in (self.transformer_load_kw, self.sums, self.import_by_tariff_kw, self.export_by_tariff_kw):
            out.fill(0.0)
        noise_s = 0.0
        t0 = perf_counter()
        for start in range(0, self.n, self.block):  # blocks in household order: sums add households in order
            t = perf_counter()
            factor = self.load_factor[:min(self.block, self.n - start)]
            if planned is not None:  # homes of appliances: the day's planned load, read as the factor
                np.copyto(factor, planned[start:start + factor.shape[0]])
            else:
                ar1_log_factors(*loads.noise_keys, row + 1, loads.log_noise, start, loads.phi,
                                loads.innovation_sigma, half_variance, factor)
                np.exp(factor, out=factor)
            noise_s += perf_counter() - t
            core_day(factor, start, loads.profile, loads.offset, loads.annual_kwh, row, pv_profile, self.pv_class,
                     self.pv_kwp, pop.battery_capacity_kwh, pop.battery_power_kw, pop.battery_soc_kwh,
                     float(pipeline.eta), self.tariff, prices, feed_in, self.transformer, self.customer_type, dt_h,
                     self.transformer_load_kw, self.sums, self.import_by_tariff_kw, self.export_by_tariff_kw,
                     settlement.import_kwh, settlement.export_kwh, settlement.energy_charge, settlement.feed_in_credit,
                     settlement.balance, pipeline.load_kw, pipeline.pv_kw, pipeline.net_kw)
        # The interval path's buffers, as after the day's last interval (agents read them).
        pipeline.battery_soc_kwh[:] = pop.battery_soc_kwh[pipeline.battery_rows]
        np.copyto(pipeline.base_load_kw, pipeline.load_kw)
        t1 = t0 + noise_s
        t2 = perf_counter()

        rows = m.grid_operator.power_balance.balance_rows(self.transformer_load_kw)
        ambient_c = m.ambient_c[row:row + self.steps]
        hot_spot_c, aging_factor = m.thermal.step_rows(rows.transformer_loading_pu, ambient_c)
        m.grid_operator.watch_rows(first * clock.interval_min, clock.interval_min, rows.transformer_overloaded,
                                  rows.transformer_loading_pu)
        m.grid_operator.remember_rows(first, self.transformer_load_kw)
        t3 = perf_counter()

        sums = dict(zip(SUM_COLUMNS, self.sums.T))
        cols = self._interval_columns(intervals, sums, rows, prices, feed_in, ambient_c, hot_spot_c, dt_h)
        m.kpis.add_block(cols, dt_h)
        t4 = perf_counter()

        m.recorder.intervals.append(self.steps, **cols)
        m.recorder.transformers.append(
            self.transformer_index.size, interval=np.repeat(intervals, self.transformer_load_kw.shape[1]),
            minute=np.repeat(intervals * clock.interval_min, self.transformer_load_kw.shape[1]),
            transformer=self.transformer_index, load_kw=self.transformer_load_kw.ravel(),
            loading_pu=rows.transformer_loading_pu.ravel(), overloaded=rows.transformer_overloaded.ravel(),
            loss_kw=rows.transformer_loss_kw.ravel(), hot_spot_c=hot_spot_c.ravel(), aging_factor=aging_factor.ravel(),
        )
        t5 = perf_counter()
        for name, seconds in (("meter_respond", t1 - t0), ("day_kernel", t2 - t1), ("balance_thermal", t3 - t2),
                              ("settle", t4 - t3), ("record", t5 - t4)):
            stage[name] += seconds

    def _interval_columns(self, intervals, sums, rows, prices, feed_in, ambient_c, hot_spot_c, dt_h) -> dict:
        """The ``intervals`` table's columns for the day, with the ledger posted from the same sums."""
        m = self.model
        import_by_tariff_kwh = self.import_by_tariff_kw * dt_h
        export_by_tariff_kwh = self.export_by_tariff_kw * dt_h
        retailer_revenue = (import_by_tariff_kwh * prices).sum(axis=1)
        retailer_feed_in = export_by_tariff_kwh @ feed_in
        retail_import_kwh = import_by_tariff_kwh.sum(axis=1)
        transformer_loss_kw = rows.transformer_loss_kw.sum(axis=1)
        feeder_loss_kw = rows.feeder_loss_kw.sum(axis=1)
        feeder_import_kw = rows.feeder_load_kw.sum(axis=1)
        wholesale = m.pipeline.wholesale_price_per_kwh

        # The same postings as the interval path, each amount an array over the day's intervals.
        ledger = m.ledger
        ledger.begin_interval()
        post_supply(ledger, household_net=sums["credits"] - sums["charges"], retailer_revenue=retailer_revenue,
                    retailer_feed_in=retailer_feed_in, retail_import_kwh=retail_import_kwh,
                    network_fee_per_kwh=m.grid_operator.network_fee_per_kwh,
                    supply_cost_per_kwh=m.pipeline.supply_cost_per_kwh, wholesale_price_per_kwh=wholesale,
                    wholesale_kw=sums["net"], loss_kw=transformer_loss_kw + feeder_loss_kw, dt_h=dt_h)
        ledger_residual = ledger.end_interval()

        # No EVs, swap station or port on this path (why_not_day_batched).
        energy_residual = energy_residual_kwh(feeder_import_kw, sums["load"], sums["pv"], sums["charge"],
                                              sums["discharge"], 0.0, 0.0, 0.0, transformer_loss_kw, feeder_loss_kw,
                                              dt_h)
        type_counts = m.pipeline.type_counts
        cols = dict.fromkeys(INTERVAL_COLUMNS, 0.0)  # EVs, DR, market, feeder loads: none on this path
        cols.update(
            interval=intervals, minute=intervals * m.clock.interval_min, load_kw=sums["load"], pv_kw=sums["pv"],
            battery_charge_kw=sums["charge"], battery_discharge_kw=sums["discharge"], battery_soc_kwh=sums["soc"],
            net_load_kw=sums["net"], transformer_loss_kw=transformer_loss_kw, feeder_loss_kw=feeder_loss_kw,
            feeder_import_kw=feeder_import_kw, ambient_c=ambient_c,
            overloaded_transformers=rows.transformer_overloaded.sum(axis=1),
            max_loading_pu=rows.transformer_loading_pu.max(axis=1),
            household_import_kwh=sums["import"] * dt_h, household_export_kwh=sums["export"] * dt_h,
            pv_export_kwh=sums["pv_export"] * dt_h, retail_import_kwh=retail_import_kwh,
            feed_in_export_kwh=export_by_tariff_kwh.sum(axis=1), wholesale_price_per_kwh=wholesale,
            mean_price_per_kwh=prices.sum(axis=1) / prices.shape[1], **ledger.flows,  # np.mean's arithmetic
            base_load_kw=sums["load"], load_after_price_kw=sums["load"], critical_peak=False,
            feeder_import_without_response_kw=np.nan, max_hot_spot_c=hot_spot_c.max(axis=1),
            **{column: sums[f"net_type{code}"] / type_counts[code] for code, (_, column) in enumerate(CUSTOMER_TYPES)},
            energy_residual_kwh=energy_residual, ledger_residual=ledger_residual,
        )
        return cols
