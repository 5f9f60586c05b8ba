"""Green-market clearing: LP oracle, published examples, mechanism properties, kernel vs reference."""
from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enernet.cext import reference
from enernet.markets.clearing import MECHANISMS, clear


@st.composite
def books(draw, max_orders=12, unit=False, integer_prices=False):
    nb = draw(st.integers(0, max_orders))
    ns = draw(st.integers(0, max_orders))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    def prices(n):
        return rng.integers(0, 8, n).astype(float) if integer_prices else np.round(rng.uniform(0, 1, n), 3)
    def qty(n):
        return np.ones(n) if unit else np.round(rng.uniform(0, 5, n), 2) * (rng.random(n) > 0.05)
    return prices(nb), qty(nb), prices(ns), qty(ns)


def lp_welfare(bp, bq, sp, sq) -> float:
    """Independent oracle: max sum(b x) - sum(s y) s.t. sum x = sum y, 0 <= x <= bq, 0 <= y <= sq (HiGHS)."""
    from scipy.optimize import linprog

    if len(bp) == 0 or len(sp) == 0:
        return 0.0
    c = np.concatenate([-bp, sp])
    a_eq = np.concatenate([np.ones(len(bp)), -np.ones(len(sp))])[None, :]
    bounds = [(0, q) for q in np.concatenate([bq, sq])]
    res = linprog(c, A_eq=a_eq, b_eq=[0.0], bounds=bounds, method="highs")
    assert res.status == 0
    return -res.fun


@settings(max_examples=300, deadline=None)
@given(books(max_orders=40))
def test_pay_as_clear_welfare_equals_the_lp_optimum(book):
    bp, bq, sp, sq = book
    r = clear(bp, bq, sp, sq, "pay_as_clear")
    optimum = lp_welfare(bp, bq, sp, sq)
    assert r.welfare == pytest.approx(optimum, rel=1e-9, abs=1e-9)
    assert r.buy_filled.sum() == pytest.approx(r.sell_filled.sum(), rel=1e-12, abs=1e-12)


@settings(max_examples=300, deadline=None)
@given(books(integer_prices=True), st.sampled_from(list(MECHANISMS)))
def test_individually_rational_balanced_volume_and_no_deficit(book, mechanism):
    bp, bq, sp, sq = book
    r = clear(bp, bq, sp, sq, mechanism)
    assert np.all(r.buy_filled >= -1e-12) and np.all(r.buy_filled <= bq + 1e-12)
    assert np.all(r.sell_filled >= -1e-12) and np.all(r.sell_filled <= sq + 1e-12)
    assert r.buy_filled.sum() == pytest.approx(r.sell_filled.sum(), abs=1e-9)
    # Individually rational: nobody pays more than its bid, nobody receives less than its ask.
    assert np.all(r.buy_paid <= r.buy_filled * bp + 1e-9)
    assert np.all(r.sell_received >= r.sell_filled * sp - 1e-9)
    assert r.budget_surplus >= -1e-9
    if mechanism in ("pay_as_clear",) or (mechanism == "mcafee" and not r.trade_reduced):
        assert r.budget_surplus == pytest.approx(0.0, abs=1e-9)


@settings(max_examples=300, deadline=None)
@given(books(integer_prices=True), st.sampled_from(list(MECHANISMS)))
def test_kernel_equals_the_pure_python_reference(book, mechanism):
    bp, bq, sp, sq = book
    r = clear(bp, bq, sp, sq, mechanism)
    ref = reference.clear_book(bp.tolist(), bq.tolist(), sp.tolist(), sq.tolist(), mechanism)
    for name in ("buy_filled", "sell_filled", "buy_paid", "sell_received"):
        np.testing.assert_allclose(getattr(r, name), ref[name], rtol=1e-9, atol=1e-9, err_msg=name)
    np.testing.assert_allclose([r.price, r.buyer_price, r.seller_price, r.welfare, r.budget_surplus],
                               [ref["price"], ref["buyer_price"], ref["seller_price"], ref["welfare"],
                                ref["budget_surplus"]], rtol=1e-9, atol=1e-9)
    assert r.trade_reduced == ref["reduced"]


