"""Key performance indicators, accumulated interval by interval and finalised at the end of a run.

Definitions (energy in kWh, power in kW, money in the scenario's currency):
- energy_consumed_kwh: household consumption before PV and batteries.
- grid_import_kwh / grid_export_kwh: energy drawn at / fed back through the feeder heads, losses included.
- peak_demand_kw: highest feeder-head draw of any interval (all feeders together).
- load_factor: grid_import_kwh / (peak_demand_kw x hours simulated): energy drawn over what the peak
  would have drawn all the time (export intervals draw nothing).
- transformer_overload_hours: transformer-hours above the overload threshold, summed over transformers.
- energy_imbalance_kwh / ledger_imbalance: sums over intervals of |energy residual| and |ledger residual|;
  both are zero up to floating-point round-off when energy and money balance.
"""
from __future__ import annotations

KPI_DESCRIPTIONS: dict[str, str] = {
    "households": "households simulated",
    "transformers": "distribution transformers",
    "intervals": "market intervals simulated",
    "energy_consumed_kwh": "household consumption before PV and batteries [kWh]",
    "pv_generated_kwh": "rooftop PV generation [kWh]",
    "pv_self_consumed_share": "share of PV used behind the meter (incl. via batteries)",
    "self_sufficiency": "share of consumption not drawn from the grid",
    "battery_throughput_kwh": "energy discharged by home batteries [kWh]",
    "grid_import_kwh": "energy drawn at the feeder heads [kWh]",
    "grid_export_kwh": "energy fed back upstream at the feeder heads [kWh]",
    "network_losses_kwh": "transformer and feeder losses [kWh]",
    "peak_demand_kw": "highest feeder-head draw [kW]",
    "load_factor": "energy drawn / (peak x hours)",
    "transformer_overload_hours": "transformer-hours above the overload threshold [h]",
    "max_transformer_loading_pu": "highest transformer loading [pu of rating]",
    "energy_charges": "paid by households for energy",
    "feed_in_credits": "paid to households for exports",
    "mean_bill": "mean household bill over the run (charges - credits)",
    "retailer_margin": "retailer's net revenue after network fees and wholesale",
    "energy_imbalance_kwh": "sum of |energy residual| over intervals [kWh]",
    "ledger_imbalance": "sum of |ledger residual| over intervals",
    "wall_s": "wall-clock time of the simulation [s]",
}


class KpiAccumulator:
    def __init__(self, households: int, transformers: int):
        self.households = households
        self.transformers = transformers
        self.intervals = 0
        self.energy = dict.fromkeys(
            ("load", "pv", "charge", "discharge", "import", "export", "household_import", "household_export",
             "losses"), 0.0)
        self.money = dict.fromkeys(("energy_charges", "feed_in_credits", "network_fees", "wholesale_cost"), 0.0)
        self.peak_kw = float("-inf")
        self.hours = 0.0
        self.max_loading_pu = 0.0
        self.overload_hours = 0.0
        self.energy_imbalance = 0.0
        self.ledger_imbalance = 0.0

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
        e["losses"] += (row["transformer_loss_kw"] + row["feeder_loss_kw"]) * dt_h
        for key in self.money:
            self.money[key] += row[key]
        self.peak_kw = max(self.peak_kw, feeder)
        self.hours += dt_h
        self.max_loading_pu = max(self.max_loading_pu, row["max_loading_pu"])
        self.overload_hours += overloaded * dt_h
        self.energy_imbalance += abs(row["energy_residual_kwh"])
        self.ledger_imbalance += abs(row["ledger_residual"])
        self.intervals += 1

    def finalise(self, wall_s: float) -> dict[str, float | int]:
        e, money = self.energy, self.money
        peak = self.peak_kw if self.intervals else 0.0
        bills = money["energy_charges"] - money["feed_in_credits"]
        return {
            "households": self.households,
            "transformers": self.transformers,
            "intervals": self.intervals,
            "energy_consumed_kwh": e["load"],
            "pv_generated_kwh": e["pv"],
            "pv_self_consumed_share": (e["pv"] - e["household_export"]) / e["pv"] if e["pv"] > 0 else 0.0,
            "self_sufficiency": 1.0 - e["household_import"] / e["load"] if e["load"] > 0 else 0.0,
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
            "mean_bill": bills / self.households,
            "retailer_margin": bills - money["network_fees"] - money["wholesale_cost"],
            "energy_imbalance_kwh": self.energy_imbalance,
            "ledger_imbalance": self.ledger_imbalance,
            "wall_s": wall_s,
        }
