"""The Cython kernels equal their pure-Python references (cext/reference.py) on random inputs."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enernet.cext import reference
from enernet.markets.settlement import Settlement
from enernet.sim.grid import Network, PowerBalance


@st.composite
def networks(draw):
    n = draw(st.integers(1, 40))
    m = draw(st.integers(1, min(n, 6)))
    f = draw(st.integers(1, m))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    net = Network(
        transformer_of_household=rng.integers(0, m, n).astype(np.int32),
        rating_kva=rng.choice([25.0, 50.0, 100.0, 160.0], m),
        no_load_loss_kw=rng.uniform(0, 0.5, m),
        load_loss_at_rating_kw=rng.uniform(0, 2.0, m),
        feeder_of_transformer=rng.integers(0, f, m).astype(np.int32),
        feeder_loss_coefficient_per_kw=rng.uniform(0, 1e-3, f),
        power_factor=float(draw(st.floats(0.8, 1.0))),
        overload_threshold_pu=float(draw(st.floats(0.5, 1.2))),
    )
    net_kw = rng.normal(0.5, 3.0, n)
    return net, net_kw


@settings(max_examples=200, deadline=None)
@given(networks())
def test_power_balance_kernel_equals_reference(case):
    network, net_kw = case
    pb = PowerBalance(network)
    pb.balance(net_kw)
    ref = reference.balance_network(
        net_kw.tolist(), network.transformer_of_household.tolist(), network.rating_kva.tolist(),
        network.no_load_loss_kw.tolist(), network.load_loss_at_rating_kw.tolist(),
        network.feeder_of_transformer.tolist(), network.feeder_loss_coefficient_per_kw.tolist(),
        network.power_factor, network.overload_threshold_pu,
    )
    for name in ("transformer_load_kw", "transformer_loading_pu", "transformer_loss_kw", "feeder_load_kw",
                 "feeder_loss_kw"):
        np.testing.assert_allclose(getattr(pb, name), ref[name], rtol=1e-12, atol=1e-12, err_msg=name)
    np.testing.assert_array_equal(pb.transformer_overloaded.astype(bool), ref["transformer_overloaded"])
    # Energy: what enters the feeders is the household sum plus every loss.
    total = net_kw.sum() + pb.transformer_loss_kw.sum() + pb.feeder_loss_kw.sum()
    assert pb.feeder_load_kw.sum() == pytest.approx(total, rel=1e-12, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 60), st.integers(1, 4), st.integers(0, 2**32 - 1), st.sampled_from([0.25, 0.5, 1.0]))
def test_settlement_kernel_equals_reference(n, k, seed, interval_h):
    rng = np.random.default_rng(seed)
    tariffs = rng.integers(0, k, n).astype(np.int32)
    prices = rng.uniform(0, 1.5, k)
    feed_in = rng.uniform(0, 0.6, k)
    net_kw = rng.normal(0.0, 3.0, n)
    net_kw[rng.random(n) < 0.1] = 0.0  # exact zeros: neither import nor export
    s = Settlement(tariffs, k, interval_h)
    totals = s.settle(net_kw, prices, feed_in).copy()
    ref = reference.settle_interval(net_kw.tolist(), tariffs.tolist(), prices.tolist(), feed_in.tolist(), interval_h)
    for name in ("import_kwh", "export_kwh", "energy_charge", "feed_in_credit", "balance"):
        np.testing.assert_allclose(getattr(s, name), ref[name], rtol=1e-12, atol=1e-15, err_msg=name)
    np.testing.assert_allclose(totals, ref["totals"], rtol=1e-12, atol=1e-12)


def test_settlement_accumulates_over_intervals_and_resets_per_period():
    s = Settlement(np.zeros(2, dtype=np.int32), 1, 0.25)
    price, feed_in = np.array([0.5]), np.array([0.4])
    s.settle(np.array([4.0, -2.0]), price, feed_in)
    s.settle(np.array([4.0, -2.0]), price, feed_in)
    np.testing.assert_allclose(s.import_kwh, [2.0, 0.0])
    np.testing.assert_allclose(s.export_kwh, [0.0, 1.0])
    np.testing.assert_allclose(s.energy_charge, [1.0, 0.0])
    np.testing.assert_allclose(s.feed_in_credit, [0.0, 0.4])
    s.reset_period()
    assert not s.import_kwh.any() and not s.energy_charge.any()
    np.testing.assert_allclose(s.balance, [-1.0, 0.4])  # accounts carry over billing periods


def _network(**changes) -> Network:
    base = dict(
        transformer_of_household=np.array([0, 0, 1], dtype=np.int32),
        rating_kva=np.array([50.0, 50.0]),
        no_load_loss_kw=np.zeros(2),
        load_loss_at_rating_kw=np.zeros(2),
        feeder_of_transformer=np.zeros(2, dtype=np.int32),
        feeder_loss_coefficient_per_kw=np.zeros(1),
        power_factor=1.0,
        overload_threshold_pu=1.0,
    )
    base.update(changes)
    return Network(**base)


def test_overload_flag_is_strictly_above_threshold_and_counts_reverse_flow():
    pb = PowerBalance(_network())
    pb.balance(np.array([30.0, 20.0, -60.0]))
    np.testing.assert_allclose(pb.transformer_loading_pu, [1.0, 1.2])
    assert pb.transformer_overloaded.tolist() == [0, 1]


@pytest.mark.parametrize(
    ("net_kw", "message"),
    [
        (np.array([1.0, np.nan, 0.0]), "NaN"),
        (np.array([1.0, 2.0]), "shape"),
        (np.array([1, 2, 3], dtype=np.int64), "float64"),
        ([1.0, 2.0, 3.0], "numpy array"),
    ],
)
def test_power_balance_facade_refuses_bad_input(net_kw, message):
    with pytest.raises((ValueError, TypeError), match=message):
        PowerBalance(_network()).balance(net_kw)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"rating_kva": np.array([50.0, 0.0])}, "rating_kva"),
        ({"transformer_of_household": np.array([0, 0, 2], dtype=np.int32)}, "transformer_of_household"),
        ({"power_factor": 1.5}, "power_factor"),
        ({"no_load_loss_kw": np.array([-1.0, 0.0])}, "no_load_loss_kw"),
    ],
)
def test_network_validation_names_the_bad_field(changes, message):
    with pytest.raises((ValueError, TypeError), match=message):
        PowerBalance(_network(**changes))


def test_settlement_facade_refuses_negative_price_and_bad_tariff_index():
    s = Settlement(np.zeros(2, dtype=np.int32), 1, 0.25)
    with pytest.raises(ValueError, match="price_per_kwh"):
        s.settle(np.zeros(2), np.array([-0.1]), np.array([0.1]))
    with pytest.raises(ValueError, match="tariff_of_household"):
        Settlement(np.array([0, 3]), 2, 0.25)


@st.composite
def fleets(draw):
    """A fleet of EVs at some minute of the day, with a price horizon of a few levels from now."""
    n = draw(st.integers(1, 60))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    capacity = rng.choice([40.0, 60.0, 75.0], n)
    horizon = draw(st.integers(1, 192))
    prices = rng.choice([0.3, 0.55, 0.8], horizon)
    running_min = np.minimum.accumulate(prices)
    counts = np.zeros(horizon + 1)
    for level in np.unique(running_min):
        cumulative = np.concatenate([[0], np.cumsum(prices <= level + 1e-12)])
        lengths = np.flatnonzero(running_min == level) + 1
        counts[lengths] = cumulative[lengths]
    minute = int(rng.integers(0, 1440))
    return dict(
        plugged=rng.random(n) < 0.7, target_kwh=capacity * 0.9, soc_kwh=capacity * rng.random(n),
        charger_kw=rng.choice([3.7, 7.4, 11.0], n), minute=minute,
        next_departure_min=minute + rng.choice([-30, 0, 15, 200, 900, 3000, 10**9], n).astype(np.int64),
        price_now=float(prices[0]), running_min=running_min, cheap_slot_counts=counts,
        defer=(rng.random(n) < 0.3) if draw(st.booleans()) else None, capacity=capacity,
    )


@given(fleets())
@settings(max_examples=150, deadline=None)
def test_smart_charging_plan_and_apply_kernels_equal_their_numpy_references(f):
    from enernet.cext.ev_charging import apply_power, plan_smart

    n = f["target_kwh"].size
    must, want, undeferred, cheapest = (np.zeros(n) for _ in range(4))
    window = np.zeros(n, dtype=np.int64)
    defer = f["defer"]
    no_one = np.zeros(0, dtype=np.uint8)
    transformer = np.arange(n, dtype=np.int64) % 3
    want_by_transformer, power_by_transformer = np.zeros(3), np.zeros(3)
    plan_smart(f["plugged"].view(np.uint8), f["target_kwh"], f["soc_kwh"], f["charger_kw"], f["next_departure_min"],
               f["minute"], 0.92, 0.25, f["price_now"], f["running_min"].size, f["running_min"], f["cheap_slot_counts"],
               defer.view(np.uint8) if defer is not None else no_one, transformer, want_by_transformer, must, want,
               undeferred, cheapest, window)
    expected = reference.ev_plan_smart(f["plugged"], f["target_kwh"], f["soc_kwh"], f["charger_kw"],
                                       f["next_departure_min"], f["minute"], 0.92, 0.25, f["price_now"],
                                       f["running_min"], f["cheap_slot_counts"], defer)
    for got, exp in zip((must, want, undeferred, cheapest, window), expected):
        np.testing.assert_array_equal(got, exp)
    np.testing.assert_array_equal(want_by_transformer, np.bincount(transformer, weights=expected[1], minlength=3))

    power = np.where(np.random.default_rng(n).random(n) < 0.2, -want, want)  # some discharging, as v2g would
    soc, charged, discharged = f["soc_kwh"].copy(), np.zeros(n), np.zeros(n)
    household_kw, totals = np.zeros(n + 3), np.zeros(2)
    owners = np.arange(n, dtype=np.int64) + 3
    deferred = np.zeros(n + 3)
    apply_power(power, 0.92, 0.9, 0.25, f["capacity"], owners, transformer, undeferred,
                defer.view(np.uint8) if defer is not None else no_one, soc, charged, discharged, household_kw,
                deferred, power_by_transformer, totals)
    exp_soc, exp_charged, exp_discharged, exp_deferred = reference.ev_apply_power(
        power, 0.92, 0.9, 0.25, f["capacity"], f["soc_kwh"], undeferred, defer)
    np.testing.assert_array_equal(soc, exp_soc)
    np.testing.assert_array_equal(charged, exp_charged)
    np.testing.assert_array_equal(discharged, exp_discharged)
    np.testing.assert_array_equal(household_kw[owners], power)
    np.testing.assert_array_equal(power_by_transformer, np.bincount(transformer, weights=power, minlength=3))
    if defer is not None:
        np.testing.assert_array_equal(deferred[owners], exp_deferred)
    np.testing.assert_allclose(totals, [exp_charged.sum(), exp_discharged.sum()], rtol=1e-12, atol=1e-12)


@given(fleets(), st.integers(1, 6), st.floats(0.0, 30.0))
@settings(max_examples=100, deadline=None)
def test_ev_within_headroom_kernel_equals_its_numpy_reference(f, m, headroom_scale_kw):
    from enernet.cext.ev_charging import within_headroom

    n = f["target_kwh"].size
    rng = np.random.default_rng(n + m)
    transformer = rng.integers(0, m, n).astype(np.int64)
    must = np.where(rng.random(n) < 0.3, f["soc_kwh"] * 0.1, 0.0)
    want = must + np.where(rng.random(n) < 0.6, f["charger_kw"] * rng.random(n), 0.0)
    want_by_transformer = np.bincount(transformer, weights=want, minlength=m)
    headroom = rng.random(m) * headroom_scale_kw
    headroom[0] = 0.0  # no room at all: only the musts
    power, must_by, scale = np.zeros(n), np.zeros(m), np.zeros(m)
    within_headroom(must, want, transformer, want_by_transformer, headroom, must_by, scale, power)
    expected = reference.ev_within_headroom(must, want, transformer, want_by_transformer, headroom)
    np.testing.assert_array_equal(power, expected)
    np.testing.assert_array_equal(must_by, np.bincount(transformer, weights=must, minlength=m))


@pytest.mark.parametrize("interval_min", [5, 15, 20, 60])
def test_people_counts_spread_to_intervals_as_fused_multiply_adds_in_step_order(interval_min):
    """``spread_to_intervals`` (the day plan's 10-minute steps to intervals) against an exact oracle:
    each product added to the running sum and rounded once (IEEE 754's fma), step by step from 0,
    in fractions. That is how OpenBLAS's FMA kernels round ``counts @ weights``, which it replaced."""
    from fractions import Fraction

    from enernet.cext.homes import spread_to_intervals
    from enernet.sim.home_energy import _nonzero_by_interval, step_to_interval_weights

    weights = step_to_interval_weights(interval_min)
    offsets, step, weight = _nonzero_by_interval(weights)
    counts = np.random.default_rng(interval_min).integers(0, 7, (40, 144)).astype(float)
    got = np.empty((40, weights.shape[1]))
    spread_to_intervals(counts, offsets, step, weight, got)
    for h in range(0, 40, 3):
        for j in range(weights.shape[1]):
            acc = 0.0
            for k in np.nonzero(weights[:, j])[0]:
                acc = float(Fraction(counts[h, k]) * Fraction(weights[k, j]) + Fraction(acc))
            assert got[h, j] == acc, (h, j)
    exact = np.array([[float(sum(Fraction(counts[h, k]) * Fraction(weights[k, j]) for k in range(144)))
                       for j in range(weights.shape[1])] for h in range(3)])
    np.testing.assert_allclose(got[:3], exact, rtol=1e-15, atol=0)  # and close to the exact sum


@pytest.mark.parametrize("homes", [1, 31, 33, 100])
def test_end_uses_add_up_and_transpose_as_numpy_sums_them(homes):
    """``end_use_totals``: numpy's ``sum(axis=0)`` bits (adds in end-use order, not pairwise) and
    its transpose, for home counts around the kernel's blocks of 32."""
    from enernet.cext.homes import end_use_totals

    by_end_use = np.random.default_rng(homes).lognormal(0, 3, (5, homes, 96))
    by_end_use[1, ::2] = 0.0
    by_end_use[:, 0, :3] = -0.0  # five -0.0 add up to +0.0, as numpy adds them from 0.0
    total, total_t = np.empty((homes, 96)), np.empty((96, homes))
    end_use_totals(by_end_use, total, total_t)
    expected = by_end_use.sum(axis=0)
    assert total.tobytes() == expected.tobytes() and total_t.tobytes() == np.ascontiguousarray(expected.T).tobytes()
    assert not np.array_equal(total, by_end_use[::-1].sum(axis=0))  # the order of additions shows
