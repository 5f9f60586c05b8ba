"""The interval pipeline: meter -> respond -> battery -> market -> balance -> settle -> record.

Everything here is vectorised over households (numpy or the cext kernels): no Python loop over
households, transformers or orders. Buffers are allocated once and reused. ``Model.step()`` always
runs this pipeline; ``Model.run()`` runs whole days in one kernel call instead when no agent
decides inside a day (``scenarios.model.day_batch``, which must give the same tables).
"""
from __future__ import annotations

from time import perf_counter

import numpy as np

from enernet.cext.totals import TOTAL_COLUMNS, interval_totals

# interval_totals' slots of the mean net load by customer type (plain, PV, PV + battery, EV), by name.
NET_BY_CUSTOMER_TYPE = slice(TOTAL_COLUMNS.index("net_type0"), TOTAL_COLUMNS.index("net_type3") + 1)
from enernet.agents.devices.battery import self_consumption_dispatch
from enernet.markets.settlement import post_supply
from enernet.markets.tariffs import rtp_price
from enernet.sim.grid import energy_residual_kwh
from enernet.sim.population import CUSTOMER_TYPES, customer_type


class IntervalPipeline:
    def __init__(self, model):
        self.model = model
        pop = model.population
        n = pop.n
        self.base_load_kw = np.zeros(n)  # before any price or DR response
        self.load_kw = np.zeros(n)
        self.pv_kw = np.zeros(n)
        self.net_kw = np.zeros(n)
        self.settle_net_kw = np.zeros(n)
        self.battery_rows = pop.battery_rows
        self.battery_capacity_kwh = pop.battery_capacity_kwh[self.battery_rows]
        self.battery_power_kw = pop.battery_power_kw[self.battery_rows]
        self.battery_soc_kwh = pop.battery_soc_kwh[self.battery_rows].copy()
        self.round_trip_efficiency = float(model.cfg.battery.round_trip_efficiency)
        self.eta = np.sqrt(self.round_trip_efficiency)
        self.n_tariffs = len(model.retailer.tariffs)
        self.transformer_index = np.arange(model.network.n_transformers, dtype=np.int32)
        self.wholesale_price_per_kwh = float(model.cfg.grid.wholesale_price_per_kwh)
        # Cost of supplying a retail kWh: its wholesale energy and the network fee [currency/kWh].
        self.supply_cost_per_kwh = self.wholesale_price_per_kwh + float(model.cfg.grid.network_fee_per_kwh)
        self.rtp_tariff = next((t for t in model.retailer.tariffs if t.kind == "rtp"), None)
        self.physics_only = model.twin_of is not None  # the counterfactual twin (scenarios.model.counterfactual)
        self.price_responsive = np.array([t.kind == "cpp" and bool(t.price_response)
                                          for t in model.retailer.tariffs])[pop.tariff]
        # Wall time per stage of the interval loop [s], for benchmarks (``manifest.json``: stage_timing_s).
        self.stage_s = dict.fromkeys(("meter_respond", "ev", "battery", "market", "balance_thermal", "dr",
                                      "settle", "record"), 0.0)
        self.feeder_extra_kw = np.zeros(model.network.n_feeders)
        # Customer types for the mean profiles by type (sim.population.CUSTOMER_TYPES).
        ev_owner = np.zeros(n, dtype=bool)
        if model.ev is not None:
            ev_owner[model.ev.household] = True
        self.customer_type = customer_type(pop.has_pv, pop.has_battery, ev_owner)
        self.type_counts = np.maximum(np.bincount(self.customer_type, minlength=len(CUSTOMER_TYPES)), 1)
        self.tariff = np.ascontiguousarray(pop.tariff, dtype=np.int32)
        self.totals = np.zeros(len(TOTAL_COLUMNS))  # this interval's sums over households (interval_totals)
        self.import_by_tariff_kw = np.zeros(self.n_tariffs)
        self.export_by_tariff_kw = np.zeros(self.n_tariffs)
        self.ev_by_transformer_kw = np.zeros(model.network.n_transformers)

    # -- stages ----------------------------------------------------------------------------------
    def _respond(self, interval: int, dt_h: float) -> tuple[float, float, bool]:
        """Price response (PRISM multipliers on critical-peak days) and DR events change the load.
        Returns the load after price response and the DR cut [kW], and whether either changed it
        (without, the load is the base load exactly and nobody's response needs recording)."""
        m = self.model
        np.copyto(self.load_kw, self.base_load_kw)
        # homes of appliances answer with their appliances: their re-planned day, as this model sees it
        homes_price = bool(self.price_responsive.any()) and getattr(m.loads, "price_responding", False)
        homes_dr = m.dr is not None and getattr(m.loads, "dr_responding", False)
        if homes_price:
            self.load_kw += m.loads.answered_kw(interval, price=True, dr=False) - self.base_load_kw
        slot = m.clock.slot_of_day(interval)
        multiplier = m.retailer.load_multiplier[slot]
        if multiplier != 1.0:
            np.multiply(self.load_kw, np.where(self.price_responsive, multiplier, 1.0), out=self.load_kw)
        after_price_kw = float(self.load_kw.sum())
        cut_kw = 0.0
        dr_changes_load = m.dr is not None and m.dr.changes_load
        if dr_changes_load:
            before = self.load_kw.copy()
            if homes_dr:  # the DR answers on top of the price answers: the cut is theirs alone
                np.copyto(self.load_kw, m.loads.answered_kw(interval, price=homes_price, dr=True))
            self.load_kw *= m.dr.load_factor
            cut = before - self.load_kw
            m.dr.cut_kwh += cut * dt_h
            cut_kw = float(cut.sum())
            self.load_kw += m.dr.rebound_kw
        return after_price_kw, cut_kw, multiplier != 1.0 or dr_changes_load or homes_price

    def _batteries(self, dt_h: float):
        """Self-consumption dispatch; DR responders' batteries run at full power during events."""
        if not self.battery_rows.size:
            return np.zeros(0), np.zeros(0), 0.0
        surplus_kw = -self.net_kw[self.battery_rows]
        ev = self.model.ev
        if ev is not None and ev.policy == "v2g":  # a battery stores PV surplus, not its car's discharge
            from_car_kw = np.maximum(-ev.household_kw[self.battery_rows], 0.0)
            surplus_kw = np.where(surplus_kw > 0, np.maximum(surplus_kw - from_car_kw, 0.0), surplus_kw)
        forced = None
        if self.model.dr is not None and self.model.dr.changes_load:
            forced = self.model.dr.force_discharge[self.battery_rows]
            if forced.any():
                surplus_kw = np.where(forced, -self.battery_power_kw, surplus_kw)
        own_deficit_kw = np.maximum(self.net_kw[self.battery_rows], 0.0)
        charge_kw, discharge_kw = self_consumption_dispatch(
            surplus_kw, self.battery_soc_kwh, self.battery_capacity_kwh, self.battery_power_kw,
            self.round_trip_efficiency, dt_h,
        )
        self.net_kw[self.battery_rows] += charge_kw - discharge_kw
        dr_extra_kw = 0.0
        if forced is not None and forced.any():
            # What the DR call added beyond covering the household's own deficit (for the intervals table).
            dr_extra_kw = float(np.where(forced, np.maximum(discharge_kw - own_deficit_kw, 0.0), 0.0).sum())
        return charge_kw, discharge_kw, dr_extra_kw

    def _market(self, prices, feed_in, charge_kw, discharge_kw, interval: int, dt_h: float):
        m = self.model
        if m.green_market is None:
            return None, discharge_kw
        spare_kw = np.zeros(self.battery_rows.size)
        if self.battery_rows.size:
            spare_kw = np.maximum(np.minimum(self.battery_power_kw - discharge_kw,
                                             self.battery_soc_kwh * self.eta / dt_h), 0.0)
        headroom = m.grid_operator.market_headroom_kwh(interval) if m.green_market.constrained else None
        market = m.green_market.clear_interval(self.net_kw, self.pv_kw, self.load_kw, prices, feed_in, spare_kw,
                                               headroom, battery_charging=charge_kw > 0 if self.battery_rows.size
                                               else None)
        if market.battery_sold_kwh.size and market.battery_sold_kwh.any():
            extra_kw = market.battery_sold_kwh / dt_h
            self.battery_soc_kwh -= extra_kw / self.eta * dt_h
            np.clip(self.battery_soc_kwh, 0.0, self.battery_capacity_kwh, out=self.battery_soc_kwh)
            discharge_kw = discharge_kw + extra_kw
            self.net_kw[self.battery_rows] -= extra_kw
        return market, discharge_kw

    def _charge_evs(self, interval: int):
        """EVs charge (or discharge, v2g) at home under their policy; the result joins the net load."""
        m = self.model
        if m.ev is None:
            return None
        price_now = float(m.retailer.prices_for_slot(m.clock.slot_of_day(interval))[0])
        headroom = None
        if m.ev.policy in ("smart", "v2g"):
            headroom = m.grid_operator.ev_headroom_kw(interval, m.ev.smart_limit_pu)
            m.ev.published_headroom_kw = headroom[0]
        defer = m.dr.answering[m.ev.household] if m.dr is not None and m.dr.changes_load else None
        ahead = None
        if m.ev.policy == "v2g" and price_now >= m.ev.v2g_price_per_kwh:  # discharge considered: what refills it
            ahead = m.grid_operator.ev_headroom_ahead_kw(interval, m.ev.smart_limit_pu, m.ev.price_horizon.size)
        household_kw = m.ev.charge(interval, price_now, headroom, defer, home_net_kw=self.net_kw,
                                   feed_in_now=float(m.retailer.feed_in_price_per_kwh[0]), headroom_ahead_kw=ahead)
        self.net_kw += household_kw
        self.ev_by_transformer_kw[:] = m.ev.by_transformer_kw
        return m.ev.power_kw

    def _feeder_loads(self, price_now: float, dt_h: float) -> float:
        """The swap station and the port draw at the first feeder's head [kW]."""
        m = self.model
        extra = 0.0
        if m.swap_station is not None:
            extra += m.swap_station.recharge(price_now, dt_h)
        if m.port is not None:
            extra += m.port.draw(dt_h)
        self.feeder_extra_kw[0] = extra
        return extra

    # -- one interval ------------------------------------------------------------------------
    def run(self, interval: int) -> None:
        m = self.model
        clock = m.clock
        dt_h = clock.interval_h
        minute = interval * clock.interval_min

        t0 = perf_counter()
        # 1. Meter base loads and PV; customers respond to prices and DR calls.
        m.loads.next(interval, self.base_load_kw)
        m.pv.next(interval, self.pv_kw)
        after_price_kw, dr_cut_kw, _ = self._respond(interval, dt_h)
        np.subtract(self.load_kw, self.pv_kw, out=self.net_kw)
        t1 = perf_counter()
        ev_kw = self._charge_evs(interval)
        t2 = perf_counter()

        # 2. Batteries; 3. green market (a battery that sold discharges the more).
        charge_kw, discharge_kw, dr_battery_kw = self._batteries(dt_h)
        prices = m.retailer.prices_for_slot(clock.slot_of_day(interval))
        feed_in = m.retailer.feed_in_price_per_kwh
        t3 = perf_counter()
        market, discharge_kw = self._market(prices, feed_in, charge_kw, discharge_kw, interval, dt_h)
        t4 = perf_counter()
        if self.battery_rows.size:
            m.population.battery_soc_kwh[self.battery_rows] = self.battery_soc_kwh
        if self.rtp_tariff is not None:
            prices = prices.copy()
            k = m.retailer.tariffs.index(self.rtp_tariff)
            prices[k] = rtp_price(self.rtp_tariff, market.record["price"] if market else np.nan,
                                  self.wholesale_price_per_kwh)
        settle_net_kw = self.net_kw
        if market is not None:
            np.add(self.net_kw, (market.sold_kwh - market.bought_kwh) / dt_h, out=self.settle_net_kw)
            settle_net_kw = self.settle_net_kw

        # 4. Power balance, transformer heat, the operator's watch; DR meters and emergencies.
        feeder_extra_kw = self._feeder_loads(float(prices[0]), dt_h)
        pb = m.grid_operator.balance(self.net_kw, self.feeder_extra_kw)
        if self.physics_only:
            # The counterfactual twin: its loads and the operator's memory of them are all that is
            # read (by the model, and by its own forecasts); money, heat and tables are not.
            m.grid_operator.remember_loads(interval, self.ev_by_transformer_kw if ev_kw is not None else None)
            self._add_stage_times(t0, t1, t2, t3, t4, perf_counter())  # the stages it ran, balance last
            return
        m.thermal.step(pb.transformer_loading_pu, float(m.ambient_c[clock.row(interval)]))
        m.grid_operator.watch_transformers(minute, clock.interval_min)
        m.grid_operator.remember_loads(interval, self.ev_by_transformer_kw if ev_kw is not None else None)
        t5 = perf_counter()
        twins = m.twins  # the counterfactuals without response, one interval ahead (scenarios.model.counterfactual)
        if m.dr is not None:
            m.dr.record_meters(interval, self.net_kw, twins.dr_net_kw if twins is not None else None)
            if interval == clock.n_intervals - 1:
                # Events ending with the horizon are measured now and paid in this interval's settlement.
                m.dr.end_open_events()
            else:
                m.grid_operator.check_emergency(minute)
        counterfactual_kw, counterfactual_overloads = float("nan"), 0
        if twins is not None:
            counterfactual_kw, counterfactual_overloads = twins.feeder_import_kw, twins.overloaded

        t6 = perf_counter()
        # 5. Settlement and the ledger: each party posts its own legs from its own numbers.
        row = self._settle(interval, minute, dt_h, prices, feed_in, settle_net_kw, market, pb,
                           charge_kw, discharge_kw, ev_kw, feeder_extra_kw)
        row.update(base_load_kw=float(self.base_load_kw.sum()), load_after_price_kw=after_price_kw,
                   dr_cut_kw=dr_cut_kw, dr_rebound_kw=float(m.dr.rebound_kw.sum()) if m.dr is not None else 0.0,
                   dr_battery_kw=dr_battery_kw,
                   active_dr_events=int(m.dr.active.sum()) if m.dr is not None else 0,
                   critical_peak=bool(m.retailer.critical_window[clock.slot_of_day(interval)]),
                   feeder_import_without_response_kw=counterfactual_kw,
                   overloaded_without_response=counterfactual_overloads,
                   max_hot_spot_c=float(m.thermal.hot_spot_c.max()),
                   evs_plugged=int(m.ev.plugged.sum()) if m.ev is not None else 0,
                   ev_soc_kwh=float(m.ev.soc_kwh.sum()) if m.ev is not None else 0.0,
                   swap_station_kw=m.swap_station.power_kw if m.swap_station is not None else 0.0,
                   port_kw=feeder_extra_kw - (m.swap_station.power_kw if m.swap_station is not None else 0.0))

        t7 = perf_counter()
        # 6. Record.
        by_type = self.totals[NET_BY_CUSTOMER_TYPE] / self.type_counts
        row.update({column: by_type[code] for code, (_, column) in enumerate(CUSTOMER_TYPES)})
        m.recorder.intervals.append_row(row)
        m.recorder.transformers.append(
            pb.transformer_load_kw.shape[0], interval=interval, minute=minute, transformer=self.transformer_index,
            load_kw=pb.transformer_load_kw, loading_pu=pb.transformer_loading_pu,
            overloaded=pb.transformer_overloaded, loss_kw=pb.transformer_loss_kw,
            hot_spot_c=m.thermal.hot_spot_c, aging_factor=m.thermal.aging_factor,
        )
        m.kpis.add_interval(row, dt_h, row["overloaded_transformers"])
        if market is not None:
            rec = market.record
            m.recorder.market.append_row({"interval": interval, "minute": minute, **rec})
            if minute >= 0:  # certificates of the recorded horizon (not the warm-up)
                m.certificates.record(minute, rec["certificates_issued_kwh"], rec["household_bought_kwh"],
                                      rec["retailer_bought_kwh"], rec["green_obligation_kwh"])
            m.kpis.add_market(rec)
        t8 = perf_counter()
        self._add_stage_times(t0, t1, t2, t3, t4, t5, t6, t7, t8)

    def _add_stage_times(self, *marks: float) -> None:
        """Add the time between consecutive ``marks`` [s] to the stages in their order (``stage_s``)."""
        for name, start, end in zip(self.stage_s, marks, marks[1:]):
            self.stage_s[name] += end - start

    def _settle(self, interval, minute, dt_h, prices, feed_in, settle_net_kw, market, pb, charge_kw, discharge_kw,
                ev_kw, feeder_extra_kw):
        m = self.model
        kernel_import_kwh, kernel_export_kwh, kernel_charges, kernel_credits = m.settlement.settle(
            settle_net_kw, prices, feed_in
        )
        # The retailer meters what it bills (per tariff) itself, apart from the settlement kernel.
        interval_totals(self.net_kw, settle_net_kw, self.load_kw, self.pv_kw, self.tariff, self.customer_type,
                        self.totals, self.import_by_tariff_kw, self.export_by_tariff_kw)
        totals = dict(zip(TOTAL_COLUMNS, self.totals.tolist()))
        import_by_tariff_kwh = self.import_by_tariff_kw * dt_h
        export_by_tariff_kwh = self.export_by_tariff_kw * dt_h
        retailer_revenue = float(import_by_tariff_kwh @ prices)
        retailer_feed_in = float(export_by_tariff_kwh @ feed_in)
        retail_import_kwh = float(import_by_tariff_kwh.sum())
        feed_in_export_kwh = float(export_by_tariff_kwh.sum())
        household_import_kwh = totals["import"] * dt_h
        household_export_kwh = totals["export"] * dt_h
        # PV's part of the export: no more than each household's PV surplus over its own load.
        pv_export_kwh = totals["pv_export"] * dt_h
        net_load_kw = totals["net"]
        transformer_loss_kw = float(pb.transformer_loss_kw.sum())
        feeder_loss_kw = float(pb.feeder_loss_kw.sum())

        ledger = m.ledger
        ledger.begin_interval()
        post_supply(ledger, household_net=kernel_credits - kernel_charges, retailer_revenue=retailer_revenue,
                    retailer_feed_in=retailer_feed_in, retail_import_kwh=retail_import_kwh,
                    network_fee_per_kwh=m.grid_operator.network_fee_per_kwh,
                    supply_cost_per_kwh=self.supply_cost_per_kwh, wholesale_price_per_kwh=self.wholesale_price_per_kwh,
                    wholesale_kw=net_load_kw + feeder_extra_kw, loss_kw=transformer_loss_kw + feeder_loss_kw, dt_h=dt_h,
                    large_customer_kw=feeder_extra_kw, large_customer_price_per_kwh=float(prices[0]))
        if market is not None:
            # Households' legs from their per-household trades; the market operator's, the
            # retailer's and the grid operator's from the clearing result's own totals.
            ledger.post_one_leg("households", m.settlement.post_market(
                market.bought_kwh, market.sold_kwh, market.paid, market.received, market.local_fee))
            ledger.post_one_leg("retailer", -market.retailer_paid)
            ledger.flows["retailer_market_payments"] = market.retailer_paid
            ledger.post_one_leg("market_operator", market.market_paid_total - market.market_received_total)
            ledger.post_one_leg("grid_operator", market.local_fee_total)
            ledger.post("market_operator", "grid_operator", market.congestion_rent, "congestion_rent")
            ledger.flows["market_payments"] = market.market_paid_total
            ledger.flows["market_receipts"] = market.market_received_total
            ledger.flows["local_network_fees"] = market.local_fee_total
        if m.dr is not None:
            per_household, total = m.dr.take_pending_payments()
            if total:
                ledger.post_one_leg("households", m.settlement.post_dr(per_household))
                ledger.post_one_leg("grid_operator", -total)
                ledger.flows["dr_incentives"] = total
        ledger_residual = ledger.end_interval()

        # Energy: what the feeders drew must equal what the households used, net, plus losses.
        load_kw = totals["load"]
        pv_kw = totals["pv"]
        battery_charge_kw = float(charge_kw.sum())
        battery_discharge_kw = float(discharge_kw.sum())
        feeder_import_kw = float(pb.feeder_load_kw.sum())
        ev_charge_kw = float(np.maximum(ev_kw, 0.0).sum()) if ev_kw is not None else 0.0
        ev_discharge_kw = float(np.maximum(-ev_kw, 0.0).sum()) if ev_kw is not None else 0.0
        energy_residual = energy_residual_kwh(feeder_import_kw, load_kw, pv_kw, battery_charge_kw, battery_discharge_kw,
                                              ev_charge_kw, ev_discharge_kw, feeder_extra_kw, transformer_loss_kw,
                                              feeder_loss_kw, dt_h)
        return {
            "interval": interval, "minute": minute, "load_kw": load_kw, "pv_kw": pv_kw,
            "battery_charge_kw": battery_charge_kw, "battery_discharge_kw": battery_discharge_kw,
            "battery_soc_kwh": float(self.battery_soc_kwh.sum()), "ev_charge_kw": ev_charge_kw,
            "ev_discharge_kw": ev_discharge_kw, "feeder_extra_kw": feeder_extra_kw, "net_load_kw": net_load_kw,
            "transformer_loss_kw": transformer_loss_kw, "feeder_loss_kw": feeder_loss_kw,
            "feeder_import_kw": feeder_import_kw, "ambient_c": float(m.ambient_c[m.clock.row(interval)]),
            "overloaded_transformers": int(pb.transformer_overloaded.sum()),
            "max_loading_pu": float(pb.transformer_loading_pu.max()),
            "household_import_kwh": household_import_kwh, "household_export_kwh": household_export_kwh,
            "pv_export_kwh": pv_export_kwh, "retail_import_kwh": retail_import_kwh, "feed_in_export_kwh": feed_in_export_kwh,
            "wholesale_price_per_kwh": self.wholesale_price_per_kwh, "mean_price_per_kwh": float(prices.mean()),
            **ledger.flows,
            "energy_residual_kwh": energy_residual, "ledger_residual": ledger_residual,
        }
