"""Customer baseline load (CBL) methods: hand-worked examples, caps, edge cases, vectorisation.

All hand examples use hourly slots (interval_min = 60, 24 slots) and an event from 16:00 to 18:00
(slots 16 and 17), so the adjustment windows are:
- CAISO 10-in-10: the three hours before the event excluding the hour just before it, 12:00-15:00
  (slots 12, 13, 14); slot 15 is not read.
- NYISO high 5 of 10: the two hours starting four hours before the event, 12:00-14:00 (slots 12,
  13); slots 14 and 15 are not read.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enernet.markets.dr.baselines import BASELINES, baseline, baseline_error_pct, caiso_10in10, nyiso_high5of10

SLOTS = 24
HOURLY = 60
EVENT = np.array([16, 17])


def _days(levels_kw, slots=SLOTS) -> np.ndarray:
    """History [days, slots, 1]: day d draws ``levels_kw[d]`` kW in every slot (most recent first)."""
    return np.repeat(np.asarray(levels_kw, dtype=float)[:, None, None], slots, axis=1)


def _event_day(window_kw, window=(12, 13, 14), other_kw=100.0) -> np.ndarray:
    """Event day [slots, 1]: ``window_kw`` in the adjustment window slots, ``other_kw`` elsewhere.

    ``other_kw`` is deliberately absurd: a slot outside the window (the hour just before the event,
    the event itself) must not move the baseline.
    """
    day = np.full((SLOTS, 1), other_kw)
    day[list(window), 0] = window_kw
    return day


# --------------------------------------------------------------------------------------------
# CAISO 10-in-10 with load point adjustment
# --------------------------------------------------------------------------------------------

def test_caiso_hand_example_ratio_inside_cap():
    """10 days drawing 1, 2, ..., 10 kW all day: the unadjusted baseline is (1+...+10)/10 = 5.5 kW.

    On the event day the customer draws 6.05 kW from 12:00 to 15:00, so the load point adjustment
    ratio is 6.05 / 5.5 = 1.1 (inside +/-20%) and the baseline is 5.5 x 1.1 = 6.05 kW in both event
    hours. The 100 kW at 15:00 (the hour immediately before the event) is excluded.
    Rule: CAISO "Baseline Accuracy Work Group Proposal" (2017): PDR/RDRR "use a 10 of 10 baseline
    with a 20% same day adjustment".
    """
    got = caiso_10in10(_days(range(1, 11)), _event_day(6.05), EVENT, HOURLY)
    assert got.shape == (2, 1)
    np.testing.assert_allclose(got, 6.05)


@pytest.mark.parametrize("window_kw, expected_kw", [(11.0, 5.5 * 1.2), (1.1, 5.5 * 0.8)])
def test_caiso_adjustment_is_capped_at_20_percent(window_kw, expected_kw):
    """Same 10 days (baseline 5.5 kW). Event-day window load 11 kW gives ratio 11/5.5 = 2.0, clipped
    to 1.2: 6.6 kW. Window load 1.1 kW gives ratio 0.2, clipped to 0.8: 4.4 kW.
    Rule: CAISO Baseline Accuracy Work Group Proposal (2017), "20% same day adjustment".
    """
    np.testing.assert_allclose(caiso_10in10(_days(range(1, 11)), _event_day(window_kw), EVENT, HOURLY),
                               expected_kw)


def test_caiso_cap_is_the_argument():
    """Ratio 2.0 with adjustment_cap=0.5 is clipped to 1.5: 5.5 x 1.5 = 8.25 kW."""
    got = caiso_10in10(_days(range(1, 11)), _event_day(11.0), EVENT, HOURLY, adjustment_cap=0.5)
    np.testing.assert_allclose(got, 8.25)


def test_caiso_uses_only_the_10_most_recent_days():
    """12 days drawing 1..12 kW, most recent first: only 1..10 count, so 5.5 kW (ratio 1)."""
    np.testing.assert_allclose(caiso_10in10(_days(range(1, 13)), _event_day(5.5), EVENT, HOURLY), 5.5)


def test_caiso_window_can_include_the_hour_before():
    """adjustment_lead_hours=3 reads 13:00-16:00; the 100 kW at 15:00 now counts: ratio
    (5.5 + 5.5 + 100)/3 / 5.5 > 1.2, clipped: 6.6 kW."""
    got = caiso_10in10(_days(range(1, 11)), _event_day(5.5, window=(12, 13, 14)), EVENT, HOURLY,
                       adjustment_lead_hours=3)
    np.testing.assert_allclose(got, 6.6)


# --------------------------------------------------------------------------------------------
# NYISO high 5 of 10 with in-day adjustment
# --------------------------------------------------------------------------------------------

NYISO_LEVELS = [3, 10, 1, 8, 5, 2, 9, 4, 7, 6]  # most recent first


def _nyiso_history() -> np.ndarray:
    """Day d draws v_d kW all day except 2 v_d kW at 17:00, with v_d from NYISO_LEVELS."""
    history = _days(NYISO_LEVELS)
    history[:, 17, 0] *= 2
    return history


def test_nyiso_hand_example_high_5_of_10():
    """Event-period usage of day d is (v_d + 2 v_d)/2 = 1.5 v_d, so the 5 highest days are those
    with v = 10, 9, 8, 7, 6. Unadjusted CBL: 16:00 -> (10+9+8+7+6)/5 = 8 kW, 17:00 -> 16 kW.
    The adjustment window 12:00-14:00 has CBL 8 kW; the event day draws 8.8 kW there, ratio 1.1:
    CBL = [8.8, 17.6] kW. The 100 kW at 14:00 and 15:00 is outside the window.
    Rule: NYISO EDRP Manual / ICAP Manual "Customer Baseline Load", weekday CBL (high 5 of 10,
    in-day adjustment over the 2 hours starting 4 hours before the event, capped +/-20%).
    """
    got = nyiso_high5of10(_nyiso_history(), _event_day(8.8, window=(12, 13)), EVENT, HOURLY)
    np.testing.assert_allclose(got[:, 0], [8.8, 17.6])


@pytest.mark.parametrize("window_kw, factor", [(20.0, 1.2), (2.0, 0.8)])
def test_nyiso_adjustment_is_capped_at_20_percent(window_kw, factor):
    """Window CBL 8 kW; 20 kW gives ratio 2.5 -> 1.2: [9.6, 19.2]; 2 kW gives 0.25 -> 0.8:
    [6.4, 12.8]. Rule: NYISO CBL in-day adjustment, +/-20% cap."""
    got = nyiso_high5of10(_nyiso_history(), _event_day(window_kw, window=(12, 13)), EVENT, HOURLY)
    np.testing.assert_allclose(got[:, 0], np.array([8.0, 16.0]) * factor)


def test_nyiso_additive_variant():
    """Additive: window CBL 8 kW, event day 9 kW there: +1 kW -> [9, 17]. At 20 kW the +12 kW is
    clipped to 20% of 8 kW = 1.6 kW -> [9.6, 17.6]."""
    history = _nyiso_history()
    got = nyiso_high5of10(history, _event_day(9.0, window=(12, 13)), EVENT, HOURLY,
                          adjustment_kind="additive")
    np.testing.assert_allclose(got[:, 0], [9.0, 17.0])
    got = nyiso_high5of10(history, _event_day(20.0, window=(12, 13)), EVENT, HOURLY,
                          adjustment_kind="additive")
    np.testing.assert_allclose(got[:, 0], [9.6, 17.6])


def test_nyiso_low_usage_days_are_dropped():
    """Seven days at 0.1 kW and three at 10 kW: average event usage (0.7 + 30)/10 = 3.07 kW; the
    0.1 kW days are below 25% of it (0.7675 kW) and dropped, so the CBL is the 3 remaining days'
    10 kW, not the high-5 mean (30 + 0.2)/5 = 6.04 kW, which is what switching the step off gives."""
    history = _days([0.1, 10, 0.1, 0.1, 10, 0.1, 0.1, 0.1, 10, 0.1])
    np.testing.assert_allclose(nyiso_high5of10(history, _event_day(10.0, window=(12, 13)), EVENT, HOURLY),
                               10.0)
    got = nyiso_high5of10(history, _event_day(6.04, window=(12, 13)), EVENT, HOURLY, low_usage_fraction=0)
    np.testing.assert_allclose(got, 6.04)


def test_nyiso_ties_go_to_the_more_recent_day():
    """Six days tie at 5 kW in the event; the oldest of them (2 kW outside the event, 5 kW inside)
    is left out, so the window CBL is 10 kW and the event-day 10 kW leaves it unadjusted."""
    history = _days([10, 10, 10, 10, 10, 2, 1, 1, 1, 1])
    history[:, 16:18, 0] = [[5, 5]] * 6 + [[1, 1]] * 4
    got = nyiso_high5of10(history, _event_day(10.0, window=(12, 13)), EVENT, HOURLY)
    np.testing.assert_allclose(got, 5.0)


# --------------------------------------------------------------------------------------------
# Shared behaviour
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("method", [caiso_10in10, nyiso_high5of10])
def test_fewer_than_10_days_use_what_there_is(method):
    """Three days at 1, 2, 3 kW: both methods average all three (NYISO has fewer than 5): 2 kW."""
    np.testing.assert_allclose(method(_days([1, 2, 3]), _event_day(2.0, window=range(10, 16)), EVENT, HOURLY),
                               2.0)


@pytest.mark.parametrize("method", [caiso_10in10, nyiso_high5of10])
def test_zero_days_raise(method):
    with pytest.raises(ValueError, match="history_kw has 0 days"):
        method(np.zeros((0, SLOTS, 1)), np.zeros((SLOTS, 1)), EVENT, HOURLY)


@pytest.mark.parametrize("method", [caiso_10in10, nyiso_high5of10])
def test_zero_baseline_is_not_adjusted(method):
    """A customer drawing nothing on every history day stays at 0 kW whatever it draws on the day."""
    np.testing.assert_array_equal(method(_days([0] * 10), _event_day(5.0, window=range(10, 16)), EVENT, HOURLY),
                                  0.0)


@pytest.mark.parametrize("method", [caiso_10in10, nyiso_high5of10])
def test_event_at_midnight_has_no_adjustment(method):
    """The window would fall on the previous day: dropped, so the baseline is unadjusted."""
    got = method(_days(range(1, 11)), np.full((SLOTS, 1), 50.0), np.array([0, 1]), HOURLY)
    expected = 5.5 if method is caiso_10in10 else 8.0
    np.testing.assert_allclose(got, expected)


@pytest.mark.parametrize("method", [caiso_10in10, nyiso_high5of10])
def test_vectorised_equals_one_customer_at_a_time(method):
    """3 customers in one call give what 3 single-customer calls give, with and without caps."""
    rng = np.random.default_rng(7)
    interval = 15
    history = rng.uniform(0.5, 5.0, size=(10, 96, 3))
    event_day = rng.uniform(0.5, 5.0, size=(96, 3))
    event_day[:, 1] *= 3  # this customer's adjustment is capped
    slots = np.arange(64, 76)
    together = method(history, event_day, slots, interval)
    assert together.shape == (12, 3)
    for c in range(3):
        alone = method(history[:, :, c:c + 1], event_day[:, c:c + 1], slots, interval)
        np.testing.assert_allclose(together[:, c:c + 1], alone, rtol=0, atol=1e-12)


@st.composite
def repeated_profiles(draw):
    interval_min = draw(st.sampled_from([15, 30, 60]))
    slots_per_day = 1440 // interval_min
    n_customers = draw(st.integers(1, 3))
    profile = np.array(draw(st.lists(st.lists(st.floats(0.0, 50.0), min_size=n_customers,
                                               max_size=n_customers),
                                      min_size=slots_per_day, max_size=slots_per_day)))
    n_days = draw(st.integers(1, 12))
    start = draw(st.integers(0, slots_per_day - 1))
    length = draw(st.integers(1, slots_per_day - start))
    return profile, n_days, np.arange(start, start + length), interval_min


@settings(max_examples=200, deadline=None)
@given(repeated_profiles())
def test_same_profile_every_day_gives_that_profile(case):
    """A customer drawing the same profile every day and on the event day gets exactly that profile
    as baseline under both methods (day-of adjustment ratio 1)."""
    profile, n_days, slots, interval_min = case
    history = np.repeat(profile[None], n_days, axis=0)
    for name in BASELINES:
        got = baseline(name, history_kw=history, event_day_kw=profile, event_slots=slots,
                       interval_min=interval_min)
        np.testing.assert_allclose(got, profile[slots], rtol=1e-12, atol=1e-12)


# --------------------------------------------------------------------------------------------
# Registry, scoring, input checks
# --------------------------------------------------------------------------------------------

def test_registry_dispatches_by_name():
    kwargs = dict(history_kw=_days(range(1, 11)), event_day_kw=_event_day(11.0), event_slots=EVENT,
                  interval_min=HOURLY)
    np.testing.assert_array_equal(baseline("caiso_10in10", **kwargs), caiso_10in10(**kwargs))
    np.testing.assert_array_equal(baseline("nyiso_high5of10", **kwargs), nyiso_high5of10(**kwargs))


def test_unknown_name_lists_the_valid_ones():
    with pytest.raises(ValueError, match="'nope'.*caiso_10in10, nyiso_high5of10"):
        baseline("nope", history_kw=_days([1]), event_day_kw=_event_day(1.0), event_slots=EVENT,
                 interval_min=HOURLY)


def test_baseline_error_pct_hand_example():
    """Baseline 3+4+3+2 = 12 kWh against actual 2+2+4+2 = 10 kWh: bias 100 x 2/10 = +20% (free
    riding); |errors| 1+2+1+0 = 4 kWh: MAE 40%."""
    bias, mae = baseline_error_pct([[3, 4], [3, 2]], [[2, 2], [4, 2]])
    assert bias == pytest.approx(20.0) and mae == pytest.approx(40.0)
    assert isinstance(bias, float) and isinstance(mae, float)


def test_baseline_error_pct_refuses_zero_actual_and_mismatched_shapes():
    with pytest.raises(ValueError, match="actual_kwh sums to 0"):
        baseline_error_pct([1.0, 2.0], [0.0, 0.0])
    with pytest.raises(ValueError, match="must match"):
        baseline_error_pct([1.0, 2.0], [1.0])


@pytest.mark.parametrize("kwargs, match", [
    (dict(event_slots=np.array([16, 18])), "contiguous"),
    (dict(event_slots=np.array([23, 24])), "contiguous"),
    (dict(event_slots=np.array([], dtype=int)), "non-empty"),
    (dict(interval_min=15), "interval_min = 15"),
    (dict(adjustment_cap=-0.1), "adjustment_cap"),
    (dict(event_day_kw=np.zeros((SLOTS, 2))), "event_day_kw has shape"),
])
def test_bad_inputs_are_refused(kwargs, match):
    args = dict(history_kw=_days([1, 2]), event_day_kw=_event_day(1.0), event_slots=EVENT,
                interval_min=HOURLY) | kwargs
    with pytest.raises(ValueError, match=match):
        caiso_10in10(**args)


def test_nyiso_refuses_unknown_adjustment_kind():
    with pytest.raises(ValueError, match="adjustment_kind = 'ratio'.*multiplicative, additive"):
        nyiso_high5of10(_days([1, 2]), _event_day(1.0), EVENT, HOURLY, adjustment_kind="ratio")


def test_window_off_slot_edges_is_refused():
    with pytest.raises(ValueError, match="adjustment_lead_hours = 4.1"):
        caiso_10in10(_days([1, 2]), _event_day(1.0), EVENT, HOURLY, adjustment_lead_hours=4.1)
