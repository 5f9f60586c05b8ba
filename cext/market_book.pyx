# cython: language_level=3
"""The green market's order book from one interval's meters, in one pass over households.

``markets.green_market.GreenMarket.clear_interval`` calls this every interval (and so does each
counterfactual twin): it replaces some twenty numpy calls over all households (tariff prices by
household, PV surplus, the masks, ``flatnonzero``, the gathers and ``concatenate``). Every value is
computed with numpy's operations in numpy's order (``dmax``/``dmin`` keep ``np.maximum``/``np.minimum``'s
rules), orders come in numpy's order (PV sellers by row, then battery orders by battery row, then
buyers by row), and the non-green-plan import is summed with numpy's pairwise summation, so the
book and every sum are the bits of the numpy code this replaced (kept as the reference in
``tests/markets/test_market_book.py``, which compares them). The facade validates; this trusts.
"""
from cext.minmax cimport dmax, dmin
from cext.pairwise cimport pairwise_sum


def market_book(
    const double[::1] net_kw,
    const double[::1] pv_kw,
    const double[::1] load_kw,
    const int[::1] tariff,
    const double[::1] retail_by_tariff,
    const double[::1] feed_in_by_tariff,
    const unsigned char[::1] green_plan,
    const double[::1] other_plan,
    const long[::1] battery_rows,
    const double[::1] battery_spare_kw,
    const unsigned char[::1] battery_charging,
    bint battery_offers,
    double premium,
    double local_fee,
    double interval_h,
    long[::1] sell_owner,
    double[::1] sell_qty,
    double[::1] sell_cost,
    long[::1] battery_orders,
    long[::1] buy_owner,
    double[::1] buy_qty,
    double[::1] buy_value,
    double[::1] buy_net_kw,
    double[::1] other_import_kw,
):
    """Fill the book's sides from the households' net load, PV and load [kW] and their tariffs.

    Sellers: every household with PV export, min(max(-net, 0), max(pv - load, 0)) > 0, offering that
    x dt at its feed-in price; then, with ``battery_offers``, every battery row with spare power
    (> 1e-9 kW) whose household is not importing (net <= 0) and which did not charge
    (``battery_charging``; empty: none did), offering spare x dt at its household's retail price.
    Buyers: green-plan households importing (net > 0), bidding net x dt at max(retail + premium -
    local_fee, 0). ``buy_net_kw`` receives the buyers' net load, ``other_import_kw`` max(net, 0) x
    other_plan per household, ``battery_orders`` the selling battery rows. Output arrays need room
    for n + batteries sellers and n buyers. Returns (PV sellers, battery orders, buyers, the
    pairwise sum of ``other_import_kw`` [kW]).
    """
    cdef Py_ssize_t i, b, n = net_kw.shape[0], n_rows = battery_rows.shape[0]
    cdef Py_ssize_t n_sell = 0, n_battery = 0, n_buy = 0, n_pv
    cdef bint any_charging = battery_charging.shape[0] > 0
    cdef double net, exporting, surplus, pv_export, price
    cdef long row
    with nogil:
        for i in range(n):
            net = net_kw[i]
            exporting = dmax(-net, 0.0)
            surplus = pv_kw[i] - load_kw[i]
            pv_export = dmin(exporting, dmax(surplus, 0.0))
            if pv_export > 0.0:
                sell_owner[n_sell] = i
                sell_qty[n_sell] = pv_export * interval_h
                sell_cost[n_sell] = feed_in_by_tariff[tariff[i]]
                n_sell += 1
            if green_plan[i] and net > 0.0:
                buy_owner[n_buy] = i
                buy_qty[n_buy] = net * interval_h
                buy_value[n_buy] = dmax(retail_by_tariff[tariff[i]] + premium - local_fee, 0.0)
                buy_net_kw[n_buy] = net
                n_buy += 1
            other_import_kw[i] = dmax(net, 0.0) * other_plan[i]
        n_pv = n_sell
        if battery_offers:
            for b in range(n_rows):
                row = battery_rows[b]
                if (battery_spare_kw[b] > 1e-9) and (net_kw[row] <= 0.0) and not (any_charging and battery_charging[b]):
                    battery_orders[n_battery] = b
                    sell_owner[n_sell] = row
                    sell_qty[n_sell] = battery_spare_kw[b] * interval_h
                    sell_cost[n_sell] = retail_by_tariff[tariff[row]]
                    n_sell += 1
                    n_battery += 1
    return n_pv, n_battery, n_buy, pairwise_sum(&other_import_kw[0], n) if n else 0.0
