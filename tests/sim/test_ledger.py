"""Who pays whom: every account's balance equals the flows it takes part in, with their direction.

The ledger's residual shows that each posting has two equal legs; it cannot show that a leg goes
the right way (a loss cost paid *to* the grid operator still sums to zero). Here each account's
balance is rebuilt from the recorded flow columns of ``intervals.parquet`` by the direction each
flow should take, and the households' from their bills.
"""
from __future__ import annotations

import pytest

from enernet import compose_config
from tests.helpers import simulate

# account -> {flow column: +1 (the account receives it) or -1 (it pays it)}
DIRECTIONS = {
    "households": {"energy_charges": -1, "feed_in_credits": +1, "market_payments": -1,
                   "retailer_market_payments": +1,  # market_payments include the retailer's: not households'
                   "market_receipts": +1, "local_network_fees": -1, "dr_incentives": +1},
    "retailer": {"energy_charges": +1, "feed_in_credits": -1, "network_fees": -1, "wholesale_cost": -1,
                 "cross_subsidy": +1, "large_customer_charges": +1, "retailer_market_payments": -1},
    "grid_operator": {"network_fees": +1, "local_network_fees": +1, "congestion_rent": +1, "loss_cost": -1,
                      "dr_incentives": -1},
    "upstream": {"wholesale_cost": +1, "loss_cost": +1},
    "market_operator": {"market_payments": +1, "market_receipts": -1, "congestion_rent": -1},
    "large_customers": {"large_customer_charges": -1},
    "other_customer_classes": {"cross_subsidy": -1},
}

CASES = {
    "plain street, flat tariff": ["scenario=tiny", "market=none"],
    "green market with a constrained zone": ["scenario=tiny", "grid.standard_ratings_kva=[10]",
                                             "market.transformer_constraint=true", "market.constraint_threshold_pu=0.5",
                                             "market.green_plan_share=0.5"],
    "winter DR, time of use, EVs and a swap station": [
        "scenario=tiny", "scenario.start_date=2025-01-13", "scenario.days=3", "scenario.pv_share=0",
        "scenario.mean_annual_kwh=4500", "grid.standard_ratings_kva=[8]", "dr=transformer_relief", "tariff=tou",
        "ev.share=0.3", "ev.swapping.stations=1"],
}


@pytest.mark.parametrize("case", list(CASES))
def test_every_account_is_the_flows_it_pays_and_receives(case):
    model, tables = simulate([*CASES[case], "run.progress=false"])
    intervals = tables["intervals"]
    totals = {column: float(intervals[column].sum()) for flows in DIRECTIONS.values() for column in flows}
    assert any(abs(v) > 0 for v in totals.values())
    for account, flows in DIRECTIONS.items():
        expected = sum(sign * totals[column] for column, sign in flows.items())
        assert model.ledger.balance[account] == pytest.approx(expected, rel=1e-9, abs=1e-8), account
    # Households, one by one: each account moved by minus its bills.
    bills = tables["bills"].groupby("household")["bill"].sum()
    assert model.settlement.balance == pytest.approx(-bills.to_numpy(), rel=1e-9, abs=1e-9)
    assert model.ledger.balance["households"] == pytest.approx(-bills.sum(), rel=1e-9, abs=1e-8)


def test_the_cross_subsidy_of_a_flat_rate_kwh_is_the_price_sets_figure():
    """Flat tariff, no market, no PV: every retail kWh costs wholesale + network fee, so other
    customer classes pay exactly prices.cross_subsidy_per_kwh for it, and the retailer breaks even."""
    model, tables = simulate(["scenario=tiny", "market=none", "scenario.pv_share=0", "run.progress=false"])
    cfg = compose_config([])
    retail_kwh = tables["intervals"]["retail_import_kwh"].sum()
    assert model.kpi_values["cross_subsidy"] == pytest.approx(cfg.prices.cross_subsidy_per_kwh * retail_kwh, rel=1e-9)
    assert model.kpi_values["retailer_margin"] == pytest.approx(0.0, abs=1e-9)
    p = cfg.prices
    assert p.residential_flat_per_kwh + p.cross_subsidy_per_kwh == pytest.approx(p.wholesale_per_kwh
                                                                                + p.network_fee_per_kwh, abs=1e-9)
