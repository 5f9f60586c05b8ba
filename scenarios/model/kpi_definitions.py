"""Every KPI of ``kpis.json``, declared once: name, unit, section and meaning.

The KPI table the run prints, the report's table and ``docs/outputs.md`` read these; the values are
computed in ``scenarios.model.kpis``. Energy in kWh, power in kW, money in ``currency`` (the price
set's, CNY by default). ``null`` in ``kpis.json`` means not defined for the run (no trade, no
counterfactual, no event).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kpi:
    name: str
    unit: str
    section: str
    doc: str


_ROWS = [
    ("households", "-", "size", "households simulated"),
    ("transformers", "-", "size", "distribution transformers"),
    ("intervals", "-", "size", "market intervals recorded"),
    ("energy_consumed_kwh", "kWh", "energy", "household consumption before PV and batteries"),
    ("pv_generated_kwh", "kWh", "energy", "rooftop PV generation"),
    ("pv_self_consumed_share", "fraction", "energy", "share of PV not exported (used at home, directly or via "
     "batteries and EVs)"),
    ("self_sufficiency", "fraction", "energy", "share of consumption (EV charging included) not drawn from the grid"),
    ("battery_throughput_kwh", "kWh", "energy", "energy discharged by home batteries"),
    ("grid_import_kwh", "kWh", "energy", "energy drawn at the feeder heads, losses included"),
    ("grid_export_kwh", "kWh", "energy", "energy fed back upstream at the feeder heads"),
    ("network_losses_kwh", "kWh", "grid", "transformer and feeder losses"),
    ("peak_demand_kw", "kW", "grid", "highest feeder-head draw of any interval, all feeders together"),
    ("load_factor", "fraction", "grid", "grid_import_kwh / (peak_demand_kw x hours): energy drawn over what the "
     "peak would have drawn all the time"),
    ("transformer_overload_hours", "h", "grid", "transformer-hours above the overload threshold, summed over "
     "transformers"),
    ("max_transformer_loading_pu", "pu", "grid", "highest transformer loading"),
    ("energy_charges", "currency", "money", "paid by households for retail energy"),
    ("feed_in_credits", "currency", "money", "paid to households for exports"),
    ("mean_bill", "currency", "money", "mean household bill over the run, market trades and fees included"),
    ("retailer_margin", "currency", "money", "retailer's net revenue after network fees, wholesale and market "
     "purchases, with the cross-subsidy"),
    ("cross_subsidy", "currency", "money", "paid to the retailer by other customer classes for residential supply "
     "below cost"),
    ("grid_operator_net", "currency", "money", "grid operator's fees and rents minus the cost of losses and DR "
     "incentives"),
    ("green_traded_kwh", "kWh", "market", "energy traded in the green market"),
    ("mean_clearing_price", "currency/kWh", "market", "what buyers paid per traded kWh (null without trade)"),
    ("market_welfare", "currency", "market", "gains from trade at declared prices: bids (net of the local network "
     "fee) minus asks; under truthful bidding the gain over tariff and feed-in prices plus green premiums"),
    ("budget_surplus", "currency", "market", "kept by the market operator (under transformer limits: the "
     "congestion rent, passed to the grid operator)"),
    ("congestion_rent", "currency", "market", "collected between transformer zones"),
    ("certificates_issued_kwh", "kWh", "market", "green certificates issued (one per traded kWh)"),
    ("certificates_retired_kwh", "kWh", "market", "green certificates retired by buyers"),
    ("green_plan_local_share", "fraction", "market", "share of green-plan households' use met by local PV"),
    ("green_product_covered_share", "fraction", "market", "share of the retailer's green product covered hour "
     "by hour"),
    ("green_product_uncovered_hours", "h", "market", "hours the green product was not fully covered"),
    ("battery_market_kwh", "kWh", "market", "energy home batteries sold into the market"),
    ("dr_events", "-", "response", "demand-response events recorded"),
    ("dr_customers_called", "-", "response", "customer-events called"),
    ("dr_response_rate", "fraction", "response", "share of called customers who responded"),
    ("dr_reduction_kwh", "kWh", "response", "net reduction measured against baselines, customers above their "
     "baseline included"),
    ("dr_paid_kwh", "kWh", "response", "reduction the incentive paid on: each customer's floored at zero"),
    ("dr_true_reduction_kwh", "kWh", "response", "true reduction: the counterfactual without DR minus metered, in "
     "events"),
    ("dr_reduction_error_kwh", "kWh", "response", "measured minus true reduction: the baselines' error on event days"),
    ("dr_incentive_paid", "currency", "response", "incentives paid by the grid operator"),
    ("dr_saved_cooling_kwh", "kWh", "response", "homes of appliances: DR responders' cooling saved against their plan "
     "in events (null with profile homes)"),
    ("dr_saved_heating_kwh", "kWh", "response", "homes of appliances: heating saved in events"),
    ("dr_saved_water_kwh", "kWh", "response", "homes of appliances: water heating saved in events"),
    ("dr_saved_other_kwh", "kWh", "response", "homes of appliances: laundry and dishwashers postponed out of events"),
    ("dr_net_saved_cooling_kwh", "kWh", "response", "homes of appliances: cooling DR answers saved over the days "
     "they changed, net of pre-cooling and the rebound (the warm-up's calls' carry-over into day 0 counts, the "
     "last day's past the horizon does not: as the meters saw it; null with profile homes)"),
    ("dr_net_saved_heating_kwh", "kWh", "response", "homes of appliances: heating saved over those days, net"),
    ("dr_net_saved_water_kwh", "kWh", "response", "homes of appliances: water heating saved over those days, net "
     "(the tanks' reheating after the window included)"),
    ("dr_net_saved_other_kwh", "kWh", "response", "homes of appliances: laundry and dishwashers over those days, "
     "net (about 0: postponed, not dropped)"),
    ("hot_water_unmet_kwh", "kWh", "response", "homes of appliances: hot water short of its 40 degC use "
     "temperature, as heat (tanks left cold by DR calls or critical-peak answers that switched heaters off; "
     "null with profile homes)"),
    ("hot_water_short_home_days", "days", "response", "homes of appliances: home-days with more than 0.01 kWh "
     "of hot water short"),
    ("dr_baseline_bias_pct", "%", "response", "baseline minus actual on non-event weekdays (> 0: free riding; a "
     "sample of at most 2,000 customers)"),
    ("dr_baseline_error_pct", "%", "response", "mean absolute baseline error on non-event days"),
    ("peak_demand_without_response_kw", "kW", "response", "peak feeder draw without DR events or price response "
     "(the counterfactual)"),
    ("transformer_overload_hours_without_response", "h", "response", "overload transformer-hours without DR or "
     "price response"),
    ("transformer_loss_of_life_h", "h", "response", "insulation life used, summed over transformers (IEEE C57.91)"),
    ("max_hot_spot_c", "degC", "response", "highest winding hot spot"),
    ("cpp_days", "days", "response", "critical-peak days recorded"),
    ("cpp_peak_load_change_pct", "%", "response", "peak-window load change on critical-peak days against no price "
     "response"),
    ("ev_count", "-", "ev", "electric vehicles"),
    ("ev_charged_kwh", "kWh", "ev", "energy EVs drew at home"),
    ("ev_discharged_kwh", "kWh", "ev", "energy EVs gave back (v2g)"),
    ("ev_driven_kwh", "kWh", "ev", "energy EVs used driving, cabin heating and cooling included"),
    ("ev_public_charging_kwh", "kWh", "ev", "trip energy the battery lacked, charged en route"),
    ("ev_unmet_kwh", "kWh", "ev", "energy short of the target state of charge at departure"),
    ("ev_unmet_promise_kwh", "kWh", "ev", "energy short of what the policy promised at departure"),
    ("ev_peak_coincident_kw", "kW", "ev", "highest simultaneous home EV charging"),
    ("swaps_served", "-", "ev", "battery swaps served"),
    ("swap_wait_mean_min", "min", "ev", "mean wait for a swap"),
    ("swap_wait_p95_min", "min", "ev", "95th-percentile wait for a swap"),
    ("swap_station_peak_kw", "kW", "ev", "swap station's peak draw"),
    ("shore_power_kwh", "kWh", "ev", "energy ships drew at berth"),
    ("avoided_fuel_kg", "kg", "ev", "auxiliary-engine fuel avoided by shore power"),
    ("avoided_co2_kg", "kg", "ev", "CO2 avoided by shore power, net of the grid's"),
    ("first_overload_year", "year", "ev", "adoption study: first year a transformer overloads (null: none)"),
    ("first_overloaded_transformer", "-", "ev", "adoption study: the transformer that overloads first"),
    ("transformers_overloaded_by_last_year", "-", "ev", "adoption study: transformers that overloaded in some year"),
    ("energy_imbalance_kwh", "kWh", "checks", "sum over intervals of |energy residual| (zero up to round-off)"),
    ("ledger_imbalance", "currency", "checks", "sum over intervals of |ledger residual| (zero up to round-off)"),
    ("wall_s", "s", "checks", "wall-clock time of the simulation, warm-up included"),
]
KPIS: dict[str, Kpi] = {row[0]: Kpi(*row) for row in _ROWS}
SECTIONS = tuple(dict.fromkeys(k.section for k in KPIS.values()))  # in the printed table's order
