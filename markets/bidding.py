"""Bidding behaviour, chosen by name (``strategy=``): how agents price their market orders.

Values and costs are what an order is worth to its owner: a green-plan household's tariff price
plus its green premium less the local network fee it pays per traded kWh, a PV owner's feed-in
price (what the grid pays anyway), a battery owner's own retail price (what the stored kWh saves
later), the retailer's bid limit. State (margins) lives in
arrays indexed by trader (households 0..n-1, the retailer n); updates are vectorised.
"""
from __future__ import annotations

import numpy as np

from enernet.configs.names import STRATEGIES as STRATEGY_NAMES
from enernet.configs.names import registry


class Truthful:
    """Bid your value, ask your cost: dominant under McAfee and Huang, naive under pay-as-bid."""

    def __init__(self, n_traders: int, cfg):
        self.n_traders = n_traders

    def buy_prices(self, owners: np.ndarray, values: np.ndarray) -> np.ndarray:
        return values

    def sell_prices(self, owners: np.ndarray, costs: np.ndarray) -> np.ndarray:
        return costs

    def learn(self, **signals) -> None:
        return None

    def mean_margins(self) -> tuple[float, float]:
        return 0.0, 0.0


class AdaptiveShading(Truthful):
    """Shade toward the last clearing price, after Cliff's ZIP traders (Cliff 1997, HP Labs HPL-97-141).

    Buyer k bids value * (1 - m_k); seller k asks cost * (1 + m_k). After each clearing with a
    reference price p (the uniform price, or the volume-weighted mean under pay-as-bid), every trader
    that took part moves its margin a fraction ``learning_rate`` of the way toward the margin that
    would have priced it at p (never past its value or cost, never above ``max_margin``). Without a
    trade, margins fall toward zero: bids rise to values, asks fall to costs. Deterministic.
    """

    def __init__(self, n_traders: int, cfg):
        super().__init__(n_traders, cfg)
        self.rate = float(cfg.learning_rate)
        self.max_margin = float(cfg.max_margin)
        self.buy_margin = np.full(n_traders, float(cfg.initial_margin))
        self.sell_margin = np.full(n_traders, float(cfg.initial_margin))

    def buy_prices(self, owners, values):
        return values * (1.0 - self.buy_margin[owners])

    def sell_prices(self, owners, costs):
        return costs * (1.0 + self.sell_margin[owners])

    def learn(self, reference_price: float, buy_owner, buy_value, sell_owner, sell_cost, **_) -> None:
        if np.isfinite(reference_price):
            with np.errstate(divide="ignore", invalid="ignore"):
                want_buy = np.where(buy_value > 0, 1.0 - reference_price / buy_value, 0.0)
                want_sell = np.where(sell_cost > 0, reference_price / sell_cost - 1.0, 0.0)
        else:
            want_buy, want_sell = np.zeros(buy_owner.size), np.zeros(sell_owner.size)
        for margins, owners, want in ((self.buy_margin, buy_owner, want_buy), (self.sell_margin, sell_owner, want_sell)):
            if owners.size:
                target = np.clip(want, 0.0, self.max_margin)
                current = margins[owners]
                margins[owners] = np.clip(current + self.rate * (target - current), 0.0, self.max_margin)

    def mean_margins(self) -> tuple[float, float]:
        return float(self.buy_margin.mean()), float(self.sell_margin.mean())


STRATEGIES = registry(STRATEGY_NAMES, {"truthful": Truthful, "adaptive": AdaptiveShading})


def make_strategy(cfg, n_traders: int):
    try:
        return STRATEGIES[cfg.name](n_traders, cfg)
    except KeyError:
        raise ValueError(f"strategy.name = {cfg.name!r} is not allowed: choose one of {', '.join(STRATEGIES)}") from None
