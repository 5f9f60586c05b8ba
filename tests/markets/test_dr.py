"""Demand response: trace of events on the clock, targeting, measurement and payment, price response."""
from __future__ import annotations

import numpy as np
import pytest

from enernet import compose_config
from enernet.configs.schema import ConfigError, validate
from enernet.markets.price_response import ces_multipliers
from enernet.scenarios.model.model import EnernetModel
from tests.helpers import simulate

# 20 households in January, no PV, small transformers: evening overloads from the second day on.
# No warm-up: these tests follow events on the recorded clock from its first day (test_warmup.py
# covers what the warm-up changes). The standard profile's DR (a flexible share, a fixed rebound,
# PRISM's multipliers): homes of appliances answer with their appliances (test_dr_appliances.py).
WINTER_STREET = ["scenario=tiny", "dr=transformer_relief", "scenario.start_date=2025-01-13", "scenario.days=3",
                 "scenario.pv_share=0", "scenario.mean_annual_kwh=4500", "scenario.warmup_days=0",
                 "homes.model=profile", "run.progress=false"]


def _run(*overrides: str, watch=None):
    return simulate([*WINTER_STREET, *overrides], watch, trace=True)


def test_day_ahead_event_is_called_with_notice_for_one_transformer_only():
    seen = {}

    def watch(model):  # during each event, only customers under its transformer are cutting load
        for event in model.dr.events:
            if event.start_min <= model.env.now - 15 < event.end_min:
                cutting = np.flatnonzero(model.dr.load_factor < 1)
                seen.setdefault(event.transformer, set()).update(model.population.transformer[cutting].tolist())

    model, tables = _run("grid.standard_ratings_kva=[10]", watch=watch)
    (event,) = [e for e in model.dr.events if e.kind == "dr_day_ahead"]
    trace = model.trace
    call = trace.index((event.called_min, f"call_dr_day_ahead:{event.transformer}@{event.start_min}-{event.end_min}"))
    assert event.called_min == 1440 + 14 * 60  # the planning hour of the day before
    assert event.start_min - event.called_min >= model.cfg.dr.notice_min
    start = trace.index((event.start_min, f"start_event:{event.transformer}"))
    first_metered = trace.index((event.start_min, f"interval:{event.start_min // 15}"))
    assert call < start < first_metered  # the event takes effect before its first interval is metered
    assert trace.index((event.end_min, f"end_event:{event.transformer}")) < trace.index(
        (event.end_min, f"interval:{event.end_min // 15}"))
    # Targeting: the customers called are the enrolled ones under the forecast-overloaded transformer.
    under = np.flatnonzero(model.population.transformer == event.transformer)
    assert event.n_called == int(model.dr.enrolled[under].sum())
    assert seen == {event.transformer: {event.transformer}}
    dr_rows = tables["events"][tables["events"]["kind"] == "dr_day_ahead"]
    assert dr_rows["customers_called"].tolist() == [event.n_called]
    assert dr_rows["notice_min"].tolist() == [event.start_min - event.called_min]


def test_an_overload_now_calls_an_emergency_event_from_the_next_interval():
    model, tables = _run("grid.standard_ratings_kva=[12]")  # overloads the forecast does not foresee
    assert model.dr.events and all(e.kind == "dr_emergency" and e.notice_min == 15 for e in model.dr.events)
    event = min(model.dr.events, key=lambda e: e.called_min)
    overloads = tables["transformers"]
    first = overloads[(overloads["transformer"] == event.transformer) & overloads["overloaded"]
                      & (overloads["minute"] >= 1440)]["minute"].min()
    assert event.called_min == first and event.start_min == first + 15


def test_reductions_are_measured_paid_and_balanced():
    model, tables = _run("grid.standard_ratings_kva=[8]")
    kpis = model.kpi_values
    assert kpis["dr_events"] >= 2
    events = tables["events"][tables["events"]["kind"].str.startswith("dr_")]
    np.testing.assert_allclose(events["incentive"], events["paid_kwh"] * model.cfg.dr.incentive_per_kwh)
    # The measured reduction is net (customers above their baseline count against it); the paid
    # one floors each customer at zero, so it is at least the net and never negative.
    np.testing.assert_allclose(events["reduction_kwh"], events["baseline_kwh"] - events["metered_kwh"], atol=1e-9)
    assert events["reduction_kwh"].sum() == pytest.approx(kpis["dr_reduction_kwh"])
    assert events["paid_kwh"].sum() == pytest.approx(kpis["dr_paid_kwh"])
    assert (events["paid_kwh"] >= events["reduction_kwh"] - 1e-9).all() and (events["paid_kwh"] >= 0).all()
    assert events["true_reduction_kwh"].sum() == pytest.approx(kpis["dr_true_reduction_kwh"])
    assert kpis["dr_reduction_error_kwh"] == pytest.approx(kpis["dr_reduction_kwh"] - kpis["dr_true_reduction_kwh"])
    assert tables["bills"]["dr_incentive"].sum() == pytest.approx(kpis["dr_incentive_paid"])
    assert (events["customers_responded"] <= events["customers_called"]).all()
    assert kpis["ledger_imbalance"] < 1e-9 and kpis["energy_imbalance_kwh"] < 1e-9
    # The response cut the peak the customers would otherwise have drawn.
    assert kpis["peak_demand_without_response_kw"] >= kpis["peak_demand_kw"]
    assert kpis["dr_reduction_kwh"] > 0


