# cython: language_level=3
"""Double-auction clearing kernel: pay-as-clear, pay-as-bid, McAfee and Huang et al.

Inputs are the order book and the orders' sort permutations (buys by price descending, sells by
price ascending, ties in submission order), computed by the facade ``markets.clearing.clear``,
which also validates everything; this kernel trusts its inputs. The rules are documented there.
"""
from libc.math cimport NAN, fmin, fmax
from libc.stdlib cimport malloc, free, qsort

# Quantities below this are round-off dust [kWh]: an order with less left than this is done, so
# that 3.51 - 2.46 - 1.05 leaves no phantom 2e-16 kWh to trade at the next price.
cdef double DUST_KWH = 1e-9

cdef enum:
    PAY_AS_CLEAR = 0
    PAY_AS_BID = 1
    MCAFEE = 2
    HUANG = 3

# summary slots
cdef enum:
    S_PRICE = 0
    S_BUYER_PRICE = 1
    S_SELLER_PRICE = 2
    S_VOLUME = 3
    S_WELFARE = 4
    S_SURPLUS = 5
    S_EFFICIENT_VOLUME = 6
    S_REDUCED = 7

# The codes and slots above by name, for the facade (markets.clearing): each number written once.
MECHANISM_CODES = {"pay_as_clear": PAY_AS_CLEAR, "pay_as_bid": PAY_AS_BID, "mcafee": MCAFEE, "huang": HUANG}
SUMMARY_SLOTS = {"price": S_PRICE, "buyer_price": S_BUYER_PRICE, "seller_price": S_SELLER_PRICE,
                 "volume_kwh": S_VOLUME, "welfare": S_WELFARE, "budget_surplus": S_SURPLUS,
                 "efficient_volume_kwh": S_EFFICIENT_VOLUME, "trade_reduced": S_REDUCED}


cdef int _compare_doubles(const void* a, const void* b) noexcept nogil:
    cdef double x = (<const double*>a)[0]
    cdef double y = (<const double*>b)[0]
    return (x > y) - (x < y)


cdef double _uniform_rule_cap(const double[::1] qty, const long[::1] order, Py_ssize_t count, double total) noexcept nogil:
    """Cap lambda of the uniform rule: sum(min(q_i, lambda)) == total over the first ``count`` orders."""
    cdef double* sorted_qty = <double*>malloc(count * sizeof(double))
    cdef Py_ssize_t k
    cdef double remaining = total, cap = 0.0
    if sorted_qty == NULL:
        return -1.0
    for k in range(count):
        sorted_qty[k] = qty[order[k]]
    qsort(sorted_qty, count, sizeof(double), _compare_doubles)
    cap = sorted_qty[count - 1] if count else 0.0
    for k in range(count):
        if sorted_qty[k] * (count - k) >= remaining:
            cap = remaining / (count - k)
            break
        remaining -= sorted_qty[k]
    free(sorted_qty)
    return cap


cdef void _pro_rata_ties(const double[::1] price, const double[::1] qty, const long[::1] order, Py_ssize_t n,
                         Py_ssize_t marginal, double[::1] filled, bint* partial, double* next_price,
                         bint* has_next) noexcept nogil:
    """Share the marginal price level's fill pro rata to quantity; report whether it is partly filled."""
    cdef Py_ssize_t first = marginal, last = marginal, k
    cdef double level = price[order[marginal]], fill = 0.0, total = 0.0
    while first > 0 and price[order[first - 1]] == level:
        first -= 1
    while last + 1 < n and price[order[last + 1]] == level:
        last += 1
    for k in range(first, last + 1):
        fill += filled[order[k]]
        total += qty[order[k]]
    partial[0] = fill < total
    if partial[0] and total > 0.0:
        for k in range(first, last + 1):
            filled[order[k]] = qty[order[k]] * (fill / total)
    has_next[0] = False
    for k in range(last + 1, n):
        if qty[order[k]] > 0.0:
            next_price[0] = price[order[k]]
            has_next[0] = True
            break


