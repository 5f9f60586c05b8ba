"""EVs: energy balance, policy promises, published headroom, swap queue, shore power, adoption."""
from __future__ import annotations

import numpy as np
import pytest
import simpy
from omegaconf import OmegaConf

from enernet import compose_config
from enernet.adoption import adoption_study, bass_cumulative, bass_offset_years, ev_share_by_year
from enernet.agents.devices.ev_fleet import check_trips
from enernet.agents.devices.mobility import DayTrips
from enernet.agents.devices.port import Port
from enernet.agents.devices.swapping import SwapStation
from enernet.configs.schema import ConfigError, validate
from enernet.configs.schema_devices import SwappingConfig
from enernet.scenarios.model.model import EnernetModel
from tests.helpers import simulate

EV_STREET = ["scenario=tiny", "scenario.start_date=2025-01-13", "scenario.days=3", "ev.share=0.8",
             "run.progress=false"]


def _run(*overrides: str, watch=None):
    return simulate([*EV_STREET, *overrides], watch)


@pytest.mark.parametrize("policy", ["uncontrolled", "tou_delay", "smart", "v2g"])
def test_every_session_balances_energy(policy):
    """Within a session the car is parked: soc change = charged x eta_c - discharged / eta_d."""
    model, tables = _run(f"ev.charging={policy}", "tariff=tou")
    s = tables["ev_sessions"]
    eta_c, eta_d = model.cfg.ev.charging_efficiency, model.cfg.ev.discharging_efficiency
    np.testing.assert_allclose(s["soc_departure_kwh"] - s["soc_arrival_kwh"],
                               s["charged_kwh"] * eta_c - s["discharged_kwh"] / eta_d, atol=1e-9)
    assert (s["soc_departure_kwh"] <= s["battery_kwh"] + 1e-9).all() and (s["soc_departure_kwh"] >= -1e-9).all()
    t = model.ev.totals
    assert model.ev.soc_kwh.sum() - model.ev.soc_at_start_kwh.sum() == pytest.approx(
        t["charged"] * eta_c - t["discharged"] / eta_d - (t["driven"] - t["public"]), abs=1e-6)
    assert model.kpi_values["energy_imbalance_kwh"] < 1e-9 and model.kpi_values["ledger_imbalance"] < 1e-9


@pytest.mark.parametrize("policy", ["uncontrolled", "tou_delay", "smart"])
def test_no_ev_leaves_below_what_its_policy_promises(policy):
    # A generous network, so smart's published headroom never binds.
    model, tables = _run(f"ev.charging={policy}", "grid.standard_ratings_kva=[1000]")
    s = tables["ev_sessions"]
    left = s[s["departed"]]
    assert len(left) > 10
    assert (left["soc_departure_kwh"] >= left["promised_kwh"] - 1e-9).all()
    assert model.kpi_values["ev_unmet_promise_kwh"] == pytest.approx(0.0, abs=1e-9)


def test_v2g_never_takes_a_car_below_its_reserve():
    # Low wear, so discharging pays under the time-of-use tariff.
    model, tables = _run("ev.charging=v2g", "tariff=tou", "grid.standard_ratings_kva=[1000]",
                         "ev.battery_wear_cost_per_kwh=0.05")
    s = tables["ev_sessions"]
    assert s["discharged_kwh"].sum() > 0
    reserve = s["battery_kwh"] * model.cfg.ev.v2g_reserve_soc
    discharged = s[s["discharged_kwh"] > 0]
    assert (discharged["soc_departure_kwh"] >= np.minimum(reserve[discharged.index],
                                                          discharged["soc_arrival_kwh"]) - 1e-9).all()


def test_smart_never_draws_beyond_the_published_headroom_but_what_it_must():
    """Under each transformer the EVs draw at most the published headroom, or what they must draw
    to reach their target by departure where that is more (a must is never cut)."""
    worst = []

    def watch(model):
        ev = model.ev
        if ev.published_headroom_kw is not None:
            size = ev.published_headroom_kw.size
            drawn = np.bincount(ev.transformer, weights=np.maximum(ev.power_kw, 0.0), minlength=size)
            must = np.bincount(ev.transformer, weights=ev.must_kw, minlength=size)
            worst.append(float((drawn - np.maximum(ev.published_headroom_kw, must)).max()))

    _run("ev.charging=smart", "grid.standard_ratings_kva=[25]", watch=watch)
    assert len(worst) == 288 and max(worst) <= 1e-9


def test_smart_lowers_overload_hours_against_uncontrolled_on_ev_2035():
    hours = {}
    for policy in ("uncontrolled", "smart"):
        model = EnernetModel(compose_config(["scenario=ev_2035", f"ev.charging={policy}", "run.progress=false"]))
        hours[policy] = model.run()["transformer_overload_hours"]
    assert hours["smart"] < hours["uncontrolled"]


def test_swap_queue_trace_on_a_hand_made_arrival_sequence():
    """One bay, 5-minute swaps, three charged batteries; taxis at minutes 0, 1, 2 and 40.

    Taxi 0 swaps at 0; taxi 1 waits for the bay until 5, taxi 2 until 10; taxi 3 at 40 finds
    no charged battery (three used, none recharged yet) and waits until the first depleted
    battery is charged back, at the recharge of minute 45.
    """
    env = simpy.Environment()
    cfg = OmegaConf.structured(SwappingConfig(stations=1, bays=1, batteries=3, battery_kwh=50.0, chargers=1,
                                              charger_kw=1000.0, max_kw=1000.0, swap_min=5.0, depleted_soc=0.2,
                                              ready_soc=0.95, min_ready=0, cheap_price_per_kwh=1.0))
    station = SwapStation(env, cfg, np.random.default_rng(0), 100, arrivals_min=[0, 1, 2, 40], keep_trace=True)

    def recharge_at(minute):
        yield env.timeout(minute)
        station.recharge(0.5, 0.25)

    env.process(recharge_at(45))
    env.run(until=100)
    starts = [(t, taxi) for t, what, taxi in station.trace if what == "start"]
    assert starts == [(0, 0), (5, 1), (10, 2), (45, 3)]
    assert list(station.waits_min) == [0, 4, 8, 5]
    assert station.served == 4