def test_responses_and_rebound_are_the_same_for_the_same_seed_and_differ_for_another():
    first, _ = _run("grid.standard_ratings_kva=[8]")
    again, _ = _run("grid.standard_ratings_kva=[8]")
    other, _ = _run("grid.standard_ratings_kva=[8]", "seed=5")
    assert [e.n_responded for e in first.dr.events] == [e.n_responded for e in again.dr.events]
    assert first.kpi_values["dr_reduction_kwh"] != other.kpi_values["dr_reduction_kwh"]


def test_prism_multipliers_reference_values():
    """PRISM CES model by hand: peak share 0.2, peak price x5, sigma -0.097, epsilon -0.016.

    ln(r1/r0) = -0.097 ln 5 = -0.15612; daily price index (0.2*5 + 0.8)/1 = 1.8, energy
    factor 1.8^-0.016 = 0.99064; r0 = 0.25, r1 = 0.25 e^-0.15612 = 0.21384; off-peak =
    0.99064/1.21384 = 0.81613 of the day (was 0.8), peak = 0.17452 (was 0.2): -12.74 %.
    """
    m_peak, m_off = ces_multipliers(0.2, 1.0, 1.0, 5.0, 1.0, -0.097, -0.016)
    assert m_peak == pytest.approx(0.17452 / 0.2, rel=1e-4)
    assert m_off == pytest.approx(0.81613 / 0.8, rel=1e-4)
    assert ces_multipliers(0.3, 1.0, 1.0, 1.0, 1.0) == pytest.approx((1.0, 1.0))  # no price change, no response


def test_cpp_peak_response_lies_in_the_published_pilot_range():
    """Faruqui and Sergici (2010): critical-peak pricing pilots cut peak load by roughly 13-20 %;
    the California SPP's CPP-F rate about 13 % on critical days. PRISM's CPP-day parameters at a
    5:1 peak ratio must land in that neighbourhood (we accept 8-20 %)."""
    model, tables = _run("dr=none", "tariff=cpp", "tariff.cpp_days=[1,2]")
    change = model.kpi_values["cpp_peak_load_change_pct"]
    assert -20 <= change <= -8
    assert model.kpi_values["cpp_days"] == 2
    cpp = tables["intervals"][tables["intervals"]["critical_peak"]]
    assert len(cpp) == 2 * 16  # two days x 17:00-21:00
    assert (cpp["load_after_price_kw"] < cpp["base_load_kw"]).all()
    assert (tables["intervals"]["mean_price_per_kwh"].max()) == pytest.approx(5 * 0.538)


@pytest.mark.parametrize(
    ("override", "names"),
    [
        ("dr.notice_min=99999", ["dr.notice_min", "horizon"]),
        ("dr.incentive_per_kwh=-1", ["dr.incentive_per_kwh"]),
        ("dr.baseline=average", ["dr.baseline", "caiso_10in10", "nyiso_high5of10"]),
        ("dr.programme=curtail", ["dr.programme", "transformer_relief"]),
        ("dr.flexible_share=1.5", ["dr.flexible_share"]),
    ],
)
def test_bad_dr_configs_fail_clearly(override, names):
    with pytest.raises(ConfigError) as error:
        validate(compose_config([*WINTER_STREET, override]))
    for name in names:
        assert name in str(error.value)


def test_rtp_passes_the_interval_market_price_through():
    """RTP: the interval's clearing price plus the adder; the wholesale price where the market sets none."""
    model, tables = _run("dr=none", "tariff=rtp", "scenario.pv_share=0.5")
    intervals, market = tables["intervals"], tables["market"]
    adder = model.cfg.tariff.rtp_adder_per_kwh
    expected = market["price"].fillna(model.cfg.grid.wholesale_price_per_kwh) + adder
    np.testing.assert_allclose(intervals["mean_price_per_kwh"], expected.clip(lower=0))
    assert market["price"].notna().any() and market["price"].isna().any()


def test_every_incentive_in_the_events_table_is_paid_even_for_events_ending_with_the_run():
    """Events still running at the horizon are measured and paid before the last bills close."""
    model = EnernetModel(compose_config(["scenario=old_town", "scenario.days=3", "dr=transformer_relief",
                                         "dr.emergency_duration_min=600", "run.progress=false"]))
    kpis = model.run()
    model.recorder.close()
    tables = {name: t.to_pandas() for name, t in model.recorder.tables().items()}
    events = tables["events"][tables["events"]["kind"].str.startswith("dr_")]
    assert (events["end"] == events["end"].max()).any()  # some event ends with the run
    assert events["incentive"].sum() == pytest.approx(kpis["dr_incentive_paid"])
    assert tables["bills"]["dr_incentive"].sum() == pytest.approx(kpis["dr_incentive_paid"])
    assert kpis["ledger_imbalance"] < 1e-9


def test_an_event_that_cannot_get_its_notice_is_not_called():
    model = EnernetModel(compose_config([*WINTER_STREET, "grid.standard_ratings_kva=[10]", "dr.notice_min=2000",
                                         "dr.emergency=false"]))
    model.run()
    assert model.kpi_values["dr_events"] == 0


def test_between_events_the_load_is_untouched_and_rebounds_end_at_exactly_zero():
    """The interval path skips DR's arrays while no event runs and no rebound lasts: that must be the
    same as applying them, so afterwards they are exactly neutral (no round-off left by +r - r)."""
    seen = []

    def watch(model):
        dr = model.dr
        if not dr.changes_load:
            seen.append(bool((dr.load_factor == 1.0).all() and not dr.rebound_kw.any() and not dr.force_discharge.any()))

    model, _ = _run("grid.standard_ratings_kva=[8]", watch=watch)  # emergency events' rebounds overlap
    assert model.kpi_values["dr_events"] >= 2
    assert seen and all(seen)