cdef void _drop_from_margin(const long[::1] order, Py_ssize_t marginal, double amount,
                            double[::1] filled) noexcept nogil:
    """Take ``amount`` [kWh] off the fills, from the marginal order backwards in sorted order."""
    cdef Py_ssize_t k = marginal
    cdef double take
    while amount > DUST_KWH and k >= 0:
        take = fmin(amount, filled[order[k]])
        filled[order[k]] -= take
        if filled[order[k]] <= DUST_KWH:
            filled[order[k]] = 0.0
        amount -= take
        k -= 1


def clear_book(
    const double[::1] buy_price, const double[::1] buy_qty, const long[::1] buy_order,
    const double[::1] sell_price, const double[::1] sell_qty, const long[::1] sell_order,
    int mechanism,
    double[::1] buy_filled, double[::1] sell_filled, double[::1] buy_paid, double[::1] sell_received,
    double[::1] summary,
    double unit_kwh=1.0,
):
    """Clear one book into the caller's zeroed output arrays; ``summary`` gets 8 figures (see slots).
    ``unit_kwh``: McAfee's trade unit (the quantity its trade reduction drops from each side)."""
    cdef Py_ssize_t nb = buy_price.shape[0], ns = sell_price.shape[0]
    cdef Py_ssize_t i = 0, j = 0, k, mb = -1, ms = -1
    cdef double rb = 0.0, rs = 0.0, t, volume = 0.0, welfare = 0.0, paid = 0.0, received = 0.0
    cdef double price = NAN, buyer_price = NAN, seller_price = NAN, lo, hi, b_next = 0.0, s_next = 0.0, p0
    cdef double q_buy = 0.0, q_sell = 0.0, cap
    cdef bint buy_partial = False, sell_partial = False, has_b_next = False, has_s_next = False, reduce = False
    cdef bint b_rest = False, s_rest = False

    with nogil:
        for k in range(8):
            summary[k] = 0.0
        # 1. The efficient allocation: walk down the demand curve and up the supply curve.
        while i < nb and buy_qty[buy_order[i]] <= 0.0:
            i += 1
        while j < ns and sell_qty[sell_order[j]] <= 0.0:
            j += 1
        if i < nb:
            rb = buy_qty[buy_order[i]]
        if j < ns:
            rs = sell_qty[sell_order[j]]
        while i < nb and j < ns and buy_price[buy_order[i]] >= sell_price[sell_order[j]]:
            t = fmin(rb, rs)
            buy_filled[buy_order[i]] += t
            sell_filled[sell_order[j]] += t
            volume += t
            rb -= t
            rs -= t
            mb = i
            ms = j
            if rb <= DUST_KWH:
                # Exactly the order's quantity: a sum of partial fills may round a hair below it.
                buy_filled[buy_order[i]] = buy_qty[buy_order[i]]
                i += 1
                while i < nb and buy_qty[buy_order[i]] <= 0.0:
                    i += 1
                if i < nb:
                    rb = buy_qty[buy_order[i]]
            if rs <= DUST_KWH:
                sell_filled[sell_order[j]] = sell_qty[sell_order[j]]
                j += 1
                while j < ns and sell_qty[sell_order[j]] <= 0.0:
                    j += 1
                if j < ns:
                    rs = sell_qty[sell_order[j]]
        summary[S_EFFICIENT_VOLUME] = volume

        if volume > 0.0:
            # First untraded unit on each side (McAfee's b_{k+1} and s_{k+1}), before ties are shared.
            b_rest = buy_filled[buy_order[mb]] < buy_qty[buy_order[mb]]
            s_rest = sell_filled[sell_order[ms]] < sell_qty[sell_order[ms]]
            if b_rest:
                b_next = buy_price[buy_order[mb]]
                has_b_next = True
            elif i < nb:
                b_next = buy_price[buy_order[i]]
                has_b_next = True
            if s_rest:
                s_next = sell_price[sell_order[ms]]
                has_s_next = True
            elif j < ns:
                s_next = sell_price[sell_order[j]]
                has_s_next = True

            if mechanism == MCAFEE:
                reduce = True
                if has_b_next and has_s_next:
                    p0 = 0.5 * (b_next + s_next)
                    if sell_price[sell_order[ms]] <= p0 <= buy_price[buy_order[mb]]:
                        reduce = False
                        price = p0
            elif mechanism == HUANG:
                reduce = True

            if reduce and mechanism == MCAFEE:
                # 3a. McAfee per unit: the last unit of the efficient trade (unit_kwh from the margin of
                # each side, in sorted order backwards) is dropped; the rest trade, buyers at the
                # marginal bid b_K, sellers at the marginal ask s_K.
                buyer_price = buy_price[buy_order[mb]]
                seller_price = sell_price[sell_order[ms]]
                _drop_from_margin(buy_order, mb, fmin(unit_kwh, volume), buy_filled)
                _drop_from_margin(sell_order, ms, fmin(unit_kwh, volume), sell_filled)
                summary[S_REDUCED] = 1.0
            elif not reduce:
                # 2. Ties at the margin share the marginal fill pro rata to their quantities.
                _pro_rata_ties(buy_price, buy_qty, buy_order, nb, mb, buy_filled, &buy_partial, &b_next, &has_b_next)
                _pro_rata_ties(sell_price, sell_qty, sell_order, ns, ms, sell_filled, &sell_partial, &s_next, &has_s_next)
                if mechanism == PAY_AS_CLEAR:
                    if buy_partial:
                        price = buy_price[buy_order[mb]]
                    elif sell_partial:
                        price = sell_price[sell_order[ms]]
                    else:
                        lo = sell_price[sell_order[ms]]
                        hi = buy_price[buy_order[mb]]
                        if has_b_next:
                            lo = fmax(lo, b_next)
                        if has_s_next:
                            hi = fmin(hi, s_next)
                        price = 0.5 * (lo + hi)
                if mechanism == PAY_AS_BID:
                    for k in range(nb):
                        buy_paid[k] = buy_filled[k] * buy_price[k]
                    for k in range(ns):
                        sell_received[k] = sell_filled[k] * sell_price[k]
                else:
                    buyer_price = price
                    seller_price = price
            else:
                # 3b. Huang's trade reduction: the marginal buy and sell orders are dropped; the rest trade,
                # buyers at the dropped buyer's price, sellers at the dropped seller's price.
                buyer_price = buy_price[buy_order[mb]]
                seller_price = sell_price[sell_order[ms]]
                for k in range(nb):
                    buy_filled[k] = 0.0
                for k in range(ns):
                    sell_filled[k] = 0.0
                for k in range(mb):
                    q_buy += buy_qty[buy_order[k]]
                for k in range(ms):
                    q_sell += sell_qty[sell_order[k]]
                volume = fmin(q_buy, q_sell)
                # The long side is rationed by the uniform rule: each gets min(own quantity, cap).
                if q_buy > volume:
                    cap = _uniform_rule_cap(buy_qty, buy_order, mb, volume)
                    for k in range(mb):
                        buy_filled[buy_order[k]] = fmin(buy_qty[buy_order[k]], cap)
                else:
                    for k in range(mb):
                        buy_filled[buy_order[k]] = buy_qty[buy_order[k]]
                if q_sell > volume:
                    cap = _uniform_rule_cap(sell_qty, sell_order, ms, volume)
                    for k in range(ms):
                        sell_filled[sell_order[k]] = fmin(sell_qty[sell_order[k]], cap)
                else:
                    for k in range(ms):
                        sell_filled[sell_order[k]] = sell_qty[sell_order[k]]
                summary[S_REDUCED] = 1.0

            if mechanism != PAY_AS_BID:
                for k in range(nb):
                    buy_paid[k] = buy_filled[k] * buyer_price
                for k in range(ns):
                    sell_received[k] = sell_filled[k] * seller_price

        volume = 0.0
        for k in range(nb):
            welfare += buy_filled[k] * buy_price[k]
            paid += buy_paid[k]
            volume += buy_filled[k]
        for k in range(ns):
            welfare -= sell_filled[k] * sell_price[k]
            received += sell_received[k]
        summary[S_PRICE] = price
        summary[S_BUYER_PRICE] = buyer_price
        summary[S_SELLER_PRICE] = seller_price
        summary[S_VOLUME] = volume
        summary[S_WELFARE] = welfare
        summary[S_SURPLUS] = paid - received
