"""Settlement facade: validates inputs once, then runs the Cython kernel every interval.

Per household it accumulates the billing period's imports, exports, charges and credits, and moves
the household's account balance (money, positive = in credit).
"""
from __future__ import annotations

import numpy as np

from enernet.cext.settlement import settle_interval
from enernet.sim.checks import check_index, check_vector


class Settlement:
    """Energy charges and feed-in credits for ``n`` households on ``n_tariffs`` tariffs.

    Parameters
    ----------
    tariff_of_household : ndarray of int [-]
        Index into the tariff price arrays for each household.
    n_tariffs : int
    interval_h : float [h]
    """

    def __init__(self, tariff_of_household: np.ndarray, n_tariffs: int, interval_h: float):
        tariffs = np.ascontiguousarray(tariff_of_household, dtype=np.int32)
        check_index("tariff_of_household", tariffs, tariffs.shape[0] if tariffs.ndim == 1 else -1, n_tariffs)
        if not (np.isfinite(interval_h) and interval_h > 0):
            raise ValueError(f"interval_h = {interval_h!r} is not allowed: must be > 0")
        n = tariffs.size
        self.n = n
        self.n_tariffs = int(n_tariffs)
        self.interval_h = float(interval_h)
        self.tariff_of_household = tariffs
        self.import_kwh = np.zeros(n)
        self.export_kwh = np.zeros(n)
        self.energy_charge = np.zeros(n)
        self.feed_in_credit = np.zeros(n)
        self.balance = np.zeros(n)
        self.totals = np.zeros(4)
        # Green-market postings of the billing period (money moved by ``post_market``).
        self.market_bought_kwh = np.zeros(n)
        self.market_sold_kwh = np.zeros(n)
        self.market_paid = np.zeros(n)
        self.market_received = np.zeros(n)
        self.local_network_fee = np.zeros(n)
        self.dr_incentive = np.zeros(n)
        self.ev_households = None  # rows of EV owners, for the bills table

    def settle(self, net_kw: np.ndarray, price_per_kwh: np.ndarray, feed_in_price_per_kwh: np.ndarray) -> np.ndarray:
        """Settle one interval. Returns ``[import_kwh, export_kwh, energy_charge, feed_in_credit]``.

        net_kw : ndarray (n,) [kW], grid draw positive; price arrays : ndarray (n_tariffs,) [currency/kWh]
        """
        check_vector("net_kw", net_kw, self.n)
        check_vector("price_per_kwh", price_per_kwh, self.n_tariffs, nonnegative=True)
        check_vector("feed_in_price_per_kwh", feed_in_price_per_kwh, self.n_tariffs, nonnegative=True)
        settle_interval(
            net_kw, self.tariff_of_household, price_per_kwh, feed_in_price_per_kwh, self.interval_h,
            self.import_kwh, self.export_kwh, self.energy_charge, self.feed_in_credit, self.balance,
            self.totals,
        )
        return self.totals

    def post_market(self, bought_kwh, sold_kwh, paid, received, local_fee) -> float:
        """Post each household's green-market trades: it pays for what it bought (and the local
        network fee) and is paid for what it sold. Returns the households' net change [currency]."""
        self.market_bought_kwh += bought_kwh
        self.market_sold_kwh += sold_kwh
        self.market_paid += paid
        self.market_received += received
        self.local_network_fee += local_fee
        change = received - paid - local_fee
        self.balance += change
        return float(change.sum())

    def post_dr(self, incentive: np.ndarray) -> float:
        """Post demand-response incentives [currency] per household; returns their sum."""
        self.dr_incentive += incentive
        self.balance += incentive
        return float(incentive.sum())

    def reset_period(self) -> None:
        """Start a new billing period (balances carry over; period accumulators restart)."""
        for array in (self.import_kwh, self.export_kwh, self.energy_charge, self.feed_in_credit,
                      self.market_bought_kwh, self.market_sold_kwh, self.market_paid, self.market_received,
                      self.local_network_fee, self.dr_incentive):
            array.fill(0.0)



def post_supply(ledger, *, household_net, retailer_revenue, retailer_feed_in, retail_import_kwh, network_fee_per_kwh,
                supply_cost_per_kwh, wholesale_price_per_kwh, wholesale_kw, loss_kw, dt_h,
                large_customer_kw=0.0, large_customer_price_per_kwh=0.0) -> None:
    """Post retail supply's money for one interval (floats) or a day of them (arrays over its
    intervals): the interval path (``scenarios.model.interval``) and the day-batched path
    (``scenarios.model.day_batch``) both call this, so they post the same legs in the same order.

    household_net : what households were credited less charged by their tariffs [currency]
    retailer_revenue, retailer_feed_in : the retailer's own meters' energy charges and feed-in
        credits [currency]; retail_import_kwh : energy it billed [kWh]
    wholesale_kw : what the retailer buys upstream (households' net load and the large customers) [kW]
    loss_kw : transformer and feeder losses the grid operator buys [kW]
    large_customer_kw : the swap station and the port, billed at ``large_customer_price_per_kwh``
    """
    ledger.post_one_leg("households", household_net)
    ledger.post_one_leg("retailer", retailer_revenue - retailer_feed_in)
    ledger.flows["energy_charges"] = retailer_revenue
    ledger.flows["feed_in_credits"] = retailer_feed_in
    ledger.post("retailer", "grid_operator", network_fee_per_kwh * retail_import_kwh, "network_fees")
    # Residential supply is regulated at cost: what the tariff does not cover of each retail kWh's
    # wholesale energy and network fee, other customer classes pay (negative when it covers more).
    ledger.post("other_customer_classes", "retailer", supply_cost_per_kwh * retail_import_kwh - retailer_revenue,
                "cross_subsidy")
    ledger.post("retailer", "upstream", wholesale_price_per_kwh * wholesale_kw * dt_h, "wholesale_cost")
    if large_customer_kw:
        # The swap station and the port buy from the retailer at the (first) tariff's price; the
        # retailer pays the operator the network fee on their energy as on households'.
        ledger.post("large_customers", "retailer", large_customer_price_per_kwh * large_customer_kw * dt_h,
                    "large_customer_charges")
        ledger.post("retailer", "grid_operator", network_fee_per_kwh * large_customer_kw * dt_h, "network_fees")
    ledger.post("grid_operator", "upstream", wholesale_price_per_kwh * loss_kw * dt_h, "loss_cost")
