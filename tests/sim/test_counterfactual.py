"""The "without response" KPIs come from a twin run without any response, so they equal the run
with the response switched off, and each DR event's true reduction is measured against it."""
from __future__ import annotations

import pytest

from enernet import compose_config
from enernet.scenarios.model.model import EnernetModel

WITHOUT = ("peak_demand_kw", "transformer_overload_hours")


def _kpis(*overrides: str) -> dict:
    return EnernetModel(compose_config([*overrides, "run.progress=false"])).run()


def _assert_without_response_is(run: dict, switched_off: dict) -> None:
    assert run["peak_demand_without_response_kw"] == pytest.approx(switched_off["peak_demand_kw"], rel=1e-12)
    assert run["transformer_overload_hours_without_response"] == pytest.approx(
        switched_off["transformer_overload_hours"], rel=1e-12)


def test_a_cpp_run_without_response_is_the_run_with_price_response_off():
    """Batteries and the market re-run on the loads without response (not the response's dispatch)."""
    overrides = ["scenario=high_pv", "scenario.households=150", "tariff=cpp"]
    run = _kpis(*overrides)
    off = _kpis(*overrides, "tariff.price_response=false")
    assert run["cpp_days"] >= 1 and run["cpp_days"] == off["cpp_days"]
    _assert_without_response_is(run, off)
    assert off["cpp_peak_load_change_pct"] == 0.0 and run["cpp_peak_load_change_pct"] < -5


def test_an_ev_run_with_dr_without_response_is_the_run_without_dr():
    """EV owners in an event defer charging and catch up afterwards: the twin does neither."""
    overrides = ["scenario=ev_2035", "scenario.households=150", "scenario.days=3", "scenario.transformers=3",
                 "ev.swapping.stations=0", "ev.port.enabled=false", "homes.model=profile"]  # its events fall on EVs
    run = _kpis(*overrides, "dr=transformer_relief")
    off = _kpis(*overrides, "dr=none")
    assert run["dr_events"] >= 1
    _assert_without_response_is(run, off)


def test_true_reductions_are_counterfactual_minus_metered_and_the_measured_error_is_reported():
    # No warm-up: these transformers run at over 2 pu, and a warm-up would use up the season's events
    model = EnernetModel(compose_config(["scenario=old_town", "scenario.households=120", "scenario.days=4",
                                         "scenario.transformers=3", "dr=transformer_relief", "scenario.warmup_days=0",
                                         "run.progress=false"]))
    kpis = model.run()
    assert kpis["dr_events"] >= 1
    events = model.dr.recorded_events()
    assert kpis["dr_true_reduction_kwh"] == pytest.approx(sum(e.true_reduction_kwh for e in events))
    assert kpis["dr_reduction_error_kwh"] == pytest.approx(kpis["dr_reduction_kwh"] - kpis["dr_true_reduction_kwh"])
    assert kpis["dr_true_reduction_kwh"] > 0  # responders cut their load; the twin's did not


def test_without_the_twin_the_without_response_kpis_are_unknown():
    kpis = _kpis("scenario=tiny", "tariff=cpp", "run.counterfactual=false")
    assert kpis["peak_demand_without_response_kw"] is None and kpis["dr_true_reduction_kwh"] is None
    plain = _kpis("scenario=tiny")
    assert plain["peak_demand_without_response_kw"] == plain["peak_demand_kw"]  # nothing responds


def test_with_dr_and_price_response_the_price_response_is_not_credited_to_dr():
    """DR and critical-peak pricing together: the DR events' truth is a twin without DR events but
    with the price response. When no enrolled customer answers (opt-out certain), the model and that
    twin are the same run, so the true DR reduction is exactly zero, though loads fell on the
    critical-peak day; the "without response" KPIs still come from the twin without either."""
    overrides = ["scenario=old_town", "scenario.households=120", "scenario.transformers=3", "scenario.days=3",
                 "dr=transformer_relief", "tariff=cpp", "dr.opt_out_probability=1"]
    run = _kpis(*overrides)
    off = _kpis(*overrides, "dr=none", "tariff.price_response=false")
    assert run["dr_events"] >= 1 and run["cpp_days"] >= 1 and run["dr_response_rate"] == 0.0
    assert run["dr_true_reduction_kwh"] == 0.0
    _assert_without_response_is(run, off)