@settings(max_examples=200, deadline=None)
@given(books(unit=True), st.sampled_from(["mcafee", "huang"]))
def test_trade_reduction_drops_at_most_the_marginal_pair(book, mechanism):
    bp, bq, sp, sq = book
    r = clear(bp, bq, sp, sq, mechanism)
    efficient = clear(bp, bq, sp, sq, "pay_as_clear")
    assert r.volume_kwh >= efficient.volume_kwh - 1 - 1e-9
    assert r.welfare <= efficient.welfare + 1e-9


def _utility(r, side: str, k: int, value: float) -> float:
    if side == "buy":
        return r.buy_filled[k] * value - r.buy_paid[k]
    return r.sell_received[k] - r.sell_filled[k] * value


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(0, 2**32 - 1), st.sampled_from(["mcafee", "huang"]))
def test_truthful_on_unit_books_search_over_deviations(nb, ns, seed, mechanism):
    """Dominant strategy: no single trader gains by reporting any other price (grid search)."""
    rng = np.random.default_rng(seed)
    values = rng.permutation(np.arange(1, 2 * (nb + ns) + 1, 2, dtype=float))  # distinct, odd
    bv, sv = values[:nb], values[nb:]
    ones_b, ones_s = np.ones(nb), np.ones(ns)
    truthful = clear(bv, ones_b, sv, ones_s, mechanism)
    deviations = np.arange(0, 2 * (nb + ns) + 2, 1.0)  # even and odd reports: ties included
    for side, k in itertools.chain((("buy", k) for k in range(nb)), (("sell", k) for k in range(ns))):
        honest = _utility(truthful, side, k, bv[k] if side == "buy" else sv[k])
        for report in deviations:
            b, s = bv.copy(), sv.copy()
            if side == "buy":
                b[k] = report
            else:
                s[k] = report
            lied = clear(b, ones_b, s, ones_s, mechanism)
            assert _utility(lied, side, k, bv[k] if side == "buy" else sv[k]) <= honest + 1e-9, (side, k, report)


def test_mcafee_worked_example_without_reduction():
    """McAfee (1992) rule on buyers 17, 14, 13, 9, 6 and sellers 1, 4, 5, 8, 11 (unit traders).

    k = 4 (9 >= 8, 6 < 11); p0 = (6 + 11) / 2 = 8.5 lies in [s_4, b_4] = [8, 9], so all four
    pairs trade at 8.5. (The same book is McAfee's demonstration in Segal-Halevi's
    double-auction examples.)
    """
    r = clear([17, 14, 13, 9, 6], [1] * 5, [1, 4, 5, 8, 11], [1] * 5, "mcafee")
    assert r.price == 8.5 and r.volume_kwh == 4 and not r.trade_reduced and r.budget_surplus == 0


def test_mcafee_worked_example_with_reduction():
    """Buyers 17, 14, 13, 9, 6; sellers 1, 4, 5, 8, 7.5: k = 4, p0 = (6 + 11)/2 -> now s_5 = 11 is gone.

    Sellers sorted 1, 4, 5, 7.5, 8: k = 4 (9 >= 7.5, 6 < 8); p0 = (6 + 8) / 2 = 7 < s_4 = 7.5, so
    the 4th pair is dropped: 3 trades, buyers pay b_4 = 9, sellers receive s_4 = 7.5, surplus 3 x 1.5.
    """
    r = clear([17, 14, 13, 9, 6], [1] * 5, [1, 4, 5, 8, 7.5], [1] * 5, "mcafee")
    assert r.trade_reduced and r.volume_kwh == 3
    assert (r.buyer_price, r.seller_price) == (9, 7.5) and r.budget_surplus == pytest.approx(4.5)
    np.testing.assert_array_equal(r.buy_filled, [1, 1, 1, 0, 0])
    np.testing.assert_array_equal(r.sell_filled, [1, 1, 1, 0, 0])


