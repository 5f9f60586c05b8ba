"""The regional green-electricity market, cleared every interval.

Sellers: PV owners offer their export; battery owners (``market.battery_offers``) also offer what
their battery could still discharge. Buyers: households on green plans bid for their import (their
tariff price plus their green premium, net of the local network fee they pay per traded kWh); the
retailer bids for the share of its other customers' use it sold as a green product (no local fee).
Welfare (``market_welfare``) is counted at these declared prices: buyers' bids minus sellers' asks
over the traded kWh, i.e. the gain over the grid's tariff and feed-in prices plus the green premium,
after the local network fee (a transfer to the grid operator, not a gain). The grid
stands behind both sides: what is not traded is bought at the feed-in price and sold at the tariff
price, as without the market. The book is built in one kernel pass over households
(``cext/market_book.pyx``) and mapped back with numpy; the clearing runs in the Cython kernel (or
the zonal clearing when transformer limits apply).

Each traded kWh carries a green certificate, issued to the seller and passed to the buyer, who
retires it in the same interval (matching within the hour); the retailer's green product is covered
only as far as it bought certificates in that hour; the rest is flagged as not covered.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from enernet.cext.market_book import market_book
from enernet.markets.bidding import make_strategy
from enernet.markets.clearing import clear
from enernet.markets.zonal import clear_zonal


@dataclass
class MarketOutcome:
    """One interval's market result, per household (n,) and in totals. kWh, currency."""

    bought_kwh: np.ndarray
    sold_kwh: np.ndarray
    paid: np.ndarray
    received: np.ndarray
    local_fee: np.ndarray
    battery_sold_kwh: np.ndarray  # per battery row (the pipeline's battery order)
    record: dict  # the market table's row for this interval
    retailer_paid: float
    market_paid_total: float  # everything buyers paid, from the clearing result
    market_received_total: float
    local_fee_total: float
    congestion_rent: float


