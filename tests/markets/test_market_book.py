"""The green market's book kernel (cext/market_book.pyx) against the numpy code it replaced, bit for bit."""
from __future__ import annotations

import numpy as np
import pytest

from enernet.cext.market_book import market_book


def numpy_book(net_kw, pv_kw, load_kw, retail_price, feed_in_price, green_plan, other_plan, battery_rows,
               battery_spare_kw, battery_charging, battery_offers, premium, local_fee, interval_h):
    """``GreenMarket.clear_interval``'s book as numpy built it before the kernel (per-household prices)."""
    exporting = np.maximum(-net_kw, 0.0)
    pv_export_kw = np.minimum(exporting, np.maximum(pv_kw - load_kw, 0.0))
    pv_sellers = np.flatnonzero(pv_export_kw > 0.0)
    battery_orders = np.zeros(0, dtype=np.int64)
    if battery_offers and battery_rows.size:
        can = (battery_spare_kw > 1e-9) & (net_kw[battery_rows] <= 0.0)
        if battery_charging is not None:
            can &= ~battery_charging
        battery_orders = np.flatnonzero(can)
    buyers = np.flatnonzero(green_plan & (net_kw > 0.0))
    other_kw = float((np.maximum(net_kw, 0.0) * other_plan).sum())
    sell_owner = np.concatenate([pv_sellers, battery_rows[battery_orders]])
    sell_qty = np.concatenate([pv_export_kw[pv_sellers] * interval_h, battery_spare_kw[battery_orders] * interval_h])
    sell_cost = np.concatenate([feed_in_price[pv_sellers], retail_price[battery_rows[battery_orders]]])
    buy_value = np.maximum(retail_price[buyers] + premium - local_fee, 0.0)
    return (sell_owner, sell_qty, sell_cost, battery_orders, buyers, net_kw[buyers] * interval_h, buy_value,
            net_kw[buyers], other_kw)


def kernel_book(net_kw, pv_kw, load_kw, tariff, retail_by_tariff, feed_in_by_tariff, green_plan, other_plan,
                battery_rows, battery_spare_kw, battery_charging, battery_offers, premium, local_fee, interval_h):
    n, rows = net_kw.size, battery_rows.size
    sell_owner, battery_orders, buy_owner = (np.empty(size, dtype=np.int64) for size in (n + rows, rows, n))
    sell_qty, sell_cost, buy_qty, buy_value, buy_net = (np.empty(n + rows) for _ in range(5))
    charging = np.zeros(0, dtype=np.uint8) if battery_charging is None else battery_charging.view(np.uint8)
    n_pv, n_battery, n_buy, other_kw = market_book(
        net_kw, pv_kw, load_kw, tariff, retail_by_tariff, feed_in_by_tariff, green_plan.view(np.uint8), other_plan,
        battery_rows, battery_spare_kw, charging, battery_offers, premium, local_fee, interval_h, sell_owner, sell_qty,
        sell_cost, battery_orders, buy_owner, buy_qty, buy_value, buy_net, np.empty(n))
    s = n_pv + n_battery
    return (sell_owner[:s], sell_qty[:s], sell_cost[:s], battery_orders[:n_battery], buy_owner[:n_buy],
            buy_qty[:n_buy], buy_value[:n_buy], buy_net[:n_buy], other_kw)


@pytest.mark.parametrize("n", [1, 7, 129, 1000, 10_007])
@pytest.mark.parametrize("battery_offers", [True, False])
@pytest.mark.parametrize("charging", [True, False])
def test_market_book_matches_numpy(n, battery_offers, charging):
    rng = np.random.default_rng(n)
    pv_kw = np.where(rng.random(n) < 0.4, rng.random(n) * 5, 0.0)
    load_kw = rng.random(n) * 3
    net_kw = load_kw - pv_kw + np.where(rng.random(n) < 0.1, -rng.random(n), 0.0)
    net_kw[rng.random(n) < 0.05] = 0.0  # exact zeros: neither side
    tariff = rng.integers(0, 3, n).astype(np.int32)
    retail, feed_in = np.array([0.6, 0.45, 1.2]), np.array([0.3, 0.0, 0.35])
    green_plan = rng.random(n) < 0.3
    battery_rows = np.sort(rng.choice(n, size=n // 3, replace=False)).astype(np.int64)
    spare = np.where(rng.random(battery_rows.size) < 0.7, rng.random(battery_rows.size) * 4, 0.0)
    spare[:2] = 1e-9  # at the threshold: not offered
    battery_charging = rng.random(battery_rows.size) < 0.2 if charging else None
    args = (net_kw, pv_kw, load_kw)
    tail = (green_plan, (~green_plan).astype(np.float64), battery_rows, spare, battery_charging, battery_offers,
            0.1, 0.05, 0.25)
    want = numpy_book(*args, retail[tariff], feed_in[tariff], *tail)
    got = kernel_book(*args, tariff, retail, feed_in, *tail)
    for name, w, g in zip(("sell_owner", "sell_qty", "sell_cost", "battery_orders", "buy_owner", "buy_qty",
                           "buy_value", "buy_net"), want, got):
        assert w.dtype.kind == g.dtype.kind and np.array_equal(w, g), name
    assert want[-1] == got[-1]  # numpy's pairwise sum, bit for bit
    assert want[0].size > 0 and want[4].size > 0 or n < 10  # the book is not trivially empty
