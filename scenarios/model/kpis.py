"""Key performance indicators, accumulated interval by interval and finalised at the end of a run.

What each KPI means, with its unit, is declared once in ``scenarios.model.kpi_definitions``.
"""
from __future__ import annotations

import numpy as np

from enernet.scenarios.model.counterfactual import responds


class KpiAccumulator:
    def __init__(self, households: int, transformers: int):
        self.households = households
        self.transformers = transformers
        self.intervals = 0
        self.energy = dict.fromkeys(
            ("load", "pv", "charge", "discharge", "import", "export", "household_import", "household_export",
             "pv_export", "ev_charge", "losses"), 0.0)
        self.money = dict.fromkeys(("energy_charges", "feed_in_credits", "network_fees", "wholesale_cost"), 0.0)
        self.peak_kw = float("-inf")
        self.hours = 0.0
        self.max_loading_pu = 0.0
        self.overload_hours = 0.0
        self.energy_imbalance = 0.0
        self.ledger_imbalance = 0.0
        self.market = dict.fromkeys(("traded", "paid", "welfare", "surplus", "rent", "households_bought",
                                     "green_plan_import", "retailer_bought", "obligation", "battery_sold"), 0.0)
        self.market_on = False
        self.peak_without_response_kw = float("-inf")
        self.overload_hours_without_response = 0.0
        self.cpp_base_kwh = 0.0
        self.cpp_after_kwh = 0.0
        self.max_hot_spot_c = float("-inf")
        self.ev_peak_kw = 0.0

    def add_market(self, rec: dict) -> None:
        market = self.market
        self.market_on = True
        market["traded"] += rec["cleared_kwh"]
        market["paid"] += rec["buyers_paid"]
        market["welfare"] += rec["welfare"]
        market["surplus"] += rec["budget_surplus"]
        market["rent"] += rec["congestion_rent"]
        market["households_bought"] += rec["household_bought_kwh"]
        market["green_plan_import"] += rec["green_plan_import_kwh"]
        market["retailer_bought"] += rec["retailer_bought_kwh"]
        market["obligation"] += rec["green_obligation_kwh"]
        market["battery_sold"] += rec["battery_sold_kwh"]

    def add_interval(self, row: dict, dt_h: float, overloaded: int) -> None:
        e = self.energy
        e["load"] += row["load_kw"] * dt_h
        e["pv"] += row["pv_kw"] * dt_h
        e["charge"] += row["battery_charge_kw"] * dt_h
        e["discharge"] += row["battery_discharge_kw"] * dt_h
        feeder = row["feeder_import_kw"]
        e["import"] += max(feeder, 0.0) * dt_h
        e["export"] += max(-feeder, 0.0) * dt_h
        e["household_import"] += row["household_import_kwh"]
        e["household_export"] += row["household_export_kwh"]
        e["pv_export"] += row.get("pv_export_kwh", row["household_export_kwh"])
        e["ev_charge"] += row.get("ev_charge_kw", 0.0) * dt_h
        e["losses"] += (row["transformer_loss_kw"] + row["feeder_loss_kw"]) * dt_h
        for key in self.money:
            self.money[key] += row[key]
        self.peak_kw = max(self.peak_kw, feeder)
        self.hours += dt_h
        self.max_loading_pu = max(self.max_loading_pu, row["max_loading_pu"])
        self.overload_hours += overloaded * dt_h
        without = row.get("feeder_import_without_response_kw", float("nan"))
        self.peak_without_response_kw = max(self.peak_without_response_kw, feeder if without != without else without)
        self.overload_hours_without_response += row.get("overloaded_without_response", overloaded) * dt_h \
            if without == without else overloaded * dt_h
        if row.get("critical_peak"):
            self.cpp_base_kwh += row["base_load_kw"] * dt_h
            self.cpp_after_kwh += row["load_after_price_kw"] * dt_h
        self.max_hot_spot_c = max(self.max_hot_spot_c, row.get("max_hot_spot_c", float("-inf")))
        self.ev_peak_kw = max(self.ev_peak_kw, row.get("ev_charge_kw", 0.0))
        self.energy_imbalance += abs(row["energy_residual_kwh"])
        self.ledger_imbalance += abs(row["ledger_residual"])
        self.intervals += 1

    def add_block(self, cols: dict, dt_h: float) -> None:
        """:meth:`add_interval` for consecutive intervals: ``cols`` holds the ``intervals`` table's
        columns as arrays (scalars where constant), as the day-batched path produces them."""
        steps = len(cols["interval"])

        def total(name):  # array methods and plain floats: this runs once a day, on 96 values
            value = cols[name]
            return float(value.sum()) if isinstance(value, np.ndarray) else float(value) * steps

        def largest(name):
            value = cols[name]
            return float(value.max()) if isinstance(value, np.ndarray) else float(value)

        e = self.energy
        for key, column in (("load", "load_kw"), ("pv", "pv_kw"), ("charge", "battery_charge_kw"),
                            ("discharge", "battery_discharge_kw"), ("ev_charge", "ev_charge_kw")):
            e[key] += total(column) * dt_h
        feeder = np.asarray(cols["feeder_import_kw"], dtype=np.float64)
        e["import"] += float(np.maximum(feeder, 0.0).sum()) * dt_h
        e["export"] += float(np.maximum(-feeder, 0.0).sum()) * dt_h
        e["household_import"] += total("household_import_kwh")
        e["household_export"] += total("household_export_kwh")
        e["pv_export"] += total("pv_export_kwh")
        e["losses"] += (total("transformer_loss_kw") + total("feeder_loss_kw")) * dt_h
        for key in self.money:
            self.money[key] += total(key)
        feeder_peak_kw = float(feeder.max())
        self.peak_kw = max(self.peak_kw, feeder_peak_kw)
        self.hours += dt_h * steps
        self.max_loading_pu = max(self.max_loading_pu, largest("max_loading_pu"))
        overloaded = total("overloaded_transformers")
        self.overload_hours += overloaded * dt_h
        without = cols["feeder_import_without_response_kw"]
        if not isinstance(without, np.ndarray) and np.isnan(without):  # no counterfactual: the same as with
            self.peak_without_response_kw = max(self.peak_without_response_kw, feeder_peak_kw)
            self.overload_hours_without_response += overloaded * dt_h
        else:
            without = np.broadcast_to(np.asarray(without, dtype=np.float64), feeder.shape)
            known = ~np.isnan(without)
            self.peak_without_response_kw = max(self.peak_without_response_kw,
                                                float(np.where(known, without, feeder).max()))
            self.overload_hours_without_response += float(np.where(
                known, cols["overloaded_without_response"], cols["overloaded_transformers"]).sum()) * dt_h
        critical = cols["critical_peak"]
        if not isinstance(critical, np.ndarray):  # a flag for the whole block
            critical = np.full(feeder.shape, True) if critical else None
        if critical is not None and critical.any():
            self.cpp_base_kwh += float(np.sum(np.where(critical, cols["base_load_kw"], 0.0))) * dt_h
            self.cpp_after_kwh += float(np.sum(np.where(critical, cols["load_after_price_kw"], 0.0))) * dt_h
        self.max_hot_spot_c = max(self.max_hot_spot_c, largest("max_hot_spot_c"))
        self.ev_peak_kw = max(self.ev_peak_kw, largest("ev_charge_kw"))
        self.energy_imbalance += float(np.abs(cols["energy_residual_kwh"]).sum())
        self.ledger_imbalance += float(np.abs(cols["ledger_residual"]).sum())
        self.intervals += steps

    def market_kpis(self, certificates) -> dict[str, float | int | None]:
        market = self.market
        retired = market["households_bought"] + market["retailer_bought"]
        return {
            "green_traded_kwh": market["traded"],
            "mean_clearing_price": market["paid"] / market["traded"] if market["traded"] > 0 else None,
            "market_welfare": market["welfare"],
            "budget_surplus": market["surplus"],
            "congestion_rent": market["rent"],
            "certificates_issued_kwh": market["traded"],
            "certificates_retired_kwh": retired,
            "green_plan_local_share": (market["households_bought"] / market["green_plan_import"]
                                       if market["green_plan_import"] > 0 else 0.0),
            "green_product_covered_share": market["retailer_bought"] / market["obligation"] if market["obligation"] > 0 else 1.0,
            "green_product_uncovered_hours": certificates.uncovered_hours() if certificates is not None else 0,
            "battery_market_kwh": market["battery_sold"],
        }

    def response_kpis(self, model) -> dict[str, float | int | None]:
        """Demand response, price response and transformer heat, placed before the residuals."""
        events = model.dr.recorded_events() if model.dr is not None else []
        truth = model.twin is not None and model.dr is not None
        measured_kwh = float(sum(e.reduction_kwh for e in events))
        true_kwh = float(sum(e.true_reduction_kwh for e in events)) if truth else None
        without_known = model.twin is not None or not responds(model.cfg)
        called = sum(e.n_called for e in events)
        responded = sum(e.n_responded for e in events)
        check = model.dr.check if model.dr is not None else {"actual_kwh": 0.0}
        actual = check["actual_kwh"]
        out = {
            "dr_events": len(events),
            "dr_customers_called": called,
            "dr_response_rate": responded / called if called else None,
            "dr_reduction_kwh": measured_kwh,
            "dr_paid_kwh": float(sum(e.paid_kwh for e in events)),
            "dr_true_reduction_kwh": true_kwh,
            "dr_reduction_error_kwh": measured_kwh - true_kwh if truth else None,
            "dr_incentive_paid": float(sum(e.incentive for e in events)),
            **self._saved_by_end_use(model),
            "hot_water_unmet_kwh": (float(model.loads.hot_water_unmet_kwh.sum())
                                    if hasattr(model.loads, "hot_water_unmet_kwh") else None),
            "hot_water_short_home_days": getattr(model.loads, "hot_water_short_home_days", None),
            "dr_baseline_bias_pct": 100 * (check["baseline_kwh"] - actual) / actual if actual > 0 else None,
            "dr_baseline_error_pct": 100 * check["abs_error_kwh"] / actual if actual > 0 else None,
            # Without the twin (run.counterfactual=false) where something responds: unknown.
            "peak_demand_without_response_kw": (self.peak_without_response_kw if self.intervals else 0.0)
            if without_known else None,
            "transformer_overload_hours_without_response": self.overload_hours_without_response if without_known else None,
            "transformer_loss_of_life_h": float(model.thermal.equivalent_aging_h.sum()),
            "max_hot_spot_c": self.max_hot_spot_c,
            "cpp_days": len([d for d in model.retailer.critical_days if 0 <= d < model.clock.days]),
            "cpp_peak_load_change_pct": (100 * (self.cpp_after_kwh / self.cpp_base_kwh - 1)
                                         if self.cpp_base_kwh > 0 else None),
        }
        return out

    @staticmethod
    def _saved_by_end_use(model) -> dict[str, float | None]:
        """Homes of appliances with DR: what responders saved by end use against their plan (truth)."""
        from enernet.sim.recorder import SAVED_END_USE_ROWS, SAVED_END_USES

        names = [f"dr_saved_{use}_kwh" for use in SAVED_END_USES]
        net_names = [f"dr_net_saved_{use}_kwh" for use in SAVED_END_USES]
        if model.dr is None or not hasattr(model.loads, "respond"):
            return dict.fromkeys(names + net_names)
        saved = model.dr.reduction_by_end_use_kwh[SAVED_END_USE_ROWS]
        net = model.loads.dr_net_saved_kwh[SAVED_END_USE_ROWS]
        return {name: float(value) for name, value in zip(names + net_names, [*saved, *net])}

    def ev_kpis(self, model) -> dict[str, float | int | None]:
        totals = model.ev.totals if model.ev is not None else dict.fromkeys(
            ("charged", "discharged", "driven", "public", "unmet", "unmet_promise"), 0.0)
        station, port = model.swap_station, model.port
        waits = np.asarray(station.waits_min) if station is not None else np.zeros(0)
        fuel, co2 = port.avoided() if port is not None else (0.0, 0.0)
        return {
            "ev_count": model.ev.n if model.ev is not None else 0,
            "ev_charged_kwh": totals["charged"],
            "ev_discharged_kwh": totals["discharged"],
            "ev_driven_kwh": totals["driven"],
            "ev_public_charging_kwh": totals["public"],
            "ev_unmet_kwh": totals["unmet"],
            "ev_unmet_promise_kwh": totals["unmet_promise"],
            "ev_peak_coincident_kw": self.ev_peak_kw,
            "swaps_served": int(waits.size),
            "swap_wait_mean_min": float(waits.mean()) if waits.size else None,
            "swap_wait_p95_min": float(np.percentile(waits, 95)) if waits.size else None,
            "swap_station_peak_kw": station.peak_kw if station is not None else 0.0,
            "shore_power_kwh": port.energy_kwh if port is not None else 0.0,
            "avoided_fuel_kg": fuel,
            "avoided_co2_kg": co2,
        }

    def finalise(self, wall_s: float, model) -> dict[str, float | int | None]:
        """Final KPIs; money per party comes from the ledger's account balances."""
        certificates, ledger = model.certificates, model.ledger
        e, money = self.energy, self.money
        peak = self.peak_kw if self.intervals else 0.0
        accounts = ledger.balance
        return {
            "households": self.households,
            "transformers": self.transformers,
            "intervals": self.intervals,
            "energy_consumed_kwh": e["load"],
            "pv_generated_kwh": e["pv"],
            "pv_self_consumed_share": (e["pv"] - e["pv_export"]) / e["pv"] if e["pv"] > 0 else 0.0,
            "self_sufficiency": (min(max(1.0 - e["household_import"] / (e["load"] + e["ev_charge"]), 0.0), 1.0)
                                 if e["load"] + e["ev_charge"] > 0 else 0.0),  # within [0, 1] despite round-off
            "battery_throughput_kwh": e["discharge"],
            "grid_import_kwh": e["import"],
            "grid_export_kwh": e["export"],
            "network_losses_kwh": e["losses"],
            "peak_demand_kw": peak,
            "load_factor": e["import"] / (peak * self.hours) if peak > 0 else 0.0,
            "transformer_overload_hours": self.overload_hours,
            "max_transformer_loading_pu": self.max_loading_pu,
            "energy_charges": money["energy_charges"],
            "feed_in_credits": money["feed_in_credits"],
            "mean_bill": -accounts.get("households", 0.0) / self.households,
            "retailer_margin": accounts.get("retailer", 0.0),
            "cross_subsidy": -accounts.get("other_customer_classes", 0.0),
            "grid_operator_net": accounts.get("grid_operator", 0.0),
            **self.market_kpis(certificates),
            **self.response_kpis(model),
            **self.ev_kpis(model),
            "energy_imbalance_kwh": float(self.energy_imbalance),
            "ledger_imbalance": float(self.ledger_imbalance),
            "wall_s": wall_s,
        }