def mcafee_on_unit_traders(bp, bq, sp, sq, unit):
    """Oracle: McAfee's rule, literally, on unit traders. Every order of q kWh (a whole number of
    units) becomes q / unit traders of one unit at its price; buyers sorted by price descending,
    sellers ascending, ties by order and unit (as the kernel's stable sort); k = the efficient
    number of units; p0 = (b_{k+1} + s_{k+1}) / 2 (no such unit: reduce). Returns fills [kWh]."""
    buys = sorted(((p, i) for i, (p, q) in enumerate(zip(bp, bq)) for _ in range(int(round(q / unit)))),
                  key=lambda u: (-u[0], u[1]))
    sells = sorted(((p, j) for j, (p, q) in enumerate(zip(sp, sq)) for _ in range(int(round(q / unit)))),
                   key=lambda u: (u[0], u[1]))
    k = 0
    while k < min(len(buys), len(sells)) and buys[k][0] >= sells[k][0]:
        k += 1
    trades = k
    if k > 0:
        b_next = buys[k][0] if k < len(buys) else None
        s_next = sells[k][0] if k < len(sells) else None
        p0 = (b_next + s_next) / 2 if b_next is not None and s_next is not None else None
        if p0 is None or not sells[k - 1][0] <= p0 <= buys[k - 1][0]:
            trades = k - 1
    buy_filled, sell_filled = np.zeros(len(bp)), np.zeros(len(sp))
    for _, i in buys[:trades]:
        buy_filled[i] += unit
    for _, j in sells[:trades]:
        sell_filled[j] += unit
    return buy_filled, sell_filled


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 8), st.integers(0, 8), st.integers(0, 2**32 - 1), st.sampled_from([1.0, 0.5, 0.25]))
def test_mcafee_equals_mcafee_on_unit_traders(nb, ns, seed, unit):
    """Orders of whole units, distinct prices (McAfee's setting): the kernel's per-unit rule gives
    the fills of the literal unit-trader mechanism, and trades the efficient volume or one unit less."""
    rng = np.random.default_rng(seed)
    prices = rng.permutation(np.arange(1, nb + ns + 1, dtype=float)) / 4
    bp, sp = prices[:nb], prices[nb:]
    bq, sq = rng.integers(0, 6, nb) * unit, rng.integers(0, 6, ns) * unit
    r = clear(bp, bq, sp, sq, "mcafee", mcafee_unit_kwh=unit)
    buy_filled, sell_filled = mcafee_on_unit_traders(bp, bq, sp, sq, unit)
    np.testing.assert_allclose(r.buy_filled, buy_filled, atol=1e-12)
    np.testing.assert_allclose(r.sell_filled, sell_filled, atol=1e-12)
    assert r.volume_kwh >= r.efficient_volume_kwh - unit - 1e-12


def test_mcafee_one_seller_of_100_kwh_against_ten_buyers_of_5_kwh():
    """A divisible book: one seller of 100 kWh asking 0.30, ten buyers of 5 kWh bidding 1.00 down to
    0.55. Efficient: all 50 kWh. McAfee per kWh: no buyer unit is left (b_51 does not exist), so the
    50th unit is dropped: 49 kWh trade, the lowest buyer gets 4 kWh, buyers pay b_50 = 0.55, the seller
    receives s_50 = 0.30. Huang drops the marginal orders whole: the only seller, so nothing trades."""
    bids = np.round(np.linspace(1.0, 0.55, 10), 2)
    r = clear(bids, [5.0] * 10, [0.30], [100.0], "mcafee")
    assert r.efficient_volume_kwh == 50 and r.volume_kwh == pytest.approx(49) and r.trade_reduced
    np.testing.assert_allclose(r.buy_filled, [5] * 9 + [4])
    assert (r.buyer_price, r.seller_price) == (0.55, 0.30)
    assert r.budget_surplus == pytest.approx(49 * (0.55 - 0.30))
    huang = clear(bids, [5.0] * 10, [0.30], [100.0], "huang")
    assert huang.volume_kwh == 0
    # With a second seller at 0.70 (30 kWh at 0.30 first), the efficient trade ends on a partly filled seller:
    # its own price is the next unit's, so McAfee again drops exactly one unit, no more.
    r2 = clear(bids, [5.0] * 10, [0.30, 0.70], [30.0, 100.0], "mcafee")
    assert r2.efficient_volume_kwh == pytest.approx(35) and r2.volume_kwh == pytest.approx(34)


