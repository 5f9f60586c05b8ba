"""The warm-up: days simulated before the recorded start so that baselines, forecasts and
learning bidders start with history; not recorded, same seed and streams."""
from __future__ import annotations

import numpy as np

from enernet import compose_config
from enernet.scenarios.model.model import EnernetModel
from tests.helpers import simulate

# The standard profile: its old town's transformers call events on the first recorded day.
OLD_TOWN_DR = ["scenario=old_town", "scenario.households=150", "scenario.transformers=3", "scenario.days=3",
               "dr=transformer_relief", "homes.model=profile", "run.progress=false"]


def test_baselines_have_history_from_the_first_recorded_day():
    """With the default 14-day warm-up, an event on the first recorded day (a Monday) is measured
    against the warm-up's weekdays without an event at its transformer, at most 10, or, where
    fewer than 5 are left, the 5 most recent weekdays (counted here from the events themselves).
    Without the warm-up, day 0 has no history, so no event can be called on it."""
    model, tables = simulate(OLD_TOWN_DR)
    dr_events = tables["events"][tables["events"]["kind"].str.startswith("dr_")]
    first_day = dr_events[dr_events["start"].dt.date == model.clock.start.date()]
    assert len(first_day) >= 1
    for _, event in first_day.iterrows():
        busy = {e.start_min // 1440 for e in model.dr.events if e.transformer == event["transformer"]}
        weekdays = [d for d in range(-14, 0) if model.clock.timestamp(d * 1440).weekday() < 5]
        clean = [d for d in weekdays if d not in busy]
        expected = min(10, len(clean)) if len(clean) >= 5 else min(5, len(weekdays))
        assert event["baseline_days"] == expected >= 1
    cold, cold_tables = simulate([*OLD_TOWN_DR, "scenario.warmup_days=0"])
    cold_events = cold_tables["events"][cold_tables["events"]["kind"].str.startswith("dr_")]
    assert not (cold_events["start"].dt.date == model.clock.start.date()).any()


def test_the_warm_up_is_not_recorded_but_its_state_is_kept():
    model, tables = simulate(["scenario=tiny", "strategy=adaptive", "market=pay_as_bid", "run.progress=false"])
    assert (tables["intervals"]["interval"] >= 0).all() and (tables["transformers"]["minute"] >= 0).all()
    assert (tables["bills"]["period_start"] >= np.datetime64(model.clock.start)).all()
    # Adaptive bidders learnt during the warm-up: the first recorded interval's margins are not the
    # initial ones; the grid operator forecasts the first day from yesterday's loads.
    assert tables["market"]["mean_buy_margin"].iloc[0] != model.cfg.strategy.initial_margin
    assert model.grid_operator._has_yesterday(0)
    # Money and energy balance over the recorded horizon alone.
    assert model.kpi_values["ledger_imbalance"] < 1e-9 and model.kpi_values["energy_imbalance_kwh"] < 1e-9
    bills = tables["bills"].groupby("household")["bill"].sum().to_numpy()
    np.testing.assert_allclose(model.settlement.balance, -bills, atol=1e-9)


def test_a_critical_peak_day_can_fall_on_the_first_recorded_day():
    """Planned at the warm-up's last planning hour: 9 July 2025 is among the third quarter's four
    most extreme weekdays; 26 and 27 June, in the warm-up, are the second quarter's."""
    model = EnernetModel(compose_config(["scenario=tiny", "scenario.start_date=2025-07-09",
                                         "tariff=cpp", "run.progress=false"]))
    kpis = model.run()
    assert sorted(model.retailer.critical_days) == [-13, -12, 0, 1] and kpis["cpp_days"] == 2


def test_warm_up_days_count_but_config_days_are_recorded_days():
    model = EnernetModel(compose_config(["scenario=tiny", "tariff=cpp", "tariff.cpp_days=[1]",
                                         "scenario.warmup_days=5", "run.progress=false"]))
    kpis = model.run()
    assert model.clock.first_day == -5 and sorted(model.retailer.critical_days) == [1]
    assert kpis["cpp_days"] == 1 and kpis["intervals"] == 192