class GreenMarket:
    def __init__(self, cfg, population, n_transformers: int, interval_h: float, battery_rows: np.ndarray):
        market_cfg = cfg.market
        self.mechanism = market_cfg.mechanism
        self.mcafee_unit_kwh = float(market_cfg.mcafee_unit_kwh)
        self.n = population.n
        self.green_plan = population.green_plan
        self.other_plan = (~self.green_plan).astype(np.float64)  # 1.0 for customers without a green plan
        self.transformer = population.transformer
        self.tariff = np.ascontiguousarray(population.tariff, dtype=np.int32)
        self.green_plan_u8 = np.ascontiguousarray(self.green_plan, dtype=np.uint8)  # the book kernel's view
        self._other_import_kw = np.zeros(self.n)  # the book kernel's scratch (non-green-plan import per household)
        self._no_one = np.zeros(0, dtype=np.uint8)
        self.n_transformers = n_transformers
        self.interval_h = interval_h
        self.premium = float(market_cfg.green_premium_per_kwh)
        self.retailer_share = float(market_cfg.retailer_green_share)
        self.retailer_bid = float(market_cfg.retailer_bid_per_kwh)
        self.battery_offers = bool(market_cfg.battery_offers)
        self.local_fee_per_kwh = float(market_cfg.local_network_fee_per_kwh)
        self.constrained = bool(market_cfg.transformer_constraint)
        self.battery_rows = battery_rows
        self.strategy = make_strategy(cfg.strategy, self.n + 1)  # households, then the retailer
        self.retailer_trader = self.n

    def clear_interval(self, net_kw, pv_kw, load_kw, retail_by_tariff, feed_in_by_tariff, battery_spare_kw,
                       headroom=None, battery_charging=None) -> MarketOutcome:
        """Build the book from this interval's net loads, clear it, and map the result back.

        net_kw : (n,) [kW] after self-consumption; pv_kw, load_kw : (n,) [kW]: only PV output beyond
            the household's own load is offered as green PV (an EV discharging to the grid is not PV
            and gets no certificate); retail_by_tariff, feed_in_by_tariff : (tariffs,) [per kWh], each
            household's by its tariff; battery_spare_kw : per battery row, power it could still
            discharge [kW]; headroom : (cap_in_kwh, cap_out_kwh) per transformer when the transformer
            constraint is on; battery_charging : per battery row, True where the battery charged this
            interval (it does not sell in the same interval: that would only waste round-trip losses).
        """
        dt = self.interval_h
        n = self.n
        # One kernel pass builds both sides (cext/market_book.pyx: the same values, order and sums
        # as the numpy it replaced); fresh arrays each interval, since the outcome and last_book keep them.
        rows = self.battery_rows.size
        sell_owner, battery_orders, buy_owner = (np.empty(size, dtype=np.int64) for size in (n + rows, rows, n + 1))
        sell_qty, sell_cost = np.empty(n + rows), np.empty(n + rows)
        buy_qty, buy_value, buy_net_kw = np.empty(n + 1), np.empty(n + 1), np.empty(n)
        charging = self._no_one if battery_charging is None else battery_charging.view(np.uint8)
        n_pv, n_battery, n_buy, other_kw = market_book(
            net_kw, pv_kw, load_kw, self.tariff, retail_by_tariff, feed_in_by_tariff, self.green_plan_u8,
            self.other_plan, self.battery_rows, battery_spare_kw, charging, self.battery_offers and rows > 0,
            self.premium, self.local_fee_per_kwh, dt, sell_owner, sell_qty, sell_cost, battery_orders, buy_owner,
            buy_qty, buy_value, buy_net_kw, self._other_import_kw)
        n_sell = n_pv + n_battery
        sell_owner, sell_qty, sell_cost = sell_owner[:n_sell], sell_qty[:n_sell], sell_cost[:n_sell]
        battery_orders = battery_orders[:n_battery]
        # Imports of customers without a green plan, and the retailer's green obligation on them.
        other_use_kwh = other_kw * dt
        obligation_kwh = self.retailer_share * other_use_kwh
        buyers_net_kw = buy_net_kw[:n_buy]  # the green-plan buyers' net load [kW]
        if obligation_kwh > 0:  # the retailer bids last
            buy_owner[n_buy], buy_qty[n_buy], buy_value[n_buy] = self.retailer_trader, obligation_kwh, self.retailer_bid
            n_buy += 1
        buy_owner, buy_qty, buy_value = buy_owner[:n_buy], buy_qty[:n_buy], buy_value[:n_buy]
        buy_price = self.strategy.buy_prices(buy_owner, buy_value)
        sell_price = self.strategy.sell_prices(sell_owner, sell_cost)
        self.last_book = (buy_price, buy_qty, sell_price, sell_qty)  # for dashboards: this interval's book

        rent = 0.0
        zone_prices = (np.nan, np.nan)
        constrained_zones = 0
        if self.constrained and headroom is not None:
            cap_in, cap_out = headroom
            bus = self.n_transformers
            buy_zone = np.where(buy_owner < n, self.transformer[np.minimum(buy_owner, n - 1)], bus)
            sell_zone = self.transformer[sell_owner]
            z = clear_zonal(buy_price, buy_qty, buy_zone, sell_price, sell_qty, sell_zone,
                            np.append(cap_in, np.inf), np.append(cap_out, np.inf))
            buy_filled, sell_filled, buy_paid, sell_received = z.buy_filled, z.sell_filled, z.buy_paid, z.sell_received
            price = z.bus_price if z.volume_kwh > 0 else np.nan
            buyer_price = seller_price = price
            welfare, volume, efficient, reduced = z.welfare, z.volume_kwh, z.volume_kwh, False
            rent = z.congestion_rent
            surplus = float(buy_paid.sum() - sell_received.sum())
            constrained_zones = int(np.count_nonzero(np.isfinite(cap_in) | np.isfinite(cap_out)))
            if z.volume_kwh > 0:
                zone_prices = (float(np.nanmin(z.zone_price)), float(np.nanmax(z.zone_price)))
        else:
            r = clear(buy_price, buy_qty, sell_price, sell_qty, self.mechanism, self.mcafee_unit_kwh)
            buy_filled, sell_filled, buy_paid, sell_received = r.buy_filled, r.sell_filled, r.buy_paid, r.sell_received
            price, buyer_price, seller_price = r.price, r.buyer_price, r.seller_price
            welfare, volume, efficient, reduced = r.welfare, r.volume_kwh, r.efficient_volume_kwh, r.trade_reduced
            surplus = r.budget_surplus
            if volume > 0:
                zone_prices = (r.mean_price, r.mean_price)

        household_buy = buy_owner < n
        hb_owner = buy_owner[household_buy]
        bought = np.bincount(hb_owner, weights=buy_filled[household_buy], minlength=n)
        paid = np.bincount(hb_owner, weights=buy_paid[household_buy], minlength=n)
        sold = np.bincount(sell_owner, weights=sell_filled, minlength=n)
        received = np.bincount(sell_owner, weights=sell_received, minlength=n)
        local_fee = bought * self.local_fee_per_kwh
        battery_sold = np.zeros(self.battery_rows.size)
        battery_sold[battery_orders] = sell_filled[n_pv:]
        retailer_bought = float(buy_filled[~household_buy].sum())
        retailer_paid = float(buy_paid[~household_buy].sum())

        reference = price if np.isfinite(price) else (float(buy_paid.sum() / volume) if volume > 0 else np.nan)
        self.strategy.learn(reference_price=reference, buy_owner=buy_owner, buy_value=buy_value,
                            sell_owner=sell_owner, sell_cost=sell_cost)
        buy_margin, sell_margin = self.strategy.mean_margins()
        self.last_clearing = (price, volume)
        record = {
            "price": price, "buyer_price": buyer_price, "seller_price": seller_price,
            "cleared_kwh": volume, "efficient_kwh": efficient, "buy_orders": buy_owner.size,
            "sell_orders": sell_owner.size, "bid_kwh": float(buy_qty.sum()), "offered_kwh": float(sell_qty.sum()),
            "buyers_paid": float(buy_paid.sum()),
            "welfare": welfare, "budget_surplus": surplus, "trade_reduced": reduced,
            "household_bought_kwh": float(bought.sum()), "green_plan_import_kwh": float(buyers_net_kw.sum() * dt),
            "retailer_bought_kwh": retailer_bought, "green_obligation_kwh": obligation_kwh,
            "battery_sold_kwh": float(battery_sold.sum()), "certificates_issued_kwh": volume,
            "congestion_rent": rent, "constrained_transformers": constrained_zones,
            "min_zone_price": zone_prices[0], "max_zone_price": zone_prices[1],
            "mean_buy_margin": buy_margin, "mean_sell_margin": sell_margin,
        }
        return MarketOutcome(
            bought_kwh=bought, sold_kwh=sold, paid=paid, received=received, local_fee=local_fee,
            battery_sold_kwh=battery_sold, record=record, retailer_paid=retailer_paid,
            market_paid_total=float(buy_paid.sum()), market_received_total=float(sell_received.sum()),
            local_fee_total=float(buy_filled[household_buy].sum()) * self.local_fee_per_kwh, congestion_rent=rent,
        )