def test_uniform_price_textbook_crossing_and_partial_fills():
    """Hand-worked: bids 30 @ 0.9, 20 @ 0.6; asks 25 @ 0.3, 40 @ 0.7 (kWh @ price/kWh).

    The bid 0.9 takes 25 kWh at 0.3, then 5 kWh of the 0.7 ask; the next bid 0.6 < 0.7 stops it.
    The marginal ask (0.7) is partly filled, so the price is 0.7: 30 kWh trade, welfare
    30*0.9 - 25*0.3 - 5*0.7 = 16.
    """
    r = clear([0.9, 0.6], [30, 20], [0.3, 0.7], [25, 40], "pay_as_clear")
    assert r.price == 0.7 and r.volume_kwh == 30 and r.welfare == pytest.approx(16.0)
    np.testing.assert_allclose(r.sell_filled, [25, 5])
    pab = clear([0.9, 0.6], [30, 20], [0.3, 0.7], [25, 40], "pay_as_bid")
    assert np.isnan(pab.price) and pab.budget_surplus == pytest.approx(30 * 0.9 - 25 * 0.3 - 5 * 0.7)


def test_ties_at_the_margin_share_pro_rata():
    r = clear([0.5, 0.5], [10, 30], [0.2], [20], "pay_as_clear")
    np.testing.assert_allclose(r.buy_filled, [5, 15])
    assert r.price == 0.5


def test_huang_rations_the_long_side_by_the_uniform_rule():
    """Buyers 1.0 x 2 kWh, 0.9 x 8 kWh, 0.8 (marginal); sellers 0.1 x 4, 0.2 x 3, 0.5 (marginal).

    Dropping the marginal orders leaves 10 kWh of demand against 7 of supply: the cap is 5, so the
    2 kWh buyer gets 2 and the 8 kWh buyer gets 5; buyers pay 0.8, sellers receive 0.5.
    """
    r = clear([1.0, 0.9, 0.8], [2, 8, 5], [0.1, 0.2, 0.5], [4, 3, 20], "huang")
    np.testing.assert_allclose(r.buy_filled, [2, 5, 0])
    np.testing.assert_allclose(r.sell_filled, [4, 3, 0])
    assert (r.buyer_price, r.seller_price) == (0.8, 0.5)
    assert r.budget_surplus == pytest.approx(7 * 0.3)


def test_no_trade_when_books_do_not_cross_or_are_empty():
    for mechanism in MECHANISMS:
        r = clear([0.1], [5], [0.5], [5], mechanism)
        assert r.volume_kwh == 0 and np.isnan(r.price) and r.welfare == 0
        r = clear([], [], [0.5], [5], mechanism)
        assert r.volume_kwh == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (([0.5, np.nan], [1, 1], [0.1], [1]), "buy_price holds NaN"),
        (([0.5], [-1], [0.1], [1]), "buy_qty holds negative"),
        (([0.5, 0.4], [1], [0.1], [1]), "lengths must match"),
        (([0.5], [1], [0.1], [np.inf]), "sell_qty holds NaN or infinite"),
    ],
)
def test_bad_orders_raise_clear_errors(args, message):
    with pytest.raises(ValueError, match=message):
        clear(*args)


def test_unknown_mechanism_lists_the_valid_ones():
    with pytest.raises(ValueError, match="pay_as_clear, pay_as_bid, mcafee, huang"):
        clear([1], [1], [0], [1], "vickrey")
