"""DR with homes of appliances: responders turn their appliances down, the reduction is split by end
use, it is the reduction the counterfactual twin measures, and the rebound comes from the physics."""
from __future__ import annotations

import numpy as np
import pytest

from enernet import compose_config
from enernet.scenarios.model.model import EnernetModel

HOT_STREET = ["scenario=tiny", "scenario.start_date=2025-07-14", "scenario.days=3", "homes.model=appliances",
              "dr=transformer_relief", "dr.trigger_pu=0.3", "dr.opt_out_probability=0", "dr.fatigue_per_event=0",
              "dr.battery_discharge=false", "scenario.battery_share=0", "run.progress=false"]


@pytest.fixture(scope="module")
def hot_street():
    model = EnernetModel(compose_config(HOT_STREET))
    model.run()
    model.recorder.close()
    return model, {name: t.to_pandas() for name, t in model.recorder.tables().items()}


def test_events_name_the_appliances_and_split_the_reduction_by_end_use(hot_street):
    model, tables = hot_street
    events = tables["events"]
    dr = events[events["kind"].str.startswith("dr_")]
    rest = "water heaters off, laundry postponed"
    answers = {"dr_day_ahead": f"air conditioners pre-cooled 1 K for 60 min, then 2 K, {rest}",
               "dr_emergency": f"air conditioners 2 K, {rest}"}
    assert len(dr) and (dr["asked"] == dr["kind"].map(answers)).all()
    saved = dr[["saved_cooling_kwh", "saved_heating_kwh", "saved_water_kwh", "saved_other_kwh"]].sum(axis=1)
    # the homes' own plan without the answer is what the twin (no DR) uses: without batteries (which
    # would cover less of a lower load) the appliances' savings are the meters' true reduction
    np.testing.assert_allclose(saved, dr["true_reduction_kwh"], rtol=1e-6)  # the meters keep float32
    assert dr["saved_cooling_kwh"].sum() > 0 and dr["saved_heating_kwh"].sum() == 0  # July
    kpis = model.kpi_values
    assert kpis["dr_saved_cooling_kwh"] == pytest.approx(dr["saved_cooling_kwh"].sum())
    assert kpis["dr_true_reduction_kwh"] == pytest.approx(saved.sum())


def test_the_rebound_comes_from_warmer_rooms_not_a_fixed_share(hot_street):
    _, tables = hot_street
    intervals, events = tables["intervals"], tables["events"]
    dr = events[events["kind"].str.startswith("dr_")].sort_values("start")
    first_end = dr["end"].iloc[0]
    later = dr["start"][dr["start"] > first_end]
    until = later.iloc[0] if len(later) else first_end + np.timedelta64(2, "h")
    after = intervals[(intervals["time"] >= first_end) & (intervals["time"] < until)]
    during = intervals[(intervals["time"] >= dr["start"].iloc[0]) & (intervals["time"] < first_end)]
    assert during["dr_cut_kw"].sum() > 0  # the answer cuts during the event
    assert after["dr_cut_kw"].min() < 0  # and the rooms and tanks recover afterwards: negative cut
    assert (intervals["dr_rebound_kw"] == 0).all()  # no fixed-share rebound with appliances


@pytest.mark.parametrize("ratio", [3, 8])
def test_critical_peak_answers_land_on_the_prism_arc(ratio, tmp_path):
    """Homes decide (acting share log-linear in the price ratio, 1 K on the AC, laundry postponed);
    the emergent peak-window change is PRISM's (California SPP), within a few points (300 homes give
    ~1 point; 120 here)."""
    from enernet import run_scenario
    from enernet.markets.price_response import ces_multipliers

    kpis = run_scenario(compose_config([
        "scenario=neighbourhood", "scenario.households=120", "scenario.transformers=3", "scenario.days=2",
        "scenario.start_date=2025-07-14", "scenario.warmup_days=2", "homes.model=appliances", "tariff=cpp",
        "tariff.cpp_days=[0,1]", "market=none", f"tariff.peak_ratio={ratio}", "run.progress=false"]), tmp_path / "r")
    prism = 100 * (ces_multipliers(0.2, 1, 1, ratio, 1, -0.097, -0.016)[0] - 1)
    assert kpis["cpp_peak_load_change_pct"] == pytest.approx(prism, abs=4.0)
    assert kpis["peak_demand_without_response_kw"] is not None


def test_told_a_day_ahead_responders_pre_cool_and_their_evs_wait(tmp_path):
    """Pre-cooling: the hour before a day-ahead event draws more than with pre-cooling off, and
    nothing before that hour changes; the event itself draws no more. EVs wait (named)."""
    from enernet import load_run, run_scenario

    ev = ["ev.share=1.0", "ev.charging=smart", "scenario.warmup_days=0"]  # every event recorded
    runs = {}
    for name, extra in {"pre": [], "flat": ["homes.dr_precool_min=0"]}.items():
        run_scenario(compose_config([*HOT_STREET, *ev, *extra]), tmp_path / name)
        runs[name] = load_run(tmp_path / name)
    events = runs["pre"].events
    ahead = events[events["kind"] == "dr_day_ahead"].sort_values("start")
    assert len(ahead) and runs["pre"].kpis["dr_events"] == runs["flat"].kpis["dr_events"]
    assert ahead["asked"].str.contains("EV charging deferred").all()
    times = runs["pre"].intervals["time"]
    load = {name: run.intervals["load_kw"].to_numpy() for name, run in runs.items()}
    first = ahead["start"].iloc[0]
    before = (times < first - np.timedelta64(60, "m")).to_numpy()
    assert np.array_equal(load["pre"][before], load["flat"][before])  # the past is not re-written
    hour = ((times >= first - np.timedelta64(60, "m")) & (times < first)).to_numpy()
    # the events of that day, each on its own transformer, all on (no one pre-cooling for a later one)
    day = ahead[ahead["start"].dt.date == first.date()]
    window = ((times >= day["start"].max()) & (times < day["end"].min())).to_numpy()
    assert window.any()
    assert load["pre"][hour].sum() > load["flat"][hour].sum() + 0.5  # pre-cooling draws
    assert load["pre"][window].sum() <= load["flat"][window].sum()  # the cooler rooms draw no more in the event


def test_the_net_saving_by_end_use_is_what_the_meters_lost_over_the_days(hot_street):
    """Over whole days, pre-cooling and the rebound net out of the saving: the net saving by end use
    sums to the DR cut the intervals table recorded interval by interval (negative after events);
    postponed laundry is moved, not dropped; the rooms' pre-cooling and rebound take back all of the
    cooling saved in the windows and more (pre-cooling costs energy), the tanks' reheating most of
    theirs (what stays saved is the cooler tanks' smaller standby loss, and any hot water that went
    short)."""
    model, tables = hot_street
    kpis = model.kpi_values
    uses = ("cooling", "heating", "water", "other")
    net = {use: kpis[f"dr_net_saved_{use}_kwh"] for use in uses}
    cut_kwh = tables["intervals"]["dr_cut_kw"].sum() * model.clock.interval_h
    assert sum(net.values()) == pytest.approx(cut_kwh, rel=1e-6, abs=1e-6)
    assert net["other"] == pytest.approx(0.0, abs=1e-9) and kpis["dr_saved_other_kwh"] > 0
    assert net["cooling"] < 0 < kpis["dr_saved_cooling_kwh"]
    assert 0 < net["water"] < kpis["dr_saved_water_kwh"]