def test_shore_power_avoided_fuel_and_co2_follow_the_stated_factors():
    env = simpy.Environment()
    cfg = compose_config(["ev.port.enabled=true"]).ev.port
    port = Port(env, cfg, np.random.default_rng(1), 7 * 1440)
    port.energy_kwh = 1000.0
    fuel, co2 = port.avoided()
    assert fuel == pytest.approx(227.0) and co2 == pytest.approx(227.0 * 3.206 - 570.3)


def test_bass_diffusion_reference_values():
    """Bass (1969): F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}); by hand for p=0.03, q=0.38, t=5:
    e^{-2.05} = 0.128735, F = 0.871265 / (1 + 12.6667 x 0.128735) = 0.871265 / 2.630643 = 0.331199."""
    assert bass_cumulative(0, 0.03, 0.38) == 0.0
    assert bass_cumulative(5, 0.03, 0.38) == pytest.approx(0.331199, rel=1e-5)
    assert bass_cumulative(200, 0.03, 0.38) == pytest.approx(1.0)
    assert bass_cumulative(bass_offset_years(0.25, 0.03, 0.38), 0.03, 0.38) == pytest.approx(0.25)
    shares = ev_share_by_year(compose_config(["ev.adoption.years=5"]).ev.adoption)
    assert list(shares) == [2025, 2026, 2027, 2028, 2029]
    assert shares[2025] == pytest.approx(0.05) and np.all(np.diff(list(shares.values())) > 0)


def test_adoption_study_finds_the_first_overload_year():
    cfg = compose_config([*EV_STREET, "scenario.days=2", "grid.standard_ratings_kva=[25]", "ev.adoption.years=8",
                          "ev.adoption.initial_share=0.02"])
    table, kpis = adoption_study(cfg)
    frame = table.to_pandas()
    assert len(frame) == 8 * 2 and frame["ev_share"].is_monotonic_increasing
    overloaded = frame[frame["overload_hours"] > 0]
    assert kpis["first_overload_year"] == (overloaded["year"].min() if len(overloaded) else None)


def test_bad_ev_parameters_fail_clearly():
    for override, name in (("ev.battery_kwh=0", "ev.battery_kwh"),
                           ("ev.charger_kw_options=[-3.7,7.4,11]", "ev.charger_kw_options"),
                           ("ev.charging=fast", "ev.charging"),
                           ("ev.share=1.5", "ev.share")):
        with pytest.raises(ConfigError, match=name.replace(".", r"\.")):
            validate(compose_config([*EV_STREET, override]))
    trips = DayTrips(drives=np.array([True, True]), depart_min=np.array([480, 600]),
                     arrive_min=np.array([1020, 540]), distance_km=np.array([20.0, 5.0]))
    with pytest.raises(ValueError, match=r"EVs \[1\] arrive home .* before or when they depart"):
        check_trips(trips, 2)





def test_ev_owners_in_a_dr_event_defer_all_but_must_do_charging():
    seen = []

    def watch(model):
        ev = model.ev
        responding = ev.deferring  # owners in a DR event when this interval's charging was decided
        if responding.any():
            seen.append(float((ev.power_kw[responding] - ev.must_kw[responding]).max()))

    # No warm-up: on transformers this small, a warm-up would use up the season's events.
    # The standard profile's evening events fall while cars charge freely (homes of appliances call
    # this street's events at the winter mornings' heating peaks, when cars charge what they must).
    street = ["scenario.pv_share=0", "scenario.mean_annual_kwh=4500", "grid.standard_ratings_kva=[10]", "ev.share=0.5",
              "scenario.warmup_days=0", "homes.model=profile"]
    model, tables = _run("dr=transformer_relief", *street, watch=watch)
    uncut, uncut_tables = _run("dr=none", *street)
    assert model.kpi_values["dr_events"] > 0 and seen
    assert max(seen) <= 1e-9  # responders charge no more than they must
    # Deferred, not dropped: less charging during events than without DR, made up afterwards.
    during = tables["intervals"]["active_dr_events"] > 0
    assert tables["intervals"]["ev_charge_kw"][during].sum() < uncut_tables["intervals"]["ev_charge_kw"][during].sum()


def test_the_twins_drive_the_trips_the_model_drew_without_drawing_them_again(monkeypatch):
    """The counterfactual twins' owners drive the model's trips: each day is drawn once, as a run
    without twins draws it (the tables stay those of drawing per fleet: checked by the goldens)."""
    from enernet.agents.devices import ev_fleet

    draws = []
    draw = ev_fleet.draw_day
    monkeypatch.setattr(ev_fleet, "draw_day", lambda *args: draws.append(args[1]) or draw(*args))
    model, _ = _run("dr=transformer_relief", "tariff=cpp")
    assert model.twin is not None and model.dr_twin is not None and model.dr_twin is not model.twin
    with_twins = len(draws)
    draws.clear()
    alone, _ = _run("dr=none", "tariff=flat")
    assert alone.twin is None and with_twins == len(draws) > 0
