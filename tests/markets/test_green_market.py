"""The green market inside the simulation: tables, certificates, strategies, transformer limits."""
from __future__ import annotations

import numpy as np
import pytest

from enernet import compose_config, load_run, run_scenario
from tests.helpers import simulate


def _run(*overrides: str):
    model, tables = simulate(["scenario=tiny", "run.progress=false", *overrides])
    return model, model.kpi_values, tables


def test_run_directory_reports_the_market(tiny_run_dir):
    run = load_run(tiny_run_dir)
    market = run.market
    assert len(market) == run.kpis["intervals"] and set(market["mechanism"]) == {"pay_as_clear"}
    for column in ("price", "cleared_kwh", "buy_orders", "sell_orders", "welfare", "budget_surplus"):
        assert column in market.columns
    for key in ("green_traded_kwh", "mean_clearing_price", "market_welfare", "budget_surplus"):
        assert key in run.kpis
    assert run.kpis["green_traded_kwh"] == pytest.approx(market["cleared_kwh"].sum())
    assert run.kpis["market_welfare"] == pytest.approx(market["welfare"].sum())
    assert run.kpis["mean_clearing_price"] == pytest.approx(market["buyers_paid"].sum() / market["cleared_kwh"].sum())
    # Uniform price: every trade in an interval at one price between the cheapest ask and dearest bid.
    traded = market[market["cleared_kwh"] > 0]
    assert traded["price"].notna().all() and (traded["budget_surplus"].abs() < 1e-9).all()


def test_certificates_are_issued_per_traded_kwh_and_matched_by_hour(tiny_run_dir):
    run = load_run(tiny_run_dir)
    certificates = run.certificates
    assert len(certificates) == 48  # two days, hour by hour
    assert certificates["issued_kwh"].sum() == pytest.approx(run.kpis["green_traded_kwh"])
    retired = certificates["retired_households_kwh"] + certificates["retired_retailer_kwh"]
    np.testing.assert_allclose(retired, certificates["issued_kwh"], atol=1e-9)  # every certificate retired
    uncovered = certificates["green_product_kwh"] - certificates["retired_retailer_kwh"]
    assert int((uncovered > 1e-9).sum()) == run.kpis["green_product_uncovered_hours"]
    assert (certificates["covered"] == (uncovered <= 1e-9)).all()


def test_without_a_market_nothing_trades_and_no_market_table_is_written(tmp_path):
    run_scenario(compose_config(["scenario=tiny", "market=none", "run.progress=false"]), tmp_path / "none")
    run = load_run(tmp_path / "none")
    assert "market" not in run.tables and not (tmp_path / "none" / "market.parquet").exists()
    assert run.kpis["green_traded_kwh"] == 0 and run.kpis["mean_clearing_price"] is None
    assert (run.bills["market_bought_kwh"] == 0).all()


def test_adaptive_bidders_shade_toward_the_price_and_pay_less_under_pay_as_bid():
    _, truthful, t_tables = _run("market=pay_as_bid", "strategy=truthful")
    _, adaptive, a_tables = _run("market=pay_as_bid", "strategy=adaptive")
    assert adaptive["mean_clearing_price"] < truthful["mean_clearing_price"]
    margins = a_tables["market"]["mean_buy_margin"]
    assert margins.iloc[-1] != margins.iloc[0]
    assert (t_tables["market"]["mean_buy_margin"] == 0).all()


def test_trade_reduction_mechanisms_never_run_a_deficit_and_trade_no_more_than_the_efficient_market():
    _, efficient, _ = _run("market=pay_as_clear")
    for mechanism in ("mcafee", "huang"):
        _, kpis, tables = _run(f"market={mechanism}")
        assert kpis["budget_surplus"] >= 0 and (tables["market"]["budget_surplus"] >= -1e-9).all()
        assert kpis["green_traded_kwh"] <= efficient["green_traded_kwh"] + 1e-9
        assert kpis["market_welfare"] <= efficient["market_welfare"] + 1e-9


def test_transformer_limits_split_zonal_prices_and_collect_congestion_rent(monkeypatch):
    """When the operator limits market flows out of a PV-rich zone (here: as if it forecast reverse
    flow near the limit all day, 0.2 kWh an interval out of transformer 0), that zone cannot sell all
    its PV at the bus: its local price falls below the bus price, the difference times the limited
    flow is the congestion rent, and the rent goes to the grid operator."""
    from enernet.agents.grid_operator import GridOperator

    def tight(self, interval):
        m = self.network.n_transformers
        cap_out = np.full(m, np.inf)
        cap_out[0] = 0.2
        return np.full(m, np.inf), cap_out

    street = ["market.green_plan_share=0.8", "market.retailer_green_share=0.5"]
    _, free, _ = _run(*street)
    monkeypatch.setattr(GridOperator, "market_headroom_kwh", tight)
    model, limited, tables = _run(*street, "market.transformer_constraint=true")
    market = tables["market"]
    assert free["congestion_rent"] == 0 and limited["congestion_rent"] > 0
    split = market[market["congestion_rent"] > 0]
    assert (split["min_zone_price"] < split["price"] - 1e-12).all()
    assert market["constrained_transformers"].max() >= 1
    assert limited["ledger_imbalance"] < 1e-9 and limited["energy_imbalance_kwh"] < 1e-9
    assert model.ledger.balance["market_operator"] == pytest.approx(0.0, abs=1e-9)  # rent passed on
    assert limited["green_traded_kwh"] < free["green_traded_kwh"]


def test_only_pv_is_sold_as_green_energy():
    """EVs discharging to the grid (v2g) are not PV: without PV nothing trades and no certificate is issued."""
    _, kpis, _ = _run("scenario.pv_share=0", "ev.share=1", "ev.charging=v2g", "tariff=tou")
    assert kpis["pv_generated_kwh"] == 0 and kpis["green_traded_kwh"] == 0 and kpis["certificates_issued_kwh"] == 0
    assert 0 <= kpis["self_sufficiency"] <= 1


def test_green_plan_buyers_never_pay_more_than_their_value_for_a_market_kwh():
    """A green-plan household values a local kWh at its tariff price plus the green premium, and
    pays the clearing price plus the local network fee: it bids net of the fee, so what it paid per
    kWh bought, fee included, never tops that value (flat tariff: one value per household)."""
    # Every household on a green plan, little PV: buyers are the long side and set the price.
    model, kpis, tables = _run("market.local_network_fee_per_kwh=0.1", "market.green_premium_per_kwh=0.05",
                               "market.green_plan_share=1", "scenario.pv_share=0.2")
    bills = tables["bills"]
    buyers = bills[bills["market_bought_kwh"] > 1e-9]
    assert len(buyers) > 0
    value = model.cfg.tariff.energy_price_per_kwh + 0.05
    cost_per_kwh = (buyers["market_paid"] + buyers["local_network_fee"]) / buyers["market_bought_kwh"]
    assert (cost_per_kwh <= value + 1e-9).all()
    np.testing.assert_allclose(buyers["local_network_fee"], 0.1 * buyers["market_bought_kwh"])
