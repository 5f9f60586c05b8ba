"""Every output table's columns, each declared once with its type, unit and meaning.

The recorder builds its buffers and Parquet schemas from these declarations, the tables that are
written whole (certificates, EV sessions, the adoption study) take their schemas from them, and
``docs/outputs.md`` is generated from them (``scripts/generate_docs.py``; a test checks it is
current). Units: kW and kWh of energy, ``currency`` for money (the price set's, CNY by default),
``pu`` of a transformer's rating, ``degC``, ``-`` for counts, flags and indices.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # numpy dtype name, or "timestamp" (seconds), "string"
    unit: str
    doc: str


def _table(*rows: tuple[str, str, str, str]) -> dict[str, Column]:
    return {name: Column(name, dtype, unit, doc) for name, dtype, unit, doc in rows}


F, I, B, T, S = "float64", "int32", "bool", "timestamp", "string"

INTERVALS = _table(
    ("time", T, "-", "start of the interval, local standard time of the site (site.time_zone, no DST)"),
    ("interval", I, "-", "interval index from the recorded start (0, 1, ...)"),
    ("minute", I, "min", "minutes from the recorded start"),
    ("load_kw", F, "kW", "household consumption before PV and batteries, after any response"),
    ("pv_kw", F, "kW", "rooftop PV output"),
    ("battery_charge_kw", F, "kW", "home batteries charging"),
    ("battery_discharge_kw", F, "kW", "home batteries discharging"),
    ("battery_soc_kwh", F, "kWh", "home batteries' charge at the interval's end"),
    ("ev_charge_kw", F, "kW", "home EV charging, at the plug"),
    ("ev_discharge_kw", F, "kW", "EVs giving back (v2g), at the plug"),
    ("feeder_extra_kw", F, "kW", "the swap station and the port, at the feeder head"),
    ("net_load_kw", F, "kW", "sum of household grid draw (injection negative)"),
    ("transformer_loss_kw", F, "kW", "transformers' no-load and load losses"),
    ("feeder_loss_kw", F, "kW", "feeders' I^2R losses"),
    ("feeder_import_kw", F, "kW", "drawn at the feeder heads, losses included (export negative)"),
    ("ambient_c", F, "degC", "outdoor temperature (typical-year weather)"),
    ("overloaded_transformers", I, "-", "transformers above the overload threshold"),
    ("max_loading_pu", F, "pu", "highest transformer loading"),
    ("household_import_kwh", F, "kWh", "metered grid draw of all households"),
    ("household_export_kwh", F, "kWh", "metered injection of all households"),
    ("pv_export_kwh", F, "kWh", "the part of that injection that is PV (not batteries, not v2g)"),
    ("retail_import_kwh", F, "kWh", "billed by the retailer (green-market purchases excluded)"),
    ("feed_in_export_kwh", F, "kWh", "credited at feed-in (green-market sales excluded)"),
    ("wholesale_price_per_kwh", F, "currency/kWh", "energy bought upstream"),
    ("mean_price_per_kwh", F, "currency/kWh", "mean retail price over the tariffs this interval"),
    ("energy_charges", F, "currency", "households pay the retailer for retail energy"),
    ("feed_in_credits", F, "currency", "the retailer pays households for exports"),
    ("network_fees", F, "currency", "the retailer pays the grid operator for delivery"),
    ("wholesale_cost", F, "currency", "the retailer pays upstream for energy"),
    ("loss_cost", F, "currency", "the grid operator pays upstream for losses"),
    ("market_payments", F, "currency", "buyers pay the market operator (the retailer's purchases included)"),
    ("market_receipts", F, "currency", "the market operator pays sellers"),
    ("local_network_fees", F, "currency", "green-market buyers pay the grid operator per traded kWh"),
    ("congestion_rent", F, "currency", "the market operator passes to the grid operator"),
    ("dr_incentives", F, "currency", "the grid operator pays DR customers"),
    ("large_customer_charges", F, "currency", "the swap station and the port pay the retailer"),
    ("cross_subsidy", F, "currency", "other customer classes pay the retailer for residential supply below cost"),
    ("retailer_market_payments", F, "currency", "the retailer's green-market purchases (part of market_payments)"),
    ("base_load_kw", F, "kW", "household consumption before price response and DR"),
    ("load_after_price_kw", F, "kW", "after price response, before DR events"),
    ("dr_cut_kw", F, "kW", "cut by DR responders"),
    ("dr_rebound_kw", F, "kW", "drawn back after DR events"),
    ("dr_battery_kw", F, "kW", "home batteries' extra discharge on DR calls"),
    ("active_dr_events", I, "-", "DR events running"),
    ("critical_peak", B, "-", "inside a critical-peak window"),
    ("feeder_import_without_response_kw", F, "kW", "the counterfactual's feeder draw: no DR events, no price "
     "response (NaN without one)"),
    ("overloaded_without_response", I, "-", "the counterfactual's overloaded transformers"),
    ("max_hot_spot_c", F, "degC", "hottest winding hot spot (IEEE C57.91)"),
    ("mean_net_kw_plain", F, "kW", "mean net load per household without PV"),
    ("mean_net_kw_pv", F, "kW", "mean net load per PV household without a battery"),
    ("mean_net_kw_pv_battery", F, "kW", "mean net load per PV household with a battery"),
    ("mean_net_kw_ev", F, "kW", "mean net load per EV-owning household"),
    ("evs_plugged", I, "-", "EVs plugged in at home"),
    ("ev_soc_kwh", F, "kWh", "EVs' charge"),
    ("swap_station_kw", F, "kW", "the swap station's draw"),
    ("port_kw", F, "kW", "shore power drawn at the port"),
    ("energy_residual_kwh", F, "kWh", "feeder import minus everything it supplies (zero up to round-off)"),
    ("ledger_residual", F, "currency", "sum of every account's change (zero up to round-off)"),
)

TRANSFORMERS = _table(
    ("time", T, "-", "start of the interval"),
    ("interval", I, "-", "interval index from the recorded start"),
    ("minute", I, "min", "minutes from the recorded start"),
    ("transformer", I, "-", "transformer index"),
    ("load_kw", F, "kW", "the households below it, net (reverse flow negative)"),
    ("loading_pu", F, "pu", "apparent power over rating"),
    ("overloaded", B, "-", "loading above the overload threshold"),
    ("loss_kw", F, "kW", "no-load and load losses"),
    ("hot_spot_c", F, "degC", "winding hot spot (IEEE C57.91 clause 7)"),
    ("aging_factor", F, "-", "aging acceleration factor F_AA, 1 at 110 degC"),
)

MARKET = _table(
    ("time", T, "-", "start of the interval"),
    ("mechanism", S, "-", "clearing mechanism"),
    ("interval", I, "-", "interval index from the recorded start"),
    ("minute", I, "min", "minutes from the recorded start"),
    ("price", F, "currency/kWh", "uniform clearing price (NaN without one)"),
    ("buyer_price", F, "currency/kWh", "what buyers pay per kWh (NaN for pay-as-bid)"),
    ("seller_price", F, "currency/kWh", "what sellers receive per kWh (NaN for pay-as-bid)"),
    ("cleared_kwh", F, "kWh", "energy traded"),
    ("efficient_kwh", F, "kWh", "what the efficient allocation would trade"),
    ("buy_orders", I, "-", "buy orders in the book"),
    ("sell_orders", I, "-", "sell orders in the book"),
    ("bid_kwh", F, "kWh", "energy bid for"),
    ("offered_kwh", F, "kWh", "energy offered"),
    ("buyers_paid", F, "currency", "what buyers paid"),
    ("welfare", F, "currency", "bids (net of the local network fee) minus asks, over traded kWh"),
    ("budget_surplus", F, "currency", "kept by the market operator"),
    ("trade_reduced", B, "-", "McAfee's or Huang's trade reduction applied"),
    ("household_bought_kwh", F, "kWh", "bought by green-plan households"),
    ("green_plan_import_kwh", F, "kWh", "green-plan households' import"),
    ("retailer_bought_kwh", F, "kWh", "bought by the retailer for its green product"),
    ("green_obligation_kwh", F, "kWh", "the retailer's green product this interval"),
    ("battery_sold_kwh", F, "kWh", "sold by home batteries"),
    ("certificates_issued_kwh", F, "kWh", "green certificates issued (one per traded kWh)"),
    ("congestion_rent", F, "currency", "collected between transformer zones"),
    ("constrained_transformers", I, "-", "transformers whose market flows were limited"),
    ("min_zone_price", F, "currency/kWh", "lowest zonal price"),
    ("max_zone_price", F, "currency/kWh", "highest zonal price"),
    ("mean_buy_margin", F, "fraction", "adaptive bidders' mean shade of bids"),
    ("mean_sell_margin", F, "fraction", "adaptive bidders' mean mark-up of asks"),
)

BILLS = _table(
    ("period_start", T, "-", "start of the billing period"),
    ("period_end", T, "-", "end of the billing period"),
    ("household", I, "-", "household index"),
    ("transformer", I, "-", "its transformer"),
    ("tariff", S, "-", "its tariff"),
    ("has_pv", B, "-", "owns rooftop PV"),
    ("has_battery", B, "-", "owns a home battery"),
    ("green_plan", B, "-", "on a green plan"),
    ("ev_owner", B, "-", "owns an EV"),
    ("import_kwh", F, "kWh", "retail energy billed"),
    ("export_kwh", F, "kWh", "exports credited at feed-in"),
    ("energy_charge", F, "currency", "charge for retail energy"),
    ("feed_in_credit", F, "currency", "credit for exports"),
    ("market_bought_kwh", F, "kWh", "bought in the green market"),
    ("market_sold_kwh", F, "kWh", "sold in the green market"),
    ("market_paid", F, "currency", "paid in the green market"),
    ("market_received", F, "currency", "received in the green market"),
    ("local_network_fee", F, "currency", "paid per traded kWh to the grid operator"),
    ("dr_incentive", F, "currency", "DR incentives received"),
    ("bill", F, "currency", "charges + market payments + fees - credits - market receipts - incentives"),
)

EVENTS = _table(
    ("kind", S, "-", "transformer_overload, dr_day_ahead, dr_emergency or cpp_day"),
    ("transformer", I, "-", "transformer index (-1 for critical-peak days)"),
    ("start", T, "-", "start"),
    ("end", T, "-", "end"),
    ("duration_min", "int64", "min", "length"),
    ("peak_loading_pu", F, "pu", "overload episodes: highest loading"),
    ("notice_min", "int64", "min", "DR: time from the call to the start"),
    ("customers_called", "int64", "-", "DR: enrolled customers under the transformer"),
    ("customers_responded", "int64", "-", "DR: of them, those who responded"),
    ("baseline_days", "int64", "days", "DR: history days the baseline was computed from"),
    ("baseline_kwh", F, "kWh", "DR: the called customers' baseline over the event"),
    ("metered_kwh", F, "kWh", "DR: what they drew"),
    ("reduction_kwh", F, "kWh", "DR: baseline - metered, customers above their baseline included"),
    ("paid_kwh", F, "kWh", "DR: what the incentive paid on (each customer's reduction floored at zero)"),
    ("true_reduction_kwh", F, "kWh", "DR: counterfactual without DR - metered (NaN without one)"),
    ("incentive", F, "currency", "DR: paid"),
    ("asked", S, "-", "DR with homes of appliances: what responders were asked to turn down"),
    ("saved_cooling_kwh", F, "kWh", "DR with homes of appliances: responders' cooling saved against their plan"),
    ("saved_heating_kwh", F, "kWh", "DR with homes of appliances: heating saved"),
    ("saved_water_kwh", F, "kWh", "DR with homes of appliances: water heating saved"),
    ("saved_other_kwh", F, "kWh", "DR with homes of appliances: laundry and dishwashers saved (postponed)"),
)

CERTIFICATES = _table(
    ("time", T, "-", "start of the hour"),
    ("issued_kwh", F, "kWh", "certificates issued (one per traded kWh)"),
    ("retired_households_kwh", F, "kWh", "retired by green-plan households"),
    ("retired_retailer_kwh", F, "kWh", "retired by the retailer for its green product"),
    ("green_product_kwh", F, "kWh", "the retailer's green product's use"),
    ("uncovered_kwh", F, "kWh", "green product without a certificate"),
    ("covered", B, "-", "the hour's green product fully covered"),
)

EV_SESSIONS = _table(
    ("ev", I, "-", "EV index (its place in the ownership ranking)"),
    ("household", I, "-", "owner's household"),
    ("transformer", I, "-", "owner's transformer"),
    ("arrival", T, "-", "plugged in (before the recorded start for sessions begun in the warm-up)"),
    ("departure", T, "-", "unplugged (the run's end for a session still open)"),
    ("battery_kwh", F, "kWh", "battery capacity"),
    ("charger_kw", F, "kW", "home charger power"),
    ("soc_arrival_kwh", F, "kWh", "charge on arrival"),
    ("soc_departure_kwh", F, "kWh", "charge on departure"),
    ("charged_kwh", F, "kWh", "drawn at the plug"),
    ("discharged_kwh", F, "kWh", "given back at the plug (v2g)"),
    ("target_kwh", F, "kWh", "charge wanted at departure"),
    ("promised_kwh", F, "kWh", "charge the policy promised at departure"),
    ("unmet_kwh", F, "kWh", "short of the target at departure"),
    ("departed", B, "-", "the session ended with a departure (not with the run)"),
)

ADOPTION = _table(
    ("year", I, "-", "study year"),
    ("ev_share", F, "fraction", "share of households with an EV (Bass diffusion)"),
    ("transformer", I, "-", "transformer index"),
    ("overload_hours", F, "h", "hours above the overload threshold in the year's week"),
    ("max_loading_pu", F, "pu", "highest loading in the year's week"),
)

HOUSEHOLDS = _table(
    ("household", I, "-", "household index"),
    ("transformer", I, "-", "its transformer"),
    ("archetype", S, "-", "young_single, retired_couple, working_family or shop_house"),
    ("occupants", I, "-", "people living there"),
    ("workers", I, "-", "of them, away on working days"),
    ("income_cny_per_year", F, "CNY/year", "household disposable income"),
    ("floor_m2", F, "m2", "floor area"),
    ("ua_w_per_k", F, "W/K", "the envelope's heat-loss coefficient"),
    ("capacity_j_per_k", F, "J/K", "the heat capacity of the dwelling's mass (its air's is 10 kJ/K per m2 of floor)"),
    ("ac_units", I, "-", "split air conditioners"),
    ("heats_with_ac", B, "-", "the air conditioners heat in winter (else an electric heater, gas or no heating)"),
    ("electric_heater", B, "-", "a resistive electric heater heats it (homes not heating with air conditioners)"),
    ("water_heater", B, "-", "an electric storage water heater"),
    ("appliances", S, "-", "the cycling appliances it owns, comma-separated"),
    ("ev_charger", B, "-", "a home EV charger (the home owns an EV)"),
    ("pv_kwp", F, "kWp", "rooftop PV (0: none)"),
    ("battery_kwh", F, "kWh", "home battery capacity (0: none)"),
)

HOUSEHOLD_INTERVALS = _table(
    ("household", I, "-", "household index"),
    ("time", T, "-", "start of the interval"),
    ("load_kw", F, "kW", "the home's consumption, with its answers to critical-peak prices and DR calls"),
    ("net_kw", F, "kW", "load_kw minus its PV (before its battery and EV)"),
    ("cooling_kw", F, "kW", "air conditioners cooling"),
    ("heating_kw", F, "kW", "air conditioners heating"),
    ("water_kw", F, "kW", "electric water heater"),
    ("cooking_kw", F, "kW", "kettle, rice cooker, cooktop, microwave"),
    ("other_kw", F, "kW", "fridge, standby, lighting, laundry, TV, computers"),
)

TABLES: dict[str, dict[str, Column]] = {
    "intervals": INTERVALS, "transformers": TRANSFORMERS, "market": MARKET, "bills": BILLS, "events": EVENTS,
    "certificates": CERTIFICATES, "ev_sessions": EV_SESSIONS, "adoption": ADOPTION, "households": HOUSEHOLDS,
    "household_intervals": HOUSEHOLD_INTERVALS,
}
TABLE_DOCS = {
    "intervals": "system totals per interval: load, PV, batteries, EVs, losses, feeder import, money flows, residuals",
    "transformers": "per transformer per interval: load, loading, overload, losses, heat",
    "market": "the green market per interval (with a market)",
    "bills": "per household per billing period",
    "events": "overload episodes, DR events and critical-peak days",
    "certificates": "green certificates per hour (with a market)",
    "ev_sessions": "one row per home charging session (with EVs)",
    "adoption": "the EV adoption study, per year and transformer (with ev.adoption.years)",
    "households": "one row per home: archetype, people, dwelling, appliances (with homes.model=appliances)",
    "household_intervals": "per home per interval: load, net of PV, and the end-use split (with "
                           "homes.model=appliances and record.household_intervals=true; large)",
}


def buffered(table: dict[str, Column], skip=("time", "mechanism")) -> dict[str, str]:
    """name -> numpy dtype of the columns a streamed table buffers (the time column is derived)."""
    return {name: c.dtype for name, c in table.items() if name not in skip}


def arrow_schema(table: dict[str, Column]):
    """The table's Parquet (Arrow) schema."""
    import pyarrow as pa

    def arrow(dtype: str):
        return {"timestamp": pa.timestamp("s"), "string": pa.string()}.get(dtype) or pa.from_numpy_dtype(dtype)

    return pa.schema([(c.name, arrow(c.dtype)) for c in table.values()])
