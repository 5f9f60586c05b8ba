"""Transformer-constrained clearing: LP oracle with zone limits, and equality with the plain market."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enernet.markets.clearing import clear
from enernet.markets.zonal import clear_zonal


@st.composite
def zonal_books(draw):
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n_zones = draw(st.integers(1, 4))
    nb, ns = draw(st.integers(1, 15)), draw(st.integers(1, 15))
    bp = rng.integers(1, 10, nb) / 10
    sp = rng.integers(1, 10, ns) / 10
    bq = np.round(rng.uniform(0.5, 5, nb), 2)
    sq = np.round(rng.uniform(0.5, 5, ns), 2)
    bz, sz = rng.integers(0, n_zones, nb), rng.integers(0, n_zones, ns)
    cap_in = np.where(rng.random(n_zones) < 0.5, np.inf, np.round(rng.uniform(0, 4, n_zones), 2))
    cap_out = np.where(rng.random(n_zones) < 0.5, np.inf, np.round(rng.uniform(0, 4, n_zones), 2))
    return bp, bq, bz, sp, sq, sz, cap_in, cap_out


def lp_zonal_welfare(bp, bq, bz, sp, sq, sz, cap_in, cap_out):
    """Oracle: max sum b x - sum s y, sum x = sum y, -cap_in_z <= (sells - buys in z) <= cap_out_z (HiGHS)."""
    from scipy.optimize import linprog

    nb, ns, n_zones = len(bp), len(sp), len(cap_in)
    c = np.concatenate([-bp, sp])
    a_eq = np.concatenate([np.ones(nb), -np.ones(ns)])[None, :]
    rows, upper = [], []
    for z in range(n_zones):
        export = np.concatenate([-(bz == z).astype(float), (sz == z).astype(float)])
        if np.isfinite(cap_out[z]):
            rows.append(export)
            upper.append(cap_out[z])
        if np.isfinite(cap_in[z]):
            rows.append(-export)
            upper.append(cap_in[z])
    res = linprog(c, A_ub=np.array(rows) if rows else None, b_ub=upper or None, A_eq=a_eq, b_eq=[0.0],
                  bounds=[(0, q) for q in np.concatenate([bq, sq])], method="highs")
    assert res.status == 0
    return -res.fun


@settings(max_examples=300, deadline=None)
@given(zonal_books())
def test_zonal_welfare_equals_the_constrained_lp(book):
    bp, bq, bz, sp, sq, sz, cap_in, cap_out = book
    r = clear_zonal(bp, bq, bz, sp, sq, sz, cap_in, cap_out)
    assert r.welfare == pytest.approx(lp_zonal_welfare(*book), rel=1e-9, abs=1e-9)
    # Limits hold, volume balances, prices are individually rational, the market is never in deficit.
    assert np.all(r.zone_export_kwh <= cap_out + 1e-9) and np.all(r.zone_export_kwh >= -cap_in - 1e-9)
    assert r.buy_filled.sum() == pytest.approx(r.sell_filled.sum(), abs=1e-9)
    assert np.all(r.buy_paid <= r.buy_filled * bp + 1e-9) and np.all(r.sell_received >= r.sell_filled * sp - 1e-9)
    assert r.congestion_rent >= -1e-9
    assert r.buy_paid.sum() - r.sell_received.sum() == pytest.approx(r.congestion_rent, abs=1e-9)


@settings(max_examples=300, deadline=None)
@given(zonal_books())
def test_without_limits_zonal_equals_the_plain_uniform_price_market(book):
    bp, bq, bz, sp, sq, sz, cap_in, _ = book
    unlimited = np.full(cap_in.size, np.inf)
    r = clear_zonal(bp, bq, bz, sp, sq, sz, unlimited, unlimited)
    plain = clear(bp, bq, sp, sq, "pay_as_clear")
    assert r.volume_kwh == pytest.approx(plain.volume_kwh, abs=1e-9)
    assert r.welfare == pytest.approx(plain.welfare, abs=1e-9)
    if plain.volume_kwh > 0:
        assert r.bus_price == pytest.approx(plain.price, abs=1e-12)
        # Orders away from the price fill identically; at the price, zonal shares pro rata per zone.
        away_b, away_s = bp != plain.price, sp != plain.price
        np.testing.assert_allclose(r.buy_filled[away_b], plain.buy_filled[away_b], atol=1e-9)
        np.testing.assert_allclose(r.sell_filled[away_s], plain.sell_filled[away_s], atol=1e-9)
    assert r.congestion_rent == pytest.approx(0.0, abs=1e-12)


def test_import_congestion_raises_the_local_price():
    """Zone 0 buys at 0.8 (10 kWh) and has a local battery asking 0.7 (10 kWh); zone 1 sells PV at 0.42.

    Unconstrained, zone 0 buys 10 kWh of cheap PV from zone 1 at 0.42... With zone 0 able to import
    only 4 kWh, it buys 4 from zone 1 and 6 from its own battery at 0.7: the local price rises to
    0.7 while zone 1 stays at 0.42; congestion rent = 4 x (0.7 - 0.42).
    """
    bp, bq, bz = np.array([0.8]), np.array([10.0]), np.array([0])
    sp, sq, sz = np.array([0.7, 0.42]), np.array([10.0, 20.0]), np.array([0, 1])
    free = clear_zonal(bp, bq, bz, sp, sq, sz, [np.inf, np.inf], [np.inf, np.inf])
    assert free.bus_price == pytest.approx(0.42) and free.sell_filled.tolist() == [0.0, 10.0]
    congested = clear_zonal(bp, bq, bz, sp, sq, sz, [4.0, np.inf], [np.inf, np.inf])
    assert congested.zone_price[0] == pytest.approx(0.7) and congested.zone_price[1] == pytest.approx(0.42)
    np.testing.assert_allclose(congested.sell_filled, [6.0, 4.0])
    assert congested.congestion_rent == pytest.approx(4 * (0.7 - 0.42))
