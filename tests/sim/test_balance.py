"""Energy and money balance on random scenarios (hypothesis), with independent cross-checks."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from enernet import compose_config
from enernet.scenarios.model.model import EnernetModel


@st.composite
def scenarios(draw):
    households = draw(st.integers(1, 40))
    transformers = draw(st.integers(1, min(households, 5)))
    return [
        f"scenario.households={households}",
        f"scenario.transformers={transformers}",
        f"scenario.feeders={draw(st.integers(1, transformers))}",
        f"scenario.days={draw(st.sampled_from([1, 3]))}",
        f"scenario.pv_share={draw(st.floats(0, 1)):.3f}",
        f"scenario.battery_share={draw(st.floats(0, 1)):.3f}",
        f"scenario.interval_min={draw(st.sampled_from([15, 30, 60]))}",
        f"scenario.start_date={draw(st.sampled_from(['2025-01-15', '2025-06-21', '2024-02-28']))}",
        f"tariff={draw(st.sampled_from(['flat', 'tou', 'cpp', 'rtp']))}",
        "tariff.cpp_days=[0]" if draw(st.booleans()) else "tariff.max_cpp_days_per_season=60",
        *draw(st.sampled_from([["dr=none"], ["dr=transformer_relief", "dr.trigger_pu=0.2",
                                             "grid.standard_ratings_kva=[5,10,25]"]])),
        *draw(st.sampled_from([["market=none"], ["market=pay_as_clear"], ["market=pay_as_bid"], ["market=mcafee"],
                               ["market=huang"], ["market=pay_as_clear", "market.transformer_constraint=true",
                                                  "market.constraint_threshold_pu=0.1"]])),
        f"strategy={draw(st.sampled_from(['truthful', 'adaptive']))}",
        f"ev.share={draw(st.sampled_from([0.0, 0.5, 1.0]))}",
        f"ev.charging={draw(st.sampled_from(['uncontrolled', 'tou_delay', 'smart', 'v2g']))}",
        f"ev.swapping.stations={draw(st.sampled_from([0, 1]))}",
        f"ev.port.enabled={draw(st.booleans())}",
        f"market.green_plan_share={draw(st.floats(0, 1)):.3f}",
        f"market.battery_offers={draw(st.booleans())}",
        f"retailer.billing={draw(st.sampled_from(['monthly', 'weekly']))}",
        f"homes.model={draw(st.sampled_from(['appliances', 'profile']))}",
        f"seed={draw(st.integers(0, 10_000))}",
        "run.progress=false",
    ]


# Found by this test: a day-ahead event at midnight had its homes pre-cool in the day before it.
MIDNIGHT_EVENT = ["scenario.households=1", "scenario.transformers=1", "scenario.feeders=1", "scenario.days=1",
                  "scenario.pv_share=0.000", "scenario.battery_share=0.000", "scenario.interval_min=15",
                  "scenario.start_date=2024-02-28", "tariff=tou", "tariff.max_cpp_days_per_season=60",
                  "dr=transformer_relief", "dr.trigger_pu=0.2", "grid.standard_ratings_kva=[5,10,25]", "market=none",
                  "strategy=truthful", "ev.share=1.0", "ev.charging=v2g", "ev.swapping.stations=0",
                  "ev.port.enabled=False", "market.green_plan_share=0.000", "market.battery_offers=False",
                  "retailer.billing=monthly", "seed=0", "run.progress=false"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
@example(MIDNIGHT_EVENT)
def test_energy_and_ledger_balance_every_interval(overrides):
    model = EnernetModel(compose_config(["scenario=tiny", *overrides]))
    kpis = model.run()
    model.recorder.close()
    tables = {name: t.to_pandas() for name, t in model.recorder.tables().items()}
    intervals = tables["intervals"]
    scale_kwh = max(kpis["energy_consumed_kwh"] + kpis["pv_generated_kwh"], 1.0)
    assert np.abs(intervals["energy_residual_kwh"]).max() <= 1e-12 * scale_kwh * 10
    scale_money = max(kpis["energy_charges"] + kpis["feed_in_credits"], 1.0)
    assert np.abs(intervals["ledger_residual"]).max() <= 1e-12 * scale_money * 10
    # Money: all accounts together hold nothing (double entry), households' accounts equal their bills.
    balances = model.ledger.balance
    assert sum(balances.values()) == pytest.approx(0.0, abs=1e-9 * scale_money)
    bills = tables["bills"]
    assert bills["bill"].sum() == pytest.approx(-model.settlement.balance.sum(), rel=1e-9, abs=1e-9)
    assert balances["households"] == pytest.approx(model.settlement.balance.sum(), rel=1e-9, abs=1e-9)
    # Energy from household to feeder: per-transformer loads add up to the households' net load.
    transformers = tables["transformers"]
    per_interval = transformers.groupby("interval")["load_kw"].sum().to_numpy()
    np.testing.assert_allclose(per_interval, intervals["net_load_kw"], rtol=1e-9, atol=1e-9)
    # Billed energy equals metered energy.
    dt_h = model.clock.interval_h
    assert bills["import_kwh"].sum() == pytest.approx(intervals["retail_import_kwh"].sum(), rel=1e-9, abs=1e-9)
    net_kwh = (intervals["net_load_kw"] * dt_h).sum()
    metered = intervals["household_import_kwh"].sum() - intervals["household_export_kwh"].sum()
    assert metered == pytest.approx(net_kwh, rel=1e-9, abs=1e-9)
    # Every metered kWh is billed once: by the retailer or in the green market.
    billed = (bills["import_kwh"] + bills["market_bought_kwh"] - bills["export_kwh"] - bills["market_sold_kwh"]).sum()
    assert billed == pytest.approx(net_kwh, rel=1e-9, abs=1e-9)
    if "market" in tables:
        market = tables["market"]
        sold, bought = bills["market_sold_kwh"].sum(), bills["market_bought_kwh"].sum()
        assert sold == pytest.approx(bought + market["retailer_bought_kwh"].sum(), rel=1e-9, abs=1e-9)
        assert market["cleared_kwh"].sum() == pytest.approx(sold, rel=1e-9, abs=1e-9)
        assert (market["budget_surplus"] >= -1e-9).all()
