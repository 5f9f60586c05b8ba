"""Each demand-response rule pinned to a hand-worked case: the direction of a measured reduction,
fatigue, the season's event limit, event days left out of baselines, and the critical-peak days."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from enernet import compose_config
from enernet.markets.critical_peak import CriticalPeakRule
from enernet.markets.dr.programme import measure_reductions
from enernet.markets.dr.response import participation_probability
from enernet.scenarios.model.model import EnernetModel
from tests.helpers import simulate

WINTER_STREET = ["scenario=tiny", "dr=transformer_relief", "scenario.start_date=2025-01-13", "scenario.days=3",
                 "scenario.pv_share=0", "scenario.mean_annual_kwh=4500", "grid.standard_ratings_kva=[8]",
                 "run.progress=false"]


def test_a_reduction_is_baseline_minus_metered_and_only_positive_ones_are_paid():
    """Customer A: baseline 2.0 kWh, metered 1.5 kWh: reduced 0.5 kWh, paid 0.5 x 1.2 = 0.6.
    Customer B: baseline 1.0 kWh, metered 1.2 kWh: drew 0.2 kWh more: -0.2 kWh, paid nothing.
    Net measured reduction 0.3 kWh; paid on 0.5 kWh."""
    reduction, paid, pay = measure_reductions(np.array([2.0, 1.0]), np.array([1.5, 1.2]), 1.2)
    np.testing.assert_allclose(reduction, [0.5, -0.2])
    np.testing.assert_allclose(paid, [0.5, 0.0])
    np.testing.assert_allclose(pay, [0.6, 0.0])
    assert reduction.sum() == pytest.approx(0.3)


def test_participation_falls_with_each_recent_event_and_without_notice():
    """(1 - opt-out 0.1) x (1 - fatigue 0.15)^2 = 0.9 x 0.7225 = 0.65025; without notice x 0.6."""
    cfg = compose_config(WINTER_STREET).dr
    assert participation_probability(cfg, 0, emergency=False) == pytest.approx(0.9)
    assert participation_probability(cfg, 2, emergency=False) == pytest.approx(0.65025)
    assert participation_probability(cfg, 2, emergency=True) == pytest.approx(0.65025 * 0.6)


def test_fatigue_within_the_window_silences_a_fully_fatigued_street():
    """Nobody opts out and every event tires completely (fatigue_per_event = 1): the first event at a
    transformer gets every customer called, each later one within fatigue_days none."""
    model, _ = simulate([*WINTER_STREET, "dr.opt_out_probability=0", "dr.emergency_response_factor=1",
                         "dr.fatigue_per_event=1"])
    by_transformer: dict[int, list] = {}
    for event in sorted(model.dr.events, key=lambda e: e.start_min):
        by_transformer.setdefault(event.transformer, []).append(event)
    assert any(len(events) >= 2 for events in by_transformer.values())
    for events in by_transformer.values():
        assert events[0].n_responded == events[0].n_called > 0
        assert all(e.n_responded == 0 for e in events[1:])
    rested, _ = simulate([*WINTER_STREET, "dr.opt_out_probability=0", "dr.emergency_response_factor=1",
                          "dr.fatigue_per_event=0"])
    assert all(e.n_responded == e.n_called for e in rested.dr.events)


def test_a_season_allows_at_most_its_events_per_transformer():
    model, _ = simulate([*WINTER_STREET, "dr.max_events_per_season=1"])
    per_season: dict[tuple[int, int], int] = {}
    for event in model.dr.events:
        key = (event.transformer, model.dr._season(event.start_min))
        per_season[key] = per_season.get(key, 0) + 1
    assert per_season and max(per_season.values()) == 1
    unlimited, _ = simulate(WINTER_STREET)
    assert len(unlimited.dr.events) > len(model.dr.events)
    # A season is a calendar quarter: 31 March and 1 April 2025 fall in different ones.
    clock = model.clock
    march_31 = int((dt.datetime(2025, 3, 31, 12) - clock.start).total_seconds() // 60)
    assert model.dr._season(march_31) != model.dr._season(march_31 + 24 * 60)


def test_days_with_an_event_at_a_transformer_leave_its_baselines_but_not_others():
    """History of 14 days from Monday 13 January 2025 (no warm-up); an event at transformer 0 on
    Wednesday 22 January (day 9). For Monday 27 January (day 14) the 10 most recent weekdays are
    days 11, 10, 9, 8, 7, 4, 3, 2, 1, 0; transformer 0 loses day 9, transformer 1 keeps it."""
    model = EnernetModel(compose_config([*WINTER_STREET, "scenario.days=20", "scenario.warmup_days=0"]))
    dr = model.dr
    for day in range(14):
        dr.start_day(day)
    dr.event_day[9 % len(dr.history_day), 0] = True

    def days(transformer):
        return dr.history_day[dr._eligible_days(transformer, 14)].tolist()

    assert days(1) == [11, 10, 9, 8, 7, 4, 3, 2, 1, 0]
    assert days(0) == [11, 10, 8, 7, 4, 3, 2, 1, 0]
    # With events on days 11, 10, 8, 7, 4, 3 and 2 too, only days 1 and 0 are clean: fewer than
    # dr.baseline_min_days (5), so the most recent event days make up the number: 11, 10 and 9.
    for day in (11, 10, 8, 7, 4, 3, 2):
        dr.event_day[day % len(dr.history_day), 0] = True
    assert days(0) == [11, 10, 9, 1, 0]


def test_event_days_are_marked_for_their_transformer_in_a_run():
    model, _ = simulate(WINTER_STREET)
    assert model.dr.events
    for event in model.dr.events:
        day = event.start_min // 1440
        ring = day % len(model.dr.history_day)
        assert model.dr.history_day[ring] != day or model.dr.event_day[ring, event.transformer]


def test_critical_peak_days_are_the_seasons_most_extreme_weekdays():
    """A made-up typical year at 18 degC but for 2 Jan (Thu) 30 degC, 3 Jan (Fri) 28, 4 Jan (Sat) 35,
    7 Jan (Tue) 10. Severities |T - 18|: 12, 10, 17 (a Saturday: never called), 8. With 2 days a
    season the first quarter's threshold is the 2nd largest weekday severity, 10: 2 and 3 January
    are called, 7 January is not, and once two are called the season is used up."""
    temps = np.full((365, 24), 18.0)
    for day, temp in ((1, 30.0), (2, 28.0), (3, 35.0), (6, 10.0)):
        temps[day] = temp
    rule = CriticalPeakRule(temps.ravel(), balance_c=18.0, max_days_per_season=2)
    jan = [dt.date(2025, 1, d) for d in (2, 3, 4, 7)]
    assert rule.threshold(jan[0]) == pytest.approx(10.0)
    assert [rule.is_critical(d, []) for d in jan] == [True, True, False, False]
    assert not rule.is_critical(jan[1], [jan[0], dt.date(2025, 2, 3)])  # two days of the quarter used


def test_the_retailer_calls_the_cold_days_of_the_old_town_week():
    """Greensboro's typical 6-12 January (old_town's coldest week): degree-days from 18 degC of
    24.1, 26.8, 22.9, 21.8, 24.5 on the weekdays. The first quarter's threshold with 4 days a season
    is its 4th most extreme weekday, 24.52 (10 January itself): 7 and 10 January are called, 6
    January (24.1) is not, and the week-end (11 January, 23.2) never is."""
    model = EnernetModel(compose_config(["scenario=old_town", "tariff=cpp", "run.progress=false"]))
    model.run()
    called = sorted(model.clock.timestamp(d * 1440).date() for d in model.retailer.critical_days if d >= 0)
    assert called == [dt.date(2025, 1, 7), dt.date(2025, 1, 10)]
    assert model.retailer.cpp_rule.threshold(dt.date(2025, 1, 7)) == pytest.approx(24.52, abs=0.01)
