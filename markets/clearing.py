"""Double-auction clearing for the green-electricity market: the validating facade over cext.clearing.

``clear(buy_price, buy_qty, sell_price, sell_qty, mechanism="pay_as_clear")`` clears one book of
divisible orders (quantities in kWh, prices per kWh) and returns a :class:`ClearingResult`.

Every mechanism starts from the efficient allocation: buys sorted by price descending, sells
ascending (ties in submission order), matched while the buy price is at least the sell price.
That allocation maximises welfare (sum of filled buy value minus filled sell cost), which is what
the welfare-maximising linear programme finds too (tests check against scipy's HiGHS).

``pay_as_clear``: uniform price. Orders at the marginal price level share the marginal quantity pro
rata to their size. Price rule: if the marginal buy level is only partly filled, the price is its
bid (those buyers are indifferent, everybody else gains); else if the marginal sell level is partly
filled, its ask; else the middle of the interval of prices at which supply equals demand,
[max(marginal ask, next bid), min(marginal bid, next ask)].

``pay_as_bid`` (discriminatory): the same allocation; buyers pay their bids and sellers receive their
asks; the difference is the market operator's budget surplus; no uniform price (``price`` is NaN).

``mcafee`` (McAfee 1992, "A dominant strategy double auction", J. Econ. Theory 56:434), applied per
unit of ``mcafee_unit_kwh`` (1 kWh by default): every order of q kWh is q / u unit traders of u kWh at
its price, as McAfee's traders each want one unit. With K the units of the efficient trade, b_K and
s_K the prices of its last buy and sell unit (the marginal orders' bid and ask) and b_{K+1}, s_{K+1}
those of the first unit left out (the unfilled rest of a marginal order if it has one, else the next
order; a side with nothing left has none), p0 = (b_{K+1} + s_{K+1}) / 2; if s_K <= p0 <= b_K
everything efficient trades at p0 (budget balanced, ties at the margin shared as in pay_as_clear);
otherwise the K-th unit is dropped: u kWh come off each side's fills from the margin backwards (the
lowest bids and highest asks in sorted order, later submissions first among equal prices), and the
rest trade with buyers paying b_K and sellers receiving s_K (budget surplus (b_K - s_K) x volume >= 0).
With divisible orders one marginal order is almost always partly filled, so its own price is the
next unit's and the reduction applies: McAfee trades the efficient volume less one unit, where Huang
drops the marginal orders whole. With unit orders of u kWh this is exactly McAfee's mechanism:
dominant-strategy truthful and never in deficit. (For traders of several units, as in any per-unit
reading of McAfee, a buyer who holds the marginal unit and others could gain by moving b_K.)

``huang`` (Huang, Scheller-Wolf and Sycara 2002, "Design of a multi-unit double auction e-market",
Computational Intelligence 18(4):596): always reduces trade: the marginal buy and sell orders are
dropped, the buyers before them pay the dropped buyer's bid and the sellers before them receive the
dropped seller's ask; when the remaining buy and sell volumes differ, the long side is rationed.
Rationing rule (our choice, stated): the uniform rule, each trader on the long side gets
min(own quantity, cap), with one cap for all (Sprumont 1991), which does not reward overstating
quantity. Strategy-proof in price, individually rational, budget surplus >= 0.

Sorting is numpy's stable argsort (O(n log n)); clearing is one O(n) pass in the kernel.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from enernet.cext.clearing import MECHANISM_CODES, SUMMARY_SLOTS, clear_book
from enernet.configs.names import MARKET_MECHANISMS, registry

# The kernel's codes for the mechanisms (cext/clearing.pyx's enum), keyed by the declared names.
MECHANISMS = registry(MARKET_MECHANISMS, MECHANISM_CODES)
UNIFORM_PRICE = {"pay_as_clear", "mcafee"}


@dataclass
class ClearingResult:
    """Outcome of one clearing. Quantities in kWh; prices per kWh; money in the book's currency.

    price : uniform clearing price (NaN without one: no trade, pay_as_bid, or a trade reduction)
    buyer_price / seller_price : per-kWh price buyers pay / sellers receive (NaN for pay_as_bid)
    volume_kwh : energy traded; efficient_volume_kwh : what the efficient allocation would trade
    welfare : sum(buy_filled * buy_price) - sum(sell_filled * sell_price), at declared prices
    budget_surplus : sum(buy_paid) - sum(sell_received), kept by the market operator (>= 0)
    trade_reduced : True when McAfee's (a unit) or Huang's (the marginal orders) trade reduction applied
    """

    mechanism: str
    price: float
    buyer_price: float
    seller_price: float
    volume_kwh: float
    efficient_volume_kwh: float
    welfare: float
    budget_surplus: float
    trade_reduced: bool
    buy_filled: np.ndarray
    sell_filled: np.ndarray
    buy_paid: np.ndarray
    sell_received: np.ndarray

    @property
    def mean_price(self) -> float:
        """Volume-weighted price buyers paid [per kWh]; NaN without trade."""
        return float(self.buy_paid.sum() / self.volume_kwh) if self.volume_kwh > 0 else float("nan")


def _side(name: str, price, qty) -> tuple[np.ndarray, np.ndarray]:
    p = np.ascontiguousarray(price, dtype=np.float64)
    q = np.ascontiguousarray(qty, dtype=np.float64)
    if p.ndim != 1 or q.ndim != 1:
        raise ValueError(f"{name}_price and {name}_qty must be 1-D, got shapes {p.shape} and {q.shape}")
    if p.shape != q.shape:
        raise ValueError(f"{name}_price has {p.size} orders but {name}_qty has {q.size}: lengths must match")
    for label, values in ((f"{name}_price", p), (f"{name}_qty", q)):
        bad = ~np.isfinite(values)
        if bad.any():
            raise ValueError(f"{label} holds NaN or infinite values at orders {np.flatnonzero(bad)[:5].tolist()}")
    if (q < 0).any():
        raise ValueError(f"{name}_qty holds negative quantities at orders {np.flatnonzero(q < 0)[:5].tolist()}: "
                         "quantities are >= 0 kWh; the side says buy or sell")
    return p, q


def clear(buy_price, buy_qty, sell_price, sell_qty, mechanism: str = "pay_as_clear",
          mcafee_unit_kwh: float = 1.0) -> ClearingResult:
    """Clear one book of divisible buy and sell orders with the named mechanism (see module doc);
    ``mcafee_unit_kwh`` [kWh] is McAfee's trade unit."""
    if mechanism not in MECHANISMS:
        raise ValueError(f"mechanism = {mechanism!r} is not allowed: choose one of {', '.join(MECHANISMS)}")
    if not (np.isfinite(mcafee_unit_kwh) and mcafee_unit_kwh > 0):
        raise ValueError(f"mcafee_unit_kwh = {mcafee_unit_kwh!r} is not allowed: must be a finite number > 0 kWh")
    bp, bq = _side("buy", buy_price, buy_qty)
    sp, sq = _side("sell", sell_price, sell_qty)
    # Stable sorts: equal prices keep submission order, so results never depend on chance.
    buy_order = np.argsort(-bp, kind="stable").astype(np.int64, copy=False)
    sell_order = np.argsort(sp, kind="stable").astype(np.int64, copy=False)
    buy_filled, sell_filled = np.zeros(bp.size), np.zeros(sp.size)
    buy_paid, sell_received = np.zeros(bp.size), np.zeros(sp.size)
    summary = np.zeros(len(SUMMARY_SLOTS))
    clear_book(bp, bq, buy_order, sp, sq, sell_order, MECHANISMS[mechanism],
               buy_filled, sell_filled, buy_paid, sell_received, summary, float(mcafee_unit_kwh))
    read = {name: float(summary[slot]) for name, slot in SUMMARY_SLOTS.items()}  # the kernel's slots by name
    read["trade_reduced"] = bool(read["trade_reduced"])
    return ClearingResult(mechanism=mechanism, buy_filled=buy_filled, sell_filled=sell_filled, buy_paid=buy_paid,
                          sell_received=sell_received, **read)
